"""Each profile's active policy in words, its history, and changes through maker-checker."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arrears.compliance import parameters
from arrears.compliance.actions import active_policy
from arrears.compliance.forms import DecideForm, PolicyForm
from arrears.compliance.models import PolicyProposal, PolicyVersion
from arrears.compliance.profiles import PROFILE_NAMES
from arrears.compliance.proposals import ProposalError, approve, can_change_policy, propose, reject
from arrears.compliance.views.common import require_reviewer


def _profile(name: str) -> str:
    if name not in PROFILE_NAMES:
        raise Http404
    return name


@login_required
def policy_index(request: HttpRequest) -> HttpResponse:
    require_reviewer(request)
    profiles = [(name, active_policy(name)) for name in PROFILE_NAMES]
    pending = PolicyProposal.objects.filter(status=PolicyProposal.Status.PENDING).select_related(
        "proposed_by"
    )
    return render(request, "compliance/policy_index.html", {"profiles": profiles, "pending": pending})


def _proposal_rows(proposals: list[PolicyProposal]) -> list[tuple[PolicyProposal, list[parameters.Change]]]:
    return [(p, parameters.changes(p.base_version.parameters, p.parameters)) for p in proposals]


@login_required
def policy_page(request: HttpRequest, profile: str) -> HttpResponse:
    require_reviewer(request)
    profile = _profile(profile)
    active = active_policy(profile)
    versions = list(PolicyVersion.objects.filter(profile=profile).select_related("author", "approved_by"))
    history = [
        (v, parameters.changes(versions[i + 1].parameters if i + 1 < len(versions) else None, v.parameters))
        for i, v in enumerate(versions)
    ]
    proposals = list(
        PolicyProposal.objects.filter(profile=profile).select_related(
            "base_version", "proposed_by", "decided_by", "version"
        )[:20]
    )
    context = {
        "profile_name": profile,
        "active": active,
        "groups": parameters.describe(active.policy()),
        "history": history,
        "proposals": _proposal_rows(proposals),
        "can_change": can_change_policy(request.user),
        "decide_form": DecideForm(),
        "profiles": PROFILE_NAMES,
    }
    return render(request, "compliance/policy.html", context)


@login_required
def propose_page(request: HttpRequest, profile: str) -> HttpResponse:
    profile = _profile(profile)
    if not can_change_policy(request.user):
        raise PermissionDenied
    base = active_policy(profile)
    form = PolicyForm(request.POST or None, policy=base.policy(), version=base.version)
    if request.method == "POST" and form.is_valid():
        try:
            propose(
                profile, form.parameters(), user=request.user, reason=form.cleaned_data["reason"], base=base
            )
        except ProposalError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Proposal recorded: another compliance officer or an administrator must approve it."),
            )
            return redirect("compliance:policy", profile=profile)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "compliance/propose.html",
        {"form": form, "profile_name": profile, "base": base},
        status=status,
    )


@login_required
@require_POST
def proposal_decide(request: HttpRequest, public_id: str) -> HttpResponse:
    if not can_change_policy(request.user):
        raise PermissionDenied
    proposal = get_object_or_404(PolicyProposal, public_id=public_id)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject."))
        return redirect("compliance:policy", profile=proposal.profile)
    note = form.cleaned_data["note"]
    try:
        if form.cleaned_data["verdict"] == "approve":
            decided = approve(proposal, user=request.user, note=note)
        else:
            decided = reject(proposal, user=request.user, note=note)
    except ProposalError as exc:
        messages.error(request, str(exc))
        return redirect("compliance:policy", profile=proposal.profile)
    if decided.status == PolicyProposal.Status.SUPERSEDED:
        messages.error(
            request,
            _(
                "Not applied: the policy has changed since this proposal was made "
                "(it was based on version %(base)s, the active version is %(active)s). "
                "Propose the change again on the current version."
            )
            % {"base": decided.base_version.version, "active": active_policy(decided.profile).version},
        )
    elif decided.version is not None:
        messages.success(
            request, _("Approved: version %(version)s is now active.") % {"version": decided.version.version}
        )
    else:
        messages.success(request, _("Rejected."))
    return redirect("compliance:policy", profile=proposal.profile)
