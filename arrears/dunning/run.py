"""The dunning run of a creditor on a day: read the ledger, decide per customer
(arrears.dunning.core), send through the contact gate and the outbox, keep what was sent.

`run_dunning(creditor, on)` is what the nightly (or `manage.py dunning_run`) calls. It is
idempotent per day: the day's `DunningRun` is found again, a customer already dunned that
day is skipped, and each message carries a dedupe key (dunning:<customer>:<currency>:<day>).
Each customer's message and its `Dunning` row are written in one transaction, so a crash
leaves no message without its record.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from arrears.cases.actions.gate import _purpose_for
from arrears.cases.models import Case
from arrears.contacts.models import ContactPoint, Relationship
from arrears.dunning import core
from arrears.dunning.models import Dunning, DunningLevel, DunningRun
from arrears.dunning.texts import credit_lines, invoice_lines, money
from arrears.messaging.actions import MessageRefused, queue_draft
from arrears.messaging.compose import Draft, compiled, split_subject
from arrears.messaging.models import POINT_KIND, Channel
from arrears.portfolio.models import Creditor, Debtor
from arrears.receivables.ledger import open_credits, open_invoices, settle_expected_payments
from arrears.scripts.context import case_values
from arrears.scripts.models import Script
from arrears.scripts.render import MissingValueError

LANGUAGES = ("zh-hans", "en")
Status = Dunning.Status


def _levels(creditor: Creditor) -> tuple[list[core.Level], dict[int, DunningLevel]]:
    rows = list(DunningLevel.objects.filter(creditor=creditor, active=True).order_by("rank"))
    plain = [
        core.Level(lv.pk, lv.rank, lv.kind, lv.days_overdue, lv.repeat_after_days, lv.fee, lv.interest_rate)
        for lv in rows
    ]
    return plain, {lv.pk: lv for lv in rows}


def _last_sent(debtor_ids: list[int], on: date) -> dict[int, dict[int, date]]:
    out: dict[int, dict[int, date]] = defaultdict(dict)
    rows = (
        Dunning.objects.filter(debtor_id__in=debtor_ids, status=Status.QUEUED, on__lt=on, level__isnull=False)
        .values("debtor_id", "level_id")
        .annotate(last=Max("on"))
    )
    for r in rows:
        out[r["debtor_id"]][r["level_id"]] = r["last"]
    return out


def _open_cases(debtor_ids: list[int]) -> dict[int, Case]:
    out: dict[int, Case] = {}
    for case in (
        Case.objects.filter(debtor_id__in=debtor_ids, status=Case.Status.OPEN)
        .select_related("debtor", "debtor__creditor")
        .order_by("opened_on", "pk")
    ):
        out[case.debtor_id] = case  # the newest wins
    return out


def recipient(debtor: Debtor, channel: str) -> ContactPoint | None:
    """The customer's own valid email (or postal address, for a letter): the company
    itself, never the people around it unless they are its co-obligors."""
    return (
        ContactPoint.objects.filter(
            person__debtor=debtor,
            person__relationship__in=[Relationship.SELF, Relationship.GUARANTOR, Relationship.CO_BORROWER],
            kind=POINT_KIND[Channel(channel)],
            valid=True,
        )
        .select_related("person")
        .order_by("person__relationship", "pk")
        .first()
    )


def dunning_values(decision: core.Decision, language: str) -> dict[str, str]:
    c = decision.currency
    return {
        "invoice_list": invoice_lines(decision.lines, decision.paused, language, c),
        "open_credits": credit_lines(decision.credits, language, c),
        "dunning_fee": money(decision.fee, language, c),
        "dunning_interest": money(decision.interest, language, c),
        "dunning_total": money(decision.total, language, c),
    }


def compose_for(case: Case, script: Script, point: ContactPoint, values: dict[str, str], on: date) -> Draft:
    version = script.published_version()
    if version is None:
        raise LookupError(script.key)
    channel = Channel(script.kind)
    template = compiled(version.pk, version.body)
    context: dict[str, Any] = {**case_values(case, None, on=on), **values}
    params = template.values(context, script.language, currency=values.get("currency", "CNY"))
    subject, body = split_subject(channel, template.fill(params))
    return Draft(channel, version, script.language, subject, body, params, _purpose_for(point.person))


def _record(run: DunningRun, debtor: Debtor, decision: core.Decision, status: str, **extra: Any) -> Dunning:
    level = extra.pop("level", None)
    return Dunning.objects.create(
        run=run,
        debtor=debtor,
        on=run.on,
        level=level,
        status=status,
        currency=decision.currency,
        invoices=[
            {
                "number": line.number,
                "due_on": line.due_on.isoformat(),
                "open_amount": str(line.open_amount),
                "days_overdue": line.days_overdue,
                "interest": str(line.interest),
            }
            for line in decision.lines
        ],
        paused=[
            {
                "number": p.number,
                "open_amount": str(p.open_amount),
                "reason": p.reason,
                "expected_on": p.expected_on.isoformat() if p.expected_on else None,
            }
            for p in decision.paused
        ],
        credits=[
            {"kind": c.kind, "number": c.number, "open_amount": str(c.open_amount)} for c in decision.credits
        ],
        overdue=decision.overdue,
        fee=decision.fee,
        interest=decision.interest,
        credit_total=decision.credit_total,
        total=decision.total,
        **extra,
    )


def send_one(
    run: DunningRun,
    debtor: Debtor,
    case: Case | None,
    decision: core.Decision,
    level: DunningLevel,
    at: datetime,
) -> Dunning:
    """Queue one customer's dunning (or record why not), in one transaction."""
    if case is None:
        return _record(run, debtor, decision, Status.NO_CASE, level=level)
    language = debtor.preferred_language if debtor.preferred_language in LANGUAGES else LANGUAGES[0]
    script = Script.objects.filter(key=level.script_key, language=language).first()
    point = recipient(debtor, level.channel)
    if point is None:
        return _record(run, debtor, decision, Status.NO_CONTACT, level=level, case=case)
    try:
        if script is None:
            raise LookupError(level.script_key)
        values = {**dunning_values(decision, language), "currency": decision.currency}
        draft = compose_for(case, script, point, values, run.on)
    except (LookupError, MissingValueError) as exc:
        names = getattr(exc, "names", None) or [str(exc)]
        return _record(
            run, debtor, decision, Status.NO_TEMPLATE, level=level, case=case, rule_ids=",".join(names)[:300]
        )
    key = f"dunning:{debtor.pk}:{decision.currency}:{run.on.isoformat()}"
    with transaction.atomic():
        try:
            message = queue_draft(case, draft, point, None, at=at, template=script.key, dedupe_key=key)
        except MessageRefused as refused:
            return _record(
                run,
                debtor,
                decision,
                Status.BLOCKED,
                level=level,
                case=case,
                rule_ids=",".join(refused.decision.rule_ids)[:300],
            )
        return _record(run, debtor, decision, Status.QUEUED, level=level, case=case, message=message)


