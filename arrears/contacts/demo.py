"""The demo wholesaler's customers' people (issue 19): who pays and who decides.

Each company debtor of the creditor gets an accounts-payable clerk and, for most, a finance
manager, an owner or legal representative (the decision-maker) and a purchasing contact,
each with a mobile phone; a few customers have no decision-maker on file, so the call panel's
"ask who decides" shows too. Seeded, so every load makes the same people; idempotent.
"""

from __future__ import annotations

import random

from arrears.contacts.models import ContactPoint, PayingRole, Person, Relationship
from arrears.contacts.validation import normalise_phone
from arrears.portfolio.models import Debtor

SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚"
TITLES = {
    PayingRole.AP_CLERK: "会计",
    PayingRole.FINANCE_MANAGER: "财务经理",
    PayingRole.DECISION_MAKER: "总经理",
    PayingRole.PURCHASING: "采购",
}


def add_customer_people(creditor_code: str) -> int:
    """People with paying roles for the creditor's company debtors that have none yet."""
    rng = random.Random(19)
    debtors = list(
        Debtor.objects.filter(creditor__code=creditor_code, kind=Debtor.Kind.COMPANY)
        .exclude(people__paying_role__in=PayingRole.values)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rows: list[tuple[int, str, str, str]] = []
    for debtor_id in debtors:
        roles = [PayingRole.AP_CLERK]
        if rng.random() < 0.7:
            roles.append(PayingRole.FINANCE_MANAGER)
        if rng.random() < 0.9:
            roles.append(PayingRole.DECISION_MAKER)
        if rng.random() < 0.5:
            roles.append(PayingRole.PURCHASING)
        for role in roles:
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + f"（{TITLES[role]}）"
            phone = normalise_phone("139" + f"{rng.randrange(10**8):08d}", "CN")
            rows.append((debtor_id, role, name, phone))
    people = Person.objects.bulk_create(
        Person(debtor_id=d, relationship=Relationship.STAFF, paying_role=r, name=n, synthetic=True)
        for d, r, n, _p in rows
    )
    ContactPoint.objects.bulk_create(
        ContactPoint(person=p, kind="phone", value=phone, source="debtor_provided", synthetic=True)
        for p, (_d, _r, _n, phone) in zip(people, rows, strict=True)
    )
    return len(people)
