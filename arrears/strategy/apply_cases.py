"""The nightly write-back's case changes: cases closed, opened (with their assignment and,
past the automatic stages, a recommendation) and reassigned, each with its events."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import polars as pl

from arrears.activity.actions import NewEvent
from arrears.activity.models import Kind
from arrears.cases.models import Assignment, Case, Promise, Stage, StageRecommendation, Task
from arrears.core.bulk import copy_frame_in, db_datetime, insert_rows, money_text, update_frame
from arrears.strategy.engine import Decisions
from arrears.strategy.rules import AUTO_STAGES
from arrears.strategy.writes import Applied, writing

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


def apply_closed(closed: pl.DataFrame, on: date, events: list[NewEvent]) -> None:
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


def apply_opened(decisions: Decisions, on: date, now: datetime, done: Applied) -> dict[int, int]:
    """Open the new cases; returns debtor id -> new case id."""
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
        # One transaction, however many: it adds rows only, which nobody waits for, and a
        # first night's hundreds of thousands of cases and events load as the bulk load they
        # are (their keys checked once, arrears.core.bulk); in batches of 25,000 the keys
        # were checked row by row and the first night's opening took 43 s instead of 29 s.
        with writing(done, new_rows_only=True) as events:
            new_ids = _open_cases(opened, decisions.plan, on, now, events, done)
    done.add("cases_opened", opened.height)
    return new_ids


def _open_cases(
    opened: pl.DataFrame,
    plan: pl.DataFrame,
    on: date,
    now: datetime,
    events: list[NewEvent],
    done: Applied,
) -> dict[int, int]:
    new_ids: dict[int, int] = {}
    # The amounts each case opens at (the plan's, by debtor).
    amounts = plan.join(opened, on="debtor_id", how="semi").select("debtor_id", "dpd", "overdue", "balance")
    insert_rows(
        Case,
        opened.select("debtor_id", "team_id", "owner_id", "stage", pl.lit(on).alias("opened_on"))
        .join(amounts.select("debtor_id", "overdue"), on="debtor_id", how="left", maintain_order="left")
        .with_columns(
            pl.when(pl.col("overdue").is_not_null()).then(money_text("overdue")).alias("opened_overdue")
        )
        .drop("overdue"),
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
        d: {"dpd": days, "overdue": _money(overdue), "balance": _money(balance)}
        for d, days, overdue, balance in amounts.iter_rows()
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
    for debtor_id, stage, ladder in held_new.select("debtor_id", "stage", "ladder_stage").iter_rows():
        dpd = opening.get(debtor_id, {}).get("dpd")
        why = REASONS[ladder].format(dpd="?" if dpd is None else dpd)
        recs.append((new_ids[debtor_id], stage, ladder, f"dpd_{ladder}", why, dpd))
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
    return new_ids


def apply_reassigned(reassigned: pl.DataFrame, now: datetime, events: list[NewEvent]) -> None:
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
