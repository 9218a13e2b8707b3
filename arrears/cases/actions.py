"""Named state changes of a case. Web, API, admin and the nightly run call these.

Every outbound contact goes through `log_contact` or `plan_visit`, which ask the contact
gate first (arrears.compliance.shell) with the debtor's real history from the evidence
trail; a blocked contact is kept as a `blocked` event and raised as ContactBlocked, which
carries the rule, the reason and the next allowed time. Every change appends an event.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as AuthUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.activity import actions as evidence
from arrears.activity.models import Channel, Kind, Outcome
from arrears.cases.models import (
    Assignment,
    Case,
    Dispute,
    PaymentPlan,
    Promise,
    Stage,
    StageRecommendation,
    Task,
    Visit,
)
from arrears.compliance.actions import Checked, active_policy
from arrears.compliance.gate import Decision, evaluate
from arrears.compliance.models import ContactDecision
from arrears.compliance.request import parse_request
from arrears.compliance.shell import build_request, check_and_keep
from arrears.contacts.models import ContactPoint, Person, Preference, Relationship
from arrears.core.models import READ_ONLY_ROLES, Role

User = AuthUser | AnonymousUser | None


def _who(user: User) -> AuthUser | None:
    return user if isinstance(user, AuthUser) else None


# Information repair (信息修复): the lawful sources a collector may try, in order. The
# articles' pretexts (posing as a courier, asking neighbours as someone else) are not here:
# compliance.md forbids them.
REPAIR_SOURCES: tuple[str, ...] = (
    "creditor_records",  # the creditor's own systems: newer numbers and addresses
    "application_form",  # every number and address on the application and its updates
    "references_location_only",  # references and relatives, to locate only (no debt talk)
    "employer_switchboard_location_only",
    "public_directories",  # public business registries, court and enforcement lists
    "debtor_inbound",  # the debtor's own calls, payments and app logins
)


class ContactBlocked(Exception):
    """The gate refused a contact. `decision` says which rule, why, and until when."""

    def __init__(self, decision: Decision, kept: ContactDecision | None = None) -> None:
        self.decision = decision
        self.kept = kept
        super().__init__(", ".join(decision.rule_ids))


class NotAllowed(Exception):
    """The user's role may not make this change (read-only roles, a collector's scope)."""


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


def _can_change(user: User) -> None:
    profile = getattr(user, "profile", None)
    if user is None or not user.is_authenticated or profile is None or profile.role in READ_ONLY_ROLES:
        raise NotAllowed(_("Your role may not change cases."))


def _now(at: datetime | None) -> datetime:
    return at if at is not None else timezone.now()


def _local_date(at: datetime) -> date:
    return timezone.localtime(at).date()


def _replan(case: Case, on: date | None = None) -> None:
    from arrears.strategy.shell import replan

    replan([case.debtor_id], on or timezone.localdate())


# -- the contact gate -------------------------------------------------------------


def gate_context(case: Case) -> dict[str, Any]:
    """The account and preference facts of the request, from the case and the debtor."""
    debtor = case.debtor
    account: dict[str, Any] = {"consumer": debtor.kind == "person"}
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


def channel_for(point: ContactPoint) -> str:
    """The usual outbound channel of a contact point."""
    return {"phone": Channel.CALL, "email": Channel.EMAIL, "address": Channel.LETTER}[point.kind]


def contact_verdicts(
    case: Case, at: datetime | None = None, people: Sequence[Person] | None = None
) -> list[Verdict]:
    """The gate's verdict, now, on the usual channel of every contact point of the case's
    people (nothing is recorded: this is what the case page shows before a call). A caller
    that has the debtor's people already passes them."""
    at = _now(at)
    people = list(case.debtor.people.all()) if people is None else list(people)
    points = list(
        ContactPoint.objects.filter(person__in=people)
        .select_related("person")
        .order_by("person_id", "kind", "id")
    )
    debtor_self = next((p for p in people if p.relationship == Relationship.SELF), None)
    own_points = [p for p in points if debtor_self is not None and p.person_id == debtor_self.pk]
    history = evidence.contact_history(case.debtor, at)
    context = gate_context(case)
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
        verdicts.append(Verdict(point.person, point, channel, decision))
    return verdicts


