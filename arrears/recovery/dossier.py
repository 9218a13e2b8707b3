"""The evidence dossier: one case's file as a PDF for agency placement or legal recovery.

`render_dossier(case, language)` gathers the case from the database and renders it
(WeasyPrint, Chinese set in Noto CJK, as the letters are: arrears/messaging/letters.py);
`actions.issue_dossier` renders it and then records its SHA-256 on the case's chain.

Reproducible: the same case with the same events gives the same bytes. Nothing in it reads
the wall clock: "printed as of" is the time the case's last event was recorded, the PDF's
creation and modification dates are that time too, and its file identifier is derived from
the case and its last hash. Two things are computed at printing and printed without a time:
the verification of the chain (and of the case against the latest signed digest), and the
amounts, as of the day given (`on`, default today). A dossier printed on another day, after a
new payment or a new digest, may therefore differ although no event was added.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from arrears.activity.digest import DigestError, Entry, Gap, _entry, digests_in, open_digest
from arrears.activity.models import Event, Kind
from arrears.activity.verify import check_cases, gap_message
from arrears.cases.models import Case
from arrears.compliance.parameters import rule_words
from arrears.contacts.models import ContactPoint
from arrears.core.masking import mask_contact, mask_id
from arrears.portfolio.aging import ZERO, Paid, age, allocate, parse_bounds
from arrears.portfolio.models import Account, Payment
from arrears.recovery.periods import case_period

LANGUAGES = ("zh-hans", "en")

# The events that are contacts (or attempts the gate refused), in the contacts section.
CONTACT_KINDS = (Kind.CONTACT, Kind.BLOCKED, Kind.VISIT_RECORDED)

SECTIONS: tuple[tuple[str, Any], ...] = (
    ("debtor", gettext_lazy("Debtor and accounts")),
    ("statements", gettext_lazy("Statements and payments")),
    ("amounts", gettext_lazy("How the amounts are computed")),
    ("promises", gettext_lazy("Promises and payment plans")),
    ("contacts", gettext_lazy("Contacts and messages")),
    ("decisions", gettext_lazy("The contact gate's decisions")),
    ("chain", gettext_lazy("The evidence chain and its verification")),
)


@dataclass
class AccountView:
    account: Account
    dues: list[Any]
    payments: list[Payment]
    rows: list[dict[str, Any]]
    overdue: Decimal
    balance: Decimal
    days_past_due: int
    bucket: str


@dataclass
class DigestCheck:
    """The case against the newest signed digest that lists it."""

    file: str = ""
    created_at: str = ""
    entry: Entry | None = None
    problems: list[str] = field(default_factory=list)
    error: str = ""


def _zh(language: str) -> bool:
    return language.startswith("zh")


def printed_as_of(case: Case, last: Event | None) -> datetime:
    """The dossier's time: when the case's last event was recorded (its opening day at
    midnight for a case without events)."""
    if last is not None:
        return last.recorded_at
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime.combine(case.opened_on, time(0), tzinfo=zone)


def _shown(point: ContactPoint | None, unmasked: bool) -> str:
    if point is None:
        return ""
    return point.value if unmasked else mask_contact(point.kind, point.value)


def _accounts(case: Case, on: date) -> list[AccountView]:
    bounds = parse_bounds(settings.ARREARS_BUCKETS)
    out = []
    accounts = (
        Account.objects.filter(debtor=case.debtor)
        .select_related("creditor")
        .prefetch_related("due_items", "payments")
        .order_by("pk")
    )
    for account in accounts:
        zone = ZoneInfo(account.creditor.default_time_zone)
        dues = sorted(account.due_items.all(), key=lambda d: (d.due_date, d.external_id))
        payments = sorted(account.payments.all(), key=lambda p: (p.paid_at, p.pk))
        paid = [Paid(p.paid_at.astimezone(zone).date(), p.amount) for p in payments]
        aging = age([d.as_due() for d in dues], paid, on, bounds)
        rows = []
        for item, allocation in zip(dues, allocate([d.as_due() for d in dues], paid, on), strict=True):
            rows.append(
                {
                    "item": item,
                    "taken": [
                        {"payment": payments[i], "on": paid[i].paid_on, "amount": amount}
                        for i, amount in allocation.taken
                    ],
                    "remaining": allocation.remaining,
                    "days_past_due": allocation.days_past_due,
                    "past_due": allocation.past_due,
                    "not_yet_due": item.due_date >= on,
                }
            )
        out.append(
            AccountView(
                account,
                dues,
                payments,
                rows,
                aging.overdue_amount,
                aging.balance,
                aging.days_past_due,
                aging.bucket,
            )
        )
    return out


def _decision(event: Event, zh: bool) -> dict[str, Any] | None:
    kept = event.decision
    if kept is None:
        return None
    reasons = (kept.decision or {}).get("reasons", []) if isinstance(kept.decision, dict) else []
    return {
        "id": kept.pk,
        "allowed": kept.allowed,
        "profile": kept.profile,
        "version": kept.policy_version.version,
        "channel": kept.channel,
        "rules": [rule_words(r) for r in kept.rule_list],
        "reasons": [
            {"rule": r.get("rule_id", ""), "text": r.get("reason_zh" if zh else "reason_en", "")}
            for r in reasons
            if isinstance(r, dict)
        ],
    }


def _digest_line(path: Path, public_id: str) -> Entry | None:
    """The digest's line for the case, or None (read raw: one substring test a line)."""
    needle = f'"case":"{public_id}"'.encode()
    with path.open("rb") as f:
        f.readline()
        for number, raw in enumerate(f, start=2):
            if needle in raw:
                return _entry(raw, number, path)
    return None


