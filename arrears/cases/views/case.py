"""The case page, its tasks and notes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arrears.cases import actions
from arrears.cases.access import get_case_for_user
from arrears.cases.forms import NoteForm, TaskDoneForm
from arrears.cases.models import Case, Task
from arrears.cases.views.common import _post_action, _render_case


@login_required
def case_page(request: HttpRequest, public_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    return _render_case(request, case, fresh=True)


@login_required
@require_POST
def task_done(request: HttpRequest, public_id: str, task_id: str) -> HttpResponse:
    def work(case: Case, form: TaskDoneForm) -> str:
        task = get_object_or_404(Task, public_id=task_id, case=case)
        actions.complete_task(task, request.user, note=form.cleaned_data["note"])
        return _("Task done.")

    return _post_action(request, public_id, work, TaskDoneForm)


@login_required
@require_POST
def add_note(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case, form: NoteForm) -> str:
        actions.add_note(case, request.user, form.cleaned_data["note"])
        return _("Note added.")

    return _post_action(request, public_id, work, NoteForm)
