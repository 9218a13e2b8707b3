"""Issuing an evidence dossier: render it, then record its SHA-256 on the case's chain."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from arrears.activity import actions as evidence
from arrears.activity.models import Event, Kind, Unmasking
from arrears.cases.models import Case
from arrears.recovery.dossier import last_seq, page_count, render_dossier, sha256


@dataclass(frozen=True)
class Issued:
    pdf: bytes
    event: Event

    @property
    def sha256(self) -> str:
        return str(self.event.data["sha256"])


def issue_dossier(
    case: Case,
    language: str,
    *,
    actor: Any = None,
    unmasked: bool = False,
    reason: str = "",
    keep: Callable[[bytes], None] | None = None,
) -> Issued:
    """Render the case's dossier (its events up to the last one now) and record it as a
    `dossier_issued` event: its SHA-256, language, page count and the last event it covers.
    `keep`, if given, stores the PDF before it is recorded (the command writes the file), so
    a dossier that could not be kept is not recorded as issued. Unmasked only for a named
    user; the reveal is logged as an Unmasking row (field "dossier")."""
    if unmasked and (actor is None or not getattr(actor, "is_authenticated", False)):
        raise ValueError("an unmasked dossier needs the user it is printed for")
    up_to = last_seq(case)
    pdf = render_dossier(case, language, unmasked=unmasked, up_to=up_to)
    if keep is not None:
        keep(pdf)
    with transaction.atomic():
        if unmasked:
            Unmasking.objects.create(user=actor, case=case, field="dossier", reason=reason[:200])
        event = evidence.append(
            case,
            Kind.DOSSIER_ISSUED,
            actor=actor,
            data={
                "sha256": sha256(pdf),
                "language": language,
                "pages": page_count(pdf),
                "last_seq": up_to,
                "unmasked": unmasked,
            },
        )
    return Issued(pdf, event)
