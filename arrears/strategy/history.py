"""The product's own history -> the score model's inputs (arrears.strategy.scoring).

`scoring.py` wants card-shaped monthly records: statements, payments, a monthly status
and the debtor's attributes. The product stores due items (card statements, loan
instalments, invoices), payments and `Debtor.attributes`. This adapter:

* takes card statements as they are; for an account without statements (a loan, an
  invoice) every due item is one "statement" dated on its due date, its amount the
  balance. Money in whole currency units (floats), as the UCI-fitted features expect;
* takes the monthly status from the aging rule's DPD on each statement date
  (`arrears.strategy.aging.age_accounts` once per distinct date, only for the accounts
  with a statement that day) through `scoring.monthly_status`;
* cuts the history at a statement: features see only statements, payments and statuses
  dated on or before the cut.

Training rows (`training_set`): each account's statements but the last, up to
`MAX_CUTS` of the latest, are cuts; the label of a cut is 1 ("default next month") when
the account is past due (DPD > 0) on the next statement date, which must itself be on or
before the data date. Scoring rows (`scoring_features`): one cut per account, at its
latest statement on or before the run date.

Pure Polars from the frames (`extract()` gives them); `load_accounts` is the one query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
from django.conf import settings
from django.utils import timezone
from tqdm import tqdm

from arrears.portfolio.aging import DEFAULT_BOUNDS
from arrears.strategy.aging import age_accounts
from arrears.strategy.frames import Frames
from arrears.strategy.scoring import (
    PROTECTED,
    ScoreInputs,
    ScoreModel,
    attributes_frame,
    build_features,
    monthly_status,
    train_score,
)

# Cuts per account in the training set: the latest ones (recent behaviour), and a bound
# on the exploded frames (cuts x statements per account).
MAX_CUTS = 6
# Statements kept before a cut: the feature window (6 months) and the one before it.
WINDOW = 7


@dataclass(frozen=True)
class History:
    """Per-account facts: accounts (account_id, credit_limit, age, sex, education,
    marriage), statements (account_id, statement_date, balance), payments (account_id,
    paid_on, amount), status (account_id, statement_date, status, dpd)."""

    accounts: pl.DataFrame
    statements: pl.DataFrame
    payments: pl.DataFrame
    status: pl.DataFrame


def load_accounts(account_ids: Sequence[int] | None = None) -> pl.DataFrame:
    """account_id, credit_limit (float, whole units) and the debtor's attributes."""
    from arrears.portfolio.models import Account

    rows = Account.objects.order_by("pk").values_list("pk", "credit_limit", "debtor__attributes")
    if account_ids is not None:
        rows = rows.filter(pk__in=list(account_ids))
    ids, limits, attributes = [], [], []
    for pk, limit, attrs in rows.iterator(chunk_size=5000):
        ids.append(pk)
        limits.append(float(limit) if limit is not None else None)
        attributes.append((pk, attrs if isinstance(attrs, dict) else None))
    frame = pl.DataFrame(
        {"account_id": ids, "credit_limit": limits},
        schema={"account_id": pl.Int64, "credit_limit": pl.Float64},
    )
    return frame.join(attributes_frame(attributes), on="account_id", how="left")


def statements_of(due_items: pl.DataFrame, on: date) -> pl.DataFrame:
    """Card statements, or every due item of an account that has none; dated <= on."""
    items = due_items.filter(pl.col("due_date") <= on)
    cards = items.filter(pl.col("is_statement") & pl.col("statement_date").is_not_null())
    with_statements = cards.select("account_id").unique()
    others = items.join(with_statements, on="account_id", how="anti")
    both = pl.concat(
        [
            cards.select("account_id", "statement_date", "amount"),
            others.select("account_id", pl.col("due_date").alias("statement_date"), "amount"),
        ]
    ).filter(pl.col("statement_date") <= on)
    return (
        both.group_by("account_id", "statement_date")
        .agg((pl.col("amount").sum() / 100).alias("balance"))
        .sort("account_id", "statement_date")
    )


