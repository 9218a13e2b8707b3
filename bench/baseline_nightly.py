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
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

from arrears.portfolio.aging import Due, Paid, age, bucket_labels
from arrears.strategy.engine import CHECK_PROMISE, INFO_REPAIR, STAGE_ACTION
from arrears.strategy.frames import STAGES, Frames, RunConfig

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
        aged = age(
            dues[account["account_id"]], paid[account["account_id"]], config.on, config.bounds
        )
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
    debtor_of = {
        a: r["debtor_id"] for a, r in ((r["account_id"], r) for r in _rows(frames.accounts))
    }
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
        if status == "broken" and pr["status"] == "open":
            broken.add(debtor_id)

    # Contacts: failed attempts in a row and last attempt per channel.
    zone = ZoneInfo(config.time_zone)
    by_debtor: dict[int, list[Row]] = defaultdict(list)
    for c in _rows(frames.contacts):
        c["day"] = c["at"].astimezone(zone).date()
        if c["day"] <= on:
            by_debtor[c["debtor_id"]].append(c)

    # Stages, next actions, priority.
    thresholds = list(config.stage_from_dpd.values())
    hold = STAGES.index(config.promise_holds_from) - 1
    moves, opened, plan = [], [], []
    for debtor_id, case in cases.items():
        d = debtors[debtor_id]
        history = by_debtor.get(debtor_id, [])
        watched = [c for c in history if c["channel"] in config.unreachable_channels]
        connected = [c["at"] for c in watched if c["connected"]]
        last_connected = max(connected) if connected else None
        failed = sum(1 for c in watched if last_connected is None or c["at"] > last_connected)

        ladder = max(sum(1 for t in thresholds if d["dpd"] >= t) - 1, 0)
        held = debtor_id in live and ladder > hold
        target = hold if held else ladder
        before = case["stage"]
        stage = STAGES[max(STAGES.index(before), target)]
        if case["case_id"] is not None and stage != before:
            moves.append(
                {
                    "case_id": case["case_id"],
                    "debtor_id": debtor_id,
                    "from_stage": before,
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

        channel = config.stage_channel[stage]
        days = [c["day"] for c in history if channel is None or c["channel"] == channel]
        info_repair = failed >= config.unreachable_attempts
        promise_due_on = pending.get(debtor_id)
        if promise_due_on is not None:
            action, due = CHECK_PROMISE, promise_due_on
        elif info_repair:
            action, due = INFO_REPAIR, on
        elif debtor_id in broken:
            action, due = STAGE_ACTION[stage], on
        else:
            action = STAGE_ACTION[stage]
            due = max(on, max(days) + timedelta(days=config.follow_up_days[stage])) if days else on

        priority = d["expected_recovery"] * config.stage_weight_pct[stage] // 100
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
                "dpd": d["dpd"],
                "overdue": d["overdue"],
                "balance": d["balance"],
                "expected_recovery": d["expected_recovery"],
                "promise_due_on": promise_due_on,
                "held_by_promise": held,
                "info_repair": info_repair,
                "failed_attempts": failed,
                "next_action": action,
                "next_due": due,
                "priority": priority,
            }
        )

    # Queues: the day's due work per collector, best first, within capacity.
    todo: dict[int, list[Row]] = defaultdict(list)
    for row in plan:
        if row["owner_id"] is not None and row["next_due"] <= on:
            todo[row["owner_id"]].append(row)
    queues = []
    for collector_id, rows in todo.items():
        rows.sort(key=lambda r: (-r["priority"], r["debtor_id"]))
        for rank, row in enumerate(rows[: capacity[collector_id]], start=1):
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
            mismatch = left.with_row_index().join(
                right.with_row_index(), on="index", suffix="_base"
            )
            bad = mismatch.filter(
                pl.any_horizontal(pl.col(c).ne_missing(pl.col(f"{c}_base")) for c in columns)
            )
            found[name] = f"{bad.height} rows differ, e.g. {bad.head(2).to_dicts()}"
    return found
