"""The contact funnel: coverage, penetration, right-party contacts, promises."""

from __future__ import annotations

from collections import defaultdict
from contextvars import ContextVar
from typing import Any

from django.db.models import Count, Max, Q, Sum
from django.utils.translation import gettext as _

from arrears.core.models import Team
from arrears.reports.metrics.common import (
    Filters,
    filtered,
    names_of,
    users_of,
)
from arrears.reports.models import (
    AssignDay,
    CollectorDay,
    ContactDay,
    ContactHour,
    QualityDay,
)
from arrears.reports.tables import Chart, Column, Table, rate

# --- the contact funnel -------------------------------------------------------------


FUNNEL_COLUMNS = (
    ("held", "int"),
    ("attempted", "int"),
    ("coverage", "rate"),
    ("reached", "int"),
    ("penetration", "rate"),
    ("attempts", "int"),
    ("right_party", "int"),
    ("rpc_rate", "rate"),
    ("promises", "int"),
    ("promise_rate", "rate"),
    ("kept_rate", "rate"),
)


def _funnel_columns() -> list[Column]:
    labels = {
        "held": _("Cases held"),
        "attempted": _("Cases attempted"),
        "coverage": _("Coverage (覆盖率)"),
        "reached": _("Cases reached"),
        "penetration": _("Penetration (渗透率)"),
        "attempts": _("Attempts"),
        "right_party": _("Right-party contacts"),
        "rpc_rate": _("Right-party contact rate (接通率)"),
        "promises": _("Promises"),
        "promise_rate": _("Promise rate"),
        "kept_rate": _("Promise-kept rate"),
    }
    return [Column(key, labels[key], kind) for key, kind in FUNNEL_COLUMNS]  # type: ignore[arg-type]


def _held(f: Filters, key: str) -> dict[Any, int]:
    """Cases each owner (or team) held in the period: those open in their hands on the last
    night before it (CollectorDay), plus those given to them during it (AssignDay). A case
    handed on and back counts twice: rare, and it was worked twice."""
    field = "owner_id" if key == "actor_id" else key
    stock = CollectorDay.objects.filter(day__lt=f.first)
    inflow = AssignDay.objects.filter(day__gte=f.first, day__lte=f.last)
    if f.creditor_id is not None:
        stock = stock.filter(creditor_id=f.creditor_id)
        inflow = inflow.filter(creditor_id=f.creditor_id)
    if f.team_ids is not None:
        stock = stock.filter(team_id__in=f.team_ids)
        inflow = inflow.filter(team_id__in=f.team_ids)
    held: dict[Any, int] = defaultdict(int)
    night = stock.aggregate(d=Max("day"))["d"]
    if night is not None:
        for k, n in (
            stock.filter(day=night).values(field).annotate(n=Sum("open")).values_list(field, "n").order_by()
        ):
            held[k] += n
    for k, n in inflow.values(field).annotate(n=Sum("assigned")).values_list(field, "n").order_by():
        held[k] += n
    return dict(held)


# The funnel's figures, computed once per dashboard (three tables read them): the
# dashboard sets a dict here for its tables' time; None outside one.
SHARED: ContextVar[dict[Any, Any] | None] = ContextVar("funnel_figures", default=None)


def funnel_figures(f: Filters, key: str) -> dict[Any, dict[str, Any]]:
    """The funnel's figures per value of `key` (actor_id, team_id or day)."""
    shared = SHARED.get()
    memo = (repr(f), key)
    if shared is not None and memo in shared:
        return dict(shared[memo])
    figures = _funnel_figures(f, key)
    if shared is not None:
        shared[memo] = figures
    return dict(figures)


def _funnel_figures(f: Filters, key: str) -> dict[Any, dict[str, Any]]:
    contacts = filtered(ContactDay.objects.all(), f, product=False)
    out: dict[Any, dict[str, Any]] = defaultdict(dict)
    for r in (
        contacts.values(key)
        .annotate(
            attempted=Count("case_id", distinct=True),
            reached=Count("case_id", distinct=True, filter=Q(right_party__gt=0)),
            attempts=Sum("attempts"),
            right_party=Sum("right_party"),
            promises=Sum("promises"),
        )
        .order_by()
    ):
        out[r[key]].update(r)
    quality_key = "user_id" if key == "actor_id" else key
    for r in (
        filtered(QualityDay.objects.all(), f, product=False)
        .values(quality_key)
        .annotate(kept=Sum("promises_kept"), broken=Sum("promises_broken"))
        .order_by()
    ):
        if r[quality_key] in out or r["kept"] or r["broken"]:
            out[r[quality_key]].update(kept=r["kept"], broken=r["broken"])
    if key in ("actor_id", "team_id"):
        for k, n in _held(f, key).items():
            if k in out or n:
                out[k]["held"] = n
    for values in out.values():
        held = values.get("held")
        values.setdefault("attempted", 0)
        values.setdefault("reached", 0)
        values.setdefault("attempts", 0)
        values.setdefault("right_party", 0)
        values.setdefault("promises", 0)
        values["coverage"] = rate(values["attempted"], held) if held else None
        values["penetration"] = rate(values["reached"], held) if held else None
        values["rpc_rate"] = rate(values["right_party"], values["attempts"])
        values["promise_rate"] = rate(values["promises"], values["right_party"])
        kept, broken = values.get("kept") or 0, values.get("broken") or 0
        values["kept_rate"] = rate(kept, kept + broken)
    return out


