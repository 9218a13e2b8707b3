"""What a contact point may hold, and the one form it is stored in.

Every path that creates a contact point calls these: the portfolio import, the case page's
information repair (`clean_contact_value`), the demo loader.

- **Phones** are parsed with libphonenumber (the `phonenumbers` package, Google's metadata
  of every country's numbering plan) in the debtor's country: CN, US, UK (GB). A debtor
  under GLOBAL-STRICT has no country to read a national number in, so the number must
  carry its international prefix (`+86 138 0013 8000`); otherwise it is refused. A number
  with a `+` prefix is read as such whatever the debtor's country (a debtor may have a
  foreign phone). The number must be valid for its country, not only the right length. It
  is stored in E.164 (`+8613800138000`), so `138 0013 8000`, `138-0013-8000` and
  `+86 13800138000` are one contact point, and duplicates match. Only digits, spaces and
  `+ - ( ) . /` are accepted: letters (a vanity number, an extension "转 123") and formula
  signs (`=1+1`) are refused with a reason.
- **Speed.** An import checks hundreds of thousands of phones. A number written plainly
  (digits and separators) that the region's own metadata patterns accept as a mobile or
  fixed-line number, with no national or international prefix that parsing would strip,
  is put in E.164 directly (`_fast_e164`, about 1 µs); every other number goes through
  `phonenumbers.parse` (about 17 µs). The test suite checks both give the same answer.
- **Emails** are checked with Django's EmailValidator, after refusing control characters
  and `<` `>`, which no address needs and which markup would read.
- **Addresses** are free text without control characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import phonenumbers
import polars as pl
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext as _
from phonenumbers.phonemetadata import PhoneMetadata

# The debtor's jurisdiction -> the region whose national numbers we read.
REGIONS = {"CN": "CN", "US": "US", "UK": "GB"}
PHONE_MAX_LENGTH = 40
EMAIL_MAX_LENGTH = 254
ADDRESS_MAX_LENGTH = 300
_PHONE_CHARACTERS = re.compile(r"\+?[0-9 ()\-./]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_ADDRESS_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_email = EmailValidator()


def phone_region(jurisdiction: str | None) -> str | None:
    """The region national numbers are read in; None (GLOBAL-STRICT, unknown): none."""
    return REGIONS.get(jurisdiction or "")


def normalise_phone(value: str, jurisdiction: str | None) -> str:
    """`value` in E.164, read in the debtor's country; ValidationError with the reason."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    if not text:
        raise ValidationError(_("Enter a phone number."), code="required")
    if len(text) > PHONE_MAX_LENGTH or not _PHONE_CHARACTERS.fullmatch(text):
        raise ValidationError(
            _("not a phone number: use digits, spaces and + - ( ) only, e.g. 138 0013 8000"), code="invalid"
        )
    region = phone_region(jurisdiction)
    fast = _fast_e164(text, region)
    if fast is not None:
        return fast
    return _parsed_e164(text, region)


