"""The messaging screens: the case page's messages panel, the leads' messages page, campaigns
and the day's print file. Thin views: access getter, form, action, fragment."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arrears.cases.access import can_change, require_change, visible_cases
from arrears.cases.actions import NotAllowed
from arrears.cases.models import Case
from arrears.contacts.models import Preference
from arrears.messaging import actions, bulk
from arrears.messaging.access import (
    can_download_print_files,
    get_case_for_user,
    get_message_for_user,
    require_campaigns,
    require_overview,
    visible_messages,
)
from arrears.messaging.compose import compose
from arrears.messaging.forms import CampaignForm, SendForm, masked, template_scripts
from arrears.messaging.models import Campaign, Channel, Message, PrintBatch, Reply, Status

PANEL_LENGTH = 20


def panel_context(
    request: HttpRequest, case: Case, *, points: list[Any] | None = None, **extra: Any
) -> dict[str, Any]:
    messages = list(
        Message.objects.filter(case=case)
        .select_related("script_version__script", "contact_point")
        .order_by("-created_at", "-id")[:PANEL_LENGTH]
    )
    writable = can_change(request.user) and case.is_open
    return {
        "case": case,
        "case_messages": [(m, masked(m.contact_point)) for m in messages],
        "can_send": writable,
        "templates": list(template_scripts()) if writable else [],
        "now_instant": timezone.now(),
        "form": extra.pop("form", None) or (SendForm(case, points=points) if writable else None),
        **extra,
    }


def _panel(request: HttpRequest, case: Case, status: int = 200, **extra: Any) -> HttpResponse:
    if not getattr(request, "htmx", False):
        # Without JavaScript: the case page, where the panel is.
        if status == 200 and "preview" not in extra:
            return redirect("cases:case", public_id=case.public_id)
        return render(
            request, "messaging/panel_page.html", panel_context(request, case, **extra), status=status
        )
    return render(
        request, "messaging/_case_messages.html", panel_context(request, case, **extra), status=status
    )


@login_required
@require_GET
def case_panel(request: HttpRequest, public_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    return render(request, "messaging/_case_messages.html", panel_context(request, case))


@login_required
@require_POST
def preview(request: HttpRequest, public_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    require_change(request.user)
    form = SendForm(case, request.POST)
    if not form.is_valid():
        return _panel(request, case, 400, form=form)
    point = form.cleaned_data["contact_point"]
    try:
        draft = compose(case, form.cleaned_data["script"], point, request.user)
    except ValidationError as exc:
        return _panel(request, case, 400, form=form, error=" ".join(exc.messages))
    decision = actions.preview_decision(case, draft, point, timezone.now())
    return _panel(request, case, form=form, preview=draft, verdict=decision, to=masked(point))


@login_required
@require_POST
def send(request: HttpRequest, public_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    require_change(request.user)
    form = SendForm(case, request.POST)
    if not form.is_valid():
        return _panel(request, case, 400, form=form)
    try:
        message = actions.queue_message(
            case,
            request.user,
            script=form.cleaned_data["script"],
            contact_point=form.cleaned_data["contact_point"],
        )
    except actions.MessageRefused as refused:
        return _panel(request, case, 409, form=form, verdict=refused.decision, error=refused.messages[0])
    except (ValidationError, NotAllowed) as exc:
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        return _panel(request, case, 400, form=form, error=" ".join(messages))
    done = _("Queued.") if message.due_at > timezone.now() else _("Queued: it goes out now.")
    return _panel(request, case, done=done)


@login_required
@require_POST
def cancel(request: HttpRequest, public_id: str, message_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, public_id)
    require_change(request.user)
    message = get_message_for_user(request.user, case, message_id)
    try:
        actions.cancel_message(message, request.user, request.POST.get("reason", "")[:300])
    except ValidationError as exc:
        return _panel(request, case, 409, error=" ".join(exc.messages))
    return _panel(request, case, done=_("Message cancelled."))


def _today_range() -> tuple[datetime, datetime]:
    today = timezone.localdate(timezone=timezone.get_default_timezone())
    start = timezone.make_aware(datetime.combine(today, time(0)))
    return start, start + timedelta(days=1)


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """Today's messages for a lead: volumes by channel and status, failures, opt-outs."""
    require_overview(request.user)
    start, end = _today_range()
    mine = visible_messages(request.user)
    today = mine.filter(created_at__gte=start, created_at__lt=end)
    counts = {
        (r["channel"], r["status"]): r["n"] for r in today.values("channel", "status").annotate(n=Count("id"))
    }
    statuses = list(Status.choices)
    volumes = [
        (
            label,
            [counts.get((channel, s), 0) for s, _l in statuses],
            sum(counts.get((channel, s), 0) for s, _l in statuses),
        )
        for channel, label in Channel.choices
    ]
    sent_today = mine.filter(sent_at__gte=start, sent_at__lt=end).count()
    failures = list(
        mine.filter(status__in=[Status.FAILED, Status.UNDELIVERED], updated_at__gte=start)
        .select_related("case", "contact_point")
        .order_by("-updated_at")[:50]
    )
    cases = visible_cases(request.user)
    opt_outs = list(
        Preference.objects.filter(
            debtor__cases__in=cases,
            kind=Preference.Kind.OPT_OUT_CHANNEL,
            recorded_at__gte=start,
            recorded_at__lt=end,
        )
        .select_related("debtor")
        .distinct()
        .order_by("-recorded_at")[:50]
    )
    replies = list(
        Reply.objects.filter(case__in=cases, received_at__gte=start)
        .select_related("case")
        .order_by("-received_at")[:50]
    )
    context = {
        "statuses": statuses,
        "volumes": volumes,
        "sent_today": sent_today,
        "failures": failures,
        "opt_outs": opt_outs,
        "replies": replies,
        "day": timezone.localdate(timezone=timezone.get_default_timezone()),
        "batches": list(PrintBatch.objects.all()[:7]) if can_download_print_files(request.user) else [],
        "campaigns": list(Campaign.objects.filter(messages__case__in=cases).distinct()[:10]),
    }
    return render(request, "messaging/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def campaign(request: HttpRequest) -> HttpResponse:
    """Send a template to a filtered set of the lead's cases: preview the counts, then queue."""
    require_campaigns(request.user)
    form = CampaignForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        script = form.cleaned_data["script"]
        ids = list(form.cases(visible_cases(request.user)).values_list("id", flat=True)[:100_000])
        try:
            planned = bulk.plan(ids, script, timezone.now())
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
            return render(request, "messaging/campaign.html", context, status=400)
        context["plan"] = planned
        if request.POST.get("action") == "send":
            name = (
                form.cleaned_data.get("name")
                or f"{timezone.localdate(timezone=timezone.get_default_timezone())} {script.title}"
            )
            assert isinstance(request.user, User)  # require_campaigns: a signed-in lead
            made = Campaign.objects.create(
                name=name,
                script=script,
                filters=form.filters(),
                counts=planned.counts(),
                created_by=request.user,
            )
            context["queued"] = bulk.queue(planned, user=request.user, campaign=made)
            context["campaign"] = made
    elif request.method == "POST":
        return render(request, "messaging/campaign.html", context, status=400)
    return render(request, "messaging/campaign.html", context)


@login_required
@require_GET
def print_file(request: HttpRequest, day: str) -> FileResponse:
    if not can_download_print_files(request.user):
        raise PermissionDenied("administrators and compliance only")
    try:
        batch = PrintBatch.objects.get(day=date.fromisoformat(day))
    except (ValueError, PrintBatch.DoesNotExist):
        raise Http404 from None
    if not batch.path:
        raise Http404
    try:
        handle = open(batch.path, "rb")  # noqa: SIM115 - FileResponse closes it
    except OSError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"print-{batch.day.isoformat()}.pdf",
        content_type="application/pdf",
    )
