"""The management dashboard in a real browser: the manager filters by a creditor, the
roll-rate chart is drawn by ECharts from the table's rows, and the table downloads as XLSX
with the same rows.

The portfolio is the controls' personas (arrears.testing.personas.build_desk) after the
nightly runs of two month-ends, one debtor paying up in between, so the roll rows have
something to say. Screenshots go to a temporary folder, or to ARREARS_SCREENSHOTS
(docs/screenshots/ when the documentation's pictures are refreshed).
"""

from __future__ import annotations

import io
import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.utils import translation
from openpyxl import load_workbook

from arrears.cases.models import Case
from arrears.reports import metrics, present
from arrears.reports.flows import write_flows
from arrears.strategy.shell import run_nightly
from arrears.testing.personas import MONDAY, add_calls, add_debtor, build_desk, local, pay
from tests.browser.test_workbench import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST, LAST = date(2026, 3, 1), date(2026, 5, 31)
# What ECharts holds for a drawn chart: its series, and how many values they have.
SERIES = """(el) => {
  const chart = echarts.getInstanceByDom(el);
  if (!chart) return null;
  return chart.getOption().series.map((s) => ({
    name: s.name, type: s.type,
    values: s.data.filter((v) => v !== null && v !== undefined).length,
  }));
}"""


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("ARREARS_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# Debtors of the manager's creditor besides the desk's two: (days past due on MONDAY, the
# instalment, what they pay in April and in May).
BOOK = [
    (2, "800.00", "800.00", "0"),
    (12, "1500.00", "0", "0"),
    (25, "2400.00", "2400.00", "0"),
    (38, "3100.00", "0", "3100.00"),
    (47, "950.00", "0", "0"),
    (66, "4200.00", "0", "0"),
    (83, "1800.00", "1800.00", "0"),
    (97, "5600.00", "0", "0"),
]
MONTH_ENDS = (date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31))


def _portfolio():
    with time_machine.travel(local(MONDAY, 10), tick=False):
        desk = build_desk()
        debtors = [
            (add_debtor(desk.world, 20 + n, dpd=dpd, amount=Decimal(amount)), Decimal(april), Decimal(may))
            for n, (dpd, amount, april, may) in enumerate(BOOK)
        ]
    for day in MONTH_ENDS:
        if day.month > 3:
            # The month's calls to the open cases (some reach the debtor) and payments.
            cases = Case.objects.filter(team=desk.world.team, status="open").order_by("pk")
            for k, case in enumerate(cases[:6]):
                calls = [
                    (local(day.replace(day=6 + k), 10 + k), k % 2 == 0),
                    (local(day.replace(day=9), 15), True),
                ]
                add_calls(case, calls)
        if day.month == 4:
            pay(desk.large.debtor, Decimal("12000.00"), local(date(2026, 4, 10), 11), "P-cure")
        for debtor, april, may in debtors:
            amount = {4: april, 5: may}.get(day.month)
            if amount:
                pay(debtor, amount, local(day.replace(day=12), 11), f"P-{day.month}")
        with time_machine.travel(local(day, 2), tick=False):
            run_nightly(day)
    # The nightly rewrites a week of flows: the month's payments and calls are written once more.
    write_flows(MONTH_ENDS[0].replace(day=1), MONTH_ENDS[-1])
    return desk


def _roll_chart_is_drawn(page) -> list[dict]:
    card = page.locator("#report-roll_rates")
    card.locator("canvas").first.wait_for()
    box = card.locator("canvas").first.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    series = card.locator("[data-chart]").evaluate(SERIES)
    assert series and any(s["values"] > 0 for s in series), series
    return series