def dpd_on_statements(
    frames: Frames,
    statements: pl.DataFrame,
    *,
    progress: bool = False,
    bounds: Sequence[int] = DEFAULT_BOUNDS,
) -> pl.DataFrame:
    """account_id, statement_date, dpd: the aging rule's DPD on each statement date."""
    accounts = frames.accounts.select("account_id", "debtor_id", "team_id", "p_pay")
    parts = []
    by_date = statements.select("account_id", "statement_date").partition_by("statement_date", as_dict=True)
    for (day,), part in tqdm(
        sorted(by_date.items(), key=lambda kv: kv[0]),
        desc="aging on statement dates",
        unit="date",
        disable=not progress,
    ):
        ids = part.select("account_id")
        aged = age_accounts(
            accounts.join(ids, on="account_id", how="semi"),
            frames.due_items.join(ids, on="account_id", how="semi"),
            frames.payments.join(ids, on="account_id", how="semi"),
            day,
            bounds,
        )
        parts.append(
            aged.select("account_id", pl.lit(day).alias("statement_date"), pl.col("dpd").fill_null(0))
        )
    if not parts:
        return pl.DataFrame(schema={"account_id": pl.Int64, "statement_date": pl.Date, "dpd": pl.Int64})
    return pl.concat(parts).with_columns(pl.col("dpd").cast(pl.Int64))


def history(
    frames: Frames, on: date, accounts: pl.DataFrame, *, keep: int | None = None, progress: bool = False
) -> History:
    """The history of the accounts in `frames` up to `on`; with `keep`, only each
    account's latest `keep` statements (aging on every statement date is the cost)."""
    statements = statements_of(frames.due_items, on)
    if keep is not None:
        statements = statements.filter(
            pl.col("statement_date").rank("ordinal", descending=True).over("account_id") <= keep
        )
    payments = frames.payments.filter(pl.col("paid_on") <= on).select(
        "account_id", "paid_on", (pl.col("amount") / 100).alias("amount")
    )
    dpd = dpd_on_statements(frames, statements, progress=progress)
    status = monthly_status(statements, payments, dpd).join(
        dpd, on=["account_id", "statement_date"], how="left"
    )
    return History(accounts, statements, payments, status)


def _cut_inputs(h: History, cuts: pl.DataFrame) -> ScoreInputs:
    """ScoreInputs with one row per cut (`row_id`, account_id, cut): each cut sees only
    the records dated on or before it. `account_id` of the inputs is the row id."""

    def cut(frame: pl.DataFrame, day: str) -> pl.DataFrame:
        return (
            frame.join(cuts, on="account_id")
            .filter(pl.col(day) <= pl.col("cut"))
            .drop("account_id", "cut")
            .rename({"row_id": "account_id"})
        )

    statements = cut(h.statements, "statement_date")
    # Only the feature window's statements (and the one before) matter per cut.
    statements = statements.filter(
        pl.col("statement_date").rank("ordinal", descending=True).over("account_id") <= WINDOW
    )
    accounts = cuts.join(h.accounts, on="account_id", how="left").drop("account_id", "cut")
    return ScoreInputs(
        accounts=accounts.rename({"row_id": "account_id"}),
        statements=statements,
        payments=cut(h.payments, "paid_on"),
        status=cut(h.status.select("account_id", "statement_date", "status"), "statement_date"),
    )


def training_set(h: History, *, max_cuts: int = MAX_CUTS) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(features, labels): features has `account_id` (the row id) and every feature;
    labels has row_id, account_id (the real one), cut, y. Rows of one account share its
    account_id, so a held-out split by account keeps an account on one side."""
    ordered = h.status.sort("account_id", "statement_date").with_columns(
        pl.col("statement_date").shift(-1).over("account_id").alias("next_date"),
        pl.col("dpd").shift(-1).over("account_id").alias("next_dpd"),
    )
    labelled = (
        ordered.filter(pl.col("next_date").is_not_null())
        .filter(pl.col("statement_date").rank("ordinal", descending=True).over("account_id") <= max_cuts)
        .select(
            "account_id",
            pl.col("statement_date").alias("cut"),
            (pl.col("next_dpd") > 0).cast(pl.Int64).alias("y"),
        )
        .sort("account_id", "cut")
        .with_row_index("row_id")
        .with_columns(pl.col("row_id").cast(pl.Int64))
    )
    cuts = labelled.select("row_id", "account_id", "cut")
    features = build_features(_cut_inputs(h, cuts))
    features = cuts.select(pl.col("row_id").alias("account_id")).join(features, on="account_id", how="left")
    return features, labelled


def scoring_features(h: History) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(features, cuts) for one row per account with a statement: the cut at its latest
    statement. `features.account_id` is the real account id."""
    cuts = (
        h.statements.group_by("account_id")
        .agg(pl.col("statement_date").max().alias("cut"))
        .sort("account_id")
        .with_columns(pl.col("account_id").alias("row_id"))
    )
    features = build_features(_cut_inputs(h, cuts))
    return features, cuts