def check_against_digest(case: Case, folder: Path | None = None) -> DigestCheck | None:
    """The case against the newest digest in `folder` (default ARREARS_EVIDENCE_DIR) that
    lists it; None when no digest lists it yet. A digest this installation's key did not
    sign, or whose bytes changed, is reported and nothing is checked against it."""
    folder = Path(folder or settings.ARREARS_EVIDENCE_DIR)
    public_id = str(case.public_id)
    for path in reversed(digests_in(folder)):
        try:
            entry = _digest_line(path, public_id)
        except (OSError, DigestError):
            entry = None
        if entry is None:
            continue
        check = DigestCheck(file=path.name, entry=entry)
        try:
            digest = open_digest(path)
        except DigestError as exc:
            check.error = str(exc).replace(str(path), path.name)
            return check
        check.created_at = digest.created_at
        events = Event.objects.filter(case=case)
        n = events.count()
        last = events.order_by("-seq").values_list("seq", flat=True).first() or 0
        hash_now = events.filter(seq=entry.seq).values_list("hash", flat=True).first() if entry.seq else None
        if (entry.seq and hash_now != entry.hash) or n < entry.events:
            check.problems.append(gap_message(Gap(entry, case.pk, n, last, hash_now)))
        return check
    return None


def dossier_context(
    case: Case, language: str, *, unmasked: bool = False, on: date | None = None, up_to: int | None = None
) -> dict[str, Any]:
    """Everything the template prints; call inside translation.override(language)."""
    zh = _zh(language)
    on = on or timezone.localdate()
    debtor = case.debtor
    chain = Event.objects.filter(case=case)
    if up_to is not None:
        chain = chain.filter(seq__lte=up_to)
    events = list(
        chain.select_related(
            "actor", "person", "contact_point", "decision", "decision__policy_version"
        ).order_by("seq")
    )
    last = events[-1] if events else None
    people = []
    for person in debtor.people.order_by("pk"):
        points = [
            {"point": p, "shown": _shown(p, unmasked)}
            for p in ContactPoint.objects.filter(person=person).order_by("pk")
        ]
        people.append({"person": person, "points": points})
    accounts = _accounts(case, on)
    contacts = []
    decisions = []
    for event in events:
        if event.kind in CONTACT_KINDS:
            decision = _decision(event, zh)
            contacts.append(
                {"event": event, "shown": _shown(event.contact_point, unmasked), "decision": decision}
            )
            if decision is not None:
                decisions.append({"event": event, **decision})
    from arrears.messaging.models import Message

    messages = [
        {"message": m, "shown": _shown(m.contact_point, unmasked)}
        for m in Message.objects.filter(case=case)
        .select_related("person", "contact_point")
        .order_by("created_at", "pk")
    ]
    problems = [p.message for p in check_cases([case.pk])]
    currencies = sorted({a.account.currency for a in accounts})
    return {
        "zh": zh,
        "language": language,
        "case": case,
        "debtor": debtor,
        "creditor": debtor.creditor,
        "national_id": (debtor.national_id if unmasked else mask_id(debtor.national_id)) or "—",
        "unmasked": unmasked,
        "people": people,
        "accounts": accounts,
        "currency": currencies[0] if len(currencies) == 1 else "",
        "total_overdue": sum((a.overdue for a in accounts), ZERO),
        "total_balance": sum((a.balance for a in accounts), ZERO),
        "days_past_due": max((a.days_past_due for a in accounts), default=0),
        "promises": list(case.promises.select_related("plan").order_by("due_on", "pk")),
        "plans": list(case.plans.order_by("created_on", "pk")),
        "contacts": contacts,
        "messages": messages,
        "decisions": decisions,
        "events": events,
        "last": last,
        "as_of": printed_as_of(case, last),
        "on": on,
        "time_zone": settings.TIME_ZONE,
        "problems": problems,
        "digest": check_against_digest(case),
        "limitation": case_period(case, on) if case.is_open else None,
        "sections": [
            {"id": key, "n": n, "title": str(title)} for n, (key, title) in enumerate(SECTIONS, start=1)
        ],
        "section": {key: {"n": n, "title": str(title)} for n, (key, title) in enumerate(SECTIONS, start=1)},
    }


def _w3c(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def last_seq(case: Case) -> int:
    return Event.objects.filter(case=case).order_by("-seq").values_list("seq", flat=True).first() or 0


def render_dossier(
    case: Case, language: str, *, unmasked: bool = False, on: date | None = None, up_to: int | None = None
) -> bytes:
    """The case's dossier as PDF bytes, in `language` (zh-hans or en). Writes nothing.
    `up_to`: only the events up to that number (an earlier dossier printed again; the
    amounts, messages and verification are still today's)."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    # Imported here: WeasyPrint loads Pango through cffi, which only the PDF paths need.
    from weasyprint import HTML

    with translation.override(language):
        context = dossier_context(case, language, unmasked=unmasked, on=on, up_to=up_to)
        context["created"] = _w3c(context["as_of"])
        html = render_to_string("recovery/dossier.html", context)
    last_hash = context["last"].hash if context["last"] is not None else ""
    # A fixed file identifier (PDF's /ID): the case, its last hash, the language and the
    # masking, so two dossiers of the same state carry the same one.
    identifier = hashlib.md5(  # noqa: S324 - an identifier, not a security hash
        f"{case.public_id}:{last_hash}:{language}:{unmasked}".encode()
    ).hexdigest()
    return bytes(
        HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_identifier=identifier.encode())
    )


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def sha256(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()
