"""Named state changes of the compliance app: policy changes and decision records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction

from arrears.compliance.gate import Decision, evaluate
from arrears.compliance.models import ContactDecision, PolicyVersion
from arrears.compliance.profiles import DEFAULTS, PROFILE_NAMES, Policy, policy_from_dict
from arrears.compliance.request import ContactRequest, parse_request
from arrears.portfolio.models import Debtor

UserLike = AbstractBaseUser | AnonymousUser | None


def _author(user: UserLike) -> Any:
    return user if user is not None and user.is_authenticated else None


def active_policy(profile: str) -> PolicyVersion:
    """The profile's newest version, creating version 1 from the shipped defaults if none."""
    if profile not in PROFILE_NAMES:
        raise ValueError(f"unknown profile {profile!r}")
    current = PolicyVersion.objects.filter(profile=profile).order_by("-version").first()
    if current is not None:
        return current
    try:
        with transaction.atomic():
            return PolicyVersion.objects.create(
                profile=profile, version=1, parameters=DEFAULTS[profile].to_dict(),
                reason="Shipped defaults (compliance.md §6.1).",
            )
    except IntegrityError:
        # Another request created version 1 at the same moment; use theirs.
        return PolicyVersion.objects.get(profile=profile, version=1)


@transaction.atomic
def change_policy(profile: str, parameters: dict[str, Any], *, author: UserLike,
                  reason: str, approved_by: UserLike = None) -> PolicyVersion:
    """Record a new version of `profile`'s parameters, validated, with who and why (and who
    approved it, when the change went through maker-checker)."""
    if not reason.strip():
        raise ValueError("a policy change needs a reason")
    policy = policy_from_dict(parameters)
    if policy.name != profile:
        raise ValueError(f"parameters are for {policy.name}, not {profile}")
    current = active_policy(profile)
    return PolicyVersion.objects.create(
        profile=profile, version=current.version + 1, parameters=policy.to_dict(),
        author=_author(author), reason=reason.strip(), approved_by=_author(approved_by),
    )


@dataclass(frozen=True)
class Checked:
    request: ContactRequest
    policy_version: PolicyVersion
    decision: Decision


def check(data: Any) -> Checked:
    """Parse and evaluate one request against the profile's active version (no record)."""
    request = parse_request(data)
    version = active_policy(request.profile)
    policy: Policy = version.policy()
    from arrears.compliance.review import reviewed_state

    decision = evaluate(request, policy, version=version.version,
                        reviewed=reviewed_state(request.text))
    return Checked(request, version, decision)


@transaction.atomic
def record_decision(
    checked: Checked, raw_request: Any, *, user: UserLike, debtor: Debtor | None = None,
    case_reference: str = "",
) -> ContactDecision:
    """Keep a decision taken on a real path with its inputs, the rules and the version used."""
    decision = checked.decision
    ids = decision.rule_ids
    if decision.held_for_review and checked.request.text:
        from arrears.compliance.review import queue_findings

        queue_findings(checked.request.text, decision.blocks, origin="contact", user=user)
    return ContactDecision.objects.create(
        user=_author(user),
        profile=decision.profile,
        policy_version=checked.policy_version,
        allowed=decision.allowed,
        rule_ids=f" {' '.join(ids)} " if ids else "",
        channel=checked.request.channel,
        request=raw_request,
        decision=decision.to_dict(),
        debtor=debtor,
        case_reference=case_reference,
        content_model_version=decision.content_model or "",
    )


def check_and_record(data: Any, *, user: UserLike, debtor: Debtor | None = None,
                     case_reference: str = "") -> tuple[Checked, ContactDecision]:
    checked = check(data)
    return checked, record_decision(checked, data, user=user, debtor=debtor,
                                    case_reference=case_reference)
