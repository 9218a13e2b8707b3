"""The score model: features from what the product stores, a gradient-boosting model, and
an adapter that turns the UCI "default of credit card clients" data into product-shaped
frames. No Django import: the nightly engine and the bench call this with Polars frames.

Inputs (:class:`ScoreInputs`), one row per thing the product stores:

* ``accounts``: ``account_id``, ``credit_limit`` (whole currency units, may be null) and the
  debtor's attributes flattened from ``Debtor.attributes`` by :func:`attributes_frame`:
  ``age`` (years), ``sex`` ("male"/"female"), ``education`` ("graduate_school",
  "university", "high_school", "other"), ``marriage`` ("married", "single", "other").
  Anything else (missing key, unknown value) becomes null.
* ``statements``: ``account_id``, ``statement_date`` (Date), ``balance`` (statement balance;
  negative is a credit).
* ``payments``: ``account_id``, ``paid_on`` (Date), ``amount`` (> 0).
* ``status``: ``account_id``, ``statement_date``, ``status``: the monthly repayment status at
  each statement, in the card-industry convention also used by the UCI data: -2 nothing to
  pay (no balance, no use), -1 previous statement paid in full, 0 revolving (minimum paid,
  current), k >= 1 k months past due. :func:`monthly_status` derives it from the product's
  daily days-past-due (DPD) and from the statements and payments.

Months are counted back from each account's latest statement: month 1 is the latest
statement, month 6 the one five statements earlier. The payments of month k are those made
after statement k+1 and on or before statement k; they pay statement k+1's balance. See
:data:`FEATURE_DOCS` for every feature and docs/scores.md for the protocol and the figures.

Nothing here ever sees the label: the target lives in a separate frame that only
:func:`train_score` (and the bench's cross-validation) receives.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import polars as pl

MONTHS = 6

SEX_CODES: dict[str, int] = {"male": 0, "female": 1}
EDUCATION_CODES: dict[str, int] = {
    "graduate_school": 1,
    "university": 2,
    "high_school": 3,
    "other": 4,
}
MARRIAGE_CODES: dict[str, int] = {"married": 1, "single": 2, "other": 3}
# The UCI codebook. arrears.portfolio.uci stores these integer codes in Debtor.attributes
# as they are in the file; attributes_frame() reads either the codes or the names.
UCI_SEX = {1: "male", 2: "female"}
UCI_EDUCATION = {1: "graduate_school", 2: "university", 3: "high_school", 4: "other"}
UCI_MARRIAGE = {1: "married", 2: "single", 3: "other"}
ATTRIBUTE_KEYS = ("age", "sex", "education", "marriage")
# Attributes that anti-discrimination rules commonly forbid in credit decisions (sex and
# marital status under the US ECOA, for one). Pass exclude=PROTECTED to leave them out.
PROTECTED = ("sex", "marriage")

# Names that must never appear among the features: the label and its usual spellings.
LABEL_NAMES = frozenset({"y", "target", "label", "default", "default_payment_next_month"})


def _month_names(prefix: str, months: int = MONTHS) -> list[str]:
    return [f"{prefix}_{k}" for k in range(1, months + 1)]


FEATURE_DOCS: dict[str, str] = {
    "limit": "credit limit",
    "age": "debtor's age in years (attributes)",
    "sex": "1 female, 0 male, null unknown (attributes)",
    "education": "1 graduate school, 2 university, 3 high school, 4 other, null unknown",
    "marriage": "1 married, 2 single, 3 other, null unknown (attributes)",
    **{f"bill_{k}": f"statement balance of month {k}" for k in range(1, MONTHS + 1)},
    **{f"pay_{k}": f"sum paid in month {k} (after statement {k + 1})" for k in range(1, MONTHS + 1)},
    **{f"status_{k}": f"repayment status at statement {k} (-2..k)" for k in range(1, MONTHS + 1)},
    **{f"util_{k}": f"bill_{k} / limit" for k in range(1, MONTHS + 1)},
    "util_mean": "mean utilisation over the months present",
    "util_max": "highest utilisation",
    "util_trend": "least-squares slope of utilisation per month, oldest to latest (>0 rising)",
    **{f"pay_ratio_{k}": f"pay_{k} / bill_{k + 1}; null if bill_{k + 1} <= 0" for k in range(1, MONTHS)},
    "pay_ratio_mean": "mean of the payment-to-bill ratios (each capped at 2)",
    "pay_ratio_min": "lowest payment-to-bill ratio",
    "pay_to_limit": "total paid over the months / limit",
    "full_pay_count": "months where pay_k >= bill_{k+1} > 0 (statement paid in full)",
    "zero_pay_count": "months where bill_{k+1} > 0 and nothing was paid",
    "pay_cv": "payment volatility: std / mean of pay_1..pay_6; null if nothing paid",
    "bill_growth_3": "(bill_1 - bill_3) / limit",
    "bill_growth_6": "(bill_1 - bill_6) / limit",
    "spend_mean": "mean new charges per month, (bill_k - bill_{k+1} + pay_k) / limit",
    "unpaid_carry_1": "(bill_2 - pay_1) / limit: what was left of the previous statement",
    "delinquent_3": "months with status >= 1 among the last 3",
    "delinquent_6": "months with status >= 1 among the last 6",
    "max_delay_3": "highest months delayed in the last 3 months",
    "max_delay_6": "highest months delayed in the last 6 months",
    "current_delay": "months delayed at the latest statement (status_1, floored at 0)",
    "delay_change": "status_1 - status_2 (>0 worsening)",
    "months_since_delinquent": "months since the latest status >= 1 (1 = latest); 7 if none",
    "paid_duly_count": "months with status -1 (paid in full)",
    "revolving_count": "months with status 0 (revolving)",
    "inactive_count": "months with status -2 (nothing to pay)",
}
FEATURES: tuple[str, ...] = tuple(FEATURE_DOCS)


@dataclass(frozen=True)
class ScoreInputs:
    accounts: pl.DataFrame
    statements: pl.DataFrame
    payments: pl.DataFrame
    status: pl.DataFrame


# --- inputs from the product ----------------------------------------------------------


def _whole_number(value: Any) -> int | None:
    """33, 33.0 and "33" -> 33; anything else (None, True, "n/a", 33.5) -> None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _category(value: Any, names: Mapping[str, int], codes: Mapping[int, str]) -> str | None:
    if isinstance(value, str) and value.strip().lower() in names:
        return value.strip().lower()
    code = _whole_number(value)
    return codes.get(code) if code is not None else None


