"""Agency placement: the scrub, commission and its reversal, recall at the term's end with
its file, and what an agency collector sees and may do (docs/recovery.md)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from arrears.activity.models import Event, Kind, Outcome
from arrears.cases import actions
from arrears.cases.models import CareHold, Case, Dispute, Stage
from arrears.contacts.models import ContactPoint, Preference
from arrears.core.dpd import since_for
from arrears.core.models import Role
from arrears.recovery.actions import record_notice
from arrears.recovery.commission import accrue, allocate, league, statement
from arrears.recovery.files import recall_rows, render
from arrears.recovery.models import Agency, Commission, Contract, Notice, Placement, PlacementBatch
from arrears.recovery.placement import Rule, candidates, place, recall_due, scrub, split
from arrears.strategy.shell import run_nightly
from arrears.testing.personas import (
    ON,
    add_debtor,
    build_world,
    client_for,
    local,
    make_user,
    open_case,
    pay,
    self_person,
)

pytestmark = pytest.mark.django_db

TIERS = [
    {"from_dpd": 0, "principal": "0.10", "interest": "0.20", "fees": "0.30"},
    {"from_dpd": 90, "principal": "0.15", "interest": "0.25", "fees": "0.35"},
]


@pytest.fixture
def book():
    world = build_world(1)
    debtors = [add_debtor(world, n, dpd=40) for n in range(1, 9)]
    run_nightly(ON)
    cases = [open_case(d) for d in debtors]
    lead = make_user("lead", Role.TEAM_LEAD, world.team)
    agency = Agency.objects.create(code="north", name="北方信用管理")
    contract = Contract.objects.create(
        agency=agency, reference="N-2026", starts_on=date(2026, 1, 1), term_days=60, tiers=TIERS
    )
    return world, cases, lead, agency, contract


def test_the_scrub_keeps_out_each_kind(book):
    _world, cases, lead, agency, contract = book
    bankrupt, dead, disputed, ceased, held, placed, fine, also_fine = cases
    Notice.objects.create(
        debtor=bankrupt.debtor, kind="bankruptcy", received_on=ON, source="(2026)沪01破1号", recorded_by=lead
    )
    Notice.objects.create(
        debtor=dead.debtor, kind="deceased", received_on=ON, source="死亡证明", recorded_by=lead
    )
    Dispute.objects.create(case=disputed, raised_at=local(ON), summary="金额不对")
    Preference.objects.create(debtor=ceased.debtor, kind=Preference.Kind.CEASE, recorded_at=local(ON))
    CareHold.objects.create(
        case=held, raised_at=timezone.now(), raised_by=lead, source="collector", reason="自伤风险"
    )
    place([placed.pk], agency, contract, lead, ON)

    result = scrub([c.pk for c in cases])

    assert sorted(result.kept) == sorted([fine.pk, also_fine.pk])
    assert result.excluded == {
        "bankruptcy": [bankrupt.pk],
        "deceased": [dead.pk],
        "dispute": [disputed.pk],
        "cease": [ceased.pk],
        "care_hold": [held.pk],
        "placed": [placed.pk],
    }
    # Placing the lot places only what passes, and says so in events.
    batch = place([c.pk for c in cases], agency, contract, lead, ON)
    assert set(batch.placements.values_list("case_id", flat=True)) == {fine.pk, also_fine.pk}
    fine.refresh_from_db()
    assert fine.stage == Stage.AGENCY
    assert Event.objects.filter(case=fine, kind=Kind.PLACED).get().data["batch"] == batch.reference
    with pytest.raises(ValidationError):
        place([bankrupt.pk], agency, contract, lead, ON)


def test_the_rule_chooses_by_days_past_due_and_balance(book):
    cases = book[1]
    Case.objects.filter(pk__in=[c.pk for c in cases[:3]]).update(delinquent_since=since_for(100, ON))
    chosen = candidates(Case.objects.all(), Rule(stage=None, min_dpd=90, min_balance=Decimal("500")), ON)
    assert set(chosen.values_list("pk", flat=True)) == {c.pk for c in cases[:3]}
    assert not candidates(Case.objects.all(), Rule(stage=None, min_balance=Decimal("1000.01"))).exists()


def test_a_segment_split_between_two_agencies_is_stable(book):
    _world, cases, lead, agency, contract = book
    south = Agency.objects.create(code="south", name="南方催收")
    south_contract = Contract.objects.create(
        agency=south, reference="S-1", starts_on=date(2026, 1, 1), tiers=TIERS
    )
    ids = [c.pk for c in cases]
    batches = split(ids, [(agency, contract, 0.5), (south, south_contract, 0.5)], lead, ON, segment="M2")
    placed = {b.agency.code: set(b.placements.values_list("case_id", flat=True)) for b in batches}
    assert set().union(*placed.values()) == set(ids) and not placed["north"] & placed.get("south", set())
    assert {b.arm for b in batches} <= {"agency-north", "agency-south"}


def test_commission_accrues_per_payment_and_goes_back_with_a_reversal(book):
    """Placed at 40 DPD: principal 800, interest 150, fees 50 (the first tier: 10%, 20%,
    30%). A payment of 120 pays the fees (50, commission 15.00) and 70 of the interest
    (14.00); when it bounces, both lines come back negative on the day it bounced, and the
    month's statement nets to zero."""
    _world, cases, lead, agency, contract = book
    case = cases[0]
    batch = place([case.pk], agency, contract, lead, ON)
    Placement.objects.filter(batch=batch).update(
        principal=Decimal("800"), interest=Decimal("150"), fees=Decimal("50")
    )
    payment = pay(case.debtor, Decimal("120.00"), local(ON + timedelta(days=3)), "P-A1")
    assert accrue().payments == 1
    lines = {c.base: (c.collected, c.amount) for c in Commission.objects.filter(payment=payment)}
    assert lines == {
        "fees": (Decimal("50.00"), Decimal("15.00")),
        "interest": (Decimal("70.00"), Decimal("14.00")),
    }
    assert accrue().payments == 0  # once only
    bounced = ON + timedelta(days=5)
    payment.reversed_on = bounced
    payment.save()
    accrue()
    back = {
        c.base: (c.collected, c.amount, c.accrued_on)
        for c in Commission.objects.filter(payment=payment, reversal=True)
    }
    assert back == {
        "interest": (Decimal("-70.00"), Decimal("-14.00"), bounced),
        "fees": (Decimal("-50.00"), Decimal("-15.00"), bounced),
    }
    accrue()
    assert Commission.objects.filter(payment=payment).count() == 4  # reversed once
    lines_, totals = statement(agency, ON)
    assert totals["total"] == Decimal("0.00") and len(lines_) == 4
    # A payment before the placement earns the agency nothing.
    pay(case.debtor, Decimal("10.00"), local(ON - timedelta(days=2)), "P-before")
    assert accrue().payments == 0


