"""Strategy as configuration, and the champion/challenger experiment.

A strategy is a `StrategyVersion` row: a name ("champion" or "challenger"), a version and
JSON parameters that override `RunConfig` fields. The active version of a name is its
highest. The champion's parameters may also hold the experiment's settings:

* `challenger_share` (0..1, default 0): the share of debtors that follow the challenger;
* `challenger_salt` (default "arrears-cc-1"): mixed into the hash that draws them.

A debtor's arm is `uniform(debtor_id, salt) < share` -> challenger: the first 8 bytes of
SHA-256("salt:debtor_id") read as a number in [0, 1). Random across debtors, the same on
every run. A case keeps the arm it was first given (`Case.arm`), so changing the share
later moves only debtors without an arm yet, never a case in the middle of its treatment.

The nightly shell splits the frames by arm, runs `decide()` once per arm with the arm's
config and merges the decisions (`merge`): every output is concatenated, and the days are
planned again over both arms' cases together, each collector's capacity shared, by
priority (each arm's priority, treatments and cadences are computed with its own
parameters). `report()` compares the arms.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

from arrears.strategy.engine import Decisions, horizon, plan_days, queues_of
from arrears.strategy.frames import STAGES, Frames, RunConfig

CHAMPION = "champion"
CHALLENGER = "challenger"
ARMS = (CHAMPION, CHALLENGER)
DEFAULT_SALT = "arrears-cc-1"
# Keys of the champion's parameters that configure the experiment, not a RunConfig.
EXPERIMENT_KEYS = frozenset({"challenger_share", "challenger_salt"})
# RunConfig fields a strategy may not set: the run date, the portfolio's aging buckets,
# the time zone and the working-day calendar (settings, the same for every strategy).
FIXED_FIELDS = frozenset({"on", "bounds", "time_zone", "calendar"})
# Amounts per currency ("*": every other currency), in minor units.
CURRENCY_FIELDS = frozenset({"remind_max_overdue", "field_min_overdue"})
PROBABILITY_FIELDS = frozenset({"remind_min_p_pay"})
PARAMETER_FIELDS = frozenset(f.name for f in fields(RunConfig)) - FIXED_FIELDS


class ParameterError(ValueError):
    """Strategy parameters that do not make a valid RunConfig."""


def uniform(key: int, salt: str) -> float:
    """A number in [0, 1) fixed by (salt, key): SHA-256, first 8 bytes."""
    digest = hashlib.sha256(f"{salt}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2.0**64


def arm_of(debtor_id: int, share: float, salt: str = DEFAULT_SALT) -> str:
    return CHALLENGER if uniform(debtor_id, salt) < share else CHAMPION


def _int(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ParameterError(f"{key}: an integer is needed, got {value!r}")
    if value < 0:
        raise ParameterError(f"{key}: must not be negative")
    return value


def config_from_parameters(base: RunConfig, parameters: Mapping[str, Any]) -> RunConfig:
    """`base` with the parameters' RunConfig fields replaced; stage maps may be partial
    (the other stages keep their value). Raises ParameterError."""
    if not isinstance(parameters, Mapping):
        raise ParameterError("parameters must be a JSON object")
    unknown = sorted(set(parameters) - PARAMETER_FIELDS - EXPERIMENT_KEYS)
    if unknown:
        allowed = ", ".join(sorted(PARAMETER_FIELDS | EXPERIMENT_KEYS))
        raise ParameterError(f"unknown parameters: {', '.join(unknown)} (allowed: {allowed})")
    changes: dict[str, Any] = {}
    for key, value in parameters.items():
        if key in EXPERIMENT_KEYS:
            continue
        current = getattr(base, key)
        if key in CURRENCY_FIELDS:
            if not isinstance(value, Mapping) or not value:
                raise ParameterError(
                    f'{key}: an object of currency -> amount in minor units, e.g. {{"*": 5000}}'
                )
            merged = dict(current)
            for currency, v in value.items():
                if currency != "*" and not (len(currency) == 3 and currency.isalpha() and currency.isupper()):
                    raise ParameterError(f"{key}: {currency!r} is not a currency code (or '*')")
                merged[currency] = _int(f"{key}.{currency}", v)
            changes[key] = merged
        elif key in PROBABILITY_FIELDS:
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
                raise ParameterError(f"{key}: a probability in [0, 1], got {value!r}")
            changes[key] = float(value)
        elif isinstance(current, Mapping):
            if not isinstance(value, Mapping):
                raise ParameterError(f"{key}: an object of stage -> value is needed")
            bad = sorted(set(value) - set(STAGES))
            if bad:
                raise ParameterError(f"{key}: unknown stages {bad}")
            merged = dict(current)
            for stage, v in value.items():
                if key == "stage_channel":
                    if v is not None and not isinstance(v, str):
                        raise ParameterError(f"{key}.{stage}: a channel name or null")
                    merged[stage] = v
                else:
                    merged[stage] = _int(f"{key}.{stage}", v)
            changes[key] = {stage: merged[stage] for stage in STAGES}
        elif isinstance(current, tuple):
            if not isinstance(value, list | tuple):
                raise ParameterError(f"{key}: a list is needed")
            if key == "prior_by_bucket":
                if not all(
                    isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 1 for v in value
                ):
                    raise ParameterError(f"{key}: probabilities in [0, 1]")
                changes[key] = tuple(float(v) for v in value)
            else:
                if not all(isinstance(v, str) for v in value):
                    raise ParameterError(f"{key}: a list of names")
                changes[key] = tuple(value)
        elif isinstance(current, str):
            if not isinstance(value, str):
                raise ParameterError(f"{key}: a string is needed")
            changes[key] = value
        else:
            changes[key] = _int(key, value)
    try:
        return replace(base, **changes)
    except (ValueError, TypeError) as exc:
        raise ParameterError(str(exc)) from exc


def experiment_settings(parameters: Mapping[str, Any]) -> tuple[float, str]:
    """(challenger_share, salt) from the champion's parameters; raises ParameterError."""
    share = parameters.get("challenger_share", 0)
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 1:
        raise ParameterError(f"challenger_share: a number in [0, 1], got {share!r}")
    salt = parameters.get("challenger_salt", DEFAULT_SALT)
    if not isinstance(salt, str) or not salt:
        raise ParameterError("challenger_salt: a non-empty string")
    return float(share), salt