def attributes_frame(rows: Iterable[tuple[Any, Mapping[str, Any] | None]]) -> pl.DataFrame:
    """(account_id, Debtor.attributes) pairs -> account_id, age, sex, education, marriage.

    Other keys are ignored. A category is kept if it is one of the names (``"female"``) or
    translated if it is a UCI integer code (sex 2 -> "female"; education 0, 5, 6 and
    marriage 0, undocumented in UCI, -> null); anything else -> null.
    """
    ids: list[Any] = []
    values: dict[str, list[Any]] = {key: [] for key in ATTRIBUTE_KEYS}
    for account_id, attributes in rows:
        ids.append(account_id)
        attrs = attributes or {}
        values["age"].append(_whole_number(attrs.get("age")))
        for key, names, codes in (
            ("sex", SEX_CODES, UCI_SEX),
            ("education", EDUCATION_CODES, UCI_EDUCATION),
            ("marriage", MARRIAGE_CODES, UCI_MARRIAGE),
        ):
            values[key].append(_category(attrs.get(key), names, codes))
    return pl.DataFrame(
        {"account_id": ids, **values},
        schema_overrides={
            "age": pl.Int64,
            "sex": pl.String,
            "education": pl.String,
            "marriage": pl.String,
        },
    )


def months_delayed(dpd: int) -> int:
    """Whole months past due for a DPD: 1-30 is 1, 31-60 is 2 ...; 0 when current."""
    return 0 if dpd <= 0 else math.ceil(dpd / 30)


