"""Limitation periods: the rule table-driven, then a case's period from the database, the
gate's time-barred refusal, the case page and the list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from arrears.activity.models import Event, Kind
from arrears.cases import actions
from arrears.cases.models import Case
from arrears.core.models import Role
from arrears.portfolio.models import Account
from arrears.recovery.actions import record_limitation_fact
from arrears.recovery.limitation import (
    ACKNOWLEDGMENT,
    DEFAULTS,
    DEMAND,
    DUE,
    PAYMENT,
    Fact,
    add_years,
    period,
)
from arrears.recovery.models import LimitationRule
from arrears.recovery.periods import case_period, is_time_barred
from arrears.strategy.shell import run_nightly
from arrears.testing.personas import (
    MONDAY,
    add_debtor,
    build_case_world,
    client_for,
    local,
    make_user,
    open_case,
    pay,
    self_person,
)

CN, UK, US = DEFAULTS["CN"], DEFAULTS["UK"], DEFAULTS["US"]
D = date.fromisoformat


@pytest.mark.parametrize(
    ("name", "rule", "due", "facts", "expires", "reason"),
    [
        ("CN: the due date plus three years", CN, "2023-05-10", [], "2026-05-10", DUE),
        (
            "CN: a part payment restarts it",
            CN,
            "2023-05-10",
            [Fact(D("2024-01-15"), PAYMENT)],
            "2027-01-15",
            PAYMENT,
        ),
        (
            "CN: an acknowledgment restarts it, spoken or written",
            CN,
            "2023-05-10",
            [Fact(D("2024-06-01"), ACKNOWLEDGMENT)],
            "2027-06-01",
            ACKNOWLEDGMENT,
        ),
        (
            "CN: a demand received restarts it",
            CN,
            "2023-05-10",
            [Fact(D("2024-02-01"), DEMAND)],
            "2027-02-01",
            DEMAND,
        ),
        (
            "CN: a payment before the due date does not",
            CN,
            "2023-05-10",
            [Fact(D("2023-05-01"), PAYMENT)],
            "2026-05-10",
            DUE,
        ),
        (
            "CN: the latest restart counts",
            CN,
            "2023-05-10",
            [Fact(D("2025-03-01"), DEMAND), Fact(D("2024-01-15"), PAYMENT)],
            "2028-03-01",
            DEMAND,
        ),
        (
            "CN: nothing revives a period that has ended",
            CN,
            "2020-01-01",
            [Fact(D("2023-06-01"), PAYMENT)],
            "2023-01-01",
            DUE,
        ),
        ("CN: 29 February plus three years is 28 February", CN, "2024-02-29", [], "2027-02-28", DUE),
        (
            "CN: 29 February plus four years is 29 February",
            DEFAULTS["CN"].__class__(4),
            "2024-02-29",
            [],
            "2028-02-29",
            DUE,
        ),
        ("UK: six years for a simple contract", UK, "2020-03-10", [], "2026-03-10", DUE),
        (
            "UK: a part payment restarts it",
            UK,
            "2020-03-10",
            [Fact(D("2022-07-01"), PAYMENT)],
            "2028-07-01",
            PAYMENT,
        ),
        (
            "UK: only a written acknowledgment restarts it",
            UK,
            "2020-03-10",
            [Fact(D("2021-01-01"), ACKNOWLEDGMENT), Fact(D("2022-01-01"), ACKNOWLEDGMENT, written=True)],
            "2028-01-01",
            ACKNOWLEDGMENT,
        ),
        ("UK: a demand does not", UK, "2020-03-10", [Fact(D("2022-07-01"), DEMAND)], "2026-03-10", DUE),
        ("US: the six-year default", US, "2020-03-10", [], "2026-03-10", DUE),
    ],
)
def test_limitation_dates(name, rule, due, facts, expires, reason) -> None:
    found = period(rule, D(due), facts)
    assert found is not None, name
    assert (found.expires_on, found.reason) == (D(expires), reason), name


def test_nothing_unpaid_runs_no_period() -> None:
    assert period(CN, None, [Fact(D("2024-01-15"), PAYMENT)]) is None


def test_add_years_keeps_the_day_or_takes_the_month_end() -> None:
    assert add_years(D("2023-01-31"), 3) == D("2026-01-31")
    assert add_years(D("2024-02-29"), 1) == D("2025-02-28")


# --- From the database ----------------------------------------------------------------------

THREE_YEARS_AGO = add_years(MONDAY, -3)
# Contact-window time on MONDAY, and the text: the institution named (CN-ID-01), then a true,
# conditional consequence, which passes on a debt that is not time-barred and is litigation
# language on one that is (CN-LIMIT-01).
MORNING = local(MONDAY, 10)
TEXT = "您好，我是某某银行的工作人员。若债权人依法起诉并获得法院判决，可以申请强制执行。"


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(local(MONDAY, 9), tick=False):
        yield


def old_case(n: int, due: date) -> Case:
    world = build_case_world(code=f"c{n}", team_name=f"Team {n}")
    debtor = add_debtor(world, n, dpd=(MONDAY - due).days)
    run_nightly(MONDAY)
    return open_case(debtor)


@pytest.mark.django_db
def test_a_case_past_its_date_gets_the_gates_time_barred_refusal(frozen: None) -> None:
    # Due three years and a day ago: the period ended yesterday.
    barred = old_case(1, THREE_YEARS_AGO - timedelta(days=1))
    found = case_period(barred, MONDAY)
    assert found is not None and found.expires_on == MONDAY - timedelta(days=1)
    assert is_time_barred(barred, MORNING)
    person = self_person(barred.debtor)
    phone = person.contact_points.get(kind="phone")
    with pytest.raises(actions.ContactBlocked) as blocked:
        actions.log_contact(
            barred,
            barred.owner,
            person=person,
            channel="call",
            outcome="no_answer",
            contact_point=phone,
            at=MORNING,
            text=TEXT,
        )
    assert "CN-LIMIT-01" in blocked.value.decision.rule_ids
    # Due exactly three years ago: the period ends today; the same words are not refused
    # for it.
    alive = old_case(2, THREE_YEARS_AGO)
    assert not is_time_barred(alive, MORNING)
    person = self_person(alive.debtor)
    event = actions.log_contact(
        alive,
        alive.owner,
        person=person,
        channel="call",
        outcome="no_answer",
        contact_point=person.contact_points.get(kind="phone"),
        at=MORNING,
        text=TEXT,
    )
    assert event.kind == Kind.CONTACT and event.decision.allowed


@pytest.mark.django_db
def test_a_part_payment_and_a_recorded_acknowledgment_restart_it(frozen: None) -> None:
    case = old_case(3, THREE_YEARS_AGO - timedelta(days=10))
    assert is_time_barred(case)
    # A part payment within the period (two years ago) restarts it.
    pay(case.debtor, Decimal("10.00"), local(add_years(MONDAY, -2), 12), "P-part")
    found = case_period(case, MONDAY)
    assert found is not None and found.period.reason == PAYMENT
    assert found.expires_on == add_years(MONDAY, 1)
    assert not is_time_barred(case)
    # An acknowledgment the collector records restarts it from its day.
    record_limitation_fact(
        case, case.owner, Kind.DEBT_ACKNOWLEDGED, on=MONDAY - timedelta(days=1), today=MONDAY, written=True
    )
    found = case_period(case, MONDAY)
    assert found is not None and found.period.reason == ACKNOWLEDGMENT
    assert found.expires_on == add_years(MONDAY - timedelta(days=1), 3)
    event = Event.objects.filter(case=case).order_by("-seq").first()
    assert event is not None and event.data == {
        "on": (MONDAY - timedelta(days=1)).isoformat(),
        "written": True,
    }


@pytest.mark.django_db
def test_a_rule_for_the_product_overrides_the_profiles_default(frozen: None) -> None:
    case = old_case(4, THREE_YEARS_AGO - timedelta(days=10))
    assert is_time_barred(case)
    LimitationRule.objects.create(profile="CN", product=Account.Product.CONSUMER_LOAN, years=5)
    assert not is_time_barred(case)
    LimitationRule.objects.create(profile="CN", product="", years=2)  # other products only
    found = case_period(case, MONDAY)
    assert found is not None and found.rule.years == 5


@pytest.mark.django_db
def test_the_case_page_and_the_list_show_the_date(frozen: None) -> None:
    case = old_case(5, THREE_YEARS_AGO + timedelta(days=30))  # ends in 30 days
    assert case.owner is not None
    lead = make_user("lead", Role.TEAM_LEAD, case.team, language="zh-hans")
    client = client_for(lead)
    page = client.get(reverse("cases:case", args=[case.public_id])).content.decode()
    assert "诉讼时效届满日" in page
    assert add_years(THREE_YEARS_AGO + timedelta(days=30), 3).isoformat() in page
    listing = client.get(reverse("recovery:limitation")).content.decode()
    assert case.reference in listing
    assert client_for(case.owner).get(reverse("recovery:limitation")).status_code == 403
    far = old_case(6, MONDAY - timedelta(days=40))  # ends in about three years
    assert far.reference not in client.get(reverse("recovery:limitation")).content.decode()


@pytest.mark.django_db
def test_the_form_on_the_case_page_records_a_demand_received(frozen: None) -> None:
    case = old_case(7, THREE_YEARS_AGO + timedelta(days=30))
    assert case.owner is not None
    client = client_for(case.owner)
    url = reverse("recovery:limitation_fact", args=[case.public_id])
    response = client.post(url, {"kind": "demand_received", "on": MONDAY.isoformat(), "channel": "sms"})
    assert response.status_code == 200
    event = Event.objects.filter(case=case).order_by("-seq").first()
    assert event is not None and event.kind == Kind.DEMAND_RECEIVED
    assert event.data == {"on": MONDAY.isoformat(), "channel": "sms"}
    tomorrow = (MONDAY + timedelta(days=1)).isoformat()
    assert client.post(url, {"kind": "demand_received", "on": tomorrow}).status_code == 400
    assert (
        client_for(make_user("officer", Role.COMPLIANCE, None))
        .post(url, {"kind": "demand_received", "on": MONDAY.isoformat()})
        .status_code
        == 403
    )
