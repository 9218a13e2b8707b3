"""Many messages at once (campaigns, the nightly's reminders): render, gate, queue.

The same steps as queue_message, in bulk: each template is compiled once; the cases, their
debtors, the debtors' own contact points, accounts, contact history, disputes and
preferences are read in one query per chunk of cases; each message goes through the gate's
`evaluate` with its debtor's history built once; rows and their `message_queued` events are
written with bulk inserts. Campaigns write only to the debtor's own contact points: never to
the people around them (CN-PARTY-04, no address-book blasting).
"""

from __future__ import annotations

import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import polars as pl
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from arrears.activity.actions import HISTORY_CHANNELS, HISTORY_DAYS, NewEvent, append_many
from arrears.activity.models import Event, Kind
from arrears.cases.models import Case, Dispute, Promise
from arrears.compliance.actions import active_policy
from arrears.compliance.gate import evaluate
from arrears.compliance.profiles import Policy
from arrears.compliance.request import parse_request
from arrears.compliance.shell import build_request
from arrears.contacts.models import ContactPoint, Person, Preference, Relationship
from arrears.core.bulk import insert_frame, uuid4_hex
from arrears.core.dpd import days_since, worst_first
from arrears.messaging.compose import CHANNEL_FOR_KIND, compiled, published, split_subject
from arrears.messaging.models import POINT_KIND, Campaign, Channel, Message, Status
from arrears.messaging.records import digest
from arrears.messaging.replies import phone_key
from arrears.portfolio.models import Account, Creditor, Debtor
from arrears.recovery.periods import time_barred_debtors
from arrears.scripts.context import case_values, creditor_values, user_values
from arrears.scripts.models import Script, ScriptKind
from arrears.scripts.render import MissingValueError

CHUNK = 2000
# Placeholders bulk_values gives; a template with any other goes case by case (case_values).
_BULK = frozenset(
    {
        "debtor_name",
        "creditor",
        "amount_due",
        "balance",
        "days_past_due",
        "account_ref",
        "due_date",
        "payment_channels",
        "callback_number",
        "office_hours",
        "dispute_channel",
        "agency",
        "collector_name",
        "promise_amount",
        "promise_date",
    }
)


@dataclass
class Item:
    case_id: int
    debtor_id: int
    person_id: int
    point_id: int
    address: str
    subject: str
    body: str
    params: dict[str, str]
    purpose: str
    due_at: datetime


@dataclass
class Plan:
    script: Script
    channel: str
    at: datetime
    cases: int = 0
    items: list[Item] = field(default_factory=list)
    waiting: int = 0  # items the gate holds until later today or another day
    blocked: Counter[str] = field(default_factory=Counter)  # cases blocked for good, per rule
    blocked_cases: int = 0
    no_contact_point: int = 0
    missing: Counter[str] = field(default_factory=Counter)  # cases a placeholder had no value for
    skipped: int = 0  # already queued (dedupe)

    @property
    def blocked_rules(self) -> list[tuple[str, int]]:
        return sorted(self.blocked.items())

    @property
    def missing_values(self) -> list[tuple[str, int]]:
        return sorted(self.missing.items())

    @property
    def now(self) -> int:
        return len(self.items) - self.waiting

    def counts(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "queued": len(self.items),
            "now": self.now,
            "waiting": self.waiting,
            "blocked_cases": self.blocked_cases,
            "blocked": dict(self.blocked),
            "no_contact_point": self.no_contact_point,
            "missing": dict(self.missing),
            "skipped": self.skipped,
        }


