"""The controls' parts of other pages, each fetching its own rows so those pages' views
stay as they are: on the case page the care-hold banner and the approvals panel, on the team
screen the holds and requests waiting for the lead.

    {% load controls %}{% case_alerts %} ... {% case_controls %}     (cases/case.html)
    {% load controls %}{% team_controls %}                             (cases/team.html)
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from arrears.cases.access import is_agency, is_approver, visible_cases
from arrears.cases.control_models import limits_by_role
from arrears.cases.models import ApprovalRequest, CareHold, Stage
from arrears.core.models import Role

register = template.Library()


def _case_data(context: Any) -> dict[str, Any]:
    """The case's requests and hold, read once per page (both tags use them)."""
    cache = context.render_context
    case = context["case"]
    key = ("controls", case.pk)
    if key not in cache:
        now = timezone.now()
        requests = list(
            ApprovalRequest.objects.filter(case=case)
            .select_related("requested_by", "decided_by")
            .order_by("-requested_at", "-pk")[:10]
        )
        hold = (
            CareHold.objects.filter(case=case)
            .holding(now)
            .select_related("raised_by", "reviewed_by")
            .order_by("reviewed_at", "-raised_at")
            .first()
        )
        cache[key] = {"requests": requests, "hold": hold, "now": now}
    return dict(cache[key])


@register.inclusion_tag("cases/_case_alerts.html", takes_context=True)
def case_alerts(context: Any) -> dict[str, Any]:
    data = _case_data(context)
    request = context.get("request")
    return {
        "case": context["case"],
        "hold": data["hold"],
        "pending": [r for r in data["requests"] if r.is_pending],
        "is_approver": is_approver(getattr(request, "user", None)),
    }


@register.inclusion_tag("cases/_case_controls.html", takes_context=True)
def case_controls(context: Any) -> dict[str, Any]:
    data = _case_data(context)
    case = context["case"]
    request = context.get("request")
    can_change = context.get("can_change", False)
    # The limits are shown only beside the request forms.
    limits = limits_by_role(case.debtor.creditor) if can_change and case.is_open else {}
    return {
        "case": case,
        "requests": data["requests"],
        "pending_kinds": {r.kind for r in data["requests"] if r.is_pending},
        "hold": data["hold"],
        "forms": context.get("forms") or {},
        "can_change": can_change,
        # An agency collector asks for no write-off, settlement or reopening: its client does.
        "is_agency": is_agency(getattr(request, "user", None)),
        "currency": context.get("currency", ""),
        "lead_limits": limits.get(Role.TEAM_LEAD),
        "manager_limits": limits.get(Role.MANAGER),
        "stages": [s for s in Stage.choices if s[0] != Stage.CLOSED],
        "user": getattr(request, "user", None),
        "csrf_token": context.get("csrf_token"),
        "today": timezone.localdate(timezone=timezone.get_default_timezone()),
    }


@register.inclusion_tag("cases/_team_controls.html", takes_context=True)
def team_controls(context: Any) -> dict[str, Any]:
    user = getattr(context.get("request"), "user", None)
    scope = visible_cases(user)
    holds = list(
        CareHold.objects.open()
        .filter(case__in=scope)
        .select_related("case", "case__debtor", "case__owner", "raised_by")
        .order_by("raised_at")[:50]
    )
    pending = ApprovalRequest.objects.filter(case__in=scope, status=ApprovalRequest.Status.PENDING).count()
    return {"holds": holds, "pending": pending}


def _label(model: Any, field: str, value: Any) -> str:
    return str(dict(model._meta.get_field(field).flatchoices).get(value, value or ""))


@register.filter
def control_summary(event: Any) -> str:
    """What an approval, reopening or care-hold event says, in words of the reader's
    language (the timeline): 核销 · CNY 1,200.00 · 已批准."""
    from arrears.core.templatetags.arrears import money

    data = event.data or {}
    parts: list[str] = []
    if event.kind in ("approval_requested", "approval_decided"):
        parts.append(_label(ApprovalRequest, "kind", data.get("kind")))
        if data.get("amount") is not None:
            parts.append(f"{data.get('currency', '')} {money(data['amount'])}".strip())
        if data.get("to"):
            parts.append(f"→ {_label(ApprovalRequest, 'to_stage', data['to'])}")
        if event.kind == "approval_decided":
            parts.append(_label(ApprovalRequest, "status", data.get("decision")))
    elif event.kind == "case_reopened":
        parts.append(f"→ {_label(ApprovalRequest, 'to_stage', data.get('to'))}")
    elif event.kind == "care_hold_raised":
        parts.append(_label(CareHold, "source", data.get("source")))
    elif event.kind == "care_hold_reviewed":
        parts.append(_label(CareHold, "outcome", data.get("outcome")))
        if data.get("resume_after"):
            parts.append(str(data["resume_after"])[:10])
    return " · ".join(p for p in parts if p)
