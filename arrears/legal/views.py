"""Legal recovery's screens: the case page's legal panel posts (referral, decision,
exhibits, demand letter: each re-renders the case page, errors by their fields), the legal
matter's page with its edit form, and the list of matters for leads, managers and
compliance."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arrears.cases.access import get_case_for_user, is_lead, sees_everything, visible_cases
from arrears.cases.actions.common import NotAllowed
from arrears.cases.forms import CaseForm
from arrears.cases.models import Case
from arrears.cases.views.common import _post_action
from arrears.legal import actions
from arrears.legal.forms import DecisionForm, DemandForm, ExhibitForm, MatterForm, ReferralForm
from arrears.legal.models import LegalMatter, LegalReferral

PAGE_SIZE = 100


@login_required
@require_POST
def refer(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case, form: ReferralForm) -> str:
        actions.request_referral(case, request.user, reason=form.cleaned_data["reason"])
        return _("Referral requested: a team lead or a manager decides it.")

    return _post_action(request, public_id, work, ReferralForm)


def _referral_case(request: HttpRequest, public_id: str) -> tuple[LegalReferral, str]:
    referral = get_object_or_404(LegalReferral.objects.select_related("case"), public_id=public_id)
    case = get_case_for_user(request.user, referral.case.public_id)  # 404 outside the scope
    return referral, str(case.public_id)


@login_required
@require_POST
def decide(request: HttpRequest, public_id: str) -> HttpResponse:
    referral, case_id = _referral_case(request, public_id)

    def work(case: Case, form: DecisionForm) -> str:
        approve = form.cleaned_data["decision"] == "approve"
        actions.decide_referral(referral, request.user, approve=approve, note=form.cleaned_data["note"])
        return _("Approved: the legal matter is open.") if approve else _("Rejected.")

    return _post_action(request, case_id, work, DecisionForm)


@login_required
@require_POST
def withdraw(request: HttpRequest, public_id: str) -> HttpResponse:
    referral, case_id = _referral_case(request, public_id)

    def work(case: Case) -> str:
        actions.withdraw_referral(referral, request.user)
        return _("Withdrawn.")

    return _post_action(request, case_id, work)


@login_required
@require_POST
def attach(request: HttpRequest, public_id: str) -> HttpResponse:
    def form_class(data: Any, *, case: Case) -> ExhibitForm:
        return ExhibitForm(data, request.FILES, case=case)

    def work(case: Case, form: ExhibitForm) -> str:
        exhibit = actions.attach_exhibit(
            case, request.user, code=form.cleaned_data["code"], upload=form.cleaned_data["file"]
        )
        return _("Attached; SHA-256 %(sha)s.") % {"sha": exhibit.sha256}

    form_class.__name__ = "ExhibitForm"
    return _post_action(request, public_id, work, cast(type[CaseForm], form_class))


@login_required
@require_POST
def demand(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case, form: DemandForm) -> str:
        actions.send_demand_letter(
            case,
            request.user,
            script=form.cleaned_data["script"],
            contact_point=form.cleaned_data["contact_point"],
        )
        return _("The demand letter is queued for the print batch.")

    return _post_action(request, public_id, work, DemandForm)


def _matter_for(request: HttpRequest, public_id: str) -> LegalMatter:
    matter = get_object_or_404(LegalMatter.objects.select_related("case", "referral"), public_id=public_id)
    get_case_for_user(request.user, matter.case.public_id)  # 404 outside the scope
    return matter


@login_required
@require_http_methods(["GET", "POST"])
def matter(request: HttpRequest, public_id: str) -> HttpResponse:
    """The legal matter: its facts and events; a lead's or manager's edit form."""
    current = _matter_for(request, public_id)
    may_edit = actions.may_edit_matter(request.user)
    form = MatterForm(instance=current) if may_edit else None
    status, error, done = 200, "", ""
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("leads and managers change legal matters")
        form = MatterForm(request.POST, instance=LegalMatter.objects.get(pk=current.pk))
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "seen"}
            try:
                current = actions.change_matter(
                    current, request.user, values, seen=form.cleaned_data.get("seen")
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for name, errors in exc.error_dict.items():
                        form.add_error(name if name in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
                status = 400
            except NotAllowed as exc:
                raise PermissionDenied(str(exc)) from None
            else:
                form, done = (
                    MatterForm(instance=current),
                    _("Saved; each change is on the case's evidence chain."),
                )
        else:
            status = 400
        if status == 400:
            error = _("Correct the fields marked below.")
    events = (
        current.case.events.filter(kind__startswith="legal_").select_related("actor").order_by("-seq")[:50]
    )
    context = {
        "matter": current,
        "case": current.case,
        "form": form,
        "events": events,
        "error": error,
        "done": done,
    }
    return render(request, "legal/matter.html", context, status=status)


@login_required
def matters(request: HttpRequest) -> HttpResponse:
    """The matters and waiting referrals of the user's scope, filtered by status, by
    enforcement outcome and by a search over case references, courts and case numbers."""
    if not (is_lead(request.user) or sees_everything(request.user)):
        raise PermissionDenied("team leads, managers and compliance only")
    scope = visible_cases(request.user)
    rows = LegalMatter.objects.filter(case__in=scope).select_related("case", "case__debtor", "case__team")
    status = request.GET.get("status", "")
    if status in LegalMatter.Status.values:
        rows = rows.filter(status=status)
    outcome = request.GET.get("outcome", "")
    if outcome in LegalMatter.Enforcement.values and outcome:
        rows = rows.filter(enforcement_outcome=outcome)
    query = (request.GET.get("q", "") or "").strip()[:100]
    if query:
        pk = Case.pk_from_reference(query)
        rows = rows.filter(
            Q(case_id=pk if pk is not None else -1)
            | Q(court__icontains=query)
            | Q(case_number__icontains=query)
            | Q(enforcement_case_number__icontains=query)
        )
    pending = (
        LegalReferral.objects.filter(case__in=scope, status=LegalReferral.Status.PENDING)
        .select_related("case", "case__debtor", "requested_by")
        .order_by("requested_at")[:PAGE_SIZE]
    )
    context = {
        "rows": list(rows.order_by("-opened_at")[:PAGE_SIZE]),
        "pending": list(pending),
        "statuses": LegalMatter.Status.choices,
        "outcomes": [c for c in LegalMatter.Enforcement.choices if c[0]],
        "status": status,
        "outcome": outcome,
        "q": query,
    }
    return render(request, "legal/matters.html", context)

