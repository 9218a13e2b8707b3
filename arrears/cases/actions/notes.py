"""Notes and corrections: a correction is a new event naming the one it corrects."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from arrears.activity import actions as evidence
from arrears.activity.models import Kind
from arrears.cases.actions.common import NOTE_LENGTH, User, _can_change, _text
from arrears.cases.models import Case


@transaction.atomic
def add_note(case: Case, user: User, note: str) -> Any:
    _can_change(user)
    note = _text(note, max_length=NOTE_LENGTH, label=_("The note"), required=_("The note is empty."))
    return evidence.append(case, Kind.NOTE, actor=user, note=note)


@transaction.atomic
def correct_event(case: Case, user: User, event: Any, note: str) -> Any:
    """A correction is a new event naming the one it corrects; the original stays."""
    _can_change(user)
    if event.case_id != case.pk:
        raise ValidationError(_("That event belongs to another case."))
    note = _text(note, max_length=NOTE_LENGTH, label=_("The note"), required=_("Say what is corrected."))
    return evidence.append(case, Kind.CORRECTION, actor=user, note=note, corrects_id=event.pk)
