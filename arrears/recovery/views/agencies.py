"""The agency screens (docs/recovery.md): agencies and their open batches, a new placement
(form, preview with the scrub, confirm), a batch with its files and recalls, the league
table, an agency's commission statement, and the notice form of the case page.

Leads, managers and the administrator only (arrears.cases.access.require_lead), each over
the cases they may see (visible_cases): a batch is theirs to see when it holds one of
their cases, and they see, download and recall only those of its placements."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arrears.cases.access import get_case_for_user, require_lead, visible_cases
from arrears.cases.models import Case
from arrears.cases.views.common import _form_error, _htmx_target, _render_case, _today
from arrears.core.spreadsheets import csv_writer, write_xlsx
from arrears.recovery import files
from arrears.recovery.actions import NOTICE_ROLES, record_notice
from arrears.recovery.commission import ZERO
from arrears.recovery.forms import NoticeForm, PlacementForm, RecallForm, contracts_in_force
from arrears.recovery.models import Agency, Commission, Placement, PlacementBatch, RecallReason
from arrears.recovery.placement import candidates, place, recall, scrub, scrub_labels, split

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
LEAGUE_MONTHS = 6


def _scope(user: Any) -> QuerySet[Case]:
    return visible_cases(user)


def _placements(user: Any) -> QuerySet[Placement]:
    """The placements of the cases `user` may see."""
    return Placement.objects.filter(case__in=_scope(user))


def _batches(user: Any) -> QuerySet[PlacementBatch]:
    return PlacementBatch.objects.filter(pk__in=_placements(user).values("batch_id"))


def _batch(user: Any, public_id: Any) -> PlacementBatch:
    try:
        return _batches(user).select_related("agency", "contract", "created_by").get(public_id=public_id)
    except (PlacementBatch.DoesNotExist, ValueError):
        raise Http404 from None


def _download(content: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _table_file(
    header: list[str], rows: list[list[Any]], fmt: str, title: str, number_formats: list[str | None]
) -> bytes:
    if fmt == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(buffer, header, rows, title=title, number_formats=number_formats)
        return buffer.getvalue()
    text = io.StringIO()
    writer = csv_writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + text.getvalue()).encode("utf-8")


# --- The agencies and their batches ---------------------------------------------------------


@dataclass
class BatchFigures:
    batch: PlacementBatch
    cases: int
    active: int
    placed: Decimal
    collected: Decimal
    commission: Decimal


def _figures(user: Any, batches: list[PlacementBatch]) -> list[BatchFigures]:
    """Each batch's cases, placed balance, collected and commission so far, over the
    placements of the cases `user` may see."""
    ids = [b.pk for b in batches]
    placements = _placements(user).filter(batch_id__in=ids)
    placed = {
        r["batch_id"]: r
        for r in placements.values("batch_id")
        .annotate(
            n=Count("pk"),
            out=Count("pk", filter=Q(recalled_on__isnull=True)),
            p=Sum("principal"),
            i=Sum("interest"),
            f=Sum("fees"),
        )
        .order_by()
    }
    earned = {
        r["placement__batch_id"]: r
        for r in Commission.objects.filter(placement__in=placements)
        .values("placement__batch_id")
        .annotate(collected=Sum("collected"), amount=Sum("amount"))
        .order_by()
    }
    out = []
    for batch in batches:
        p: dict[str, Any] = dict(placed.get(batch.pk) or {})
        e: dict[str, Any] = dict(earned.get(batch.pk) or {})
        out.append(
            BatchFigures(
                batch=batch,
                cases=p.get("n", 0),
                active=p.get("out", 0),
                placed=(p.get("p") or ZERO) + (p.get("i") or ZERO) + (p.get("f") or ZERO),
                collected=e.get("collected") or ZERO,
                commission=e.get("amount") or ZERO,
            )
        )
    return out


@login_required
def index(request: HttpRequest) -> HttpResponse:
    require_lead(request.user)
    today = _today()
    contracts: dict[int, list[Any]] = {}
    for contract in contracts_in_force(today).order_by("-starts_on"):
        contracts.setdefault(contract.agency_id, []).append(contract)
    agencies = [(a, contracts.get(a.pk, [])) for a in Agency.objects.filter(active=True).order_by("name")]
    batches = _batches(request.user).select_related("agency")
    open_batches = list(batches.filter(status=PlacementBatch.Status.OPEN).order_by("term_ends_on", "pk"))
    recalled = list(
        batches.filter(status=PlacementBatch.Status.RECALLED).order_by("-recalled_on", "-pk")[:20]
    )
    return render(
        request,
        "recovery/index.html",
        {
            "agencies": agencies,
            "open": _figures(request.user, open_batches),
            "recalled": _figures(request.user, recalled),
            "month": today.strftime("%Y-%m"),
            "today": today,
        },
    )


# --- A new placement: the form, the preview, the confirmation ------------------------------


@dataclass
class Preview:
    found: int
    kept: list[int]
    excluded: list[tuple[str, str, int]]  # (reason, label, count)
    balance: Decimal

    @property
    def excluded_total(self) -> int:
        return self.found - len(self.kept)


def _preview(form: PlacementForm) -> Preview:
    chosen = {
        case.pk: getattr(case, "open_balance", ZERO)
        for case in candidates(form.scope, form.rule()).only("pk")
    }
    result = scrub(sorted(chosen))
    labels = scrub_labels()
    return Preview(
        found=len(chosen),
        kept=result.kept,
        excluded=[(reason, labels[reason], n) for reason, n in result.counts.items() if n],
        balance=sum((chosen[pk] or ZERO for pk in result.kept), ZERO),
    )


@login_required
def new_placement(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST with step=preview: what the rule takes and what the scrub keeps
    out; with step=confirm: the batch (or, split, one batch per agency)."""
    require_lead(request.user)
    scope = _scope(request.user)
    if request.method != "POST":
        form = PlacementForm(scope=scope, initial={"stage": "agency"})
        return render(request, "recovery/new.html", {"form": form})
    form = PlacementForm(request.POST, scope=scope)
    if not form.is_valid():
        return render(request, "recovery/new.html", {"form": form}, status=400)
    step = request.POST.get("step")
    if step == "edit":
        return render(request, "recovery/new.html", {"form": form})
    preview = _preview(form)
    if step != "confirm":
        posted = [(name, value) for name in form.fields for value in request.POST.getlist(name)]
        return render(request, "recovery/preview.html", {"form": form, "preview": preview, "posted": posted})
    data = form.cleaned_data
    try:
        if form.is_split():
            share = data["split_share"]
            batches = split(
                preview.kept,
                [
                    (data["agency"], data["contract"], float(100 - share)),
                    (data["split_agency"], data["split_contract"], float(share)),
                ],
                request.user,
                _today(),
                segment=form.segment(),
            )
        else:
            batches = [
                place(
                    preview.kept,
                    data["agency"],
                    data["contract"],
                    request.user,
                    _today(),
                    segment=form.segment(),
                )
            ]
    except ValidationError as exc:
        form.add_error(None, exc)
        return render(request, "recovery/new.html", {"form": form}, status=400)
    if not batches:
        form.add_error(None, _("No case left to place after the scrub."))
        return render(request, "recovery/new.html", {"form": form}, status=400)
    for batch in batches:
        messages.success(
            request,
            _("Batch %(batch)s placed with %(agency)s: %(n)s cases.")
            % {"batch": batch.reference, "agency": batch.agency.name, "n": batch.placements.count()},
        )
    return redirect("recovery:batch", public_id=batches[0].public_id)


