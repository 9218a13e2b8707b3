"""Choosing, placing and recalling cases (docs/recovery.md).

`candidates` applies a placement rule (creditor, stage, days past due, balance, products);
`scrub` then keeps out what must not go to an agency, each case under the first reason
that applies: a bankruptcy or death notice, an open dispute, a written request to stop
contact, a care hold, or a placement already running. `place` makes one batch with one
agency; `split` shares a segment between agencies by a stable hash of the case (the
champion/challenger machinery's), one batch each. `recall` brings placements back;
`recall_due` does it for every placement whose term ended or that something now stops.
Every placement and recall is an event on its case.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.activity.actions import append
from arrears.activity.models import Kind
from arrears.cases.models import CareHold, Case, Dispute, Stage
from arrears.contacts.models import Preference
from arrears.core.dpd import at_least, at_most, days_since
from arrears.portfolio.models import Account
from arrears.recovery.models import Agency, Contract, Notice, Placement, PlacementBatch, RecallReason

ZERO = Decimal(0)


def open_balance(debtor: str = "debtor_id") -> Coalesce:
    """The debtor's open balance, as an annotation on cases (or, with `debtor` the path to
    the debtor's id, on what refers to a case)."""
    total = (
        Account.objects.filter(debtor_id=OuterRef(debtor), status=Account.Status.OPEN)
        .order_by()
        .values("debtor_id")
        .annotate(total=Sum("balance"))
        .values("total")
    )
    return Coalesce(Subquery(total), Value(ZERO), output_field=DecimalField(max_digits=18, decimal_places=2))


@dataclass(frozen=True)
class Rule:
    """Which open cases a placement takes."""

    creditor_id: int | None = None
    stage: str | None = Stage.AGENCY
    min_dpd: int = 0
    max_dpd: int | None = None
    min_balance: Decimal | None = None
    max_balance: Decimal | None = None
    products: tuple[str, ...] = ()

    def describe(self) -> str:
        parts = []
        if self.stage:
            parts.append(str(Stage(self.stage).label))
        if self.max_dpd is not None:
            parts.append(_("%(low)s-%(high)s days past due") % {"low": self.min_dpd, "high": self.max_dpd})
        elif self.min_dpd:
            parts.append(_("from %(low)s days past due") % {"low": self.min_dpd})
        if self.min_balance is not None or self.max_balance is not None:
            parts.append(
                _("balance %(low)s-%(high)s")
                % {
                    "low": self.min_balance or 0,
                    "high": self.max_balance if self.max_balance is not None else "∞",
                }
            )
        if self.products:
            parts.append(", ".join(self.products))
        return "; ".join(parts)


def candidates(scope: QuerySet[Case], rule: Rule, on: date | None = None) -> QuerySet[Case]:
    """The open cases of `scope` the rule takes on `on` (today), with their open balance
    annotated."""
    cases = scope.filter(status=Case.Status.OPEN).annotate(open_balance=open_balance())
    if rule.creditor_id is not None:
        cases = cases.filter(debtor__creditor_id=rule.creditor_id)
    if rule.stage:
        cases = cases.filter(stage=rule.stage)
    if rule.min_dpd:
        cases = cases.filter(at_least("delinquent_since", rule.min_dpd, on))
    if rule.max_dpd is not None:
        cases = cases.filter(at_most("delinquent_since", rule.max_dpd, on))
    if rule.min_balance is not None:
        cases = cases.filter(open_balance__gte=rule.min_balance)
    if rule.max_balance is not None:
        cases = cases.filter(open_balance__lte=rule.max_balance)
    if rule.products:
        cases = cases.filter(
            debtor__accounts__product__in=rule.products, debtor__accounts__status=Account.Status.OPEN
        ).distinct()
    return cases


# The scrub's reasons, in the order they are tried.
SCRUB_REASONS = ("bankruptcy", "deceased", "dispute", "cease", "care_hold", "placed")


def scrub_labels() -> dict[str, str]:
    return {
        "bankruptcy": _("Bankruptcy notice"),
        "deceased": _("Death notice"),
        "dispute": _("Open dispute"),
        "cease": _("Asked in writing that contact stop"),
        "care_hold": _("On a care hold"),
        "placed": _("Already with an agency"),
    }