def validate(name: str, parameters: Mapping[str, Any]) -> None:
    """Raise ParameterError unless `parameters` are valid for strategy `name`."""
    config_from_parameters(RunConfig(on=date(2000, 1, 1)), parameters)
    if name == CHAMPION:
        experiment_settings(parameters)
    elif EXPERIMENT_KEYS & set(parameters):
        raise ParameterError("challenger_share and challenger_salt belong in the champion's parameters")


# --- the split ---------------------------------------------------------------------------


def assign_arms(
    debtor_ids: Sequence[int], pinned: Mapping[int, str | None], share: float, salt: str
) -> pl.DataFrame:
    """debtor_id, arm: the pinned arm of the debtor's open case, else the hash's."""
    ids = sorted(set(debtor_ids))
    arms = [pinned.get(d) or arm_of(d, share, salt) for d in ids]
    return pl.DataFrame({"debtor_id": ids, "arm": arms}, schema={"debtor_id": pl.Int64, "arm": pl.String})


def split(frames: Frames, arms: pl.DataFrame) -> dict[str, Frames]:
    """The frames of each arm's debtors. Collectors are shared; each arm's `load` counts
    the open cases of the other arm (so the fewest-open-cases rule sees every case)."""
    out: dict[str, Frames] = {}
    accounts = frames.accounts.join(arms, on="debtor_id", how="left").with_columns(
        pl.col("arm").fill_null(CHAMPION)
    )
    cases = frames.cases.join(arms, on="debtor_id", how="left").with_columns(
        pl.col("arm").fill_null(CHAMPION)
    )
    contacts = frames.contacts.join(arms, on="debtor_id", how="left").with_columns(
        pl.col("arm").fill_null(CHAMPION)
    )
    for arm in ARMS:
        acc = accounts.filter(pl.col("arm") == arm).drop("arm")
        ids = acc.select("account_id")
        arm_cases = cases.filter(pl.col("arm") == arm).drop("arm")
        other = cases.filter(
            (pl.col("arm") != arm) & (pl.col("status") == "open") & pl.col("owner_id").is_not_null()
        )
        other_load = other.group_by(pl.col("owner_id").alias("collector_id")).agg(
            pl.len().cast(pl.Int64).alias("other")
        )
        collectors = (
            frames.collectors.join(other_load, on="collector_id", how="left")
            .with_columns((pl.col("load").fill_null(0) + pl.col("other").fill_null(0)).alias("load"))
            .drop("other")
        )
        out[arm] = Frames(
            accounts=acc,
            due_items=frames.due_items.join(ids, on="account_id", how="semi", maintain_order="left"),
            payments=frames.payments.join(ids, on="account_id", how="semi", maintain_order="left"),
            cases=arm_cases,
            promises=frames.promises.join(arm_cases.select("case_id"), on="case_id", how="semi"),
            contacts=contacts.filter(pl.col("arm") == arm).drop("arm"),
            collectors=collectors,
        )
    return out