def test_allocation_applies_fees_then_interest_then_principal():
    placed = {"principal": Decimal(800), "interest": Decimal(150), "fees": Decimal(50)}
    nothing = dict.fromkeys(placed, Decimal(0))
    assert allocate(Decimal(1200), placed, nothing) == {"fees": 50, "interest": 150, "principal": 800}
    # What was collected before leaves less room; beyond the placed balance earns nothing.
    before = {"principal": Decimal(0), "interest": Decimal(100), "fees": Decimal(50)}
    assert allocate(Decimal(900), placed, before) == {"interest": 50, "principal": 800}


def test_recall_at_the_term_end_and_its_file(book):
    _world, cases, lead, agency, contract = book
    batch = place([c.pk for c in cases[:3]], agency, contract, lead, ON)
    pay(cases[0].debtor, Decimal("100.00"), local(ON + timedelta(days=10)), "P-T1")
    accrue()
    assert recall_due(ON + timedelta(days=59)) == {}
    assert recall_due(ON + timedelta(days=60)) == {"term_end": 3}
    batch.refresh_from_db()
    assert batch.status == PlacementBatch.Status.RECALLED
    for case in cases[:3]:
        case.refresh_from_db()
        assert case.stage != Stage.AGENCY
        assert Event.objects.filter(case=case, kind=Kind.RECALLED).get().data["reason"] == "term_end"
    header, rows = recall_rows(batch)
    text = render(header, rows, "csv", batch.reference).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert len(table) == 4 and {r[0] for r in table[1:]} == {c.reference for c in cases[:3]}
    first = next(r for r in table[1:] if r[0] == cases[0].reference)
    assert Decimal(first[6]) == 100 and Decimal(first[7]) == 10  # collected, commission (10%)
    # Re-placement with a second agency once back.
    south = Agency.objects.create(code="south", name="南方催收")
    south_contract = Contract.objects.create(
        agency=south, reference="S-1", starts_on=date(2026, 1, 1), tiers=TIERS
    )
    again = place([cases[0].pk], south, south_contract, lead, ON + timedelta(days=61))
    assert again.placements.get().case_id == cases[0].pk