@dataclass
class Scrub:
    kept: list[int] = field(default_factory=list)
    excluded: dict[str, list[int]] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        return {reason: len(self.excluded.get(reason, [])) for reason in SCRUB_REASONS}


def stopping_facts(case_ids: Sequence[int]) -> dict[str, set[int]]:
    """For each scrub reason, the cases among `case_ids` it applies to now."""
    ids = list(case_ids)
    debtor_of = dict(Case.objects.filter(pk__in=ids).values_list("pk", "debtor_id"))
    debtors = set(debtor_of.values())
    notices: dict[str, set[int]] = {"bankruptcy": set(), "deceased": set()}
    for debtor, kind in Notice.objects.filter(debtor_id__in=debtors, withdrawn_at__isnull=True).values_list(
        "debtor_id", "kind"
    ):
        notices[kind].add(debtor)
    disputed = set(
        Dispute.objects.filter(case__debtor_id__in=debtors, verified_at__isnull=True).values_list(
            "case__debtor_id", flat=True
        )
    )
    ceased = set(
        Preference.objects.filter(
            debtor_id__in=debtors, kind=Preference.Kind.CEASE, withdrawn_at__isnull=True
        ).values_list("debtor_id", flat=True)
    )
    held = set(
        CareHold.objects.holding(timezone.now()).filter(case_id__in=ids).values_list("case_id", flat=True)
    )
    placed = set(
        Placement.objects.filter(case_id__in=ids, recalled_on__isnull=True).values_list("case_id", flat=True)
    )
    return {
        "bankruptcy": {c for c, d in debtor_of.items() if d in notices["bankruptcy"]},
        "deceased": {c for c, d in debtor_of.items() if d in notices["deceased"]},
        "dispute": {c for c, d in debtor_of.items() if d in disputed},
        "cease": {c for c, d in debtor_of.items() if d in ceased},
        "care_hold": held,
        "placed": placed,
    }


def scrub(case_ids: Sequence[int]) -> Scrub:
    """Split `case_ids` into those that may be placed and those that may not, by reason."""
    facts = stopping_facts(case_ids)
    result = Scrub()
    for case_id in case_ids:
        reason = next((r for r in SCRUB_REASONS if case_id in facts[r]), None)
        if reason is None:
            result.kept.append(case_id)
        else:
            result.excluded.setdefault(reason, []).append(case_id)
    return result


