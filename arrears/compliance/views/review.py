"""The content review queue: texts the content model was unsure about."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arrears.compliance.models import ContentReview
from arrears.compliance.review import DECIDABLE_RULES, ReviewError, can_decide, decide
from arrears.compliance.views.common import require_reviewer


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    """Texts the content model was unsure about; compliance officers approve or reject them."""
    require_reviewer(request)
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
