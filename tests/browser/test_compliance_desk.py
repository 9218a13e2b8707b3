"""The compliance officer's desk in a real browser, in Chinese: the CN policy in words, a
what-if check started from an example, the decision log filtered and exported as CSV.

Screenshots of each page go to /tmp/desk-*.png (ARREARS_SCREENSHOTS to put them elsewhere).
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from arrears.compliance.actions import check_and_record
from arrears.compliance.tests.helpers import req
from arrears.conftest import make_user
from arrears.core.models import Role, Team
from tests.browser.test_workbench import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The brief asks for /tmp/desk-*.png: read by a person after the run, never read back here.
SHOTS = Path(os.environ.get("ARREARS_SCREENSHOTS", "/tmp"))  # noqa: S108


def test_the_officer_reads_the_policy_runs_a_what_if_and_exports_the_log(page):
    team = Team.objects.create(name="电话一组")
    collector = make_user("zhangmin", Role.COLLECTOR, team, language="zh-hans")
    make_user("officer", Role.COMPLIANCE, None, language="zh-hans")
    check_and_record(req("CN", "2026-03-04T22:30:00+08:00"), user=collector, case_reference="C-00000042")
    check_and_record(req("CN", "2026-03-04T10:00:00+08:00"), user=collector)

    sign_in(page, "officer", "pw")
    page.click("[data-testid=nav-compliance]")
    page.click("[data-testid=profile-CN]")
    row = page.locator("tr[data-param=attempts_per_point_per_day]")
    assert "每天最多拨打同一联系方式 6 次" in row.text_content()
    assert "同一联系方式每日拨打次数" in row.text_content()
    assert "08:00–22:00" in page.text_content("tr[data-param=window_start]")
    page.screenshot(path=str(SHOTS / "desk-policy.png"), full_page=True)
    page.click("[data-testid=propose]")
    page.wait_for_selector("[data-testid=propose-form]")
    page.screenshot(path=str(SHOTS / "desk-propose.png"), full_page=True)

    page.click("text=模拟检查")
    page.click("[data-testid=example-late-call]")
    assert page.input_value("#id_at").endswith("T22:30")
    page.click("[data-testid=whatif-check]")
    decision = page.locator("[data-testid=decision]")
    decision.wait_for()
    assert decision.get_attribute("data-allowed") == "false"
    text = decision.text_content()
    assert "拦截" in text and "CN-TIME-01 · 联系时段" in text and "不在允许时段 08:00–22:00" in text
    assert "下次可联系" in text
    page.screenshot(path=str(SHOTS / "desk-whatif.png"), full_page=True)

    page.click("text=判定记录")
    page.select_option("#id_outcome", "blocked")
    page.click("[data-testid=filter]")
    page.wait_for_url("**outcome=blocked**")
    rows = page.locator("[data-testid=decision-row]")
    assert rows.count() == 1 and "C-00000042" in rows.first.text_content()
    assert "不在允许时段" in rows.first.text_content()
    page.screenshot(path=str(SHOTS / "desk-decisions.png"), full_page=True)
    with page.expect_download() as info:
        page.click("[data-testid=export-csv]")
    content = Path(info.value.path()).read_text(encoding="utf-8-sig")
    lines = list(csv.reader(io.StringIO(content)))
    assert lines[0][:5] == ["时间", "催收员", "案件", "渠道", "结果"]
    assert len(lines) == 2 and lines[1][1:5] == ["zhangmin", "C-00000042", "电话", "拦截"]
    assert "不在允许时段" in lines[1][6]
