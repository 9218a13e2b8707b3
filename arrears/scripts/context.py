"""The values a case's scripts and replies are filled with: the case, its creditor's
settings, the collector's profile and the situation (a promise, a plan, a visit).

Values whose words depend on the language are ``Localized``; a value nobody set is left
out, so rendering marks it as a gap (arrears.scripts.render) instead of guessing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from arrears.cases.models import Case, PaymentPlan, Promise, Visit
from arrears.core.dpd import worst_first
from arrears.portfolio.models import Account, Creditor, CreditorSettings
from arrears.scripts.labels import LANGUAGES
from arrears.scripts.placeholders import CREDITOR, REGISTRY
from arrears.scripts.render import Localized


def _localized(make: Any) -> Localized:
    return Localized({lang: make(lang) for lang in LANGUAGES})


def settings_of(creditor: Creditor) -> CreditorSettings | None:
    try:
        return creditor.settings
    except CreditorSettings.DoesNotExist:
        return None


def creditor_values(creditor: Creditor) -> dict[str, Any]:
    """{creditor} and the creditor-settings placeholders that have a value."""
    settings = settings_of(creditor)
    values: dict[str, Any] = {
        "creditor": _localized(
            lambda lang: (settings.text("short_name", lang) if settings else "") or creditor.name
        )
    }
    if settings is None:
        return values
    channels = list(settings.payment_channels.all())
    if channels:
        values["payment_channels"] = [_localized(c.text) for c in channels]
    if settings.callback_number:
        values["callback_number"] = settings.callback_number
    for name, make in (
        ("office_hours", settings.office_hours),
        ("dispute_channel", lambda lang: settings.text("dispute_channel", lang)),
        ("agency", lambda lang: settings.text("agency", lang)),
    ):
        value = _localized(make)
        if any(value.values()):
            values[name] = value
    return values


def missing_creditor_settings(creditor: Creditor, names: list[str], language: str) -> list[str]:
    """Which of the creditor-settings placeholders in ``names`` have no value in ``language``."""
    values = creditor_values(creditor)
    missing = []
    for name in names:
        if name not in REGISTRY or REGISTRY[name].source != CREDITOR:
            continue
        value = values.get(name)
        if isinstance(value, Localized):
            value = value.get(language)
        elif isinstance(value, list):
            value = [v for v in value if v.get(language)]
        if not value:
            missing.append(name)
    return missing


def user_values(user: Any) -> dict[str, Any]:
    profile = getattr(user, "profile", None)
    if profile is None:
        return {}
    name = _localized(profile.spoken_name)
    return {"collector_name": name} if any(name.values()) else {}


def case_values(case: Case, user: Any, *, on: date | None = None) -> dict[str, Any]:
    """Every value this case can give its scripts now, as the collector ``user`` uses them."""
    on = on or timezone.localdate(timezone=timezone.get_default_timezone())
    account = Account.objects.filter(debtor=case.debtor).order_by(worst_first(), "pk").first()
    values: dict[str, Any] = {
        "debtor_name": case.debtor.name,
        "amount_due": case.overdue_amount,
        "balance": case.balance,
        "days_past_due": case.days_past_due,
        "account_ref": account.external_id if account else case.reference,
        # The oldest unpaid due date: DPD counts from it (arrears.portfolio.aging).
        "due_date": (account.delinquent_since or account.aged_on) if account and account.aged_on else on,
        "as_of": on,
        **creditor_values(case.debtor.creditor),
        **user_values(user),
    }
    promise = (
        case.promises.filter(status=Promise.Status.OPEN, plan__isnull=True).order_by("due_on", "pk").first()
    )
    if promise is not None:
        values["promise_amount"], values["promise_date"] = promise.amount, promise.due_on
    plan = case.plans.filter(status=PaymentPlan.Status.ACTIVE).order_by("-pk").first()
    if plan is not None:
        instalments = list(plan.instalments.order_by("due_on"))
        if instalments:
            values["instalments"] = len(instalments)
            values["instalment_amount"] = instalments[0].amount
    visit = (
        case.visits.filter(status=Visit.Status.PLANNED, planned_at__date__gte=on)
        .order_by("planned_at")
        .prefetch_related("staff__profile")
        .first()
    )
    if visit is not None:
        values["visit_date"] = timezone.localtime(visit.planned_at).date()
        others = [s for s in visit.staff.all() if s.pk != getattr(user, "pk", None)]
        second = user_values(others[0]).get("collector_name") if others else None
        if second:
            values["second_collector_name"] = second
    return values


def published_placeholders() -> dict[str, set[str]]:
    """language -> the placeholders the published scripts and the replies use."""
    from arrears.scripts.models import ScriptVersion
    from arrears.scripts.render import placeholders_in
    from arrears.scripts.replies import all_replies

    used: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
    for body, language in ScriptVersion.objects.filter(published=True).values_list(
        "body", "script__language"
    ):
        used.setdefault(language, set()).update(placeholders_in(body))
    for reply in all_replies():
        for language, text in reply.texts.items():
            used[language].update(placeholders_in(text))
    return used


def missing_for_published(creditor: Creditor) -> list[tuple[str, str]]:
    """(placeholder, language) pairs the creditor lacks although published texts use them."""
    return [
        (name, language)
        for language, names in published_placeholders().items()
        for name in missing_creditor_settings(creditor, sorted(names), language)
    ]
