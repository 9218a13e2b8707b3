"""The workbench: my queue, the case page and its actions, the team lead's screen.

Every action posts to its own URL and answers with the case page re-rendered (HTMX swaps
the case body; without JavaScript the browser shows the whole page), so a collector never
loses their place. Actions go through arrears.cases.actions; contacts through the gate.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from arrears.activity.models import Channel, Event, Kind, Outcome, Unmasking
from arrears.cases import actions
from arrears.cases.access import (
    can_change,
    get_case_for_user,
    is_lead,
    require_change,
    require_lead,
    sees_everything,
    visible_cases,
)
from arrears.cases.models import Case, NextAction, Promise, Stage, StageRecommendation, Task, Visit
from arrears.contacts.models import ContactPoint, Person, Preference
from arrears.core.masking import mask_email, mask_middle, mask_phone
from arrears.core.models import UNMASK_ROLES, Role
from arrears.portfolio.models import Account, Payment
from arrears.scripts.labels import REACTIONS as LABELS

TIMELINE_LENGTH = 60


def _htmx_target(request: HttpRequest) -> str | None:
    """The element an HTMX request targets ("" when it names none); None without HTMX."""
    details = getattr(request, "htmx", None)
    if not details:
        return None
    return details.target or ""


def _today() -> date:
    return timezone.localdate()


def masked(point: ContactPoint) -> str:
    if point.kind == ContactPoint.Kind.PHONE:
        return mask_phone(point.value)
    if point.kind == ContactPoint.Kind.EMAIL:
        return mask_email(point.value)
    return mask_middle(point.value, 3, 2)


# -- my queue ---------------------------------------------------------------------------


QUEUE_FILTERS = ("action", "stage", "min_dpd", "q")


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Today's cases of the signed-in user, timed callbacks first, then by priority."""
    today = _today()
    profile = getattr(request.user, "profile", None)
    if profile is not None and profile.role == Role.TEAM_LEAD and "mine" not in request.GET:
        return redirect("cases:team")
    if sees_everything(request.user):
        # Compliance officers and administrators own no cases: their start page is the portfolio.
        return redirect("portfolio:overview")
    cases = visible_cases(request.user)
    cases = cases.filter(status=Case.Status.OPEN, next_action_on__lte=today)
    action = request.GET.get("action", "")
    stage = request.GET.get("stage", "")
    query = request.GET.get("q", "").strip()
    if action in NextAction.values:
        cases = cases.filter(next_action=action)
    if stage in Stage.values:
        cases = cases.filter(stage=stage)
    try:
        min_dpd = int(request.GET.get("min_dpd", "") or 0)
    except ValueError:
        min_dpd = 0
    if min_dpd:
        cases = cases.filter(days_past_due__gte=min_dpd)
    if query:
        pk = Case.pk_from_reference(query)
        cases = cases.filter(Q(debtor__name__icontains=query) | Q(pk=pk if pk is not None else -1))
    cases = cases.select_related("debtor").order_by("next_action_at", "-priority", "next_action_on", "pk")
    capacity = profile.daily_capacity if profile is not None else 60
    page = Paginator(cases, capacity).get_page(request.GET.get("page"))
    done_today = (
        Event.objects.filter(actor=request.user, kind=Kind.CONTACT, at__date=today).count()
        if request.user.is_authenticated
        else 0
    )
    context = {
        "page": page,
        "today": today,
        "actions": NextAction.choices,
        "stages": [s for s in Stage.choices if s[0] != Stage.CLOSED],
        "filters": {k: request.GET.get(k, "") for k in QUEUE_FILTERS},
        "done_today": done_today,
        "capacity": capacity,
    }
    template = "cases/_queue_rows.html" if _htmx_target(request) == "queue-rows" else "cases/queue.html"
    return render(request, template, context)


# -- the case page ----------------------------------------------------------------------


