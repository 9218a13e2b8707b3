"""The contact gate as the case sees it: the account facts of a request, the verdict on
every contact point (the case page), and the check-and-keep of one contact."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from arrears.activity import actions as evidence
from arrears.activity.models import Channel
from arrears.cases.actions.common import User, _now
from arrears.cases.models import CareHold, Case, Dispute
from arrears.compliance.actions import Checked, active_policy
from arrears.compliance.gate import Decision, evaluate
from arrears.compliance.models import ContactDecision
from arrears.compliance.request import parse_request
from arrears.compliance.shell import build_request, check_and_keep
from arrears.contacts.models import ContactPoint, Person, Preference, Relationship
from arrears.portfolio.models import Debtor

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verdict:
    """The gate's verdict on calling one contact point now (the case page)."""

    person: Person
    contact_point: ContactPoint
    channel: str
    decision: Decision | None
    problem: str = ""

    @property
    def allowed(self) -> bool:
        return self.decision is not None and self.decision.allowed


def gate_context(
    case: Case, at: datetime | None = None, *, time_barred: bool | None = None
) -> dict[str, Any]:
    """The account and preference facts of the request, from the case and the debtor, at
    `at` (default now: the limitation period's end is compared with that day).
    `time_barred`, when the caller has computed it already (the case page)."""
    from arrears.recovery.periods import is_time_barred

    debtor = case.debtor
    account: dict[str, Any] = {"consumer": debtor.kind == "person"}
    # Past the end of its limitation period (arrears/recovery/limitation.py) the claim is
    # time-barred: the gate then refuses litigation language (CN-LIMIT-01, US-TB-01, UK-SB-01).
    if time_barred if time_barred is not None else is_time_barred(case, at):
        account["time_barred"] = True
    disputes = list(Dispute.objects.filter(case__debtor=debtor).order_by("raised_at"))
    open_disputes = [d for d in disputes if d.is_open]
    if open_disputes:
        account["dispute_open"] = True
        written = [d for d in open_disputes if d.written]
        if written:
            account["written_dispute_at"] = written[0].raised_at.isoformat()
    elif disputes:
        verified = [d.verified_at for d in disputes if d.verified_at]
        if verified:
            account["dispute_verified_at"] = max(verified).isoformat()
    _care_facts(account, debtor)
    # Bankruptcy and death notices (arrears.recovery): every collection contact stops.
    from arrears.recovery.models import live_notices

    notices = live_notices(debtor.pk)
    if "bankruptcy" in notices:
        account["bankruptcy"] = True
    if "deceased" in notices:
        account["deceased"] = True
    preferences: dict[str, Any] = {}
    opted_out: set[str] = set()
    inconvenient: list[dict[str, Any]] = []
    for pref in Preference.objects.filter(debtor=debtor, withdrawn_at__isnull=True):
        if pref.kind == Preference.Kind.CEASE:
            account.setdefault("cease_requested_at", pref.recorded_at.isoformat())
        elif pref.kind == Preference.Kind.REFUSED:
            account.setdefault("refused_in_writing_at", pref.recorded_at.isoformat())
        elif pref.kind == Preference.Kind.OPT_OUT_CHANNEL and pref.channel:
            opted_out.add(pref.channel)
        elif pref.kind == Preference.Kind.NO_WORKPLACE:
            preferences["no_workplace_contact"] = True
        elif pref.kind == Preference.Kind.INCONVENIENT_TIME and pref.slot:
            inconvenient.append(pref.slot)
    if opted_out:
        preferences["opted_out_channels"] = sorted(opted_out)
    if inconvenient:
        preferences["inconvenient_times"] = inconvenient
    return {"account": account, "preferences": preferences, "debt_id": case.reference}


def _care_facts(account: dict[str, Any], debtor: Any) -> None:
    """CARE-HOLD's facts: the earliest open hold on any case of the debtor (the person is
    in crisis, whichever case raised it), and the latest end of a reviewed hold's waiting
    period (the gate compares it with the contact's time)."""
    holds = CareHold.objects.filter(case__debtor=debtor).values_list(
        "raised_at", "reviewed_at", "resume_after"
    )
    open_since = [raised for raised, reviewed, _resume in holds if reviewed is None]
    if open_since:
        account["care_hold_since"] = min(open_since).isoformat()
    waits = [resume for _raised, reviewed, resume in holds if reviewed is not None and resume is not None]
    if waits:
        account["care_resume_after"] = max(waits).isoformat()
_CHANNEL_FOR_KIND = {
    ContactPoint.Kind.PHONE: Channel.CALL,
    ContactPoint.Kind.EMAIL: Channel.EMAIL,
    ContactPoint.Kind.ADDRESS: Channel.LETTER,
}


