"""Every response carries the Content-Security-Policy (settings.CONTENT_SECURITY_POLICY)."""

from __future__ import annotations

import pytest
from django.test import Client

from arrears.conftest import make_user
from arrears.core.models import Role

pytestmark = pytest.mark.django_db


def _directives(header: str) -> dict[str, list[str]]:
    parts = (p.strip().split() for p in header.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


@pytest.mark.parametrize("url", ["/login/", "/", "/work/", "/compliance/decisions/", "/no-such-page/"])
def test_every_page_forbids_inline_script_eval_objects_framing_and_foreign_forms(url):
    client = Client()
    client.force_login(make_user("alice", Role.COLLECTOR, None))
    response = client.get(url, follow=True)
    policy = _directives(response.headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]


def test_our_templates_carry_no_inline_script_handler_or_style():
    """The policy would block them: behaviour belongs in static files (behaviour.js)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offending = []
    pattern = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|\sstyle=|\shx-on|javascript:", re.I)
    for template in root.rglob("templates/**/*.html"):
        for number, line in enumerate(template.read_text().splitlines(), 1):
            if pattern.search(line):
                offending.append(f"{template.relative_to(root)}:{number}")
    assert offending == []
