"""{% case_legal %}: the legal panel on the case page (one line in cases/case.html): the
exhibits checklist with what is missing, the referral and its decision, the demand letter."""

from __future__ import annotations

from typing import Any

from django import template

from arrears.cases.access import is_approver
from arrears.legal.checklist import case_checklist, missing_sentence
from arrears.legal.exhibits import Source
from arrears.legal.forms import DemandForm, ExhibitForm
from arrears.legal.models import Exhibit, LegalMatter, LegalReferral

register = template.Library()


def _matter(referral: LegalReferral) -> LegalMatter | None:
    try:
        return referral.matter
    except LegalMatter.DoesNotExist:
        return None


@register.inclusion_tag("legal/_case_legal.html", takes_context=True)
def case_legal(context: Any) -> dict[str, Any]:
    case = context["case"]
    request = context["request"]
    user = request.user
    forms = context.get("forms") or {}
    can_change = bool(context.get("can_change")) and case.is_open
    # The case's live referrals with their matter, in one query: the pending one and the
    # approved one that opened the matter.
    referrals = list(
        LegalReferral.objects.filter(
            case=case, status__in=(LegalReferral.Status.PENDING, LegalReferral.Status.APPROVED)
        ).select_related("requested_by", "matter")
    )
    pending = next((r for r in referrals if r.is_pending), None)
    matter = next((_matter(r) for r in referrals if not r.is_pending), None)
    exhibits = list(Exhibit.objects.filter(case=case).order_by("-attached_at"))
    # The case page has read the accounts and the contact points (with their people).
    accounts = context.get("accounts")
    products = [a.product for a in accounts] if accounts is not None else None
    verdicts = context.get("verdicts")
    points = [v.contact_point for v, _shown in verdicts] if verdicts is not None else None
    checklist = case_checklist(case, exhibits=exhibits, products=products)
    letter_needed = any(
        i.requirement.source == Source.DEMAND_LETTER and not i.done and not i.waiting for i in checklist.items
    )
    return {
        "case": case,
        "matter": matter,
        "pending": pending,
        "items": [(item, "" if item.done else missing_sentence(item)) for item in checklist.items],
        "complete": checklist.complete,
        "exhibits": exhibits[:20],
        "can_change": can_change,
        "may_decide": pending is not None and is_approver(user) and pending.requested_by_id != user.pk,
        "is_requester": pending is not None and pending.requested_by_id == user.pk,
        "exhibit_form": forms.get("ExhibitForm")
        or (ExhibitForm(case=case, attachable=checklist.attachable()) if can_change else None),
        # Offered while the checklist asks for a letter none of which is printed or queued.
        "demand_form": forms.get("DemandForm")
        or (DemandForm(case=case, points=points) if can_change and letter_needed and not matter else None),
        "referral_form": forms.get("ReferralForm"),
        "decision_form": forms.get("DecisionForm"),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
