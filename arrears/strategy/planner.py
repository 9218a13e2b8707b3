"""The day planner: which working day each case is worked on, within each collector's
capacity. Pure (no Django, no clock: the first day is given), Polars in and out.

Inputs:

* `work`, one row per open case (schema `WORK`): its owner, the day its next action falls
  due (`due`, which may be before the first day: an overdue follow-up), whether it is
  `pinned` to that day (a promise check, a callback the debtor asked for, a broken
  promise's follow-up), an optional deadline (`latest`), whether a machine does it
  (`automated`: reminders, which take no collector's time) and its `value` (the
  priority: expected recovery with the strategy's weights).
* `keep` (optional): the day the last run planned the case for, when nothing that plan
  rested on changed since (engine.keep_day); null for new cases and changed ones.
* `grid`: each collector's capacity on each day of the horizon (`capacity_grid`): their
  daily capacity, 0 on days of absence, before their start date or when inactive, less
  what is already booked on that day by cases outside this plan (a plan over a few cases).
* `days`: the horizon, the working days from the run date (`working_days`).

The rule, for each collector:

1. Pinned work goes on the first working day on or after its day (today when it is
   already overdue), whatever the capacity: a promise check is never moved past its day.
   When pinned work alone exceeds a day's capacity, the day is over capacity and
   `day_loads` says so; nothing is hidden.
2. A case with a `keep` day still inside the horizon, on or after its due day and by its
   deadline, keeps that day while the collector's capacity left by the pinned work has
   room (the most valuable first): a steady night rewrites no plan that still holds.
   Those that find no room are planned afresh with the rest.
3. Then, day by day, a case whose deadline is that day and which has no day yet is taken
   (even over capacity, counted the same way); then the day's remaining capacity is
   filled with the most valuable cases due by that day (value, then debtor id).
4. A case due within the horizon that finds no room keeps the horizon's last day and the
   `backlog` flag: never silently dropped. A case due after the horizon is planned on the
   first working day on or after its due day (the nightly run places it when the horizon
   reaches it).
5. Automated work and cases without a collector of the grid take no capacity: they are
   planned on the first working day on or after their due day.

Filling the days in order with the most valuable available cases is the same as placing
the cases in value order each on the earliest day with room (the unit-size case of the
greedy on a matroid); the day loop is what vectorises.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, Literal

import numpy as np
import polars as pl

from arrears.strategy.timing import CN_CALENDAR, CalendarError, WorkdayCalendar

UTC = pl.Datetime("us", "UTC")
WORK = pl.Schema(
    {
        "case_id": pl.Int64(),
        "debtor_id": pl.Int64(),
        "owner_id": pl.Int64(),
        "due": pl.Date(),
        "pinned": pl.Boolean(),
        "latest": pl.Date(),
        "automated": pl.Boolean(),
        "value": pl.Int64(),
        # The day the last plan gave the case, when nothing it was planned on changed
        # since (null: plan it afresh).
        "keep": pl.Date(),
    }
)
GRID = pl.Schema({"collector_id": pl.Int64(), "day": pl.Date(), "capacity": pl.Int64()})
PLANNED = pl.Schema(
    {"case_id": pl.Int64(), "debtor_id": pl.Int64(), "planned_for": pl.Date(), "backlog": pl.Boolean()}
)
# How far a plan looks ahead by default, in working days: two working weeks.
HORIZON_DAYS = 10


def is_working_day(day: date, calendar: WorkdayCalendar = CN_CALENDAR) -> bool:
    """The calendar's answer; for a year it does not hold yet, Monday to Friday.

    The contact gate refuses to guess an unknown year's holidays (a guess would open a
    contact window); a plan may, since it is redone every night and every contact still
    goes through the gate. The fallback only matters in the last weeks of a year whose
    successor's notice is not loaded yet (arrears/strategy/timing.py says how to load it).
    """
    try:
        return calendar.is_working_day(day)
    except CalendarError:
        return day.isoweekday() <= 5


def working_days(start: date, count: int, calendar: WorkdayCalendar = CN_CALENDAR) -> list[date]:
    """The first `count` working days on or after `start`."""
    days: list[date] = []
    day = start
    while len(days) < count:
        if is_working_day(day, calendar):
            days.append(day)
        day += timedelta(days=1)
    return days


def next_working_day(day: date, calendar: WorkdayCalendar = CN_CALENDAR) -> date:
    """`day` if it is a working day, else the first working day after it."""
    return working_days(day, 1, calendar)[0]


def _frame(data: Any) -> pl.DataFrame:
    frame = data if isinstance(data, pl.DataFrame) else pl.DataFrame(data, infer_schema_length=None)
    # No columns at all (no rows given): selecting literals would make one row of nulls.
    return frame if frame.width else pl.DataFrame(schema=WORK)


def conform_work(data: Any) -> pl.DataFrame:
    """`data` (frame, dict of columns or rows) with exactly the WORK schema; missing
    columns are null (booleans: False)."""
    frame = _frame(data)
    return (
        frame.lazy()
        .select(
            pl.col(c).cast(t) if c in frame.columns else pl.lit(None, t).alias(c) for c, t in WORK.items()
        )
        .with_columns(pl.col("pinned", "automated").fill_null(False), pl.col("value").fill_null(0))
        .collect()
    )


def capacity_grid(
    collectors: pl.DataFrame,
    absences: pl.DataFrame,
    days: Sequence[date],
    booked: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """collector_id, day, capacity: on each day of `days`, each collector's capacity.

    `collectors`: collector_id, capacity, active, starts_on (null: already working).
    `absences`: collector_id, starts_on, ends_on (both days off). `booked` (optional):
    collector_id, day, booked: capacity already taken by cases outside the plan.
    An inactive collector, a day before their start or inside an absence: 0.
    """
    # One lazy query (a click plans one case: per-step collects would cost more than it).
    day_frame = pl.LazyFrame({"day": list(days)}, schema={"day": pl.Date})
    grid = (
        collectors.lazy()
        .select(
            "collector_id",
            pl.col("capacity").fill_null(0).cast(pl.Int64),
            pl.col("active").fill_null(True),
            pl.col("starts_on").cast(pl.Date),
        )
        .join(day_frame, how="cross")
    )
    off = (
        absences.lazy()
        .select("collector_id", pl.col("starts_on").cast(pl.Date), pl.col("ends_on").cast(pl.Date))
        .join(day_frame, how="cross")
        .filter(pl.col("day").is_between(pl.col("starts_on"), pl.col("ends_on")))
        .group_by("collector_id", "day")
        .agg(pl.lit(True).alias("absent"))
    )
    working = (
        pl.col("active")
        & (pl.col("starts_on").is_null() | (pl.col("day") >= pl.col("starts_on")))
        & pl.col("absent").is_null()
    )
    grid = grid.join(off, on=["collector_id", "day"], how="left").with_columns(
        pl.when(working).then("capacity").otherwise(0).alias("capacity")
    )
    if booked is not None and booked.height:
        grid = grid.join(
            booked.lazy().select(
                "collector_id", pl.col("day").cast(pl.Date), pl.col("booked").cast(pl.Int64)
            ),
            on=["collector_id", "day"],
            how="left",
        ).with_columns((pl.col("capacity") - pl.col("booked").fill_null(0)).clip(0).alias("capacity"))
    return (
        grid.select(pl.col(name).cast(dtype) for name, dtype in GRID.items())
        .sort("collector_id", "day")
        .collect()
    )


def _day_index(values: pl.Series, days: Sequence[date], *, after: bool) -> np.ndarray:
    """Per value: the index of the first day on or after it (`after`), else of the last
    day on or before it; len(days) for "after the horizon", -1 for "before it"."""
    ordinals = np.array([d.toordinal() for d in days], dtype=np.int64)
    # Date is days since 1970-01-01; 719163 is date(1970, 1, 1).toordinal().
    raw = values.cast(pl.Int32).to_numpy().astype(np.int64) + 719_163
    side: Literal["left", "right"] = "left" if after else "right"
    index = np.searchsorted(ordinals, raw, side=side)
    return index if after else index - 1


def plan(
    work: Any,
    grid: pl.DataFrame,
    days: Sequence[date],
    calendar: WorkdayCalendar = CN_CALENDAR,
) -> pl.DataFrame:
    """case_id, debtor_id, planned_for, backlog for every row of `work` (a frame, dict or
    rows, conformed to WORK), see the module."""
    if not days:
        raise ValueError("a plan needs at least one day")
    horizon = len(days)
    first = days[0]
    collectors = grid["collector_id"].unique().sort()
    # Rows of the day loop: owned by a collector of the grid, not automated. The rest take
    # no capacity.
    counted = pl.col("owner_id").is_in(collectors.implode()).fill_null(False) & ~pl.col("automated")
    frame = _frame(work)
    work = (
        frame.lazy()
        .select(
            pl.col(c).cast(t) if c in frame.columns else pl.lit(None, t).alias(c) for c, t in WORK.items()
        )
        .with_columns(pl.col("pinned", "automated").fill_null(False), pl.col("value").fill_null(0))
        .with_columns(
            counted.alias("counted"),
            # Overdue work is due today; the day it was due stays in the case's next action.
            pl.max_horizontal("due", pl.lit(first)).fill_null(pl.lit(first)).alias("from"),
        )
        .collect()
    )
    if work.height == 0:
        return pl.DataFrame(schema=PLANNED)
    start = _day_index(work["from"], days, after=True)
    # The index of a deadline's day (the last working day on or before it; today when it
    # has passed); `horizon` when there is none inside the horizon.
    latest = work["latest"]
    beyond = (latest.is_null() | (latest > days[-1])).to_numpy()
    deadline = np.where(
        beyond, horizon, np.maximum(_day_index(latest.fill_null(first), days, after=False), 0)
    )
    deadline = np.maximum(deadline, start)

    n = work.height
    placed = np.full(n, -1, dtype=np.int64)
    counted_mask = work["counted"].to_numpy()
    pinned = work["pinned"].to_numpy()
    # Pinned work and work that takes no capacity: on its first working day.
    fixed = (pinned | ~counted_mask) & (start < horizon)
    placed[fixed] = start[fixed]

    # The day loop over counted, unpinned rows, in (owner, value desc, debtor id) order.
    order = np.lexsort(
        (
            work["debtor_id"].to_numpy(),
            -work["value"].to_numpy(),
            work["owner_id"].fill_null(-1).to_numpy(),
        )
    )
    owner_ids = collectors.to_numpy()
    cap = np.zeros((len(owner_ids), horizon), dtype=np.int64)
    if grid.height:
        g_owner = np.searchsorted(owner_ids, grid["collector_id"].to_numpy())
        g_day = _day_index(grid["day"], days, after=True)
        inside = g_day < horizon
        np.add.at(cap, (g_owner[inside], g_day[inside]), grid["capacity"].to_numpy()[inside])
    owner_all = np.searchsorted(owner_ids, work["owner_id"].fill_null(-1).to_numpy())
    owner_all = np.clip(owner_all, 0, max(len(owner_ids) - 1, 0))
    used = np.zeros_like(cap)
    pinned_counted = counted_mask & pinned & (start < horizon)
    np.add.at(used, (owner_all[pinned_counted], start[pinned_counted]), 1)
    _keep(work["keep"], days, start, deadline, counted_mask & ~pinned, order, owner_all, cap, used, placed)

    loop = order[(counted_mask & ~pinned)[order]]
    if loop.size:
        owner = owner_all[loop]
        l_start, l_deadline = start[loop], deadline[loop]
        l_placed = placed[loop].copy()
        # First row of each owner's run in `loop` (sorted by owner).
        group_first = np.r_[0, np.flatnonzero(np.diff(owner)) + 1]
        group_of = np.repeat(np.arange(group_first.size), np.diff(np.r_[group_first, loop.size]))
        for i in range(horizon):
            available = (l_placed < 0) & (l_start <= i)
            forced = available & (l_deadline == i)
            l_placed[forced] = i
            np.add.at(used[:, i], owner[forced], 1)
            candidate = available & ~forced
            running = np.cumsum(candidate)
            before = np.where(group_first > 0, running[group_first - 1], 0)
            rank = running - before[group_of]
            room = np.maximum(cap[owner, i] - used[owner, i], 0)
            take = candidate & (rank <= room)
            l_placed[take] = i
            np.add.at(used[:, i], owner[take], 1)
        placed[loop] = l_placed

    backlog = (placed < 0) & (start < horizon)
    day_values = np.array(days, dtype="datetime64[D]")
    planned = np.where(placed >= 0, day_values[np.clip(placed, 0, horizon - 1)], np.datetime64("NaT"))
    planned = np.where(backlog, day_values[-1], planned)
    out = work.select("case_id", "debtor_id", "from").with_columns(
        pl.Series("planned_for", planned, dtype=pl.Date), pl.Series("backlog", backlog)
    )
    # Beyond the horizon: the first working day on or after the due day.
    later = out.filter(pl.col("planned_for").is_null())
    if later.height:
        distinct = later["from"].unique().to_list()
        mapping = {d: next_working_day(d, calendar) for d in distinct}
        out = out.with_columns(
            pl.col("planned_for").fill_null(
                pl.col("from").replace_strict(mapping, default=None, return_dtype=pl.Date)
            )
        )
    return out.select(PLANNED.names())


def _keep(
    keep: pl.Series,
    days: Sequence[date],
    start: np.ndarray,
    deadline: np.ndarray,
    movable: np.ndarray,
    order: np.ndarray,
    owner_all: np.ndarray,
    cap: np.ndarray,
    used: np.ndarray,
    placed: np.ndarray,
) -> None:
    """Rule 2: place the rows that keep their day (in `placed`, counted in `used`)."""
    if keep.null_count() == keep.len():
        return
    horizon = len(days)
    index = _day_index(keep.fill_null(days[0]), days, after=True)
    on_day = np.zeros(index.size, dtype=bool)
    inside = index < horizon
    ordinals = np.array([d.toordinal() for d in days], dtype=np.int64)
    raw = keep.fill_null(days[0]).cast(pl.Int32).to_numpy().astype(np.int64) + 719_163
    on_day[inside] = ordinals[index[inside]] == raw[inside]
    wanted = movable & keep.is_not_null().to_numpy() & on_day & (index >= start) & (index <= deadline)
    rows = order[wanted[order]]  # by owner, value desc, debtor id
    if not rows.size:
        return
    # Within each (owner, day), in value order: the first `room` rows keep their day.
    rows = rows[np.lexsort((np.arange(rows.size), index[rows], owner_all[rows]))]
    owner, day = owner_all[rows], index[rows]
    new_group = np.r_[True, (np.diff(owner) != 0) | (np.diff(day) != 0)]
    group_start = np.flatnonzero(new_group)
    group_of = np.cumsum(new_group) - 1
    rank = np.arange(rows.size) - group_start[group_of] + 1
    room = np.maximum(cap[owner, day] - used[owner, day], 0)
    take = rank <= room
    placed[rows[take]] = day[take]
    np.add.at(used, (owner[take], day[take]), 1)


def day_loads(work: pl.DataFrame, planned: pl.DataFrame, grid: pl.DataFrame) -> pl.DataFrame:
    """collector_id, day, capacity, planned, pinned, over: each collector's counted work on
    each day of the grid (the backlog is not planned on the last day, only parked there),
    and by how much it exceeds the capacity (pinned work or deadlines that could not move)."""
    work = conform_work(work)
    rows = (
        work.select("debtor_id", pl.col("owner_id").alias("collector_id"), "pinned", "automated")
        .join(planned.select("debtor_id", pl.col("planned_for").alias("day"), "backlog"), on="debtor_id")
        .filter(~pl.col("automated") & ~pl.col("backlog"))
        .group_by("collector_id", "day")
        .agg(pl.len().cast(pl.Int64).alias("planned"), pl.col("pinned").sum().cast(pl.Int64).alias("pinned"))
    )
    return (
        grid.join(rows, on=["collector_id", "day"], how="left")
        .with_columns(pl.col("planned", "pinned").fill_null(0))
        .with_columns((pl.col("planned") - pl.col("capacity")).clip(0).alias("over"))
        .sort("collector_id", "day")
    )
