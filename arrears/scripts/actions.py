"""State changes of the script library and the correction log, one function each."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.scripts.labels import REACTIONS, normalise_language
from arrears.scripts.models import PlaceholderGap, ReactionExample, Script, ScriptVersion
from arrears.scripts.placeholders import CREDITOR, REGISTRY, USER
from arrears.scripts.render import TemplateError, check_template, placeholders_in

logger = logging.getLogger(__name__)


class PublishRefused(Exception):
    """The content check found forbidden content; ``rule_ids`` says which rules."""

    def __init__(self, version: ScriptVersion, findings: list) -> None:
        self.version = version
        self.findings = findings
        self.rule_ids = sorted({f.rule_id for f in findings})
        details = "; ".join(f"{f.rule_id} ({f.category}): {f.span!r}" for f in findings)
        super().__init__(
            f"{version} cannot be published, it fails {', '.join(self.rule_ids)}: {details}"
        )


class PlaceholdersRefused(Exception):
    """The version uses placeholders that nothing provides: ``unknown`` names no setting
    or case field has; ``missing`` maps a creditor-settings placeholder to the creditors
    (with open cases) that have no value for it in the script's language."""

    def __init__(self, version: ScriptVersion, unknown: list[str], missing: dict[str, list[str]]) -> None:
        self.version, self.unknown, self.missing = version, unknown, missing
        lines = []
        if unknown:
            lines.append(
                _("No setting provides %(names)s.") % {"names": ", ".join("{" + n + "}" for n in unknown)}
            )
        for name, creditors in missing.items():
            placeholder = REGISTRY[name]
            lines.append(
                _("{%(name)s} (%(label)s) is not set for %(creditors)s: set it in %(where)s.")
                % {
                    "name": name,
                    "label": placeholder.label,
                    "creditors": "、".join(creditors),
                    "where": placeholder.where,
                }
            )
        super().__init__(_("%(version)s cannot be published.") % {"version": version} + " " + " ".join(lines))


def unprovided_placeholders(script: Script, body: str) -> tuple[list[str], dict[str, list[str]]]:
    """(unknown placeholders, {creditor placeholder: creditors lacking it}) for ``body``.

    Scripts are shared by every creditor, so a creditor-settings placeholder must have a
    value, in the script's language, for every creditor with open cases; a creditor added
    later without settings shows collectors a marked gap, logged (record_gaps)."""
    from arrears.cases.models import Case
    from arrears.portfolio.models import Creditor
    from arrears.scripts.context import missing_creditor_settings

    try:
        names = placeholders_in(body)
    except TemplateError as exc:
        return exc.names, {}
    unknown = [n for n in names if n not in REGISTRY]
    wanted = [n for n in names if n in REGISTRY and REGISTRY[n].source == CREDITOR]
    missing: dict[str, list[str]] = {}
    if wanted:
        creditors = (
            Creditor.objects.filter(
                pk__in=Case.objects.filter(status=Case.Status.OPEN).values("debtor__creditor_id")
            )
            .select_related("settings")
            .prefetch_related("settings__payment_channels")
            .order_by("name")
        )
        for creditor in creditors:
            for name in missing_creditor_settings(creditor, wanted, script.language):
                missing.setdefault(name, []).append(creditor.name)
    return unknown, missing


def content_findings(script: Script, body: str) -> list:
    # Imported here: the compliance app owns the rules and may import scripts one day.
    from arrears.compliance.content import check_content

    return check_content(body, third_party=script.third_party)


@transaction.atomic
def add_version(script: Script, body: str, author: User | None) -> ScriptVersion:
    """A new, unpublished version; earlier versions stay untouched."""
    check_template(body)  # a typo in a placeholder is caught when written, not when sent
    # Lock the script row so two editors cannot both take the same next number.
    Script.objects.select_for_update().get(pk=script.pk)
    last = script.versions.aggregate(n=Max("number"))["n"] or 0
    return ScriptVersion.objects.create(script=script, number=last + 1, body=body, author=author)


@transaction.atomic
def publish_version(version: ScriptVersion, by: User | None) -> ScriptVersion:
    """Make ``version`` the script's published text, or raise PublishRefused."""
    findings = content_findings(version.script, version.body)
    if findings:
        raise PublishRefused(version, findings)
    unknown, missing = unprovided_placeholders(version.script, version.body)
    if unknown or missing:
        raise PlaceholdersRefused(version, unknown, missing)
    Script.objects.select_for_update().get(pk=version.script_id)
    # Unpublish first: the partial unique constraint allows one published row at a time.
    ScriptVersion.objects.filter(script=version.script, published=True).exclude(
        pk=version.pk
    ).update(published=False)
    version.published = True
    version.published_at = timezone.now()
    version.published_by = by
    version.save(update_fields=["published", "published_at", "published_by"])
    return version


def record_gaps(creditor: Any, user: Any, gaps: Iterable[tuple[str, str]]) -> None:
    """Count settings that were missing when a text was rendered for ``creditor``'s case:
    ``gaps`` holds (placeholder, language) pairs; the collector's own ones are kept per
    ``user``. One row per gap, counted up; what is not a setting is ignored."""
    now = timezone.now()
    for name, language in set(gaps):
        placeholder = REGISTRY.get(name)
        if placeholder is None or placeholder.source not in (CREDITOR, USER):
            continue
        who = user if placeholder.source == USER and getattr(user, "pk", None) else None
        logger.warning("missing setting {%s} [%s] for creditor %s", name, language, creditor.pk)
        key = {"creditor": creditor, "placeholder": name, "language": language, "user": who}
        if PlaceholderGap.objects.filter(**key).update(count=F("count") + 1, last_seen=now):
            continue
        try:
            with transaction.atomic():
                PlaceholderGap.objects.create(count=1, last_seen=now, **key)
        except IntegrityError:  # another request made the row first
            PlaceholderGap.objects.filter(**key).update(count=F("count") + 1, last_seen=now)


def record_correction(
    text: str, label: str, language: str, by: User | None
) -> ReactionExample:
    """A collector says the classifier was wrong; train_reactions will learn from it."""
    if label not in REACTIONS:
        raise ValueError(f"unknown reaction label {label!r}")
    lang = normalise_language(language)
    if lang is None or not text.strip():
        raise ValueError("a correction needs a text and a language")
    return ReactionExample.objects.create(
        text=text.strip(), label=label, language=lang, created_by=by
    )
