"""The decision log as a reader sees it: reasons in their language, case links, filters, exports."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import time_machine
from openpyxl import load_workbook

from arrears.cases.models import Case
from arrears.compliance.actions import check_and_record
from arrears.compliance.tests.desk import build_people, client_for
from arrears.compliance.tests.helpers import req
from arrears.portfolio.models import Creditor, Debtor

pytestmark = pytest.mark.django_db

LATE = req("CN", "2026-03-04T22:30:00+08:00")
FINE = req("CN", "2026-03-04T10:00:00+08:00")


@pytest.fixture
def log():
    people = build_people()
    creditor = Creditor.objects.create(code="bank", name="Bank")
    debtor = Debtor.objects.create(
        creditor=creditor, external_id="X1", name="张三", jurisdiction="CN", time_zone="Asia/Shanghai"
    )
    case = Case.objects.create(debtor=debtor, opened_on=date(2026, 3, 1))
    with time_machine.travel("2026-03-03T02:00:00Z", tick=False):  # 10:00 on 3 March in Shanghai
        check_and_record(LATE, user=people.collector, debtor=debtor, case_reference=case.reference)
    with time_machine.travel("2026-03-04T02:00:00Z", tick=False):
        check_and_record(FINE, user=people.collector, case_reference='=HYPERLINK("x")')
        check_and_record(LATE, user=people.outsider)
    return people, case


def test_each_row_says_when_who_which_case_and_why_in_the_readers_language(log) -> None:
    people, case = log
    response = client_for(people.officer).get("/compliance/decisions/", {"outcome": "blocked"})
    html = response.content.decode()
    assert len(response.context["lines"]) == 2
    assert f'<a href="/cases/{case.public_id}/">{case.reference}</a>' in html
    assert "2026-03-03 10:00" in html  # the reader's zone, not UTC
    assert "不在允许时段 08:00–22:00" in html and "CN-TIME-01 · 联系时段" in html
    assert "电话" in html and "拦截" in html
    english = client_for(people.second).get("/compliance/decisions/", {"outcome": "blocked"}).content.decode()
    assert "not in the allowed window 08:00–22:00" in english or "outside the allowed" in english


def test_filters_by_date_rule_collector_and_outcome(log) -> None:
    people, _case = log
    client = client_for(people.officer)

    def count(**params) -> int:
        return len(client.get("/compliance/decisions/", params).context["lines"])

    assert count() == 3
    assert count(date_from="2026-03-04") == 2 and count(date_to="2026-03-03") == 1
    assert count(rule="cn-time-01") == 2 and count(collector="outsider") == 1
    assert count(outcome="allowed") == 1


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "2026-02-30"},
        {"date_from": "yesterday"},
        {"rule": "NO-SUCH-RULE"},
        {"collector": "nobody"},
        {"outcome": "maybe"},
        {"date_from": "2026-03-05", "date_to": "2026-03-01"},
        {"page": "x"},
        {"format": "pdf"},
        {"date_from": "2026-02-30", "format": "csv"},
    ],
)
def test_bad_filter_values_are_field_errors_never_a_500(log, params) -> None:
    response = client_for(log[0].officer).get("/compliance/decisions/", params)
    assert response.status_code == 200
    if set(params) - {"page", "format"}:
        assert response.context["form"].errors and 'class="errorlist"' in response.content.decode()
        assert response.context["lines"] == []


def test_the_csv_export_has_the_filtered_rows_with_chinese_headers_and_no_formulas(log) -> None:
    people, case = log
    response = client_for(people.officer).get(
        "/compliance/decisions/", {"format": "csv", "collector": "collector"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["时间", "催收员", "案件", "渠道", "结果"]
    assert len(rows) == 3
    by_case = {r[2]: r for r in rows[1:]}
    assert by_case[case.reference][4] == "拦截" and "不在允许时段" in by_case[case.reference][6]
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")  # made safe, never a formula


def test_the_xlsx_export_and_a_leads_export_is_their_teams_only(log) -> None:
    people, _case = log
    response = client_for(people.lead).get("/compliance/decisions/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][1] == "催收员" and len(values) == 3
    assert {row[1] for row in values[1:]} == {"collector"}  # not the other team's outsider


def test_the_log_queries_stay_flat(log, django_assert_max_num_queries) -> None:
    client = client_for(log[0].officer)
    client.get("/compliance/decisions/")
    with django_assert_max_num_queries(10):
        client.get("/compliance/decisions/")
