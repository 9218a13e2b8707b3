"""Legal recovery's actions, each writing its events on the case's chain:

- request_referral / decide_referral / withdraw_referral: a case goes to court only when a
  lead of its team (or a manager over it) approves, never who asked, and only with every
  exhibit of its checklist there; approval opens the LegalMatter and moves the case to the
  legal stage;
- attach_exhibit: an uploaded copy, checked and stored, its SHA-256 on the chain;
- change_matter: the matter's dates, judgment, enforcement and costs, each change an event;
- send_demand_letter: a demand letter through the letter channel (the gate, the print batch).
"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from arrears.activity import actions as evidence
from arrears.activity.models import Kind
from arrears.cases.access import visible_cases
from arrears.cases.actions.common import (
    NOTE_LENGTH,
    NotAllowed,
    User,
    _can_change,
    _local_date,
    _now,
    _text,
    _who,
)
from arrears.cases.actions.stages import move_stage
from arrears.cases.models import Case, Stage
from arrears.contacts.models import ContactPoint, Relationship
from arrears.core.models import APPROVER_ROLES, LEAD_ROLES
from arrears.legal.checklist import case_checklist
from arrears.legal.demand import SENDABLE, demand_kind
from arrears.legal.exhibits import Source
from arrears.legal.models import Exhibit, LegalMatter, LegalReferral
from arrears.messaging.actions import queue_message
from arrears.messaging.models import Message
from arrears.portfolio.models import Account
from arrears.recovery.models import Placement
from arrears.scripts.models import Script, ScriptKind

Status = LegalReferral.Status

# A referral nobody decided in this many days expires (as approval requests do).
EXPIRY_DAYS = 14
REASON_LENGTH = 2000

# --- The referral ----------------------------------------------------------------------


def _locked_case(case: Case) -> Case:
    # The row as it is now, locked until the transaction ends: two referrals or decisions
    # on one case queue here instead of both acting on a stale copy.
    return Case.objects.select_for_update().select_related("debtor", "debtor__creditor").get(pk=case.pk)


def _refuse_incomplete(case: Case) -> None:
    """ValidationError listing, in words, every exhibit the case still lacks."""
    checklist = case_checklist(case)
    if not checklist.complete:
        raise ValidationError(checklist.missing_words())


def _why_not_referable(case: Case) -> str | None:
    if not case.is_open:
        return _("The case is closed.")
    if case.stage == Stage.LEGAL or LegalMatter.objects.filter(case=case).exists():
        return _("The case is already with the legal team.")
    if Placement.objects.filter(case=case, recalled_on__isnull=True).exists():
        return _("The case is with an agency: recall it before referring it to court.")
    if case.balance <= 0:
        return _("Nothing is owed on the case.")
    return None


@transaction.atomic
def request_referral(case: Case, user: User, *, reason: str, at: datetime | None = None) -> LegalReferral:
    """A collector or a lead asks to refer the case to court. Refused, with what is missing
    in words, while the case's exhibits are incomplete."""
    _can_change(user)
    maker = _who(user)
    if maker is None:
        raise NotAllowed(_("Sign in to make a request."))
    at = _now(at)
    reason = _text(
        reason,
        max_length=REASON_LENGTH,
        label=_("The reason"),
        required=_("Give a reason: the approver reads it."),
    )
    case = _locked_case(case)
    problem = _why_not_referable(case)
    if problem is not None:
        raise ValidationError(problem)
    if LegalReferral.objects.filter(case=case, status=Status.PENDING).exists():
        raise ValidationError(_("A referral is already waiting for approval on this case."))
    _refuse_incomplete(case)
    referral = LegalReferral.objects.create(
        case=case,
        requested_by=maker,
        requested_at=at,
        reason=reason,
        from_stage=case.stage,
        balance=case.balance,
    )
    evidence.append(
        case, Kind.LEGAL_REFERRAL_REQUESTED, actor=user, at=at, note=reason, data=_facts(referral)
    )
    return referral


def _facts(referral: LegalReferral, **more: Any) -> dict[str, Any]:
    return {
        "referral": str(referral.public_id),
        "from": referral.from_stage,
        "balance": str(referral.balance),
        **more,
    }


def _lock(referral: LegalReferral) -> LegalReferral:
    return LegalReferral.objects.select_for_update().select_related("case").get(pk=referral.pk)