def test_the_manager_filters_by_creditor_sees_the_roll_rates_and_downloads_them(new_page, shots):
    desk = _portfolio()
    manager = desk.manager
    manager.profile.language = "zh-hans"
    manager.profile.save(update_fields=["language"])
    creditor = desk.world.creditor
    with time_machine.travel(local(date(2026, 6, 1), 10), tick=True):
        page = new_page()
        page.set_viewport_size({"width": 1280, "height": 900})
        sign_in(page, "manager", "pw")
        page.click("[data-testid=nav-reports]")
        page.wait_for_url("**/reports/manager/")
        assert page.locator("h1").text_content() == "管理看板"
        page.select_option("[data-field=creditor] select", str(creditor.pk))
        page.fill("[data-field=first] input", FIRST.isoformat())
        page.fill("[data-field=last] input", LAST.isoformat())
        page.click("[data-testid=filter]")
        page.wait_for_url(f"**creditor={creditor.pk}**")
        series = _roll_chart_is_drawn(page)
        # Each chart on the page is drawn, none left empty.
        for chart in page.locator("[data-chart]").all():
            assert chart.get_attribute("data-drawn") == "1"
        page.screenshot(path=str(shots / "reports-manager-zh.png"), full_page=True)

        filters = metrics.Filters(creditor.pk, None, None, FIRST, LAST)
        with translation.override("zh-hans"):  # the manager's language, as the download
            table = metrics.table("manager", "roll_rates", filters)
            header = present.header(table)
        assert table.rows and len(series) >= 1
        with page.expect_download() as info:
            page.click("#report-roll_rates [data-testid=export-xlsx]")
        download = info.value
        assert download.suggested_filename == f"manager-roll_rates-{FIRST}-{LAST}.xlsx"
        sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        assert rows[0] == header
        assert len(rows) == len(table.rows) + 1
        rates = [c.key for c in table.columns if c.kind == "rate"]
        if rates:
            index = [c.key for c in table.columns].index(rates[0])
            expected = [row.get(rates[0]) for row in table.rows]
            got = [r[index] for r in rows[1:]]
            assert got == pytest.approx(expected)

        # The table under the chart opens with the keyboard: j to the first card, t.
        page.keyboard.press("j")
        page.keyboard.press("t")
        assert (
            page.locator("[data-testid=report-card]").first.locator("details").get_attribute("open")
            is not None
        )

        # The same page in English.
        manager.profile.language = "en"
        manager.profile.save(update_fields=["language"])
        page.reload()
        assert page.locator("h1").text_content() == "Management dashboard"
        _roll_chart_is_drawn(page)
        page.set_viewport_size({"width": 1280, "height": 1300})
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(shots / "reports-manager-en.png"))


def test_the_lead_and_the_compliance_officer_see_their_dashboards_drawn(new_page, shots):
    desk = _portfolio()
    for user in (desk.lead, desk.compliance):
        user.profile.language = "zh-hans"
        user.profile.save(update_fields=["language"])
    with time_machine.travel(local(date(2026, 6, 1), 10), tick=True):
        for username, heading, picture in (
            ("lead", "小组看板", "reports-team-zh.png"),
            ("compliance", "合规看板", "reports-compliance-zh.png"),
        ):
            page = new_page()
            page.set_viewport_size({"width": 1280, "height": 900})
            sign_in(page, username, "pw")
            page.click("[data-testid=nav-reports]")
            page.wait_for_selector("h1")
            assert page.locator("h1").text_content() == heading
            page.fill("[data-field=first] input", FIRST.isoformat())
            page.fill("[data-field=last] input", LAST.isoformat())
            page.click("[data-testid=filter]")
            page.wait_for_url("**first=**")
            charts = page.locator("[data-chart]").all()
            assert charts, username
            for chart in charts:
                chart.locator("canvas").first.wait_for()
                assert chart.get_attribute("data-drawn") == "1"
            page.screenshot(path=str(shots / picture), full_page=True)
        # A lead who names another team in the address is refused, next to the field.
        page = new_page()
        sign_in(page, "lead", "pw")
        page.goto(f"/reports/team/?team={desk.theirs.team_id}")
        assert page.locator("[data-field=team] .errorlist").is_visible()
        assert page.locator("[data-chart]").count() == 0
