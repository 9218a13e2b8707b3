"""Tasks of a case: callbacks, promise checks, information repair, visits, reviews."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.activity import actions as evidence
from arrears.activity.models import Kind
from arrears.cases.actions.common import (
    NOTE_LENGTH,
    User,
    _can_change,
    _local_date,
    _locked_status,
    _replan,
    _text,
    _who,
)
from arrears.cases.models import Case, Promise, Task


def open_task(
    case: Case,
    user: User,
    kind: str,
    *,
    due_on: date | None = None,
    due_at: datetime | None = None,
    note: str = "",
    promise: Promise | None = None,
    checklist: Iterable[str] = (),
) -> Task:
    if due_on is None:
        due_on = (
            _local_date(due_at)
            if due_at is not None
            else timezone.localdate(timezone=timezone.get_default_timezone())
        )
    task = Task.objects.create(
        case=case,
        kind=kind,
        due_on=due_on,
        due_at=due_at,
        note=note[: Task._meta.get_field("note").max_length or 500],  # a longer note stays in its event
        promise=promise,
        assigned_to=case.owner,
        checklist=[{"source": s, "done": False} for s in checklist],
    )
    evidence.append(
        case,
        Kind.TASK_OPENED,
        actor=user,
        data={
            "task": str(task.public_id),
            "kind": kind,
            "due_on": due_on.isoformat(),
            "due_at": due_at.isoformat() if due_at else None,
        },
    )
    return task


@transaction.atomic
def complete_task(task: Task, user: User, *, note: str = "") -> Task:
    _can_change(user)
    note = _text(note, max_length=NOTE_LENGTH, label=_("The note"))
    _locked_status(Task, task, "status")
    if task.status != Task.Status.OPEN:
        raise ValidationError(_("The task is not open."))
    task.status = Task.Status.DONE
    task.done_at = timezone.now()
    task.done_by = _who(user)
    task.save(update_fields=["status", "done_at", "done_by"])
    evidence.append(
        task.case,
        Kind.TASK_DONE,
        actor=user,
        note=note,
        data={
            "task": str(task.public_id),
            "kind": task.kind,
        },
    )
    _replan(task.case)
    return task
