"""What the case page's dunning panel shows for a company customer (dunning/_case_panel.html)."""

from __future__ import annotations

from typing import Any

from arrears.cases.models import Case
from arrears.dunning.access import may_decide, may_propose
from arrears.dunning.forms import (
    DecideHoldForm,
    ProposeHoldForm,
    ReleaseHoldForm,
    ScheduleForm,
    StatementForm,
)
from arrears.dunning.models import CreditHold, Dunning, StatementSchedule
from arrears.portfolio.models import Debtor
from arrears.receivables.models import CustomerProfile


def profile_of(debtor: Debtor) -> CustomerProfile | None:
    return CustomerProfile.objects.filter(debtor=debtor).select_related("salesperson").first()


def value_note(debtor: Debtor) -> dict[str, Any] | None:
    """The relationship's worth, where a lead decides tone and escalation: the note, the
    annual sales, the relationship (active or ended) and the salesperson."""
    profile = profile_of(debtor)
    if profile is None:
        return None
    salesperson = profile.salesperson_name or (
        profile.salesperson.get_username() if profile.salesperson else ""
    )
    return {
        "note": profile.value_note,
        "annual_sales": profile.annual_sales,
        "credit_limit": profile.credit_limit,
        "relationship": profile.get_relationship_display(),
        "salesperson": salesperson,
    }


def panel(case: Case, user: Any) -> dict[str, Any]:
    debtor = case.debtor
    if debtor.kind != Debtor.Kind.COMPANY:
        return {"show": False}
    hold = (
        CreditHold.objects.filter(
            debtor=debtor, status__in=[CreditHold.Status.PROPOSED, CreditHold.Status.ACTIVE]
        )
        .select_related("proposed_by", "decided_by")
        .first()
    )
    schedule = StatementSchedule.objects.filter(debtor=debtor).first()
    return {
        "show": True,
        "case": case,
        "customer": debtor,
        "hold": hold,
        "value": value_note(debtor),
        "dunnings": list(
            Dunning.objects.filter(debtor=debtor).select_related("level").order_by("-on", "-id")[:6]
        ),
        "can_propose": may_propose(user) and hold is None,
        "can_decide": may_decide(user),
        "is_proposer": hold is not None and hold.proposed_by_id == getattr(user, "pk", None),
        "propose_form": ProposeHoldForm(),
        "decide_form": DecideHoldForm(),
        "release_form": ReleaseHoldForm(),
        "statement_form": StatementForm(),
        "schedule_form": ScheduleForm(instance=schedule or StatementSchedule(debtor=debtor)),
    }
