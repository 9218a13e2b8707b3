"""Compliance officer pages: the "what if" contact check and the decision log."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arrears.compliance.actions import check
from arrears.compliance.models import ContactDecision, ContentReview
from arrears.compliance.request import RequestError
from arrears.compliance.review import DECIDABLE_RULES, ReviewError, can_decide, decide
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
        except RecursionError:
            # json.loads recurses per level: "[[[[...]]]]" thousands deep was a 500.
            context["errors"] = [_("The request is nested too deeply to be a contact check.")]
        except RequestError as exc:
            context["errors"] = exc.errors
    return render(request, "compliance/check.html", context)


def visible_decisions(user: Any) -> QuerySet[ContactDecision]:
    """Decisions a reviewer may read: a team lead their own team's (made by its members),
    compliance officers and administrators every one."""
    profile = getattr(user, "profile", None)
    rows = ContactDecision.objects.all()
    if profile is None or profile.role not in REVIEWER_ROLES:
        return rows.none()
    if profile.role == Role.TEAM_LEAD:
        if profile.team_id is None:
            return rows.none()
        return rows.filter(user__profile__team_id=profile.team_id)
    return rows


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request)
    rule = request.GET.get("rule", "").strip().upper()
    collector = request.GET.get("collector", "").strip()
    scope = visible_decisions(request.user)
    rows = scope.select_related("user", "policy_version", "debtor")
    if rule:
        rows = rows.filter(rule_ids__contains=f" {rule} ")
    if collector:
        rows = rows.filter(user__username=collector)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    # Only the names of people whose decisions the reader may see.
    collectors = (
        get_user_model().objects.filter(pk__in=scope.values("user_id")).order_by("username")
    )
    context = {"page": page, "rule": rule, "collector": collector, "collectors": collectors}
    return render(request, "compliance/decisions.html", context)


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    """Texts the content model was unsure about; compliance officers approve or reject them."""
    _require_reviewer(request)
    status = request.GET.get("status", ContentReview.Status.PENDING)
    if status not in ContentReview.Status.values:
        status = ContentReview.Status.PENDING
    rows = ContentReview.objects.filter(status=status).select_related("decided_by")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": ContentReview.Status.choices,
               "can_decide": can_decide(request.user), "rules": DECIDABLE_RULES}
    return render(request, "compliance/review.html", context)


@login_required
@require_POST
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_decide(request.user):
        raise PermissionDenied
    review = get_object_or_404(ContentReview, pk=pk)
    verdict = request.POST.get("verdict")
    if verdict not in ("approve", "reject"):
        return HttpResponse(_("Choose approve or reject."), status=400)
    try:
        decide(review, approve=verdict == "approve", user=request.user,
               rule_id=request.POST.get("rule_id", ""), note=request.POST.get("note", ""))
    except ReviewError:
        return HttpResponse(_("This text has already been decided."), status=409)
    return redirect("compliance:review")
