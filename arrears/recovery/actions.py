"""Recording the notices that end collection, and the night's recovery step."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.activity.actions import append
from arrears.activity.models import Kind
from arrears.cases.models import Case
from arrears.core.models import LEAD_ROLES, Role
from arrears.portfolio.models import Debtor
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
            append(
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


def live_notices(debtor_id: int) -> set[str]:
    """The kinds of the debtor's notices that stand (not withdrawn)."""
    return set(
        Notice.objects.filter(debtor_id=debtor_id, withdrawn_at__isnull=True).values_list("kind", flat=True)
    )


def night(on: date) -> dict[str, int]:
    """The nightly run's recovery step: recall what is due, then accrue commission on the
    payments imported since (so a payment's day is attributed to the agency holding it)."""
    from arrears.recovery.commission import accrue
    from arrears.recovery.placement import recall_due

    counts = {f"recalled_{reason}": n for reason, n in recall_due(on).items()}
    accrued = accrue()
    counts["commission_payments"] = accrued.payments
    return counts
