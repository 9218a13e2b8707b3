"""A message's text: a published template of the script library filled with the case's
data, its creditor's settings and the collector's name, strictly (a missing value stops the
message, it never reaches a debtor as a gap marker or a raw {placeholder}).

An email template's first line is its subject. Templates are compiled once per version
(arrears.scripts.render.compile_template) for the bulk paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from arrears.cases.actions.gate import _purpose_for
from arrears.cases.models import Case
from arrears.contacts.models import ContactPoint
from arrears.core.dpd import worst_first
from arrears.messaging.models import POINT_KIND, Channel
from arrears.portfolio.models import Account
from arrears.scripts.context import case_values
from arrears.scripts.models import Script, ScriptKind, ScriptVersion
from arrears.scripts.placeholders import REGISTRY
from arrears.scripts.render import Compiled, MissingValueError, compile_template

CHANNEL_FOR_KIND = {
    ScriptKind.SMS: Channel.SMS,
    ScriptKind.EMAIL: Channel.EMAIL,
    ScriptKind.LETTER: Channel.LETTER,
}
TEMPLATE_KINDS = tuple(CHANNEL_FOR_KIND)


@dataclass(frozen=True)
class Draft:
    channel: str
    version: ScriptVersion
    language: str
    subject: str
    body: str
    params: dict[str, str]
    purpose: str

    @property
    def channel_label(self) -> str:
        return str(Channel(self.channel).label)


@lru_cache(maxsize=256)
def compiled(version_id: int, body: str) -> Compiled:
    # Keyed by the version's id and body: versions are immutable, so the body never changes.
    return compile_template(body)


def templates(language: str | None = None) -> list[Script]:
    """The scripts that can be sent as messages (SMS, email, letter) and have a published text."""
    scripts = Script.objects.filter(kind__in=TEMPLATE_KINDS, versions__published=True).distinct()
    if language:
        scripts = scripts.filter(language=language)
    return list(scripts.order_by("kind", "key", "language"))


def published(script: Script) -> ScriptVersion:
    version = script.published_version()
    if version is None:
        raise ValidationError(_("This template has no published version."))
    return version


def split_subject(channel: str, text: str) -> tuple[str, str]:
    if channel != Channel.EMAIL:
        return "", text
    subject, _newline, body = text.partition("\n")
    return subject.strip()[:200], body.strip()


def missing_error(exc: MissingValueError, language: str) -> ValidationError:
    labels = "、".join(REGISTRY[n].label_in(language) for n in exc.names if n in REGISTRY)
    return ValidationError(
        _("The template cannot be filled for this case: %(missing)s not set.") % {"missing": labels}
    )


def check_recipient(case: Case, channel: str, point: ContactPoint) -> None:
    if point.person.debtor_id != case.debtor_id:
        raise ValidationError(_("This contact point belongs to someone else."))
    if point.kind != POINT_KIND[Channel(channel)]:
        raise ValidationError(_("This template cannot be sent to that kind of contact point."))
    if not point.valid:
        raise ValidationError(_("This contact point is marked invalid."))


def compose(case: Case, script: Script, point: ContactPoint, user: Any) -> Draft:
    """Render `script` for `case`, as `user` (the collector) sends it to `point`."""
    channel = CHANNEL_FOR_KIND.get(ScriptKind(script.kind))
    if channel is None:
        raise ValidationError(_("This script is not a message template."))
    check_recipient(case, channel, point)
    version = published(script)
    account = Account.objects.filter(debtor=case.debtor).order_by(worst_first(), "pk").first()
    currency = account.currency if account else "CNY"
    template = compiled(version.pk, version.body)
    try:
        params = template.values(case_values(case, user), script.language, currency=currency)
    except MissingValueError as exc:
        raise missing_error(exc, script.language) from None
    subject, body = split_subject(channel, template.fill(params))
    return Draft(channel, version, script.language, subject, body, params, _purpose_for(point.person))
