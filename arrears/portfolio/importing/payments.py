"""import_payments: payments against accounts already imported.

Key: (account, payment_id). `paid_at` is a date, a local date and time, or a time with an
offset. A date alone is taken as 12:00 in the creditor's time zone, so that it lands on the
same calendar day wherever it is read; a local time is in the creditor's time zone.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import polars as pl
from django.db import connection, transaction
from django.utils.translation import gettext as _

from arrears.core.bulk import (
    cents_sql,
    check_constraints_now,
    insert_frame,
    read_frame,
    read_frame_in,
    update_frame,
)
from arrears.portfolio.importing.common import (
    ROW,
    Check,
    Column,
    ImportResult,
    Progress,
    cents_text,
    currency_precision_errors,
    errors_from,
    identifier,
    money_cents,
    nfkc,
    no_progress,
    text,
)
from arrears.portfolio.importing.files import read_and_validate
from arrears.portfolio.models import Creditor, Payment

NAIVE_FORMATS = [
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
]
AWARE_FORMATS = [
    "%Y-%m-%d %H:%M:%S%.f%:z",
    "%Y-%m-%d %H:%M:%S%:z",
    "%Y-%m-%d %H:%M%:z",
    "%Y-%m-%d %H:%M:%S%z",
]
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d"]


def paid_at() -> Check:
    """Parse to a naive value plus an optional UTC value; the zone is applied later,
    per creditor, because Polars converts a whole column from one zone at a time."""

    def check(col: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        norm = nfkc(col).str.replace("T", " ").str.replace(r"Z$", "+00:00")
        aware = pl.coalesce(
            [norm.str.to_datetime(f, strict=False, time_zone="UTC", time_unit="us") for f in AWARE_FORMATS]
        )
        naive = pl.coalesce(
            [norm.str.to_datetime(f, strict=False, time_unit="us") for f in NAIVE_FORMATS]
            + [
                norm.str.to_date(f, strict=False).cast(pl.Datetime("us")) + pl.duration(hours=12)
                for f in DATE_FORMATS
            ]
        )
        value = pl.struct(aware.alias("aware"), naive.alias("naive"))
        year = pl.coalesce(aware.dt.year(), naive.dt.year())
        reason = pl.when(col.is_not_null() & (year.is_null() | ~year.is_between(1900, 2100))).then(
            pl.lit(_("not a date or time (YYYY-MM-DD, YYYY-MM-DD HH:MM, or ISO 8601 with offset)"))
        )
        return value, reason

    return check


COLUMNS = [
    Column("creditor", identifier(40)),
    Column("account_id", identifier(64), required=True),
    Column("payment_id", identifier(64), required=True),
    Column("amount", money_cents(strictly_positive=True), required=True),
    Column("paid_at", paid_at(), required=True),
    Column("channel", text(40)),
    Column("reference", text(100)),
]


def import_payments(
    path: Path,
    *,
    creditor: str | None = None,
    mapping: Mapping[str, str] | None = None,
    progress: Progress = no_progress,
    encoding: str | None = None,
) -> ImportResult:
    result = ImportResult(kind="payments")
    good = read_and_validate(
        path, COLUMNS, result, creditor=creditor, mapping=mapping, progress=progress, encoding=encoding
    )

    first = good.unique(subset=["creditor", "account_id", "payment_id"], keep="first", maintain_order=True)
    repeated = good.join(
        first.select("creditor", "account_id", "payment_id", pl.col(ROW).alias("_first")),
        on=["creditor", "account_id", "payment_id"],
    ).filter(pl.col(ROW) != pl.col("_first"))
    result.errors += errors_from(
        repeated, "payment_id", pl.format(_("duplicate of row {}"), pl.col("_first"))
    )
    good = first
    progress("validate", result.rows)

    with transaction.atomic():
        check_constraints_now()
        good = _resolve_accounts(good, result)
        good = _to_utc(good)
        # A local time the clocks skipped (a spring-forward hour) has no instant.
        result.errors += errors_from(
            good.filter(pl.col("paid_utc").is_null()).with_columns(
                pl.col("paid_at").struct.field("naive").dt.strftime("%Y-%m-%d %H:%M").alias("_paid_text")
            ),
            "paid_at",
            _("this local time does not exist in the creditor's time zone (the clocks went forward)"),
            value="_paid_text",
        )
        good = good.filter(pl.col("paid_utc").is_not_null())
        _upsert(good, result)
    progress("payments", good.height)
    result.account_ids = good["account_pk"].unique().to_list() if good.height else []
    return result


def _resolve_accounts(good: pl.DataFrame, result: ImportResult) -> pl.DataFrame:
    creditors = pl.DataFrame(
        list(Creditor.objects.values_list("code", "id", "default_time_zone")),
        schema={"creditor": pl.String, "creditor_pk": pl.Int64, "_tz": pl.String},
        orient="row",
    )
    good = good.join(creditors, on="creditor", how="left")
    result.errors += errors_from(
        good.filter(pl.col("creditor_pk").is_null()), "creditor", _("unknown creditor code")
    )
    good = good.filter(pl.col("creditor_pk").is_not_null())
    pks = good["creditor_pk"].unique().to_list()
    if not pks:
        return good.with_columns(pl.lit(None, dtype=pl.Int64).alias("account_pk"))
    marks = ", ".join(["%s"] * len(pks))
    accounts = read_frame(
        "SELECT id, creditor_id, external_id, currency FROM portfolio_account"
        f" WHERE creditor_id IN ({marks})",
        pks,
        schema={
            "account_pk": pl.Int64,
            "creditor_pk": pl.Int64,
            "account_id": pl.String,
            "_currency": pl.String,
        },
    )
    good = good.join(accounts, on=["creditor_pk", "account_id"], how="left")
    result.errors += errors_from(
        good.filter(pl.col("account_pk").is_null()),
        "account_id",
        _("no such account for this creditor (import the portfolio first)"),
    )
    good = good.filter(pl.col("account_pk").is_not_null())
    precision = currency_precision_errors(good, "_currency", ["amount"])
    result.errors += precision
    return good.filter(~pl.col(ROW).is_in([e.row for e in precision]))


def _to_utc(good: pl.DataFrame) -> pl.DataFrame:
    parts = []
    for (zone,), part in good.partition_by("_tz", as_dict=True).items():
        local = (
            pl.col("paid_at")
            .struct.field("naive")
            .dt.replace_time_zone(str(zone), ambiguous="earliest", non_existent="null")
            .dt.convert_time_zone("UTC")
        )
        parts.append(
            part.with_columns(pl.coalesce(pl.col("paid_at").struct.field("aware"), local).alias("paid_utc"))
        )
    if not parts:
        return good.with_columns(pl.lit(None, dtype=pl.Datetime("us", "UTC")).alias("paid_utc"))
    return pl.concat(parts)


def _stored_text(col: str) -> pl.Expr:
    """A UTC datetime as each backend stores a DateTimeField (SQLite: naive UTC text)."""
    suffix = "+00:00" if connection.vendor == "postgresql" else ""
    return pl.col(col).dt.strftime("%Y-%m-%d %H:%M:%S%.6f") + pl.lit(suffix)


def _upsert(good: pl.DataFrame, result: ImportResult) -> None:
    account_pks = good["account_pk"].unique().to_list()
    existing = _existing(account_pks)
    matched = good.join(existing, on=["account_pk", "payment_id"], how="left")
    new = matched.filter(pl.col("payment_pk").is_null())
    insert_frame(
        Payment._meta.db_table,
        new.select(
            pl.col("account_pk").alias("account_id"),
            pl.col("payment_id").alias("external_id"),
            cents_text("amount").alias("amount"),
            _stored_text("paid_utc").alias("paid_at"),
            pl.col("channel").fill_null(""),
            pl.col("reference").fill_null(""),
        ),
    )
    old = matched.filter(pl.col("payment_pk").is_not_null())
    changed = old.filter(
        (pl.col("amount") != pl.col("_db_amount"))
        | (pl.col("paid_utc").dt.truncate("1s") != pl.col("_db_paid").dt.truncate("1s"))
        | (pl.col("channel").fill_null("") != pl.col("_db_channel"))
        | (pl.col("reference").fill_null("") != pl.col("_db_reference"))
    )
    update_frame(
        Payment._meta.db_table,
        "id",
        changed.select(
            pl.col("payment_pk").alias("id"),
            cents_text("amount").alias("amount"),
            _stored_text("paid_utc").alias("paid_at"),
            pl.col("channel").fill_null(""),
            pl.col("reference").fill_null(""),
        ),
    )
    result.created["payments"] = new.height
    result.updated["payments"] = changed.height
    result.unchanged = old.height - changed.height


def _existing(account_pks: list[int]) -> pl.DataFrame:
    return read_frame_in(
        f"SELECT id, account_id, external_id, {cents_sql('amount')}, paid_at, channel, reference "
        "FROM portfolio_payment WHERE {in}",
        "account_id",
        account_pks,
        schema={
            "payment_pk": pl.Int64,
            "account_pk": pl.Int64,
            "payment_id": pl.String,
            "_db_amount": pl.Int64,
            # PostgreSQL hands back aware datetimes, SQLite naive UTC ones: both are UTC.
            "_db_paid": pl.Datetime("us", "UTC"),
            "_db_channel": pl.String,
            "_db_reference": pl.String,
        },
    )
