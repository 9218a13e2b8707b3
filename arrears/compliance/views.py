"""Compliance officer pages: the "what if" contact check and the decision log."""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from arrears.compliance.actions import check
from arrears.compliance.models import ContactDecision
from arrears.compliance.request import RequestError
from arrears.core.models import Role

# Who may use the what-if check and read every collector's decisions.
REVIEWER_ROLES = frozenset({Role.COMPLIANCE, Role.ADMIN, Role.TEAM_LEAD, Role.MANAGER})


def _require_reviewer(request: HttpRequest) -> None:
    profile = getattr(request.user, "profile", None)
    if profile is None or profile.role not in REVIEWER_ROLES:
        raise PermissionDenied


@login_required
def check_page(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request)
    body = request.POST.get("request", "")
    context: dict[str, object] = {"body": body}
    if request.method == "POST":
        try:
            # A what-if check: evaluated, not recorded (it is not a real contact).
            checked = check(json.loads(body or "null"))
            decision = checked.decision.to_dict(get_language() or "en")
            context.update(decision=decision, pretty=json.dumps(decision, ensure_ascii=False, indent=2))
        except json.JSONDecodeError as exc:
            context["errors"] = [str(exc)]
        except RequestError as exc:
            context["errors"] = exc.errors
    return render(request, "compliance/check.html", context)


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request)
    rule = request.GET.get("rule", "").strip().upper()
    collector = request.GET.get("collector", "").strip()
    rows = ContactDecision.objects.select_related("user", "policy_version", "debtor")
    if rule:
        rows = rows.filter(rule_ids__contains=f" {rule} ")
    if collector:
        rows = rows.filter(user__username=collector)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    collectors = get_user_model().objects.filter(contact_decisions__isnull=False).distinct()
    context = {"page": page, "rule": rule, "collector": collector, "collectors": collectors}
    return render(request, "compliance/decisions.html", context)
