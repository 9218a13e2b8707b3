"""The engine's decisions -> the database, in bulk, with an event for every case change.

The order matters: accounts first (their aging), then closed, opened and reassigned
cases, promises, stage moves and their recommendations, information repair, and last the
plan (each case's denormalised columns, next action and planned day), written only for
the cases whose plan changed.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import polars as pl
from django.db import connection
from django.utils import timezone

from arrears.activity.actions import NewEvent
from arrears.activity.models import Kind
from arrears.cases.models import (
    Case,
    StageRecommendation,
)
from arrears.core.bulk import (
    db_datetime_column,
    money_text,
    read_frame_in,
    update_frame,
)
from arrears.portfolio.models import Account
from arrears.strategy.apply_cases import (
    AUTO_APPLY,
    REASONS,
    REJECTION_QUIET_DAYS,
    apply_closed,
    apply_opened,
    apply_reassigned,
)
from arrears.strategy.apply_tasks import apply_promises, open_repair_tasks
from arrears.strategy.engine import Decisions
from arrears.strategy.stored import Stored, read_aging, read_plans
from arrears.strategy.writes import WRITE_BATCH, Applied, Step, write_batches, writing


def apply(
    decisions: Decisions, on: date, *, step: Step | None = None, stored: Stored | None = None
) -> Applied:
    """Write every output of one run, step by step, each step (or batch of one) in a
    transaction of its own with its events (`writing`). A run stopped half-way leaves the
    steps it finished; the next run of the day compares with what they wrote and finishes
    the rest, writing nothing twice. Inside the caller's transaction (an action's replan)
    the steps are savepoints of it.

    `stored`: the aging and plans as the extract read them (`extract_with_stored`); a row
    is written when the night's decision differs from it. Without it (a run decided on a
    cluster) they are read here. Compared with what the night read rather than with what
    the table holds now, a plan an action rewrote while the night ran is kept unless the
    night changes it too."""
    done = Applied()
    step = step or (lambda _name: None)
    now = timezone.now()

    done.add("accounts_aged", _apply_aging(decisions.aging, on, done, stored.accounts if stored else None))
    step("accounts")

    # Closed cases (cured, or no open account left).
    closed = decisions.closed
    if closed.height:
        with writing(done) as events:
            apply_closed(closed, on, events)
    done.add("cases_closed", closed.height)
    step("closed")

    new_ids = apply_opened(decisions, on, now, done)
    step("opened")

    reassigned = decisions.reassigned
    if reassigned.height:
        with writing(done) as events:
            apply_reassigned(reassigned, now, events)
    done.add("cases_reassigned", reassigned.height)
    step("reassigned")

    closed_ids = set(closed["case_id"].to_list())
    # In batches in turn: the verdicts, their events and the follow-ups of one batch commit
    # together (a payment plan is judged by the batch that sees its last instalment).
    promises = decisions.promises
    for offset in range(0, promises.height, WRITE_BATCH):
        with writing(done) as events:
            apply_promises(promises.slice(offset, WRITE_BATCH), on, events, done.add, closed_ids)
    step("promises")
    with writing(done) as events:
        _apply_stage_moves(decisions.stage_moves, decisions.plan, on, events, done)
    step("stages")
    _apply_plan(decisions.plan, on, new_ids, done, stored.plans if stored else None)
    step("plan")
    return done


# The account columns the aging sets: an account is written only when one of them changed
# (`aged_on` with them: the day its aging last changed). Days past due are not stored but
# derived from `delinquent_since` (arrears.core.dpd), which moves only with the account's
# state: an account that stays behind, unpaid, is not rewritten because a day went by.
AGING_WRITES: tuple[str, ...] = ("delinquent_since", "bucket", "overdue_amount", "balance")


def since_column(on: date, dpd: str = "dpd") -> pl.Expr:
    """`delinquent_since` from the days past due on `on` (null when current)."""
    return (
        pl.when(pl.col(dpd) > 0)
        .then((pl.lit(on) - pl.duration(days=pl.col(dpd))).cast(pl.Date))
        .otherwise(pl.lit(None, dtype=pl.Date))
        .alias("delinquent_since")
    )


def _apply_aging(aging: pl.DataFrame, on: date, done: Applied, old: pl.DataFrame | None = None) -> int:
    """Write the aging of the accounts whose aging changed (compared with `old`, the
    stored aging the extract read, or read here); returns how many."""
    if not aging.height:
        return 0
    new = aging.select(
        pl.col("account_id").alias("id"),
        since_column(on),
        pl.col("bucket").cast(pl.String),
        pl.col("overdue").cast(pl.Int64).alias("overdue_amount"),
        pl.col("balance").cast(pl.Int64),
    )
    if old is None:
        old = read_aging(new["id"].to_list())
    joined = new.join(old, on="id", how="left", suffix="_old")
    changed = joined.filter(
        pl.col("aged_on").is_null()
        | pl.any_horizontal(pl.col(c).ne_missing(pl.col(f"{c}_old")) for c in AGING_WRITES)
    )
    out = changed.select(
        "id",
        pl.lit(on.isoformat()).alias("aged_on"),
        pl.col("delinquent_since").cast(pl.String),
        "bucket",
        *(money_text(c) for c in ("overdue_amount", "balance")),
    )
    return write_batches(done, out, lambda batch: update_frame(Account._meta.db_table, "id", batch))



def _apply_stage_moves(
    moves: pl.DataFrame, plan: pl.DataFrame, on: date, events: list[NewEvent], done: Applied
) -> None:
    """Apply the automatic moves; hold the others as recommendations; withdraw a pending
    recommendation the rules no longer make (the debtor paid down, or lost the address a
    field visit needed: nothing is recommended that cannot be acted on)."""
    rows = list(
        moves.select(
            "case_id", pl.col("from_stage").cast(pl.String), pl.col("to_stage").cast(pl.String), "dpd"
        ).iter_rows()
    )
    case_ids = [r[0] for r in rows]
    planned_ids = plan.filter(pl.col("case_id").is_not_null())["case_id"].to_list()
    # Plain rows, not model objects: a portfolio holds many cases waiting on a lead's
    # decision night after night, and each of them comes through here every run.
    pending: dict[int, tuple[int, str]] = {
        case_id: (rec_id, to_stage)
        for rec_id, case_id, to_stage in read_frame_in(
            "SELECT id, case_id, to_stage FROM cases_stagerecommendation WHERE status = 'pending' AND {in}",
            "case_id",
            planned_ids,
            schema={"id": pl.Int64, "case_id": pl.Int64, "to_stage": pl.String},
        ).iter_rows()
    }
    moving = set(case_ids)
    stale = [rec_id for case_id, (rec_id, _to) in pending.items() if case_id not in moving]
    # Rejected on or after that local date: from its first instant, in the database's form.
    quiet_since = connection.ops.adapt_datetimefield_value(
        timezone.make_aware(datetime.combine(on - timedelta(days=REJECTION_QUIET_DAYS), time()))
    )
    quiet = set(
        read_frame_in(
            "SELECT case_id, to_stage FROM cases_stagerecommendation"
            " WHERE status = 'rejected' AND decided_at >= %s AND {in}",
            "case_id",
            case_ids,
            schema={"case_id": pl.Int64, "to_stage": pl.String},
            params=[quiet_since],
        ).iter_rows()
    )
    superseded: list[int] = list(stale)
    auto: dict[str, list[int]] = {}
    new_recs = []
    for case_id, from_stage, to_stage, dpd in rows:
        reason = REASONS[to_stage].format(dpd=dpd)
        if AUTO_APPLY[to_stage]:
            auto.setdefault(to_stage, []).append(case_id)
            events.append(
                NewEvent(
                    case_id,
                    Kind.STAGE_CHANGED,
                    values={
                        "note": reason,
                        "data": {
                            "from": from_stage,
                            "to": to_stage,
                            "rule": f"dpd_{to_stage}",
                            "dpd": dpd,
                            "automatic": True,
                        },
                    },
                )
            )
            continue
        current = pending.get(case_id)
        if (case_id, to_stage) in quiet or (current is not None and current[1] == to_stage):
            continue
        if current is not None:
            superseded.append(current[0])
        new_recs.append(
            StageRecommendation(
                case_id=case_id,
                from_stage=from_stage,
                to_stage=to_stage,
                rule=f"dpd_{to_stage}",
                reason=reason,
                dpd=dpd,
                created_on=on,
            )
        )
        events.append(
            NewEvent(
                case_id,
                Kind.STAGE_RECOMMENDED,
                values={
                    "note": reason,
                    "data": {"from": from_stage, "to": to_stage, "rule": f"dpd_{to_stage}", "dpd": dpd},
                },
            )
        )
    for to_stage, ids in auto.items():
        Case.objects.filter(pk__in=ids).update(stage=to_stage)
        done.add(f"stage_to_{to_stage}", len(ids))
    for chunk in range(0, len(superseded), 20_000):
        StageRecommendation.objects.filter(pk__in=superseded[chunk : chunk + 20_000]).update(
            status=StageRecommendation.Status.SUPERSEDED
        )
    StageRecommendation.objects.bulk_create(new_recs, batch_size=2000)
    done.add("stage_recommendations", len(new_recs))
    done.add("stage_recommendations_withdrawn", len(stale))


# The case columns the plan sets, compared with the database's before writing: a night
# rewrites only the cases whose plan changed.
PLAN_WRITES: tuple[str, ...] = (
    "next_action",
    "next_action_on",
    "next_action_at",
    "priority",
    "planned_for",
    "backlog",
    "treatment",
    "delinquent_since",
    "overdue_amount",
    "balance",
    "expected_recovery",
    "info_repair",
    "failed_attempts",
)


def _apply_plan(
    plan: pl.DataFrame,
    on: date,
    new_ids: dict[int, int],
    done: Applied,
    old: pl.DataFrame | None = None,
) -> None:
    if not plan.height:
        return
    frame = plan.with_columns(
        pl.col("case_id").fill_null(
            pl.col("debtor_id").replace_strict(new_ids, default=None, return_dtype=pl.Int64)
        )
    ).filter(pl.col("case_id").is_not_null())
    repair_ids = frame.filter(pl.col("info_repair"))["case_id"].to_list()
    new = frame.select(
        pl.col("case_id").alias("id"),
        "next_action",
        pl.col("next_due").alias("next_action_on"),
        pl.col("next_at").alias("next_action_at"),
        "priority",
        "planned_for",
        "backlog",
        "treatment",
        since_column(on),
        pl.col("overdue").alias("overdue_amount"),
        "balance",
        "expected_recovery",
        "info_repair",
        "failed_attempts",
    )
    if old is None:
        old = read_plans(new["id"].to_list())
    # A case opened tonight is not in `old`: every column counts as changed.
    joined = new.join(old, on="id", how="left", suffix="_old")
    changed = joined.filter(
        pl.any_horizontal(pl.col(c).ne_missing(pl.col(f"{c}_old")) for c in PLAN_WRITES)
    ).select(new.columns)
    out = changed.select(
        "id",
        pl.lit(on.isoformat()).alias("planned_on"),
        "next_action",
        pl.col("next_action_on").cast(pl.String),
        db_datetime_column("next_action_at"),
        "priority",
        pl.col("planned_for").cast(pl.String),
        "backlog",
        "treatment",
        pl.col("delinquent_since").cast(pl.String),
        *(money_text(c) for c in ("overdue_amount", "balance", "expected_recovery")),
        "info_repair",
        "failed_attempts",
    )
    done.add("cases_planned", frame.height)
    replanned = write_batches(done, out, lambda batch: update_frame(Case._meta.db_table, "id", batch))
    done.add("cases_replanned", replanned)
    with writing(done) as events:
        open_repair_tasks(repair_ids, on, events, done.add)
    for name, n in frame.group_by("treatment").len().iter_rows():
        done.add(f"treatment_{name}", n)
    human = frame.filter(~pl.col("automated") & ~pl.col("backlog"))
    done.add("planned_first_day", human.filter(pl.col("planned_for") == pl.col("planned_for").min()).height)
    done.add("backlog", int(frame["backlog"].sum()))
