"""The vectorised checks of each kind of column, and what every import shares.

Every check is written so that no value can reach the database that the database would
refuse: a single bad cell must be a row error, never an exception that loses the good
rows of the file with it. Numbers, dates, codes and ids are read after Unicode NFKC
normalisation, so full-width digits and letters (`１２３`, `ＣＮ`), which Chinese input
methods type, read as what they show.
"""

from __future__ import annotations

import json
import math
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from django.utils.translation import gettext as _

from arrears.core.money import DECIMAL_PLACES, MAX_AMOUNT, exponent
from arrears.core.spreadsheets import write_table

ROW = "_row"  # the row number a spreadsheet shows: the header is row 1


class ImportFileError(Exception):
    """The file as a whole cannot be imported (unreadable, or a required column is missing)."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str | None
    reason: str


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    account_ids: list[int] = field(default_factory=list)  # accounts the import touched

    @property
    def bad_rows(self) -> int:
        return len({e.row for e in self.errors})

    @property
    def kept_rows(self) -> int:
        return self.rows - self.bad_rows

    def write_errors(self, path: Path) -> None:
        """The error report: CSV, or XLSX for a `.xlsx` path. Cells from the file are
        written so that no spreadsheet runs them as formulas (arrears.core.spreadsheets)."""
        rows = sorted(self.errors, key=lambda e: (e.row, e.column))
        write_table(
            path, ["row", "column", "value", "reason"], ([e.row, e.column, e.value, e.reason] for e in rows)
        )


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    """`--map "Their Column=our_column"` pairs to a dict."""
    mapping = {}
    for pair in pairs:
        source, sep, target = pair.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise ImportFileError(_("--map takes FILE_COLUMN=OUR_COLUMN, got %(pair)r") % {"pair": pair})
        mapping[source.strip()] = target.strip()
    return mapping


# --- column checks --------------------------------------------------------------------------
# Each check turns a text column into (parsed value, reason or null). All vectorised: a
# million rows are checked in well under a second.

Check = Callable[[pl.Expr], tuple[pl.Expr, pl.Expr]]


def nfkc(col: pl.Expr) -> pl.Expr:
    """NFKC-normalised text; ASCII is left untouched (it is already normal), which keeps
    the common case fast."""
    return pl.when(col.str.contains(r"[^\x00-\x7f]")).then(col.str.normalize("NFKC")).otherwise(col)


# Characters no text cell may hold: C0 controls but tab, newline and carriage return (a
# NUL is refused by PostgreSQL outright), and DEL.
CONTROL_RE = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"

# An amount, after NFKC: an optional sign and currency sign, digits grouped by threes with
# commas or spaces (or not grouped), an optional decimal point. The grouping rule is
# stricter than `parse_amount`'s, which drops separators anywhere: in a file, "12,34.5" is
# more likely a damaged cell than an amount. Otherwise the rules are parse_amount's.
MONEY_RE = r"^-?[¥$£€]?-?([0-9]{1,3}([, \u00a0\u2009\u202f'][0-9]{3})+|[0-9]+)(\.[0-9]+)?$"
# Whole digits beyond this cannot be under MAX_AMOUNT; checked before the cast to integer.
_MAX_WHOLE_DIGITS = len(str(int(MAX_AMOUNT)))


def money_cents(*, minimum: int | None = None, strictly_positive: bool = False) -> Check:
    """Exact decimal text to integer cents: no float ever touches a money value. At most
    two decimals (trailing zeros aside) and at most MAX_AMOUNT (arrears.core.money); the
    currency's own precision is checked once the row's currency is known
    (`currency_precision_errors`)."""
    floor = 1 if strictly_positive else (minimum if minimum is not None else -(2**62))

    def check(col: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        # The reasons in the reader's language, taken here: Polars runs the batch function
        # on a worker thread, which does not see the language this thread activated.
        reasons = MoneyReasons(
            not_amount=_("not an amount (digits with up to 2 decimals, e.g. 1234.50)"),
            too_precise=_("Amounts have at most %(places)d decimal places.") % {"places": DECIMAL_PLACES},
            too_large=_("The amount is larger than any this system accepts (%(max)s).")
            % {"max": f"{MAX_AMOUNT:,}"},
            too_small=_("must be greater than zero") if strictly_positive else _("must not be negative"),
        )
        parsed = col.map_batches(
            lambda text: _money(text, floor, reasons),
            return_dtype=pl.Struct({"cents": pl.Int64, "why": pl.String}),
        )
        return parsed.struct.field("cents"), parsed.struct.field("why")

    return check


@dataclass(frozen=True)
class MoneyReasons:
    not_amount: str
    too_precise: str
    too_large: str
    too_small: str


def _money(text: pl.Series, floor: int, reasons: MoneyReasons) -> pl.Series:
    """(cents, reason) of each cell. Step by step in a frame: the same steps written as one
    nested expression repeat their shared parts and took 20 times as long."""
    frame = (
        text.to_frame("raw")
        .with_columns(nfkc(pl.col("raw")).alias("norm"))
        .with_columns(
            pl.col("norm").str.contains(MONEY_RE).alias("valid"),
            pl.col("norm").str.contains("-").alias("negative"),
            pl.col("norm").str.replace_all(r"[^0-9.]", "").str.split(".").alias("parts"),
        )
        .with_columns(
            pl.col("parts").list.get(0, null_on_oob=True).str.strip_chars_start("0").alias("whole"),
            pl.col("parts")
            .list.get(1, null_on_oob=True)
            .fill_null("")
            .str.strip_chars_end("0")
            .alias("frac"),
        )
        .with_columns(
            (pl.col("valid") & (pl.col("frac").str.len_chars() > DECIMAL_PLACES)).alias("too_precise"),
            (pl.col("valid") & (pl.col("whole").str.len_chars() > _MAX_WHOLE_DIGITS)).alias("too_long"),
        )
        .with_columns(
            pl.when(pl.col("valid") & ~pl.col("too_precise") & ~pl.col("too_long"))
            .then(
                (
                    pl.col("whole").replace("", "0").cast(pl.Int64, strict=False) * 100
                    + pl.col("frac").str.pad_end(DECIMAL_PLACES, "0").cast(pl.Int64, strict=False)
                )
                * pl.when(pl.col("negative")).then(-1).otherwise(1)
            )
            .alias("cents")
        )
    )
    ceiling = int(MAX_AMOUNT * 100)
    why = (
        pl.when(pl.col("raw").is_not_null() & ~pl.col("valid"))
        .then(pl.lit(reasons.not_amount))
        .when(pl.col("too_precise"))
        .then(pl.lit(reasons.too_precise))
        .when(pl.col("too_long") | (pl.col("cents").abs() > ceiling))
        .then(pl.lit(reasons.too_large))
        .when(pl.col("cents") < floor)
        .then(pl.lit(reasons.too_small))
    )
    frame = frame.with_columns(why.alias("why")).with_columns(
        pl.when(pl.col("why").is_null()).then(pl.col("cents")).alias("cents")
    )
    return frame.select(pl.struct("cents", "why").alias(text.name)).to_series()


def currency_precision_errors(frame: pl.DataFrame, currency: str, amounts: list[str]) -> list[RowError]:
    """Rows with an amount finer than its currency's minor unit (a JPY amount with sen),
    as parse_amount refuses them."""
    errors: list[RowError] = []
    for code in frame[currency].drop_nulls().unique().to_list():
        places = exponent(code)
        if places >= DECIMAL_PLACES:
            continue
        step = 10 ** (DECIMAL_PLACES - places)
        reason = _("%(currency)s amounts have at most %(places)d decimal places.") % {
            "currency": code,
            "places": places,
        }
        for amount in amounts:
            bad = frame.filter((pl.col(currency) == code) & (pl.col(amount) % step != 0))
            errors += errors_from(
                bad.with_columns(cents_text(amount).alias("_shown")), amount, reason, "_shown"
            )
    return errors


def a_date() -> Check:
    def check(col: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        norm = nfkc(col)
        parsed = pl.coalesce(
            norm.str.to_date("%Y-%m-%d", strict=False), norm.str.to_date("%Y/%m/%d", strict=False)
        )
        in_range = parsed.dt.year().is_between(1900, 2100)
        parsed = pl.when(in_range).then(parsed)
        reason = pl.when(col.is_not_null() & parsed.is_null()).then(
            pl.lit(_("not a date (use YYYY-MM-DD, years 1900-2100)"))
        )
        return parsed, reason

    return check


def choice(values: list[str], *, lower: bool = True) -> Check:
    def check(col: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        norm = nfkc(col).str.to_lowercase() if lower else nfkc(col)
        ok = norm.is_in(values)
        reason = pl.when(col.is_not_null() & ~ok).then(
            pl.lit(_("must be one of: %(values)s") % {"values": ", ".join(values)})
        )
        return pl.when(ok).then(norm), reason

    return check


def text(max_length: int, *, normalise: bool = False) -> Check:
    """Free text of at most `max_length` characters without control characters. With
    `normalise` (ids and codes), NFKC-normalised first: `Ａ１２３` is `A123`."""

    def check(col: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        value = nfkc(col) if normalise else col
        too_long = value.str.len_chars() > max_length
        control = value.str.contains(CONTROL_RE)
        reason = (
            pl.when(control)
            .then(pl.lit(_("holds a control character (such as NUL), which is not text")))
            .when(too_long)
            .then(pl.lit(_("longer than %(n)d characters") % {"n": max_length}))
        )
        return pl.when(reason.is_null()).then(value), reason

    return check


def identifier(max_length: int) -> Check:
    """An id or code from the creditor's system: NFKC-normalised text."""
    return text(max_length, normalise=True)


