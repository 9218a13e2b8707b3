"""Escalate to the person who decides (决策人) after contacts with people who cannot.

A business customer's clerk can say the cheque is in the post for months; only the owner or
legal representative decides to pay. After the creditor's number of conversations
(Creditor.escalate_after_contacts) with people who cannot decide, since the last one with
the decision-maker, the call panel names the decision-maker to call instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from arrears.contacts.models import PayingRole

# Who cannot decide to pay: the clerk, the finance manager and the buyer answer for the
# customer (the gate treats them as the customer) but need the owner's approval.
CANNOT_DECIDE = frozenset({PayingRole.AP_CLERK, PayingRole.FINANCE_MANAGER, PayingRole.PURCHASING})


def contacts_without_decision(roles: Iterable[str]) -> int:
    """Conversations, oldest first, as the paying role of the person spoken to: how many
    with people who cannot decide since the last one with the decision-maker."""
    count = 0
    for role in roles:
        if role == PayingRole.DECISION_MAKER:
            count = 0
        elif role in CANNOT_DECIDE:
            count += 1
    return count


@dataclass(frozen=True)
class Escalation:
    contacts: int  # conversations with people who cannot decide, since the decision-maker
    threshold: int
    decision_makers: Sequence[Any]  # contacts.Person rows with the decision-maker role

    @property
    def due(self) -> bool:
        return self.contacts >= self.threshold


def escalation_for(case: Any) -> Escalation | None:
    """The hint for a company debtor's case (None for a person, or a customer whose people
    have no paying roles on file)."""
    from arrears.activity.models import CONVERSATION, Event, Kind
    from arrears.contacts.models import Person
    from arrears.portfolio.models import Debtor

    debtor = case.debtor
    if debtor.kind != Debtor.Kind.COMPANY:
        return None
    people = list(Person.objects.filter(debtor=debtor).exclude(paying_role="").order_by("pk"))
    if not people:
        return None
    roles = (
        Event.objects.filter(
            case__debtor=debtor, kind=Kind.CONTACT, outcome__in=CONVERSATION, person__isnull=False
        )
        .order_by("at", "seq")
        .values_list("person__paying_role", flat=True)
    )
    return Escalation(
        contacts=contacts_without_decision(roles),
        threshold=debtor.creditor.escalate_after_contacts,
        decision_makers=[p for p in people if p.decides],
    )
