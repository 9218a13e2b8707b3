"""The what-if check: a contact described in a form (or as JSON), decided, never recorded."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from arrears.compliance import parameters
from arrears.compliance.actions import Checked, check
from arrears.compliance.forms import HistoryFormSet, WhatIfForm
from arrears.compliance.profiles import DEFAULTS, PolicyError
from arrears.compliance.request import RequestError
from arrears.compliance.views.common import require_reviewer

Initial = tuple[dict[str, Any], list[dict[str, Any]]]


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    # A datetime-local field shows the wall time as given; the form reads it in the profile's zone.
    return datetime.combine(day, time(hour, minute))


def _late_call(today: date) -> Initial:
    return {"at": _local(today, 22, 30)}, []


def _seventh_call(today: date) -> Initial:
    dials = [{"at": _local(today, 8, 5) + timedelta(minutes=15 * i), "channel": "call"} for i in range(6)]
    return {"at": _local(today, 10)}, dials


def _employer_threat(today: date) -> Initial:
    return {"at": _local(today, 10), "channel": "sms", "text": "再不还钱，我们就通知你单位领导和同事。"}, []


def _relative_pays(today: date) -> Initial:
    return {"at": _local(today, 10), "role": "relative", "text": "你是他的亲戚，请你替他把欠款还上。"}, []


# name -> (button label, the form's starting values on the CN profile's today)
EXAMPLES: dict[str, tuple[Promise, Callable[[date], Initial]]] = {
    "late-call": (gettext_lazy("A call at 22:30"), _late_call),
    "seventh-call": (gettext_lazy("The 7th call today"), _seventh_call),
    "employer-threat": (gettext_lazy("A text threatening to tell the employer"), _employer_threat),
    "relative-pays": (gettext_lazy("A call to a relative asking them to pay"), _relative_pays),
}


def _initial(example: str | None) -> Initial:
    base: dict[str, Any] = {
        "profile": "CN",
        "channel": "call",
        "role": "debtor",
        "purpose": "collect",
        "consumer": True,
    }
    today = timezone.now().astimezone(ZoneInfo(DEFAULTS["CN"].default_zone)).date()
    if example in EXAMPLES:
        extra, history = EXAMPLES[example][1](today)
        return {**base, **extra}, history
    return {**base, "at": _local(today, 10)}, []


def _result(checked: Checked) -> dict[str, Any]:
    """The decision as the page shows it: verdict, each blocking rule in words, next time."""
    decision = checked.decision
    lang = get_language() or "en"
    zone = decision.zones[0]
    reasons = [
        {
            "rule": parameters.rule_words(f["rule_id"]),
            "reason": f["reason"],
            "source": parameters.plain_source(f["rule_id"]),
        }
        for f in decision.to_dict(lang)["reasons"]
    ]
    nxt = decision.next_allowed_at
    return {
        "allowed": decision.allowed,
        "profile": decision.profile,
        "version": checked.policy_version.version,
        "reasons": reasons,
        "local": decision.at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
        "zone": zone.key,
        "next": nxt.astimezone(zone).strftime("%Y-%m-%d %H:%M") if nxt else None,
    }


@login_required
def check_page(request: HttpRequest) -> HttpResponse:
    require_reviewer(request)
    errors: list[str] = []
    result = None
    if request.method == "POST":
        form, history = WhatIfForm(request.POST), HistoryFormSet(request.POST, prefix="history")
        # The JSON alternative is the whole request: the history rows are not read (and a
        # client that posts only the JSON sends no formset at all).
        uses_json = form.is_valid() and bool(form.cleaned_data["request"].strip())
        if form.is_valid() and (uses_json or history.is_valid()):
            rows = [] if uses_json else [row for row in history.cleaned_data if row.get("at")]
            try:
                # A what-if check: evaluated, not recorded (it is not a real contact).
                result = _result(check(form.contact_request(rows)))
            except json.JSONDecodeError as exc:
                errors = [_("The JSON is not valid: %(error)s") % {"error": exc}]
            except RecursionError:
                # json.loads recurses per level: "[[[[...]]]]" thousands deep was a 500.
                errors = [_("The request is nested too deeply to be a contact check.")]
            except RequestError as exc:
                errors = exc.errors
            except (PolicyError, OverflowError, ValueError):
                errors = [_("This contact cannot be checked: a date or a value is out of range.")]
    else:
        initial, rows = _initial(request.GET.get("example"))
        form = WhatIfForm(initial=initial)
        history = HistoryFormSet(initial=rows, prefix="history")
    context = {
        "form": form,
        "history": history,
        "errors": errors,
        "result": result,
        "examples": [(name, label) for name, (label, _build) in EXAMPLES.items()],
    }
    return render(request, "compliance/check.html", context)
