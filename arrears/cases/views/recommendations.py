"""The team lead's stage moves to confirm, grouped by rule and segment (from -> to stage,
creditor, DPD band, balance band) with counts, sums and the first cases; a whole group is
confirmed or rejected in one action, with the lead's reason on every case.

A group is named by a signed token holding its key and the highest recommendation id the
lead saw, so moves the nightly run adds later are not decided unseen. Big groups are
decided in chunks (one transaction each); after a few seconds the answer shows the
progress and the page asks for the next part by itself (HTMX), so no request runs long.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db.models import Case as SqlCase
from django.db.models import CharField, Count, F, IntegerField, Max, QuerySet, Sum, Value, When, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from arrears.cases import actions
from arrears.cases.access import require_lead, visible_cases
from arrears.cases.models import Stage, StageRecommendation
from arrears.core.dpd import at_most
from arrears.portfolio.aging import parse_bounds
from arrears.portfolio.models import Creditor

SALT = "arrears.cases.recommendation-group"
CHUNK = 100  # recommendations per transaction: short locks, steady progress
BUDGET_SECONDS = 2.0  # work per request before the answer shows progress
PREVIEW = 3
# Balance bands in the creditor's currency: the lower bounds of bands 1, 2, 3.
BALANCE_BOUNDS = (Decimal(1_000), Decimal(10_000), Decimal(100_000))


def _dpd_band() -> SqlCase:
    """The aging bucket (M1, M2, ..., M7+) of the case's days past due, as in the overview."""
    bounds = parse_bounds(settings.ARREARS_BUCKETS)
    whens = [When(at_most("case__delinquent_since", bounds[0]), then=Value("M0"))]
    whens += [
        When(at_most("case__delinquent_since", b), then=Value(f"M{i}"))
        for i, b in enumerate(bounds[1:], start=1)
    ]
    return SqlCase(*whens, default=Value(f"M{len(bounds)}+"), output_field=CharField())


def _balance_band() -> SqlCase:
    whens = [When(case__balance__lt=b, then=Value(i)) for i, b in enumerate(BALANCE_BOUNDS)]
    return SqlCase(*whens, default=Value(len(BALANCE_BOUNDS)), output_field=IntegerField())


def _dpd_label(band: str) -> str:
    bounds = parse_bounds(settings.ARREARS_BUCKETS)
    if band.endswith("+"):
        return _("%(band)s · over %(low)d days") % {"band": band, "low": bounds[-1]}
    index = int(band[1:])
    if index == 0:
        return _("%(band)s · current") % {"band": band}
    return _("%(band)s · %(low)d–%(high)d days") % {
        "band": band,
        "low": bounds[index - 1] + 1,
        "high": bounds[index],
    }


def _balance_label(band: int, currency: str) -> str:
    edges = [f"{b:,.0f}" for b in BALANCE_BOUNDS]
    if band == 0:
        return _("under %(high)s %(currency)s") % {"high": edges[0], "currency": currency}
    if band == len(BALANCE_BOUNDS):
        return _("%(low)s %(currency)s or more") % {"low": edges[-1], "currency": currency}
    return f"{edges[band - 1]}–{edges[band]} {currency}"


RULE_LABELS = {"dpd": gettext_lazy("days past due, no kept promise")}


def _pending(user: Any) -> QuerySet[StageRecommendation]:
    return StageRecommendation.objects.filter(
        status=StageRecommendation.Status.PENDING, case__in=visible_cases(user)
    ).annotate(creditor_id=F("case__debtor__creditor_id"), dpd_band=_dpd_band(), balance_band=_balance_band())


KEY = ("rule", "from_stage", "to_stage", "creditor_id", "dpd_band", "balance_band")


@dataclass
class Group:
    key: dict[str, Any]
    count: int
    overdue: Decimal
    upto: int
    creditor: Creditor
    preview: list[StageRecommendation] = field(default_factory=list)

    @property
    def token(self) -> str:
        return signing.dumps({**self.key, "upto": self.upto}, salt=SALT)

    @property
    def move(self) -> str:
        return f"{Stage(self.key['from_stage']).label} → {Stage(self.key['to_stage']).label}"

    @property
    def rule_label(self) -> str:
        return str(RULE_LABELS.get(self.key["rule"].split("_")[0], self.key["rule"].replace("_", " ")))

    @property
    def dpd_label(self) -> str:
        return _dpd_label(self.key["dpd_band"])

    @property
    def balance_label(self) -> str:
        return _balance_label(self.key["balance_band"], self.creditor.default_currency)

    @property
    def more(self) -> int:
        return self.count - len(self.preview)