def test_a_notice_recalls_at_once_and_the_gate_stops(book):
    _world, cases, lead, agency, contract = book
    case = cases[0]
    place([case.pk], agency, contract, lead, ON)
    record_notice(case.debtor, "bankruptcy", ON, "(2026)沪01破1号", lead)
    placement = Placement.objects.get(case=case)
    assert placement.recall_reason == "bankruptcy"
    person = self_person(case.debtor)
    phone = ContactPoint.objects.get(person=person, kind="phone")
    with pytest.raises(actions.ContactBlocked) as blocked:
        actions.log_contact(
            case,
            case.owner,
            person=person,
            channel="call",
            outcome=Outcome.NO_ANSWER,
            contact_point=phone,
            at=local(ON, 10),
        )
    assert "DEF-STATE-01" in blocked.value.decision.rule_ids


def test_the_league_table_by_months_since_placement(book):
    _world, cases, lead, agency, contract = book
    batch = place([c.pk for c in cases[:2]], agency, contract, lead, ON)
    placed = sum(p.balance for p in batch.placements.all())
    pay(cases[0].debtor, Decimal("100.00"), local(ON + timedelta(days=2)), "P-L1")
    pay(cases[1].debtor, Decimal("300.00"), local(ON + timedelta(days=40)), "P-L2")
    accrue()
    [row] = league(ON + timedelta(days=45), months=3)
    assert row.curve[0] == pytest.approx(100 / float(placed))
    assert row.curve[1] == pytest.approx(400 / float(placed))
    assert row.curve[2] is None  # not yet


def test_an_agency_collector_sees_only_placed_cases_and_shares_the_cap(book):
    _world, cases, lead, agency, contract = book
    placed_case, other = cases[0], cases[1]
    place([placed_case.pk], agency, contract, lead, ON)
    agent = make_user("north-1", Role.AGENCY_COLLECTOR, None)
    agent.profile.agency = agency
    agent.profile.save()
    client = client_for(agent)
    assert client.get(f"/cases/{placed_case.public_id}/").status_code == 200
    assert client.get(f"/cases/{other.public_id}/").status_code == 404
    # Our collector has already dialled the number five times today (CN: six a day).
    person = self_person(placed_case.debtor)
    phone = ContactPoint.objects.get(person=person, kind="phone")
    owner = placed_case.owner
    for minute in range(0, 50, 10):
        actions.log_contact(
            placed_case,
            owner,
            person=person,
            channel="call",
            outcome=Outcome.NO_ANSWER,
            contact_point=phone,
            at=local(ON, 9, minute),
        )
    actions.log_contact(
        placed_case,
        agent,
        person=person,
        channel="call",
        outcome=Outcome.NO_ANSWER,
        contact_point=phone,
        at=local(ON, 11),
    )
    with pytest.raises(actions.ContactBlocked) as blocked:
        actions.log_contact(
            placed_case,
            agent,
            person=person,
            channel="call",
            outcome=Outcome.NO_ANSWER,
            contact_point=phone,
            at=local(ON, 12),
        )
    assert any(rule.startswith("CN-FREQ") for rule in blocked.value.decision.rule_ids)
    # Recalled: the agency sees it no more.
    from arrears.recovery.placement import recall

    recall(Placement.objects.filter(case=placed_case), "lead", lead, ON)
    assert client.get(f"/cases/{placed_case.public_id}/").status_code == 404
