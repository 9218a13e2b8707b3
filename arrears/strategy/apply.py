"""The engine's decisions -> the database, in bulk, with an event for every case change.

The order matters: accounts first (their aging), then closed, opened and reassigned
cases, promises, stage moves and their recommendations, information repair, and last the
plan (each case's denormalised columns, next action and planned day), written only for
the cases whose plan changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import polars as pl
from django.db import connection
from django.utils import timezone

from arrears.activity.actions import NewEvent, append_many
from arrears.activity.models import Kind
from arrears.cases.models import (
    Assignment,
    Case,
    Promise,
    Stage,
    StageRecommendation,
    Task,
)
from arrears.core.bulk import (
    check_constraints_now,
    copy_frame_in,
    db_datetime,
    db_datetime_column,
    insert_rows,
    money_text,
    read_frame_in,
    update_frame,
)
from arrears.portfolio.models import Account
from arrears.strategy.apply_tasks import apply_promises, open_repair_tasks
from arrears.strategy.engine import Decisions
from arrears.strategy.extract import STORED_PLANS, Stored, conform_plans
from arrears.strategy.rules import AUTO_STAGES

# Stage moves the nightly run applies by itself (rules.AUTO_STAGES); the others wait for
# a team lead (architecture: a team lead confirms or they apply automatically, per rule).
AUTO_APPLY: dict[str, bool] = {s: s in AUTO_STAGES for s in ("phone", "field", "agency", "legal")}
# A rejected recommendation is not made again for this many days.
REJECTION_QUIET_DAYS = 7

REASONS = {
    "phone": "{dpd} days past due: phone follow-up (电话催收).",
    "field": "{dpd} days past due with no kept promise: field visit recommended (article 000: from 5 days).",
    "agency": "{dpd} days past due: agency placement recommended.",
    "legal": "{dpd} days past due: legal referral recommended.",
}


def _money(cents: int | None) -> str:
    return str((Decimal(cents or 0) / 100).quantize(Decimal("0.01")))




@dataclass
class Applied:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n


Step = Callable[[str], None]


def apply(
    decisions: Decisions, on: date, *, step: Step | None = None, stored: Stored | None = None
) -> Applied:
    """Write every output of one run. The caller holds one transaction around it.

    `stored`: the aging and plans as the extract read them (`extract_with_stored`); a row
    is written when the night's decision differs from it. Without it (a run decided on a
    cluster) they are read here. Compared with what the night read rather than with what
    the table holds now, a plan an action rewrote while the night ran is kept unless the
    night changes it too."""
    done = Applied()
    step = step or (lambda _name: None)
    # Keys checked as rows arrive, not queued for the commit: a first night's hundreds of
    # thousands of new cases would otherwise keep the events' bulk load (which drops and
    # re-adds their keys) from altering the tables (arrears.core.bulk).
    check_constraints_now()
    now = timezone.now()
    events: list[NewEvent] = []

    done.add("accounts_aged", _apply_aging(decisions.aging, on, stored.accounts if stored else None))
    step("accounts")

    # Closed cases (cured, or no open account left).
    closed = decisions.closed
    if closed.height:
        ids = closed["case_id"].to_list()
        for reason, part in closed.group_by("reason"):
            Case.objects.filter(pk__in=part["case_id"].to_list()).update(
                status=Case.Status.CLOSED,
                stage=Stage.CLOSED,
                close_reason=reason[0],
                closed_on=on,
                next_action="",
                next_action_on=None,
                next_action_at=None,
                priority=0,
            )
        Task.objects.filter(case_id__in=ids, status=Task.Status.OPEN).update(status=Task.Status.CANCELLED)
        # As close_case does; a promise this run settles gets its verdict in _apply_promises.
        Promise.objects.filter(case_id__in=ids, status=Promise.Status.OPEN).update(
            status=Promise.Status.CANCELLED
        )
        StageRecommendation.objects.filter(case_id__in=ids, status=StageRecommendation.Status.PENDING).update(
            status=StageRecommendation.Status.SUPERSEDED
        )
        events += [
            NewEvent(c, Kind.CASE_CLOSED, values={"data": {"reason": r, "on": on.isoformat()}})
            for c, r in closed.select("case_id", "reason").iter_rows()
        ]
    done.add("cases_closed", closed.height)
    step("closed")

    # Opened cases.
    opened = decisions.opened
    new_ids: dict[int, int] = {}
    # A new case whose DPD already calls for a stage that needs a team lead opens in the
    # last automatic stage, with the move waiting as a recommendation.
    auto_stages = ["reminder", *[s for s, auto in AUTO_APPLY.items() if auto]]
    opened = opened.with_columns(pl.col("stage").cast(pl.String).alias("ladder_stage")).with_columns(
        pl.when(pl.col("ladder_stage").is_in(auto_stages))
        .then(pl.col("ladder_stage"))
        .otherwise(pl.lit(auto_stages[-1]))
        .alias("stage")
    )
    if opened.height:
        insert_rows(
            Case,
            opened.select("debtor_id", "team_id", "owner_id", "stage", pl.lit(on).alias("opened_on")),
        )
        found = copy_frame_in(
            "SELECT debtor_id, id FROM cases_case WHERE status = 'open' AND {in}",
            "debtor_id",
            opened["debtor_id"].to_list(),
            schema={"debtor_id": pl.Int64, "id": pl.Int64},
        )
        new_ids.update(zip(found["debtor_id"].to_list(), found["id"].to_list(), strict=True))
        assignments = []
        # The facts the new case rests on go into its first event (activity/facts.py), with
        # the amounts it opened at: later nights change those, so they are kept, not compared.
        opening = {
            d: {"dpd": dpd, "overdue": _money(overdue), "balance": _money(balance)}
            for d, dpd, overdue, balance in decisions.plan.join(opened, on="debtor_id", how="semi")
            .select("debtor_id", "dpd", "overdue", "balance")
            .iter_rows()
        }
        for debtor_id, team_id, owner_id, stage in opened.select(
            "debtor_id", "team_id", "owner_id", "stage"
        ).iter_rows():
            case_id = new_ids[debtor_id]
            facts = {"on": on.isoformat(), "owner": owner_id, "stage": stage, "team": team_id}
            events.append(
                NewEvent(case_id, Kind.CASE_OPENED, values={"data": facts | opening.get(debtor_id, {})})
            )
            if owner_id is not None:
                assignments.append((case_id, owner_id))
                events.append(
                    NewEvent(
                        case_id,
                        Kind.ASSIGNED,
                        values={
                            "data": {
                                "owner": owner_id,
                                "previous_owner": None,
                                "rule": Assignment.Rule.FEWEST_OPEN,
                            }
                        },
                    )
                )
        insert_rows(
            Assignment,
            pl.DataFrame(
                assignments, schema={"case_id": pl.Int64, "owner_id": pl.Int64}, orient="row"
            ).with_columns(
                pl.lit(Assignment.Rule.FEWEST_OPEN.value).alias("rule"), pl.lit(db_datetime(now)).alias("at")
            ),
        )
        held_new = opened.filter(pl.col("stage") != pl.col("ladder_stage"))
        recs = []
        dpd = dict(decisions.plan.select("debtor_id", "dpd").iter_rows())
        for debtor_id, stage, ladder in held_new.select("debtor_id", "stage", "ladder_stage").iter_rows():
            why = REASONS[ladder].format(dpd=dpd.get(debtor_id, "?"))
            recs.append((new_ids[debtor_id], stage, ladder, f"dpd_{ladder}", why, dpd.get(debtor_id)))
            events.append(
                NewEvent(
                    new_ids[debtor_id],
                    Kind.STAGE_RECOMMENDED,
                    values={"note": why, "data": {"from": stage, "to": ladder, "rule": f"dpd_{ladder}"}},
                )
            )
        insert_rows(
            StageRecommendation,
            pl.DataFrame(
                recs,
                schema={
                    "case_id": pl.Int64,
                    "from_stage": pl.String,
                    "to_stage": pl.String,
                    "rule": pl.String,
                    "reason": pl.String,
                    "dpd": pl.Int64,
                },
                orient="row",
            ).with_columns(pl.lit(on).alias("created_on")),
        )
        done.add("stage_recommendations", len(recs))
    done.add("cases_opened", opened.height)
    step("opened")

    reassigned = decisions.reassigned
    if reassigned.height:
        frame = reassigned.select(pl.col("case_id").alias("id"), "owner_id")
        update_frame(Case._meta.db_table, "id", frame)
        Assignment.objects.bulk_create(
            [
                Assignment(
                    case_id=c, owner_id=o, previous_owner_id=p, rule=Assignment.Rule.OWNER_INACTIVE, at=now
                )
                for c, p, o in reassigned.select("case_id", "previous_owner_id", "owner_id").iter_rows()
            ],
            batch_size=2000,
        )
        for c, p, o in reassigned.select("case_id", "previous_owner_id", "owner_id").iter_rows():
            Task.objects.filter(case_id=c, status=Task.Status.OPEN).update(assigned_to_id=o)
            events.append(
                NewEvent(
                    c,
                    Kind.ASSIGNED,
                    values={
                        "data": {"owner": o, "previous_owner": p, "rule": Assignment.Rule.OWNER_INACTIVE}
                    },
                )
            )
    done.add("cases_reassigned", reassigned.height)
    step("reassigned")

    closed_ids = set(closed["case_id"].to_list())
    apply_promises(decisions.promises, on, events, done.add, closed_ids)
    step("promises")
    _apply_stage_moves(decisions.stage_moves, decisions.plan, on, events, done)
    step("stages")
    _apply_plan(decisions.plan, on, new_ids, events, done, stored.plans if stored else None)
    step("plan")
    done.add("events", append_many(events))
    step("events")
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


def _apply_aging(aging: pl.DataFrame, on: date, old: pl.DataFrame | None = None) -> int:
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
        old = copy_frame_in(
            "SELECT id, delinquent_since, bucket,"
            " CAST(ROUND(overdue_amount * 100) AS BIGINT) AS overdue_amount,"
            " CAST(ROUND(balance * 100) AS BIGINT) AS balance, aged_on FROM portfolio_account WHERE {in}",
            "id",
            new["id"].to_list(),
            schema={
                "id": pl.Int64,
                "delinquent_since": pl.Date,
                "bucket": pl.String,
                "overdue_amount": pl.Int64,
                "balance": pl.Int64,
                "aged_on": pl.Date,
            },
        )
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
    return update_frame(Account._meta.db_table, "id", out)



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


def _current_plans(case_ids: list[int]) -> pl.DataFrame:
    """The plan columns of these cases as the database holds them, money in minor units."""
    return conform_plans(
        copy_frame_in(
            "SELECT id, next_action, next_action_on, next_action_at, priority, planned_for, backlog,"
            " treatment, delinquent_since, CAST(ROUND(overdue_amount * 100) AS BIGINT) AS overdue_amount,"
            " CAST(ROUND(balance * 100) AS BIGINT) AS balance,"
            " CAST(ROUND(expected_recovery * 100) AS BIGINT) AS expected_recovery, info_repair,"
            " failed_attempts FROM cases_case WHERE {in}",
            "id",
            case_ids,
            schema=STORED_PLANS,
        )
    )


def _apply_plan(
    plan: pl.DataFrame,
    on: date,
    new_ids: dict[int, int],
    events: list[NewEvent],
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
        old = _current_plans(new["id"].to_list())
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
    done.add("cases_replanned", update_frame(Case._meta.db_table, "id", out))
    open_repair_tasks(repair_ids, on, events, done.add)
    for name, n in frame.group_by("treatment").len().iter_rows():
        done.add(f"treatment_{name}", n)
    human = frame.filter(~pl.col("automated") & ~pl.col("backlog"))
    done.add("planned_first_day", human.filter(pl.col("planned_for") == pl.col("planned_for").min()).height)
    done.add("backlog", int(frame["backlog"].sum()))