def recommendation_groups(user: Any) -> list[Group]:
    """The lead's pending moves by group, biggest first, each with its first cases (three
    queries whatever the number of groups)."""
    rows = list(
        _pending(user)
        .values(*KEY)
        .annotate(n=Count("pk"), overdue=Sum("case__overdue_amount"), upto=Max("pk"))
        .order_by("-n", *KEY)
    )
    creditors = Creditor.objects.in_bulk({r["creditor_id"] for r in rows})
    groups = {
        tuple(r[k] for k in KEY): Group(
            {k: r[k] for k in KEY}, r["n"], r["overdue"] or Decimal(0), r["upto"], creditors[r["creditor_id"]]
        )
        for r in rows
    }
    ranked = (
        _pending(user)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[
                    F("rule"),
                    F("from_stage"),
                    F("to_stage"),
                    F("creditor_id"),
                    F("dpd_band"),
                    F("balance_band"),
                ],
                order_by=[F("case__priority").desc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=PREVIEW)
        .select_related("case", "case__debtor", "case__owner")
    )
    for rec in ranked:
        groups[tuple(getattr(rec, k) for k in KEY)].preview.append(rec)
    return list(groups.values())


# The groups are kept this long for a lead, keyed by how many moves wait in their scope and
# the newest one's id: a night's new moves or a decision show at once; a change of a case's
# overdue amount or priority (which orders the previews) shows within the minute.
GROUPS_SECONDS = 60


def cached_groups(user: Any) -> list[Group]:
    """recommendation_groups(user), from the cache while nothing was added or decided."""
    from django.core.cache import cache

    pending = StageRecommendation.objects.filter(
        status=StageRecommendation.Status.PENDING, case__in=visible_cases(user)
    )
    state = pending.aggregate(n=Count("pk"), last=Max("pk"))
    key = f"recommendation-groups:{user.pk}:{state['n']}:{state['last']}"
    groups: list[Group] | None = cache.get(key)
    if groups is None:
        groups = recommendation_groups(user) if state["n"] else []
        cache.set(key, groups, GROUPS_SECONDS)
    return groups


def recommendations_context(user: Any, **extra: Any) -> dict[str, Any]:
    """What cases/_recommendations.html needs; the team screen includes it."""
    groups = cached_groups(user)
    return {"rec_groups": groups, "rec_total": sum(g.count for g in groups), **extra}


class GroupDecisionForm(forms.Form):
    group = forms.CharField()
    decision = forms.ChoiceField(choices=[("confirm", "confirm"), ("reject", "reject")])
    reason = forms.CharField(
        max_length=200,
        strip=True,
        error_messages={"required": gettext_lazy("Give a reason: it is recorded on every case.")},
    )
    done = forms.IntegerField(min_value=0, required=False)

    def clean_group(self) -> dict[str, Any]:
        try:
            key = signing.loads(self.cleaned_data["group"], salt=SALT)
        except signing.BadSignature:
            raise forms.ValidationError(_("This group is not valid any more: reload the page.")) from None
        if not isinstance(key, dict) or set(key) != {*KEY, "upto"}:
            raise forms.ValidationError(_("This group is not valid any more: reload the page."))
        return key


def _members(user: Any, key: dict[str, Any]) -> QuerySet[StageRecommendation]:
    return _pending(user).filter(pk__lte=key["upto"], **{k: key[k] for k in KEY})


@login_required
@require_POST
def decide_group(request: HttpRequest) -> HttpResponse:
    """Confirm or reject every pending move of one group, the lead's reason on each case."""
    require_lead(request.user)
    form = GroupDecisionForm(request.POST)
    if not form.is_valid():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _answer(request, error=error)
    key, data = form.cleaned_data["group"], form.cleaned_data
    if not visible_cases(request.user).filter(debtor__creditor_id=key["creditor_id"]).exists():
        raise Http404  # a group of another team's creditor: as if it did not exist
    confirm, done = data["decision"] == "confirm", data["done"] or 0
    started = time.monotonic()
    while True:  # at least one chunk per request, so every request moves on
        ids = list(_members(request.user, key).order_by("pk").values_list("pk", flat=True)[:CHUNK])
        if not ids:
            break
        done += actions.decide_recommendations(
            ids, request.user, confirm=confirm, reason=data["reason"], scope=visible_cases(request.user)
        )
        if time.monotonic() - started >= BUDGET_SECONDS:
            break
    left = _members(request.user, key).count()
    message = (
        _("Nothing left to decide in this group: it was decided already.")
        if not done
        else ngettext("%(n)d stage move confirmed.", "%(n)d stage moves confirmed.", done)
        if confirm
        else ngettext("%(n)d stage move rejected.", "%(n)d stage moves rejected.", done)
    ) % {"n": done}
    progress = {**data, "group": request.POST["group"], "done": done, "total": done + left} if left else None
    return _answer(request, done=message if not left else "", progress=progress)


def _answer(request: HttpRequest, **extra: Any) -> HttpResponse:
    """The section again (HTMX), or the team screen with a message (a plain form post)."""
    if getattr(request, "htmx", False):
        context = recommendations_context(request.user, **{f"rec_{k}": v for k, v in extra.items()})
        return render(request, "cases/_recommendations.html", context)
    if extra.get("error"):
        messages.error(request, extra["error"])
    elif extra.get("progress"):
        messages.info(
            request, _("%(done)d of %(total)d decided; submit the group again to go on.") % extra["progress"]
        )
    else:
        messages.success(request, extra["done"])
    return redirect("cases:team")
