"""The nightly engine's contract: the frames `decide()` reads, and its run configuration.

Every input is a Polars frame with the schema below; `conform()` casts a frame (or a dict
of columns, or a list of row dicts) to it, so the Django shell and the tests build frames
the same way. Money is integer minor units (Int64: fen, cents); dates are `Date` in the
creditor's local calendar; contact timestamps are aware UTC. Ids are the database's
integer primary keys. The column list of each frame is documented in docs/nightly.md.

Nothing here imports Django or reads the clock: the run date is `RunConfig.on`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from arrears.portfolio.aging import DEFAULT_BOUNDS, bucket_labels
from arrears.strategy.timing import CN_CALENDAR, WorkdayCalendar

# Case stages, in escalation order (article 001's four steps with article 000's phone step
# between the internal reminder and the field visit). Order matters: a stage move never
# goes backwards, and "at or past a stage" comparisons use the Enum's physical order.
STAGES: tuple[str, ...] = ("reminder", "phone", "field", "agency", "legal")
STAGE = pl.Enum(STAGES)
CASE_STATUS = pl.Enum(["open", "closed"])
# "open" is the only status the engine evaluates; the others are outcomes it (or a person)
# has already written.
PROMISE_STATUS = pl.Enum(["open", "kept", "partly_kept", "broken", "cancelled"])
CHANNEL = pl.Enum(["phone", "sms", "email", "letter", "visit", "third_party"])
ACCOUNT_STATUS = pl.Enum(["open", "closed", "settled", "written_off"])
PRODUCT = pl.Enum(["credit_card", "consumer_loan", "invoice", "other"])
UTC = pl.Datetime("us", "UTC")


def _schema(columns: dict[str, Any]) -> pl.Schema:
    return pl.Schema(columns)


ACCOUNTS = _schema(
    {
        "account_id": pl.Int64,
        "debtor_id": pl.Int64,
        "creditor_id": pl.Int64,
        # The team that works this account's creditor (the shell maps creditor -> team).
        # Owners of new cases are chosen among this team's collectors.
        "team_id": pl.Int64,
        "product": PRODUCT,
        "currency": pl.String,
        # Only "open" accounts are aged; a settled or written-off account neither opens
        # nor keeps a case open.
        "status": ACCOUNT_STATUS,
        # Probability of payment from the score model (arrears.strategy.scoring), if it has
        # run; null means "use the DPD prior" (RunConfig.prior_by_bucket).
        "p_pay": pl.Float64,
    }
)
DUE_ITEMS = _schema(
    {
        "account_id": pl.Int64,
        # The item's external id: the FIFO tie-break between items due the same day.
        "key": pl.String,
        "due_date": pl.Date,
        "amount": pl.Int64,
        # Minimum due of a card statement; null for instalments and invoices.
        "minimum": pl.Int64,
        "statement_date": pl.Date,
        "is_statement": pl.Boolean,
    }
)
PAYMENTS = _schema(
    {
        "account_id": pl.Int64,
        # The payment's date in the creditor's time zone (a payment at 23:30 in Shanghai
        # counts that day, as in arrears.portfolio.actions.age_accounts).
        "paid_on": pl.Date,
        "amount": pl.Int64,
    }
)
CASES = _schema(
    {
        "case_id": pl.Int64,
        "debtor_id": pl.Int64,
        # Null when nobody owns the case; the engine then assigns one.
        "owner_id": pl.Int64,
        "stage": STAGE,
        "opened_on": pl.Date,
        # At most one open case per debtor (a database constraint in the cases app).
        "status": CASE_STATUS,
        # The plan the last run left (all null: none, or the case is in the backlog): its
        # day, and the next action, due day and overdue amount it was made for. The case
        # keeps that day while none of them changed (engine.keep_day).
        "planned_for": pl.Date,
        "plan_action": pl.String,
        "plan_due": pl.Date,
        "plan_overdue": pl.Int64,
    }
)
PROMISES = _schema(
    {
        "promise_id": pl.Int64,
        "case_id": pl.Int64,
        # The day the debtor made the promise: payments from this day count towards it.
        "created_on": pl.Date,
        "due_on": pl.Date,
        "amount": pl.Int64,
        "status": PROMISE_STATUS,
    }
)
CONTACTS = _schema(
    {
        "debtor_id": pl.Int64,
        "at": UTC,
        "channel": CHANNEL,
        # True when the debtor (or someone for them) was reached.
        "connected": pl.Boolean,
        "outcome": pl.String,
    }
)
COLLECTORS = _schema(
    {
        "collector_id": pl.Int64,
        "team_id": pl.Int64,
        # Cases the collector can work on the run date: the length of their queue.
        "capacity": pl.Int64,
        # Inactive collectors (left the company) get no new cases and no plan; their open
        # cases are handed to a teammate. Leave is an absence, not inactivity.
        "active": pl.Boolean,
        # Open cases the collector owns outside these frames (a run over a few debtors,
        # arrears.strategy.shell.replan): counted by the fewest-open-cases rule. Null: 0.
        "load": pl.Int64,
        # The collector's first working day; null: already working. No plan before it.
        "starts_on": pl.Date,
    }
)
TASKS = _schema(
    {
        # Open tasks of open cases (not reviews): a callback the debtor asked for, a broken
        # promise to follow up, information repair, a planned visit, a dispute.
        "case_id": pl.Int64,
        "kind": pl.String,
        "due_on": pl.Date,
        # The time of day, when the task has one (a callback at 15:00).
        "due_at": UTC,
    }
)
ADDRESSES = _schema(
    {
        # Debtors with an address a field visit can go to: their own, valid, not found
        # wrong at a visit. A field visit is recommended only to these.
        "debtor_id": pl.Int64,
    }
)
ABSENCES = _schema(
    {
        # Days a collector does not work (both ends included): no plan on them.
        "collector_id": pl.Int64,
        "starts_on": pl.Date,
        "ends_on": pl.Date,
    }
)
BOOKED = _schema(
    {
        # A run over a few debtors: each collector's days already taken by their other
        # cases' plans (the planner fills only what is left).
        "collector_id": pl.Int64,
        "day": pl.Date,
        "booked": pl.Int64,
    }
)

# The columns decide() reads; the rest (creditor, product, currency, contact outcome) are
# for the shell and reports.
DECIDE_READS: dict[str, tuple[str, ...]] = {
    "accounts": ("account_id", "debtor_id", "team_id", "status", "p_pay"),
    "due_items": ("account_id", "key", "due_date", "amount", "minimum", "statement_date", "is_statement"),
    "payments": ("account_id", "paid_on", "amount"),
    "cases": (
        "case_id",
        "debtor_id",
        "owner_id",
        "stage",
        "opened_on",
        "status",
        "planned_for",
        "plan_action",
        "plan_due",
        "plan_overdue",
    ),
    "promises": ("promise_id", "case_id", "created_on", "due_on", "amount", "status"),
    "contacts": ("debtor_id", "at", "channel", "connected"),
    "collectors": ("collector_id", "team_id", "capacity", "active", "load", "starts_on"),
    "tasks": ("case_id", "kind", "due_on", "due_at"),
    "addresses": ("debtor_id",),
    "absences": ("collector_id", "starts_on", "ends_on"),
    "booked": ("collector_id", "day", "booked"),
}

SCHEMAS: dict[str, pl.Schema] = {
    "accounts": ACCOUNTS,
    "due_items": DUE_ITEMS,
    "payments": PAYMENTS,
    "cases": CASES,
    "promises": PROMISES,
    "contacts": CONTACTS,
    "collectors": COLLECTORS,
    "tasks": TASKS,
    "addresses": ADDRESSES,
    "absences": ABSENCES,
    "booked": BOOKED,
}


def conform(name: str, data: Any = None) -> pl.DataFrame:
    """A frame with exactly the schema of input `name`, from a frame, dict or row list.

    Missing nullable columns are filled with nulls, so a test need only give the columns
    it is about; extra columns are dropped, so the shell may select more than we read.
    """
    schema = SCHEMAS[name]
    if data is None:
        return pl.DataFrame(schema=schema)
    frame = data if isinstance(data, pl.DataFrame) else pl.DataFrame(data, infer_schema_length=None)
    return frame.select(
        pl.col(column).cast(dtype) if column in frame.columns else pl.lit(None, dtype).alias(column)
        for column, dtype in schema.items()
    )


@dataclass(frozen=True)
class Frames:
    """One partition's inputs. Each attribute is conformed to its schema on creation."""

    accounts: pl.DataFrame
    due_items: pl.DataFrame
    payments: pl.DataFrame
    cases: pl.DataFrame = field(default_factory=lambda: conform("cases"))
    promises: pl.DataFrame = field(default_factory=lambda: conform("promises"))
    contacts: pl.DataFrame = field(default_factory=lambda: conform("contacts"))
    collectors: pl.DataFrame = field(default_factory=lambda: conform("collectors"))
    tasks: pl.DataFrame = field(default_factory=lambda: conform("tasks"))
    addresses: pl.DataFrame = field(default_factory=lambda: conform("addresses"))
    absences: pl.DataFrame = field(default_factory=lambda: conform("absences"))
    booked: pl.DataFrame = field(default_factory=lambda: conform("booked"))

    def __post_init__(self) -> None:
        for f in fields(self):
            object.__setattr__(self, f.name, conform(f.name, getattr(self, f.name)))

    @classmethod
    def build(cls, **data: Any) -> Frames:
        return cls(**{name: conform(name, data.get(name)) for name in SCHEMAS})

    def write_parquet(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        for name in SCHEMAS:
            # LZ4 rather than the default zstd: a snapshot is written once and read the
            # same night, and LZ4 decodes in about half the CPU time.
            getattr(self, name).write_parquet(directory / f"{name}.parquet", compression="lz4")

    @classmethod
    def read_parquet(cls, directory: Path, columns: Mapping[str, Sequence[str]] | None = None) -> Frames:
        """The frames written by `write_parquet`. With `columns` (e.g. DECIDE_READS) only
        those columns are read from each file, the others are null: the nightly run
        neither decodes nor holds what it does not use."""
        return cls(
            **{
                name: _scan(
                    directory / f"{name}.parquet",
                    columns[name] if columns is not None else list(SCHEMAS[name]),
                )
                for name in SCHEMAS
            }
        )


def _scan(path: Path, columns: Sequence[str]) -> pl.DataFrame:
    # Columns (and frames) added to the contract after a snapshot was written are read as
    # absent (conform() fills them with nulls).
    if not path.exists():
        return pl.DataFrame()
    present = set(pl.read_parquet_schema(path))
    return pl.scan_parquet(path).select([c for c in columns if c in present]).collect()


def _default_cadence() -> dict[str, int]:
    # Article 000: follow up about every 2 days while phoning. The other cadences are ours:
    # a written reminder needs time to arrive, a visit takes a pair of staff a half day.
    return {"reminder": 3, "phone": 2, "field": 7, "agency": 14, "legal": 30}


def _default_ladder() -> dict[str, int]:
    # The DPD from which a case belongs in a stage. Article 000: first call at once, field
    # visit from 5 DPD. Agency placement and legal referral are recommendations a manager
    # approves; 90 and 180 DPD are common card-industry points, not from the articles.
    return {"reminder": 0, "phone": 1, "field": 5, "agency": 90, "legal": 180}


def _default_stage_weight() -> dict[str, int]:
    # Percent weights on the queue priority: the phone stage is where a collector's call
    # changes the outcome most; placed and litigated cases need only review.
    return {"reminder": 60, "phone": 100, "field": 90, "agency": 30, "legal": 20}


def _default_stage_channel() -> dict[str, str | None]:
    # The channel whose last attempt starts a stage's follow-up clock; None: any channel.
    return {"reminder": "sms", "phone": "phone", "field": "visit", "agency": None, "legal": None}


@dataclass(frozen=True)
class RunConfig:
    """What a nightly run decides with. `on` is the run date (the aging date)."""

    on: date
    bounds: tuple[int, ...] = DEFAULT_BOUNDS
    # A debtor is delinquent (and gets a case) from this DPD on.
    open_case_dpd: int = 1
    stage_from_dpd: Mapping[str, int] = field(default_factory=_default_ladder)
    # Entering this stage or a later one is held while the debtor has a live promise
    # (one not yet due, or kept within `kept_promise_hold_days`): article 000 sends a
    # field visit when phoning has failed, and a kept promise says it has not.
    promise_holds_from: str = "field"
    kept_promise_hold_days: int = 7
    follow_up_days: Mapping[str, int] = field(default_factory=_default_cadence)
    stage_channel: Mapping[str, str | None] = field(default_factory=_default_stage_channel)
    # N failed attempts in a row on these channels (since the last connected contact)
    # flag the debtor for information repair (信息修复).
    unreachable_attempts: int = 5
    unreachable_channels: tuple[str, ...] = ("phone",)
    # Contact timestamps are turned into local dates in this zone for follow-up cadences.
    time_zone: str = "Asia/Shanghai"
    # Probability-of-payment prior by bucket index (M0, M1, ..., Mn+), used for accounts
    # without a score. Roll-rate shaped: recovery falls steeply with age.
    prior_by_bucket: tuple[float, ...] = (0.0, 0.55, 0.35, 0.22, 0.14, 0.09, 0.06, 0.03)
    stage_weight_pct: Mapping[str, int] = field(default_factory=_default_stage_weight)
    # A promise falling due today is the call most likely to collect (article 000:
    # "明天我会准时为您查账").
    promise_due_today_pct: int = 150
    # Act at once on new delinquencies (article 001): early DPD get a boost.
    early_dpd: int = 5
    early_dpd_pct: int = 120
    # A promise broken in this run raises the case's priority (the follow-up is due today).
    broken_promise_pct: int = 130
    # Treatment paths by segment (docs/workbench.md). Automated reminders for small
    # balances early in delinquency that are likely to cure by themselves: DPD at most
    # `remind_max_dpd`, overdue at most `remind_max_overdue` (minor units per currency,
    # "*" for the others) and a probability of payment of `remind_min_p_pay` or more
    # (the score, or the DPD prior). They take no collector's time.
    remind_max_dpd: int = 30
    remind_max_overdue: Mapping[str, int] = field(default_factory=lambda: {"*": 5_000})
    remind_min_p_pay: float = 0.5
    # A field visit costs two staff half a day: only from this overdue amount (minor units
    # per currency), and only to a debtor with a visitable address; without one the case
    # stays in phone with "find an address" (information repair) as its next action.
    field_min_overdue: Mapping[str, int] = field(default_factory=lambda: {"*": 300_000})
    # The day planner's horizon in working days; cases that do not fit keep its last day
    # and a backlog flag.
    plan_horizon_days: int = 10
    # Working days of the collectors (not a strategy parameter: a setting of the business).
    calendar: WorkdayCalendar = CN_CALENDAR

    def __post_init__(self) -> None:
        if list(self.stage_from_dpd) != list(STAGES):
            raise ValueError(f"stage_from_dpd must give every stage in order {STAGES}")
        thresholds = list(self.stage_from_dpd.values())
        if thresholds != sorted(thresholds):
            raise ValueError(f"stage thresholds must not decrease: {thresholds}")
        if len(self.prior_by_bucket) != len(bucket_labels(self.bounds)):
            raise ValueError("prior_by_bucket needs one probability per bucket")
        if self.promise_holds_from not in STAGES:
            raise ValueError(f"unknown stage {self.promise_holds_from!r}")
        for mapping in (self.follow_up_days, self.stage_weight_pct, self.stage_channel):
            if set(mapping) != set(STAGES):
                raise ValueError(f"every stage needs a value: {dict(mapping)}")
        for name in ("remind_max_overdue", "field_min_overdue"):
            amounts = getattr(self, name)
            if "*" not in amounts:
                raise ValueError(f"{name} needs a default amount under '*'")
            if any(not isinstance(v, int) or isinstance(v, bool) or v < 0 for v in amounts.values()):
                raise ValueError(f"{name}: amounts are whole minor units, not negative")
        if not 0 <= self.remind_min_p_pay <= 1:
            raise ValueError("remind_min_p_pay must be a probability in [0, 1]")
        if self.plan_horizon_days < 1:
            raise ValueError("plan_horizon_days must be at least 1")