def _purpose_for(person: Person) -> str:
    # To anyone but the debtor (and co-obligors), a call may only locate the debtor.
    if person.relationship in (Relationship.SELF, Relationship.GUARANTOR, Relationship.CO_BORROWER):
        return "collect"
    return "location"


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
        **gate_context(case),
    )


def log_contact(
    case: Case,
    user: User,
    *,
    person: Person,
    channel: str,
    outcome: str,
    contact_point: ContactPoint | None = None,
    at: datetime | None = None,
    reaction: str = "",
    note: str = "",
    text: str | None = None,
    purpose: str | None = None,
    callback_at: datetime | None = None,
) -> Any:
    """Ask the gate, then record one contact attempt and what follows from its outcome.

    Raises ContactBlocked when the gate refuses; the refusal is kept first (a `blocked`
    event and the decision row), since it is evidence too.
    """
    _can_change(user)
    at = _now(at)
    if person.debtor_id != case.debtor_id:
        raise ValidationError(_("This person is not connected to the case's debtor."))
    if contact_point is not None and contact_point.person_id != person.pk:
        raise ValidationError(_("This contact point belongs to someone else."))
    if channel not in Channel.values or channel == Channel.VISIT:
        raise ValidationError(_("Record visits through the visit plan."))
    if outcome not in Outcome.values:
        raise ValidationError(_("Unknown outcome."))
    if outcome == Outcome.CALLBACK_REQUESTED and callback_at is None:
        raise ValidationError(_("A callback needs the time the debtor asked for."))
    if not case.is_open:
        raise ValidationError(_("The case is closed."))
    purpose = purpose or _purpose_for(person)
    with transaction.atomic():
        checked, kept = _gate(case, user, person, contact_point, channel, at, purpose, text)
        values: dict[str, Any] = {
            "channel": channel,
            "person_id": person.pk,
            "contact_point_id": contact_point.pk if contact_point else None,
            "decision_id": kept.pk,
        }
        if not checked.decision.allowed:
            evidence.append(
                case,
                Kind.BLOCKED,
                actor=user,
                at=at,
                data={
                    "rule_ids": list(checked.decision.rule_ids),
                    "purpose": purpose,
                },
                **values,
            )
        else:
            event = evidence.append(
                case,
                Kind.CONTACT,
                actor=user,
                at=at,
                outcome=outcome,
                reaction=reaction,
                note=note,
                data={"purpose": purpose, **({"text": text} if text else {})},
                **values,
            )
            if outcome in (Outcome.WRONG_NUMBER, Outcome.INVALID_NUMBER) and contact_point is not None:
                mark_contact_point(case, user, contact_point, valid=False, reason=str(Outcome(outcome).label))
            if outcome == Outcome.CALLBACK_REQUESTED and callback_at is not None:
                open_task(case, user, Task.Kind.CALLBACK, due_at=callback_at, note=note)
            _replan(case, _local_date(at))
    if not checked.decision.allowed:
        raise ContactBlocked(checked.decision, kept)
    return event


# -- promises and plans --------------------------------------------------------------


def _check_money(amount: Decimal) -> Decimal:
    if not isinstance(amount, Decimal):
        raise TypeError("money must be a Decimal")
    if amount <= 0:
        raise ValidationError(_("The amount must be more than zero."))
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def make_promise(
    case: Case,
    user: User,
    *,
    amount: Decimal,
    due_on: date,
    channel: str = "",
    at: datetime | None = None,
    note: str = "",
) -> Promise:
    _can_change(user)
    at = _now(at)
    today = _local_date(at)
    amount = _check_money(amount)
    if due_on < today:
        raise ValidationError(_("A promise cannot fall due in the past."))
    if not case.is_open:
        raise ValidationError(_("The case is closed."))
    promise = Promise.objects.create(
        case=case,
        amount=amount,
        due_on=due_on,
        counts_from=today,
        channel=channel,
        created_by=_who(user),
    )
    evidence.append(
        case,
        Kind.PROMISE_MADE,
        actor=user,
        at=at,
        note=note,
        data={
            "promise": str(promise.public_id),
            "amount": str(amount),
            "due_on": due_on.isoformat(),
            "channel": channel,
        },
    )
    _replan(case, today)
    return promise


