"""The receivables ledger's rows. docs/receivables.md.

A customer is a `portfolio.Debtor(kind=company)` of a `portfolio.Creditor(kind=company)`,
with one `portfolio.Account(product=invoice)` per currency; each invoice is a
`portfolio.DueItem(kind=invoice)` whose `external_id` is the invoice number and whose
`statement_date` is the issue date. This app adds what a finance team keeps beside them.

A credit note is a `CreditNote` row here and, so that every aging (the web app's and the
nightly's) counts it as a credit without knowing about this app, a mirror
`portfolio.Payment` with channel "credit_note" on its issue date (`CreditNote.payment`).
The measures and the allocation tell the mirror from cash by that link.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from arrears.portfolio.models import Account, Debtor, DueItem, Payment, money_field

# The channel of the payment row that mirrors a credit note (see the module's docstring).
CREDIT_NOTE_CHANNEL = "credit_note"


class CustomerProfile(models.Model):
    """What the creditor knows of a customer it sells to: one per company debtor."""

    class Relationship(models.TextChoices):
        ACTIVE = "active", _("Active: we still sell to them")
        ENDED = "ended", _("Ended")

    debtor = models.OneToOneField(Debtor, on_delete=models.CASCADE, related_name="customer_profile")
    relationship = models.CharField(
        _("relationship"), max_length=10, choices=Relationship.choices, default=Relationship.ACTIVE
    )
    # In the customer's main currency (the creditor's default currency).
    annual_sales = money_field(_("annual sales with us"), null=True, blank=True)
    credit_limit = money_field(_("credit limit"), null=True, blank=True)
    payment_terms_days = models.PositiveSmallIntegerField(_("payment terms (days)"), default=30)
    salesperson = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="customer_profiles",
        verbose_name=_("salesperson"),
    )
    # The salesperson's name when they are not a user here (as the ERP exports it).
    salesperson_name = models.CharField(_("salesperson (name)"), max_length=100, blank=True)
    value_note = models.TextField(_("relationship value note"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("customer profile")
        verbose_name_plural = _("customer profiles")

    def __str__(self) -> str:
        return str(self.debtor)

    @property
    def salesperson_label(self) -> str:
        """The name as the creditor writes it, else the user's name."""
        if self.salesperson_name or self.salesperson is None:
            return self.salesperson_name
        user = self.salesperson
        return f"{user.last_name}{user.first_name}" or user.get_username()


class CreditNote(models.Model):
    """A credit note (红字发票 / 贷项通知单) issued to a customer: applied to the invoice it
    references, else to the oldest open invoice; what no invoice takes stays an open credit."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="credit_notes")
    number = models.CharField(_("credit note number"), max_length=64)
    issued_on = models.DateField(_("issued on"))
    amount = money_field(_("amount"))
    # The invoice number the credit note names, as given; `applies_to` once it is found.
    reference = models.CharField(_("invoice referenced"), max_length=100, blank=True)
    applies_to = models.ForeignKey(
        DueItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="credit_notes",
        verbose_name=_("invoice"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    # The payment row through which the aging counts it (channel CREDIT_NOTE_CHANNEL).
    payment = models.OneToOneField(
        Payment, on_delete=models.SET_NULL, null=True, blank=True, related_name="credit_note"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("credit note")
        verbose_name_plural = _("credit notes")
        ordering = ["issued_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["account", "number"], name="creditnote_number_uniq"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="creditnote_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.number


class Allocation(models.Model):
    """A part of a payment or a credit note applied to one invoice. Rewritten as a whole per
    account by arrears.receivables.allocation.allocate_account (idempotent)."""

    class Method(models.TextChoices):
        REFERENCE = "reference", _("By reference")
        OLDEST = "oldest", _("Oldest due first")
        CREDIT_NOTE = "credit_note", _("Credit note")

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="allocations")
    due_item = models.ForeignKey(DueItem, on_delete=models.CASCADE, related_name="allocations")
    payment = models.ForeignKey(
        Payment, on_delete=models.CASCADE, null=True, blank=True, related_name="allocations"
    )
    credit_note = models.ForeignKey(
        CreditNote, on_delete=models.CASCADE, null=True, blank=True, related_name="allocations"
    )
    amount = money_field(_("amount"))
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    # The date the money or the credit counts from (payment date, credit note issue date).
    applied_on = models.DateField(_("applied on"))

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["applied_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(payment__isnull=False, credit_note__isnull=True)
                    | models.Q(payment__isnull=True, credit_note__isnull=False)
                ),
                name="allocation_one_source",
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="allocation_amount_positive"),
        ]
        indexes = [models.Index(fields=["account", "due_item"], name="allocation_account_item")]

    def __str__(self) -> str:
        return f"{self.amount} → {self.due_item_id}"


class UnappliedCash(models.Model):
    """The part of a payment that no invoice took (an overpayment, or money sent before the
    invoice): an open credit on the customer's account. Rewritten with the allocations."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="unapplied_cash")
    payment = models.OneToOneField(Payment, on_delete=models.CASCADE, related_name="unapplied")
    amount = money_field(_("amount"))

    class Meta:
        verbose_name = _("unapplied cash")
        verbose_name_plural = _("unapplied cash")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="unapplied_amount_positive"),
        ]

    def __str__(self) -> str:
        return str(self.amount)


