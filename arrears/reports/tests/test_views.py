"""The dashboards over HTTP: who reads which one, the filters' errors, the exports, and
text from users shown as text (in the table and in the chart's JSON)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.utils import translation
from openpyxl import load_workbook

from arrears.cases.tests.desk import MORNING, Desk, build_desk, client_for
from arrears.core.models import Role
from arrears.reports import metrics
from arrears.reports.tables import Chart, Column, Table
from arrears.testing.personas import local, make_user

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ON = MORNING.date()


@pytest.fixture
def desk(db) -> Desk:
    with time_machine.travel(MORNING, tick=False):
        return build_desk()


@pytest.fixture
def at_morning():
    with time_machine.travel(MORNING, tick=False):
        yield


def _get(user: Any, url: str) -> Any:
    return client_for(user).get(url)


@pytest.mark.usefixtures("at_morning")
def test_reports_open_the_dashboard_of_the_readers_role(desk: Desk) -> None:
    admin = make_user("admin", Role.ADMIN, None)
    expected = {
        desk.manager: "/reports/manager/",
        admin: "/reports/manager/",
        desk.lead: "/reports/team/",
        desk.compliance: "/reports/compliance/",
    }
    for user, url in expected.items():
        response = _get(user, "/reports/")
        assert (response.status_code, response["Location"]) == (302, url), user.username


@pytest.mark.usefixtures("at_morning")
def test_collectors_read_no_report_and_each_role_only_its_dashboards(desk: Desk) -> None:
    field = make_user("field", Role.FIELD_COLLECTOR, desk.world.team)
    for user in (desk.collector, field):
        for url in (
            "/reports/",
            "/reports/manager/",
            "/reports/team/",
            "/reports/compliance/",
            "/reports/manager/roll_rates.xlsx",
        ):
            assert _get(user, url).status_code == 403, (user.username, url)
    assert _get(desk.lead, "/reports/manager/").status_code == 403
    assert _get(desk.lead, "/reports/compliance/").status_code == 403
    assert _get(desk.compliance, "/reports/manager/").status_code == 403
    assert _get(desk.compliance, "/reports/team/roll_rates.csv").status_code == 403
    assert _get(desk.manager, "/reports/nonsense/").status_code == 404
    assert client_for(desk.collector).get("/work/").content.count(b'data-testid="nav-reports"') == 0
    assert b'data-testid="nav-reports"' in _get(desk.lead, "/team/").content


@pytest.mark.usefixtures("at_morning")
def test_the_default_period_is_the_last_90_days_ending_today(desk: Desk, monkeypatch) -> None:
    seen: list[Any] = []

    def dashboard(name: str, filters: Any) -> list[Table]:
        seen.append(filters)
        return []

    monkeypatch.setattr(metrics, "dashboard", dashboard)
    response = _get(desk.manager, "/reports/manager/")
    assert response.status_code == 200
    (filters,) = seen
    assert (filters.first, filters.last) == (ON - timedelta(days=89), ON)
    assert filters.creditor_id is None and filters.team_ids is None and filters.product is None
    assert f'value="{ON.isoformat()}"' in response.content.decode()


@pytest.mark.usefixtures("at_morning")
def test_a_lead_reads_their_own_team_and_is_refused_another(desk: Desk, monkeypatch) -> None:
    seen: list[Any] = []

    def dashboard(name: str, filters: Any) -> list[Table]:
        seen.append(filters)
        return []

    monkeypatch.setattr(metrics, "dashboard", dashboard)
    assert _get(desk.lead, "/reports/team/").status_code == 200
    assert seen[-1].team_ids == [desk.world.team.pk]
    other_team = desk.theirs.team_id
    response = _get(desk.lead, f"/reports/team/?team={other_team}")
    assert response.status_code == 200 and len(seen) == 1
    errors = _field_errors(response)
    assert list(errors) == ["team"]
    # The other team's name is not among the choices either.
    assert "Phone team other" not in response.content.decode()
    assert _get(desk.lead, f"/reports/team/roll_rates.xlsx?team={other_team}").status_code == 400
    # The manager reads every team, and may narrow to one.
    assert _get(desk.manager, f"/reports/team/?team={other_team}").status_code == 200
    assert seen[-1].team_ids == [other_team]


def _field_errors(response: Any) -> dict[str, str]:
    html = response.content.decode()
    found = re.findall(r'<label class="invalid" data-field="(\w+)">(.*?)</label>', html, re.S)
    return {name: re.sub(r"<[^>]+>", " ", body) for name, body in found}


@pytest.mark.usefixtures("at_morning")
@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("first=abc&creditor=99999999999999999999", {"first", "creditor"}),
        ("first=2026-03-02&last=2026-01-01", {"first"}),
        ("first=2020-01-01&last=2026-03-01", {"first"}),
        ("first=0001-01-01&last=9999-12-31", {"first", "last"}),
        ("team=-1&product=<b>x</b>", {"team", "product"}),
        ("creditor=abc&last=2026-02-30", {"creditor", "last"}),
        ("last=99999-01-01&team=1e5&product=credit_card&product=x", {"last", "team", "product"}),
        ("first=2026-13-45&creditor=-99999999999999999999", {"first", "creditor"}),
    ],
)
def test_bad_filters_are_errors_next_to_their_fields(
    desk: Desk, monkeypatch, query: str, fields: set[str]
) -> None:
    monkeypatch.setattr(metrics, "dashboard", lambda name, filters: pytest.fail("read with bad filters"))
    response = _get(desk.manager, f"/reports/manager/?{query}")
    assert response.status_code == 200
    assert set(_field_errors(response)) == fields
    assert 'data-testid="filter-errors"' in response.content.decode()
    assert "<b>x</b>" not in response.content.decode()
    export = _get(desk.manager, f"/reports/manager/roll_rates.csv?{query}")
    assert export.status_code == 400


@pytest.mark.usefixtures("at_morning")
def test_a_nul_in_the_query_is_refused_not_an_error(desk: Desk) -> None:
    assert _get(desk.manager, "/reports/manager/?creditor=%00").status_code == 400


def _crafted(name: str = "") -> Table:
    """A table as a metric could return it, with text typed by users in its rows."""
    return Table(
        key="collectors",
        title="Collectors",
        columns=[
            Column("month", "Month", "month"),
            Column("name", "Collector", "text"),
            Column("paid", "Collected", "money"),
            Column("kept", "Promises kept", "rate"),
            Column("calls", "Calls", "int"),
        ],
        rows=[
            {
                "month": date(2026, 2, 1),
                "name": name or SCRIPT,
                "paid": Decimal("1234.5"),
                "kept": 0.4567,
                "calls": 1200,
            },
            {
                "month": date(2026, 3, 1),
                "name": '=HYPERLINK("x")',
                "paid": Decimal("-20"),
                "kept": None,
                "calls": 3,
            },
        ],
        chart=Chart("bar", x="name", series=("paid",), value_kind="money", split_by="month"),
        note="Collected over promised.",
        currency="CNY",
    )


@pytest.mark.usefixtures("at_morning")
def test_text_typed_by_users_shows_as_text_in_the_table_and_the_charts_data(desk: Desk, monkeypatch) -> None:
    monkeypatch.setattr(metrics, "dashboard", lambda name, filters: [_crafted()])
    html = _get(desk.manager, "/reports/manager/").content.decode()
    assert SCRIPT not in html and "</script><script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the table's cell
    payload = re.search(
        r'<script id="chart-data-collectors" type="application/json">(.*?)</script>', html, re.S
    )
    assert payload is not None
    data = json.loads(payload.group(1))
    assert data["rows"][0]["name"] == SCRIPT  # the chart draws it as text on its canvas
    assert data["rows"][0]["month"] == "2026-02" and data["rows"][0]["paid"] == 1234.5
    # Rates as percentages, money with two decimals and the currency, months as YYYY-MM.
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html)
    assert cells[:5] == ["2026-02", "&lt;script&gt;alert(1)&lt;/script&gt;", "CNY 1,234.50", "45.7%", "1,200"]
    assert cells[5:10] == ["2026-03", "=HYPERLINK(&quot;x&quot;)", "CNY -20.00", "—", "3"]
    assert "/reports/manager/collectors.xlsx" in html and "/reports/manager/collectors.csv" in html


@pytest.mark.usefixtures("at_morning")
def test_a_table_downloads_as_xlsx_and_csv_with_its_rows_and_no_formula(desk: Desk, monkeypatch) -> None:
    seen: list[Any] = []

    def table(name: str, key: str, filters: Any) -> Table:
        seen.append((name, key, filters))
        if key != "collectors":
            raise KeyError(key)
        return _crafted()

    monkeypatch.setattr(metrics, "table", table)
    creditor = desk.world.creditor.pk
    query = f"creditor={creditor}&first=2026-01-01&last=2026-03-01"
    response = _get(desk.manager, f"/reports/manager/collectors.xlsx?{query}")
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="manager-collectors-2026-01-01-2026-03-01.xlsx"'
    )
    assert seen[-1][2].creditor_id == creditor and seen[-1][2].first == date(2026, 1, 1)
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Month", "Collector", "Collected (CNY)", "Promises kept", "Calls"]
    assert rows[1] == ["2026-02", SCRIPT, 1234.5, 0.4567, 1200]
    assert rows[2] == ["2026-03", '\'=HYPERLINK("x")', -20, None, 3]
    assert sheet.cell(row=2, column=4).number_format == "0.0%"
    assert sheet.cell(row=2, column=3).number_format == "#,##0.00"

    response = _get(desk.manager, f"/reports/manager/collectors.csv?{query}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert lines == [
        ["Month", "Collector", "Collected (CNY)", "Promises kept", "Calls"],
        ["2026-02", SCRIPT, "1234.5", "0.4567", "1200"],
        ["2026-03", '\'=HYPERLINK("x")', "-20", "", "3"],
    ]
    assert _get(desk.manager, "/reports/manager/unknown.csv").status_code == 404
    assert _get(desk.manager, "/reports/manager/collectors.pdf").status_code == 404


@pytest.fixture
def two_month_ends(desk: Desk) -> Desk:
    """The nightly of two month-ends after the desk's Monday: the accounts age a month, and
    one debtor pays up, so the roll rows have something to say."""
    from arrears.strategy.shell import run_nightly

    for day in (date(2026, 3, 31), date(2026, 4, 30)):
        if day.month == 4:
            desk.large.debtor.accounts.get().payments.create(
                external_id="P-cure", amount=Decimal("12000.00"), paid_at=local(date(2026, 4, 10), 11)
            )
        with time_machine.travel(local(day, 2), tick=False):
            run_nightly(day)
    return desk


def test_the_real_roll_rates_download_with_the_dashboards_rows(two_month_ends: Desk) -> None:
    desk = two_month_ends
    with time_machine.travel(local(date(2026, 5, 1), 10), tick=False):
        response = _get(desk.manager, "/reports/manager/?first=2026-02-01&last=2026-04-30")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="report-roll_rates"' in html and 'data-chart="chart-data-roll_rates"' in html
        filters = metrics.Filters(None, None, None, date(2026, 2, 1), date(2026, 4, 30))
        with translation.override("en"):  # the manager's language, as the download
            table = metrics.table("manager", "roll_rates", filters)
        assert table.rows
        response = _get(desk.manager, "/reports/manager/roll_rates.xlsx?first=2026-02-01&last=2026-04-30")
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        assert rows[0] == [str(c.label) for c in table.columns]
        assert len(rows) == len(table.rows) + 1
