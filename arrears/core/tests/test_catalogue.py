"""Every user-facing string has its Chinese translation, and the compiled catalogue is current."""

import re
from pathlib import Path

import arrears

PO = Path(arrears.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_no_entry_is_untranslated_or_fuzzy():
    entries = PO.read_text(encoding="utf-8").split("\n\n")[1:]
    untranslated = [e for e in entries if re.search(r'\nmsgstr ""\s*$', e)]
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    assert not untranslated, untranslated[:3]
    assert not fuzzy, fuzzy[:3]


def test_the_compiled_catalogue_holds_every_entry_of_its_source():
    import gettext

    with PO.with_suffix(".mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    entries = [e for e in PO.read_text(encoding="utf-8").split("\n\n")[1:] if "msgid" in e]
    # The .mo also holds the header under the empty msgid.
    assert len(catalog) == len(entries) + 1, "run: manage.py compilemessages"
