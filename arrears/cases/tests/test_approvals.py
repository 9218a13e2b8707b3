"""Maker-checker approvals: write-offs, settlements, closing as settled, stage skips and
reopening are requests another person with the authority decides; every step is evidence."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from arrears.activity.models import Event, Kind
from arrears.cases import actions
from arrears.cases.models import ApprovalLimit, ApprovalRequest, Case, Stage
from arrears.cases.tests.desk import MORNING, Desk, build_desk, client_for, kinds, verify_clean
from arrears.core.models import Role
from arrears.portfolio.models import Account
from arrears.strategy.shell import run_nightly
from arrears.strategy.tests.world import ON

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _morning():
    with time_machine.travel(MORNING, tick=False):
        yield


@pytest.fixture
def desk() -> Desk:
    return build_desk()


def ask_write_off(desk: Desk, case: Case) -> ApprovalRequest:
    response = client_for(desk.collector).post(
        f"/cases/{case.public_id}/requests/write_off/",
        {"reason": "The debtor emigrated; no assets.", "confirm": "on"},
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    return ApprovalRequest.objects.get(case=case, kind="write_off", status="pending")


def decide(user, req: ApprovalRequest, decision: str = "approve", note: str = ""):
    return client_for(user).post(
        f"/team/approvals/{req.public_id}/decide/", {"decision": decision, "note": note}
    )


def test_the_world_has_the_cases_the_issue_describes(desk: Desk) -> None:
    assert (desk.small.days_past_due, desk.small.balance) == (5, Decimal("1200.00"))
    assert desk.large.balance == Decimal("12000.00")
    assert desk.small.owner == desk.collector == desk.large.owner


def test_a_collector_can_no_longer_close_a_case_directly(desk: Desk) -> None:
    collector = client_for(desk.collector)
    for reason in ("written_off", "settled", "recalled"):
        response = collector.post(f"/cases/{desk.small.public_id}/close/", {"reason": reason, "note": "x"})
        assert response.status_code == 403, reason
    desk.refresh()
    assert desk.small.is_open and not Event.objects.filter(case=desk.small, kind=Kind.CASE_CLOSED).exists()
    with pytest.raises(actions.NotAllowed):
        actions.close_case(desk.small, "written_off", desk.lead)


def test_a_collectors_write_off_becomes_a_request_and_an_event(desk: Desk) -> None:
    req = ask_write_off(desk, desk.small)
    assert (req.amount, req.balance, req.currency) == (Decimal("1200.00"), Decimal("1200.00"), "CNY")
    assert req.requested_by == desk.collector and req.status == "pending"
    desk.refresh()
    assert desk.small.is_open
    event = desk.small.events.latest("seq")
    assert event.kind == Kind.APPROVAL_REQUESTED and event.actor == desk.collector
    assert event.data == {
        "request": str(req.public_id),
        "kind": "write_off",
        "amount": "1200.00",
        "balance": "1200.00",
        "currency": "CNY",
    }
    page = client_for(desk.collector).get(f"/cases/{desk.small.public_id}/").content.decode()
    assert 'data-testid="pending-request"' in page and "The debtor emigrated" in page


def test_a_lead_approves_a_write_off_within_the_limit_in_one_transaction(desk: Desk) -> None:
    req = ask_write_off(desk, desk.small)
    response = decide(desk.lead, req)
    assert response.status_code == 302
    desk.refresh()
    assert (desk.small.status, desk.small.close_reason) == ("closed", "written_off")
    assert kinds(desk.small, 3) == [Kind.APPROVAL_REQUESTED, Kind.APPROVAL_DECIDED, Kind.CASE_CLOSED]
    decided = desk.small.events.get(kind=Kind.APPROVAL_DECIDED)
    assert decided.actor == desk.lead and decided.data["decision"] == "approved"
    closed = desk.small.events.get(kind=Kind.CASE_CLOSED)
    assert closed.data["approval"] == str(req.public_id) and closed.data["balance"] == "1200.00"
    req.refresh_from_db()
    assert (req.status, req.decided_by) == ("approved", desk.lead)
    # The written-off account is no longer aged: the next night opens no new case for it.
    assert set(Account.objects.filter(debtor=desk.small.debtor).values_list("status", flat=True)) == {
        "written_off"
    }
    run_nightly(ON + timedelta(days=1))
    assert not Case.objects.filter(debtor=desk.small.debtor, status="open").exists()
    verify_clean(desk.small)


def test_a_lead_is_refused_above_the_limit_and_a_manager_approves(desk: Desk) -> None:
    req = ask_write_off(desk, desk.large)
    events = Event.objects.count()
    page = client_for(desk.lead).get("/team/approvals/").content.decode()
    assert 'data-testid="above-limit"' in page and "5,000.00" in page
    response = decide(desk.lead, req)
    assert response.status_code == 403
    assert "A manager must approve this one." in response.content.decode()
    req.refresh_from_db()
    assert req.status == "pending" and Event.objects.count() == events
    assert decide(desk.manager, req).status_code == 302
    desk.refresh()
    assert desk.large.close_reason == "written_off"
    assert desk.large.events.get(kind=Kind.APPROVAL_DECIDED).actor == desk.manager
    verify_clean(desk.large)


def test_the_maker_cannot_approve_their_own_request_anywhere(desk: Desk) -> None:
    # A lead's stage skip is a request; the same lead may not approve it.
    desk.small.refresh_from_db()
    assert desk.small.stage == Stage.PHONE
    response = client_for(desk.lead).post(
        f"/cases/{desk.small.public_id}/stage/", {"stage": "legal", "reason": "fraud suspected"}
    )
    assert (
        response.status_code == 200 and "sent to another team lead or a manager" in response.content.decode()
    )
    req = ApprovalRequest.objects.get(case=desk.small, kind="stage_skip")
    assert (req.from_stage, req.to_stage, req.requested_by) == ("phone", "legal", desk.lead)
    assert decide(desk.lead, req).status_code == 403
    with pytest.raises(actions.NotAllowed):
        actions.decide_approval(req, desk.lead, approve=True)
    # Not by writing the row either: the database refuses a decision by the maker.
    with pytest.raises(IntegrityError), transaction.atomic():
        ApprovalRequest.objects.filter(pk=req.pk).update(
            status="approved", decided_by=desk.lead, decided_at=timezone.now()
        )
    # Nor through the admin, where requests are read-only.
    admin = client_for(desk.lead)
    desk.lead.is_staff = desk.lead.is_superuser = True
    desk.lead.save()
    url = f"/admin/cases/approvalrequest/{req.pk}/change/"
    admin.post(url, {"status": "approved", "decided_by": desk.lead.pk})
    req.refresh_from_db()
    assert req.status == "pending"
    desk.refresh()
    assert desk.small.stage == Stage.PHONE
    # The manager approves it: the move applies, with the approval named.
    assert decide(desk.manager, req).status_code == 302
    desk.refresh()
    assert desk.small.stage == Stage.LEGAL
    moved = desk.small.events.filter(kind=Kind.STAGE_CHANGED).latest("seq")
    assert moved.data["rule"] == "approved_skip" and moved.data["approval"] == str(req.public_id)
    verify_clean(desk.small)


def test_a_move_to_the_next_stage_needs_no_approval_and_a_manual_skip_is_refused(desk: Desk) -> None:
    response = client_for(desk.lead).post(
        f"/cases/{desk.small.public_id}/stage/", {"stage": "field", "reason": "needs a visit"}
    )
    assert response.status_code == 200
    desk.refresh()
    assert desk.small.stage == Stage.FIELD and not ApprovalRequest.objects.exists()
    with pytest.raises(actions.NotAllowed):
        actions.move_stage(desk.small, Stage.REMINDER, desk.lead, reason="back")


def test_a_settlement_within_the_lead_discount_becomes_a_promise(desk: Desk) -> None:
    due = ON + timedelta(days=10)
    response = client_for(desk.collector).post(
        f"/cases/{desk.small.public_id}/requests/settlement/",
        {"amount": "1,000.00", "due_on": due.isoformat(), "reason": "one-off payment", "confirm": "on"},
    )
    assert response.status_code == 200
    req = ApprovalRequest.objects.get(case=desk.small, kind="settlement")
    assert (req.amount, req.discount_pct) == (Decimal("1000.00"), Decimal("16.67"))
    assert decide(desk.lead, req).status_code == 302
    promise = desk.small.promises.get()
    assert (promise.amount, promise.due_on, promise.status) == (Decimal("1000.00"), due, "open")
    assert kinds(desk.small, 3) == [Kind.APPROVAL_REQUESTED, Kind.APPROVAL_DECIDED, Kind.PROMISE_MADE]
    verify_clean(desk.small)


def test_a_settlement_above_the_lead_discount_goes_to_the_manager(desk: Desk) -> None:
    req = actions.request_approval(
        desk.large,
        desk.collector,
        "settlement",
        reason="hardship",
        amount=Decimal("7200.00"),
        due_on=ON + timedelta(days=30),
    )
    assert req.discount_pct == Decimal("40.00")
    with pytest.raises(actions.NotAllowed, match=r"20\.00%"):
        actions.decide_approval(req, desk.lead, approve=True)
    actions.decide_approval(req, desk.manager, approve=True)
    assert desk.large.promises.get().amount == Decimal("7200.00")


def test_closing_as_settled_is_covered_by_an_approved_settlement(desk: Desk) -> None:
    settlement = actions.request_approval(
        desk.large, desk.collector, "settlement", reason="lump sum", amount=Decimal("9000.00"), due_on=ON
    )
    actions.decide_approval(settlement, desk.manager, approve=True)
    # Unpaid, closing would forgive 12,000: above the lead's write-off limit.
    close = actions.request_approval(desk.large, desk.collector, "close_settled", reason="paid")
    with pytest.raises(actions.NotAllowed):
        actions.decide_approval(close, desk.lead, approve=True)
    # Once the 9,000 is paid (the nightly run lowers the balance), what is left is the
    # discount the manager already approved: the lead may close it.
    Case.objects.filter(pk=desk.large.pk).update(balance=Decimal("3000.00"))
    actions.decide_approval(close, desk.lead, approve=True)
    desk.refresh()
    assert desk.large.close_reason == "settled"
    assert set(Account.objects.filter(debtor=desk.large.debtor).values_list("status", flat=True)) == {
        "settled"
    }


def test_a_closed_case_is_reopened_through_a_request(desk: Desk) -> None:
    actions.decide_approval(ask_write_off(desk, desk.small), desk.lead, approve=True)
    response = client_for(desk.collector).post(
        f"/cases/{desk.small.public_id}/requests/reopen/",
        {"stage": "", "reason": "written off by mistake", "confirm": "on"},
    )
    assert response.status_code == 200
    req = ApprovalRequest.objects.get(case=desk.small, kind="reopen")
    assert req.to_stage == Stage.PHONE  # the stage it was closed from
    assert decide(desk.lead, req).status_code == 302
    desk.refresh()
    assert (desk.small.status, desk.small.stage, desk.small.close_reason) == ("open", "phone", "")
    # After the close: the request, the decision, the reopening (the replan after reopening
    # may add the rules' recommendation after these).
    closed = desk.small.events.filter(kind=Kind.CASE_CLOSED).latest("seq").seq
    after = list(desk.small.events.filter(seq__gt=closed).order_by("seq").values_list("kind", flat=True))
    assert after[:3] == [Kind.APPROVAL_REQUESTED, Kind.APPROVAL_DECIDED, Kind.CASE_REOPENED]
    assert set(Account.objects.filter(debtor=desk.small.debtor).values_list("status", flat=True)) == {"open"}
    verify_clean(desk.small)
    # The next night keeps it open and plans it again.
    run_nightly(ON + timedelta(days=1))
    desk.refresh()
    assert desk.small.is_open and desk.small.next_action


def test_a_rejection_needs_a_note_and_is_evidence(desk: Desk) -> None:
    req = ask_write_off(desk, desk.small)
    events = Event.objects.count()
    response = decide(desk.lead, req, "reject")
    assert response.status_code == 400 and "Say why you reject it" in response.content.decode()
    assert Event.objects.count() == events
    assert decide(desk.lead, req, "reject", "Try a settlement first.").status_code == 302
    req.refresh_from_db()
    assert (req.status, req.decision_note) == ("rejected", "Try a settlement first.")
    decided = desk.small.events.latest("seq")
    assert decided.kind == Kind.APPROVAL_DECIDED and decided.data["decision"] == "rejected"
    desk.refresh()
    assert desk.small.is_open
    # Decided is decided: a second decision changes nothing.
    assert decide(desk.manager, req).status_code == 400
    desk.refresh()
    assert desk.small.is_open


def test_only_the_maker_withdraws_a_request(desk: Desk) -> None:
    req = ask_write_off(desk, desk.small)
    url = f"/cases/{desk.small.public_id}/requests/{req.public_id}/withdraw/"
    assert client_for(desk.lead).post(url).status_code == 403
    assert client_for(desk.collector).post(url).status_code == 200
    req.refresh_from_db()
    assert req.status == "cancelled" and desk.small.events.latest("seq").data["decision"] == "cancelled"


def test_a_stale_request_expires_with_its_event(desk: Desk) -> None:
    req = ask_write_off(desk, desk.small)
    later = time_machine.travel(MORNING + timedelta(days=15), tick=False)
    with later, pytest.raises(ValidationError, match="14"):
        actions.decide_approval(req, desk.lead, approve=True)
    req.refresh_from_db()
    assert req.status == "expired" and desk.small.events.latest("seq").data["decision"] == "expired"
    desk.refresh()
    assert desk.small.is_open
    other = ask_write_off(desk, desk.large)
    assert actions.expire_approvals(MORNING + timedelta(days=15)) == 1
    other.refresh_from_db()
    assert other.status == "expired"


def test_a_closed_case_shows_no_verdicts_and_takes_no_contact(desk: Desk) -> None:
    actions.decide_approval(ask_write_off(desk, desk.small), desk.lead, approve=True)
    page = client_for(desk.collector).get(f"/cases/{desk.small.public_id}/").content.decode()
    # (the collector reads Chinese)
    assert "案件已结案：不得联系" in page and 'class="verdict ok"' not in page
    desk.refresh()
    point = desk.small.debtor.people.get().contact_points.get()
    response = client_for(desk.collector).post(
        f"/api/v1/cases/{desk.small.public_id}/contacts",
        {"contact_point": str(point.public_id), "outcome": "no_answer"},
        content_type="application/json",
    )
    assert response.status_code == 409  # the API's answer to a refusal by the case's state
    with pytest.raises(ValidationError):
        actions.log_contact(
            desk.small,
            desk.collector,
            person=point.person,
            contact_point=point,
            channel="call",
            outcome="busy",
        )
    assert not Event.objects.filter(case=desk.small, kind__in=[Kind.CONTACT, Kind.BLOCKED]).exists()
    from arrears.strategy.dialer import call_list

    assert desk.small.reference not in {row["case"] for row in call_list(ON).rows}


def test_limits_are_set_per_creditor_and_a_lead_may_not_exceed_the_manager(desk: Desk) -> None:
    creditor = desk.small.debtor.creditor
    row = ApprovalLimit(
        creditor=creditor, role=Role.TEAM_LEAD, max_write_off=Decimal("1000.00"), max_discount_pct=10
    )
    row.full_clean()
    row.save()
    req = ask_write_off(desk, desk.small)
    with pytest.raises(actions.NotAllowed, match=r"1,000\.00"):
        actions.decide_approval(req, desk.lead, approve=True)
    manager = ApprovalLimit(
        creditor=creditor, role=Role.MANAGER, max_write_off=Decimal("500.00"), max_discount_pct=50
    )
    with pytest.raises(ValidationError) as error:
        manager.full_clean()
    assert "max_write_off" in error.value.message_dict
    too_high = ApprovalLimit(
        creditor=None, role=Role.TEAM_LEAD, max_write_off=Decimal("1"), max_discount_pct=101
    )
    with pytest.raises(ValidationError) as error:
        too_high.full_clean()
    assert "max_discount_pct" in error.value.message_dict


def test_a_manager_sees_and_decides_only_in_the_teams_they_manage(desk: Desk) -> None:
    manager = client_for(desk.manager)
    assert manager.get(f"/cases/{desk.small.public_id}/").status_code == 200
    assert manager.get(f"/cases/{desk.theirs.public_id}/").status_code == 404
    theirs = actions.request_approval(desk.theirs, desk.outsider, "write_off", reason="x")
    assert decide(desk.manager, theirs).status_code == 404
    with pytest.raises(actions.NotAllowed):
        actions.decide_approval(theirs, desk.manager, approve=True)
    assert manager.get("/team/").status_code == 200