def funnel_by_collector(f: Filters) -> Table:
    figures = funnel_figures(f, "actor_id")
    names = users_of(figures)
    data = [
        {"collector": names.get(k, ""), **{c: v.get(c) for c, _k in FUNNEL_COLUMNS}}
        for k, v in sorted(figures.items(), key=lambda kv: names.get(kv[0], ""))
    ]
    return Table(
        key="funnel_collectors",
        title=_("Contact funnel by collector"),
        columns=[Column("collector", _("Collector")), *_funnel_columns()],
        rows=data,
        chart=Chart(
            "bar",
            x="collector",
            series=("coverage", "penetration", "rpc_rate", "promise_rate"),
            value_kind="rate",
        ),
        note=_funnel_note(),
    )


def funnel_by_team(f: Filters) -> Table:
    figures = funnel_figures(f, "team_id")
    names = names_of(Team, figures, "name")
    names[None] = _("No team")
    data = [
        {"team": names.get(k, ""), **{c: v.get(c) for c, _k in FUNNEL_COLUMNS}}
        for k, v in sorted(figures.items(), key=lambda kv: names.get(kv[0], ""))
    ]
    return Table(
        key="funnel_teams",
        title=_("Contact funnel by team"),
        columns=[Column("team", _("Team")), *_funnel_columns()],
        rows=data,
        chart=Chart(
            "bar", x="team", series=("coverage", "penetration", "rpc_rate", "promise_rate"), value_kind="rate"
        ),
        note=_funnel_note(),
    )


def funnel_by_day(f: Filters) -> Table:
    figures = funnel_figures(f, "day")
    columns = [c for c in _funnel_columns() if c.key not in ("held", "coverage", "penetration")]
    data = [{"day": k, **{c.key: v.get(c.key) for c in columns}} for k, v in sorted(figures.items())]
    return Table(
        key="funnel_days",
        title=_("Contact funnel by day"),
        columns=[Column("day", _("Date"), "date"), *columns],
        rows=data,
        chart=Chart("line", x="day", series=("rpc_rate", "promise_rate", "kept_rate"), value_kind="rate"),
        note=_funnel_note(),
    )


def _hours(f: Filters, key: str) -> list[dict[str, Any]]:
    rows = (
        filtered(ContactHour.objects.all(), f, product=False)
        .values(key)
        .annotate(
            attempts=Sum("attempts"),
            right_party=Sum("right_party"),
            promises=Sum("promises"),
            connected=Sum("connected"),
        )
        .order_by(key)
    )
    return [
        {
            key: r[key],
            "attempts": r["attempts"],
            "connected": r["connected"],
            "right_party": r["right_party"],
            "rpc_rate": rate(r["right_party"], r["attempts"]),
            "promises": r["promises"],
            "promise_rate": rate(r["promises"], r["right_party"]),
        }
        for r in rows
    ]


def _hour_columns() -> list[Column]:
    return [
        Column("attempts", _("Attempts"), "int"),
        Column("connected", _("Connected"), "int"),
        Column("right_party", _("Right-party contacts"), "int"),
        Column("rpc_rate", _("Right-party contact rate (接通率)"), "rate"),
        Column("promises", _("Promises"), "int"),
        Column("promise_rate", _("Promise rate"), "rate"),
    ]


def funnel_by_hour(f: Filters) -> Table:
    data = _hours(f, "hour")
    for row in data:
        row["hour"] = f"{row['hour']:02d}:00"
    return Table(
        key="funnel_hours",
        title=_("Contact results by the debtor's local hour"),
        columns=[Column("hour", _("Hour")), *_hour_columns()],
        rows=data,
        chart=Chart("bar", x="hour", series=("rpc_rate", "promise_rate"), value_kind="rate"),
        note=_("By the hour on the debtor's clock when the attempt was made."),
    )


def funnel_by_weekday(f: Filters) -> Table:
    from django.utils.translation import get_language

    from arrears.compliance.wording import weekday

    zh = (get_language() or "").startswith("zh")
    data = _hours(f, "weekday")
    for row in data:
        row["weekday"] = weekday(row["weekday"] + 1, zh)
    return Table(
        key="funnel_weekdays",
        title=_("Contact results by the debtor's weekday"),
        columns=[Column("weekday", _("Weekday")), *_hour_columns()],
        rows=data,
        chart=Chart("bar", x="weekday", series=("rpc_rate", "promise_rate"), value_kind="rate"),
        note=_("By the weekday on the debtor's clock when the attempt was made."),
    )


def _funnel_note() -> str:
    return _(
        "Coverage = cases with at least one attempt ÷ cases held in the period (those held on the "
        "night before it and those assigned during it); penetration = cases with a right-party "
        "contact ÷ cases held; right-party contact rate "
        "= attempts that reached the debtor ÷ attempts; promise rate = promises ÷ right-party "
        "contacts; promise-kept rate = promises kept ÷ promises due and checked in the period."
    )
