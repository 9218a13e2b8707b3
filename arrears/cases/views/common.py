"""What the workbench views share: the HTMX target, parsing of typed values, masking,
and the case page rendered after an action.

Every action posts to its own URL and answers with the case page re-rendered (HTMX swaps
the case body; without JavaScript the browser shows the whole page), so a collector never
loses their place. Actions go through arrears.cases.actions; contacts through the gate."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.activity.models import Channel, Event, Outcome
from arrears.cases import actions
from arrears.cases.access import (
    can_change,
    get_case_for_user,
    is_agency,
    is_lead,
    require_change,
    require_lead,
)
from arrears.cases.actions.visits import field_staff_for
from arrears.cases.forms import CaseForm
from arrears.cases.models import Case, Stage, StageRecommendation, Task, Visit
from arrears.contacts.models import ContactPoint, Preference
from arrears.core.dpd import worst_first
from arrears.core.masking import mask_email, mask_middle, mask_phone
from arrears.core.models import UNMASK_ROLES
from arrears.portfolio.models import Account, Payment
from arrears.recovery.access import may_print_dossier
from arrears.recovery.periods import case_period
from arrears.scripts.labels import REACTIONS as LABELS

TIMELINE_LENGTH = 60

log = logging.getLogger(__name__)


def _htmx_target(request: HttpRequest) -> str | None:
    """The element an HTMX request targets ("" when it names none); None without HTMX."""
    details = getattr(request, "htmx", None)
    if not details:
        return None
    return details.target or ""


def _today() -> date:
    return timezone.localdate(timezone=timezone.get_default_timezone())


def masked(point: ContactPoint) -> str:
    if point.kind == ContactPoint.Kind.PHONE:
        return mask_phone(point.value)
    if point.kind == ContactPoint.Kind.EMAIL:
        return mask_email(point.value)
    return mask_middle(point.value, 3, 2)


T = TypeVar("T")


def _panel(errors: dict[str, str], name: str, case: Case, load: Callable[[], list[T]]) -> list[T]:
    """One panel's rows; a row the code did not expect (damaged by hand, by an old import,
    by a restored backup) costs that panel, not the whole page: the panel shows an error
    line and the failure is logged with the case for someone to repair."""
    try:
        return load()
    except Exception:
        log.exception("case %s: the %s panel could not be read", case.reference, name)
        errors[name] = _(
            "This part of the case cannot be shown: a stored entry is damaged. "
            "The fault has been logged for repair."
        )
        return []


def _case_context(request: HttpRequest, case: Case, **extra: Any) -> dict[str, Any]:
    now = timezone.now()
    debtor = case.debtor
    errors: dict[str, str] = {}
    accounts = _panel(
        errors,
        "accounts",
        case,
        lambda: list(Account.objects.filter(debtor=debtor).order_by(worst_first(), "pk")),
    )
    people = list(debtor.people.all())
    # The limitation period of an open case (a closed one claims nothing); the verdicts
    # below take whether it has ended from it rather than computing it again.
    limitation = (
        next(iter(_panel(errors, "limitation", case, lambda: [case_period(case, _today())])), None)
        if case.is_open
        else None
    )
    barred = (
        limitation.barred_on(_today())
        if limitation is not None
        else None
        if "limitation" in errors
        else False
    )
    verdicts = _panel(
        errors,
        "contact_points",
        case,
        lambda: actions.contact_verdicts(case, now, people, time_barred=barred),
    )
    events = _panel(
        errors,
        "timeline",
        case,
        lambda: list(
            Event.objects.filter(case=case)
            .select_related("actor", "person", "contact_point", "decision")
            .order_by("-seq")[:TIMELINE_LENGTH]
        ),
    )
    promises = _panel(
        errors,
        "promises",
        case,
        lambda: list(case.promises.select_related("plan").order_by("-due_on", "-pk")),
    )
    tasks = _panel(
        errors,
        "tasks",
        case,
        lambda: list(case.tasks.filter(status=Task.Status.OPEN).order_by("due_on", "due_at")),
    )
    visits = _panel(
        errors,
        "visits",
        case,
        lambda: list(case.visits.select_related("address").prefetch_related("staff").order_by("-planned_at")),
    )
    recent_payments = _panel(
        errors,
        "payments",
        case,
        lambda: list(
            Payment.objects.filter(account__debtor=debtor, paid_at__gte=now - timedelta(days=30)).order_by(
                "-paid_at"
            )
        ),
    )
    recommendation = case.recommendations.filter(status=StageRecommendation.Status.PENDING).first()
    profile = getattr(request.user, "profile", None)
    field_staff = list(field_staff_for(case).select_related("profile"))
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
        "can_print_dossier": may_print_dossier(request.user),
        "limitation": limitation,
        # An agency collector plans and records none of our field visits.
        "is_agency": is_agency(request.user),
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
        "promise_last_day": _today() + timedelta(days=case.debtor.creditor.promise_horizon_days),
        "now_local": timezone.localtime(now),
        "call_windows": _panel(
            errors, "call_windows", case, lambda: call_windows(case, _today()) if case.is_open else []
        ),
        "panel_errors": errors,
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


def _form_error(form: forms.Form) -> str:
    """What went wrong, for the line at the top of the page (each field shows its own)."""
    lines = [" ".join(str(m) for m in form.non_field_errors())] if form.non_field_errors() else []
    for name, errors in form.errors.items():
        if name != NON_FIELD_ERRORS:
            label = form.fields[name].label or ""
            lines.append(f"{label}{' — ' if label else ''}{' '.join(str(e) for e in errors)}")
    return " ".join(line for line in lines if line)


def _post_action(
    request: HttpRequest,
    public_id: str,
    work: Callable[..., str],
    form_class: type[CaseForm] | None = None,
    *,
    leads_only: bool = False,
) -> HttpResponse:
    """Run a POST of the case page: check the form, then `work(case, form)` (or
    `work(case)` without one); errors come back on the page, next to their fields, with
    what the user typed kept. Nothing is written unless the form is valid."""
    case = get_case_for_user(request.user, public_id)  # 404 outside the user's scope
    require_change(request.user)  # 403 for read-only roles
    if leads_only:
        require_lead(request.user)
    htmx = _htmx_target(request) is not None
    form = form_class(request.POST, case=case) if form_class is not None else None
    kept: dict[str, Any] = {"forms": {type(form).__name__: form}} if form is not None else {}
    if form is not None and not form.is_valid():
        return _render_case(request, case, status=200 if htmx else 400, error=_form_error(form), **kept)
    try:
        message = work(case, form) if form is not None else work(case)
    except actions.ContactBlocked as blocked:
        return _render_case(request, case, status=200 if htmx else 409, blocked=blocked.decision)
    except ValidationError as exc:
        if form is not None and hasattr(exc, "error_dict"):
            # The action's rules name their fields: show each next to it.
            names = getattr(form, "ACTION_FIELDS", {})
            # message_dict: error_dict's values are lists of errors, not one error each.
            form.add_problems({name: " ".join(m) for name, m in exc.message_dict.items()}, names)
            return _render_case(request, case, status=200 if htmx else 400, error=_form_error(form), **kept)
        return _render_case(request, case, status=200 if htmx else 400, error=" ".join(exc.messages), **kept)
    except actions.NotAllowed as exc:
        return _render_case(request, case, status=200 if htmx else 403, error=str(exc))
    return _render_case(request, case, done=message)
