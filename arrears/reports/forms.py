"""The dashboards' filters (GET): creditor, team, product and period, within the reader's
scope. A team lead's choices are their own teams: a team id outside them is refused with a
field error, never widened to the teams it names."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from arrears.core.form_fields import IdChoiceField
from arrears.core.models import Team
from arrears.portfolio.models import Account, Creditor

# The period shown when the query names none: the last 90 days, ending today.
DEFAULT_DAYS = 90
# The longest period a dashboard reads (each table reads the daily rows of every day in it).
MAX_YEARS = 3
# Dates outside these bounds name no day of the book (and keep the month arithmetic of the
# metrics away from year 1 and year 9999).
EARLIEST = date(2000, 1, 1)
LATEST_AHEAD = timedelta(days=366)


def today() -> date:
    """Today in the business's time zone (settings.TIME_ZONE)."""
    return timezone.localdate()


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value: Any) -> str | None:
        return value.isoformat() if isinstance(value, date) else value


class ReportFilters(forms.Form):
    creditor = IdChoiceField(
        queryset=Creditor.objects.none(), label=_("Creditor"), required=False, empty_label=_("Every creditor")
    )
    team = IdChoiceField(queryset=Team.objects.none(), label=_("Team"), required=False)
    product = forms.ChoiceField(label=_("Product"), required=False)
    first = forms.DateField(label=pgettext_lazy("period", "From"), required=False, widget=DateInput)
    last = forms.DateField(label=pgettext_lazy("period", "To"), required=False, widget=DateInput)

    def __init__(self, query: Any, *, team_ids: list[int] | None) -> None:
        """`query`: the request's GET; `team_ids`: the teams the reader may choose (None:
        every team)."""
        self.today = today()
        data = query.copy()
        # An empty or missing date is the default period; what is shown is what is used.
        if not data.get("last"):
            data["last"] = self.today.isoformat()
        if not data.get("first"):
            last = self._parse(data.get("last")) or self.today
            data["first"] = (last - timedelta(days=DEFAULT_DAYS - 1)).isoformat()
        super().__init__(data)
        self.team_ids = team_ids
        teams = Team.objects.order_by("name")
        creditors = Creditor.objects.order_by("name")
        if team_ids is not None:
            teams = teams.filter(pk__in=team_ids)
            creditors = creditors.filter(team_id__in=team_ids)
        team_field = self.fields["team"]
        team_field.queryset = teams  # type: ignore[attr-defined]
        team_field.empty_label = _("Every team") if team_ids is None else _("All my teams")  # type: ignore[attr-defined]
        self.fields["creditor"].queryset = creditors  # type: ignore[attr-defined]
        # The "/" key (keys.js) brings the reader to the filters.
        self.fields["creditor"].widget.attrs["data-search"] = ""
        self.fields["product"].choices = [("", _("Every product")), *Account.Product.choices]  # type: ignore[attr-defined]

    @staticmethod
    def _parse(value: Any) -> date | None:
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            return None

    def _in_bounds(self, field: str) -> date | None:
        value: date | None = self.cleaned_data.get(field)
        if value is None:
            return None
        latest = self.today + LATEST_AHEAD
        if not EARLIEST <= value <= latest:
            raise forms.ValidationError(
                _("Choose a day between %(first)s and %(last)s."),
                code="out_of_range",
                params={"first": EARLIEST.isoformat(), "last": latest.isoformat()},
            )
        return value

    def clean_first(self) -> date | None:
        return self._in_bounds("first")

    def clean_last(self) -> date | None:
        return self._in_bounds("last")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first"), data.get("last")
        if first and last:
            if first > last:
                self.add_error("first", _("The period starts after it ends."))
            elif first < years_before(last, MAX_YEARS):
                self.add_error("first", _("A period of at most three years, please."))
        return data

    def filters(self) -> Any:
        """The metrics' Filters of the cleaned form (call after is_valid())."""
        from arrears.reports.metrics import Filters

        data = self.cleaned_data
        team = data.get("team")
        return Filters(
            creditor_id=data["creditor"].pk if data.get("creditor") else None,
            team_ids=[team.pk] if team else (list(self.team_ids) if self.team_ids is not None else None),
            product=data.get("product") or None,
            first=data["first"],
            last=data["last"],
        )