def _who(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def place(
    case_ids: Sequence[int],
    agency: Agency,
    contract: Contract,
    by: Any,
    on: date,
    *,
    segment: str = "",
    arm: str = "",
) -> PlacementBatch:
    """One batch: the cases of `case_ids` that pass the scrub now, with `agency` under
    `contract`. Refused (ValidationError) when none passes, the contract is not the
    agency's or not in force on `on`, or the agency is inactive."""
    if contract.agency_id != agency.pk or not agency.active:
        raise ValidationError(_("This contract is not one of this agency's, or the agency is inactive."))
    if contract.starts_on > on or (contract.ends_on is not None and contract.ends_on < on):
        raise ValidationError(_("The contract is not in force on %(day)s.") % {"day": on.isoformat()})
    with transaction.atomic():
        # Lock the cases: two leads placing the same case at once make one placement.
        cases = {
            c.pk: c
            for c in Case.objects.select_for_update()
            .filter(pk__in=list(case_ids), status=Case.Status.OPEN)
            .annotate(open_balance=open_balance())
        }
        kept = scrub([pk for pk in case_ids if pk in cases]).kept
        if not kept:
            raise ValidationError(_("No case left to place after the scrub."))
        batch = PlacementBatch.objects.create(
            agency=agency,
            contract=contract,
            placed_on=on,
            term_ends_on=on + timedelta(days=contract.term_days),
            segment=segment[:200],
            arm=arm,
            created_by=by,
        )
        for pk in kept:
            case = cases[pk]
            try:
                with transaction.atomic():
                    Placement.objects.create(
                        batch=batch,
                        agency=agency,
                        case=case,
                        placed_on=on,
                        stage_before=case.stage if case.stage != Stage.AGENCY else Stage.PHONE,
                        dpd=days_since(case.delinquent_since, on),
                        principal=case.open_balance,
                    )
            except IntegrityError:
                continue  # placed by someone else a moment ago
            Case.objects.filter(pk=pk).update(stage=Stage.AGENCY)
            append(
                case,
                Kind.PLACED,
                actor=_who(by),
                data={
                    "agency": agency.code,
                    "batch": batch.reference,
                    "balance": str(case.open_balance),
                    "term_ends_on": batch.term_ends_on.isoformat(),
                },
            )
    return batch


def split(
    case_ids: Sequence[int],
    shares: Sequence[tuple[Agency, Contract, float]],
    by: Any,
    on: date,
    *,
    segment: str = "",
    salt: str = "placement",
) -> list[PlacementBatch]:
    """Share `case_ids` between agencies: each case goes to the agency whose cumulative
    share its stable hash falls under (arrears.strategy.champion.uniform), so the same case
    and salt always go to the same agency. One batch an agency, its arm "agency-<code>"."""
    from arrears.strategy.champion import uniform

    total = sum(share for _a, _c, share in shares)
    if not shares or total <= 0:
        raise ValidationError(_("Give each agency a share above zero."))
    groups: dict[int, list[int]] = {i: [] for i in range(len(shares))}
    for pk in case_ids:
        u, running = uniform(pk, salt) * total, 0.0
        for i, (_agency, _contract, share) in enumerate(shares):
            running += share
            if u < running:
                groups[i].append(pk)
                break
        else:
            groups[len(shares) - 1].append(pk)
    return [
        place(groups[i], agency, contract, by, on, segment=segment, arm=f"agency-{agency.code}")
        for i, (agency, contract, _share) in enumerate(shares)
        if groups[i]
    ]


def recall(placements: Iterable[Placement], reason: str, by: Any, on: date) -> int:
    """Bring active placements back: the case returns to its stage before the placement;
    a batch whose placements are all back is recalled."""
    n = 0
    batches: set[int] = set()
    with transaction.atomic():
        for placement in placements:
            updated = Placement.objects.filter(pk=placement.pk, recalled_on__isnull=True).update(
                recalled_on=on, recall_reason=reason
            )
            if not updated:
                continue
            n += 1
            batches.add(placement.batch_id)
            case = placement.case
            Case.objects.filter(pk=case.pk, stage=Stage.AGENCY).update(stage=placement.stage_before)
            append(
                case,
                Kind.RECALLED,
                actor=_who(by),
                data={"agency": placement.agency.code, "batch": placement.batch.reference, "reason": reason},
            )
        for batch_id in batches:
            if not Placement.objects.filter(batch_id=batch_id, recalled_on__isnull=True).exists():
                PlacementBatch.objects.filter(pk=batch_id).update(
                    status=PlacementBatch.Status.RECALLED, recalled_on=on
                )
    return n


def recall_due(on: date, by: Any = None) -> dict[str, int]:
    """Recall every active placement whose term has ended, whose case closed or was paid
    in full, or that a notice, a dispute or a written request to stop now concerns."""
    active = Placement.objects.filter(recalled_on__isnull=True).select_related("case", "batch", "agency")
    counts: dict[str, int] = {}
    ended = list(active.filter(batch__term_ends_on__lte=on))
    counts[RecallReason.TERM_END] = recall(ended, RecallReason.TERM_END, by, on)
    rest = list(active.annotate(open_balance=open_balance("case__debtor_id")))
    paid = [p for p in rest if p.case.status != Case.Status.OPEN or p.open_balance <= 0]
    counts[RecallReason.PAID] = recall(paid, RecallReason.PAID, by, on)
    rest = [p for p in rest if p not in paid]
    facts = stopping_facts([p.case_id for p in rest])
    for reason, fact in (
        (RecallReason.BANKRUPTCY, "bankruptcy"),
        (RecallReason.DECEASED, "deceased"),
        (RecallReason.DISPUTE, "dispute"),
        (RecallReason.CEASE, "cease"),
    ):
        due = [p for p in rest if p.case_id in facts[fact]]
        counts[reason] = recall(due, reason, by, on)
        rest = [p for p in rest if p not in due]
    return {k: v for k, v in counts.items() if v}


def active_placement(case: Case) -> Placement | None:
    return Placement.objects.filter(case=case, recalled_on__isnull=True).select_related("agency").first()
