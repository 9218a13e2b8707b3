"""Named state changes of the outbox; each appends its evidence to the case's chain.

- queue_message: a collector sends a template from the case page (or the API);
- cancel_message: a person withdraws a queued message;
- record_receipt / record_reply: what the providers' webhooks report.

Sending one claimed message (the gate at the moment of sending, the provider, the contact
event) is arrears.messaging.sending.send_claimed; the sender loop is arrears.messaging.sender.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User as AuthUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.activity import actions as evidence
from arrears.activity.models import Kind
from arrears.cases.actions.common import User, _can_change
from arrears.cases.actions.gate import gate_context
from arrears.cases.actions.tasks import open_task
from arrears.cases.models import Case, Task
from arrears.compliance.actions import active_policy
from arrears.compliance.gate import Decision, evaluate
from arrears.compliance.request import parse_request
from arrears.compliance.shell import build_request, check_and_keep
from arrears.contacts.models import ContactPoint, Preference
from arrears.messaging.compose import Draft, compose
from arrears.messaging.models import Channel, Message, Reply, Status
from arrears.messaging.records import cancel, digest, lock_debtor
from arrears.messaging.replies import is_opt_out, phone_key
from arrears.messaging.sender import send_ids
from arrears.scripts.models import Script


class MessageRefused(ValidationError):
    """The gate blocks the message now and gives no time when it would allow it."""

    def __init__(self, decision: Decision) -> None:
        super().__init__(
            _("The contact gate blocks this message: %(rules)s.") % {"rules": ", ".join(decision.rule_ids)}
        )
        self.decision = decision


def preview_decision(case: Case, draft: Draft, point: ContactPoint, at: datetime) -> Decision:
    """The gate's verdict on sending `draft` now, without keeping it (the preview)."""
    request = build_request(
        case.debtor,
        point.person,
        point,
        draft.channel,
        at,
        draft.purpose,
        text=draft.body,
        history=evidence.contact_history(case.debtor, at),
        **gate_context(case, at),
    )
    version = active_policy(case.debtor.jurisdiction)
    return evaluate(parse_request(request), version.policy(), version=version.version)


def queue_message(
    case: Case, user: User, *, script: Script, contact_point: ContactPoint, at: datetime | None = None
) -> Message:
    """Queue `script` for `contact_point`. The gate is asked now: a message it blocks for good
    (an opt-out, a third party, forbidden content) is refused; one it blocks for a while waits
    for the next allowed time. It is asked again when the message is sent."""
    _can_change(user)
    if not case.is_open:
        raise ValidationError(_("The case is closed."))
    draft = compose(case, script, contact_point, user)
    return queue_draft(case, draft, contact_point, user, at=at, template=script.key)


def queue_draft(
    case: Case,
    draft: Draft,
    contact_point: ContactPoint,
    user: User,
    *,
    at: datetime | None = None,
    template: str = "",
    dedupe_key: str | None = None,
) -> Message:
    """The gate and the outbox for a text already composed: queue_message's, and the
    dunning run's (arrears.dunning.run, which fills a template with a customer's invoices;
    `user` is None there: the run acts, as the nightly does). Raises MessageRefused."""
    now = at or timezone.now()
    with transaction.atomic():
        # Kept like every decision on a real path; a refusal is evidence too.
        checked, kept = check_and_keep(
            user,
            case.debtor,
            contact_point.person,
            contact_point,
            draft.channel,
            now,
            draft.purpose,
            draft.body,
            history=evidence.contact_history(case.debtor, now),
            case_reference=case.reference,
            **gate_context(case, now),
        )
        decision = checked.decision
        if not decision.allowed and decision.next_allowed_at is None:
            evidence.append(
                case,
                Kind.BLOCKED,
                actor=user,
                at=now,
                channel=draft.channel,
                person_id=contact_point.person_id,
                contact_point_id=contact_point.pk,
                decision_id=kept.pk,
                data={"rule_ids": list(decision.rule_ids), "purpose": draft.purpose, "template": template},
            )
            refused = MessageRefused(decision)
        else:
            refused = None
            due_at = now if decision.allowed else decision.next_allowed_at or now
            message = _create(
                case, draft, contact_point, user, due_at=due_at, now=now, decision=kept, dedupe_key=dedupe_key
            )
    if refused is not None:
        raise refused
    if settings.MESSAGING_SEND_ON_QUEUE and due_at <= now and draft.channel != Channel.LETTER:
        transaction.on_commit(lambda: send_ids([message.pk]))
    return message


def _create(
    case: Case,
    draft: Draft,
    point: ContactPoint,
    user: User,
    *,
    due_at: datetime,
    now: datetime,
    **extra: Any,
) -> Message:
    message = Message.objects.create(
        case=case,
        debtor_id=case.debtor_id,
        person=point.person,
        contact_point=point,
        channel=draft.channel,
        address=point.value,
        address_key=phone_key(point.value) if draft.channel == Channel.SMS else "",
        script_version=draft.version,
        language=draft.language,
        purpose=draft.purpose,
        subject=draft.subject,
        body=draft.body,
        params=draft.params,
        due_at=due_at,
        expires_at=max(due_at, now) + timedelta(hours=settings.MESSAGING_MAX_WAIT_HOURS),
        created_by=user if isinstance(user, AuthUser) else None,
        **extra,
    )
    evidence.append(
        case,
        Kind.MESSAGE_QUEUED,
        actor=user,
        at=now,
        channel=draft.channel,
        person_id=point.person_id,
        contact_point_id=point.pk,
        data=queued_data(message),
    )
    return message


