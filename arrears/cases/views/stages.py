"""Stages and closing from the case page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arrears.cases import actions
from arrears.cases.forms import CloseForm, StageForm
from arrears.cases.models import ApprovalRequest, Case
from arrears.cases.views.common import _post_action


@login_required
@require_POST
def close_case(request: HttpRequest, public_id: str) -> HttpResponse:
    """A lead closes a case the creditor recalled; a write-off or settlement is a request
    (views/approvals.py), and close_case refuses it without an approval."""

    def work(case: Case, form: CloseForm) -> str:
        actions.close_case(case, form.cleaned_data["reason"], request.user, note=form.cleaned_data["note"])
        return _("Case closed.")

    return _post_action(request, public_id, work, CloseForm)


@login_required
@require_POST
def move_stage(request: HttpRequest, public_id: str) -> HttpResponse:
    """A lead moves the stage; a move that skips stages goes to another approver."""

    def work(case: Case, form: StageForm) -> str:
        changed = actions.change_stage(
            case, form.cleaned_data["stage"], request.user, reason=form.cleaned_data["reason"]
        )
        if isinstance(changed, ApprovalRequest):
            return _("The move skips stages: it is sent to another team lead or a manager for approval.")
        return _("Stage changed.")

    return _post_action(request, public_id, work, StageForm, leads_only=True)
