"""The published script a collector opens a contact with, filled for one case."""

from __future__ import annotations

from typing import Any

from arrears.scripts.labels import Language, Stage, normalise_language
from arrears.scripts.models import Script, ScriptKind
from arrears.scripts.render import Rendered, render_parts

# The opening per script stage: the identification opening on the phone (reminder calls
# open the same way), the field-visit opening at the door.
OPENING_KIND: dict[str, str] = {
    Stage.REMINDER: ScriptKind.OPENING,
    Stage.PHONE: ScriptKind.OPENING,
    Stage.FIELD: ScriptKind.FIELD_OPENING,
}


def opening_script(
    stage: str, language: str | None, context: dict[str, Any], *, currency: str = "CNY"
) -> tuple[Script, Rendered] | None:
    """The published opening for ``stage`` in ``language`` (the debtor's; Chinese when
    unknown), rendered with gaps marked; None when the library has none published."""
    try:
        lang = normalise_language(language) or Language.ZH
    except ValueError:
        lang = Language.ZH
    kind = OPENING_KIND.get(stage, ScriptKind.OPENING)
    script = (
        Script.objects.filter(kind=kind, language=lang, third_party=False, versions__published=True)
        .order_by("key")
        .first()
    )
    version = script.published_version() if script else None
    if script is None or version is None:
        return None
    return script, render_parts(version.body, context, lang, currency=currency)
