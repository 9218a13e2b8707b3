"""Demand letters (催收函): which letter templates of the script library are demands, and
of which kind.

A demand letter is an ordinary letter template (arrears/scripts/seed/scripts.json, kind
"letter") that carries what CN-LETTER-01 asks of a collection letter: the debtor's name,
the amount owed and what it is made of as of a date, the creditor and the basis of the
claim, the debtor's rights and obligations, how to check the account and how to dispute
(the creditor settings' dispute channel), and the creditor's contact details. It is sent
through the letter channel (messaging.actions.queue_message: the contact gate, then the
day's print batch) and recorded as a `demand_letter` event, which the exhibits checklist
reads once the letter is printed.

A lawyer's letter (律师函) is a kind of its own: a law firm issues it on its letterhead
under a lawyer's name and practising number. The product does not send one: a letter that
claimed to come from a lawyer without being issued by one would be the impersonation
CN-CONTENT-01 forbids. The kind is kept so that a firm's letter, once the product has a
lawyer user or a law-firm agency, can be registered here; until then sending it is refused.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemandKind(models.TextChoices):
    COLLECTION = "collection", _("Collection letter (催收函)")
    LAWYER = "lawyer", _("Lawyer's letter (律师函): issued by a law firm only")


# Script key -> kind. The seeded demand letter; a creditor's own goes here too.
DEMAND_TEMPLATES: dict[str, str] = {
    "letter-demand": DemandKind.COLLECTION,
}

# Kinds this product may send itself.
SENDABLE = frozenset({DemandKind.COLLECTION})


def demand_kind(script_key: str) -> str | None:
    return DEMAND_TEMPLATES.get(script_key)
