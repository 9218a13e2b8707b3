"""Collectors' quality beside results, compliance oversight, and the strategy arms."""

from __future__ import annotations

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from arrears.reports.metrics.common import (
    Filters,
    as_money,
    currency_of,
    filtered,
    users_of,
)
from arrears.reports.metrics.contact import funnel_figures
from arrears.reports.models import (
    BlockDay,
    PaymentDay,
    QualityDay,
)
from arrears.reports.tables import Chart, Column, Table, rate

# --- collectors: results beside quality ----------------------------------------------


def collector_quality(f: Filters) -> Table:
    """Per collector: what they collected and how they worked (China's card rules forbid
    judging collectors on amounts alone: compliance.md)."""
    collected = {
        r["owner_id"]: r
        for r in filtered(PaymentDay.objects.all(), f)
        .values("owner_id")
        .annotate(amount=Sum("amount"), payments=Sum("payments"))
        .order_by()
    }
    quality = {
        r["user_id"]: r
        for r in filtered(QualityDay.objects.all(), f, product=False)
        .values("user_id")
        .annotate(
            due=Sum("promises_due"),
            kept=Sum("promises_kept"),
            broken=Sum("promises_broken"),
            complaints=Sum("complaints"),
            blocked=Sum("blocked"),
            care_holds=Sum("care_holds"),
            corrections=Sum("corrections"),
        )
        .order_by()
    }
    funnel = funnel_figures(f, "actor_id")
    ids = (set(collected) | set(quality) | set(funnel)) - {None}
    names = users_of(ids)
    data = []
    for user in sorted(ids, key=lambda i: names.get(i, "")):
        q, c, fn = quality.get(user, {}), collected.get(user, {}), funnel.get(user, {})
        data.append(
            {
                "collector": names.get(user, ""),
                "collected": as_money(c.get("amount")),
                "payments": c.get("payments") or 0,
                "right_party": fn.get("right_party") or 0,
                "promises": fn.get("promises") or 0,
                "kept_rate": rate(q.get("kept") or 0, (q.get("kept") or 0) + (q.get("broken") or 0)),
                "broken": q.get("broken") or 0,
                "complaints": q.get("complaints") or 0,
                "blocked": q.get("blocked") or 0,
                "care_holds": q.get("care_holds") or 0,
                "corrections": q.get("corrections") or 0,
            }
        )
    return Table(
        key="collectors",
        title=_("Collectors: results beside quality"),
        columns=[
            Column("collector", _("Collector")),
            Column("collected", _("Collected on their cases"), "money"),
            Column("payments", _("Payments"), "int"),
            Column("right_party", _("Right-party contacts"), "int"),
            Column("promises", _("Promises"), "int"),
            Column("kept_rate", _("Promise-kept rate"), "rate"),
            Column("broken", _("Broken promises"), "int"),
            Column("complaints", _("Complaints heard"), "int"),
            Column("blocked", _("Attempts refused by the gate"), "int"),
            Column("care_holds", _("Care holds on their cases"), "int"),
            Column("corrections", _("Corrections"), "int"),
        ],
        rows=data,
        chart=Chart("bar", x="collector", series=("broken", "complaints", "blocked", "care_holds")),
        note=_(
            "Money is one column among eleven: a collector is read on how they reached debtors "
            "and kept to the rules as much as on what came in."
        ),
        currency=currency_of(f),
    )


# --- compliance ----------------------------------------------------------------------


def _blocks(f: Filters) -> QuerySet[BlockDay]:
    rows = BlockDay.objects.filter(day__gte=f.first, day__lte=f.last)
    if f.creditor_id is not None:
        rows = rows.filter(creditor_id=f.creditor_id)
    return rows


def blocks_by_rule(f: Filters) -> Table:
    from arrears.compliance.parameters import rule_words

    rows = (
        _blocks(f)
        .exclude(rule="unmask")
        .values("day", "rule")
        .annotate(n=Sum("count"))
        .order_by("day", "rule")
    )
    words: dict[str, str] = {}
    data = [
        {"day": r["day"], "rule": words.setdefault(r["rule"], rule_words(r["rule"])), "count": r["n"]}
        for r in rows
    ]
    return Table(
        key="blocks",
        title=_("Contacts refused by the gate, by rule"),
        columns=[
            Column("day", _("Date"), "date"),
            Column("rule", _("Rule")),
            Column("count", _("Refusals"), "int"),
        ],
        rows=data,
        chart=Chart("stacked_bar", x="day", series=("count",), split_by="rule"),
        note=_("A check refused by two rules counts under each."),
    )


def blocks_total(f: Filters) -> Table:
    from arrears.compliance.parameters import rule_words

    rows = _blocks(f).exclude(rule="unmask").values("rule").annotate(n=Sum("count")).order_by("-n")
    return Table(
        key="blocks_total",
        title=_("Refusals by rule in the period"),
        columns=[Column("rule", _("Rule")), Column("count", _("Refusals"), "int")],
        rows=[{"rule": rule_words(r["rule"]), "count": r["n"]} for r in rows],
        chart=Chart("bar", x="rule", series=("count",)),
    )


