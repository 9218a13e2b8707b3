"""State changes of the script library and the correction log, one function each."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from arrears.scripts.labels import REACTIONS, normalise_language
from arrears.scripts.models import ReactionExample, Script, ScriptVersion
from arrears.scripts.render import check_template


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
