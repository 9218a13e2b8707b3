from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from arrears.cases.access import is_agency
from arrears.portfolio.access import get_account_for_user
from arrears.portfolio.aging import bucket_labels, parse_bounds
from arrears.portfolio.summary import portfolio_summary


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    if is_agency(request.user):
        # The book's figures are ours: an agency sees only the cases placed with it.
        raise PermissionDenied("not for an agency collector")
    summary = portfolio_summary()
    labels = bucket_labels(parse_bounds(settings.ARREARS_BUCKETS))
    return render(
        request, "portfolio/overview.html", {"rows": summary.rows, "summary": summary, "labels": labels}
    )


@login_required
def account_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    account = get_account_for_user(request.user, public_id)
    context = {
        "account": account,
        "debtor": account.debtor,
        "due_items": account.due_items.all(),
        "payments": account.payments.all(),
    }
    return render(request, "portfolio/account.html", context)
