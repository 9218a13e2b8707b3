"""The timeline and task list in the reader's language.

Events and tasks keep what the nightly run wrote in English (the evidence is not rewritten
per reader); these filters show it in words of the reader's language: stage names instead
of codes, the rule's reason beside its id, the nightly's standard notes translated. A note
a person typed is shown as typed.
"""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from arrears.cases.choices import Stage
from arrears.cases.models import RECOMMENDATION_REASONS, REPAIR_NOTE, REPAIR_SOURCE_LABELS, Promise, Task

register = template.Library()

# The notes the nightly run writes (arrears.strategy.apply), read back for translation.
_STAGE_NOTE = re.compile(r"^(?P<dpd>\d+) days past due\b")
_BROKEN_NOTE = re.compile(
    r"^(?P<amount>-?[\d.]+) due (?P<due>\d{4}-\d{2}-\d{2}): (?P<status>[a-z_]+), paid (?P<paid>-?[\d.]+)$"
)
_REPAIR_NOTE = "Unreachable after repeated failed attempts: find and verify new contact data."


@register.filter
def stage_label(code: Any) -> str:
    """电话催收 for "phone"; an unknown value as it is."""
    return str(dict(Stage.choices).get(code, code or ""))


@register.filter
def promise_status_label(code: Any) -> str:
    return str(dict(Promise.Status.choices).get(code, code or ""))


@register.filter
def repair_source_label(code: Any) -> str:
    return str(REPAIR_SOURCE_LABELS.get(code, code or ""))


@register.filter
def event_note(event: Any) -> str:
    """The event's note in the reader's language where the nightly run wrote it."""
    note = event.note or ""
    data = event.data or {}
    if event.actor_id is None and event.kind in ("stage_changed", "stage_recommended"):
        match = _STAGE_NOTE.match(note)
        template_text = RECOMMENDATION_REASONS.get(data.get("to", ""))
        dpd = data.get("dpd", match.group("dpd") if match else None)
        if template_text is not None and dpd is not None:
            return str(template_text) % {"dpd": dpd}
    return note


@register.filter
def task_note(task: Any) -> str:
    """The task's note in the reader's language where the nightly run wrote it."""
    note = task.note or ""
    if task.kind == Task.Kind.INFO_REPAIR and note == _REPAIR_NOTE:
        return _("Unreachable after repeated failed attempts: find and verify new contact data.")
    if task.kind == Task.Kind.INFO_REPAIR and note == REPAIR_NOTE:
        return _("The debtor cannot be reached: find and verify new contact data.")
    if task.kind == Task.Kind.BROKEN_PROMISE:
        match = _BROKEN_NOTE.match(note)
        if match:
            return _("%(amount)s due %(due)s: %(status)s, %(paid)s paid") % {
                "amount": match.group("amount"),
                "due": match.group("due"),
                "status": promise_status_label(match.group("status")),
                "paid": match.group("paid"),
            }
    return note


@register.filter
def block_reasons(event: Any) -> list[dict[str, str]]:
    """The rules that blocked a contact, each with its reason in the reader's language (from
    the gate's decision kept with the event; the rule id alone where none was kept)."""
    zh = (get_language() or "zh-hans").startswith("zh")
    kept = getattr(event, "decision", None)
    reasons = (kept.decision or {}).get("reasons", []) if kept is not None else []
    if reasons:
        return [
            {"rule_id": r.get("rule_id", ""), "reason": r.get("reason_zh" if zh else "reason_en", "")}
            for r in reasons
        ]
    return [{"rule_id": rule, "reason": ""} for rule in (event.data or {}).get("rule_ids", [])]


@register.filter
def finding_reason(finding: Any) -> str:
    """A gate finding's reason in the reader's language."""
    zh = (get_language() or "zh-hans").startswith("zh")
    return finding.reason_zh if zh else finding.reason_en


@register.filter
def dossier_summary(event: Any) -> str:
    """A dossier's issuance in words: "中文, 9 pages, SHA-256 3f2a…c0de"."""
    data = event.data or {}
    language = {"zh-hans": "简体中文", "en": "English"}.get(
        data.get("language", ""), data.get("language", "")
    )
    digest = str(data.get("sha256", ""))
    text = _("%(language)s, %(pages)s pages, SHA-256 %(sha)s") % {
        "language": language,
        "pages": data.get("pages", "?"),
        "sha": f"{digest[:8]}…{digest[-8:]}" if len(digest) > 16 else digest,
    }
    if data.get("unmasked"):
        text += " · " + _("unmasked")
    return text


# The legal matter's fields as a timeline names them (arrears.legal.models.LegalMatter).
def _matter_field_label(name: str) -> str:
    from arrears.legal.models import LegalMatter

    try:
        return str(getattr(LegalMatter._meta.get_field(name), "verbose_name", name))
    except Exception:
        return name


@register.filter
def legal_summary(event: Any) -> str:
    """A legal event in words: the referral's decision, the fields a matter change touched,
    the exhibit attached and its SHA-256, the demand letter's amount as of its day."""
    from arrears.legal.models import LegalReferral

    data = event.data or {}
    if event.kind == "legal_referral_decided":
        return str(dict(LegalReferral.Status.choices).get(data.get("decision", ""), data.get("decision", "")))
    if event.kind == "legal_matter_changed":
        comma = "、" if (get_language() or "zh-hans").startswith("zh") else ", "
        return comma.join(_matter_field_label(name) for name in (data.get("changes") or {}))
    if event.kind == "exhibit_attached":
        digest = str(data.get("sha256", ""))
        return _("%(name)s, SHA-256 %(sha)s") % {
            "name": data.get("name", ""),
            "sha": f"{digest[:8]}…{digest[-8:]}",
        }
    if event.kind == "demand_letter":
        return _("%(currency)s %(balance)s as of %(day)s") % {
            "currency": data.get("currency", ""),
            "balance": data.get("balance", ""),
            "day": data.get("as_of", ""),
        }
    return ""
