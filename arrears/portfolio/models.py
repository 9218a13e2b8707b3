"""Creditors, debtors, accounts, due items and payments.

Money is Decimal throughout (DecimalField); the batch engine converts to integer minor
units. Every row that comes from a creditor's system carries that system's external id,
unique per creditor (or per account), which is what makes a re-import change nothing.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from arrears.core.dpd import days_past_due_property
from arrears.portfolio.aging import Aging, Due, Paid, age, parse_bounds


def money_field(verbose_name: Any, **options: Any) -> models.DecimalField:
    """Every amount of money: exact decimal, 16 digits before the point and 2 after."""
    return models.DecimalField(verbose_name, max_digits=18, decimal_places=2, **options)


class Jurisdiction(models.TextChoices):
    CN = "CN", _("China")
    US = "US", _("United States")
    UK = "UK", _("United Kingdom")
    GLOBAL_STRICT = "GLOBAL-STRICT", _("Unknown (strictest rules)")


class Creditor(models.Model):
    class Kind(models.TextChoices):
        BANK = "bank", _("Bank")
        LENDER = "lender", _("Lender")
        COMPANY = "company", _("Company (receivables)")
        AGENCY_CLIENT = "agency_client", _("Agency client")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.BANK)
    default_currency = models.CharField(_("default currency"), max_length=3, default="CNY")
    default_time_zone = models.CharField(_("default time zone"), max_length=64, default="Asia/Shanghai")
    # The collection team that works this creditor's cases: new cases are assigned among
    # its collectors. Null: cases open without an owner until a team is set.
    team = models.ForeignKey(
        "core.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="creditors",
        verbose_name=_("collection team"),
    )
    # How far ahead a promise or a payment plan may fall due (a promise in three years is
    # no promise): collectors' entries beyond these are refused with the day they end.
    promise_horizon_days = models.PositiveIntegerField(
        _("promise horizon (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(3660)],
        help_text=_("A promise to pay falls due within this many days of the day it is made."),
    )
    plan_horizon_days = models.PositiveIntegerField(
        _("payment plan horizon (days)"),
        default=365,
        validators=[MinValueValidator(1), MaxValueValidator(3660)],
        help_text=_("A payment plan's last instalment falls due within this many days."),
    )
    # Business customers (issue 19): after this many conversations with people who cannot
    # decide to pay (a clerk, a finance manager), the call panel suggests the decision-maker.
    escalate_after_contacts = models.PositiveSmallIntegerField(
        _("escalate to the decision-maker after (contacts)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_(
            "For business customers: conversations with people who cannot decide to pay before "
            "the call panel suggests the owner or legal representative."
        ),
    )

    class Meta:
        verbose_name = _("creditor")
        verbose_name_plural = _("creditors")

    def __str__(self) -> str:
        return self.name


class Debtor(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        COMPANY = "company", _("Company")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Indexed as the first column of the unique (creditor, external_id): a second index
    # on it alone would only slow imports down.
    creditor = models.ForeignKey(Creditor, on_delete=models.PROTECT, related_name="debtors", db_index=False)
    external_id = models.CharField(_("external id"), max_length=64)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=200)
    # A national id for a person, a business registration number for a company. Shown
    # masked; see arrears.core.masking.
    national_id = models.CharField(_("national id / registration no."), max_length=40, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=10, default="zh-hans")
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    jurisdiction = models.CharField(
        _("jurisdiction profile"),
        max_length=16,
        choices=Jurisdiction.choices,
        default=Jurisdiction.GLOBAL_STRICT,
    )
    income_day = models.PositiveSmallIntegerField(_("income day of month"), null=True, blank=True)
    # True where the name (and contacts) were made up because the source data has none.
    synthetic = models.BooleanField(_("synthetic identity"), default=False)
    # Attributes from the source that scoring may use (age band, education, ...).
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("debtor")
        verbose_name_plural = _("debtors")
        constraints = [
            # The import's idempotency key for debtors.
            models.UniqueConstraint(fields=["creditor", "external_id"], name="debtor_ext_id_uniq"),
            models.CheckConstraint(
                condition=models.Q(income_day__isnull=True) | models.Q(income_day__gte=1, income_day__lte=31),
                name="debtor_income_day_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Account(models.Model):
    class Product(models.TextChoices):
        CREDIT_CARD = "credit_card", _("Credit card")
        CONSUMER_LOAN = "consumer_loan", _("Consumer loan")
        INVOICE = "invoice", _("Invoice (receivable)")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        SETTLED = "settled", _("Settled")
        WRITTEN_OFF = "written_off", _("Written off")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Indexed as the first column of the unique (creditor, external_id).
    creditor = models.ForeignKey(Creditor, on_delete=models.PROTECT, related_name="accounts", db_index=False)
    debtor = models.ForeignKey(Debtor, on_delete=models.PROTECT, related_name="accounts")
    external_id = models.CharField(_("external id"), max_length=64)
    product = models.CharField(_("product"), max_length=20, choices=Product.choices)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    credit_limit = money_field(_("credit limit"), null=True, blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)

    # Aging, as of `aged_on`: written by arrears.portfolio.actions.age_accounts and by the
    # nightly run, both through arrears.portfolio.aging. Denormalised so the overview and
    # the queues read one row per account. `aged_on` is the day the stored aging last
    # changed. Days past due are derived (arrears.core.dpd): `delinquent_since` is the due
    # date of the oldest unpaid past-due item (null: current), which only a change of state
    # moves, so a night does not rewrite every account behind.
    aged_on = models.DateField(_("aged on"), null=True, blank=True)
    delinquent_since = models.DateField(_("past due since"), null=True, blank=True)
    days_past_due = days_past_due_property()
    bucket = models.CharField(_("bucket"), max_length=4, default="M0")
    overdue_amount = money_field(_("overdue amount"), default=Decimal(0))
    balance = money_field(_("balance"), default=Decimal(0))

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            # The import's idempotency key for accounts.
            models.UniqueConstraint(fields=["creditor", "external_id"], name="account_ext_id_uniq"),
        ]
        indexes = [
            # The portfolio overview groups open accounts by creditor and bucket.
            models.Index(fields=["creditor", "bucket"], name="account_creditor_bucket"),
        ]

    def __str__(self) -> str:
        return f"{self.creditor.code}:{self.external_id}"

    def aging_on(self, on: date) -> Aging:
        """The account's aging on `on`, from its due items and payments (no write). A
        payment's date is its date in the creditor's time zone."""
        zone = ZoneInfo(self.creditor.default_time_zone)
        dues = [item.as_due() for item in self.due_items.all()]
        paid = [
            Paid(p.paid_at.astimezone(zone).date(), p.amount)
            for p in self.payments.all()
            if p.reversed_on is None
        ]
        return age(dues, paid, on, parse_bounds(settings.ARREARS_BUCKETS))

    def days_past_due_on(self, on: date) -> int:
        """Days past due on `on`, computed afresh from due items and payments."""
        return self.aging_on(on).days_past_due


class DueItem(models.Model):
    class Kind(models.TextChoices):
        STATEMENT = "statement", _("Statement")
        INSTALMENT = "instalment", _("Instalment")
        INVOICE = "invoice", _("Invoice")

    # Indexed as the first column of the unique (account, external_id).
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="due_items", db_index=False)
    external_id = models.CharField(_("external id"), max_length=64)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    statement_date = models.DateField(_("statement date"), null=True, blank=True)
    due_date = models.DateField(_("due date"))
    # For a statement: the statement balance; for an instalment or invoice: what is owed.
    amount_due = money_field(_("amount due"))
    # For a card statement: the minimum that keeps the account current.
    minimum_due = money_field(_("minimum due"), null=True, blank=True)

    class Meta:
        verbose_name = _("due item")
        verbose_name_plural = _("due items")
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["account", "external_id"], name="dueitem_ext_id_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_date}"

    @property
    def required(self) -> Decimal:
        """What must be paid by the due date for the account to stay current."""
        return self.minimum_due if self.minimum_due is not None else self.amount_due

    def as_due(self) -> Due:
        """The item as the aging rule reads it (arrears.portfolio.aging)."""
        return Due(
            due_date=self.due_date,
            amount=self.amount_due,
            minimum=self.minimum_due,
            statement_date=self.statement_date,
            is_statement=self.kind == DueItem.Kind.STATEMENT,
            key=self.external_id,
        )


class Payment(models.Model):
    # No index of its own: (account, paid_at) and (account, external_id) lead with it.
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="payments", db_index=False)
    external_id = models.CharField(_("external id"), max_length=64)
    amount = money_field(_("amount"))
    paid_at = models.DateTimeField(_("paid at"))
    channel = models.CharField(_("channel"), max_length=40, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    # A payment that bounced or was charged back: it paid nothing (aging, promises and
    # scores leave it out), and commission an agency earned on it goes back on this day.
    reversed_on = models.DateField(_("reversed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_at", "id"]
        constraints = [
            # The import's idempotency key for payments.
            models.UniqueConstraint(fields=["account", "external_id"], name="payment_ext_id_uniq"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_amount_positive"),
        ]
        indexes = [
            models.Index(fields=["account", "paid_at"], name="payment_account_paid_at"),
            # The nightly's week of flows and the vintages read payments by date: without
            # it, every payment ever imported (at 1M accounts the week's payments took
            # 1.1 s with the table scanned, 0.7-0.8 s with it; the scan grows with history).
            models.Index(fields=["paid_at"], name="payment_paid_at"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.paid_at:%Y-%m-%d}"


# --- What scripts and letters say on a creditor's behalf -----------------------------------
#
# A separate one-to-one row rather than columns on Creditor: imports upsert Creditor and the
# nightly run reads it for every case, while these texts are edited by people (the admin or
# the creditor's team lead) at their own pace; a creditor without the row simply has nothing
# set, which the script checks report as gaps.

# The region a number without a country code is read in, from the creditor's time zone.
_PHONE_REGIONS = {
    "Asia/Shanghai": "CN",
    "Asia/Chongqing": "CN",
    "Asia/Urumqi": "CN",
    "Asia/Taipei": "TW",
    "Asia/Hong_Kong": "HK",
    "Asia/Macau": "MO",
    "Asia/Singapore": "SG",
    "Europe/London": "GB",
    "America/New_York": "US",
    "America/Chicago": "US",
    "America/Denver": "US",
    "America/Los_Angeles": "US",
}
_ACCOUNT_NUMBER = re.compile(r"^[0-9][0-9 -]{6,38}[0-9]$")


def phone_region(time_zone: str) -> str:
    return _PHONE_REGIONS.get(time_zone, "CN")


def normalise_service_number(value: str, region: str = "CN") -> str:
    """A number a debtor can call back, as it is read out: a service short number (95xxx,
    12345), a 400/800 number, a landline or a mobile; abroad with its country code. Raises
    ValidationError for anything a debtor could not dial, and for emergency numbers."""
    # Imported here: only this check needs the metadata, and it is large.
    import phonenumbers
    from phonenumbers import shortnumberinfo

    text = value.strip()
    if not text:
        return ""
    invalid = ValidationError(
        _("%(value)s is not a phone number a debtor can call (e.g. 95xxx, 400 820 8888, 021 6234 5678)."),
        params={"value": text},
        code="invalid_phone",
    )
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise invalid from None
    if phonenumbers.is_valid_number(number):
        same_region = phonenumbers.region_code_for_number(number) == region
        style = phonenumbers.PhoneNumberFormat
        return phonenumbers.format_number(number, style.NATIONAL if same_region else style.INTERNATIONAL)
    digits = phonenumbers.normalize_digits_only(text)
    if shortnumberinfo.is_valid_short_number_for_region(number, region):
        if shortnumberinfo.is_emergency_number(digits, region):
            raise ValidationError(
                _("%(value)s is an emergency number."), params={"value": text}, code="emergency_number"
            )
        return digits
    raise invalid


class OfficeDays(models.TextChoices):
    WEEKDAYS = "mon_fri", _("Monday to Friday")
    MON_SAT = "mon_sat", _("Monday to Saturday")
    EVERY_DAY = "daily", _("Every day")


class CreditorSettings(models.Model):
    """What scripts and letters say on the creditor's behalf, in both languages where the
    words depend on the language (arrears.scripts.placeholders names who uses what)."""

    creditor = models.OneToOneField(
        Creditor, on_delete=models.CASCADE, related_name="settings", verbose_name=_("creditor")
    )
    short_name_zh = models.CharField(
        _("name as said (Chinese)"),
        max_length=100,
        blank=True,
        help_text=_(
            "How collectors name the creditor on the phone, e.g. 示例银行. Empty: the creditor's name."
        ),
    )
    short_name_en = models.CharField(_("name as said (English)"), max_length=100, blank=True)
    agency_zh = models.CharField(
        _("collecting organisation (Chinese)"),
        max_length=100,
        blank=True,
        help_text=_("Who the collector calls from, e.g. 示例银行个人贷款催收中心 or the agency's name."),
    )
    agency_en = models.CharField(_("collecting organisation (English)"), max_length=100, blank=True)
    callback_number = models.CharField(
        _("callback number"),
        max_length=40,
        blank=True,
        help_text=_("The number debtors call back: a 95xxx service number, a 400 number or a landline."),
    )
    office_days = models.CharField(_("office days"), max_length=10, choices=OfficeDays.choices, blank=True)
    office_opens = models.TimeField(_("office opens"), null=True, blank=True)
    office_closes = models.TimeField(_("office closes"), null=True, blank=True)
    dispute_channel_zh = models.TextField(
        _("how to dispute (Chinese)"),
        max_length=500,
        blank=True,
        help_text=_("How and where a debtor disputes the debt: the number, the address for letters."),
    )
    dispute_channel_en = models.TextField(_("how to dispute (English)"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("creditor settings")
        verbose_name_plural = _("creditor settings")
        constraints = [
            # The check the form makes, kept by the database too: hours are a pair, in order.
            models.CheckConstraint(
                condition=models.Q(office_opens__isnull=True, office_closes__isnull=True)
                | models.Q(office_opens__lt=models.F("office_closes")),
                name="creditorsettings_office_hours_order",
            ),
        ]

    def __str__(self) -> str:
        return str(self.creditor)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        for field in ("short_name", "agency", "dispute_channel"):
            zh, en = getattr(self, f"{field}_zh").strip(), getattr(self, f"{field}_en").strip()
            if bool(zh) != bool(en):
                empty = f"{field}_en" if zh else f"{field}_zh"
                errors[empty] = _("Fill it in both languages, or leave both empty.")
        hours = (self.office_days, self.office_opens, self.office_closes)
        if any(hours) and not all(hours):
            errors["office_days"] = _("Office hours need the days, the opening and the closing time.")
        elif self.office_opens and self.office_closes and self.office_opens >= self.office_closes:
            errors["office_closes"] = _("The office must close after it opens.")
        if self.callback_number:
            try:
                region = phone_region(self.creditor.default_time_zone) if self.creditor_id else "CN"
                self.callback_number = normalise_service_number(self.callback_number, region)
            except ValidationError as exc:
                errors["callback_number"] = exc
        if errors:
            raise ValidationError(errors)

    def text(self, field: str, language: str) -> str:
        """A two-language field's value in `language` ("" when not set)."""
        suffix = "zh" if language.startswith("zh") else "en"
        return str(getattr(self, f"{field}_{suffix}")).strip()

    def office_hours(self, language: str) -> str:
        if not (self.office_days and self.office_opens and self.office_closes):
            return ""
        from django.utils import translation

        with translation.override(language):
            days = str(OfficeDays(self.office_days).label)
        span = f"{self.office_opens:%H:%M}–{self.office_closes:%H:%M}"
        return f"{days} {span}" if language.startswith("zh") else f"{days}, {span}"

    def payment_channels_text(self, language: str) -> list[str]:
        return [channel.text(language) for channel in self.payment_channels.all()]