def _close(
    referral: LegalReferral, user: User, status: str, note: str, at: datetime, *, decider: bool = True
) -> None:
    referral.status, referral.decided_at, referral.decision_note = status, at, note
    referral.decided_by = _who(user) if decider else None
    referral.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    evidence.append(
        referral.case,
        Kind.LEGAL_REFERRAL_DECIDED,
        actor=user,
        at=at,
        note=note,
        data=_facts(referral, decision=status),
    )


def _stale(referral: LegalReferral, case: Case, at: datetime) -> tuple[str, str] | None:
    """(status, why) when the referral can no longer be decided as asked."""
    if referral.requested_at < at - timedelta(days=EXPIRY_DAYS):
        return Status.EXPIRED, _(
            "The request is older than %(days)d days: ask again with the case as it is now."
        ) % {"days": EXPIRY_DAYS}
    problem = _why_not_referable(case)
    if problem is not None:
        return Status.CANCELLED, problem
    if case.stage != referral.from_stage:
        return Status.CANCELLED, _("The case's stage changed after the request was made.")
    return None


def decide_referral(
    referral: LegalReferral, user: User, *, approve: bool, note: str = "", at: datetime | None = None
) -> LegalReferral:
    """Approve (the matter opens and the case moves to the legal stage, in this transaction)
    or reject a pending referral. NotAllowed for who asked, for a user outside the case's
    teams or not a lead or manager; ValidationError when it was decided meanwhile, is stale
    (then recorded as expired or overtaken) or the exhibits are incomplete now."""
    _can_change(user)
    profile = getattr(user, "profile", None)
    if profile is None or profile.role not in APPROVER_ROLES:
        raise NotAllowed(_("Only a team lead or a manager approves requests."))
    at = _now(at)
    note = _text(note, max_length=REASON_LENGTH, label=_("The note"))
    with transaction.atomic():
        referral = _lock(referral)
        if not visible_cases(user).filter(pk=referral.case_id).exists():
            raise NotAllowed(_("This case is not in your teams."))
        if referral.status != Status.PENDING:
            raise ValidationError(_("This request is already decided."))
        if referral.requested_by_id == getattr(user, "pk", None):
            raise NotAllowed(
                _(
                    "You made this request: another team lead or a manager must decide it."
                    " You may withdraw it."
                )
            )
        case = _locked_case(referral.case)
        problem = _stale(referral, case, at)
        if problem is not None:
            _close(referral, None, problem[0], problem[1], at)
    # Recorded above (committed), refused here.
    if problem is not None:
        raise ValidationError(problem[1])
    with transaction.atomic():
        referral = _lock(referral)
        if referral.status != Status.PENDING:
            raise ValidationError(_("This request is already decided."))
        if not approve:
            if not note:
                raise ValidationError(_("Say why you reject it: the requester reads it."))
            _close(referral, user, Status.REJECTED, note, at)
            return referral
        case = _locked_case(referral.case)
        _refuse_incomplete(case)
        _close(referral, user, Status.APPROVED, note, at)
        currency = Account.objects.filter(debtor_id=case.debtor_id).values_list("currency", flat=True).first()
        matter = LegalMatter.objects.create(
            case=case, referral=referral, currency=currency or "", opened_at=at, updated_at=at
        )
        evidence.append(
            case,
            Kind.LEGAL_MATTER_OPENED,
            actor=user,
            at=at,
            data={"matter": str(matter.public_id), "referral": str(referral.public_id)},
        )
        # Approved: a lead's decision on the referral, not a manual skip of stages.
        move_stage(case, Stage.LEGAL, user, reason=referral.reason[:300], rule="legal_referral")
    return referral


@transaction.atomic
def withdraw_referral(referral: LegalReferral, user: User, *, at: datetime | None = None) -> LegalReferral:
    """Who asked takes the referral back (recorded, with no decider)."""
    _can_change(user)
    referral = _lock(referral)
    if referral.requested_by_id != getattr(user, "pk", None):
        raise NotAllowed(_("Only who made the request withdraws it."))
    if referral.status != Status.PENDING:
        raise ValidationError(_("This request is already decided."))
    _close(referral, user, Status.CANCELLED, _("Withdrawn by the requester."), _now(at), decider=False)
    return referral


# --- Exhibits --------------------------------------------------------------------------