def add_load(frames: Frames, plan: pl.DataFrame) -> Frames:
    """`frames` with the owners of another arm's new cases (null case_id in its plan)
    added to the collectors' load: run the second arm after the first has assigned."""
    new = plan.filter(pl.col("case_id").is_null() & pl.col("owner_id").is_not_null())
    extra = new.group_by(pl.col("owner_id").alias("collector_id")).agg(pl.len().cast(pl.Int64).alias("extra"))
    collectors = (
        frames.collectors.join(extra, on="collector_id", how="left")
        .with_columns((pl.col("load").fill_null(0) + pl.col("extra").fill_null(0)).alias("load"))
        .drop("extra")
    )
    return replace(frames, collectors=collectors)


def merge(parts: Sequence[Decisions], frames: Frames, config: RunConfig) -> Decisions:
    """One Decisions from the arms': outputs concatenated in their usual order; the days
    planned again over both arms' cases within each collector's capacity (`frames` are
    the whole run's, `config` gives the horizon), and the day's queues read off that."""
    if len(parts) == 1:
        return parts[0]

    def cat(name: str, *order: str) -> pl.DataFrame:
        frames = [getattr(p, name) for p in parts]
        return pl.concat(frames, how="vertical_relaxed").sort(*order) if order else pl.concat(frames)

    rules = cat("plan", "debtor_id").drop("planned_for", "backlog")
    plan = plan_days(rules, frames, config)
    return Decisions(
        aging=cat("aging", "account_id"),
        debtors=cat("debtors", "debtor_id"),
        closed=cat("closed", "case_id"),
        opened=cat("opened", "debtor_id"),
        reassigned=cat("reassigned", "case_id"),
        promises=cat("promises", "promise_id"),
        stage_moves=cat("stage_moves", "case_id"),
        plan=plan,
        queues=queues_of(plan, horizon(config)[0]),
    )


# --- the report ----------------------------------------------------------------------------

Z95 = 1.959963984540054


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float | None, float | None, float | None]:
    """(rate, low, high): the Wilson score interval; Nones when n is 0."""
    if n == 0:
        return None, None, None
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # The interval holds p; at p = 0 or 1 its bound is p exactly (rounding left 5.6e-17 above 0).
    return p, min(p, max(0.0, centre - half)), max(p, min(1.0, centre + half))


def mean_ci(values: Sequence[float], z: float = Z95) -> tuple[float | None, float | None, float | None]:
    """(mean, low, high): normal approximation, mean +- z * s / sqrt(n)."""
    n = len(values)
    if n == 0:
        return None, None, None
    mean = sum(values) / n
    if n == 1:
        return mean, None, None
    var = sum((v - mean) ** 2 for v in values) / (n - 1)
    half = z * math.sqrt(var / n)
    return mean, mean - half, mean + half