class PaymentChannel(models.Model):
    """One way to pay, in the order collectors read them out."""

    class Kind(models.TextChoices):
        BANK_TRANSFER = "bank_transfer", _("Bank transfer")
        APP = "app", _("Mobile app")
        COUNTER = "counter", _("Branch counter")
        ONLINE = "online", _("Online payment (WeChat, Alipay)")
        OTHER = "other", _("Other")

    creditor_settings = models.ForeignKey(
        CreditorSettings, on_delete=models.CASCADE, related_name="payment_channels"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120, help_text=_("e.g. 手机银行App"))
    name_en = models.CharField(
        _("name (English)"), max_length=120, help_text=_("e.g. the mobile banking app")
    )
    account_number = models.CharField(
        _("account number"),
        max_length=40,
        blank=True,
        help_text=_("For a bank transfer: the account to pay into, as it is read out."),
    )

    class Meta:
        verbose_name = _("payment channel")
        verbose_name_plural = _("payment channels")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name_zh

    def clean(self) -> None:
        self.account_number = " ".join(self.account_number.split())
        if self.kind == self.Kind.BANK_TRANSFER and not self.account_number:
            raise ValidationError({"account_number": _("A bank transfer needs the account to pay into.")})
        if self.account_number and not _ACCOUNT_NUMBER.match(self.account_number):
            raise ValidationError(
                {"account_number": _("An account number is 8 to 40 digits (spaces and dashes allowed).")}
            )

    def text(self, language: str) -> str:
        if language.startswith("zh"):
            return f"{self.name_zh}（账号 {self.account_number}）" if self.account_number else self.name_zh
        return f"{self.name_en} (account {self.account_number})" if self.account_number else self.name_en