def _case_context(request: HttpRequest, case: Case, **extra: Any) -> dict[str, Any]:
    now = timezone.now()
    debtor = case.debtor
    accounts = list(Account.objects.filter(debtor=debtor).order_by("-days_past_due", "pk"))
    people = list(debtor.people.all())
    verdicts = actions.contact_verdicts(case, now, people)
    events = list(
        Event.objects.filter(case=case)
        .select_related("actor", "person", "contact_point", "decision")
        .order_by("-seq")[:TIMELINE_LENGTH]
    )
    promises = list(case.promises.select_related("plan").order_by("-due_on", "-pk"))
    tasks = list(case.tasks.filter(status=Task.Status.OPEN).order_by("due_on", "due_at"))
    visits = list(case.visits.select_related("address").prefetch_related("staff").order_by("-planned_at"))
    recent_payments = list(
        Payment.objects.filter(account__debtor=debtor, paid_at__gte=now - timedelta(days=30)).order_by(
            "-paid_at"
        )
    )
    recommendation = case.recommendations.filter(status=StageRecommendation.Status.PENDING).first()
    profile = getattr(request.user, "profile", None)
    user_model = get_user_model()
    field_staff = (
        list(
            user_model.objects.filter(
                profile__team_id=case.team_id,
                profile__role__in=[Role.FIELD_COLLECTOR, Role.COLLECTOR, Role.TEAM_LEAD],
            )
            .select_related("profile")
            .order_by("username")
        )
        if case.team_id
        else []
    )
    # Every contact point of the debtor's people has a verdict, the addresses included.
    addresses = [v.contact_point for v in verdicts if v.contact_point.kind == ContactPoint.Kind.ADDRESS]
    context = {
        "case": case,
        "debtor": debtor,
        "accounts": accounts,
        "currency": accounts[0].currency if accounts else "",
        "verdicts": [(v, masked(v.contact_point)) for v in verdicts],
        "people": sorted(people, key=lambda p: (p.relationship != "self", p.pk)),
        "events": events,
        "promises": promises,
        "tasks": tasks,
        "visits": visits,
        "recent_payments": recent_payments,
        "recommendation": recommendation,
        "can_change": can_change(request.user),
        "can_unmask": profile is not None and profile.role in UNMASK_ROLES,
        "is_lead": is_lead(request.user),
        "channels": [c for c in Channel.choices if c[0] != Channel.VISIT],
        "outcomes": [o for o in Outcome.choices if not o[0].startswith("visit_")],
        "reactions": LABELS,
        "stages": [s for s in Stage.choices if s[0] != Stage.CLOSED],
        "sources": ContactPoint.Source.choices,
        "address_kinds": ContactPoint.AddressKind.choices,
        "kinds": ContactPoint.Kind.choices,
        "preference_kinds": Preference.Kind.choices,
        "visit_statuses": [
            s for s in Visit.Status.choices if s[0] not in (Visit.Status.PLANNED, Visit.Status.CANCELLED)
        ],
        "close_reasons": [
            r
            for r in Case.CloseReason.choices
            if r[0] not in (Case.CloseReason.CURED, Case.CloseReason.NO_OPEN_ACCOUNTS)
        ],
        "field_staff": field_staff,
        "addresses": addresses,
        "today": _today(),
        "now_local": timezone.localtime(now),
        "call_windows": call_windows(case, _today()) if case.is_open else [],
        **extra,
    }
    return context


_MODELS: dict[date, Any] = {}


def call_windows(case: Case, day: date) -> list[tuple[datetime, datetime]]:
    """The debtor's best one-hour call windows on `day` (arrears.strategy.dialer, as in the
    dialer's call list). The contact-rate model is fitted once a day per process."""
    from arrears.strategy.dialer import contact_model, debtor_windows

    model = _MODELS.get(day)
    if model is None:
        _MODELS.clear()
        model = _MODELS[day] = contact_model(day)
    ranked = debtor_windows([case.debtor], day - timedelta(days=1), model)
    return [
        (timezone.localtime(a), timezone.localtime(b))
        for a, b in ranked.select("window_start", "window_end").iter_rows()
    ]


