"""Recovery's actions: recording the notices that end collection (bankruptcy, death) and the
night's placement step; issuing an evidence dossier (render it, then record its SHA-256 on
the case's chain); recording the facts that restart a limitation period."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.activity import actions as evidence
from arrears.activity.models import Event, Kind, Unmasking
from arrears.cases.actions.common import NOTE_LENGTH, User, _can_change, _text
from arrears.cases.models import Case
from arrears.core.models import LEAD_ROLES, Role
from arrears.portfolio.models import Debtor
from arrears.recovery.dossier import last_seq, page_count, render_dossier, sha256
from arrears.recovery.models import Notice, Placement, RecallReason
from arrears.recovery.placement import recall

# Who records a notice: a lead or manager, a compliance officer (a court's letter reaches
# the back office), the administrator.
NOTICE_ROLES = frozenset({*LEAD_ROLES, Role.COMPLIANCE})


def record_notice(debtor: Debtor, kind: str, received_on: date, source: str, by: Any) -> Notice:
    """A bankruptcy or death notice: from now the gate refuses every collection contact
    with the debtor (DEF-STATE-01/02), and their placements are recalled at once."""
    profile = getattr(by, "profile", None)
    if profile is None or profile.role not in NOTICE_ROLES:
        raise PermissionDenied("leads and compliance officers record notices")
    if kind not in Notice.Kind.values:
        raise ValidationError({"kind": _("Choose bankruptcy or death.")})
    today = timezone.localdate(timezone=timezone.get_default_timezone())
    if received_on > today:
        raise ValidationError({"received_on": _("A notice cannot be received in the future.")})
    source = (source or "").strip()
    if not source:
        raise ValidationError({"source": _("Say where the notice comes from (e.g. the court's notice no.).")})
    with transaction.atomic():
        notice = Notice.objects.create(
            debtor=debtor, kind=kind, received_on=received_on, source=source[:200], recorded_by=by
        )
        for case in Case.objects.filter(debtor=debtor, status=Case.Status.OPEN):
            evidence.append(
                case,
                Kind.NOTICE_RECORDED,
                actor=by,
                data={"kind": kind, "received_on": received_on.isoformat(), "source": source[:200]},
            )
        reason = RecallReason.BANKRUPTCY if kind == Notice.Kind.BANKRUPTCY else RecallReason.DECEASED
        recall(
            Placement.objects.filter(case__debtor=debtor, recalled_on__isnull=True).select_related(
                "case", "batch", "agency"
            ),
            reason,
            by,
            today,
        )
    return notice


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


# The facts a person records for the limitation period (arrears/recovery/limitation.py).
LIMITATION_FACTS = (Kind.DEBT_ACKNOWLEDGED, Kind.DEMAND_RECEIVED)


def record_limitation_fact(
    case: Case,
    user: User,
    kind: str,
    *,
    on: date,
    today: date,
    written: bool = False,
    channel: str = "",
    note: str = "",
) -> Event:
    """Record that the debtor acknowledged the debt, or received a demand, on `on` (not
    after `today`): an event on the case's chain, which the limitation period reads."""
    _can_change(user)
    if kind not in LIMITATION_FACTS:
        raise ValidationError(_("Unknown kind of fact."))
    if on > today:
        raise ValidationError({"on": _("The day cannot be in the future.")})
    note = _text(note, max_length=NOTE_LENGTH, label=_("The note"))
    data: dict[str, Any] = {"on": on.isoformat()}
    if kind == Kind.DEBT_ACKNOWLEDGED:
        data["written"] = bool(written)
    elif channel:
        data["channel"] = channel
    return evidence.append(case, kind, actor=user, note=note, data=data)
