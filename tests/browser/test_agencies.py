"""Agency placement in a real browser: a lead places a batch with an agency through the
form and its preview, the agency's collector signs in and logs a call on a placed case,
the lead recalls the batch and downloads the league table (XLSX, read back here).

The clock is moved to tomorrow at 10:00 in Shanghai (in the future, so the browser keeps
the session cookie); the debts are counted from that day. Screenshots go to a temporary
folder, or to ARREARS_SCREENSHOTS (docs/screenshots/ when the pictures are refreshed).
"""

from __future__ import annotations

import io
import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from openpyxl import load_workbook

from arrears.activity.models import Event, Kind
from arrears.cases.models import Case, Stage
from arrears.core.models import Role
from arrears.recovery.commission import accrue
from arrears.recovery.models import Agency, Contract, Placement, PlacementBatch
from arrears.strategy.shell import run_nightly
from arrears.testing.personas import add_debtor, build_world, local, make_user, pay
from tests.browser.test_workbench import sign_in, tomorrow_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIERS = [
    {"from_dpd": 0, "principal": "0.12", "interest": "0.20", "fees": "0.25"},
    {"from_dpd": 180, "principal": "0.20", "interest": "0.25", "fees": "0.30"},
]


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("ARREARS_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _book(day):
    """A team's six debtors 40 to 95 days past due (one disputes, so the scrub keeps it
    out), the team's lead, the agency 华信信用管理 with a contract and its collector."""
    from arrears.cases.models import Dispute

    world = build_world(1, team_name="电话催收一组")
    debtors = [
        add_debtor(world, n, dpd=dpd, on=day, amount=Decimal(amount))
        for n, (dpd, amount) in enumerate(
            [
                (40, "3200.00"),
                (55, "1800.00"),
                (62, "5400.00"),
                (75, "2600.00"),
                (88, "4100.00"),
                (95, "900.00"),
            ],
            start=1,
        )
    ]
    older = [add_debtor(world, 20 + n, dpd=150 + n, on=day, amount=Decimal("2000.00")) for n in range(6)]
    run_nightly(day)
    make_user("lead", Role.TEAM_LEAD, world.team, language="zh-hans")
    agency = Agency.objects.create(code="huaxin", name="华信信用管理")
    Contract.objects.create(
        agency=agency, reference="HX-2026-001", starts_on=day - timedelta(days=200), term_days=90, tiers=TIERS
    )
    agent = make_user("agency", Role.AGENCY_COLLECTOR, None, language="zh-hans")
    agent.profile.agency = agency
    agent.profile.save()
    disputed = Case.objects.get(debtor=debtors[5], status="open")
    Dispute.objects.create(case=disputed, raised_at=local(day, 9), summary="金额有误")
    _history(world, day, agency, older)
    return world, debtors


def _history(world, day, huaxin, debtors):
    """Two batches placed four months ago on an older segment (150+ days past due, so the
    lead's rule does not take them): one with 华信信用管理, recalled at its term's end, one
    with 南方催收, still out; payments month by month, so the league table has curves."""
    from arrears.recovery.placement import place, recall

    south = Agency.objects.create(code="south", name="南方催收")
    start = day - timedelta(days=125)
    south_contract = Contract.objects.create(
        agency=south, reference="NF-01", starts_on=start - timedelta(days=30), term_days=180, tiers=TIERS
    )
    lead = make_user("earlier-lead", Role.TEAM_LEAD, world.team)
    old = [Case.objects.get(debtor=d, status="open") for d in debtors]
    first = place(
        [c.pk for c in old[:3]], huaxin, huaxin.contracts.get(), lead, start, segment="逾期 150+ 天"
    )
    second = place([c.pk for c in old[3:]], south, south_contract, lead, start, segment="逾期 150+ 天")
    for k, (a, b) in enumerate([("300", "500"), ("450", "250"), ("200", "600"), ("0", "350")]):
        paid_on = start + timedelta(days=10 + 30 * k)
        if Decimal(a):
            pay(old[k % 3].debtor, Decimal(a), local(paid_on, 11), f"P-H{k}")
        pay(old[3 + k % 3].debtor, Decimal(b), local(paid_on, 11), f"P-S{k}")
    accrue()
    recall(
        list(first.placements.select_related("case", "batch", "agency")),
        "term_end",
        None,
        start + timedelta(days=90),
    )
    assert second.placements.count() == 3


def test_a_lead_places_a_batch_the_agency_calls_and_the_lead_recalls_it(new_page, shots):
    now = tomorrow_at(10)
    day = now.date()
    with time_machine.travel(now, tick=True):
        _book(day)

        # The lead places the segment 30+ days past due with the agency.
        lead = new_page()
        lead.set_viewport_size({"width": 1280, "height": 900})
        sign_in(lead, "lead", "pw")
        lead.click("[data-testid=nav-agencies]")
        lead.wait_for_url("**/agencies/")
        lead.click("[data-testid=new-placement]")
        agency = Agency.objects.get(code="huaxin")
        contract = Contract.objects.get(reference="HX-2026-001")
        lead.select_option("[data-field=agency] select", str(agency.pk))
        lead.select_option("[data-field=contract] select", str(contract.pk))
        lead.select_option("[data-field=stage] select", "")
        lead.fill("[data-field=min_dpd] input", "30")
        lead.fill("[data-field=max_dpd] input", "10")
        lead.click("[data-testid=preview]")
        # An upper bound below the lower one comes back next to its field.
        assert lead.locator("[data-field=max_dpd] .errorlist").is_visible()
        lead.fill("[data-field=max_dpd] input", "120")
        lead.click("[data-testid=preview]")
        lead.wait_for_selector("[data-testid=preview-summary]")
        assert lead.text_content("[data-testid=found]") == "6"
        assert lead.text_content("[data-testid=kept]") == "5"
        assert lead.locator("[data-testid=scrub-row][data-reason=dispute]").is_visible()
        lead.screenshot(path=str(shots / "agency-placement-preview-zh.png"), full_page=True)
        lead.click("[data-testid=confirm]")
        lead.wait_for_selector("[data-testid=batch-ref]")
        batch = PlacementBatch.objects.get(created_by__username="lead")
        assert lead.text_content("[data-testid=batch-ref]") == batch.reference
        assert lead.locator("[data-testid=placement-row]").count() == 5
        placed = list(Placement.objects.filter(batch=batch).select_related("case"))
        assert all(Case.objects.get(pk=p.case_id).stage == Stage.AGENCY for p in placed)

        # A payment on a placed case, accrued as the night would.
        pay(placed[0].case.debtor, Decimal("800.00"), local(day, 9), "P-HX1")
        accrue()
        lead.reload()
        lead.screenshot(path=str(shots / "agency-batch-zh.png"), full_page=True)

        # The agency's collector lands on the agency's cases and logs a call.
        agent = new_page()
        sign_in(agent, "agency", "pw")
        assert "/work/" in agent.url
        links = agent.locator("[data-testid=queue-case]")
        assert links.count() == 5
        nav = agent.locator("header nav").inner_text()
        for word in ("小组", "审批", "报表", "委外", "资产组合", "消息", "合规"):
            assert word not in nav, (word, nav)
        reference = links.first.text_content()
        links.first.click()
        agent.wait_for_selector("[data-testid=case-ref]")
        case = Case.objects.get(pk=int(reference.removeprefix("C-")))
        assert agent.locator("[data-testid=write-off-form]").count() == 0
        agent.select_option("[data-testid=outcome]", "no_answer")
        agent.click("[data-testid=log-contact]")
        agent.wait_for_selector("[data-testid=done]")
        assert Event.objects.filter(case=case, kind=Kind.CONTACT, actor__username="agency").exists()

        # The lead recalls the batch, with a confirmation.
        lead.click("[data-testid=recall-batch-open]")
        lead.check("[data-testid=recall-batch-confirm]")
        lead.click("[data-testid=recall-batch]")
        lead.wait_for_selector("[data-testid=placement-row][data-active='0']")
        batch.refresh_from_db()
        assert batch.status == PlacementBatch.Status.RECALLED
        assert not Placement.objects.filter(batch=batch, recalled_on__isnull=True).exists()
        # The case is the agency's no more.
        agent.goto(f"/cases/{case.public_id}/")
        assert agent.locator("[data-testid=case-ref]").count() == 0

        # The league table: the curves drawn, the table downloaded.
        lead.click("[data-testid=league-link]")
        lead.wait_for_url("**/agencies/league/")
        for chart in lead.locator("[data-chart]").all():
            chart.locator("canvas").first.wait_for()
            assert chart.get_attribute("data-drawn") == "1"
        lead.screenshot(path=str(shots / "agency-league-zh.png"), full_page=True)
        with lead.expect_download() as info:
            lead.click("[data-testid=league-batch-xlsx]")
        sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:2] == ("委外机构", "批次")
        assert len(rows) == 4  # the two older batches and the lead's
        [row] = [r for r in rows if r[1] == batch.reference]
        agency_name, reference, _segment, _month, cases, balance, month0, *_rest = row
        assert (agency_name, reference, cases) == ("华信信用管理", batch.reference, 5)
        assert float(balance) == pytest.approx(float(sum(p.balance for p in placed)))
        assert month0 == pytest.approx(800 / float(balance))