@transaction.atomic
def make_plan(
    case: Case,
    user: User,
    instalments: Sequence[tuple[date, Decimal]],
    *,
    at: datetime | None = None,
    note: str = "",
) -> PaymentPlan:
    """A payment plan: instalments in date order, each a promise whose payments count from
    the day after the previous instalment (so one payment never counts twice)."""
    _can_change(user)
    at = _now(at)
    today = _local_date(at)
    if len(instalments) < 2:
        raise ValidationError(_("A payment plan has at least two instalments."))
    dates = [d for d, _a in instalments]
    if dates != sorted(dates) or len(set(dates)) != len(dates) or dates[0] < today:
        raise ValidationError(_("Instalment dates must be in the future, distinct and in order."))
    amounts = [_check_money(a) for _d, a in instalments]
    plan = PaymentPlan.objects.create(
        case=case,
        total=sum(amounts, Decimal(0)),
        created_on=today,
        created_by=_who(user),
    )
    start = today
    for number, (due_on, amount) in enumerate(zip(dates, amounts, strict=True), start=1):
        Promise.objects.create(
            case=case,
            plan=plan,
            instalment=number,
            amount=amount,
            due_on=due_on,
            counts_from=start,
            created_by=plan.created_by,
        )
        start = due_on + timedelta(days=1)
    evidence.append(
        case,
        Kind.PLAN_MADE,
        actor=user,
        at=at,
        note=note,
        data={
            "plan": str(plan.public_id),
            "total": str(plan.total),
            "instalments": [[d.isoformat(), str(a)] for d, a in zip(dates, amounts, strict=True)],
        },
    )
    _replan(case, today)
    return plan


# -- tasks ---------------------------------------------------------------------------


def open_task(
    case: Case,
    user: User,
    kind: str,
    *,
    due_on: date | None = None,
    due_at: datetime | None = None,
    note: str = "",
    promise: Promise | None = None,
    checklist: Iterable[str] = (),
) -> Task:
    if due_on is None:
        due_on = _local_date(due_at) if due_at is not None else timezone.localdate()
    task = Task.objects.create(
        case=case,
        kind=kind,
        due_on=due_on,
        due_at=due_at,
        note=note,
        promise=promise,
        assigned_to=case.owner,
        checklist=[{"source": s, "done": False} for s in checklist],
    )
    evidence.append(
        case,
        Kind.TASK_OPENED,
        actor=user,
        data={
            "task": str(task.public_id),
            "kind": kind,
            "due_on": due_on.isoformat(),
            "due_at": due_at.isoformat() if due_at else None,
        },
    )
    return task


@transaction.atomic
def complete_task(task: Task, user: User, *, note: str = "") -> Task:
    _can_change(user)
    if task.status != Task.Status.OPEN:
        raise ValidationError(_("The task is not open."))
    task.status = Task.Status.DONE
    task.done_at = timezone.now()
    task.done_by = _who(user)
    task.save(update_fields=["status", "done_at", "done_by"])
    evidence.append(
        task.case,
        Kind.TASK_DONE,
        actor=user,
        note=note,
        data={
            "task": str(task.public_id),
            "kind": task.kind,
        },
    )
    _replan(task.case)
    return task


# -- contact data (information repair) ----------------------------------------------


@transaction.atomic
def add_contact_point(
    case: Case,
    user: User,
    *,
    person: Person,
    kind: str,
    value: str,
    source: str,
    verification: str = ContactPoint.Verification.UNVERIFIED,
    address_kind: str = "",
    is_workplace: bool = False,
) -> ContactPoint:
    _can_change(user)
    if person.debtor_id != case.debtor_id:
        raise ValidationError(_("This person is not connected to the case's debtor."))
    value = value.strip()
    if not value:
        raise ValidationError(_("The value is empty."))
    if source not in ContactPoint.Source.values:
        raise ValidationError(_("Say where the contact point came from."))
    point, created = ContactPoint.objects.get_or_create(
        person=person,
        kind=kind,
        value=value,
        defaults={
            "source": source,
            "verification": verification,
            "address_kind": address_kind,
            "is_workplace": is_workplace,
        },
    )
    if created:
        evidence.append(
            case,
            Kind.CONTACT_POINT_ADDED,
            actor=user,
            person_id=person.pk,
            contact_point_id=point.pk,
            data={"kind": kind, "source": source, "verification": verification},
        )
    _replan(case)
    return point


