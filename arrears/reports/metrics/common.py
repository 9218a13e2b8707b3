"""What every metric shares: the filters, the readers of report rows, names and money."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from arrears.cases.choices import Stage
from arrears.portfolio.aging import bucket_labels, parse_bounds
from arrears.portfolio.models import Creditor
from arrears.reports.snapshot import month_start

ZERO = Decimal(0)
CENT = Decimal("0.01")
DASHBOARDS = ("manager", "team", "compliance")


@dataclass(frozen=True)
class Filters:
    creditor_id: int | None
    team_ids: list[int] | None
    product: str | None
    first: date
    last: date

    @property
    def first_month(self) -> date:
        return month_start(self.first)


def filtered(
    rows: QuerySet[Any], f: Filters, *, day: str = "day", team: bool = True, product: bool = True
) -> QuerySet[Any]:
    if day:
        rows = rows.filter(**{f"{day}__gte": f.first, f"{day}__lte": f.last})
    if f.creditor_id is not None:
        rows = rows.filter(creditor_id=f.creditor_id)
    if team and f.team_ids is not None:
        rows = rows.filter(team_id__in=f.team_ids)
    if product and f.product:
        rows = rows.filter(product=f.product)
    return rows


def as_money(value: Any) -> Decimal:
    return (Decimal(str(value)) if value is not None else ZERO).quantize(CENT)


def currency_of(f: Filters) -> str:
    if f.creditor_id is None:
        return ""
    creditor = Creditor.objects.filter(pk=f.creditor_id).first()
    return creditor.default_currency if creditor else ""


def bucket_order() -> list[str]:
    from django.conf import settings

    return bucket_labels(parse_bounds(settings.ARREARS_BUCKETS))


def to_label(state: str) -> str:
    """A roll matrix column: a bucket as it is (M0, M1, ... are the field's terms), or the
    state that took the account off the open book, in words."""
    return {
        "closed": pgettext("account state", "Paid off"),
        "settled": pgettext("account state", "Settled"),
        "written_off": pgettext("account state", "Written off"),
    }.get(state, state)


def stage_label(stage: str) -> str:
    if not stage:
        return _("Not in collection")
    try:
        return str(Stage(stage).label)
    except ValueError:
        return stage


def names_of(model: Any, ids: Iterable[int | None], attr: str) -> dict[int | None, str]:
    ids = {i for i in ids if i is not None}
    out: dict[int | None, str] = {None: ""}
    out.update(model.objects.filter(pk__in=ids).values_list("pk", attr))
    return out


def users_of(ids: Iterable[int | None]) -> dict[int | None, str]:
    user_model = get_user_model()
    names = names_of(user_model, ids, user_model.USERNAME_FIELD)
    names[None] = _("Nobody (unowned)")
    return names