def whole_number(low: int, high: int) -> Check:
    def check(col: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        number = nfkc(col).cast(pl.Int64, strict=False)
        ok = number.is_between(low, high)
        reason = pl.when(col.is_not_null() & ~ok.fill_null(False)).then(
            pl.lit(_("must be a whole number from %(low)d to %(high)d") % {"low": low, "high": high})
        )
        return pl.when(ok).then(number), reason

    return check


def time_zone() -> Check:
    zones = sorted(zoneinfo.available_timezones())

    def check(col: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        norm = nfkc(col)
        ok = norm.is_in(zones)
        reason = pl.when(col.is_not_null() & ~ok).then(
            pl.lit(_("not an IANA time zone (e.g. Asia/Shanghai)"))
        )
        return pl.when(ok).then(norm), reason

    return check


def currency() -> Check:
    def check(col: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        upper = nfkc(col).str.to_uppercase()
        ok = upper.str.contains(r"^[A-Z]{3}$")
        reason = pl.when(col.is_not_null() & ~ok).then(
            pl.lit(_("not a currency code (three letters, e.g. CNY)"))
        )
        return pl.when(ok).then(upper), reason

    return check


JSON_MAX_LENGTH = 10_000


def _refuse(constant: str) -> Any:
    raise ValueError(f"{constant} is not a JSON number")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is too large")
    return number


def json_object() -> Check:
    """A JSON object, kept as compact JSON text with sorted keys (so equal objects compare
    equal on re-import)."""

    def normalise(value: str) -> str | None:
        if len(value) > JSON_MAX_LENGTH:
            return None
        try:
            parsed = json.loads(value, parse_constant=_refuse, parse_float=_finite)
            dumped = json.dumps(parsed, ensure_ascii=False, sort_keys=True, allow_nan=False)
            # NUL and broken characters: PostgreSQL's jsonb and UTF-8 refuse them.
            dumped.encode("utf-8")
        except (ValueError, RecursionError, UnicodeEncodeError):
            return None
        return dumped if isinstance(parsed, dict) and "\\u0000" not in dumped else None

    def check(col: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        parsed = col.map_elements(normalise, return_dtype=pl.String, skip_nulls=True)
        reason = pl.when(col.is_not_null() & parsed.is_null()).then(
            pl.lit(_('not a JSON object (e.g. {"age": 41}; at most 10,000 characters)'))
        )
        return parsed, reason

    return check


@dataclass(frozen=True)
class Column:
    name: str
    check: Check
    required: bool = False


def validate(frame: pl.DataFrame, columns: list[Column]) -> tuple[pl.DataFrame, list[RowError]]:
    """Parse every column; return the parsed frame (good rows only) and every error."""
    missing = [c.name for c in columns if c.required and c.name not in frame.columns]
    if missing:
        raise ImportFileError(
            _("Required column(s) missing: %(missing)s. Columns found: %(found)s")
            % {"missing": ", ".join(missing), "found": ", ".join(c for c in frame.columns if c != ROW)}
        )
    frame = frame.with_columns(
        pl.lit(None, dtype=pl.String).alias(c.name) for c in columns if c.name not in frame.columns
    )
    parsed_exprs, reason_exprs = [], []
    for c in columns:
        value, reason = c.check(pl.col(c.name))
        if c.required:
            reason = pl.when(pl.col(c.name).is_null()).then(pl.lit(_("required"))).otherwise(reason)
        parsed_exprs.append(value.alias(c.name))
        reason_exprs.append(reason.alias(f"_why_{c.name}"))
    checked = frame.select(
        pl.col(ROW), *[pl.col(c.name).alias(f"_raw_{c.name}") for c in columns], *parsed_exprs, *reason_exprs
    )
    errors = collect_errors(checked, [c.name for c in columns])
    bad = {e.row for e in errors}
    good = checked.filter(~pl.col(ROW).is_in(list(bad))).select(ROW, *[c.name for c in columns])
    return good, errors


def collect_errors(checked: pl.DataFrame, names: list[str]) -> list[RowError]:
    errors: list[RowError] = []
    for name in names:
        why = f"_why_{name}"
        bad = checked.filter(pl.col(why).is_not_null()).select(ROW, f"_raw_{name}", why)
        errors.extend(RowError(r, name, v, w) for r, v, w in bad.iter_rows())
    return errors


Progress = Callable[[str, int], None]


def no_progress(stage: str, n: int) -> None:
    return None


def errors_from(
    frame: pl.DataFrame, column: str, reason: pl.Expr | str, value: str | None = None
) -> list[RowError]:
    """RowErrors for every row of `frame`, with a reason that may be computed per row."""
    expr = pl.lit(reason) if isinstance(reason, str) else reason
    value_expr = (
        pl.col(value or column).cast(pl.String) if (value or column) in frame.columns else pl.lit(None)
    )
    rows = frame.select(pl.col(ROW), value_expr.alias("v"), expr.alias("r"))
    return [RowError(r, column, v, w) for r, v, w in rows.iter_rows()]


def cents_text(col: str) -> pl.Expr:
    """Integer cents back to exact decimal text ("-12.05") for the database."""
    cents = pl.col(col)
    sign = pl.when(cents < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    absolute = cents.abs()
    return pl.when(cents.is_not_null()).then(
        sign
        + (absolute // 100).cast(pl.String)
        + pl.lit(".")
        + (absolute % 100).cast(pl.String).str.pad_start(2, "0")
    )


def date_text(col: str) -> pl.Expr:
    return pl.col(col).dt.strftime("%Y-%m-%d")