@transaction.atomic
def mark_contact_point(
    case: Case,
    user: User,
    point: ContactPoint,
    *,
    valid: bool | None = None,
    verification: str | None = None,
    reason: str = "",
) -> ContactPoint:
    _can_change(user)
    changes: dict[str, Any] = {}
    if valid is not None and valid != point.valid:
        point.valid = valid
        point.invalid_reason = "" if valid else reason[:200]
        changes["valid"] = valid
    if verification is not None and verification != point.verification:
        point.verification = verification
        changes["verification"] = verification
    if not changes:
        return point
    point.save(update_fields=["valid", "invalid_reason", "verification"])
    evidence.append(
        case,
        Kind.CONTACT_POINT_MARKED,
        actor=user,
        person_id=point.person_id,
        contact_point_id=point.pk,
        note=reason,
        data=changes,
    )
    if changes.get("valid") is False:
        _open_repair_if_unreachable(case, user)
    return point


def _open_repair_if_unreachable(case: Case, user: User) -> Task | None:
    """Every phone of the debtor invalid: open an information-repair task (once)."""
    phones = ContactPoint.objects.filter(
        person__debtor=case.debtor, person__relationship=Relationship.SELF, kind=ContactPoint.Kind.PHONE
    )
    if phones.filter(valid=True).exists() or not phones.exists():
        return None
    return ensure_repair_task(case, user)


def ensure_repair_task(case: Case, user: User) -> Task:
    existing = case.tasks.filter(kind=Task.Kind.INFO_REPAIR, status=Task.Status.OPEN).first()
    if existing is not None:
        return existing
    return open_task(
        case,
        user,
        Task.Kind.INFO_REPAIR,
        checklist=REPAIR_SOURCES,
        note=_("The debtor cannot be reached: find and verify new contact data."),
    )


# -- disputes and preferences ---------------------------------------------------------


@transaction.atomic
def open_dispute(
    case: Case, user: User, *, summary: str, written: bool = False, at: datetime | None = None
) -> Dispute:
    _can_change(user)
    at = _now(at)
    if not summary.strip():
        raise ValidationError(_("Say what the debtor disputes."))
    dispute = Dispute.objects.create(
        case=case,
        raised_at=at,
        written=written,
        summary=summary.strip(),
        raised_by=_who(user),
    )
    evidence.append(case, Kind.DISPUTE_OPENED, actor=user, at=at, note=summary, data={"written": written})
    open_task(case, user, Task.Kind.DISPUTE, due_on=_local_date(at) + timedelta(days=5), note=summary)
    return dispute


@transaction.atomic
def record_preference(
    case: Case,
    user: User,
    *,
    kind: str,
    channel: str = "",
    slot: dict[str, Any] | None = None,
    note: str = "",
    at: datetime | None = None,
) -> Preference:
    _can_change(user)
    if kind not in Preference.Kind.values:
        raise ValidationError(_("Unknown preference."))
    if kind == Preference.Kind.OPT_OUT_CHANNEL and channel not in Channel.values:
        raise ValidationError(_("Say which channel."))
    at = _now(at)
    pref = Preference.objects.create(
        debtor=case.debtor,
        kind=kind,
        channel=channel,
        slot=slot,
        note=note,
        recorded_at=at,
        recorded_by=_who(user),
    )
    evidence.append(
        case,
        Kind.PREFERENCE_RECORDED,
        actor=user,
        at=at,
        note=note,
        data={"kind": kind, "channel": channel, "slot": slot},
    )
    return pref


# -- field visits ------------------------------------------------------------------------