# Extension -> (the content types a browser sends for it, the file's first bytes).
ALLOWED_FILES: dict[str, tuple[frozenset[str], tuple[bytes, ...]]] = {
    ".pdf": (frozenset({"application/pdf"}), (b"%PDF-",)),
    ".png": (frozenset({"image/png"}), (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": (frozenset({"image/jpeg", "image/pjpeg"}), (b"\xff\xd8\xff",)),
    ".jpeg": (frozenset({"image/jpeg", "image/pjpeg"}), (b"\xff\xd8\xff",)),
    # An XLSX is a ZIP; some browsers send the generic types for it.
    ".xlsx": (
        frozenset(
            {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "application/zip",
                "application/octet-stream",
            }
        ),
        (b"PK\x03\x04",),
    ),
}


def check_upload(upload: UploadedFile) -> str:
    """The upload's extension if it is an allowed kind, within the size limit, its declared
    type fits its extension and its first bytes fit both; else ValidationError."""
    name = Path(upload.name or "").name
    extension = Path(name).suffix.lower()
    if extension not in ALLOWED_FILES:
        raise ValidationError({"file": _("Attach a PDF, a PNG or JPEG image, or an XLSX workbook.")})
    limit = settings.LEGAL_EXHIBIT_MAX_BYTES
    if not upload.size:
        raise ValidationError({"file": _("The file is empty.")})
    if upload.size > limit:
        raise ValidationError(
            {"file": _("The file is larger than %(mb)s MB.") % {"mb": f"{limit / 1024 / 1024:g}"}}
        )
    types, magics = ALLOWED_FILES[extension]
    declared = (upload.content_type or "").split(";")[0].strip().lower()
    if declared not in types:
        raise ValidationError({"file": _("The file's type does not match its name.")})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in magics):
        raise ValidationError({"file": _("The file's content is not what its name says.")})
    return extension


def _store(case: Case, upload: UploadedFile, extension: str) -> tuple[str, str, int]:
    """Write the upload under LEGAL_EXHIBITS_DIR/<case>/<sha256><ext>: (relative path,
    sha256, size). Content-addressed: the same file twice is one file."""
    digest = hashlib.sha256()
    folder = Path(settings.LEGAL_EXHIBITS_DIR) / str(case.public_id)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".upload-{os.getpid()}-{id(upload)}.part"
    size = 0
    with tmp.open("wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    sha = digest.hexdigest()
    os.replace(tmp, folder / f"{sha}{extension}")  # a reader never sees half a file
    return f"{case.public_id}/{sha}{extension}", sha, size


def attach_exhibit(
    case: Case, user: User, *, code: str, upload: UploadedFile, at: datetime | None = None
) -> Exhibit:
    """Attach a copy of one of the case's exhibits that is satisfied by an upload."""
    _can_change(user)
    who = _who(user)
    if who is None:
        raise NotAllowed(_("Sign in to make a request."))
    if not case.is_open:
        raise ValidationError(_("The case is closed."))
    attachable = {r.code: r for r in case_checklist(case).attachable()}
    if code not in attachable:
        raise ValidationError({"code": _("Choose one of the exhibits to attach.")})
    extension = check_upload(upload)
    path, sha, size = _store(case, upload, extension)
    at = _now(at)
    name = (
        _text(Path(upload.name or "").name, max_length=200, label=_("The file name")) or f"{sha}{extension}"
    )
    with transaction.atomic():
        exhibit = Exhibit.objects.create(
            case=case,
            code=code,
            name=name,
            content_type=(upload.content_type or "")[:100],
            size=size,
            sha256=sha,
            path=path,
            attached_by=who,
            attached_at=at,
        )
        evidence.append(
            case,
            Kind.EXHIBIT_ATTACHED,
            actor=user,
            at=at,
            data={"exhibit": str(exhibit.public_id), "code": code, "name": name, "size": size, "sha256": sha},
        )
    return exhibit


# --- The matter ------------------------------------------------------------------------

# The fields a person edits (forms.MatterForm), in the order an event lists them.
MATTER_FIELDS = (
    "status",
    "court",
    "case_number",
    "filed_on",
    "hearings",
    "judgment_on",
    "judgment_amount",
    "enforcement_applied_on",
    "enforcement_case_number",
    "enforcement_outcome",
    "court_fees",
    "lawyer_fees",
    "notes",
)


def may_edit_matter(user: User) -> bool:
    profile = getattr(user, "profile", None)
    return profile is not None and profile.role in LEAD_ROLES


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def change_matter(
    matter: LegalMatter,
    user: User,
    values: dict[str, Any],
    *,
    seen: int | None = None,
    at: datetime | None = None,
) -> LegalMatter:
    """Apply a lead's edit of the matter (`values`: cleaned MatterForm data). `seen` is the
    matter's `version` as the editor saw it: an edit made on a stale page is refused.
    Writes one `legal_matter_changed` event with each changed field's old and new value."""
    _can_change(user)
    if not may_edit_matter(user):
        raise NotAllowed(_("Only a team lead or a manager changes a legal matter."))
    at = _now(at)
    with transaction.atomic():
        locked = LegalMatter.objects.select_for_update().select_related("case").get(pk=matter.pk)
        if not visible_cases(user).filter(pk=locked.case_id).exists():
            raise NotAllowed(_("This case is not in your teams."))
        if seen is not None and locked.version != seen:
            raise ValidationError(
                _(
                    "Someone changed this matter after you opened it:"
                    " reload the page and make your change again."
                )
            )
        changes: dict[str, list[Any]] = {}
        for name in MATTER_FIELDS:
            if name not in values:
                continue
            old, new = getattr(locked, name), values[name]
            if name == "notes":
                new = _text(new, max_length=NOTE_LENGTH, label=_("The notes"))
            if _plain(old) != _plain(new):
                changes[name] = [_plain(old), _plain(new)]
                setattr(locked, name, new)
        if not changes:
            return locked
        locked.full_clean(exclude=["case", "referral"])
        locked.updated_at = at
        locked.version += 1
        locked.save()
        evidence.append(
            locked.case,
            Kind.LEGAL_MATTER_CHANGED,
            actor=user,
            at=at,
            data={"matter": str(locked.public_id), "changes": changes},
        )
    return locked


# --- Demand letters --------------------------------------------------------------------


def demand_scripts(language: str | None = None) -> list[Script]:
    from arrears.legal.demand import DEMAND_TEMPLATES

    scripts = Script.objects.filter(
        kind=ScriptKind.LETTER, key__in=list(DEMAND_TEMPLATES), versions__published=True
    )
    if language:
        scripts = scripts.filter(language=language)
    return list(scripts.distinct().order_by("key", "language"))


def send_demand_letter(
    case: Case, user: User, *, script: Script, contact_point: ContactPoint, at: datetime | None = None
) -> Message:
    """Queue a demand letter for the debtor's address through the letter channel (the gate
    now and when it is printed), then record it as a `demand_letter` event."""
    kind = demand_kind(script.key)
    if kind is None or script.kind != ScriptKind.LETTER:
        raise ValidationError(_("This template is not a demand letter."))
    if kind not in SENDABLE:
        raise ValidationError(_("A lawyer's letter is issued by a law firm, not sent from here."))
    if contact_point.person.relationship != Relationship.SELF:
        raise ValidationError(_("A demand letter goes to the debtor only."))
    at = _now(at)
    # Queued (and any refusal recorded) in its own transaction: a refusal must stay on the
    # chain although this action then fails.
    message = queue_message(case, user, script=script, contact_point=contact_point, at=at)
    currency = Account.objects.filter(debtor_id=case.debtor_id).values_list("currency", flat=True).first()
    with transaction.atomic():
        _record_demand(case, user, message, kind, currency or "", at)
    return message


def _record_demand(case: Case, user: User, message: Message, kind: str, currency: str, at: datetime) -> None:
    evidence.append(
        case,
        Kind.DEMAND_LETTER,
        actor=user,
        at=at,
        channel="letter",
        person_id=message.person_id,
        contact_point_id=message.contact_point_id,
        data={
            "message": str(message.public_id),
            "template": message.script_version.script.key,
            "letter_kind": kind,
            "language": message.language,
            "balance": str(case.balance),
            "overdue": str(case.overdue_amount),
            "currency": currency,
            "as_of": _local_date(at).isoformat(),
        },
    )


__all__ = [
    "Source",
    "attach_exhibit",
    "change_matter",
    "decide_referral",
    "request_referral",
    "send_demand_letter",
    "withdraw_referral",
]
