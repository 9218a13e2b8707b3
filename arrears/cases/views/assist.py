"""Live assist (the call panel): what the debtor said, what to answer, one-click logging."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from arrears.activity.models import Channel, Outcome
from arrears.cases import actions
from arrears.cases.access import get_case_for_user, require_change
from arrears.cases.forms import AssistLogForm
from arrears.cases.models import CareHold, Case
from arrears.cases.views.common import _post_action, _today
from arrears.contacts.models import ContactPoint
from arrears.core.dpd import worst_first
from arrears.portfolio.models import Account, Debtor, Payment
from arrears.scripts.labels import REACTIONS as LABELS

log = logging.getLogger(__name__)


def _assist_context(case: Case, request: HttpRequest) -> dict[str, Any]:
    """What the scripts' placeholders are filled with for this case: the case, its
    creditor's settings, the collector's name and work number (never the login name), and
    the open promise, plan or visit (arrears.scripts.context)."""
    from arrears.scripts.context import case_values
    from arrears.scripts.labels import Stage as ScriptStage

    first = Account.objects.filter(debtor=case.debtor).order_by(worst_first(), "pk").first()
    return {
        "stage": case.stage if case.stage in ScriptStage.values else ScriptStage.PHONE,
        "currency": first.currency if first else "CNY",
        "context": case_values(case, request.user, on=_today()),
    }


def _log_gaps(case: Case, request: HttpRequest, language: str, gaps: list[str]) -> None:
    """Settings a rendered text lacked: a configuration problem the admin lists."""
    from arrears.scripts.actions import record_gaps

    if gaps:
        record_gaps(case.debtor.creditor, request.user, [(name, language) for name in gaps])


@login_required
@require_GET
def assist_script(request: HttpRequest, public_id: str) -> HttpResponse:
    """The opening script for the case's stage, in the debtor's language, filled; a
    missing setting is a marked gap (and logged), never a raw {placeholder}."""
    from arrears.scripts.opening import opening_script

    case = get_case_for_user(request.user, public_id)
    ctx = _assist_context(case, request)
    found = opening_script(
        ctx["stage"], case.debtor.preferred_language, ctx["context"], currency=ctx["currency"]
    )
    if found is not None:
        _log_gaps(case, request, found[0].language, found[1].setting_gaps)
    return render(request, "cases/_assist_script.html", {"found": found})


def _care_hold(case: Case, request: HttpRequest, text: str) -> dict[str, bool]:
    """The care flag puts the case on hold (the gate then blocks every contact and the lead
    sees it). The panel says what really happened: `held` only if the hold is in place."""
    from arrears.scripts.care import self_harm_signal

    phrase = self_harm_signal(text) or ""
    try:
        _hold, new = actions.raise_care_hold(
            case,
            request.user,
            source=CareHold.Source.CALL_PANEL,
            # The phrase itself: CareHold.why words it in each reader's language.
            reason=phrase or text[:200],
            words=text,
        )
    except (ValidationError, actions.NotAllowed):
        log.exception("case %s: the care flag could not put the case on hold", case.reference)
        return {"held": False, "new": False}
    return {"held": True, "new": new}


def _escalation(case: Case, kinds: set[str]) -> Any:
    """The decision-maker hint of a business customer (arrears.scripts.escalation): shown
    when it is due, or when the customer says the boss must approve."""
    from arrears.scripts.escalation import escalation_for

    found = escalation_for(case)
    return found if found is not None and (found.due or "escalate_to_decision_maker" in kinds) else None


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
        text, today=_today(), stage=ctx["stage"], context=ctx["context"], currency=ctx["currency"],
        customer="company" if case.debtor.kind == Debtor.Kind.COMPANY else "person",
    )
    shown = result["suggestions"][:3]  # what the panel shows
    _log_gaps(case, request, result["language"], [g for s in shown for g in s.get("setting_gaps", [])])
    care = _care_hold(case, request, text) if result["care_flag"] else None
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
            "care": care,
            "escalation": _escalation(case, kinds),
        },
    )


@login_required
@require_POST
def assist_log(request: HttpRequest, public_id: str) -> HttpResponse:
    """Log the reaction in one click: a conversation with the debtor on their first
    callable phone, with the reaction and their words; or keep a collector's correction."""
    from arrears.scripts.actions import record_correction
    from arrears.scripts.labels import detect_language

    def work(case: Case, form: AssistLogForm) -> str:
        label, text = form.cleaned_data["label"], form.cleaned_data["text"]
        if form.cleaned_data["corrected"] and text:
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

    return _post_action(request, public_id, work, AssistLogForm)