def plan_visit(
    case: Case, user: User, *, address: ContactPoint, planned_at: datetime, staff: Sequence[Any]
) -> Visit:
    """Plan a visit; the gate checks the time, the profile's rules on visits and the
    number of staff (CN-VISIT-01: never alone)."""
    _can_change(user)
    if address.kind != ContactPoint.Kind.ADDRESS or address.person.debtor_id != case.debtor_id:
        raise ValidationError(_("Choose one of the debtor's addresses."))
    staff = list(dict.fromkeys(staff))
    with transaction.atomic():
        checked, kept = _gate(
            case,
            user,
            address.person,
            address,
            Channel.VISIT,
            planned_at,
            _purpose_for(address.person),
            None,
            visitors=len(staff),
        )
        if not checked.decision.allowed:
            evidence.append(
                case,
                Kind.BLOCKED,
                actor=user,
                at=planned_at,
                channel=Channel.VISIT,
                person_id=address.person_id,
                contact_point_id=address.pk,
                decision_id=kept.pk,
                data={"rule_ids": list(checked.decision.rule_ids), "visitors": len(staff)},
            )
        else:
            visit = _create_visit(case, user, address, planned_at, staff, kept)
    if not checked.decision.allowed:
        raise ContactBlocked(checked.decision, kept)
    return visit


def _create_visit(
    case: Case,
    user: User,
    address: ContactPoint,
    planned_at: datetime,
    staff: list[Any],
    kept: ContactDecision,
) -> Visit:
    visit = Visit.objects.create(
        case=case,
        address=address,
        address_kind=address.address_kind,
        planned_at=planned_at,
        planned_by=_who(user),
    )
    visit.staff.set(staff)
    evidence.append(
        case,
        Kind.VISIT_PLANNED,
        actor=user,
        at=planned_at,
        channel=Channel.VISIT,
        person_id=address.person_id,
        contact_point_id=address.pk,
        decision_id=kept.pk,
        data={
            "visit": str(visit.public_id),
            "staff": [s.pk for s in staff],
            "address_kind": address.address_kind,
        },
    )
    open_task(case, user, Task.Kind.VISIT, due_at=planned_at, note=address.get_address_kind_display())
    return visit


VISIT_OUTCOME = {
    Visit.Status.DONE: Outcome.VISIT_DONE,
    Visit.Status.NOT_FOUND: Outcome.VISIT_NOT_FOUND,
    Visit.Status.NOT_HOME: Outcome.VISIT_NOT_HOME,
}


