"""The debtor's own contact points in a portfolio file: phones read in the debtor's country
and stored in E.164, emails checked (arrears.contacts.validation), and the points written
with source "bank_system"."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
from django.db import connection
from django.utils import translation

from arrears.contacts.validation import email_reasons, normalise_phones
from arrears.core.bulk import insert_frame, read_frame_in, uuid4_hex
from arrears.portfolio.importing.common import ROW, Check, ImportResult, errors_from

# No jurisdiction in the file nor in the database: the strictest profile (DEF-PROFILE-01).
FALLBACK_JURISDICTION = "GLOBAL-STRICT"


def email() -> Check:
    """An email address (EmailValidator, no control characters or < >); each distinct
    value is checked once."""

    def reasons(values: pl.Series, language: str) -> pl.Series:
        # Polars runs this on a worker thread, which does not see this thread's language.
        with translation.override(language):
            bad = email_reasons(values.drop_nulls().unique().to_list())
        return values.replace_strict(bad, default=None, return_dtype=pl.String)

    def check(col: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        language = translation.get_language()
        reason = col.map_batches(lambda values: reasons(values, language), return_dtype=pl.String)
        return pl.when(reason.is_null()).then(col), reason

    return check


def normalise_contact_columns(
    good: pl.DataFrame, result: ImportResult, stored: Callable[[list[int]], pl.DataFrame]
) -> pl.DataFrame:
    """Phones in E.164, read in the debtor's country: the file's jurisdiction, else the
    stored debtor's (`stored(creditor_pks)`), else GLOBAL-STRICT. A phone that is not a
    valid number is a row error, and the row is not imported."""
    if "phone" not in good.columns or good["phone"].null_count() == good.height:
        return good
    jurisdiction = pl.col("jurisdiction")
    if good.filter(pl.col("phone").is_not_null() & jurisdiction.is_null()).height:
        known = stored(good["creditor_pk"].unique().to_list())
        good = good.join(known, on=["creditor_pk", "debtor_id"], how="left", maintain_order="left")
        jurisdiction = pl.coalesce(jurisdiction, pl.col("_stored_jurisdiction"))
    phones = good.filter(pl.col("phone").is_not_null()).select(
        ROW, "phone", jurisdiction.fill_null(FALLBACK_JURISDICTION).alias("_jurisdiction")
    )
    # Each distinct (number, country) once: a file repeats the debtor's phone on every row.
    distinct = phones.select("phone", "_jurisdiction").unique()
    e164, reasons = normalise_phones(distinct["phone"].to_list(), distinct["_jurisdiction"].to_list())
    distinct = distinct.with_columns(
        pl.Series("_e164", e164, dtype=pl.String), pl.Series("_why", reasons, dtype=pl.String)
    )
    phones = phones.join(distinct, on=["phone", "_jurisdiction"], how="left")
    bad = phones.filter(pl.col("_why").is_not_null())
    result.errors += errors_from(bad, "phone", pl.col("_why"))
    good = good.join(phones.select(ROW, "_e164"), on=ROW, how="left", maintain_order="left")
    good = good.with_columns(pl.col("_e164").alias("phone")).drop(
        "_e164", "_stored_jurisdiction", strict=False
    )
    return good.filter(~pl.col(ROW).is_in(bad[ROW].to_list()))


def insert_contact_points(good: pl.DataFrame, debtors: pl.DataFrame, result: ImportResult) -> None:
    """The debtor's own phone, email and address from the file, source "bank_system";
    a point already on file (same person, kind and value) is left as it is."""
    from arrears.contacts.models import ContactPoint

    person_of = _self_persons(debtors["debtor_pk"].unique().to_list())
    rows = good.join(debtors.select("creditor_pk", "debtor_id", "debtor_pk"), on=["creditor_pk", "debtor_id"])
    rows = rows.join(person_of, on="debtor_pk")
    points = pl.concat(
        [
            rows.filter(pl.col("phone").is_not_null()).select(
                "person_pk",
                pl.lit("phone").alias("kind"),
                pl.col("phone").alias("value"),
                pl.lit("").alias("address_kind"),
                "synthetic",
            ),
            rows.filter(pl.col("email").is_not_null()).select(
                "person_pk",
                pl.lit("email").alias("kind"),
                pl.col("email").alias("value"),
                pl.lit("").alias("address_kind"),
                "synthetic",
            ),
            rows.filter(pl.col("address").is_not_null()).select(
                "person_pk",
                pl.lit("address").alias("kind"),
                pl.col("address").alias("value"),
                pl.col("address_kind"),
                "synthetic",
            ),
        ]
    ).unique(subset=["person_pk", "kind", "value"], keep="first", maintain_order=True)
    if points.height == 0:
        result.created["contact_points"] = 0
        return
    existing = _existing_points(person_of["person_pk"].to_list())
    new = points.join(existing, on=["person_pk", "kind", "value"], how="anti")
    insert_frame(
        ContactPoint._meta.db_table,
        new.select(
            uuid4_hex(new.height),
            pl.col("person_pk").alias("person_id"),
            "kind",
            "value",
            "address_kind",
            (pl.col("address_kind") == "work").alias("is_workplace"),
            pl.lit("bank_system").alias("source"),
            pl.lit("unverified").alias("verification"),
            pl.lit(True).alias("valid"),
            pl.lit("").alias("invalid_reason"),
            pl.lit(False).alias("opted_out"),
            (pl.col("synthetic") == "true").fill_null(False).alias("synthetic"),
            pl.lit(_now_text()).alias("created_at"),
        ),
    )
    result.created["contact_points"] = new.height


def _now_text() -> str:
    """The current UTC time as each backend stores a DateTimeField."""
    from django.utils import timezone

    now = timezone.now()
    return now.strftime("%Y-%m-%d %H:%M:%S") + ("+00:00" if connection.vendor == "postgresql" else "")


def _self_persons(debtor_pks: list[int]) -> pl.DataFrame:
    return read_frame_in(
        "SELECT id, debtor_id FROM contacts_person WHERE relationship = 'self' AND {in}",
        "debtor_id",
        debtor_pks,
        schema={"person_pk": pl.Int64, "debtor_pk": pl.Int64},
    )


def _existing_points(person_pks: list[int]) -> pl.DataFrame:
    return read_frame_in(
        "SELECT person_id, kind, value FROM contacts_contactpoint WHERE {in}",
        "person_id",
        person_pks,
        schema={"person_pk": pl.Int64, "kind": pl.String, "value": pl.String},
    )
