"""{% case_legal %}: the legal panel on the case page (one line in cases/case.html): the
exhibits checklist with what is missing, the referral and its decision, the demand letter."""

from __future__ import annotations

from typing import Any

from django import template

from arrears.cases.access import is_approver
from arrears.legal.checklist import case_checklist, missing_sentence
from arrears.legal.forms import DemandForm, ExhibitForm
from arrears.legal.models import Exhibit, LegalMatter, LegalReferral

register = template.Library()


@register.inclusion_tag("legal/_case_legal.html", takes_context=True)
def case_legal(context: Any) -> dict[str, Any]:
    case = context["case"]
    request = context["request"]
    user = request.user
    forms = context.get("forms") or {}
    can_change = bool(context.get("can_change")) and case.is_open
    matter = LegalMatter.objects.filter(case=case).first()
    pending = (
        LegalReferral.objects.filter(case=case, status=LegalReferral.Status.PENDING)
        .select_related("requested_by")
        .first()
    )
    checklist = case_checklist(case)
    return {
        "case": case,
        "matter": matter,
        "pending": pending,
        "items": [(item, "" if item.done else missing_sentence(item)) for item in checklist.items],
        "complete": checklist.complete,
        "exhibits": list(Exhibit.objects.filter(case=case).order_by("-attached_at")[:20]),
        "can_change": can_change,
        "may_decide": pending is not None and is_approver(user) and pending.requested_by_id != user.pk,
        "is_requester": pending is not None and pending.requested_by_id == user.pk,
        "exhibit_form": forms.get("ExhibitForm") or (ExhibitForm(case=case) if can_change else None),
        "demand_form": forms.get("DemandForm")
        or (DemandForm(case=case) if can_change and not matter else None),
        "referral_form": forms.get("ReferralForm"),
        "decision_form": forms.get("DecisionForm"),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
