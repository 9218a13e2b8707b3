"""{% case_messages %}: the messages panel on the case page (one line in cases/case.html)."""

from __future__ import annotations

from typing import Any

from django import template

from arrears.messaging.views import panel_context

register = template.Library()


@register.inclusion_tag("messaging/_case_messages.html", takes_context=True)
def case_messages(context: Any) -> dict[str, Any]:
    # The case page has read the contact points (with their people) for the gate's verdicts.
    verdicts = context.get("verdicts")
    points = [v.contact_point for v, _shown in verdicts] if verdicts is not None else None
    panel = panel_context(context["request"], context["case"], points=points)
    # An inclusion tag starts a fresh context: the forms need the CSRF token and request.
    panel.update(request=context["request"], csrf_token=context.get("csrf_token"))
    return panel
