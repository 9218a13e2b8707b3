"""People around a debtor and the ways to reach them.

The debtor is a Person too (relationship "self"), so phones, emails and addresses hang on
one model whoever they belong to. Each contact point keeps where it came from and whether
it was verified: the contact gate and information repair (信息修复) both need that.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from arrears.core.masking import mask_contact
from arrears.portfolio.models import Debtor


class Relationship(models.TextChoices):
    SELF = "self", _("Debtor (self)")
    SPOUSE = "spouse", _("Spouse")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Sibling")
    RELATIVE = "relative", _("Relative")
    EMPLOYER = "employer", _("Employer")
    COLLEAGUE = "colleague", _("Colleague")
    REFERENCE = "reference", pgettext_lazy("relationship", "Reference")
    GUARANTOR = "guarantor", _("Guarantor")
    CO_BORROWER = "co_borrower", _("Co-borrower")
    # Someone who works for a company debtor (its clerk, finance manager, owner): what they
    # may do about paying is the person's `paying_role`.
    STAFF = "staff", _("Staff of the customer")
    OTHER = "other", _("Other")


class PayingRole(models.TextChoices):
    """A business customer's people by what they can do about paying (issue 19): the
    assist escalates to the decision-maker after contacts with people who cannot decide."""

    AP_CLERK = "ap_clerk", _("Accounts-payable clerk")
    FINANCE_MANAGER = "finance_manager", _("Finance manager")
    DECISION_MAKER = "decision_maker", _("Owner or legal representative (decides)")
    PURCHASING = "purchasing", _("Purchasing contact")
    SALESPERSON = "salesperson", _("Our salesperson on the account")


# The customer's own people with a part in paying: to the contact gate they speak for the
# company (a company is reached only through its people). Our salesperson is our staff.
ACTS_FOR_CUSTOMER = frozenset(
    {PayingRole.AP_CLERK, PayingRole.FINANCE_MANAGER, PayingRole.DECISION_MAKER, PayingRole.PURCHASING}
)


class Person(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    debtor = models.ForeignKey(Debtor, on_delete=models.CASCADE, related_name="people")
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship.choices)
    name = models.CharField(_("name"), max_length=200)
    # Blank for a consumer's people; set for a business customer's (issue 19). A database
    # default too: the importer and other bulk paths insert people with raw SQL.
    paying_role = models.CharField(
        _("role in paying"), max_length=20, choices=PayingRole.choices, blank=True, default="", db_default=""
    )
    synthetic = models.BooleanField(_("synthetic identity"), default=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            # The gate maps each relationship to a recipient role: an unknown one would make
            # every check of the debtor fail (imports, the admin and raw SQL included).
            models.CheckConstraint(
                condition=models.Q(relationship__in=Relationship.values), name="person_relationship_known"
            ),
            # Exactly one "self" person per debtor: the importer and the gate rely on it.
            models.UniqueConstraint(
                fields=["debtor"],
                condition=models.Q(relationship="self"),
                name="person_one_self_per_debtor",
            ),
            # The assist and the customer panel read each role; an unknown one would hide
            # the person from the escalation hint.
            models.CheckConstraint(
                condition=models.Q(paying_role__in=[*PayingRole.values, ""]), name="person_paying_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relationship_display()})"

    @property
    def decides(self) -> bool:
        """The person who can decide to pay (决策人): the owner or legal representative."""
        return self.paying_role == PayingRole.DECISION_MAKER

    @property
    def acts_for_customer(self) -> bool:
        return self.paying_role in ACTS_FOR_CUSTOMER


class ContactKind(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    ADDRESS = "address", _("Address")


class AddressKind(models.TextChoices):
    # The five kinds of address a field visit may go to (article 000).
    HOME = "home", _("Home (住宅)")
    APPLICATION = "application", _("Application form (表单)")
    WORK = "work", _("Workplace (单位)")
    HOUSEHOLD_REGISTRATION = "household_registration", _("Household registration (户籍)")
    OTHER = "other", _("Other address on file")


class ContactSource(models.TextChoices):
    APPLICATION = "application", _("Application")
    BANK_SYSTEM = "bank_system", _("Creditor's system")
    DEBTOR_PROVIDED = "debtor_provided", _("Given by the debtor")
    THIRD_PARTY = "third_party", _("Third party")
    PUBLIC_DIRECTORY = "public_directory", _("Public directory")
    OTHER = "other", _("Other")


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", _("Unverified")
    VERIFIED = "verified", _("Verified")
    FAILED = "failed", _("Failed")


class ContactPoint(models.Model):
    # The choices live at module level so that the constraints in Meta can name them.
    Kind = ContactKind
    AddressKind = AddressKind
    Source = ContactSource
    Verification = Verification

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Indexed as the first column of the unique (person, kind, value).
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="contact_points", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=300)
    address_kind = models.CharField(_("address kind"), max_length=24, choices=AddressKind.choices, blank=True)
    is_workplace = models.BooleanField(_("at the workplace"), default=False)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    verification = models.CharField(
        _("verification"), max_length=12, choices=Verification.choices, default=Verification.UNVERIFIED
    )
    valid = models.BooleanField(_("valid"), default=True)
    invalid_reason = models.CharField(_("why invalid"), max_length=200, blank=True)
    opted_out = models.BooleanField(_("opted out"), default=False)
    opted_out_at = models.DateTimeField(_("opted out at"), null=True, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        constraints = [
            # The importer's idempotency key for contact points.
            models.UniqueConstraint(fields=["person", "kind", "value"], name="contactpoint_uniq"),
            models.CheckConstraint(
                condition=~models.Q(kind="address") | ~models.Q(address_kind=""),
                name="contactpoint_address_has_kind",
            ),
            # Only the kinds, sources and states the code knows: a contact point of kind "fax"
            # once made every page of its case fail (the gate has no channel for it). Held
            # by the database so that imports, the admin and raw SQL cannot write one either.
            models.CheckConstraint(
                condition=models.Q(kind__in=ContactKind.values), name="contactpoint_kind_known"
            ),
            models.CheckConstraint(
                condition=models.Q(address_kind__in=[*AddressKind.values, ""]),
                name="contactpoint_address_kind_known",
            ),
            models.CheckConstraint(
                condition=models.Q(source__in=ContactSource.values), name="contactpoint_source_known"
            ),
            models.CheckConstraint(
                condition=models.Q(verification__in=Verification.values),
                name="contactpoint_verification_known",
            ),
        ]

    def __str__(self) -> str:
        # Masked: str() is what the admin, logs and error pages print for a related row.
        return f"{self.get_kind_display()}: {mask_contact(self.kind, self.value)}"


class PreferenceKind(models.TextChoices):
    OPT_OUT_CHANNEL = "opt_out_channel", _("No contact on this channel")
    CEASE = "cease", _("Stop all collection contact (in writing)")
    REFUSED = "refused", _("Refuses to pay (in writing)")
    NO_WORKPLACE = "no_workplace", _("No contact at work")
    INCONVENIENT_TIME = "inconvenient_time", _("Inconvenient time")


class Preference(models.Model):
    """What the debtor asked about being contacted (asks_to_stop_contact and the like).

    Rows are never edited: a withdrawal sets `withdrawn_at`. The contact gate reads the
    live ones through arrears.compliance.shell.
    """

    Kind = PreferenceKind

    debtor = models.ForeignKey(Debtor, on_delete=models.CASCADE, related_name="preferences")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=16, blank=True)
    # Inconvenient time: {"weekdays": [1..7], "from": "HH:MM", "to": "HH:MM"}.
    slot = models.JSONField(_("time slot"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact preference")
        verbose_name_plural = _("contact preferences")
        ordering = ["recorded_at", "id"]
        constraints = [
            # The gate reads each kind as one of its facts; an unknown one would be ignored.
            models.CheckConstraint(
                condition=models.Q(kind__in=PreferenceKind.values), name="preference_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.channel}".strip()