# --- A batch: its placements, its files, its recall --------------------------------------


@login_required
def batch_page(request: HttpRequest, public_id: str) -> HttpResponse:
    require_lead(request.user)
    return _batch_response(request, _batch(request.user, public_id))


def _batch_response(
    request: HttpRequest, batch: PlacementBatch, status: int = 200, **extra: Any
) -> HttpResponse:
    placements = list(
        _placements(request.user)
        .filter(batch=batch)
        .select_related("case", "case__debtor")
        .order_by("recalled_on", "pk")
    )
    earned = {
        r["placement_id"]: (r["collected"], r["amount"])
        for r in Commission.objects.filter(placement__in=[p.pk for p in placements])
        .values("placement_id")
        .annotate(collected=Sum("collected"), amount=Sum("amount"))
        .order_by()
    }
    reasons = dict(RecallReason.choices)
    rows = [
        {
            "placement": p,
            "collected": earned.get(p.pk, (ZERO, ZERO))[0] or ZERO,
            "commission": earned.get(p.pk, (ZERO, ZERO))[1] or ZERO,
            "reason": reasons.get(p.recall_reason, p.recall_reason),
        }
        for p in placements
    ]
    [figures] = _figures(request.user, [batch])
    return render(
        request,
        "recovery/batch.html",
        {
            "batch": batch,
            "rows": rows,
            "figures": figures,
            "currency": placements[0].case.debtor.creditor.default_currency if placements else "",
            "recall_form": RecallForm(),
            **extra,
        },
        status=status,
    )