@dataclass(frozen=True)
class ArmReport:
    arm: str
    cases: int
    accounts: int
    cases_with_promise: int
    promises: int
    checked: int
    kept: int
    recovered: Decimal
    promise_rate: tuple[float | None, float | None, float | None]  # share of cases with a promise
    promises_per_case: tuple[float | None, float | None, float | None]
    kept_rate: tuple[float | None, float | None, float | None]
    recovered_per_account: tuple[float | None, float | None, float | None]


def report(since: date | None = None, zone: str = "Asia/Shanghai") -> list[ArmReport]:
    """Per arm, over the cases with that arm (opened on or after `since` if given):
    promise rate (cases with at least one promise, Wilson; and promises per case, normal),
    kept rate (kept / checked, Wilson; checked = kept + partly kept + broken), amount
    recovered per account (payments on the debtor's accounts from the day the case opened
    to the day it closed, normal approximation over accounts)."""
    from arrears.cases.models import Case, Promise
    from arrears.portfolio.models import Account, Payment

    cases = Case.objects.filter(arm__isnull=False)
    if since is not None:
        cases = cases.filter(opened_on__gte=since)
    rows = list(cases.values_list("pk", "debtor_id", "arm", "opened_on", "closed_on"))
    tz = ZoneInfo(zone)
    promise_counts: dict[int, int] = {}
    status_counts: dict[tuple[int, str], int] = {}
    case_ids = [r[0] for r in rows]
    for start in range(0, len(case_ids), 5000):
        chunk = case_ids[start : start + 5000]
        for case_id, status in Promise.objects.filter(case_id__in=chunk).values_list("case_id", "status"):
            promise_counts[case_id] = promise_counts.get(case_id, 0) + 1
            status_counts[(case_id, status)] = status_counts.get((case_id, status), 0) + 1
    debtor_ids = sorted({r[1] for r in rows})
    accounts: dict[int, list[int]] = {}
    payments: dict[int, list[tuple[datetime, Decimal]]] = {}
    for start in range(0, len(debtor_ids), 5000):
        chunk = debtor_ids[start : start + 5000]
        for pk, debtor_id in Account.objects.filter(debtor_id__in=chunk).values_list("pk", "debtor_id"):
            accounts.setdefault(debtor_id, []).append(pk)
        paid = Payment.objects.filter(account__debtor_id__in=chunk, reversed_on__isnull=True)
        for account_id, paid_at, amount in paid.values_list("account_id", "paid_at", "amount"):
            payments.setdefault(account_id, []).append((paid_at, amount))
    out = []
    for arm in ARMS:
        mine = [r for r in rows if r[2] == arm]
        with_promise = sum(1 for r in mine if promise_counts.get(r[0]))
        per_case = [float(promise_counts.get(r[0], 0)) for r in mine]
        kept = sum(status_counts.get((r[0], "kept"), 0) for r in mine)
        checked = kept + sum(status_counts.get((r[0], s), 0) for r in mine for s in ("partly_kept", "broken"))
        per_account: list[Decimal] = []
        for _pk, debtor_id, _arm, opened_on, closed_on in mine:
            start_at = datetime.combine(opened_on, time.min, tz)
            end_at = datetime.combine(closed_on + timedelta(days=1), time.min, tz) if closed_on else None
            for account_id in accounts.get(debtor_id, []):
                per_account.append(
                    sum(
                        (
                            a
                            for at, a in payments.get(account_id, [])
                            if at >= start_at and (end_at is None or at < end_at)
                        ),
                        Decimal(0),
                    )
                )
        recovered = sum(per_account, Decimal(0))
        out.append(
            ArmReport(
                arm=arm,
                cases=len(mine),
                accounts=len(per_account),
                cases_with_promise=with_promise,
                promises=int(sum(per_case)),
                checked=checked,
                kept=kept,
                recovered=recovered,
                promise_rate=wilson(with_promise, len(mine)),
                promises_per_case=mean_ci(per_case),
                kept_rate=wilson(kept, checked),
                recovered_per_account=mean_ci([float(v) for v in per_account]),
            )
        )
    return out
