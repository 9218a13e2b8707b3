"""The run's follow-up work: promises judged on their day, and the tasks they and the
unreachable cases open (a broken promise's follow-up, information repair).

Set-based: the promises' and cases' facts are read as one frame, the tasks written through
the bulk writer (COPY on PostgreSQL) with their public ids made here, so the events that
announce them need no read-back. A steady night at 1M accounts judges tens of thousands of
promises; the ORM's one object a task and its client-side binding of every id list took
most of the step.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date

import polars as pl
from django.utils import timezone

from arrears.activity.actions import NewEvent
from arrears.activity.models import Kind
from arrears.cases.models import REPAIR_SOURCES, PaymentPlan, Promise, Task
from arrears.core.bulk import (
    copy_frame_in,
    db_datetime,
    insert_rows,
    money_text,
    update_frame,
    uuid4_hex,
    uuid_texts,
)

REPAIR_NOTE = "Unreachable after repeated failed attempts: find and verify new contact data."


def insert_tasks(tasks: pl.DataFrame, on: date, events: list[NewEvent]) -> int:
    """Insert `tasks` (case_id, kind, assigned_to_id, note, and optionally promise_id and
    checklist as JSON text) due on `on`, and announce each with a TASK_OPENED event."""
    if not tasks.height:
        return 0
    public = uuid4_hex(tasks.height)
    frame = tasks.with_columns(
        public,
        pl.lit(on).alias("due_on"),
        pl.lit(Task.Status.OPEN.value).alias("status"),
        pl.lit(db_datetime(timezone.now())).alias("created_at"),
    )
    insert_rows(Task, frame)
    for case_id, kind, task in zip(
        frame["case_id"].to_list(), frame["kind"].to_list(), uuid_texts(public.to_list()), strict=True
    ):
        events.append(
            NewEvent(
                case_id,
                Kind.TASK_OPENED,
                values={"data": {"task": task, "kind": kind, "due_on": on.isoformat()}},
            )
        )
    return tasks.height


Add = Callable[[str, int], None]  # Applied.add: a count of the run


def apply_promises(
    promises: pl.DataFrame, on: date, events: list[NewEvent], add: Add, closed_ids: set[int]
) -> None:
    """Write the run's verdicts on `promises` (promise_id, case_id, status, paid in minor
    units), announce each, open a follow-up for the broken ones of cases left open."""
    if not promises.height:
        return
    verdicts = promises.select(
        "promise_id", "case_id", pl.col("status").cast(pl.String), pl.col("paid").fill_null(0).cast(pl.Int64)
    )
    # Staged and set-based (an UPDATE a row took 16.8 s for 43,000 promises at 1M accounts).
    update_frame(
        Promise._meta.db_table,
        "id",
        verdicts.select(
            pl.col("promise_id").alias("id"),
            "status",
            money_text("paid"),
            pl.lit(on.isoformat()).alias("checked_on"),
        ),
    )
    ids = verdicts["promise_id"].to_list()
    facts = copy_frame_in(
        "SELECT p.id AS promise_id, p.public_id, CAST(ROUND(p.amount * 100) AS BIGINT) AS amount,"
        " p.due_on, c.owner_id, EXISTS (SELECT 1 FROM cases_task t WHERE t.promise_id = p.id"
        " AND t.kind = %s AND t.status = %s) AS followed"
        " FROM cases_promise p JOIN cases_case c ON c.id = p.case_id WHERE {in}",
        "p.id",
        ids,
        schema={
            "promise_id": pl.Int64,
            "public_id": pl.String,
            "amount": pl.Int64,
            "due_on": pl.Date,
            "owner_id": pl.Int64,
            "followed": pl.Boolean,
        },
        params=[Task.Kind.BROKEN_PROMISE.value, Task.Status.OPEN.value],
    )
    rows = verdicts.join(facts, on="promise_id", how="left", maintain_order="left").with_columns(
        money_text("paid").alias("paid_text"), money_text("amount").alias("amount_text")
    )
    for case_id, public_id, status, paid, amount, due_on in zip(
        rows["case_id"].to_list(),
        uuid_texts(rows["public_id"].to_list()),
        rows["status"].to_list(),
        rows["paid_text"].to_list(),
        rows["amount_text"].to_list(),
        rows["due_on"].cast(pl.String).to_list(),
        strict=True,
    ):
        data = {"promise": public_id, "status": status, "paid": paid, "on": on.isoformat()}
        data |= {"amount": amount, "due_on": due_on}
        events.append(NewEvent(case_id, Kind.PROMISE_CHECKED, values={"data": data}))
    for status, n in verdicts.group_by("status", maintain_order=True).len().iter_rows():
        add(f"promises_{status}", n)
    # No follow-up on a case this run closes (the debtor is cured), nor a second one.
    broken = rows.filter(
        pl.col("status").is_in([Promise.Status.BROKEN.value, Promise.Status.PARTLY_KEPT.value])
        & ~pl.col("case_id").is_in(list(closed_ids))
        & ~pl.col("followed").fill_null(False)
    )
    insert_tasks(
        broken.select(
            "case_id",
            "promise_id",
            pl.lit(Task.Kind.BROKEN_PROMISE.value).alias("kind"),
            pl.col("owner_id").alias("assigned_to_id"),
            pl.format(
                "{} due {}: {}, paid {}",
                "amount_text",
                pl.col("due_on").cast(pl.String),
                "status",
                "paid_text",
            ).alias("note"),
        ),
        on,
        events,
    )
    update_plans(ids)


def update_plans(promise_ids: Iterable[int]) -> None:
    """Payment plans whose instalments were judged: broken on the first missed one,
    completed when all are kept."""
    # The ids as one array (a batch's 25,000 bound one by one by the ORM: 0.24-0.52 s).
    plans = copy_frame_in(
        "SELECT DISTINCT plan_id FROM cases_promise WHERE plan_id IS NOT NULL AND {in}",
        "id",
        list(promise_ids),
        schema={"plan_id": pl.Int64},
    )["plan_id"].to_list()
    for plan in PaymentPlan.objects.filter(pk__in=plans, status=PaymentPlan.Status.ACTIVE):
        statuses = set(plan.instalments.values_list("status", flat=True))
        if statuses & {Promise.Status.BROKEN, Promise.Status.PARTLY_KEPT}:
            plan.status = PaymentPlan.Status.BROKEN
        elif statuses == {Promise.Status.KEPT}:
            plan.status = PaymentPlan.Status.COMPLETED
        else:
            continue
        plan.save(update_fields=["status"])


def open_repair_tasks(case_ids: list[int], on: date, events: list[NewEvent], add: Add) -> None:
    """An information repair task (信息修复) for each of `case_ids` that has none open."""
    if not case_ids:
        return
    cases = copy_frame_in(
        "SELECT c.id AS case_id, c.owner_id FROM cases_case c WHERE NOT EXISTS (SELECT 1 FROM"
        " cases_task t WHERE t.case_id = c.id AND t.kind = %s AND t.status = %s) AND {in} ORDER BY c.id",
        "c.id",
        case_ids,
        schema={"case_id": pl.Int64, "owner_id": pl.Int64},
        params=[Task.Kind.INFO_REPAIR.value, Task.Status.OPEN.value],
    )
    checklist = json.dumps([{"source": s, "done": False} for s in REPAIR_SOURCES])
    made = insert_tasks(
        cases.select(
            "case_id",
            pl.lit(Task.Kind.INFO_REPAIR.value).alias("kind"),
            pl.col("owner_id").alias("assigned_to_id"),
            pl.lit(REPAIR_NOTE).alias("note"),
            pl.lit(checklist).alias("checklist"),
        ),
        on,
        events,
    )
    add("info_repair_tasks", made)