def queued_data(message: Message) -> dict[str, Any]:
    return {
        "message": str(message.public_id),
        "script_version": message.script_version_id,
        "purpose": message.purpose,
        "subject": message.subject,
        "text": message.body,
        "text_sha256": digest(message.body),
        "due_at": message.due_at.isoformat(),
    }


@transaction.atomic
def cancel_message(message: Message, user: User, reason: str) -> Message:
    _can_change(user)
    locked = Message.objects.select_for_update().get(pk=message.pk)
    if locked.status != Status.QUEUED:
        raise ValidationError(_("Only a queued message can be cancelled."))
    cancel(locked, reason or _("Cancelled by a person."), actor=user)
    return locked


# -- Receipts and replies ------------------------------------------------------------------------


@transaction.atomic
def record_receipt(
    provider: str,
    *,
    provider_id: str = "",
    key: str = "",
    delivered: bool,
    code: str = "",
    detail: str = "",
    at: datetime | None = None,
) -> Message | None:
    """A delivery report. Reports repeat (providers retry their pushes): only a change of
    state is recorded. None when no message matches."""
    found = Message.objects.select_for_update().select_related("case")
    message = None
    if provider_id:
        message = found.filter(provider=provider, provider_id=provider_id).first()
    if message is None and key:
        try:
            message = found.filter(idempotency_key=key).first()
        except ValidationError:
            message = None
    if message is None:
        return None
    status = Status.DELIVERED if delivered else Status.UNDELIVERED
    if message.status != Status.SENT:
        return message
    message.status = status
    message.delivered_at = at or timezone.now()
    if not delivered:
        message.last_error = f"{code} {detail}".strip()[:500]
    message.save(update_fields=["status", "delivered_at", "last_error", "updated_at"])
    evidence.append(
        message.case,
        Kind.MESSAGE_DELIVERY,
        at=message.delivered_at,
        channel=message.channel,
        person_id=message.person_id,
        contact_point_id=message.contact_point_id,
        data={"message": str(message.public_id), "status": status, "code": code, "detail": detail},
    )
    return message


def record_reply(provider: str, ref: str, sender: str, text: str, at: datetime) -> Reply:
    """An inbound SMS: a stop word records an opt-out from SMS for the debtor at once (the
    gate then blocks every SMS of the case); anything else goes on the case's timeline and
    into its collector's tasks. Kept once per provider reference."""
    key = phone_key(sender)
    existing = Reply.objects.filter(provider=provider, provider_ref=ref).first()
    if existing is not None:
        return existing
    message = (
        Message.objects.filter(channel=Channel.SMS, address_key=key, sent_at__isnull=False)
        .select_related("case", "case__debtor")
        .order_by("-sent_at", "-id")
        .first()
    )
    case = message.case if message else None
    opt_out = is_opt_out(text)
    try:
        with transaction.atomic():
            reply = Reply.objects.create(
                provider=provider,
                provider_ref=ref,
                address=sender[:40],
                address_key=key,
                text=text[:2000],
                received_at=at,
                message=message,
                case=case,
                opt_out=opt_out,
            )
            if case is not None and message is not None:
                _reply_effects(case, message, reply)
    except IntegrityError:  # the same push, twice at once
        return Reply.objects.get(provider=provider, provider_ref=ref)
    return reply


def _reply_effects(case: Case, message: Message, reply: Reply) -> None:
    lock_debtor(case.debtor_id)
    common = {
        "channel": Channel.SMS,
        "person_id": message.person_id,
        "contact_point_id": message.contact_point_id,
    }
    evidence.append(
        case,
        Kind.MESSAGE_REPLY,
        at=reply.received_at,
        note=reply.text[:500],
        data={"message": str(message.public_id), "opt_out": reply.opt_out},
        **common,
    )
    if reply.opt_out:
        note = _("Replied %(text)s to an SMS: no more SMS.") % {"text": reply.text[:50]}
        Preference.objects.create(
            debtor=case.debtor,
            kind=Preference.Kind.OPT_OUT_CHANNEL,
            channel=Channel.SMS,
            note=note[:300],
            recorded_at=reply.received_at,
        )
        evidence.append(
            case,
            Kind.PREFERENCE_RECORDED,
            at=reply.received_at,
            note=note[:500],
            data={
                "kind": Preference.Kind.OPT_OUT_CHANNEL,
                "channel": Channel.SMS,
                "slot": None,
                "source": "sms_reply",
            },
            **common,
        )
        return
    open_task(case, None, Task.Kind.REVIEW, note=(_("SMS reply: %(text)s") % {"text": reply.text})[:500])
