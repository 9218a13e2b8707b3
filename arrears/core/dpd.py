"""Days past due, derived at read time from the day the debt fell due.

An account (and a case) stores `delinquent_since`: the due date of its oldest unpaid past-due
item (for a case, the worst of the debtor's open accounts), null when nothing is past due. It
changes only with the state (a payment, a new item falling due while current, a cure), so the
nightly run does not rewrite every account that is behind just because a day went by. Days
past due on a day is `on - delinquent_since` (0 when null): the same figure the aging rule
gives (arrears.portfolio.aging.age: `on - oldest unpaid due date`).

Screens, filters and orderings read it through these helpers, "today" being the local date.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import F, Q
from django.db.models.expressions import OrderBy
from django.utils import timezone


def today() -> date:
    return timezone.localdate()


def days_since(since: date | None, on: date | None = None) -> int:
    """Days past due on `on` (today) of a debt past due since `since`."""
    if since is None:
        return 0
    return max(((on or today()) - since).days, 0)


def since_for(dpd: int | None, on: date | None = None) -> date | None:
    """The `delinquent_since` that gives `dpd` days past due on `on` (today)."""
    if not dpd or dpd <= 0:
        return None
    return (on or today()) - timedelta(days=int(dpd))


def _before(on: date | None, dpd: int) -> date | None:
    """`on` (today) minus `dpd` days; None past the first day a date can hold (a rule or a
    filter of a billion days is not an error: nothing is that far behind)."""
    day = on or today()
    return day - timedelta(days=dpd) if dpd <= (day - date.min).days else None


def at_least(field: str, dpd: int, on: date | None = None) -> Q:
    """Rows at `dpd` days past due or more (`field` is the lookup path to a
    `delinquent_since`)."""
    if dpd <= 0:
        return Q()
    since = _before(on, dpd)
    return Q(**{f"{field}__lte": since}) if since is not None else Q(pk__in=[])


def at_most(field: str, dpd: int, on: date | None = None) -> Q:
    """Rows at `dpd` days past due or fewer (current ones included)."""
    if dpd < 0:
        return Q(pk__in=[])
    since = _before(on, dpd)
    if since is None:
        return Q()
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": since})


def worst_first(field: str = "delinquent_since") -> OrderBy:
    """Most days past due first (current rows last)."""
    return F(field).asc(nulls_last=True)


def days_past_due_property() -> property:
    """A model's `days_past_due` over its `delinquent_since` field: read as of today; set (a
    constructor's or a test's `days_past_due=12`) as "12 days past due today". A plain
    property, so the model's constructor accepts it as a keyword."""

    def get(self: Any) -> int:
        return days_since(self.delinquent_since)

    def put(self: Any, value: int) -> None:
        self.delinquent_since = since_for(value)

    return property(get, put, doc="Days past due today (from delinquent_since).")
