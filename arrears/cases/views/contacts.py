"""Contacts from the case page: logging an attempt, contact data, disputes, preferences,
and the logged reveal of a masked contact point."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arrears.activity.models import Channel, Outcome, Unmasking
from arrears.cases import actions
from arrears.cases.access import get_case_for_user
from arrears.cases.models import Case
from arrears.cases.views.common import _date, _decimal, _local_datetime, _person_and_point, _post_action
from arrears.contacts.models import ContactPoint
from arrears.core.models import UNMASK_ROLES, Role
from arrears.scripts.labels import REACTIONS as LABELS


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
    # A fragment like any other: through a template, so the value is escaped.
    return render(request, "cases/_unmasked.html", {"point": point})