def channel_for(point: ContactPoint) -> str:
    """The usual outbound channel of a contact point; "" for a kind the gate does not know
    (the database refuses such rows now, but older rows or a restored backup may hold one:
    the case page shows it as a problem rather than failing)."""
    return _CHANNEL_FOR_KIND.get(point.kind, "")  # type: ignore[call-overload]


def contact_verdicts(
    case: Case,
    at: datetime | None = None,
    people: Sequence[Person] | None = None,
    *,
    time_barred: bool | None = None,
) -> list[Verdict]:
    """The gate's verdict, now, on the usual channel of every contact point of the case's
    people (nothing is recorded: this is what the case page shows before a call). A caller
    that has the debtor's people, or the case's limitation, already passes them."""
    at = _now(at)
    people = list(case.debtor.people.all()) if people is None else list(people)
    points = list(
        ContactPoint.objects.filter(person__in=people)
        .select_related("person")
        .order_by("person_id", "kind", "id")
    )
    if not case.is_open:
        # A closed case takes no contact (log_contact and plan_visit refuse it): no verdicts.
        return [Verdict(p.person, p, channel_for(p), None, _("case closed: no contact")) for p in points]
    debtor_self = next((p for p in people if p.relationship == Relationship.SELF), None)
    own_points = [p for p in points if debtor_self is not None and p.person_id == debtor_self.pk]
    history = evidence.contact_history(case.debtor, at)
    context = gate_context(case, at, time_barred=time_barred)
    verdicts = []
    # One policy version for every check of this debtor (not one query per point).
    version = active_policy(case.debtor.jurisdiction)
    policy = version.policy()
    for point in points:
        channel = channel_for(point)
        if not point.valid:
            verdicts.append(
                Verdict(point.person, point, channel, None, point.invalid_reason or _("marked invalid"))
            )
            continue
        if not channel:
            log.error(
                "contact point %s of case %s has an unknown kind %r", point.pk, case.reference, point.kind
            )
            verdicts.append(
                Verdict(point.person, point, channel, None, _("unknown kind: the gate cannot judge it"))
            )
            continue
        try:
            request = build_request(
                case.debtor,
                point.person,
                point,
                channel,
                at,
                _purpose_for(point.person),
                history=history,
                debtor_self=debtor_self,
                debtor_points=own_points,
                **context,
            )
            decision = evaluate(parse_request(request), policy, version=version.version)
        except Exception:
            # One damaged row (a person's unknown relationship, a malformed stored fact) must
            # not take the whole case page down: this point gets no verdict, and no contact.
            log.exception("no gate verdict for contact point %s of case %s", point.pk, case.reference)
            verdicts.append(
                Verdict(point.person, point, channel, None, _("the gate cannot judge this entry"))
            )
            continue
        verdicts.append(Verdict(point.person, point, channel, decision))
    return verdicts


def _purpose_for(person: Person) -> str:
    # To anyone but the debtor (and co-obligors), a call may only locate the debtor.
    if person.relationship in (Relationship.SELF, Relationship.GUARANTOR, Relationship.CO_BORROWER):
        return "collect"
    return "location"


def lock_debtor(debtor_id: int) -> None:
    """Serialise the gate's check and the contact it lets through, per debtor.

    The gate counts the debtor's contact history; two contacts checked at once would each
    see the old count and both pass a cap meant for one. So whoever asks the gate about a
    debtor first locks the debtor's row (PostgreSQL: SELECT ... FOR UPDATE; a second check
    waits until the first has appended its event and committed, then reads the history
    afresh). SQLite has no row locks: there the settings open every transaction with BEGIN
    IMMEDIATE, which takes the database's write lock before the history is read.
    Must run inside the transaction that appends the contact."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_debtor outside a transaction locks nothing")
    list(Debtor.objects.select_for_update().filter(pk=debtor_id).values_list("pk", flat=True))


def _gate(
    case: Case,
    user: User,
    person: Person,
    point: ContactPoint | None,
    channel: str,
    at: datetime,
    purpose: str,
    text: str | None,
    visitors: int = 0,
) -> tuple[Checked, ContactDecision]:
    """Check one contact against the debtor's history and keep the decision. The caller's
    transaction must also append the contact's event: the lock is held until it commits."""
    lock_debtor(case.debtor_id)
    history = evidence.contact_history(case.debtor, at)
    return check_and_keep(
        user,
        case.debtor,
        person,
        point,
        channel,
        at,
        purpose,
        text,
        history=history,
        case_reference=case.reference,
        visitors=visitors,
        **gate_context(case, at),
    )