def _render_case(
    request: HttpRequest, case: Case, status: int = 200, *, fresh: bool = False, **extra: Any
) -> HttpResponse:
    if not fresh:
        # After an action: its columns (next action, stage, ...) have changed.
        case = get_case_for_user(request.user, case.public_id)
    return render(request, "cases/case.html", _case_context(request, case, **extra), status=status)


@login_required
def case_page(request: HttpRequest, public_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    return _render_case(request, case, fresh=True)


def _decimal(value: str | None) -> Decimal | None:
    if value is None or not value.strip():
        return None
    try:
        amount = Decimal(value.replace(",", "").strip())
    except InvalidOperation:
        raise ValidationError(_("%(value)s is not an amount.") % {"value": value}) from None
    if not amount.is_finite():
        raise ValidationError(_("%(value)s is not an amount.") % {"value": value})
    return amount


def _local_datetime(value: str | None) -> datetime | None:
    """A datetime-local field ("2026-11-23T15:00") in the business's zone."""
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        raise ValidationError(_("%(value)s is not a date and time.") % {"value": value})
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _date(value: str | None) -> date | None:
    if not value:
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise ValidationError(_("%(value)s is not a date.") % {"value": value})
    return parsed


def _post_action(request: HttpRequest, public_id: str, work: Any) -> HttpResponse:
    """Run `work(case)` for a POST on the case page; errors come back on the page."""
    case = get_case_for_user(request.user, public_id)
    require_change(request.user)
    try:
        message = work(case)
    except actions.ContactBlocked as blocked:
        return _render_case(
            request, case, status=200 if _htmx_target(request) is not None else 409, blocked=blocked.decision
        )
    except ValidationError as exc:
        return _render_case(
            request,
            case,
            status=200 if _htmx_target(request) is not None else 400,
            error=" ".join(exc.messages),
        )
    except actions.NotAllowed as exc:
        return _render_case(
            request, case, status=200 if _htmx_target(request) is not None else 403, error=str(exc)
        )
    return _render_case(request, case, done=message)


def _person_and_point(case: Case, request: HttpRequest) -> tuple[Person, ContactPoint | None]:
    point_id = request.POST.get("contact_point", "")
    if point_id:
        point = (
            ContactPoint.objects.select_related("person")
            .filter(public_id=point_id, person__debtor=case.debtor)
            .first()
        )
        if point is None:
            raise ValidationError(_("Choose one of the case's contact points."))
        return point.person, point
    person = case.debtor.people.filter(relationship="self").first()
    if person is None:
        raise ValidationError(_("The debtor has no contact record."))
    return person, None


@login_required
@require_POST
def log_contact(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case) -> str:
        person, point = _person_and_point(case, request)
        channel = request.POST.get("channel") or (actions.channel_for(point) if point else Channel.CALL)
        outcome = request.POST.get("outcome", "")
        amount = _decimal(request.POST.get("promise_amount"))
        due_on = _date(request.POST.get("promise_date"))
        if outcome == Outcome.PROMISE_TO_PAY and (amount is None or due_on is None):
            raise ValidationError(_("A promise to pay needs an amount and a date."))
        actions.log_contact(
            case,
            request.user,
            person=person,
            contact_point=point,
            channel=channel,
            outcome=outcome,
            reaction=request.POST.get("reaction", "") if request.POST.get("reaction", "") in LABELS else "",
            note=request.POST.get("note", "").strip(),
            text=request.POST.get("text") or None,
            callback_at=_local_datetime(request.POST.get("callback_at")),
        )
        if outcome == Outcome.PROMISE_TO_PAY and amount is not None and due_on is not None:
            actions.make_promise(
                case,
                request.user,
                amount=amount,
                due_on=due_on,
                channel=request.POST.get("promise_channel", ""),
            )
            return _("Call logged with a promise to pay %(amount)s by %(date)s.") % {
                "amount": amount,
                "date": due_on,
            }
        return _("Contact logged.")

    return _post_action(request, public_id, work)


@login_required
@require_POST
def make_promise(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case) -> str:
        amount = _decimal(request.POST.get("amount"))
        due_on = _date(request.POST.get("due_on"))
        if amount is None or due_on is None:
            raise ValidationError(_("A promise to pay needs an amount and a date."))
        actions.make_promise(
            case,
            request.user,
            amount=amount,
            due_on=due_on,
            channel=request.POST.get("channel", ""),
            note=request.POST.get("note", ""),
        )
        return _("Promise recorded.")

    return _post_action(request, public_id, work)


@login_required
@require_POST
def make_plan(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case) -> str:
        rows = []
        for due, amount in zip(request.POST.getlist("due_on"), request.POST.getlist("amount"), strict=False):
            if not due and not amount:
                continue
            d, a = _date(due), _decimal(amount)
            if d is None or a is None:
                raise ValidationError(_("Every instalment needs a date and an amount."))
            rows.append((d, a))
        actions.make_plan(case, request.user, rows, note=request.POST.get("note", ""))
        return _("Payment plan recorded.")

    return _post_action(request, public_id, work)


@login_required
@require_POST
def task_done(request: HttpRequest, public_id: str, task_id: str) -> HttpResponse:
    def work(case: Case) -> str:
        task = get_object_or_404(Task, public_id=task_id, case=case)
        actions.complete_task(task, request.user, note=request.POST.get("note", ""))
        return _("Task done.")

    return _post_action(request, public_id, work)


@login_required
@require_POST
def add_contact_point(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case) -> str:
        person = case.debtor.people.filter(public_id=request.POST.get("person", "")).first()
        if person is None:
            raise ValidationError(_("Choose a person."))
        actions.add_contact_point(
            case,
            request.user,
            person=person,
            kind=request.POST.get("kind", ""),
            value=request.POST.get("value", ""),
            source=request.POST.get("source", ""),
            verification=request.POST.get("verification") or "unverified",
            address_kind=request.POST.get("address_kind", ""),
            is_workplace=request.POST.get("is_workplace") == "on",
        )
        return _("Contact point added.")

    return _post_action(request, public_id, work)


@login_required
@require_POST
def mark_contact_point(request: HttpRequest, public_id: str, point_id: str) -> HttpResponse:
    def work(case: Case) -> str:
        point = get_object_or_404(ContactPoint, public_id=point_id, person__debtor=case.debtor)
        state = request.POST.get("state", "")
        if state == "invalid":
            actions.mark_contact_point(
                case,
                request.user,
                point,
                valid=False,
                reason=request.POST.get("reason", "") or _("Marked invalid"),
            )
        elif state == "verified":
            actions.mark_contact_point(
                case, request.user, point, valid=True, verification=ContactPoint.Verification.VERIFIED
            )
        else:
            raise ValidationError(_("Unknown state."))
        return _("Contact point updated.")

    return _post_action(request, public_id, work)


@login_required
@require_POST
def plan_visit(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case) -> str:
        address = (
            ContactPoint.objects.filter(public_id=request.POST.get("address", ""), person__debtor=case.debtor)
            .select_related("person")
            .first()
        )
        if address is None:
            raise ValidationError(_("Choose one of the debtor's addresses."))
        planned_at = _local_datetime(request.POST.get("planned_at"))
        if planned_at is None:
            raise ValidationError(_("Say when the visit is."))
        staff = list(
            get_user_model().objects.filter(
                pk__in=[int(s) for s in request.POST.getlist("staff") if s.isdigit()]
            )
        )
        actions.plan_visit(case, request.user, address=address, planned_at=planned_at, staff=staff)
        return _("Visit planned.")

    return _post_action(request, public_id, work)


@login_required
@require_POST
def record_visit(request: HttpRequest, public_id: str, visit_id: str) -> HttpResponse:
    def work(case: Case) -> str:
        visit = get_object_or_404(Visit, public_id=visit_id, case=case)
        actions.record_visit(
            visit,
            request.user,
            status=request.POST.get("status", ""),
            occurred_at=_local_datetime(request.POST.get("occurred_at")) or timezone.now(),
            note=request.POST.get("note", ""),
            latitude=_decimal(request.POST.get("latitude")),
            longitude=_decimal(request.POST.get("longitude")),
        )
        return _("Visit recorded.")

    return _post_action(request, public_id, work)


@login_required
@require_POST
def open_dispute(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case) -> str:
        actions.open_dispute(
            case,
            request.user,
            summary=request.POST.get("summary", ""),
            written=request.POST.get("written") == "on",
        )
        return _("Dispute opened: collection is suspended until it is answered.")

    return _post_action(request, public_id, work)


@login_required
@require_POST
def record_preference(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case) -> str:
        actions.record_preference(
            case,
            request.user,
            kind=request.POST.get("kind", ""),
            channel=request.POST.get("channel", ""),
            note=request.POST.get("note", ""),
        )
        return _("Preference recorded; the contact gate applies it from now on.")

    return _post_action(request, public_id, work)


@login_required
@require_POST
def add_note(request: HttpRequest, public_id: str) -> HttpResponse:
    return _post_action(
        request,
        public_id,
        lambda case: (actions.add_note(case, request.user, request.POST.get("note", "")), _("Note added."))[
            1
        ],
    )


@login_required
@require_POST
def close_case(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case) -> str:
        actions.close_case(
            case, request.POST.get("reason", ""), request.user, note=request.POST.get("note", "")
        )
        return _("Case closed.")

    return _post_action(request, public_id, work)


@login_required
@require_POST
def move_stage(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case) -> str:
        require_lead(request.user)
        actions.move_stage(
            case, request.POST.get("stage", ""), request.user, reason=request.POST.get("reason", "")
        )
        return _("Stage changed.")

    return _post_action(request, public_id, work)


@login_required
@require_POST
def unmask(request: HttpRequest, public_id: str, point_id: str) -> HttpResponse:
    """Show one contact point in full to a role that needs it; every reveal is logged."""
    case = get_case_for_user(request.user, public_id)
    point = get_object_or_404(ContactPoint, public_id=point_id, person__debtor=case.debtor)
    profile = getattr(request.user, "profile", None)
    allowed = profile is not None and (
        profile.role in UNMASK_ROLES
        or (profile.role == Role.FIELD_COLLECTOR and point.kind == ContactPoint.Kind.ADDRESS)
    )
    if not allowed:
        return HttpResponse(_("Your role does not need this in full."), status=403)
    Unmasking.objects.create(
        user=cast(Any, request.user),
        contact_point=point,
        case=case,
        field=point.kind,
        reason=request.POST.get("reason", "")[:200],
    )
    return HttpResponse(f'<span class="unmasked" data-testid="unmasked">{point.value}</span>')


# -- team lead --------------------------------------------------------------------------


@login_required
def team(request: HttpRequest) -> HttpResponse:
    """The team lead's screen: the team's queue by collector, broken promises today, cases
    with no next action, stage moves to confirm."""
    require_lead(request.user)
    today = _today()
    cases = visible_cases(request.user).filter(status=Case.Status.OPEN)
    per_owner = list(
        cases.values("owner__username", "owner_id")
        .annotate(
            open=Count("pk"),
            due=Count("pk", filter=Q(next_action_on__lte=today)),
            promise_checks=Count(
                "pk", filter=Q(next_action=NextAction.CHECK_PROMISE, next_action_on__lte=today)
            ),
            broken=Count("pk", filter=Q(next_action=NextAction.BROKEN_PROMISE)),
        )
        .order_by("owner__username")
    )
    broken = list(
        Promise.objects.filter(
            case__in=cases,
            status__in=[Promise.Status.BROKEN, Promise.Status.PARTLY_KEPT],
            checked_on__gte=today - timedelta(days=1),
        )
        .select_related("case", "case__debtor", "case__owner")
        .order_by("-amount")[:50]
    )
    no_action = list(
        cases.filter(Q(next_action="") | Q(next_action_on__isnull=True))
        .select_related("debtor", "owner")
        .order_by("-priority")[:50]
    )
    no_action_count = cases.filter(Q(next_action="") | Q(next_action_on__isnull=True)).count()
    recs = StageRecommendation.objects.filter(case__in=cases, status=StageRecommendation.Status.PENDING)
    rec_counts = list(recs.values("to_stage").annotate(n=Count("pk")).order_by("to_stage"))
    rec_page = Paginator(
        recs.select_related("case", "case__debtor", "case__owner").order_by("-case__priority", "pk"), 25
    ).get_page(request.GET.get("page"))
    lead_team = getattr(getattr(request.user, "profile", None), "team_id", None) or -1
    collectors = list(
        get_user_model()
        .objects.filter(
            profile__team_id=lead_team,
            profile__role__in=[Role.COLLECTOR, Role.FIELD_COLLECTOR],
        )
        .order_by("username")
    )
    return render(
        request,
        "cases/team.html",
        {
            "per_owner": per_owner,
            "broken": broken,
            "no_action": no_action,
            "no_action_count": no_action_count,
            "rec_counts": rec_counts,
            "rec_page": rec_page,
            "collectors": collectors,
            "today": today,
        },
    )


@login_required
@require_POST
def decide_recommendations(request: HttpRequest) -> HttpResponse:
    require_lead(request.user)
    confirm = request.POST.get("decision") == "confirm"
    ids = [int(i) for i in request.POST.getlist("rec") if i.isdigit()]
    recs = StageRecommendation.objects.filter(
        pk__in=ids, case__in=visible_cases(request.user), status=StageRecommendation.Status.PENDING
    ).select_related("case")
    n = 0
    for rec in recs:
        actions.decide_recommendation(rec, request.user, confirm=confirm)
        n += 1
    from django.contrib import messages

    messages.success(
        request,
        (
            ngettext("%(n)d stage move confirmed.", "%(n)d stage moves confirmed.", n)
            if confirm
            else ngettext("%(n)d stage move rejected.", "%(n)d stage moves rejected.", n)
        )
        % {"n": n},
    )
    return redirect("cases:team")


@login_required
@require_POST
def reassign(request: HttpRequest) -> HttpResponse:
    require_lead(request.user)
    from django.contrib import messages

    pk = Case.pk_from_reference(request.POST.get("case", ""))
    case = visible_cases(request.user).filter(pk=pk if pk is not None else -1).first()
    owner = get_user_model().objects.filter(pk=request.POST.get("owner") or -1).first()
    if case is None or owner is None:
        messages.error(request, _("No such case in your team, or no such collector."))
        return redirect("cases:team")
    try:
        actions.reassign(case, owner, request.user, reason=request.POST.get("reason", ""))
    except (ValidationError, actions.NotAllowed) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("cases:team")
    messages.success(
        request,
        _("%(case)s is now with %(owner)s.") % {"case": case.reference, "owner": owner.get_username()},
    )
    return redirect("cases:team")


# -- live assist (the call panel) -----------------------------------------------------------


def _assist_context(case: Case, request: HttpRequest) -> dict[str, Any]:
    """What the scripts' placeholders are filled with for this case."""
    from arrears.scripts.labels import Stage as ScriptStage

    first = Account.objects.filter(debtor=case.debtor).order_by("-days_past_due").first()
    return {
        "stage": case.stage if case.stage in ScriptStage.values else ScriptStage.PHONE,
        "currency": first.currency if first else "CNY",
        "context": {
            "debtor_name": case.debtor.name,
            "amount_due": case.overdue_amount,
            "creditor": case.debtor.creditor.name,
            "collector_name": request.user.get_username(),
            "days_past_due": case.days_past_due,
            "account_ref": first.external_id if first else case.reference,
            "due_date": first.aged_on if first and first.aged_on else _today(),
        },
    }


@login_required
@require_POST
def assist(request: HttpRequest, public_id: str) -> HttpResponse:
    """Type what the debtor said; see the reaction, replies for this case and what to do."""
    from arrears.scripts.assist import classify_utterance

    case = get_case_for_user(request.user, public_id)
    require_change(request.user)
    text = request.POST.get("text", "").strip()[:2000]
    if not text:
        return HttpResponse(status=204)
    ctx = _assist_context(case, request)
    result = classify_utterance(
        text, today=_today(), stage=ctx["stage"], context=ctx["context"], currency=ctx["currency"]
    )
    if result["care_flag"]:
        actions.add_note(
            case,
            request.user,
            _(
                "Care protocol: a self-harm signal in the debtor's words. "
                "Collection paused for this call; team lead informed."
            ),
        )
        if not case.tasks.filter(kind=Task.Kind.REVIEW, status=Task.Status.OPEN).exists():
            actions.open_task(case, request.user, Task.Kind.REVIEW, note=_("Care protocol: self-harm signal"))
    kinds = {a["type"] for a in result["actions"]}
    prefill = next((a for a in result["actions"] if a["type"] == "prefill_promise"), None)
    payments = (
        list(
            Payment.objects.filter(
                account__debtor=case.debtor, paid_at__gte=timezone.now() - timedelta(days=30)
            ).order_by("-paid_at")
        )
        if "show_recent_payments" in kinds
        else []
    )
    return render(
        request,
        "cases/_assist_result.html",
        {
            "case": case,
            "result": result,
            "kinds": kinds,
            "prefill": prefill,
            "payments": payments,
            "reactions": LABELS,
            "text": text,
        },
    )


@login_required
@require_POST
def assist_log(request: HttpRequest, public_id: str) -> HttpResponse:
    """Log the reaction in one click: a conversation with the debtor on their first
    callable phone, with the reaction and their words; or keep a collector's correction."""
    from arrears.scripts.actions import record_correction
    from arrears.scripts.labels import detect_language

    def work(case: Case) -> str:
        label = request.POST.get("label", "")
        text = request.POST.get("text", "").strip()
        if label not in LABELS:
            raise ValidationError(_("Unknown reaction."))
        if request.POST.get("corrected") == "1" and text:
            record_correction(
                text, label, detect_language(text), request.user if request.user.is_authenticated else None
            )
        person = case.debtor.people.filter(relationship="self").first()
        if person is None:
            raise ValidationError(_("The debtor has no contact record."))
        point = person.contact_points.filter(kind=ContactPoint.Kind.PHONE, valid=True).order_by("pk").first()
        outcome = {
            "claims_already_paid": Outcome.CLAIMS_PAID,
            "disputes_debt": Outcome.DISPUTE_RAISED,
            "refuses_or_hostile": Outcome.REFUSED,
            "wrong_person_or_number": Outcome.WRONG_NUMBER,
            "away_or_busy": Outcome.CALLBACK_REQUESTED,
        }.get(label, Outcome.RIGHT_PARTY_CONTACT)
        callback_at = timezone.now() + timedelta(hours=2) if outcome == Outcome.CALLBACK_REQUESTED else None
        actions.log_contact(
            case,
            request.user,
            person=person,
            contact_point=point,
            channel=Channel.CALL,
            outcome=outcome,
            reaction=label,
            note=text,
            callback_at=callback_at,
        )
        return _("Reaction logged: %(label)s.") % {"label": label}

    return _post_action(request, public_id, work)
