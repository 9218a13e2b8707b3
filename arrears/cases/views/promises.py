"""Promises to pay and payment plans from the case page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arrears.cases import actions
from arrears.cases.forms import PlanForm, PromiseForm
from arrears.cases.models import Case
from arrears.cases.views.common import _post_action


@login_required
@require_POST
def make_promise(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case, form: PromiseForm) -> str:
        actions.make_promise(case, request.user, **form.cleaned_data)
        return _("Promise recorded.")

    return _post_action(request, public_id, work, PromiseForm)


@login_required
@require_POST
def make_plan(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case, form: PlanForm) -> str:
        data = form.cleaned_data
        actions.make_plan(case, request.user, data["instalments"], note=data["note"])
        return _("Payment plan recorded.")

    return _post_action(request, public_id, work, PlanForm)
