"""The agency parts of other pages: on the case page the active placement and the notice
form, and the timeline's words for placement, recall and notice events.

    {% load recovery %}{% case_placement %}       (cases/case.html)
    {{ event|recovery_summary }}                  (the timeline)
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import timezone

from arrears.recovery.actions import NOTICE_ROLES
from arrears.recovery.models import Agency, Notice, Placement, RecallReason

register = template.Library()


@register.filter
def percent(value: Any) -> str:
    """0.1234 -> "12.3%"; nothing (a month not come yet) -> "—"."""
    if value is None or value == "":
        return "—"
    try:
        return f"{Decimal(str(value)) * 100:.1f}%"
    except (InvalidOperation, ValueError):
        return str(value)


@register.inclusion_tag("recovery/_case_placement.html", takes_context=True)
def case_placement(context: Any) -> dict[str, Any]:
    case = context["case"]
    request = context.get("request")
    user = getattr(request, "user", None)
    profile = getattr(user, "profile", None)
    placement = (
        Placement.objects.filter(case=case, recalled_on__isnull=True)
        .select_related("agency", "batch")
        .first()
    )
    notices = list(Notice.objects.filter(debtor_id=case.debtor_id, withdrawn_at__isnull=True))
    return {
        "case": case,
        "placement": placement,
        "notices": notices,
        "may_record": profile is not None and profile.role in NOTICE_ROLES and case.is_open,
        "is_lead": context.get("is_lead", False),
        "kinds": Notice.Kind.choices,
        "form": (context.get("forms") or {}).get("NoticeForm"),
        "today": timezone.localdate(timezone=timezone.get_default_timezone()),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def recovery_summary(event: Any) -> str:
    """What a placement, recall or notice event says, in the reader's language:
    华信信用管理 · PB000003 · 到期 2026-06-01."""
    data = event.data or {}
    parts: list[str] = []
    if event.kind in ("placed", "recalled"):
        code = data.get("agency", "")
        name = Agency.objects.filter(code=code).values_list("name", flat=True).first() if code else None
        parts += [name or code, data.get("batch", "")]
        if event.kind == "placed" and data.get("term_ends_on"):
            from django.utils.translation import gettext as _

            parts.append(_("term ends %(day)s") % {"day": data["term_ends_on"]})
        if event.kind == "recalled":
            reason = str(data.get("reason") or "")
            parts.append(str(dict(RecallReason.choices).get(reason, reason)))
    elif event.kind == "notice_recorded":
        kind = str(data.get("kind") or "")
        parts.append(str(dict(Notice.Kind.choices).get(kind, kind)))
        parts += [str(data.get("received_on", "")), str(data.get("source", ""))]
    return " · ".join(p for p in parts if p)
