"""Every placeholder a script or reply may use, where its value comes from, and where a
missing one is set.

- ``case``: the case's own data (always there: the debtor, amounts, dates, the creditor);
- ``creditor``: the creditor's settings (portfolio.CreditorSettings); a script using one can
  only be published when every creditor with open cases has it, in the script's language;
- ``user``: the collector's profile (display name, work number);
- ``situation``: the moment the text is used for (a promise, a plan, a visit); known at
  publication, filled when the situation exists, otherwise left for the collector to fill.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise as LazyText
from django.utils.translation import gettext_lazy as _

CASE, CREDITOR, USER, SITUATION = "case", "creditor", "user", "situation"


@dataclass(frozen=True)
class Placeholder:
    name: str
    source: str
    label: LazyText  # what the value is, in words, for gaps and errors
    where: LazyText | str = ""  # where a missing value is set (settings sources only)
    field: str = ""  # the CreditorSettings field (creditor source)

    def label_in(self, language: str) -> str:
        with translation.override(language):
            return str(self.label)


_CREDITOR_WHERE = _("Administration › Creditor settings of the creditor")
_USER_WHERE = _("Administration › Profiles: name used with debtors, work number")

_ALL = [
    Placeholder("debtor_name", CASE, _("debtor's name")),
    Placeholder("creditor", CASE, _("creditor")),
    Placeholder("amount_due", CASE, _("amount overdue")),
    Placeholder("balance", CASE, _("balance")),
    Placeholder("days_past_due", CASE, _("days past due")),
    Placeholder("account_ref", CASE, _("account number")),
    Placeholder("due_date", CASE, _("due date")),
    # The day the amounts are computed on: a demand letter states its amounts "as of" it.
    Placeholder("as_of", CASE, _("date of the amounts")),
    Placeholder("payment_channels", CREDITOR, _("payment channels"), _CREDITOR_WHERE, "payment_channels"),
    Placeholder("callback_number", CREDITOR, _("callback number"), _CREDITOR_WHERE, "callback_number"),
    Placeholder("office_hours", CREDITOR, _("office hours"), _CREDITOR_WHERE, "office_hours"),
    Placeholder("dispute_channel", CREDITOR, _("how to dispute"), _CREDITOR_WHERE, "dispute_channel"),
    Placeholder("agency", CREDITOR, _("collecting organisation"), _CREDITOR_WHERE, "agency"),
    Placeholder("collector_name", USER, _("collector's name and work number"), _USER_WHERE),
    Placeholder("promise_amount", SITUATION, _("promised amount")),
    Placeholder("promise_date", SITUATION, _("promised date")),
    Placeholder("instalment_amount", SITUATION, _("instalment amount")),
    Placeholder("instalments", SITUATION, _("number of instalments")),
    Placeholder("visit_date", SITUATION, _("visit date")),
    Placeholder("second_collector_name", SITUATION, _("second visitor's name")),
    # A dunning or a statement of account (arrears.dunning): the customer's open invoices,
    # its open credits, and the amounts claimed, each already formatted.
    Placeholder("invoice_list", SITUATION, _("list of overdue invoices")),
    Placeholder("open_credits", SITUATION, _("open credit notes and unapplied payments")),
    Placeholder("dunning_fee", SITUATION, _("dunning fee")),
    Placeholder("dunning_interest", SITUATION, _("statutory interest")),
    Placeholder("dunning_total", SITUATION, _("total claimed")),
]

REGISTRY: dict[str, Placeholder] = {p.name: p for p in _ALL}
SETTINGS_SOURCES = frozenset({CREDITOR, USER})


def creditor_placeholders(names: list[str]) -> list[Placeholder]:
    return [REGISTRY[n] for n in names if n in REGISTRY and REGISTRY[n].source == CREDITOR]