def _parsed_e164(text: str, region: str | None) -> str:
    """libphonenumber's reading of `text` (already NFKC, of phone characters only)."""
    if region is None and not text.startswith("+"):
        raise ValidationError(
            _(
                "give the number with its country code, e.g. +86 138 0013 8000: the debtor has no"
                " jurisdiction to read a national number in"
            ),
            code="no_country",
        )
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        if region is not None and not text.startswith("+"):
            message = _("not a valid phone number in %(region)s") % {"region": region}
        else:
            message = _("not a valid phone number (country code and number)")
        raise ValidationError(message, code="invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@dataclass(frozen=True)
class _Plan:
    """A region's numbering plan, from libphonenumber's metadata: what `_fast_e164` needs."""

    country_code: str
    general: re.Pattern[str]
    types: tuple[tuple[re.Pattern[str], frozenset[int]], ...]  # fixed line, mobile
    lengths: frozenset[int]
    strippable: re.Pattern[str]  # a national or international prefix parsing would strip

    @classmethod
    def of(cls, region: str) -> _Plan:
        meta = PhoneMetadata.metadata_for_region(region)
        if meta is None or meta.general_desc is None:  # pragma: no cover - the package ships them
            raise LookupError(f"no numbering plan for {region}")
        general = meta.general_desc
        fallback = general.possible_length or ()
        types = tuple(
            (re.compile(d.national_number_pattern), frozenset(d.possible_length or fallback))
            for d in (meta.fixed_line, meta.mobile)
            if d is not None and d.national_number_pattern
        )
        prefixes = [p for p in (meta.national_prefix_for_parsing, meta.international_prefix) if p]
        return cls(
            country_code=str(meta.country_code),
            general=re.compile(general.national_number_pattern or "(?!)"),
            types=types,
            lengths=frozenset(fallback),
            strippable=re.compile("|".join(f"(?:{p})" for p in prefixes) or "(?!)"),
        )

    def valid_expr(self, national: pl.Expr) -> pl.Expr:
        """`valid` as a Polars expression (the same patterns, anchored, in Rust's regex)."""
        length = national.str.len_chars()
        return (
            national.str.contains(r"^[0-9]+$")
            & length.is_in(sorted(self.lengths))
            & ~national.str.contains(f"^(?:{self.strippable.pattern})")
            & national.str.contains(f"^(?:{self.general.pattern})$")
            & pl.any_horizontal(
                [national.str.contains(f"^(?:{p.pattern})$") & length.is_in(sorted(n)) for p, n in self.types]
            )
        )

    def valid(self, national: str) -> bool:
        return (
            national.isascii()
            and national.isdigit()
            and len(national) in self.lengths
            and not self.strippable.match(national)
            and self.general.fullmatch(national) is not None
            and any(len(national) in n and p.fullmatch(national) for p, n in self.types)
        )


_PLANS = {region: _Plan.of(region) for region in REGIONS.values()}
_SEPARATORS = re.compile(r"[ ()\-./]")


def _fast_e164(text: str, region: str | None) -> str | None:
    """E.164 of a plainly written number that is valid by its region's patterns; None when
    libphonenumber must decide (see the module's docstring)."""
    compact = _SEPARATORS.sub("", text)
    if compact.startswith("+"):
        digits = compact[1:]
        for plan in _PLANS.values():
            if digits.startswith(plan.country_code) and plan.valid(digits[len(plan.country_code) :]):
                return compact
        return None
    national = _PLANS.get(region or "")
    if national is not None and national.valid(compact):
        return f"+{national.country_code}{compact}"
    return None


def validate_email(value: str) -> str:
    """`value` trimmed, if it is an email address; ValidationError with the reason."""
    text = (value or "").strip()
    if not text:
        raise ValidationError(_("Enter an email address."), code="required")
    if _CONTROL.search(text) or "<" in text or ">" in text:
        raise ValidationError(_("not an email address: it holds < > or a control character"), code="invalid")
    if len(text) > EMAIL_MAX_LENGTH:
        raise ValidationError(_("not an email address: longer than 254 characters"), code="invalid")
    try:
        _email(text)
    except ValidationError:
        raise ValidationError(_("not an email address (e.g. name@example.com)"), code="invalid") from None
    return text


def validate_address(value: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError(_("Enter an address."), code="required")
    if _ADDRESS_CONTROL.search(text):
        raise ValidationError(_("holds a control character (such as NUL), which is not text"), code="invalid")
    if len(text) > ADDRESS_MAX_LENGTH:
        raise ValidationError(
            _("longer than %(n)d characters") % {"n": ADDRESS_MAX_LENGTH}, code="max_length"
        )
    return text


def clean_contact_value(kind: str, value: str, *, jurisdiction: str | None) -> str:
    """The value to store for a new contact point of `kind` of a debtor under
    `jurisdiction` (Debtor.jurisdiction); ValidationError with the reason. The kind is
    checked too: a point of an unknown kind has no channel."""
    from arrears.contacts.models import ContactPoint

    if kind == ContactPoint.Kind.PHONE:
        return normalise_phone(value, jurisdiction)
    if kind == ContactPoint.Kind.EMAIL:
        return validate_email(value)
    if kind == ContactPoint.Kind.ADDRESS:
        return validate_address(value)
    raise ValidationError(
        _("Unknown kind of contact point %(kind)s: use phone, email or address.") % {"kind": str(kind)[:20]},
        code="invalid_kind",
    )


def fast_e164(values: pl.Series, jurisdictions: pl.Series) -> pl.Series:
    """`_fast_e164` over many numbers at once: E.164 where the patterns decide, else null.
    Each step is materialised, and each plan runs on its own rows only: written as one
    nested expression, the shared steps ran once per use."""
    frame = (
        pl.DataFrame(
            {"value": values, "jurisdiction": jurisdictions},
            schema={"value": pl.String, "jurisdiction": pl.String},
        )
        .with_row_index("i")
        .with_columns(pl.col("value").str.normalize("NFKC").str.strip_chars().alias("text"))
        .with_columns(pl.col("text").str.replace_all(r"[ ()\-./]", "").alias("compact"))
        .filter(pl.col("text").str.len_chars() <= PHONE_MAX_LENGTH)
        .with_columns(
            pl.col("jurisdiction")
            .replace_strict(REGIONS, default=None, return_dtype=pl.String)
            .alias("region"),
            pl.col("compact").str.starts_with("+").alias("international"),
        )
    )
    found = []
    for name, plan in _PLANS.items():
        code = plan.country_code
        national = frame.filter(~pl.col("international") & (pl.col("region") == name))
        national = national.filter(plan.valid_expr(pl.col("compact")))
        found.append(national.select("i", (pl.lit("+" + code) + pl.col("compact")).alias("e164")))
        foreign = frame.filter(pl.col("international") & pl.col("compact").str.starts_with("+" + code))
        foreign = foreign.filter(plan.valid_expr(pl.col("compact").str.slice(1 + len(code))))
        found.append(foreign.select("i", pl.col("compact").alias("e164")))
    decided = pl.concat(found)
    every = pl.DataFrame({"i": range(len(values))}, schema={"i": pl.get_index_type()})
    return every.join(decided, on="i", how="left", maintain_order="left")["e164"]


def normalise_phones(
    values: Sequence[str], jurisdictions: Sequence[str | None]
) -> tuple[list[str | None], list[str | None]]:
    """`normalise_phone` over many (value, jurisdiction) pairs, for imports: the numbers the
    region's patterns decide are put in E.164 in one vectorised pass (`fast_e164`), each
    other distinct pair is parsed once. Returns the E.164 forms and the reasons (None where
    good)."""
    fast = fast_e164(pl.Series(values, dtype=pl.String), pl.Series(jurisdictions, dtype=pl.String)).to_list()
    done: dict[tuple[str, str | None], tuple[str | None, str | None]] = {}
    e164: list[str | None] = []
    reasons: list[str | None] = []
    for decided, pair in zip(fast, zip(values, jurisdictions, strict=True), strict=True):
        if decided is not None:
            e164.append(decided)
            reasons.append(None)
            continue
        if pair not in done:
            try:
                done[pair] = (normalise_phone(*pair), None)
            except ValidationError as exc:
                done[pair] = (None, exc.messages[0])
        e164.append(done[pair][0])
        reasons.append(done[pair][1])
    return e164, reasons


def email_reasons(values: Sequence[str]) -> dict[str, str]:
    """The reason each bad one of `values` is not an email address."""
    reasons = {}
    for value in set(values):
        try:
            validate_email(value)
        except ValidationError as exc:
            reasons[value] = exc.messages[0]
    return reasons