@login_required
def batch_file(request: HttpRequest, public_id: str, kind: str, fmt: str) -> HttpResponse:
    """The placement file (its export recorded as a reveal of personal data) or the recall
    file, as CSV or XLSX, with the placements of the cases the user may see."""
    require_lead(request.user)
    if fmt not in FORMATS or kind not in ("placement", "recall"):
        raise Http404
    batch = _batch(request.user, public_id)
    mine = set(_placements(request.user).filter(batch=batch).values_list("case_id", flat=True))
    references = {Case(pk=pk).reference for pk in mine}
    if kind == "placement":
        content = files.placement_file(batch, fmt, request.user, references=references)
    else:
        header, rows = files.recall_rows(batch)
        content = files.render(header, [r for r in rows if r[0] in references], fmt, batch.reference)
    return _download(content, fmt, f"{batch.reference}-{kind}.{fmt}")


@login_required
@require_POST
def recall_batch(request: HttpRequest, public_id: str) -> HttpResponse:
    require_lead(request.user)
    batch = _batch(request.user, public_id)
    form = RecallForm(request.POST)
    if not form.is_valid():
        return _batch_response(request, batch, 400, recall_form=form)
    active = (
        _placements(request.user)
        .filter(batch=batch, recalled_on__isnull=True)
        .select_related("case", "batch", "agency")
    )
    n = recall(list(active), RecallReason.LEAD, request.user, _today())
    messages.success(
        request, _("%(n)s cases recalled from %(agency)s.") % {"n": n, "agency": batch.agency.name}
    )
    return redirect("recovery:batch", public_id=batch.public_id)


@login_required
@require_POST
def recall_one(request: HttpRequest, public_id: str, case_id: str) -> HttpResponse:
    require_lead(request.user)
    batch = _batch(request.user, public_id)
    placement = (
        _placements(request.user)
        .filter(batch=batch, case__public_id=case_id)
        .select_related("case", "batch", "agency")
        .first()
    )
    if placement is None:
        raise Http404
    form = RecallForm(request.POST)
    if not form.is_valid():
        return _batch_response(request, batch, 400, recall_form=form, recall_case=placement.case_id)
    if recall([placement], RecallReason.LEAD, request.user, _today()):
        messages.success(request, _("Case %(case)s recalled.") % {"case": placement.case.reference})
    return redirect("recovery:batch", public_id=batch.public_id)


# --- The league table ------------------------------------------------------------------


@login_required
@require_POST
def notice(request: HttpRequest, public_id: str) -> HttpResponse:
    """A bankruptcy or death notice about the case's debtor: collection stops and the
    debtor's placements come back (arrears.recovery.actions.record_notice)."""
    case = get_case_for_user(request.user, public_id)
    profile = getattr(request.user, "profile", None)
    if profile is None or profile.role not in NOTICE_ROLES:
        raise PermissionDenied("leads and compliance officers record notices")
    status = 200 if _htmx_target(request) is not None else 400
    form = NoticeForm(request.POST, case=case)
    kept: dict[str, Any] = {"forms": {"NoticeForm": form}}
    if not form.is_valid():
        return _render_case(request, case, status=status, error=_form_error(form), **kept)
    data = form.cleaned_data
    try:
        record_notice(case.debtor, data["kind"], data["received_on"], data["source"], request.user)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            form.add_problems(
                {
                    name: " ".join(m for err in errors for m in err.messages)
                    for name, errors in exc.error_dict.items()
                }
            )
        else:
            form.add_error(None, exc)
        return _render_case(request, case, status=status, error=_form_error(form), **kept)
    return _render_case(
        request,
        case,
        done=_("Notice recorded: collection from this debtor stops, and any placement is recalled."),
    )
