"""Contacts from the case page: logging an attempt, contact data, disputes, preferences,
and the logged reveal of a masked contact point."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arrears.activity.models import Channel, Outcome, Unmasking
from arrears.cases import actions
from arrears.cases.access import get_case_for_user
from arrears.cases.forms import (
    ContactForm,
    ContactPointForm,
    DisputeForm,
    MarkPointForm,
    PreferenceForm,
)
from arrears.cases.models import Case
from arrears.cases.views.common import _post_action
from arrears.contacts.models import ContactPoint
from arrears.core.models import UNMASK_ROLES, Role
from arrears.core.request_errors import request_error


@login_required
@require_POST
def log_contact(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case, form: ContactForm) -> str:
        data = form.cleaned_data
        person, point = form.person_and_point()
        channel = data["channel"] or (actions.channel_for(point) if point else Channel.CALL)
        actions.log_contact(
            case,
            request.user,
            person=person,
            contact_point=point,
            channel=channel,
            outcome=data["outcome"],
            reaction=data["reaction"],
            note=data["note"],
            text=data["text"] or None,
            callback_at=data["callback_at"],
        )
        if data["outcome"] == Outcome.PROMISE_TO_PAY:
            actions.make_promise(
                case,
                request.user,
                amount=data["promise_amount"],
                due_on=data["promise_date"],
                channel=data["promise_channel"],
            )
            return _("Call logged with a promise to pay %(amount)s by %(date)s.") % {
                "amount": data["promise_amount"],
                "date": data["promise_date"],
            }
        return _("Contact logged.")

    return _post_action(request, public_id, work, ContactForm)


@login_required
@require_POST
def add_contact_point(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case, form: ContactPointForm) -> str:
        actions.add_contact_point(case, request.user, **form.cleaned_data)
        return _("Contact point added.")

    return _post_action(request, public_id, work, ContactPointForm)


@login_required
@require_POST
def mark_contact_point(request: HttpRequest, public_id: str, point_id: str) -> HttpResponse:
    def work(case: Case, form: MarkPointForm) -> str:
        point = get_object_or_404(ContactPoint, public_id=point_id, person__debtor=case.debtor)
        if form.cleaned_data["state"] == "invalid":
            reason = form.cleaned_data["reason"] or _("Marked invalid")
            actions.mark_contact_point(case, request.user, point, valid=False, reason=reason)
        else:
            actions.mark_contact_point(
                case, request.user, point, valid=True, verification=ContactPoint.Verification.VERIFIED
            )
        return _("Contact point updated.")

    return _post_action(request, public_id, work, MarkPointForm)


@login_required
@require_POST
def open_dispute(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case, form: DisputeForm) -> str:
        actions.open_dispute(case, request.user, **form.cleaned_data)
        return _("Dispute opened: collection is suspended until it is answered.")

    return _post_action(request, public_id, work, DisputeForm)


@login_required
@require_POST
def record_preference(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case, form: PreferenceForm) -> str:
        actions.record_preference(case, request.user, **form.cleaned_data)
        return _("Preference recorded; the contact gate applies it from now on.")

    return _post_action(request, public_id, work, PreferenceForm)


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
        return request_error(request, _("Your role does not need this in full."), status=403)
    Unmasking.objects.create(
        user=cast(Any, request.user),
        contact_point=point,
        case=case,
        field=point.kind,
        reason=request.POST.get("reason", "")[:200],
    )
    # A fragment like any other: through a template, so the value is escaped.
    return render(request, "cases/_unmasked.html", {"point": point})