def monthly_status(statements: pl.DataFrame, payments: pl.DataFrame, dpd: pl.DataFrame) -> pl.DataFrame:
    """The product's monthly status from its own records.

    ``dpd``: account_id, statement_date, dpd (the aging rule's days past due on that
    statement date). Status: months delayed if dpd > 0; otherwise -1 if the payments since
    the previous statement covered that statement's balance (> 0), -2 if the previous
    statement had nothing to pay and this one has nothing either, else 0 (revolving).
    """
    stmts = statements.sort("account_id", "statement_date").with_columns(
        pl.col("statement_date").shift(1).over("account_id").alias("previous_date"),
        pl.col("balance").shift(1).over("account_id").alias("previous_balance"),
    )
    paid = (
        stmts.select("account_id", "statement_date", "previous_date")
        .join(payments, on="account_id", how="left")
        .filter(
            pl.col("paid_on").is_not_null()
            & (pl.col("paid_on") <= pl.col("statement_date"))
            & (pl.col("previous_date").is_null() | (pl.col("paid_on") > pl.col("previous_date")))
        )
        .group_by("account_id", "statement_date")
        .agg(pl.col("amount").sum().alias("paid"))
    )
    out = (
        stmts.join(paid, on=["account_id", "statement_date"], how="left")
        .join(dpd, on=["account_id", "statement_date"], how="left")
        .with_columns(pl.col("paid").fill_null(0), pl.col("dpd").fill_null(0))
    )
    delayed = ((pl.col("dpd") + 29) // 30).cast(pl.Int64)
    status = (
        pl.when(pl.col("dpd") > 0)
        .then(delayed)
        .when((pl.col("previous_balance") > 0) & (pl.col("paid") >= pl.col("previous_balance")))
        .then(pl.lit(-1))
        .when(pl.col("previous_balance").fill_null(0) <= 0)
        .then(pl.when(pl.col("balance") <= 0).then(pl.lit(-2)).otherwise(pl.lit(-1)))
        .otherwise(pl.lit(0))
    )
    return out.select("account_id", "statement_date", status.cast(pl.Int64).alias("status"))


def statements_from_due_items(due_items: pl.DataFrame) -> pl.DataFrame:
    """The engine's ``due_items`` frame (arrears.strategy.frames) -> ``statements``: card
    statements only, with their amount as the statement balance."""
    return due_items.filter(pl.col("is_statement") & pl.col("statement_date").is_not_null()).select(
        "account_id", "statement_date", pl.col("amount").alias("balance")
    )


# --- features ---------------------------------------------------------------------------


def _wide(frame: pl.DataFrame, value: str, prefix: str, months: int) -> pl.DataFrame:
    """Long (account_id, month, value) -> one column per month, prefix_1..prefix_n."""
    names = _month_names(prefix, months)
    if frame.is_empty():
        return pl.DataFrame(
            schema={"account_id": frame.schema["account_id"], **dict.fromkeys(names, pl.Float64)}
        )
    wide = frame.pivot(on="month", index="account_id", values=value, aggregate_function="sum")
    wide = wide.rename({str(k): f"{prefix}_{k}" for k in range(1, months + 1) if str(k) in wide.columns})
    missing = [pl.lit(None, dtype=pl.Float64).alias(n) for n in names if n not in wide.columns]
    return wide.with_columns(missing).select("account_id", *[pl.col(n).cast(pl.Float64) for n in names])


def _ratio(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    return pl.when(den > 0).then(num / den).otherwise(None)


def _row_count(names: Sequence[str], predicate: Any) -> pl.Expr:
    return pl.sum_horizontal([predicate(pl.col(n)).fill_null(False).cast(pl.Int64) for n in names])


def build_features(inputs: ScoreInputs, exclude: Sequence[str] = ()) -> pl.DataFrame:
    """One row per account: ``account_id`` then the columns of :data:`FEATURES` (Float64).

    Learns nothing from the data: every feature is a fixed function of one account's own
    records, so it is safe to compute once before cross-validation.
    """
    m = MONTHS
    stmts = inputs.statements.select("account_id", "statement_date", pl.col("balance").cast(pl.Float64))
    # Rank statements newest first; keep one more than the window, whose date bounds the
    # payments of the oldest month.
    ranked = (
        stmts.sort("account_id", "statement_date", descending=[False, True])
        .with_columns(pl.int_range(1, pl.len() + 1).over("account_id").alias("month"))
        .filter(pl.col("month") <= m + 1)
    )
    bounds = ranked.with_columns(
        pl.col("statement_date").shift(-1).over("account_id", order_by="month").alias("after")
    ).filter(pl.col("month") <= m)

    pays = (
        bounds.select("account_id", "month", "statement_date", "after")
        .join(
            inputs.payments.select("account_id", "paid_on", pl.col("amount").cast(pl.Float64)),
            on="account_id",
        )
        .filter(
            (pl.col("paid_on") <= pl.col("statement_date"))
            & (pl.col("after").is_null() | (pl.col("paid_on") > pl.col("after")))
        )
        .group_by("account_id", "month")
        .agg(pl.col("amount").sum())
    )
    status = inputs.status.join(
        bounds.select("account_id", "statement_date", "month"), on=["account_id", "statement_date"]
    ).select("account_id", "month", pl.col("status").cast(pl.Float64))

    bill = _wide(bounds.select("account_id", "month", "balance"), "balance", "bill", m)
    pay = _wide(pays, "amount", "pay", m)
    stat = _wide(status, "status", "status", m)

    acc = inputs.accounts.select(
        "account_id",
        pl.col("credit_limit").cast(pl.Float64).alias("limit"),
        pl.col("age").cast(pl.Float64),
        pl.col("sex").replace_strict(SEX_CODES, default=None, return_dtype=pl.Float64),
        pl.col("education").replace_strict(EDUCATION_CODES, default=None, return_dtype=pl.Float64),
        pl.col("marriage").replace_strict(MARRIAGE_CODES, default=None, return_dtype=pl.Float64),
    )
    df = (
        acc.join(bill, on="account_id", how="left")
        .join(pay, on="account_id", how="left")
        .join(stat, on="account_id", how="left")
    )
    # A month with a statement and no payment paid 0; a month with no statement stays null.
    df = df.with_columns(
        pl.when(pl.col(f"bill_{k}").is_not_null()).then(pl.col(f"pay_{k}").fill_null(0.0)).otherwise(None)
        for k in range(1, m + 1)
    )

    bills, payments_, statuses = (
        _month_names("bill", m),
        _month_names("pay", m),
        _month_names("status", m),
    )
    utils = _month_names("util", m)
    limit = pl.col("limit")
    df = df.with_columns(_ratio(pl.col(b), limit).alias(u) for b, u in zip(bills, utils, strict=True))
    ratios = [f"pay_ratio_{k}" for k in range(1, m)]
    df = df.with_columns(
        _ratio(pl.col(f"pay_{k}"), pl.col(f"bill_{k + 1}")).alias(f"pay_ratio_{k}") for k in range(1, m)
    )

    # Utilisation slope: x = 0 for the oldest month ... m-1 for the latest, over months present.
    xs = [float(m - k) for k in range(1, m + 1)]
    present = [pl.col(u).is_not_null().cast(pl.Float64) for u in utils]
    n = pl.sum_horizontal(present)
    sx = pl.sum_horizontal([p * x for p, x in zip(present, xs, strict=True)])
    sxx = pl.sum_horizontal([p * x * x for p, x in zip(present, xs, strict=True)])
    sy = pl.sum_horizontal([pl.col(u).fill_null(0.0) for u in utils])
    sxy = pl.sum_horizontal([pl.col(u).fill_null(0.0) * x for u, x in zip(utils, xs, strict=True)])
    den = n * sxx - sx * sx
    slope = pl.when(den > 0).then((n * sxy - sx * sy) / den).otherwise(None)

    pay_mean = pl.mean_horizontal([pl.col(p) for p in payments_])
    pay_std = pl.concat_list([pl.col(p) for p in payments_]).list.drop_nulls().list.std(ddof=0)
    spend = [(pl.col(f"bill_{k}") - pl.col(f"bill_{k + 1}") + pl.col(f"pay_{k}")) for k in range(1, m)]
    delayed = [pl.col(s).clip(lower_bound=0) for s in statuses]
    since = pl.coalesce(
        *[pl.when(pl.col(f"status_{k}") >= 1).then(pl.lit(float(k))) for k in range(1, m + 1)],
        pl.lit(float(m + 1)),
    )
    df = df.with_columns(
        pl.mean_horizontal(utils).alias("util_mean"),
        pl.max_horizontal(utils).alias("util_max"),
        slope.alias("util_trend"),
        pl.mean_horizontal([pl.col(r).clip(upper_bound=2.0) for r in ratios]).alias("pay_ratio_mean"),
        pl.min_horizontal(ratios).alias("pay_ratio_min"),
        _ratio(pl.sum_horizontal(payments_), limit).alias("pay_to_limit"),
        pl.sum_horizontal(
            ((pl.col(f"bill_{k + 1}") > 0) & (pl.col(f"pay_{k}") >= pl.col(f"bill_{k + 1}")))
            .fill_null(False)
            .cast(pl.Int64)
            for k in range(1, m)
        ).alias("full_pay_count"),
        pl.sum_horizontal(
            ((pl.col(f"bill_{k + 1}") > 0) & (pl.col(f"pay_{k}") <= 0)).fill_null(False).cast(pl.Int64)
            for k in range(1, m)
        ).alias("zero_pay_count"),
        pl.when(pay_mean > 0).then(pay_std / pay_mean).otherwise(None).alias("pay_cv"),
        _ratio(pl.col("bill_1") - pl.col("bill_3"), limit).alias("bill_growth_3"),
        _ratio(pl.col("bill_1") - pl.col(f"bill_{m}"), limit).alias("bill_growth_6"),
        _ratio(pl.mean_horizontal(spend), limit).alias("spend_mean"),
        _ratio(pl.col("bill_2") - pl.col("pay_1"), limit).alias("unpaid_carry_1"),
        _row_count(statuses[:3], lambda c: c >= 1).alias("delinquent_3"),
        _row_count(statuses, lambda c: c >= 1).alias("delinquent_6"),
        pl.max_horizontal(delayed[:3]).alias("max_delay_3"),
        pl.max_horizontal(delayed).alias("max_delay_6"),
        delayed[0].alias("current_delay"),
        (pl.col("status_1") - pl.col("status_2")).alias("delay_change"),
        since.alias("months_since_delinquent"),
        _row_count(statuses, lambda c: c == -1).alias("paid_duly_count"),
        _row_count(statuses, lambda c: c == 0).alias("revolving_count"),
        _row_count(statuses, lambda c: c == -2).alias("inactive_count"),
    )
    names = [f for f in FEATURES if f not in set(exclude)]
    out = df.select("account_id", *[pl.col(f).cast(pl.Float64) for f in names]).sort("account_id")
    # NaN (0/0 never reaches here, but inf/NaN from odd inputs could) -> null.
    out = out.with_columns(pl.col(f).fill_nan(None) for f in names)
    assert not LABEL_NAMES & {c.lower() for c in out.columns}, "label among features"
    return out


# --- the model --------------------------------------------------------------------------

GBM_PARAMS: dict[str, Any] = {
    "n_estimators": 500,
    "learning_rate": 0.02,
    "num_leaves": 15,
    "min_child_samples": 50,
    "subsample": 0.8,
    "subsample_freq": 1,
    "colsample_bytree": 0.5,
    "reg_lambda": 5.0,
    "verbose": -1,
}


def _gbm(seed: int, params: Mapping[str, Any] | None = None) -> Any:
    from lightgbm import LGBMClassifier

    return LGBMClassifier(**{**GBM_PARAMS, **(params or {})}, random_state=seed, n_jobs=1)


def _binned_logistic(seed: int) -> Any:
    """Logistic regression on quantile bins (one-hot): a scorecard-like model. The bin
    edges are learnt without the label, and only from the data it is fitted on."""
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import KBinsDiscretizer

    return make_pipeline(
        SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True),
        KBinsDiscretizer(
            n_bins=8, encode="onehot", strategy="quantile", quantile_method="averaged_inverted_cdf"
        ),
        LogisticRegression(C=0.1, max_iter=2000, random_state=seed),
    )


@dataclass
class ScoreModel:
    """A fitted score: P(default) per account. ``weights`` blends the members' probabilities."""

    features: tuple[str, ...]
    members: list[Any]
    weights: list[float]
    meta: dict[str, Any] = field(default_factory=dict)

    def _matrix(self, features_df: pl.DataFrame) -> np.ndarray:
        missing = [f for f in self.features if f not in features_df.columns]
        if missing:
            raise ValueError(f"missing features: {missing}")
        return features_df.select(self.features).to_numpy().astype(np.float64)

    def predict_proba(self, features_df: pl.DataFrame) -> np.ndarray:
        """P(default) per row of ``features_df`` (a 1-d array), columns matched by name."""
        x = self._matrix(features_df)
        total = sum(self.weights)
        proba = np.zeros(x.shape[0])
        for member, weight in zip(self.members, self.weights, strict=True):
            proba += weight * member.predict_proba(x)[:, 1]
        return proba / total

    def p_pay(self, features_df: pl.DataFrame) -> pl.DataFrame:
        """account_id, p_pay = 1 - P(default): the engine's ``accounts.p_pay`` column."""
        return features_df.select("account_id").with_columns(
            pl.Series("p_pay", 1.0 - self.predict_proba(features_df), dtype=pl.Float64)
        )

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(self, path)
        return path

    @classmethod
    def load(cls, path: str | Path) -> ScoreModel:
        # joblib unpickles: load only files this code wrote, never uploads.
        model = joblib.load(path)
        if not isinstance(model, cls):
            raise TypeError(f"{path} does not hold a ScoreModel")
        return model


def train_score(
    features_df: pl.DataFrame,
    target: pl.Series | Sequence[int] | np.ndarray,
    *,
    kind: str = "gbm",
    seed: int = 0,
    gbm_params: Mapping[str, Any] | None = None,
    gbm_weight: float = 0.8,
) -> ScoreModel:
    """Fit a score on ``features_df`` (every column but ``account_id``) and ``target``
    (1 = default), aligned by row. ``kind``: "gbm" (LightGBM, the default), "logit" (binned
    logistic regression) or "ensemble" (both, probabilities blended gbm_weight :
    1 - gbm_weight). On UCI the ensemble measured no better than the GBM alone
    (docs/scores.md).
    """
    features = tuple(c for c in features_df.columns if c != "account_id")
    if LABEL_NAMES & {c.lower() for c in features}:
        raise ValueError("the label must not be a feature")
    y = np.asarray(target, dtype=np.int64)
    if y.shape[0] != features_df.height:
        raise ValueError("features and target differ in length")
    x = features_df.select(features).to_numpy().astype(np.float64)
    members: list[Any] = []
    weights: list[float] = []
    if kind in ("gbm", "ensemble"):
        members.append(_gbm(seed, gbm_params).fit(x, y))
        weights.append(gbm_weight if kind == "ensemble" else 1.0)
    if kind in ("logit", "ensemble"):
        with warnings.catch_warnings():
            # Count features (months delinquent ...) have fewer distinct values than bins;
            # sklearn merges the empty bins, which is what we want.
            warnings.filterwarnings("ignore", message="Bins whose width are too small", category=UserWarning)
            # A feature constant in the training data (say, no account ever inactive) gets
            # one bin; harmless.
            warnings.filterwarnings("ignore", message="Feature .* is constant", category=UserWarning)
            members.append(_binned_logistic(seed).fit(x, y))
        weights.append(1.0 - gbm_weight if kind == "ensemble" else 1.0)
    if not members:
        raise ValueError(f"unknown kind {kind!r}")
    return ScoreModel(features, members, weights, {"kind": kind, "seed": seed, "rows": int(y.shape[0])})


# --- the UCI adapter ----------------------------------------------------------------------

# UCI month index 1..6 = Sep, Aug, Jul, Jun, May, Apr 2005.
UCI_MONTHS: tuple[tuple[int, int], ...] = (
    (2005, 9),
    (2005, 8),
    (2005, 7),
    (2005, 6),
    (2005, 5),
    (2005, 4),
)
UCI_PAYMENT_DAY = 15


def _month_end(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def read_uci(csv_path: str | Path) -> pl.DataFrame:
    """The UCI CSV with every column an Int64. Cells like ``5.00E+05`` are read as floats and
    cast to int; a value that is not a whole number is an error."""
    raw = pl.read_csv(csv_path, infer_schema=False)
    floats = raw.select(pl.all().str.strip_chars().cast(pl.Float64))
    bad = floats.select(pl.any_horizontal(pl.all() != pl.all().round()).sum()).item()
    if bad:
        raise ValueError(f"{bad} rows hold non-whole numbers")
    return floats.select(pl.all().cast(pl.Int64))


def uci_frames(csv_path: str | Path) -> tuple[ScoreInputs, pl.DataFrame]:
    """The UCI data as the product would store it, and the label apart.

    Mapping (one UCI row = one debtor with one card account; account_id = ID):

    * X1 -> accounts.credit_limit; X5 -> age; X2 -> sex (1 male, 2 female); X3 -> education
      (1..4; 0, 5, 6 are undocumented -> null); X4 -> marriage (1..3; 0 -> null).
    * X12..X17 (BILL_AMT1..6) -> a statement dated the last day of Sep, Aug ... Apr 2005.
    * X18..X23 (PAY_AMT1..6) -> one payment on the 15th of that month when > 0 (the data
      gives only the month); so PAY_AMT1 falls between the Aug and Sep statements and pays
      the Aug statement.
    * X6..X11 (PAY_0, PAY_2..PAY_6) -> status at that month's statement, unchanged.

    Returns (inputs, target) with target = account_id, y (Y, default next month).
    """
    df = read_uci(csv_path).rename({"ID": "account_id"})
    dates = [_month_end(y, mo) for y, mo in UCI_MONTHS]
    pay_days = [date(y, mo, UCI_PAYMENT_DAY) for y, mo in UCI_MONTHS]
    accounts = df.select(
        "account_id",
        pl.col("X1").alias("credit_limit"),
        pl.col("X5").alias("age"),
        pl.col("X2").replace_strict(UCI_SEX, default=None, return_dtype=pl.String).alias("sex"),
        pl.col("X3").replace_strict(UCI_EDUCATION, default=None, return_dtype=pl.String).alias("education"),
        pl.col("X4").replace_strict(UCI_MARRIAGE, default=None, return_dtype=pl.String).alias("marriage"),
    )

    def long(first: int, name: str, when: Sequence[date], date_col: str) -> pl.DataFrame:
        return pl.concat(
            df.select(
                "account_id",
                pl.lit(when[k]).alias(date_col),
                pl.col(f"X{first + k}").alias(name),
            )
            for k in range(MONTHS)
        )

    statements = long(12, "balance", dates, "statement_date")
    payments = long(18, "amount", pay_days, "paid_on").filter(pl.col("amount") > 0)
    status = long(6, "status", dates, "statement_date")
    target = df.select("account_id", pl.col("Y").alias("y"))
    return ScoreInputs(accounts, statements, payments, status), target


def uci_raw_matrix(csv_path: str | Path) -> tuple[np.ndarray, list[str]]:
    """X1..X23 as they are in the file (for the raw-columns baseline)."""
    df = read_uci(csv_path)
    names = [f"X{i}" for i in range(1, 24)]
    return df.select(names).to_numpy().astype(np.float64), names