def _chunks(items: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def history_by_debtor(debtor_ids: Sequence[int], at: datetime) -> dict[int, list[dict[str, Any]]]:
    """The gate's history[] of every debtor in one query (as activity.contact_history)."""
    rows = (
        Event.objects.filter(
            case__debtor_id__in=debtor_ids,
            kind=Kind.CONTACT,
            at__gte=at - timedelta(days=HISTORY_DAYS),
            at__lte=at,
            channel__in=HISTORY_CHANNELS,
        )
        .order_by("at")
        .values_list(
            "case__debtor_id",
            "at",
            "channel",
            "person__public_id",
            "contact_point__public_id",
            "connected",
            "conversation",
            "actor_id",
            "data",
        )
    )
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for debtor, when, channel, person, point, connected, conversation, actor, data in rows:
        entry: dict[str, Any] = {
            "at": when.isoformat(),
            "channel": channel,
            "connected": connected,
            "conversation": conversation,
            "purpose": (data or {}).get("purpose", "collect"),
        }
        if person:
            entry["person_id"] = str(person)
        if point:
            entry["contact_point"] = str(point)
        if actor:
            entry["by"] = str(actor)
        out[debtor].append(entry)
    return out


def context_by_debtor(
    debtors: dict[int, Debtor], references: dict[int, str], barred: Set[int] = frozenset()
) -> dict[int, dict[str, Any]]:
    """cases.actions.gate_context for every debtor, in two queries; `barred`: the debtors
    whose claim is time-barred (recovery.periods.time_barred_debtors)."""
    disputes: dict[int, list[Any]] = defaultdict(list)
    for d in (
        Dispute.objects.filter(case__debtor_id__in=list(debtors))
        .order_by("raised_at")
        .values("case__debtor_id", "raised_at", "written", "verified_at")
    ):
        disputes[d["case__debtor_id"]].append(d)
    prefs: dict[int, list[Any]] = defaultdict(list)
    for p in (
        Preference.objects.filter(debtor_id__in=list(debtors), withdrawn_at__isnull=True)
        .order_by("recorded_at", "id")
        .values("debtor_id", "kind", "channel", "slot", "recorded_at")
    ):
        prefs[p["debtor_id"]].append(p)
    out = {}
    for debtor_id, debtor in debtors.items():
        account: dict[str, Any] = {"consumer": debtor.kind == "person"}
        if debtor_id in barred:
            account["time_barred"] = True
        own = disputes.get(debtor_id, [])
        open_ = [d for d in own if d["verified_at"] is None]
        if open_:
            account["dispute_open"] = True
            written = [d for d in open_ if d["written"]]
            if written:
                account["written_dispute_at"] = written[0]["raised_at"].isoformat()
        elif own:
            verified = [d["verified_at"] for d in own if d["verified_at"]]
            if verified:
                account["dispute_verified_at"] = max(verified).isoformat()
        preferences: dict[str, Any] = {}
        opted: set[str] = set()
        inconvenient: list[dict[str, Any]] = []
        for p in prefs.get(debtor_id, []):  # type: dict[str, Any]
            if p["kind"] == Preference.Kind.CEASE:
                account.setdefault("cease_requested_at", p["recorded_at"].isoformat())
            elif p["kind"] == Preference.Kind.REFUSED:
                account.setdefault("refused_in_writing_at", p["recorded_at"].isoformat())
            elif p["kind"] == Preference.Kind.OPT_OUT_CHANNEL and p["channel"]:
                opted.add(p["channel"])
            elif p["kind"] == Preference.Kind.NO_WORKPLACE:
                preferences["no_workplace_contact"] = True
            elif p["kind"] == Preference.Kind.INCONVENIENT_TIME and p["slot"]:
                inconvenient.append(p["slot"])
        if opted:
            preferences["opted_out_channels"] = sorted(opted)
        if inconvenient:
            preferences["inconvenient_times"] = inconvenient
        out[debtor_id] = {"account": account, "preferences": preferences, "debt_id": references[debtor_id]}
    return out


class _Values:
    """Placeholder values of many cases; creditor and collector values read once each."""

    def __init__(self, names: Iterable[str], on: date) -> None:
        self.names = set(names)
        self.on = on
        self.creditors: dict[int, dict[str, Any]] = {}
        self.users: dict[int | None, dict[str, Any]] = {}

    def creditor(self, creditor_id: int) -> dict[str, Any]:
        if creditor_id not in self.creditors:
            creditor = Creditor.objects.select_related("settings").get(pk=creditor_id)
            self.creditors[creditor_id] = creditor_values(creditor)
        return self.creditors[creditor_id]

    def user(self, user_id: int | None) -> dict[str, Any]:
        if user_id not in self.users:
            from django.contrib.auth import get_user_model

            found = (
                get_user_model().objects.select_related("profile").filter(pk=user_id).first()
                if user_id
                else None
            )
            self.users[user_id] = user_values(found) if found else {}
        return self.users[user_id]


def plan(
    case_ids: Sequence[int],
    script: Script,
    at: datetime,
    *,
    due_at: datetime | None = None,
    expires_at: datetime | None = None,
    dedupe: Callable[[int], str] | None = None,
    chunk: int = CHUNK,
) -> Plan:
    """What sending `script` to each open case of `case_ids` at `due_at` (default `at`) would
    do: the messages to queue and, for the rest, why not. Writes nothing."""
    channel = CHANNEL_FOR_KIND[ScriptKind(script.kind)]
    version = published(script)
    template = compiled(version.pk, version.body)
    due_at = due_at or at
    expires_at = expires_at or due_at + timedelta(hours=settings.MESSAGING_MAX_WAIT_HOURS)
    result = Plan(script, channel, at)
    values = _Values(template.names, timezone.localdate(at, timezone.get_default_timezone()))
    policies: dict[str, tuple[Policy, int]] = {}
    for ids in _chunks(list(case_ids), chunk):
        _plan_chunk(
            result, ids, template, channel, script.language, due_at, expires_at, values, policies, dedupe
        )
    return result


def _plan_chunk(
    result: Plan,
    ids: Sequence[int],
    template: Any,
    channel: str,
    language: str,
    due_at: datetime,
    expires_at: datetime,
    values: _Values,
    policies: dict[str, tuple[Policy, int]],
    dedupe: Callable[[int], str] | None,
) -> None:
    cases = list(
        Case.objects.filter(pk__in=ids, status=Case.Status.OPEN).values_list(
            "id", "debtor_id", "owner_id", "delinquent_since", "overdue_amount", "balance"
        )
    )
    result.cases += len(cases)
    if dedupe is not None and cases:
        taken = set(
            Message.objects.filter(dedupe_key__in=[dedupe(c[0]) for c in cases]).values_list(
                "dedupe_key", flat=True
            )
        )
        before = len(cases)
        cases = [c for c in cases if dedupe(c[0]) not in taken]
        result.skipped += before - len(cases)
    if not cases:
        return
    debtor_ids = [c[1] for c in cases]
    debtors = {
        d.pk: d
        for d in Debtor.objects.filter(pk__in=debtor_ids).only(
            "id", "public_id", "name", "kind", "creditor_id", "jurisdiction", "time_zone"
        )
    }
    selves = {
        p.debtor_id: p
        for p in Person.objects.filter(debtor_id__in=debtor_ids, relationship=Relationship.SELF)
    }
    kinds = {ContactPoint.Kind.PHONE, POINT_KIND[Channel(channel)]}
    points: dict[int, list[ContactPoint]] = defaultdict(list)
    for point in ContactPoint.objects.filter(
        person_id__in=[p.pk for p in selves.values()], kind__in=kinds
    ).order_by("id"):
        points[point.person_id].append(point)
    accounts: dict[int, tuple[str, Any, Any, str]] = {}
    for owner_debtor, ext, aged_on, since, currency in (
        Account.objects.filter(debtor_id__in=debtor_ids)
        .order_by("debtor_id", worst_first(), "pk")
        .values_list("debtor_id", "external_id", "aged_on", "delinquent_since", "currency")
    ):
        accounts.setdefault(owner_debtor, (ext, aged_on, since, currency))
    promises: dict[int, tuple[Any, Any]] = {}
    if values.names & {"promise_amount", "promise_date"}:
        for case_id, amount, due_on in (
            Promise.objects.filter(
                case_id__in=[c[0] for c in cases], status=Promise.Status.OPEN, plan__isnull=True
            )
            .order_by("case_id", "due_on", "pk")
            .values_list("case_id", "amount", "due_on")
        ):
            promises.setdefault(case_id, (amount, due_on))
    references = {c[1]: f"C-{c[0]:08d}" for c in cases}
    history = history_by_debtor(debtor_ids, due_at)
    open_cases = list(Case.objects.filter(pk__in=[c[0] for c in cases]).select_related("debtor"))
    contexts = context_by_debtor(debtors, references, time_barred_debtors(open_cases, due_at))
    slow = not values.names <= _BULK
    for case_id, debtor_id, owner_id, since, overdue, balance in cases:
        debtor = debtors[debtor_id]
        me = selves.get(debtor_id)
        own = points.get(me.pk, []) if me else []
        wanted = [p for p in own if p.kind == POINT_KIND[Channel(channel)] and p.valid]
        if me is None or not wanted:
            result.no_contact_point += 1
            continue
        point = next((p for p in wanted if not p.opted_out), wanted[0])
        account = accounts.get(debtor_id)
        currency = account[3] if account else "CNY"
        if slow:
            case = Case.objects.select_related("debtor__creditor").get(pk=case_id)
            case_vals = case_values(case, case.owner, on=values.on)
        else:
            case_vals = {
                "debtor_name": debtor.name,
                "amount_due": overdue,
                "balance": balance,
                "days_past_due": days_since(since),
                "account_ref": account[0] if account else references[debtor_id],
                "due_date": (account[2] or account[1]) if account and account[1] else values.on,
                **values.creditor(debtor.creditor_id),
                **values.user(owner_id),
            }
            if case_id in promises:
                case_vals["promise_amount"], case_vals["promise_date"] = promises[case_id]
        try:
            params = template.values(case_vals, language, currency=currency)
        except MissingValueError as exc:
            result.missing.update(exc.names)
            continue
        subject, body = split_subject(channel, template.fill(params))
        if debtor.jurisdiction not in policies:
            version = active_policy(debtor.jurisdiction)
            policies[debtor.jurisdiction] = (version.policy(), version.version)
        policy, number = policies[debtor.jurisdiction]
        request = build_request(
            debtor,
            me,
            point,
            channel,
            due_at,
            "collect",
            text=body,
            history=history.get(debtor_id, ()),
            debtor_self=me,
            debtor_points=own,
            **contexts[debtor_id],
        )
        decision = evaluate(parse_request(request), policy, version=number)
        when = due_at
        if not decision.allowed:
            nxt = decision.next_allowed_at
            if nxt is None or nxt >= expires_at:
                result.blocked.update(decision.rule_ids)
                result.blocked_cases += 1
                continue
            when = nxt
            result.waiting += 1
        result.items.append(
            Item(case_id, debtor_id, me.pk, point.pk, point.value, subject, body, params, "collect", when)
        )


def queue(
    result: Plan,
    *,
    user: Any = None,
    campaign: Campaign | None = None,
    dedupe: Callable[[int], str] | None = None,
    expires_at: datetime | None = None,
    batch_size: int = 5000,
) -> int:
    """Write the plan's messages and their `message_queued` events; returns how many.

    The rows go in through arrears.core.bulk.insert_frame (COPY on PostgreSQL): the ORM's
    bulk_create spent most of its time preparing each field of each row."""
    if not result.items:
        return 0
    version = published(result.script)
    now = timezone.now()
    author = user if getattr(user, "is_authenticated", False) else None
    wait = timedelta(hours=settings.MESSAGING_MAX_WAIT_HOURS)
    instant = _instant()
    written = 0
    for start in range(0, len(result.items), batch_size):
        items = result.items[start : start + batch_size]
        keys = uuid4_hex(2 * len(items)).to_list()
        public, idem = keys[: len(items)], keys[len(items) :]
        sms = result.channel == Channel.SMS
        columns: dict[str, list[Any]] = {
            "public_id": public,
            "case_id": [i.case_id for i in items],
            "debtor_id": [i.debtor_id for i in items],
            "person_id": [i.person_id for i in items],
            "contact_point_id": [i.point_id for i in items],
            "channel": [result.channel] * len(items),
            "address": [i.address for i in items],
            "address_key": [phone_key(i.address) if sms else "" for i in items],
            "script_version_id": [version.pk] * len(items),
            "language": [result.script.language] * len(items),
            "purpose": [i.purpose for i in items],
            "subject": [i.subject for i in items],
            "body": [i.body for i in items],
            "params": [json.dumps(i.params, ensure_ascii=False) for i in items],
            "attachment": [""] * len(items),
            "status": [Status.QUEUED.value] * len(items),
            "due_at": [instant(i.due_at) for i in items],
            "expires_at": [instant(expires_at or i.due_at + wait) for i in items],
            "attempts": [0] * len(items),
            "idempotency_key": idem,
            "dedupe_key": [dedupe(i.case_id) for i in items] if dedupe else [None] * len(items),
            "provider": [""] * len(items),
            "provider_id": [""] * len(items),
            "pdf_sha256": [""] * len(items),
            "last_error": [""] * len(items),
            "rule_ids": [""] * len(items),
            "campaign_id": [campaign.pk if campaign else None] * len(items),
            "created_by_id": [author.pk if author else None] * len(items),
            "created_at": [instant(now)] * len(items),
            "updated_at": [instant(now)] * len(items),
        }
        ints = (
            "case_id",
            "debtor_id",
            "person_id",
            "contact_point_id",
            "script_version_id",
            "attempts",
            "campaign_id",
            "created_by_id",
        )
        schema = dict.fromkeys(ints, pl.Int64)
        frame = pl.DataFrame(columns, schema_overrides=schema)
        events = [
            NewEvent(
                i.case_id,
                Kind.MESSAGE_QUEUED,
                now,
                {
                    "channel": result.channel,
                    "person_id": i.person_id,
                    "contact_point_id": i.point_id,
                    "data": {
                        "message": str(uuid.UUID(public[n])),
                        "script_version": version.pk,
                        "purpose": i.purpose,
                        "subject": i.subject,
                        "text": i.body,
                        "text_sha256": digest(i.body),
                        "due_at": i.due_at.isoformat(),
                        "campaign": str(campaign.public_id) if campaign else None,
                    },
                },
            )
            for n, i in enumerate(items)
        ]
        with transaction.atomic():
            insert_frame(Message._meta.db_table, frame, chunk=len(items))
            append_many(events, actor=author)
        written += len(items)
    return written


def _instant() -> Callable[[datetime], Any]:
    # What the table's datetime columns take: ISO text for COPY, SQLite's own format there.
    if connection.vendor == "postgresql":
        return lambda v: v.isoformat()
    return lambda v: connection.ops.adapt_datetimefield_value(v)
