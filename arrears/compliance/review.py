"""The content review queue (compliance.md §6.4): named state changes and look-ups.

The learned content model holds a text it is unsure about; the text is queued here once (by
the hash of its normalised form) and stays blocked until a compliance officer decides. The
decision is kept on the row, never changed, and `train_content` learns from it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from arrears.compliance.content import CATEGORIES
from arrears.compliance.content_model import Line, language_of, normalise
from arrears.compliance.models import ContentReview
from arrears.core.models import Role

DECIDABLE_RULES = tuple(r for r in CATEGORIES if r != "DEF-CONTENT-07")


class ReviewError(Exception):
    """A decision that cannot be taken (already decided, not a compliance officer, bad rule)."""


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def reviewed_state(text: str | None) -> tuple[str, str] | None:
    """The decision a compliance officer took on this text, for the gate; None if none yet."""
    if not text or not text.strip():
        return None
    row = (ContentReview.objects.filter(text_hash=text_hash(text))
           .exclude(status=ContentReview.Status.PENDING)
           .values_list("status", "decided_rule_id").first())
    return (row[0], row[1]) if row else None


def queue_findings(text: str, findings: Iterable[Any], *, origin: str,
                   user: AbstractBaseUser | AnonymousUser | None = None) -> ContentReview | None:
    """Queue `text` if any finding is held for review; count a repeat of a queued text.

    `findings` are gate Findings (values hold probability, model_version, review) or
    ContentFindings (attributes); the likeliest held category is recorded.
    """
    held = [h for h in (_held(f) for f in findings) if h is not None]
    if not held:
        return None
    rule_id, probability, version, span = max(held, key=lambda h: h[1])
    key = text_hash(text)
    author: Any = user if user is not None and user.is_authenticated else None
    try:
        with transaction.atomic():
            return ContentReview.objects.create(
                text_hash=key, text=text, language=language_of(text), rule_id=rule_id,
                probability=probability, model_version=version, span=span, origin=origin,
                created_by=author)
    except IntegrityError:
        # Queued before (or at the same moment by another request): count it.
        ContentReview.objects.filter(text_hash=key).update(occurrences=F("occurrences") + 1)
        return ContentReview.objects.get(text_hash=key)


def _held(f: Any) -> tuple[str, float, str, str] | None:
    values = getattr(f, "values", None)
    if isinstance(values, dict):
        if not values.get("review"):
            return None
        return (f.rule_id, float(values.get("probability") or 0.0),
                str(values.get("model_version") or ""), str(values.get("span") or ""))
    if not getattr(f, "review", False):
        return None
    return f.rule_id, float(f.probability or 0.0), str(f.model_version or ""), f.span


def can_decide(user: Any) -> bool:
    profile = getattr(user, "profile", None)
    return bool(getattr(user, "is_authenticated", False) and profile is not None
                and profile.role == Role.COMPLIANCE)


@transaction.atomic
def decide(review: ContentReview, *, approve: bool, user: Any, rule_id: str = "",
           note: str = "") -> ContentReview:
    """A compliance officer approves (lawful) or rejects (forbidden, under `rule_id`) a text."""
    if not can_decide(user):
        raise ReviewError("only a compliance officer may decide a content review")
    row = ContentReview.objects.select_for_update().get(pk=review.pk)
    if row.status != ContentReview.Status.PENDING:
        raise ReviewError("this text has already been decided")
    rule = rule_id or row.rule_id
    if not approve and rule not in DECIDABLE_RULES:
        raise ReviewError(f"unknown rule {rule!r}")
    row.status = ContentReview.Status.APPROVED if approve else ContentReview.Status.REJECTED
    row.decided_rule_id = "" if approve else rule
    row.decided_by = user
    row.decided_at = timezone.now()
    row.note = note.strip()
    row.save(update_fields=["status", "decided_rule_id", "decided_by", "decided_at", "note"])
    from arrears.compliance.content import clear_cache

    clear_cache()
    return row


def decided_lines() -> list[Line]:
    """The officers' decisions as labelled lines for the next training run."""
    rows = (ContentReview.objects.exclude(status=ContentReview.Status.PENDING)
            .order_by("pk").values_list("pk", "text", "status", "decided_rule_id", "language"))
    return [Line(text, () if status == ContentReview.Status.APPROVED else (rule,), language,
                 f"review:{pk}") for pk, text, status, rule, language in rows]
