"""import_portfolio: debtors, accounts, due items and the debtor's own contact points.

One row per due item (statement, instalment or invoice); the account's and the debtor's
columns repeat on each row of the same account. Keys: (creditor, debtor_id),
(creditor, account_id), (account, due_id), (person, kind, value).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import polars as pl
from django.db import transaction
from django.utils.translation import gettext as _

from arrears.core.bulk import (
    cents_sql,
    check_constraints_now,
    insert_frame,
    read_frame,
    read_frame_in,
    update_frame,
    uuid4_hex,
)
from arrears.portfolio.importing.common import (
    ROW,
    Column,
    ImportResult,
    Progress,
    RowError,
    a_date,
    cents_text,
    choice,
    currency,
    currency_precision_errors,
    date_text,
    errors_from,
    identifier,
    json_object,
    money_cents,
    no_progress,
    text,
    time_zone,
    whole_number,
)
from arrears.portfolio.importing.contacts import email, insert_contact_points, normalise_contact_columns
from arrears.portfolio.importing.files import read_and_validate
from arrears.portfolio.models import Account, Creditor, Debtor, DueItem, Jurisdiction

COLUMNS = [
    Column("creditor", identifier(40)),
    Column("account_id", identifier(64), required=True),
    Column("debtor_id", identifier(64), required=True),
    Column("debtor_name", text(200), required=True),
    Column("debtor_kind", choice([k.value for k in Debtor.Kind])),
    Column("national_id", identifier(40)),
    Column("language", choice(["zh-hans", "en"])),
    Column("time_zone", time_zone()),
    Column("jurisdiction", choice([j.value for j in Jurisdiction], lower=False)),
    Column("income_day", whole_number(1, 31)),
    Column("product", choice([p.value for p in Account.Product]), required=True),
    Column("currency", currency()),
    Column("credit_limit", money_cents(minimum=0)),
    Column("opened_on", a_date()),
    Column("due_id", identifier(64), required=True),
    Column("due_kind", choice([k.value for k in DueItem.Kind]), required=True),
    Column("statement_date", a_date()),
    Column("due_date", a_date(), required=True),
    Column("amount_due", money_cents(), required=True),
    Column("minimum_due", money_cents(minimum=0)),
    Column("phone", text(40)),
    Column("email", email()),
    Column("address", text(300)),
    Column("address_kind", choice(["home", "application", "work", "household_registration", "other"])),
    # "true" where the source has no name or contact data and the file makes them up
    # (the demo does, for the UCI data): shown as synthetic in every screen.
    Column("synthetic", choice(["true", "false"])),
    # Attributes of the debtor the creditor shares for scoring (age, segment, ...).
    Column("attributes", json_object()),
]
DEBTOR_FIELDS = [
    "debtor_name",
    "debtor_kind",
    "national_id",
    "language",
    "time_zone",
    "jurisdiction",
    "income_day",
    "synthetic",
    "attributes",
]
ACCOUNT_FIELDS = ["debtor_id", "product", "currency", "credit_limit", "opened_on"]
DUE_FIELDS = ["due_kind", "statement_date", "due_date", "amount_due", "minimum_due"]


def import_portfolio(
    path: Path,
    *,
    creditor: str | None = None,
    mapping: Mapping[str, str] | None = None,
    progress: Progress = no_progress,
    encoding: str | None = None,
) -> ImportResult:
    result = ImportResult(kind="portfolio")
    good = read_and_validate(
        path, COLUMNS, result, creditor=creditor, mapping=mapping, progress=progress, encoding=encoding
    )
    good, errors = _check_rows(good)
    result.errors.extend(errors)
    progress("validate", result.rows)
    with transaction.atomic():
        check_constraints_now()
        good = _resolve_creditors(good, result)
        good = normalise_contact_columns(good, result, _stored_jurisdictions)
        debtors = _upsert_debtors(good, result)
        progress("debtors", debtors.height)
        good = _upsert_accounts(good, debtors, result)
        progress("accounts", good.select("account_pk").n_unique() if good.height else 0)
        _upsert_due_items(good, result)
        progress("due items", good.height)
        insert_contact_points(good, debtors, result)
        progress("contacts", good.height)
    result.account_ids = good["account_pk"].unique().to_list() if good.height else []
    return result


def _check_rows(good: pl.DataFrame) -> tuple[pl.DataFrame, list[RowError]]:
    """Rows that disagree with earlier rows of the same file about the same debtor,
    account or due item; and rules that span columns."""
    errors: list[RowError] = []
    bad_dates = good.filter(pl.col("statement_date") > pl.col("due_date"))
    errors += errors_from(bad_dates, "statement_date", _("after the due date"))
    address_kind = good.filter(pl.col("address").is_not_null() & pl.col("address_kind").is_null())
    errors += errors_from(address_kind, "address_kind", _("required when an address is given"))
    bad = {e.row for e in errors}
    good = good.filter(~pl.col(ROW).is_in(list(bad)))

    for key, fields, column in (
        (["creditor", "due_id", "account_id"], [], "due_id"),
        (["creditor", "debtor_id"], DEBTOR_FIELDS, "debtor_id"),
        (["creditor", "account_id"], ACCOUNT_FIELDS, "account_id"),
    ):
        first = good.unique(subset=key, keep="first", maintain_order=True).select(
            *key, pl.col(ROW).alias("_first"), *[pl.col(f).alias(f"_first_{f}") for f in fields]
        )
        joined = good.join(first, on=key, how="left").filter(pl.col(ROW) != pl.col("_first"))
        if not fields:  # a repeated due item: the later row is an error
            errors += errors_from(joined, column, pl.format(_("duplicate of row {}"), pl.col("_first")))
        else:
            differs = [pl.when(~pl.col(f).eq_missing(pl.col(f"_first_{f}"))).then(pl.lit(f)) for f in fields]
            joined = joined.with_columns(pl.coalesce(differs).alias("_field")).filter(
                pl.col("_field").is_not_null()
            )
            errors += errors_from(
                joined,
                column,
                pl.format(
                    _("{} differs from row {} of the same {}"),
                    pl.col("_field"),
                    pl.col("_first"),
                    pl.lit(column),
                ),
            )
        bad = {e.row for e in errors}
        good = good.filter(~pl.col(ROW).is_in(list(bad)))
    return good, errors


def _resolve_creditors(good: pl.DataFrame, result: ImportResult) -> pl.DataFrame:
    known = pl.DataFrame(
        list(Creditor.objects.values_list("code", "id", "default_time_zone", "default_currency")),
        schema={"creditor": pl.String, "creditor_pk": pl.Int64, "_tz": pl.String, "_cur": pl.String},
        orient="row",
    )
    joined = good.join(known, on="creditor", how="left")
    unknown = joined.filter(pl.col("creditor_pk").is_null())
    result.errors += errors_from(
        unknown, "creditor", _("unknown creditor code (add it first: manage.py add_creditor)")
    )
    known_rows = joined.filter(pl.col("creditor_pk").is_not_null()).with_columns(
        pl.col("currency").fill_null(pl.col("_cur")),
    )
    # Amounts finer than the currency's minor unit, now that each row's currency is known.
    precision = currency_precision_errors(
        known_rows, "currency", ["credit_limit", "amount_due", "minimum_due"]
    )
    result.errors += precision
    return known_rows.filter(~pl.col(ROW).is_in([e.row for e in precision]))


def _upsert_debtors(good: pl.DataFrame, result: ImportResult) -> pl.DataFrame:
    """Insert new debtors (and their "self" person); update changed ones. Returns
    (creditor_pk, debtor_id, debtor_pk, person_pk) for every debtor in the file."""
    incoming = good.unique(subset=["creditor_pk", "debtor_id"], keep="first", maintain_order=True)
    creditor_pks = incoming["creditor_pk"].unique().to_list()
    existing = _existing_debtors(creditor_pks)
    matched = incoming.join(existing, on=["creditor_pk", "debtor_id"], how="left")

    new = matched.filter(pl.col("debtor_pk").is_null())
    if new.height:
        insert_frame(
            Debtor._meta.db_table,
            new.select(
                uuid4_hex(new.height),
                pl.col("creditor_pk").alias("creditor_id"),
                pl.col("debtor_id").alias("external_id"),
                pl.col("debtor_kind").fill_null("person").alias("kind"),
                pl.col("debtor_name").alias("name"),
                pl.col("national_id").fill_null("").alias("national_id"),
                pl.col("language").fill_null("zh-hans").alias("preferred_language"),
                pl.col("time_zone").fill_null(pl.col("_tz")).alias("time_zone"),
                # No profile in the file: the strictest one until a person assigns one
                # (compliance.md DEF-PROFILE-01).
                pl.col("jurisdiction").fill_null("GLOBAL-STRICT").alias("jurisdiction"),
                pl.col("income_day").alias("income_day"),
                (pl.col("synthetic") == "true").fill_null(False).alias("synthetic"),
                pl.col("attributes").fill_null("{}"),
            ),
        )
    # A null in the file means "not given": it never overwrites what the database has.
    pairs = {
        "debtor_name": "name",
        "debtor_kind": "kind",
        "national_id": "national_id",
        "language": "preferred_language",
        "time_zone": "time_zone",
        "jurisdiction": "jurisdiction",
        "income_day": "income_day",
    }
    old = matched.filter(pl.col("debtor_pk").is_not_null())
    changed = old.filter(
        pl.any_horizontal(
            pl.col(f).is_not_null() & ~pl.col(f).eq_missing(pl.col(f"_db_{db}")) for f, db in pairs.items()
        )
    )
    if changed.height:
        update_frame(
            Debtor._meta.db_table,
            "id",
            changed.select(
                pl.col("debtor_pk").alias("id"),
                *[pl.coalesce(pl.col(f), pl.col(f"_db_{db}")).alias(db) for f, db in pairs.items()],
            ).with_columns(
                # Read back as null where empty (so an empty cell matches), stored as "".
                pl.col("national_id").fill_null(""),
            ),
        )
    result.created["debtors"] = new.height
    result.updated["debtors"] = changed.height

    ids = _existing_debtors(creditor_pks).select("creditor_pk", "debtor_id", "debtor_pk", "_db_name")
    new_ids = new.select("creditor_pk", "debtor_id", "synthetic").join(ids, on=["creditor_pk", "debtor_id"])
    if new_ids.height:
        from arrears.contacts.models import Person

        insert_frame(
            Person._meta.db_table,
            new_ids.select(
                uuid4_hex(new_ids.height),
                pl.col("debtor_pk").alias("debtor_id"),
                pl.lit("self").alias("relationship"),
                pl.col("_db_name").alias("name"),
                (pl.col("synthetic") == "true").fill_null(False).alias("synthetic"),
            ),
        )
    return incoming.select("creditor_pk", "debtor_id").join(ids, on=["creditor_pk", "debtor_id"])


def _stored_jurisdictions(creditor_pks: list[int]) -> pl.DataFrame:
    """(creditor_pk, debtor_id, jurisdiction) of the debtors already stored."""
    return _existing_debtors(creditor_pks).select(
        "creditor_pk", "debtor_id", pl.col("_db_jurisdiction").alias("_stored_jurisdiction")
    )


def _existing_debtors(creditor_pks: list[int]) -> pl.DataFrame:
    schema = {
        "debtor_pk": pl.Int64,
        "creditor_pk": pl.Int64,
        "debtor_id": pl.String,
        "_db_name": pl.String,
        "_db_kind": pl.String,
        "_db_national_id": pl.String,
        "_db_preferred_language": pl.String,
        "_db_time_zone": pl.String,
        "_db_jurisdiction": pl.String,
        "_db_income_day": pl.Int64,
    }
    if not creditor_pks:
        return pl.DataFrame(schema=schema)
    marks = ", ".join(["%s"] * len(creditor_pks))
    return read_frame(
        "SELECT id, creditor_id, external_id, name, kind, national_id, preferred_language, "
        f"time_zone, jurisdiction, income_day FROM portfolio_debtor WHERE creditor_id IN ({marks})",
        creditor_pks,
        schema=schema,
    ).with_columns(pl.col("_db_national_id").replace("", None))


def _upsert_accounts(good: pl.DataFrame, debtors: pl.DataFrame, result: ImportResult) -> pl.DataFrame:
    good = good.join(debtors.select("creditor_pk", "debtor_id", "debtor_pk"), on=["creditor_pk", "debtor_id"])
    incoming = good.unique(subset=["creditor_pk", "account_id"], keep="first", maintain_order=True)
    creditor_pks = incoming["creditor_pk"].unique().to_list()
    existing = _existing_accounts(creditor_pks)
    matched = incoming.join(existing, on=["creditor_pk", "account_id"], how="left")

    # An account already in the database under another debtor: refuse the rows rather
    # than move an account (and its history) between people silently.
    moved = matched.filter(
        pl.col("account_pk").is_not_null() & (pl.col("_db_debtor_pk") != pl.col("debtor_pk"))
    )
    if moved.height:
        moved_rows = good.join(moved.select("creditor_pk", "account_id"), on=["creditor_pk", "account_id"])
        result.errors += errors_from(
            moved_rows, "debtor_id", _("the account belongs to another debtor in the database")
        )
        good = good.join(
            moved.select("creditor_pk", "account_id"), on=["creditor_pk", "account_id"], how="anti"
        )
        matched = matched.join(
            moved.select("creditor_pk", "account_id"), on=["creditor_pk", "account_id"], how="anti"
        )

    new = matched.filter(pl.col("account_pk").is_null())
    if new.height:
        insert_frame(
            Account._meta.db_table,
            new.select(
                uuid4_hex(new.height),
                pl.col("creditor_pk").alias("creditor_id"),
                pl.col("debtor_pk").alias("debtor_id"),
                pl.col("account_id").alias("external_id"),
                pl.col("product"),
                pl.col("currency"),
                cents_text("credit_limit").alias("credit_limit"),
                date_text("opened_on").alias("opened_on"),
                pl.lit("open").alias("status"),
                pl.lit("M0").alias("bucket"),
                pl.lit("0.00").alias("overdue_amount"),
                pl.lit("0.00").alias("balance"),
            ),
        )
    fields = {
        "product": "product",
        "currency": "currency",
        "credit_limit": "credit_limit",
        "opened_on": "opened_on",
    }
    old = matched.filter(pl.col("account_pk").is_not_null())
    changed = old.filter(
        pl.any_horizontal(pl.col(f).is_not_null() & ~pl.col(f).eq_missing(pl.col(f"_db_{f}")) for f in fields)
    ).with_columns(
        pl.coalesce("credit_limit", "_db_credit_limit").alias("_limit"),
        pl.coalesce("opened_on", "_db_opened_on").alias("_opened"),
    )
    if changed.height:
        update_frame(
            Account._meta.db_table,
            "id",
            changed.select(
                pl.col("account_pk").alias("id"),
                pl.coalesce("product", "_db_product").alias("product"),
                pl.coalesce("currency", "_db_currency").alias("currency"),
                cents_text("_limit").alias("credit_limit"),
                date_text("_opened").alias("opened_on"),
            ),
        )
    result.created["accounts"] = new.height
    result.updated["accounts"] = changed.height
    ids = _existing_accounts(creditor_pks).select("creditor_pk", "account_id", "account_pk")
    return good.join(ids, on=["creditor_pk", "account_id"])


def _existing_accounts(creditor_pks: list[int]) -> pl.DataFrame:
    schema = {
        "account_pk": pl.Int64,
        "creditor_pk": pl.Int64,
        "account_id": pl.String,
        "_db_debtor_pk": pl.Int64,
        "_db_product": pl.String,
        "_db_currency": pl.String,
        "_db_credit_limit": pl.Int64,
        "_db_opened_on": pl.Date,
    }
    if not creditor_pks:
        return pl.DataFrame(schema=schema)
    marks = ", ".join(["%s"] * len(creditor_pks))
    return read_frame(
        f"SELECT id, creditor_id, external_id, debtor_id, product, currency, {cents_sql('credit_limit')}, "
        f"opened_on FROM portfolio_account WHERE creditor_id IN ({marks})",
        creditor_pks,
        schema=schema,
    )


def _upsert_due_items(good: pl.DataFrame, result: ImportResult) -> None:
    account_pks = good["account_pk"].unique().to_list()
    existing = _existing_due_items(account_pks)
    matched = good.join(existing, on=["account_pk", "due_id"], how="left")
    new = matched.filter(pl.col("due_pk").is_null())
    insert_frame(
        DueItem._meta.db_table,
        new.select(
            pl.col("account_pk").alias("account_id"),
            pl.col("due_id").alias("external_id"),
            pl.col("due_kind").alias("kind"),
            date_text("statement_date").alias("statement_date"),
            date_text("due_date").alias("due_date"),
            cents_text("amount_due").alias("amount_due"),
            cents_text("minimum_due").alias("minimum_due"),
        ),
    )
    old = matched.filter(pl.col("due_pk").is_not_null())
    changed = old.filter(pl.any_horizontal(~pl.col(f).eq_missing(pl.col(f"_db_{f}")) for f in DUE_FIELDS))
    update_frame(
        DueItem._meta.db_table,
        "id",
        changed.select(
            pl.col("due_pk").alias("id"),
            pl.col("due_kind").alias("kind"),
            date_text("statement_date").alias("statement_date"),
            date_text("due_date").alias("due_date"),
            cents_text("amount_due").alias("amount_due"),
            cents_text("minimum_due").alias("minimum_due"),
        ),
    )
    result.created["due_items"] = new.height
    result.updated["due_items"] = changed.height
    result.unchanged = old.height - changed.height


def _existing_due_items(account_pks: list[int]) -> pl.DataFrame:
    schema = {
        "due_pk": pl.Int64,
        "account_pk": pl.Int64,
        "due_id": pl.String,
        "_db_due_kind": pl.String,
        "_db_statement_date": pl.Date,
        "_db_due_date": pl.Date,
        "_db_amount_due": pl.Int64,
        "_db_minimum_due": pl.Int64,
    }
    if not account_pks:
        return pl.DataFrame(schema=schema)
    return read_frame_in(
        "SELECT id, account_id, external_id, kind, statement_date, due_date, "
        f"{cents_sql('amount_due')}, {cents_sql('minimum_due')} FROM portfolio_dueitem WHERE {{in}}",
        "account_id",
        account_pks,
        schema=schema,
    )
