"""The nightly rules written the obvious way: dicts, loops, one account at a time.

This is what `arrears.strategy.engine.decide()` is measured against, for speed and for
correctness: the bench runs both on the same sample and requires equal outputs. Aging
goes through `arrears.portfolio.aging.age`, the rule the web app uses, so the bench also
ties the vectorised aging to the original on realistic data. The rules are listed in the
docstring of arrears/strategy/engine.py.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

from arrears.portfolio.aging import Due, Paid, age, bucket_labels
from arrears.strategy.frames import STAGES, Frames, RunConfig
from arrears.strategy.rules import (
    BROKEN_PROMISE,
    CHECK_PROMISE,
    DEADLINE_TASKS,
    DONE_BY_ATTEMPT,
    FIND_ADDRESS,
    INFO_REPAIR,
    PINNED_ACTIONS,
    REMIND,
    STAGE_ACTION,
    TASK_ACTION,
)
from arrears.strategy.timing import CalendarError

Row = dict[str, Any]


def _rows(frame: pl.DataFrame) -> list[Row]:
    return frame.to_dicts()


def _age_accounts(frames: Frames, config: RunConfig) -> dict[int, Row]:
    dues: dict[int, list[Due]] = defaultdict(list)
    for item in _rows(frames.due_items):
        dues[item["account_id"]].append(
            Due(
                item["due_date"],
                Decimal(item["amount"]),
                None if item["minimum"] is None else Decimal(item["minimum"]),
                item["statement_date"],
                bool(item["is_statement"]),
                item["key"],
            )
        )
    paid: dict[int, list[Paid]] = defaultdict(list)
    for payment in _rows(frames.payments):
        paid[payment["account_id"]].append(Paid(payment["paid_on"], Decimal(payment["amount"])))
    labels = bucket_labels(config.bounds)
    result: dict[int, Row] = {}
    for account in _rows(frames.accounts):
        if account["status"] != "open":
            continue
        aged = age(dues[account["account_id"]], paid[account["account_id"]], config.on, config.bounds)
        overdue = int(aged.overdue_amount)
        p = account["p_pay"]
        if p is None:
            p = config.prior_by_bucket[labels.index(aged.bucket)]
        result[account["account_id"]] = {
            "debtor_id": account["debtor_id"],
            "team_id": account["team_id"],
            "dpd": aged.days_past_due,
            "bucket": aged.bucket,
            "overdue": overdue,
            "balance": int(aged.balance),
            "oldest_unpaid_due": aged.oldest_unpaid_due,
            "expected_recovery": math.floor(float(overdue) * p),
        }
    return result


def _greedy_owners(
    need: list[tuple[int, int]], collectors: list[Row], loads: dict[int, int]
) -> dict[int, int]:
    """need: (team_id, debtor_id). One heap per team of (open cases, collector id)."""
    heaps: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for c in collectors:
        heaps[c["team_id"]].append((loads.get(c["collector_id"], 0), c["collector_id"]))
    for heap in heaps.values():
        heapq.heapify(heap)
    owners: dict[int, int] = {}
    for team_id, debtor_id in sorted(need):
        heap = heaps.get(team_id)
        if not heap:
            continue
        load, collector_id = heapq.heappop(heap)
        owners[debtor_id] = collector_id
        heapq.heappush(heap, (load + 1, collector_id))
    return owners


def _last_day(history: list[Row], channel: str | None) -> date | None:
    days = [c["day"] for c in history if channel is None or c["channel"] == channel]
    return max(days) if days else None


def _done_by_attempt(task: Row, last_any_at: Any, zone: ZoneInfo) -> bool:
    if task["kind"] not in DONE_BY_ATTEMPT or last_any_at is None:
        return False
    due = task["due_at"] or datetime.combine(task["due_on"], time(), zone)
    return bool(last_any_at >= due)


def _working_days(start: date, count: int, config: RunConfig) -> list[date]:
    days: list[date] = []
    day = start
    while len(days) < count:
        try:
            works = config.calendar.is_working_day(day)
        except CalendarError:
            works = day.isoweekday() <= 5
        if works:
            days.append(day)
        day += timedelta(days=1)
    return days


def _plan_days(
    plan: list[Row], frames: Frames, config: RunConfig, capacity: dict[int, int], active: set[int]
) -> None:
    """Day by day, per collector: pinned work on its day, deadlines on theirs, then the
    most valuable available cases up to the day's capacity; the rest on the last day with
    the backlog flag. Sets planned_for and backlog on each row."""
    days = _working_days(config.on, config.plan_horizon_days, config)
    index = {d: i for i, d in enumerate(days)}
    starts = {c["collector_id"]: c["starts_on"] for c in _rows(frames.collectors)}
    away: dict[int, set[date]] = defaultdict(set)
    for a in _rows(frames.absences):
        for d in days:
            if a["starts_on"] <= d <= a["ends_on"]:
                away[a["collector_id"]].add(d)
    booked = {(b["collector_id"], b["day"]): b["booked"] for b in _rows(frames.booked)}

    def cap(c: int, d: date) -> int:
        if c not in active or (starts.get(c) is not None and d < starts[c]) or d in away[c]:
            return 0
        return max((capacity[c] or 0) - booked.get((c, d), 0), 0)

    def first_index(day: date) -> int:
        for i, d in enumerate(days):
            if d >= day:
                return i
        return len(days)

    used: dict[tuple[int, int], int] = defaultdict(int)
    loop: dict[int, list[Row]] = defaultdict(list)
    for row in plan:
        start = first_index(max(row["next_due"], config.on))
        row["_start"] = start
        row["backlog"] = False
        counted = row["owner_id"] in active and not row["automated"]
        if start >= len(days):
            row["planned_for"] = _working_days(max(row["next_due"], config.on), 1, config)[0]
        elif row["pinned"] or not counted:
            row["planned_for"] = days[start]
            if counted:
                used[(row["owner_id"], start)] += 1
        else:
            row["planned_for"] = None
            latest = row["latest"]
            if latest is None or latest > days[-1]:
                row["_deadline"] = len(days)
            else:
                row["_deadline"] = max(max((index[d] for d in days if d <= latest), default=0), start)
            loop[row["owner_id"]].append(row)
    for owner, rows in loop.items():
        rows.sort(key=lambda r: (-r["priority"], r["debtor_id"]))
        for i, day in enumerate(days):
            for row in rows:
                if row["planned_for"] is None and row["_start"] <= i and row["_deadline"] == i:
                    row["planned_for"] = day
                    used[(owner, i)] += 1
            room = cap(owner, day) - used[(owner, i)]
            for row in rows:
                if room <= 0:
                    break
                if row["planned_for"] is None and row["_start"] <= i:
                    row["planned_for"] = day
                    used[(owner, i)] += 1
                    room -= 1
        for row in rows:
            if row["planned_for"] is None:
                row["planned_for"], row["backlog"] = days[-1], True
    for row in plan:
        row.pop("_start", None)
        row.pop("_deadline", None)


def baseline(frames: Frames, config: RunConfig) -> dict[str, pl.DataFrame]:
    on = config.on
    accounts = _age_accounts(frames, config)

    debtors: dict[int, Row] = {}
    for a in accounts.values():
        d = debtors.setdefault(
            a["debtor_id"],
            {"team_id": None, "dpd": 0, "overdue": 0, "balance": 0, "expected_recovery": 0},
        )
        if a["team_id"] is not None and (d["team_id"] is None or a["team_id"] < d["team_id"]):
            d["team_id"] = a["team_id"]
        d["dpd"] = max(d["dpd"], a["dpd"])
        d["overdue"] += a["overdue"]
        d["balance"] += a["balance"]
        d["expected_recovery"] += a["expected_recovery"]

    # Cases: close the cured, keep the rest, open the new.
    closed, cases = [], {}
    case_debtors = {c["case_id"]: c["debtor_id"] for c in _rows(frames.cases)}
    for c in _rows(frames.cases):
        if c["status"] != "open":
            continue
        d = debtors.get(c["debtor_id"])
        if d is None or d["dpd"] == 0:
            reason = "no_open_accounts" if d is None else "cured"
            closed.append({"case_id": c["case_id"], "debtor_id": c["debtor_id"], "reason": reason})
        else:
            cases[c["debtor_id"]] = dict(c)
    has_open = {c["debtor_id"] for c in _rows(frames.cases) if c["status"] == "open"}
    for debtor_id, d in debtors.items():
        if d["dpd"] >= config.open_case_dpd and debtor_id not in has_open:
            cases[debtor_id] = {
                "case_id": None,
                "debtor_id": debtor_id,
                "owner_id": None,
                "stage": STAGES[0],
                "opened_on": on,
            }

    # Owners.
    active = [c for c in _rows(frames.collectors) if c["active"]]
    active_ids = {c["collector_id"] for c in active}
    capacity = {c["collector_id"]: c["capacity"] for c in active}
    loads: dict[int, int] = defaultdict(int)
    for c in active:
        loads[c["collector_id"]] += c.get("load") or 0
    need = []
    for case in cases.values():
        if case["owner_id"] in active_ids:
            loads[case["owner_id"]] += 1
        elif debtors[case["debtor_id"]]["team_id"] is not None:
            need.append((debtors[case["debtor_id"]]["team_id"], case["debtor_id"]))
    owners = _greedy_owners(need, active, loads)
    reassigned = []
    for debtor_id, owner_id in owners.items():
        case = cases[debtor_id]
        if case["case_id"] is not None:
            reassigned.append(
                {
                    "case_id": case["case_id"],
                    "debtor_id": debtor_id,
                    "previous_owner_id": case["owner_id"],
                    "owner_id": owner_id,
                }
            )
        case["owner_id"] = owner_id
    for case in cases.values():
        if case["owner_id"] not in active_ids and case["debtor_id"] not in owners:
            case["owner_id"] = None

    # Promises.
    debtor_of = {a: r["debtor_id"] for a, r in ((r["account_id"], r) for r in _rows(frames.accounts))}
    payments_by_debtor: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for p in _rows(frames.payments):
        if p["paid_on"] <= on and p["account_id"] in debtor_of:
            payments_by_debtor[debtor_of[p["account_id"]]].append((p["paid_on"], p["amount"]))
    promise_changes = []
    pending: dict[int, date] = {}
    live: set[int] = set()
    broken: set[int] = set()
    hold_from = on - timedelta(days=config.kept_promise_hold_days)
    for pr in _rows(frames.promises):
        debtor_id = case_debtors.get(pr["case_id"])
        if debtor_id is None:
            continue
        status = pr["status"]
        if status == "open":
            paid = sum(
                amount
                for paid_on, amount in payments_by_debtor[debtor_id]
                if pr["created_on"] <= paid_on <= pr["due_on"]
            )
            if paid >= pr["amount"]:
                status = "kept"
            elif pr["due_on"] >= on:
                status = "open"
            elif paid > 0:
                status = "partly_kept"
            else:
                status = "broken"
            if status != "open":
                promise_changes.append(
                    {
                        "promise_id": pr["promise_id"],
                        "case_id": pr["case_id"],
                        "status": status,
                        "paid": paid,
                    }
                )
        if status == "open" and pr["due_on"] >= on:
            pending[debtor_id] = min(pending.get(debtor_id, pr["due_on"]), pr["due_on"])
            live.add(debtor_id)
        if status == "kept" and pr["due_on"] >= hold_from:
            live.add(debtor_id)
        if status in ("broken", "partly_kept") and pr["status"] == "open":
            broken.add(debtor_id)

    # Contacts: failed attempts in a row and last attempt per channel.
    zone = ZoneInfo(config.time_zone)
    by_debtor: dict[int, list[Row]] = defaultdict(list)
    for c in _rows(frames.contacts):
        c["day"] = c["at"].astimezone(zone).date()
        if c["day"] <= on:
            by_debtor[c["debtor_id"]].append(c)

    # Debtor facts the treatments read: currency (first open account), visitable address.
    currency: dict[int, str] = {}
    for a in sorted(_rows(frames.accounts), key=lambda r: r["account_id"]):
        if a["status"] == "open":
            currency.setdefault(a["debtor_id"], a["currency"])
    visitable = {r["debtor_id"] for r in _rows(frames.addresses)}
    tasks_of: dict[int, list[Row]] = defaultdict(list)
    for t in _rows(frames.tasks):
        tasks_of[t["case_id"]].append(t)

    def by_currency(amounts: Any, debtor_id: int) -> int:
        return amounts.get(currency.get(debtor_id), amounts["*"])

    # Stages, treatments, next actions, priority.
    thresholds = list(config.stage_from_dpd.values())
    hold = STAGES.index(config.promise_holds_from) - 1
    field, phone = STAGES.index("field"), STAGES.index("phone")
    moves, opened, plan = [], [], []
    for debtor_id, case in cases.items():
        d = debtors[debtor_id]
        history = by_debtor.get(debtor_id, [])
        watched = [c for c in history if c["channel"] in config.unreachable_channels]
        connected = [c["at"] for c in watched if c["connected"]]
        last_connected = max(connected) if connected else None
        failed = sum(1 for c in watched if last_connected is None or c["at"] > last_connected)
        last_any_at = max((c["at"] for c in history), default=None)

        p = d["expected_recovery"] / d["overdue"] if d["overdue"] > 0 else None
        remind = (
            d["dpd"] <= config.remind_max_dpd
            and d["overdue"] <= by_currency(config.remind_max_overdue, debtor_id)
            and p is not None
            and p >= config.remind_min_p_pay
        )
        target = 0 if remind else max(sum(1 for t in thresholds if d["dpd"] >= t) - 1, 0)
        held = debtor_id in live and target > hold
        if held:
            target = hold
        wants_field = target == field
        worth = d["overdue"] >= by_currency(config.field_min_overdue, debtor_id)
        needs_address = wants_field and worth and debtor_id not in visitable
        if wants_field and not (worth and debtor_id in visitable):
            target = phone
        before = STAGES.index(case["stage"])
        proposed = max(before, target)
        worked = max(before, min(proposed, phone))
        needs_address = needs_address or (worked == field and debtor_id not in visitable)
        action_rank = 0 if worked == 0 or (remind and worked <= phone) else worked
        stage = STAGES[proposed]
        if case["case_id"] is not None and proposed != before:
            moves.append(
                {
                    "case_id": case["case_id"],
                    "debtor_id": debtor_id,
                    "from_stage": case["stage"],
                    "to_stage": stage,
                    "dpd": d["dpd"],
                }
            )
        if case["case_id"] is None:
            opened.append(
                {
                    "debtor_id": debtor_id,
                    "team_id": d["team_id"],
                    "owner_id": case["owner_id"],
                    "stage": stage,
                    "opened_on": on,
                }
            )

        action_stage = STAGES[action_rank]
        last = _last_day(history, config.stage_channel[action_stage])
        opened_on = case["opened_on"] or on
        cadence_due = last + timedelta(days=config.follow_up_days[action_stage]) if last else opened_on
        last_phone = _last_day(history, config.stage_channel["phone"])
        phone_due = last_phone + timedelta(days=config.follow_up_days["phone"]) if last_phone else opened_on
        info_repair = failed >= config.unreachable_attempts
        promise_due_on = pending.get(debtor_id)
        if promise_due_on is not None:
            action, due = CHECK_PROMISE, promise_due_on
        elif info_repair:
            action, due = INFO_REPAIR, _last_day(history, None) or on
        elif debtor_id in broken:
            action, due = BROKEN_PROMISE, on
        elif needs_address:
            action, due = FIND_ADDRESS, phone_due
        else:
            action, due = STAGE_ACTION[action_stage], cadence_due
        at, latest = None, None
        todo = [
            t
            for t in tasks_of.get(case["case_id"], [])
            if t["kind"] in TASK_ACTION and not _done_by_attempt(t, last_any_at, zone)
        ]
        todo.sort(key=lambda t: (t["due_on"], t["due_at"] is None, t["due_at"] or 0))
        if todo and todo[0]["due_on"] <= due:
            task = todo[0]
            action, due, at = TASK_ACTION[task["kind"]], task["due_on"], task["due_at"]
            latest = task["due_on"] if task["kind"] in DEADLINE_TASKS else None

        priority = d["expected_recovery"] * config.stage_weight_pct[STAGES[worked]] // 100
        priority = priority * (config.promise_due_today_pct if promise_due_on == on else 100) // 100
        priority = priority * (config.early_dpd_pct if d["dpd"] <= config.early_dpd else 100) // 100
        priority = priority * (config.broken_promise_pct if debtor_id in broken else 100) // 100
        plan.append(
            {
                "case_id": case["case_id"],
                "debtor_id": debtor_id,
                "team_id": d["team_id"],
                "owner_id": case["owner_id"],
                "stage": stage,
                "worked_stage": STAGES[worked],
                "treatment": "remind" if action_rank == 0 else STAGES[worked],
                "dpd": d["dpd"],
                "overdue": d["overdue"],
                "balance": d["balance"],
                "expected_recovery": d["expected_recovery"],
                "promise_due_on": promise_due_on,
                "held_by_promise": held,
                "info_repair": info_repair,
                "needs_address": needs_address,
                "failed_attempts": failed,
                "next_action": action,
                "next_due": due,
                "next_at": at,
                "pinned": action in PINNED_ACTIONS,
                "latest": latest,
                "automated": action == REMIND,
                "priority": priority,
            }
        )

    _plan_days(plan, frames, config, capacity, active_ids)

    # Queues: per collector, the cases planned for the first day, best first.
    first = _working_days(on, 1, config)[0]
    todo_today: dict[int, list[Row]] = defaultdict(list)
    for row in plan:
        owned = row["owner_id"] is not None and not row["automated"] and not row["backlog"]
        if owned and row["planned_for"] == first:
            todo_today[row["owner_id"]].append(row)
    queues = []
    for collector_id, rows in todo_today.items():
        rows.sort(key=lambda r: (-r["priority"], r["debtor_id"]))
        for rank, row in enumerate(rows, start=1):
            queues.append(
                {
                    "collector_id": collector_id,
                    "rank": rank,
                    "case_id": row["case_id"],
                    "debtor_id": row["debtor_id"],
                    "next_action": row["next_action"],
                    "priority": row["priority"],
                    "dpd": row["dpd"],
                    "overdue": row["overdue"],
                }
            )

    aging = [{"account_id": k, **v} for k, v in accounts.items()]
    return {
        "aging": pl.DataFrame(aging, infer_schema_length=None),
        "closed": pl.DataFrame(closed, infer_schema_length=None),
        "opened": pl.DataFrame(opened, infer_schema_length=None),
        "reassigned": pl.DataFrame(reassigned, infer_schema_length=None),
        "promises": pl.DataFrame(promise_changes, infer_schema_length=None),
        "stage_moves": pl.DataFrame(moves, infer_schema_length=None),
        "plan": pl.DataFrame(plan, infer_schema_length=None),
        "queues": pl.DataFrame(queues, infer_schema_length=None),
    }


# Sort keys that make each output's row order canonical for comparison.
KEYS = {
    "aging": ["account_id"],
    "closed": ["case_id"],
    "opened": ["debtor_id"],
    "reassigned": ["case_id"],
    "promises": ["promise_id"],
    "stage_moves": ["case_id"],
    "plan": ["debtor_id"],
    "queues": ["collector_id", "rank"],
}


def differences(engine: Any, reference: dict[str, pl.DataFrame]) -> dict[str, str]:
    """Output name -> what differs, between decide()'s Decisions and baseline()'s dict."""
    found = {}
    for name, keys in KEYS.items():
        ours: pl.DataFrame = getattr(engine, name)
        theirs = reference[name]
        if theirs.is_empty() and ours.is_empty():
            continue
        columns = [c for c in theirs.columns if c in ours.columns] if not theirs.is_empty() else []
        if ours.height != theirs.height:
            found[name] = f"{ours.height} rows against the baseline's {theirs.height}"
            continue
        left = ours.select(columns).with_columns(pl.col(pl.Enum).cast(pl.String)).sort(keys)
        right = theirs.select(columns).cast({c: left.schema[c] for c in columns}).sort(keys)
        if not left.equals(right):
            mismatch = left.with_row_index().join(right.with_row_index(), on="index", suffix="_base")
            bad = mismatch.filter(
                pl.any_horizontal(pl.col(c).ne_missing(pl.col(f"{c}_base")) for c in columns)
            )
            found[name] = f"{bad.height} rows differ, e.g. {bad.head(2).to_dicts()}"
    return found