class InvoiceDispute(models.Model):
    """A customer's dispute of an invoice (which lines, why). An open dispute pauses dunning
    for that invoice; the invoice stays in the measures, counted as disputed."""

    class Reason(models.TextChoices):
        PRICE = "price", _("Price or discount")
        QUANTITY = "quantity", _("Quantity or items not received")
        QUALITY = "quality", _("Goods or service problem")
        NOT_ORDERED = "not_ordered", _("Not ordered")
        DUPLICATE = "duplicate", _("Billed twice")
        OTHER = "other", _("Other")

    due_item = models.ForeignKey(DueItem, on_delete=models.CASCADE, related_name="invoice_disputes")
    lines = models.CharField(_("which lines"), max_length=500, blank=True)
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices, default=Reason.OTHER)
    explanation = models.TextField(_("why"), max_length=2000, blank=True)
    # What is disputed; empty for the whole open amount of the invoice.
    amount = money_field(_("amount disputed"), null=True, blank=True)
    opened_on = models.DateField(_("opened on"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    resolution = models.CharField(_("resolution"), max_length=500, blank=True)
    # The case's dispute record, when the dispute was raised on a case.
    case_dispute = models.ForeignKey(
        "cases.Dispute", on_delete=models.SET_NULL, null=True, blank=True, related_name="invoice_disputes"
    )

    class Meta:
        verbose_name = _("invoice dispute")
        verbose_name_plural = _("invoice disputes")
        ordering = ["opened_on", "id"]
        indexes = [models.Index(fields=["due_item", "closed_on"], name="invoicedispute_item_open")]

    def __str__(self) -> str:
        return f"{self.due_item.external_id} {self.opened_on}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class ExpectedPayment(models.Model):
    """An expected payment ("the cheque is in the post"): the number, bank and date the
    customer gave, for the invoices it pays. An open one pauses dunning for those invoices
    until `expected_on`; checked on that date through its `promise` (cases.Promise) in the
    collector's queue."""

    class Method(models.TextChoices):
        CHEQUE = "cheque", _("Cheque")
        TRANSFER = "transfer", _("Bank transfer")

    class Status(models.TextChoices):
        OPEN = "open", _("Expected")
        ARRIVED = "arrived", _("Arrived")
        MISSED = "missed", _("Missed")

    debtor = models.ForeignKey(Debtor, on_delete=models.CASCADE, related_name="expected_payments")
    due_items = models.ManyToManyField(DueItem, related_name="expected_payments", blank=True)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    reference_number = models.CharField(_("cheque or transfer number"), max_length=64, blank=True)
    bank = models.CharField(_("bank"), max_length=100, blank=True)
    amount = money_field(_("amount"), null=True, blank=True)
    expected_on = models.DateField(_("expected on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    promise = models.ForeignKey(
        "cases.Promise", on_delete=models.SET_NULL, null=True, blank=True, related_name="expected_payments"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("expected payment")
        verbose_name_plural = _("expected payments")
        ordering = ["expected_on", "id"]
        indexes = [models.Index(fields=["debtor", "status"], name="expectedpayment_debtor_status")]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.reference_number} {self.expected_on}"
