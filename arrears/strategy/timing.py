"""Call timing: when tomorrow to call each debtor, always inside the contact window.

Three parts, all pure (no Django, no clock: the run date is a parameter):

1. A working-day calendar (China's statutory holidays and shifted working days, 调休),
   extendable year by year from plain data.
2. A contact-rate model: Beta-Binomial per (segment, weekday, local hour). The articles'
   timing heuristics (domain.md, workflow step 8) contradict each other, so they are only
   the *prior*: a pseudo-count of `prior_strength` attempts at the heuristic rate, which a
   segment's own outcomes overrule as they accumulate. The posterior mean of a cell is
   (alpha + connected) / (alpha + beta + attempts).
3. `best_windows()`: each debtor's best one-hour windows for the day after the run date,
   clipped to the profile's contact window (compliance.md §6.1) in the debtor's zone; and
   `heat_map()`, the (weekday, hour) table per segment for the manager's report.

The windows are recommendations. The contact gate (arrears.compliance.gate) still decides
each call; clipping here only keeps the queue from proposing a time the gate would refuse.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

import polars as pl

from arrears.compliance.profiles import DEFAULTS, FALLBACK_PROFILE

UTC = pl.Datetime("us", "UTC")


def _schema(columns: dict[str, Any]) -> pl.Schema:
    # Mixed dtype classes and instances: mypy cannot infer one value type for the dict.
    return pl.Schema(columns)


# --------------------------------------------------------------------------------------
# Working-day calendar
# --------------------------------------------------------------------------------------

# One notice per year, as plain data: holiday spans (name, first day, last day, inclusive)
# and the weekend days that are working days (调休上班). Dates are ISO strings so that a
# maintainer can paste a new year from JSON or YAML and load it with `load_years()`.
#
# 2025: 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 2024-11-12),
# the first year with the two extra days of the November 2024 revision of
# 《全国年节及纪念日放假办法》 (New Year's Eve of the lunar calendar, and 2 May).
#
# 2026: 国务院办公厅关于2026年部分节假日安排的通知, dated 2025-11-04 (published by Xinhua the
# same day). The dates below are from our knowledge of that notice and agree with the
# Xinhua text as reprinted by news sites; we have not read the gov.cn original and do not
# know its document number (国办发明电〔2025〕…号). Least certain, and so to check first:
# the shifted working days 2026-01-04 (Sun), 2026-02-14 (Sat), 2026-02-28 (Sat),
# 2026-05-09 (Sat), 2026-09-20 (Sun) and 2026-10-10 (Sat), and the nine-day Spring
# Festival span 2026-02-15..2026-02-23.
CN_HOLIDAYS: dict[int, dict[str, Any]] = {
    2025: {
        "holidays": [
            ("New Year's Day (元旦)", "2025-01-01", "2025-01-01"),
            ("Spring Festival (春节)", "2025-01-28", "2025-02-04"),
            ("Qingming (清明节)", "2025-04-04", "2025-04-06"),
            ("Labour Day (劳动节)", "2025-05-01", "2025-05-05"),
            ("Dragon Boat Festival (端午节)", "2025-05-31", "2025-06-02"),
            ("National Day and Mid-Autumn (国庆节、中秋节)", "2025-10-01", "2025-10-08"),
        ],
        "workdays": ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
    },
    2026: {
        "holidays": [
            ("New Year's Day (元旦)", "2026-01-01", "2026-01-03"),
            ("Spring Festival (春节)", "2026-02-15", "2026-02-23"),
            ("Qingming (清明节)", "2026-04-04", "2026-04-06"),
            ("Labour Day (劳动节)", "2026-05-01", "2026-05-05"),
            ("Dragon Boat Festival (端午节)", "2026-06-19", "2026-06-21"),
            ("Mid-Autumn (中秋节)", "2026-09-25", "2026-09-27"),
            ("National Day (国庆节)", "2026-10-01", "2026-10-07"),
        ],
        "workdays": ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
    },
}


class CalendarError(ValueError):
    """A question about a year the calendar does not hold, or inconsistent calendar data.

    Never answered with a guess: an unknown year's holidays are unknown, and treating
    them as ordinary days would open a contact window the profile closes.
    """


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


@dataclass(frozen=True)
class WorkdayCalendar:
    """Holidays and shifted working days for the years in `years`; Mon-Fri otherwise."""

    holidays: Mapping[date, str] = field(default_factory=dict)
    shifted_workdays: frozenset[date] = frozenset()
    years: frozenset[int] = frozenset()

    def _check(self, day: date) -> None:
        if day.year not in self.years:
            known = ", ".join(str(y) for y in sorted(self.years)) or "none"
            raise CalendarError(f"no holiday data for {day.year} (years loaded: {known})")

    def holiday_name(self, day: date) -> str | None:
        """The holiday `day` belongs to, or None (shifted working days are not holidays)."""
        self._check(day)
        return self.holidays.get(day)

    def is_working_day(self, day: date) -> bool:
        self._check(day)
        if day in self.shifted_workdays:
            return True
        if day in self.holidays:
            return False
        return day.isoweekday() <= 5

    def with_years(self, data: Mapping[int, Mapping[str, Any]]) -> WorkdayCalendar:
        """A calendar with the years in `data` added (same shape as CN_HOLIDAYS).

        Each year: {"holidays": [(name, first, last), ...], "workdays": [day, ...]}, days as
        `date` or ISO strings. Refuses a year already loaded, a span that ends before it
        starts, a shifted working day that is not a weekend day, and a day that is both.
        """
        holidays = dict(self.holidays)
        workdays = set(self.shifted_workdays)
        years = set(self.years)
        for year, notice in data.items():
            if year in years:
                raise CalendarError(f"{year} is already loaded")
            years.add(year)
            for name, first, last in notice.get("holidays", ()):
                start, end = _as_date(first), _as_date(last)
                if end < start:
                    raise CalendarError(f"{name}: {end} is before {start}")
                # A notice may start a holiday in the last days of the previous year.
                if not {start.year, end.year} <= {year - 1, year}:
                    raise CalendarError(f"{name}: {start}..{end} is not in the {year} notice's range")
                for offset in range((end - start).days + 1):
                    day = start + timedelta(days=offset)
                    if day in holidays:
                        raise CalendarError(f"{day} is both {holidays[day]} and {name}")
                    holidays[day] = name
            for value in notice.get("workdays", ()):
                day = _as_date(value)
                if day.isoweekday() <= 5:
                    raise CalendarError(f"shifted working day {day} is not a Saturday or Sunday")
                workdays.add(day)
        both = sorted(workdays & holidays.keys())
        if both:
            raise CalendarError(f"days both holiday and working day: {both}")
        return WorkdayCalendar(holidays, frozenset(workdays), frozenset(years))


def load_years(data: Mapping[int, Mapping[str, Any]], base: WorkdayCalendar | None = None) -> WorkdayCalendar:
    """`base` (empty when None) extended with the years in `data`."""
    return (base or WorkdayCalendar()).with_years(data)


CN_CALENDAR = load_years(CN_HOLIDAYS)


def is_working_day(day: date, calendar: WorkdayCalendar = CN_CALENDAR) -> bool:
    return calendar.is_working_day(day)


def holiday_name(day: date, calendar: WorkdayCalendar = CN_CALENDAR) -> str | None:
    return calendar.holiday_name(day)


# --------------------------------------------------------------------------------------
# Contact windows (the legal clip)
# --------------------------------------------------------------------------------------


class _PolicyLike(Protocol):
    @property
    def start(self) -> time: ...
    @property
    def end(self) -> time: ...
    @property
    def window_weekdays(self) -> tuple[int, ...]: ...
    @property
    def default_zone(self) -> str: ...


@dataclass(frozen=True)
class ContactWindow:
    """One profile's contact window, [start, end) in the debtor's local time."""

    start: time
    end: time
    # ISO weekdays (1 = Monday) on which the window opens.
    weekdays: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7)
    # GLOBAL-STRICT: "none on Sundays or public holidays". A shifted working Sunday stays
    # closed: the weekday rule is applied first and a holiday can only close a day.
    closed_on_holidays: bool = False
    # The zone used for a debtor whose zone is unknown, as the gate does.
    default_zone: str = "UTC"

    def __post_init__(self) -> None:
        if not self.start < self.end:
            raise ValueError("a contact window must start before it ends")
        if not set(self.weekdays) <= {1, 2, 3, 4, 5, 6, 7}:
            raise ValueError("weekdays must be ISO weekdays 1..7")

    def is_open(self, day: date, calendar: WorkdayCalendar) -> bool:
        if day.isoweekday() not in self.weekdays:
            return False
        # Only consulted when the profile needs it, so a profile without holiday closure
        # works in years the calendar does not hold.
        return not (self.closed_on_holidays and calendar.holiday_name(day) is not None)


def contact_windows(
    policies: Mapping[str, _PolicyLike],
    closed_on_holidays: Iterable[str] = (FALLBACK_PROFILE,),
) -> dict[str, ContactWindow]:
    """The windows of the contact gate's policies (arrears.compliance.profiles.Policy).

    Policy has no holiday field: compliance.md §6.1 closes public holidays for
    GLOBAL-STRICT only, which is the default of `closed_on_holidays`.
    """
    closed = set(closed_on_holidays)
    return {
        name: ContactWindow(
            start=p.start,
            end=p.end,
            weekdays=tuple(p.window_weekdays),
            closed_on_holidays=name in closed,
            default_zone=p.default_zone,
        )
        for name, p in policies.items()
    }


DEFAULT_WINDOWS = contact_windows(DEFAULTS)


# --------------------------------------------------------------------------------------
# Contact-rate model
# --------------------------------------------------------------------------------------


def heuristic_hour_factors(workday_start_hour: int = 9) -> tuple[float, ...]:
    """Relative contact rate by local hour, as the articles' heuristics (domain.md, workflow step 8) say.

    Priors to be tested against outcomes, not facts: the hour holding the first 15 minutes
    of the working day is best; mornings beat afternoons; lunch (12:00-14:00) is poor;
    evenings are middling and nights worst (and outside every profile's window anyway).
    """
    factors = [0.3] * 24
    factors[7] = 0.7
    for hour in (8, 9, 10, 11):
        factors[hour] = 1.1
    for hour in (12, 13):
        factors[hour] = 0.6
    for hour in (14, 15, 16, 17):
        factors[hour] = 0.9
    for hour in (18, 19, 20):
        factors[hour] = 0.8
    factors[21] = 0.6
    factors[22] = factors[23] = 0.4
    factors[workday_start_hour] = 1.3
    return tuple(factors)


@dataclass(frozen=True)
class TimingConfig:
    # Prior mean of a cell = base_rate * hour factor * weekday factor.
    base_rate: float = 0.25
    # Pseudo-attempts the prior is worth per (segment, weekday, hour) cell: alpha + beta.
    prior_strength: float = 20.0
    hour_factors: tuple[float, ...] = field(default_factory=heuristic_hour_factors)
    # Monday .. Sunday. Tuesday, Thursday and Friday above Monday and Wednesday (the
    # articles agree on nothing else about days). The weekend has no heuristic; it gets
    # the low factor so that no prior promotes a day the articles did not praise.
    weekday_factors: tuple[float, ...] = (0.9, 1.1, 0.9, 1.1, 1.1, 0.9, 0.9)
    # "Call in the 3 days before the debtor's income arrives": days 1..lead before the
    # income day (the income day itself is not "before").
    income_lead_days: int = 3
    # Prior ratio of the contact rate in those days to the rate on other days, and the
    # pseudo-attempts behind each of the two rates it is estimated from.
    income_boost: float = 1.25
    income_prior_strength: float = 200.0
    # Clipped slots shorter than this are not offered (08:50-09:00 is not a window).
    min_window_minutes: int = 15

    def __post_init__(self) -> None:
        if len(self.hour_factors) != 24 or len(self.weekday_factors) != 7:
            raise ValueError("hour_factors needs 24 values and weekday_factors 7")
        if self.prior_strength <= 0 or self.income_prior_strength <= 0:
            raise ValueError("prior strengths must be positive")
        if self.income_boost <= 0 or self.income_lead_days < 0 or self.min_window_minutes < 1:
            raise ValueError("income_boost > 0, income_lead_days >= 0, min_window_minutes >= 1")
        means = [self.base_rate * h * w for h in self.hour_factors for w in self.weekday_factors] + [
            self.base_rate * self.income_boost
        ]
        if not all(0 < m < 1 for m in means):
            raise ValueError("every prior mean (base_rate x factors, x income_boost) must be in (0, 1)")


def prior_cells(config: TimingConfig) -> pl.DataFrame:
    """The 7 x 24 prior grid: weekday, hour, prior_mean, alpha, beta."""
    grid = pl.DataFrame(
        {
            "weekday": [w for w in range(1, 8) for _ in range(24)],
            "hour": [h for _ in range(7) for h in range(24)],
            "prior_mean": [
                config.base_rate * wf * hf for wf in config.weekday_factors for hf in config.hour_factors
            ],
        },
        schema={"weekday": pl.Int8, "hour": pl.Int8, "prior_mean": pl.Float64},
    )
    return grid.with_columns(
        (pl.col("prior_mean") * config.prior_strength).alias("alpha"),
        ((1 - pl.col("prior_mean")) * config.prior_strength).alias("beta"),
    )


def posterior_mean(alpha: pl.Expr, beta: pl.Expr, connected: pl.Expr, attempts: pl.Expr) -> pl.Expr:
    return (alpha + connected) / (alpha + beta + attempts)


@dataclass(frozen=True)
class ContactModel:
    """A fitted model. `cells`: segment, weekday, hour, attempts, connected, alpha, beta,
    rate (every segment seen, full 7 x 24 grid). `income`: segment, attempts_pre,
    connected_pre, attempts_other, connected_other, lift (segments whose history had an
    income day; others use `config.income_boost`)."""

    cells: pl.DataFrame
    income: pl.DataFrame
    config: TimingConfig


def _days_to_income(day: pl.Expr, income_day: pl.Expr) -> pl.Expr:
    """Days from `day` to the next income day on or after it (income day 31 in a 30-day
    month is the 30th: pay arrives on the month's last day)."""
    this_len = day.dt.month_end().dt.day().cast(pl.Int32)
    next_len = day.dt.month_start().dt.offset_by("1mo").dt.month_end().dt.day().cast(pl.Int32)
    today = day.dt.day().cast(pl.Int32)
    income = income_day.cast(pl.Int32)
    this_month = pl.min_horizontal(income, this_len)
    return (
        pl.when(this_month >= today)
        .then(this_month - today)
        .otherwise(this_len - today + pl.min_horizontal(income, next_len))
    )


def _pre_income(day: pl.Expr, income_day: pl.Expr, lead: int) -> pl.Expr:
    return _days_to_income(day, income_day).is_between(1, lead).fill_null(False)


def _check_income_days(frame: pl.DataFrame) -> None:
    if "income_day" in frame.columns:
        bad = frame.filter(~pl.col("income_day").is_between(1, 31))
        if bad.height:
            raise ValueError(f"income_day must be a day of the month 1..31, got {bad['income_day'][0]}")


def _local_history(history: pl.DataFrame) -> pl.DataFrame:
    """The history with `local`, the naive local datetime of each attempt.

    A naive `at` is already local. An aware `at` is converted in its row's `time_zone`;
    one conversion per zone keeps it vectorised (Polars converts to one zone per call).
    """
    dtype = history.schema["at"]
    if not isinstance(dtype, pl.Datetime):
        raise ValueError("history.at must be a datetime")
    if dtype.time_zone is None:
        return history.with_columns(pl.col("at").alias("local"))
    if "time_zone" not in history.columns or history["time_zone"].null_count():
        raise ValueError("an aware history.at needs a time_zone on every row")
    parts = [
        part.with_columns(
            pl.col("at").dt.convert_time_zone(str(zone)).dt.replace_time_zone(None).alias("local")
        )
        for (zone,), part in history.partition_by("time_zone", as_dict=True).items()
    ]
    if not parts:
        return history.with_columns(pl.lit(None, pl.Datetime("us")).alias("local"))
    return pl.concat(parts, how="vertical_relaxed")


def fit_contact_rates(history: pl.DataFrame, config: TimingConfig | None = None) -> ContactModel:
    """Fit the model from contact attempts: debtor_id, segment, at, connected, and
    optionally time_zone (required when `at` is aware) and income_day (1..31; with it the
    pre-income lift is estimated from outcomes too)."""
    config = config or TimingConfig()
    _check_income_days(history)
    local = _local_history(history).with_columns(
        pl.col("local").dt.weekday().cast(pl.Int8).alias("weekday"),
        pl.col("local").dt.hour().cast(pl.Int8).alias("hour"),
        pl.col("connected").cast(pl.Int64),
        pl.col("segment").cast(pl.String),
    )
    counts = local.group_by("segment", "weekday", "hour").agg(
        pl.len().cast(pl.Int64).alias("attempts"), pl.col("connected").sum()
    )
    segments = local.select("segment").unique()
    cells = (
        segments.join(prior_cells(config), how="cross")
        .join(counts, on=["segment", "weekday", "hour"], how="left")
        .with_columns(pl.col("attempts", "connected").fill_null(0))
        .with_columns(posterior_mean(*map(pl.col, ("alpha", "beta", "connected", "attempts"))).alias("rate"))
        .select("segment", "weekday", "hour", "attempts", "connected", "alpha", "beta", "rate")
        .sort("segment", "weekday", "hour")
    )
    return ContactModel(cells, _fit_income(local, config), config)


def _fit_income(local: pl.DataFrame, config: TimingConfig) -> pl.DataFrame:
    """Per segment, the ratio of the contact rate in the pre-income days to the rate on
    other days, each a Beta-Binomial posterior mean with the prior ratio `income_boost`.

    A crude estimate: it compares raw rates, so a segment called at better hours before
    payday would show some lift that belongs to the hours. Good enough to let outcomes
    overrule an article's heuristic; not a causal effect.
    """
    schema = pl.Schema(
        {
            "segment": pl.String,
            "attempts_pre": pl.Int64,
            "connected_pre": pl.Int64,
            "attempts_other": pl.Int64,
            "connected_other": pl.Int64,
            "lift": pl.Float64,
        }
    )
    if "income_day" not in local.columns:
        return pl.DataFrame(schema=schema)
    n = config.income_prior_strength
    other_mean = config.base_rate
    pre_mean = config.base_rate * config.income_boost
    pre_rate = posterior_mean(
        pl.lit(pre_mean * n), pl.lit((1 - pre_mean) * n), pl.col("connected_pre"), pl.col("attempts_pre")
    )
    other_rate = posterior_mean(
        pl.lit(other_mean * n),
        pl.lit((1 - other_mean) * n),
        pl.col("connected_other"),
        pl.col("attempts_other"),
    )
    pre = _pre_income(pl.col("local").dt.date(), pl.col("income_day"), config.income_lead_days)
    return (
        local.filter(pl.col("income_day").is_not_null())
        .with_columns(pre.alias("pre"))
        .group_by("segment")
        .agg(
            pl.col("pre").sum().cast(pl.Int64).alias("attempts_pre"),
            pl.col("connected").filter(pl.col("pre")).sum().cast(pl.Int64).alias("connected_pre"),
            (~pl.col("pre")).sum().cast(pl.Int64).alias("attempts_other"),
            pl.col("connected").filter(~pl.col("pre")).sum().cast(pl.Int64).alias("connected_other"),
        )
        .with_columns((pre_rate / other_rate).alias("lift"))
        .select(schema.names())
        .sort("segment")
    )


def heat_map(history: pl.DataFrame, config: TimingConfig | None = None) -> pl.DataFrame:
    """Contact rate by (weekday, hour) per segment, for the manager's report.

    Columns: segment, weekday (1 = Monday), hour (local), attempts, connected,
    observed_rate (null without attempts), posterior_rate (shrunk towards the prior: the
    cell to trust when attempts are few). Full 7 x 24 grid for every segment seen.
    """
    cells = fit_contact_rates(history, config).cells
    return cells.select(
        "segment",
        "weekday",
        "hour",
        "attempts",
        "connected",
        pl.when(pl.col("attempts") > 0).then(pl.col("connected") / pl.col("attempts")).alias("observed_rate"),
        pl.col("rate").alias("posterior_rate"),
    )


# --------------------------------------------------------------------------------------
# Best windows
# --------------------------------------------------------------------------------------

# No history: every segment is priced by the prior alone.
_EMPTY_HISTORY = _schema(
    {"debtor_id": pl.Int64, "segment": pl.String, "at": pl.Datetime("us"), "connected": pl.Boolean}
)
WINDOWS = _schema(
    {
        "debtor_id": pl.Int64,
        "window_start": UTC,
        "window_end": UTC,
        "expected_contact_rate": pl.Float64,
        "rank": pl.Int64,
    }
)


def _to_utc(slots: pl.DataFrame) -> pl.DataFrame:
    """Local wall-clock slot bounds to UTC instants, one zone at a time.

    Across a DST change the wall clock skips or repeats an hour. A bound that does not
    exist (skipped) drops the slot. A repeated bound is taken as its *later* instant for
    the start and its *earlier* instant for the end: then every instant in
    [start, end) reads, on the local wall clock, a time inside the slot. (The other
    choices would let the repeated hour's second pass reach back before the start.)
    """
    parts = [
        part.with_columns(
            pl.col("local_start")
            .dt.replace_time_zone(str(zone), ambiguous="latest", non_existent="null")
            .dt.convert_time_zone("UTC")
            .alias("window_start"),
            pl.col("local_end")
            .dt.replace_time_zone(str(zone), ambiguous="earliest", non_existent="null")
            .dt.convert_time_zone("UTC")
            .alias("window_end"),
        )
        for (zone,), part in slots.partition_by("zone", as_dict=True).items()
    ]
    if not parts:
        return slots.with_columns(
            pl.lit(None, UTC).alias("window_start"), pl.lit(None, UTC).alias("window_end")
        )
    return pl.concat(parts).filter(pl.col("window_start") < pl.col("window_end"))


def best_windows(
    debtors: pl.DataFrame,
    run_date: date,
    model: ContactModel | None = None,
    windows: Mapping[str, ContactWindow] | None = None,
    calendar: WorkdayCalendar = CN_CALENDAR,
    k: int = 3,
) -> pl.DataFrame:
    """Each debtor's top-k one-hour call windows on the day after `run_date`.

    `debtors`: debtor_id, segment, time_zone, income_day (1..31 or null), profile (null:
    GLOBAL-STRICT, DEF-PROFILE-01). The day is the debtor's *local* day after the run
    date. Slots are local clock hours clipped to the profile's window; a debtor whose
    profile is closed that day (weekday, or a public holiday for GLOBAL-STRICT) gets no
    rows. Segments the model has not seen use the prior. Output: WINDOWS, ranked by
    expected contact rate (ties: earlier first), rank 1 = best.
    """
    config = model.config if model else TimingConfig()
    model = model or fit_contact_rates(pl.DataFrame(schema=_EMPTY_HISTORY), config)
    windows = DEFAULT_WINDOWS if windows is None else windows
    if k < 1:
        raise ValueError("k must be at least 1")
    _check_income_days(debtors)
    day = run_date + timedelta(days=1)
    weekday = day.isoweekday()

    debtors = debtors.with_columns(pl.col("profile").cast(pl.String).fill_null(FALLBACK_PROFILE))
    unknown = sorted(set(debtors["profile"].unique().to_list()) - set(windows))
    if unknown:
        raise ValueError(f"no contact window for profile(s): {', '.join(unknown)}")
    used = sorted(set(debtors["profile"].to_list()))
    profile_table = pl.DataFrame(
        {
            "profile": used,
            "start_min": [windows[p].start.hour * 60 + windows[p].start.minute for p in used],
            "end_min": [windows[p].end.hour * 60 + windows[p].end.minute for p in used],
            "default_zone": [windows[p].default_zone for p in used],
            "open": [windows[p].is_open(day, calendar) for p in used],
        },
        schema_overrides={"start_min": pl.Int32, "end_min": pl.Int32},
    )
    hours = pl.DataFrame({"hour": list(range(24))}, schema={"hour": pl.Int8})
    slot_start = pl.max_horizontal(pl.col("hour").cast(pl.Int32) * 60, pl.col("start_min"))
    slot_end = pl.min_horizontal(pl.col("hour").cast(pl.Int32) * 60 + 60, pl.col("end_min"))
    midnight = pl.lit(datetime.combine(day, time()), pl.Datetime("us"))
    income_day = pl.col("income_day") if "income_day" in debtors.columns else pl.lit(None, pl.Int32)
    pre = _pre_income(pl.lit(day), income_day, config.income_lead_days)

    prior = prior_cells(config).filter(pl.col("weekday") == weekday).select("hour", "prior_mean")
    rates = model.cells.filter(pl.col("weekday") == weekday).select("segment", "hour", "rate")
    lift = model.income.select("segment", "lift")

    slots = (
        debtors.select(
            pl.col("debtor_id").cast(pl.Int64),
            pl.col("segment").cast(pl.String),
            pl.col("time_zone").cast(pl.String),
            pre.alias("pre_income"),
            "profile",
        )
        .join(profile_table.filter("open"), on="profile")
        .with_columns(pl.coalesce("time_zone", "default_zone").alias("zone"))
        .join(hours, how="cross")
        .with_columns(slot_start.alias("slot_start"), slot_end.alias("slot_end"))
        .filter(pl.col("slot_end") - pl.col("slot_start") >= config.min_window_minutes)
        .join(rates, on=["segment", "hour"], how="left")
        .join(prior, on="hour", how="left")
        .join(lift, on="segment", how="left")
        .with_columns(
            pl.min_horizontal(
                pl.coalesce("rate", "prior_mean")
                * pl.when("pre_income").then(pl.coalesce("lift", pl.lit(config.income_boost))).otherwise(1.0),
                pl.lit(1.0),
            ).alias("expected_contact_rate"),
            (midnight + pl.duration(minutes=pl.col("slot_start"))).alias("local_start"),
            (midnight + pl.duration(minutes=pl.col("slot_end"))).alias("local_end"),
        )
    )
    return (
        _to_utc(slots)
        .sort(["debtor_id", "expected_contact_rate", "window_start"], descending=[False, True, False])
        .with_columns((pl.int_range(pl.len()).over("debtor_id") + 1).cast(pl.Int64).alias("rank"))
        .filter(pl.col("rank") <= k)
        .select(WINDOWS.names())
        .cast(WINDOWS)
    )
