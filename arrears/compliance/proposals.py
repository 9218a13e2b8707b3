"""Maker-checker for policy changes: one person proposes, another approves or rejects.

A compliance officer (or an administrator) proposes; an administrator or a second compliance
officer decides. Approval writes the new PolicyVersion through `actions.change_policy`, in one
transaction that first locks the proposal's row, so two approvers clicking at once create one
version: the second finds the proposal decided. A proposal made on a version that is no longer
the active one is refused as stale (and marked superseded): approving it would silently undo
the change made in between.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.compliance.actions import active_policy, change_policy
from arrears.compliance.models import PolicyProposal, PolicyVersion
from arrears.compliance.profiles import policy_from_dict
from arrears.core.models import Role

# Who proposes and who decides a policy change; the proposer never decides their own.
POLICY_ROLES = frozenset({Role.COMPLIANCE, Role.ADMIN})


class ProposalError(Exception):
    """A proposal that cannot be made or decided; the message is for the user, translated."""


def _role(user: Any) -> str | None:
    profile = getattr(user, "profile", None)
    return profile.role if profile is not None else None


def can_change_policy(user: Any) -> bool:
    return _role(user) in POLICY_ROLES


@transaction.atomic(durable=True)
def propose(
    profile: str, parameters: dict[str, Any], *, user: Any, reason: str, base: PolicyVersion | None = None
) -> PolicyProposal:
    """Record a proposed change of `profile` against `base` (default: the active version)."""
    if not can_change_policy(user):
        raise ProposalError(_("Only a compliance officer or an administrator proposes policy changes."))
    if not reason.strip():
        raise ProposalError(_("A policy change needs a reason."))
    policy = policy_from_dict(parameters)  # PolicyError on an invalid document
    if policy.name != profile:
        raise ProposalError(_("These parameters are for another profile."))
    return PolicyProposal.objects.create(
        profile=profile,
        base_version=base or active_policy(profile),
        parameters=policy.to_dict(),
        reason=reason.strip(),
        proposed_by=user,
    )


def _lock_pending(proposal: PolicyProposal, user: Any) -> PolicyProposal:
    if not can_change_policy(user):
        raise ProposalError(_("Only an administrator or a second compliance officer decides policy changes."))
    # The row lock makes a second approver wait here and then find the proposal decided.
    locked = PolicyProposal.objects.select_for_update().select_related("base_version").get(pk=proposal.pk)
    if locked.proposed_by_id == user.pk:
        raise ProposalError(
            _("You proposed this change: another compliance officer or an administrator must decide it.")
        )
    if locked.status != PolicyProposal.Status.PENDING:
        raise ProposalError(_("This proposal has already been decided."))
    return locked


@transaction.atomic(durable=True)
def approve(proposal: PolicyProposal, *, user: Any, note: str = "") -> PolicyProposal:
    """Approve: the proposed parameters become the profile's next version (author: the
    proposer, approved by `user`). A stale proposal is marked superseded, not applied."""
    locked = _lock_pending(proposal, user)
    now = timezone.now()
    if active_policy(locked.profile).pk != locked.base_version_id:
        locked.status = PolicyProposal.Status.SUPERSEDED
        locked.decided_at, locked.decision_note = now, note.strip()
        locked.save(update_fields=["status", "decided_at", "decision_note"])
        return locked
    version = change_policy(
        locked.profile, locked.parameters, author=locked.proposed_by, reason=locked.reason, approved_by=user
    )
    locked.status, locked.version = PolicyProposal.Status.APPROVED, version
    locked.decided_by, locked.decided_at, locked.decision_note = user, now, note.strip()
    locked.save(update_fields=["status", "version", "decided_by", "decided_at", "decision_note"])
    # Every other open proposal was made on the version just replaced: none can apply now.
    PolicyProposal.objects.filter(
        profile=locked.profile,
        status=PolicyProposal.Status.PENDING,
    ).update(status=PolicyProposal.Status.SUPERSEDED, decided_at=now)
    return locked


@transaction.atomic(durable=True)
def reject(proposal: PolicyProposal, *, user: Any, note: str = "") -> PolicyProposal:
    locked = _lock_pending(proposal, user)
    locked.status = PolicyProposal.Status.REJECTED
    locked.decided_by, locked.decided_at, locked.decision_note = user, timezone.now(), note.strip()
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return locked