# --- the model's life: train, keep, score ------------------------------------------------


def model_dir() -> Path:
    return Path(settings.VAR_DIR) / "models"


def _holdout(account_ids: pl.Series, share: float, salt: str = "score-holdout") -> pl.Series:
    """True for the accounts in the held-out split: a stable hash of the account id."""
    from arrears.strategy.champion import uniform

    return pl.Series([uniform(int(a), salt) < share for a in account_ids.to_list()], dtype=pl.Boolean)


def train(
    frames: Frames,
    on: date,
    *,
    kind: str = "gbm",
    seed: int = 0,
    holdout: float = 0.2,
    exclude: Sequence[str] = PROTECTED,
    progress: bool = False,
) -> Any:
    """Fit the score on the history in `frames` (arrears.strategy.extract) up to `on`,
    evaluate it on a held-out 20% of the accounts (every cut of an account on one side),
    save it and record a
    ScoreModelVersion (made the active one). The saved model is the one fitted on the
    training split: the AUC is that model's."""
    from sklearn.metrics import roc_auc_score

    from arrears.strategy.models import ScoreModelVersion

    bar = tqdm(total=4, desc="train_scores", unit="step", disable=not progress)
    accounts = load_accounts()
    bar.set_postfix_str("extract")
    bar.update(1)
    # Each cut needs the WINDOW statements before it and the next one for its label.
    h = history(frames, on, accounts, keep=MAX_CUTS + WINDOW + 1, progress=progress)
    bar.set_postfix_str("history")
    bar.update(1)
    features, labels = training_set(h)
    if exclude:
        features = features.drop([c for c in exclude if c in features.columns])
    bar.set_postfix_str("features")
    bar.update(1)
    if labels.height == 0 or labels["y"].n_unique() < 2:
        bar.close()
        raise ValueError(
            f"not enough history to train: {labels.height} labelled cuts, "
            f"{int(labels['y'].sum() or 0)} defaults (both outcomes are needed)"
        )
    held = _holdout(labels["account_id"], holdout)
    train_x, test_x = features.filter(~held), features.filter(held)
    train_y, test_y = labels["y"].filter(~held), labels["y"].filter(held)
    if train_y.n_unique() < 2:
        bar.close()
        raise ValueError("the training split holds one outcome only")
    model = train_score(train_x, train_y, kind=kind, seed=seed)
    auc = (
        float(roc_auc_score(test_y.to_numpy(), model.predict_proba(test_x)))
        if test_y.n_unique() == 2
        else None
    )
    bar.set_postfix_str("fit")
    bar.update(1)
    bar.close()
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
    model.meta.update({"as_of": on.isoformat(), "auc": auc})
    path = model.save(model_dir() / f"score-{stamp}-{on.isoformat()}.joblib")
    ScoreModelVersion.objects.filter(active=True).update(active=False)
    return ScoreModelVersion.objects.create(
        path=str(path),
        kind=kind,
        as_of=on,
        rows=train_x.height,
        holdout_rows=test_x.height,
        default_rate=float(labels["y"].cast(pl.Float64).mean() or 0.0),  # type: ignore[arg-type]
        auc=auc,
        features=list(model.features),
        meta={
            "seed": seed,
            "holdout_share": holdout,
            "excluded": list(exclude),
            "accounts": int(labels["account_id"].n_unique()),
            "holdout_defaults": int(test_y.sum() or 0),
            "max_cuts": MAX_CUTS,
        },
        active=True,
    )


def active_model() -> tuple[Any, ScoreModel] | None:
    """The active ScoreModelVersion and its loaded model, or None when there is none."""
    from arrears.strategy.models import ScoreModelVersion

    version = ScoreModelVersion.objects.filter(active=True).order_by("-trained_at", "-pk").first()
    if version is None:
        return None
    return version, ScoreModel.load(version.path)


def p_pay(frames: Frames, on: date, model: ScoreModel) -> pl.DataFrame:
    """account_id, p_pay for the accounts of `frames` with at least one statement (or due
    item) on or before `on`; the others are left out (the engine's DPD prior)."""
    ids = frames.accounts["account_id"].to_list()
    if not ids:
        return pl.DataFrame(schema={"account_id": pl.Int64, "p_pay": pl.Float64})
    h = history(frames, on, load_accounts(ids if len(ids) < 5000 else None), keep=WINDOW + 1)
    features, _cuts = scoring_features(h)
    if not features.height:
        return pl.DataFrame(schema={"account_id": pl.Int64, "p_pay": pl.Float64})
    return model.p_pay(features)
