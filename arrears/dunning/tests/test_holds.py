"""Credit holds: who proposes, who decides, the API an ERP reads, and the case page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from arrears.activity.models import Event, Kind
from arrears.cases.models import Case
from arrears.core.tokens import create_token
from arrears.dunning import holds
from arrears.dunning.models import CreditHold
from arrears.dunning.tests.world import ON, add_customer, build_b2b
from arrears.receivables.models import CustomerProfile
from arrears.strategy.shell import run_nightly
from arrears.testing.personas import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    b2b = build_b2b()
    customer = add_customer(b2b, 1, [("INV-1", 40, Decimal("5000.00"))])
    CustomerProfile.objects.create(
        debtor=customer, annual_sales=Decimal("1200000.00"), value_note="十年老客户，年采购约120万元。"
    )
    run_nightly(ON)
    return b2b, customer, Case.objects.get(debtor=customer)


def test_a_collector_proposes_and_a_lead_approves_with_evidence_on_the_case(desk) -> None:
    b2b, customer, case = desk
    hold = holds.propose_hold(customer, b2b.collector, "三次承诺未兑现")
    assert hold.status == CreditHold.Status.PROPOSED
    hold = holds.decide_hold(hold, b2b.lead, approve=True)
    assert hold.status == CreditHold.Status.ACTIVE and hold.decided_by == b2b.lead
    notes = list(
        Event.objects.filter(case=case, kind=Kind.NOTE).order_by("seq").values_list("data", flat=True)
    )
    assert [n["status"] for n in notes] == ["proposed", "active"]
    released = holds.release_hold(hold, b2b.manager, "已付清")
    assert released.status == CreditHold.Status.RELEASED


def test_a_collector_cannot_decide_and_a_compliance_officer_cannot_propose(desk) -> None:
    b2b, customer, _case = desk
    with pytest.raises(PermissionDenied):
        holds.propose_hold(customer, b2b.compliance, "x")
    hold = holds.propose_hold(customer, b2b.collector, "x")
    with pytest.raises(PermissionDenied):
        holds.decide_hold(hold, b2b.collector, approve=True)


def test_the_proposer_never_decides_even_as_a_lead(desk) -> None:
    b2b, customer, _case = desk
    hold = holds.propose_hold(customer, b2b.lead, "x")
    with pytest.raises(ValidationError):
        holds.decide_hold(hold, b2b.lead, approve=True)
    # The database says so too, whatever path writes the decision.
    with pytest.raises(IntegrityError), transaction.atomic():
        CreditHold.objects.filter(pk=hold.pk).update(decided_by=b2b.lead)


def test_one_open_hold_per_customer_and_a_rejection_needs_a_reason(desk) -> None:
    b2b, customer, _case = desk
    hold = holds.propose_hold(customer, b2b.collector, "x")
    with pytest.raises(ValidationError):
        holds.propose_hold(customer, b2b.collector, "again")
    with pytest.raises(ValidationError):
        holds.decide_hold(hold, b2b.lead, approve=False, note="")
    holds.decide_hold(hold, b2b.lead, approve=False, note="客户已安排付款")
    assert holds.propose_hold(customer, b2b.collector, "again").status == CreditHold.Status.PROPOSED


def _api(client, path, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.get(f"/api/v1/credit-holds{path}", **headers)


def test_the_api_shows_an_active_hold_to_a_token_with_the_scope(desk) -> None:
    b2b, customer, _case = desk
    hold = holds.decide_hold(holds.propose_hold(customer, b2b.collector, "停止供货"), b2b.lead, approve=True)
    _token, secret = create_token("erp", b2b.lead, ["credit_holds:read"])
    from django.test import Client

    answer = _api(Client(), f"/?customer={customer.public_id}&status=active", secret)
    assert answer.status_code == 200
    assert [(h["id"], h["status"], h["customer_ref"]) for h in answer.json()] == [
        (str(hold.public_id), "active", "C1")
    ]
    one = _api(Client(), f"/customers/{customer.public_id}", secret).json()
    assert one["on_hold"] is True and one["hold"]["reason"] == "停止供货"
    _token, wrong = create_token("dialer", b2b.lead, ["cases:read"])
    assert _api(Client(), "/", wrong).status_code == 403
    _token, outsider = create_token("other", b2b.other_lead, ["credit_holds:read"])
    assert _api(Client(), "/", outsider).json() == []
    assert _api(Client(), f"/customers/{customer.public_id}", outsider).status_code == 404


def test_a_proposed_hold_is_not_a_hold_for_the_erp(desk) -> None:
    b2b, customer, _case = desk
    holds.propose_hold(customer, b2b.collector, "x")
    one = _api(client_for(b2b.lead), f"/customers/{customer.public_id}").json()
    assert one["on_hold"] is False and one["hold"]["status"] == "proposed"


def test_the_case_page_shows_the_panel_and_the_value_note_to_the_lead(desk) -> None:
    b2b, customer, case = desk
    holds.propose_hold(customer, b2b.collector, "三次承诺未兑现")
    page = client_for(b2b.lead).get(f"/cases/{case.public_id}/").content.decode()
    assert 'data-testid="dunning-panel"' in page
    assert "十年老客户" in page and 'data-testid="decide-hold"' in page
    mine = client_for(b2b.collector).get(f"/cases/{case.public_id}/").content.decode()
    assert 'data-testid="decide-hold"' not in mine


def test_the_views_keep_the_roles(desk) -> None:
    b2b, customer, _case = desk
    answer = client_for(b2b.collector).post(
        f"/customers/{customer.public_id}/credit-hold/", {"reason": "不付款"}
    )
    assert answer.status_code == 302
    hold = CreditHold.objects.get(debtor=customer)
    # The outsider does not see the customer; the collector may not decide; the page is the leads'.
    assert (
        client_for(b2b.outsider)
        .post(f"/customers/{customer.public_id}/credit-hold/", {"reason": "x"})
        .status_code
        == 404
    )
    client_for(b2b.collector).post(f"/credit-holds/{hold.public_id}/decide/", {"decision": "approve"})
    hold.refresh_from_db()
    assert hold.status == CreditHold.Status.PROPOSED
    assert client_for(b2b.collector).get("/team/credit-holds/").status_code == 403
    assert client_for(b2b.lead).get(f"/credit-holds/{hold.public_id}/decide/").status_code == 405
    client_for(b2b.lead).post(f"/credit-holds/{hold.public_id}/decide/", {"decision": "approve", "note": ""})
    hold.refresh_from_db()
    assert hold.status == CreditHold.Status.ACTIVE
    page = client_for(b2b.lead).get("/team/credit-holds/").content.decode()
    assert 'data-testid="active-hold"' in page