def compliance_days(f: Filters) -> Table:
    """Per day: unmaskings, care holds raised, complaints heard, corrections."""
    unmask = dict(
        _blocks(f)
        .filter(rule="unmask")
        .values("day")
        .annotate(n=Sum("count"))
        .values_list("day", "n")
        .order_by()
    )
    quality = {
        r["day"]: r
        for r in filtered(QualityDay.objects.all(), f, product=False)
        .values("day")
        .annotate(care_holds=Sum("care_holds"), complaints=Sum("complaints"), corrections=Sum("corrections"))
        .order_by()
    }
    data = [
        {
            "day": day,
            "unmaskings": unmask.get(day, 0),
            "care_holds": (quality.get(day) or {}).get("care_holds") or 0,
            "complaints": (quality.get(day) or {}).get("complaints") or 0,
            "corrections": (quality.get(day) or {}).get("corrections") or 0,
        }
        for day in sorted(set(unmask) | set(quality))
    ]
    return Table(
        key="oversight",
        title=_("Unmaskings, care holds, complaints and corrections by day"),
        columns=[
            Column("day", _("Date"), "date"),
            Column("unmaskings", _("Personal data revealed"), "int"),
            Column("care_holds", _("Care holds raised"), "int"),
            Column("complaints", _("Complaints heard"), "int"),
            Column("corrections", _("Corrections"), "int"),
        ],
        rows=data,
        chart=Chart("line", x="day", series=("unmaskings", "care_holds", "complaints", "corrections")),
        note=_("Each reveal of masked personal data is logged with its reason (the unmasking log)."),
    )


# --- strategy ------------------------------------------------------------------------


def arms(f: Filters) -> Table:
    """Champion and challenger side by side with 95% intervals (arrears.strategy.champion)."""
    from django.conf import settings

    from arrears.strategy.champion import report

    rows = report(f.first, settings.TIME_ZONE)
    data = [
        {
            "arm": r.arm,
            "cases": r.cases,
            "promise_rate": r.promise_rate[0],
            "promise_low": r.promise_rate[1],
            "promise_high": r.promise_rate[2],
            "kept_rate": r.kept_rate[0],
            "kept_low": r.kept_rate[1],
            "kept_high": r.kept_rate[2],
            "recovered": r.recovered_per_account[0],
        }
        for r in rows
    ]
    return Table(
        key="arms",
        title=_("Champion and challenger"),
        columns=[
            Column("arm", _("Arm")),
            Column("cases", _("Cases"), "int"),
            Column("promise_rate", _("Promise rate"), "rate"),
            Column("promise_low", _("low (95%)"), "rate"),
            Column("promise_high", _("high (95%)"), "rate"),
            Column("kept_rate", _("Promise-kept rate"), "rate"),
            Column("kept_low", _("low (95%)"), "rate"),
            Column("kept_high", _("high (95%)"), "rate"),
            Column("recovered", _("Recovered per account"), "money"),
        ],
        rows=data,
        chart=Chart("bar", x="arm", series=("promise_rate", "kept_rate"), value_kind="rate"),
        note=_("Cases opened in the period, by the arm they were assigned; Wilson intervals for rates."),
    )


def has_experiment() -> bool:
    """Whether a challenger strategy was ever defined (the arms' table is then worth its
    place); one row of a small table, not a pass over the cases."""
    from arrears.strategy.models import StrategyVersion

    return StrategyVersion.objects.filter(name=StrategyVersion.CHALLENGER).exists()


def agency_league(f: Filters) -> Table:
    """The agencies side by side: cumulative liquidation (collected ÷ placed balance) by
    months since placement, over the batches placed in the period (arrears.recovery)."""
    from arrears.recovery.commission import by_agency, league

    rows = [r for r in league(f.last, months=12) if f.first.strftime("%Y-%m") <= r.placed_month]
    data = [
        {"agency": row.agency, "months": k, "cases": row.cases, "placed": row.placed, "liquidation": value}
        for row in by_agency(rows)
        for k, value in enumerate(row.curve)
        if value is not None
    ]
    return Table(
        key="agencies",
        title=_("Agency league table"),
        columns=[
            Column("agency", _("Agency")),
            Column("months", _("Months since placement"), "int"),
            Column("cases", _("Cases placed"), "int"),
            Column("placed", _("Balance placed"), "money"),
            Column("liquidation", _("Liquidation rate"), "rate"),
        ],
        rows=data,
        chart=Chart("line", x="months", series=("liquidation",), split_by="agency", value_kind="rate"),
        note=_(
            "Liquidation rate = collected during the placements by the end of each month since "
            "placement ÷ the balance placed; over the batches placed from the period's start "
            "(the agencies' page has each batch)."
        ),
    )