def send_time(on: date) -> datetime:
    """Letters and emails of the day's run are queued for REMINDER_HOUR in the business's
    zone (each still waits for its customer's own window at the gate)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return max(datetime.combine(on, time(settings.REMINDER_HOUR), tzinfo=zone), timezone.now())


def run_dunning(creditor: Creditor, on: date, *, user: Any = None, at: datetime | None = None) -> DunningRun:
    """The creditor's dunning for `on`; counts go on the run row (docs/dunning.md)."""
    run, _created = DunningRun.objects.get_or_create(
        creditor=creditor, on=on, defaults={"created_by": user if getattr(user, "pk", None) else None}
    )
    levels, by_id = _levels(creditor)
    debtor_ids = list(
        Debtor.objects.filter(creditor=creditor, kind=Debtor.Kind.COMPANY).values_list("id", flat=True)
    )
    invoices: dict[int, list[Any]] = defaultdict(list)
    for inv in open_invoices(debtor_ids, on):
        invoices[inv.debtor_id].append(inv)
    credits: dict[int, list[Any]] = defaultdict(list)
    for cr in open_credits(debtor_ids, on):
        credits[cr.debtor_id].append(cr)
    owing = sorted(invoices)
    done = set(Dunning.objects.filter(on=on, debtor_id__in=owing).values_list("debtor_id", "currency"))
    last = _last_sent(owing, on)
    cases = _open_cases(owing)
    debtors = Debtor.objects.in_bulk(owing)
    when = at or send_time(on)
    too_soon = 0
    for debtor_id in owing:
        for currency in sorted({i.currency for i in invoices[debtor_id]}):
            if (debtor_id, currency) in done:
                continue
            decision = core.decide(
                invoices[debtor_id], credits[debtor_id], levels, last[debtor_id], on, currency
            )
            if decision.level is None:
                if decision.paused:
                    _record(run, debtors[debtor_id], decision, Status.PAUSED)
                continue
            if decision.too_soon:
                too_soon += 1
                continue
            send_one(run, debtors[debtor_id], cases.get(debtor_id), decision, by_id[decision.level.id], when)
    run.counts = _counts(run, customers=len(owing), too_soon=too_soon)
    run.finished_at = timezone.now()
    run.save(update_fields=["counts", "finished_at"])
    return run


def _counts(run: DunningRun, *, customers: int, too_soon: int) -> dict[str, Any]:
    """The run's figures, from its rows (so a rerun on the same day reports the same)."""
    levels: dict[str, int] = defaultdict(int)
    statuses: dict[str, int] = defaultdict(int)
    paused = 0
    for status, kind, held in Dunning.objects.filter(run=run).values_list("status", "level__kind", "paused"):
        statuses[status] += 1
        paused += len(held or [])
        if status == Status.QUEUED and kind:
            levels[kind] += 1
    return {
        "customers_owing": customers,
        "dunned_by_level": dict(levels),
        "by_status": dict(statuses),
        "paused_invoices": paused,
        "too_soon": too_soon,
    }


def run_all(on: date) -> list[DunningRun]:
    """Every company creditor with dunning levels: what the nightly calls."""
    settle_expected_payments()  # judged promises close their cheques before the ledger is read
    creditors = Creditor.objects.filter(kind=Creditor.Kind.COMPANY, dunning_levels__active=True).distinct()
    return [run_dunning(c, on) for c in creditors.order_by("code")]
