"""/api/v1/docs in a real browser: Swagger UI renders every operation with no request off the machine."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from arrears.conftest import make_user
from arrears.core.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCAL = {"localhost", "127.0.0.1", "[::1]", "::1"}


def test_the_api_docs_render_offline_for_a_signed_in_user(page, tmp_path):
    make_user("wang", Role.TEAM_LEAD, None)
    elsewhere: list[str] = []

    def only_local(route):
        host = urlparse(route.request.url).hostname or ""
        if host in LOCAL or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto("/api/v1/docs", timeout=30_000)
    assert "/login/" in page.url  # the docs need sign-in
    page.fill("input[name=username]", "wang")
    page.fill("input[name=password]", "pw")
    page.click("button[type=submit]")
    page.wait_for_url("**/api/v1/docs")

    page.wait_for_selector(".opblock", timeout=20_000)
    paths = page.locator(".opblock-summary-path").all_text_contents()
    assert "/api/v1/cases/{case_id}/promises" in [p.replace("\u200b", "") for p in paths]
    from arrears.api import api

    operations = sum(len(methods) for methods in api.get_openapi_schema()["paths"].values())
    assert page.locator(".opblock").count() == operations
    page.screenshot(path=str(tmp_path / "api-docs.png"), full_page=False)
    assert elsewhere == [], f"requests to other hosts: {elsewhere}"