@transaction.atomic
def record_visit(
    visit: Visit,
    user: User,
    *,
    status: str,
    occurred_at: datetime,
    note: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> Visit:
    _can_change(user)
    if visit.status != Visit.Status.PLANNED:
        raise ValidationError(_("This visit is already recorded."))
    if status not in VISIT_OUTCOME:
        raise ValidationError(_("Unknown visit outcome."))
    visit.status, visit.occurred_at, visit.note = status, occurred_at, note
    visit.latitude, visit.longitude = latitude, longitude
    visit.save()
    evidence.append(
        visit.case,
        Kind.VISIT_RECORDED,
        actor=user,
        at=occurred_at,
        channel=Channel.VISIT,
        person_id=visit.address.person_id,
        contact_point_id=visit.address_id,
        outcome=VISIT_OUTCOME[Visit.Status(status)],
        note=note,
        data={
            "visit": str(visit.public_id),
            "location": [str(latitude), str(longitude)] if latitude is not None else None,
        },
    )
    for task in visit.case.tasks.filter(kind=Task.Kind.VISIT, status=Task.Status.OPEN):
        complete_task(task, user)
    if status == Visit.Status.NOT_FOUND:
        mark_contact_point(
            visit.case,
            user,
            visit.address,
            verification=ContactPoint.Verification.FAILED,
            reason=_("Not found at the address"),
        )
    return visit


# -- ownership and stages ----------------------------------------------------------------


@transaction.atomic
def reassign(case: Case, owner: Any, user: User, *, reason: str = "") -> Case:
    """A team lead hands a case to another collector of the case's team."""
    _can_change(user)
    profile = getattr(user, "profile", None)
    if profile is None or profile.role not in (Role.TEAM_LEAD, Role.ADMIN):
        raise NotAllowed(_("Only a team lead reassigns cases."))
    target = getattr(owner, "profile", None)
    if (
        target is None
        or target.role not in (Role.COLLECTOR, Role.FIELD_COLLECTOR)
        or (case.team_id is not None and target.team_id != case.team_id)
    ):
        raise ValidationError(_("Choose a collector of the case's team."))
    if owner.pk == case.owner_id:
        return case
    previous = case.owner
    Assignment.objects.create(
        case=case,
        owner=owner,
        previous_owner=previous,
        rule=Assignment.Rule.TEAM_LEAD,
        assigned_by=_who(user),
        reason=reason,
        at=timezone.now(),
    )
    case.owner = owner
    case.save(update_fields=["owner"])
    case.tasks.filter(status=Task.Status.OPEN).update(assigned_to=owner)
    evidence.append(
        case,
        Kind.ASSIGNED,
        actor=user,
        note=reason,
        data={
            "owner": owner.pk,
            "previous_owner": previous.pk if previous else None,
            "rule": "team_lead",
        },
    )
    return case


@transaction.atomic
def move_stage(case: Case, to_stage: str, user: User, *, reason: str, rule: str = "manual") -> Case:
    _can_change(user)
    if to_stage not in Stage.values or to_stage == Stage.CLOSED:
        raise ValidationError(_("Unknown stage."))
    if not reason.strip():
        raise ValidationError(_("A stage change needs a reason."))
    if to_stage == case.stage:
        return case
    evidence.append(
        case,
        Kind.STAGE_CHANGED,
        actor=user,
        note=reason,
        data={
            "from": case.stage,
            "to": to_stage,
            "rule": rule,
        },
    )
    case.stage = to_stage
    case.save(update_fields=["stage"])
    case.recommendations.filter(status=StageRecommendation.Status.PENDING).update(
        status=StageRecommendation.Status.SUPERSEDED
    )
    _replan(case)
    return case


@transaction.atomic
def decide_recommendation(rec: StageRecommendation, user: User, *, confirm: bool) -> StageRecommendation:
    _can_change(user)
    profile = getattr(user, "profile", None)
    if profile is None or profile.role not in (Role.TEAM_LEAD, Role.ADMIN):
        raise NotAllowed(_("Only a team lead confirms stage moves."))
    if rec.status != StageRecommendation.Status.PENDING:
        raise ValidationError(_("This recommendation is already decided."))
    rec.status = StageRecommendation.Status.APPLIED if confirm else StageRecommendation.Status.REJECTED
    rec.decided_by, rec.decided_at = _who(user), timezone.now()
    rec.save(update_fields=["status", "decided_by", "decided_at"])
    if confirm:
        move_stage(rec.case, rec.to_stage, user, reason=rec.reason, rule=rec.rule)
    else:
        evidence.append(
            rec.case,
            Kind.NOTE,
            actor=user,
            note=_("Stage recommendation rejected"),
            data={"recommendation": rec.pk, "to": rec.to_stage},
        )
    return rec


@transaction.atomic
def close_case(case: Case, reason: str, user: User, *, on: date | None = None, note: str = "") -> Case:
    """Close by hand: settled, written off or recalled (cured cases close in the nightly run)."""
    _can_change(user)
    if reason not in Case.CloseReason.values:
        raise ValidationError(_("Unknown close reason."))
    if not case.is_open:
        raise ValidationError(_("The case is closed."))
    on = on or timezone.localdate()
    evidence.append(
        case, Kind.CASE_CLOSED, actor=user, note=note, data={"reason": reason, "from": case.stage}
    )
    case.status, case.stage, case.close_reason, case.closed_on = Case.Status.CLOSED, Stage.CLOSED, reason, on
    case.next_action, case.next_action_on, case.next_action_at = "", None, None
    case.save()
    case.tasks.filter(status=Task.Status.OPEN).update(status=Task.Status.CANCELLED)
    case.promises.filter(status=Promise.Status.OPEN).update(status=Promise.Status.CANCELLED)
    return case


@transaction.atomic
def add_note(case: Case, user: User, note: str) -> Any:
    _can_change(user)
    if not note.strip():
        raise ValidationError(_("The note is empty."))
    return evidence.append(case, Kind.NOTE, actor=user, note=note.strip())


@transaction.atomic
def correct_event(case: Case, user: User, event: Any, note: str) -> Any:
    """A correction is a new event naming the one it corrects; the original stays."""
    _can_change(user)
    if event.case_id != case.pk:
        raise ValidationError(_("That event belongs to another case."))
    if not note.strip():
        raise ValidationError(_("Say what is corrected."))
    return evidence.append(case, Kind.CORRECTION, actor=user, note=note.strip(), corrects_id=event.pk)
