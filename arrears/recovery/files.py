"""The files an agency receives: the placement file when a batch goes out, the recall file
when cases come back, and the month's commission statement. CSV or XLSX through
arrears.core.spreadsheets (no cell runs as a formula); headers in the reader's language.

The placement file carries what the agency may use and must respect: our reference (the
agency quotes it back), the debtor's name and id number (to verify it speaks to the right
person), the debtor's own phones, emails and addresses that are valid and not opted out
(never a third party's), the balance by principal, interest and fees when placed, the days
past due and the date the delinquency began, the last payment's date, and the case's
contact restrictions in words. Writing it reveals personal data: each export is recorded
(Unmasking, field "placement file").
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import timedelta
from typing import Any

from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from arrears.activity.models import Unmasking
from arrears.contacts.models import ContactPoint, Preference, Relationship
from arrears.core.spreadsheets import csv_writer, write_xlsx
from arrears.portfolio.models import Payment
from arrears.recovery.models import Commission, Placement, PlacementBatch, RecallReason


def _restrictions(debtor_ids: Sequence[int]) -> dict[int, str]:
    """The debtor's live contact preferences, in words."""
    from arrears.compliance.wording import channel

    out: dict[int, list[str]] = defaultdict(list)
    for debtor, kind, chan, slot in Preference.objects.filter(
        debtor_id__in=list(debtor_ids), withdrawn_at__isnull=True
    ).values_list("debtor_id", "kind", "channel", "slot"):
        if kind == Preference.Kind.OPT_OUT_CHANNEL:
            out[debtor].append(_("no %(channel)s") % {"channel": channel(chan, _zh())})
        elif kind == Preference.Kind.NO_WORKPLACE:
            out[debtor].append(_("no contact at work"))
        elif kind == Preference.Kind.INCONVENIENT_TIME and slot:
            out[debtor].append(
                _("not %(start)s-%(end)s") % {"start": slot.get("start", ""), "end": slot.get("end", "")}
            )
        elif kind == Preference.Kind.REFUSED:
            out[debtor].append(_("refused to pay in writing"))
    return {debtor: "; ".join(parts) for debtor, parts in out.items()}


def _zh() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "").startswith("zh")


def placement_rows(batch: PlacementBatch) -> tuple[list[str], list[list[Any]]]:
    placements = list(
        batch.placements.select_related("case", "case__debtor", "case__debtor__creditor").order_by("pk")
    )
    debtors = [p.case.debtor_id for p in placements]
    points: dict[tuple[int, str], list[str]] = defaultdict(list)
    for debtor_id, kind, value in (
        ContactPoint.objects.filter(
            person__debtor_id__in=debtors,
            person__relationship=Relationship.SELF,
            valid=True,
            opted_out=False,
        )
        .order_by("pk")
        .values_list("person__debtor_id", "kind", "value")
    ):
        points[(debtor_id, kind)].append(value)
    last_paid = dict(
        Payment.objects.filter(account__debtor_id__in=debtors, amount__gt=0)
        .values("account__debtor_id")
        .annotate(last=Max("paid_at"))
        .values_list("account__debtor_id", "last")
        .order_by()
    )
    restrictions = _restrictions(debtors)
    header = [
        _("Our reference"),
        _("Batch"),
        _("Placed on"),
        _("Term ends on"),
        _("Creditor"),
        _("Debtor"),
        _("ID number"),
        _("Phones"),
        _("Emails"),
        _("Addresses"),
        _("Currency"),
        _("Principal"),
        _("Interest"),
        _("Fees"),
        _("Balance"),
        _("Days past due"),
        _("Delinquent since"),
        _("Last payment"),
        _("Contact restrictions"),
    ]
    rows = []
    for p in placements:
        debtor = p.case.debtor
        paid = last_paid.get(debtor.pk)
        rows.append(
            [
                p.case.reference,
                batch.reference,
                p.placed_on,
                batch.term_ends_on,
                debtor.creditor.name,
                debtor.name,
                debtor.national_id,
                " / ".join(points[(debtor.pk, ContactPoint.Kind.PHONE)]),
                " / ".join(points[(debtor.pk, ContactPoint.Kind.EMAIL)]),
                " / ".join(points[(debtor.pk, ContactPoint.Kind.ADDRESS)]),
                debtor.creditor.default_currency,
                p.principal,
                p.interest,
                p.fees,
                p.balance,
                p.dpd,
                p.placed_on - timedelta(days=p.dpd) if p.dpd else None,
                paid.date() if paid else None,
                restrictions.get(debtor.pk, ""),
            ]
        )
    return header, rows


def recall_rows(batch: PlacementBatch) -> tuple[list[str], list[list[Any]]]:
    reasons = dict(RecallReason.choices)
    got = {
        r["placement_id"]: (r["collected"], r["amount"])
        for r in Commission.objects.filter(placement__batch=batch)
        .values("placement_id")
        .annotate(collected=Sum("collected"), amount=Sum("amount"))
        .order_by()
    }
    header = [
        _("Our reference"),
        _("Batch"),
        _("Placed on"),
        _("Recalled on"),
        _("Why recalled"),
        _("Balance when placed"),
        _("Collected during the placement"),
        _("Commission"),
    ]
    rows = []
    for p in (
        Placement.objects.filter(batch=batch, recalled_on__isnull=False).select_related("case").order_by("pk")
    ):
        collected, commission = got.get(p.pk, (None, None))
        rows.append(
            [
                p.case.reference,
                batch.reference,
                p.placed_on,
                p.recalled_on,
                str(reasons.get(p.recall_reason, p.recall_reason)),
                p.balance,
                collected or 0,
                commission or 0,
            ]
        )
    return header, rows


def render(header: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, title: str) -> bytes:
    """The table as a file: "xlsx" or "csv" (UTF-8 with a byte order mark, for Excel)."""
    if fmt == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(buffer, header, rows, title=title)
        return buffer.getvalue()
    text = io.StringIO()
    writer = csv_writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def placement_file(
    batch: PlacementBatch, fmt: str, user: Any, *, references: Collection[str] | None = None
) -> bytes:
    """The batch's placement file (only the cases of `references`, when given: those the
    user may see); its export is recorded as a reveal of personal data."""
    header, rows = placement_rows(batch)
    if references is not None:
        rows = [row for row in rows if row[0] in references]
    Unmasking.objects.create(user=user, field="placement file", reason=f"{batch.reference} ({len(rows)})")
    return render(header, rows, fmt, batch.reference)
