from __future__ import annotations

from typing import Any

from django import template

from arrears.dunning.panel import panel

register = template.Library()


@register.inclusion_tag("dunning/_panel_body.html", takes_context=True)
def dunning_panel(context: Any, case: Any) -> dict[str, Any]:
    request = context.get("request")
    data = panel(case, getattr(request, "user", None))
    data["request"] = request
    data["csrf_token"] = context.get("csrf_token")
    return data
