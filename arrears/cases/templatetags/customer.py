"""The customer panel of a business customer's case (issue 19), fetching its own rows so the
case view stays as it is:

    {% load customer %}{% customer_panel %}     (cases/case.html, a company debtor only)

Open invoices with their open amounts and days overdue (arrears.receivables.ledger), open
credits, the customer's people with the decision-maker marked, the escalation hint and the
"cheque sent" and "invoice disputed" forms for the case's collector or a lead.
"""

from __future__ import annotations

from typing import Any

from django import template

from arrears.cases.access import is_lead
from arrears.cases.forms import business_today
from arrears.contacts.models import PayingRole
from arrears.core.masking import mask_contact
from arrears.portfolio.models import Debtor
from arrears.receivables.ledger import open_credits, open_invoices
from arrears.receivables.models import ExpectedPayment, InvoiceDispute
from arrears.scripts.escalation import escalation_for

register = template.Library()

# Who decides first, then who pays, then who buys; our salesperson last.
_ROLE_ORDER = [
    PayingRole.DECISION_MAKER, PayingRole.FINANCE_MANAGER, PayingRole.AP_CLERK,
    PayingRole.PURCHASING, PayingRole.SALESPERSON, "",
]  # fmt: skip


def _people(debtor: Debtor) -> list[dict[str, Any]]:
    people = sorted(
        debtor.people.exclude(relationship="self").prefetch_related("contact_points"),
        key=lambda p: (_ROLE_ORDER.index(p.paying_role), p.pk),
    )
    return [
        {
            "person": p,
            # Masked: the collector dials through the product (arrears.core.models.UNMASK_ROLES).
            "points": [mask_contact(c.kind, c.value) for c in p.contact_points.all() if c.valid],
        }
        for p in people
    ]


@register.inclusion_tag("cases/_customer.html", takes_context=True)
def customer_panel(context: Any) -> dict[str, Any]:
    case = context["case"]
    debtor = case.debtor
    if debtor.kind != Debtor.Kind.COMPANY:
        return {"shown": False}
    request = context.get("request")
    user = getattr(request, "user", None)
    today = business_today()
    invoices = open_invoices([debtor.pk], today)
    forms = context.get("forms") or {}
    return {
        "shown": True,
        "case": case,
        "today": today,
        "invoices": invoices,
        "overdue_total": sum((i.open_amount for i in invoices if i.days_overdue > 0), 0),
        "credits": open_credits([debtor.pk], today),
        "people": _people(debtor),
        "escalation": escalation_for(case),
        "expected": ExpectedPayment.objects.filter(
            debtor=debtor, status=ExpectedPayment.Status.OPEN
        ).prefetch_related("due_items"),
        "can_record": bool(
            context.get("can_change")
            and case.is_open
            and (case.owner_id == getattr(user, "pk", None) or is_lead(user))
        ),
        "methods": ExpectedPayment.Method.choices,
        "reasons": InvoiceDispute.Reason.choices,
        "sent_form": forms.get("PaymentSentForm"),
        "dispute_form": forms.get("InvoiceDisputeForm"),
        "csrf_token": context.get("csrf_token"),
    }
