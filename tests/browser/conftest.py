"""Playwright driving Debian's Chromium against a live server of the app.

Playwright's own browser download is not available here, so the tests launch the system
Chromium (ARREARS_CHROMIUM, default /usr/bin/chromium) and are skipped, with the reason,
where it is missing; CI installs it, so there they run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

CHROMIUM = os.environ.get("ARREARS_CHROMIUM", "/usr/bin/chromium")
# The sync Playwright API runs an event loop in this thread; the Django ORM calls the tests
# make between page actions are ordinary blocking calls, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}: CI must install Debian's chromium")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                # Containers give /dev/shm 64 MiB: Chromium writes its shared memory to /tmp.
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


# Every page reports Content-Security-Policy violations to the test (the policy is in
# settings.CONTENT_SECURITY_POLICY): a blocked inline script or style is a bug in our pages
# even when nothing visible breaks, so any violation fails the test that met it.
_WATCH = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__arrearsCspViolation({
    directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, page: document.URL,
  });
});
"""


class Watched:
    """What the browser reported while a test ran: CSP violations, uncaught script errors,
    dialogs (alert/confirm: nothing of ours opens one)."""

    def __init__(self) -> None:
        self.violations: list[dict] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []

    def attach(self, context) -> None:
        context.expose_binding("__arrearsCspViolation", lambda _source, v: self.violations.append(v))
        context.add_init_script(_WATCH)

    def watch(self, page) -> None:
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on(
            "console",
            lambda msg: (
                self.errors.append(msg.text)
                if msg.type == "error" and "Content Security Policy" in msg.text
                else None
            ),
        )

        def dialog(d) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)

    def check(self) -> None:
        assert not self.violations, f"Content-Security-Policy violations: {self.violations}"
        assert not self.errors, f"script errors in the page: {self.errors}"
        assert not self.dialogs, f"dialogs opened: {self.dialogs}"


@pytest.fixture
def watched() -> Watched:
    return Watched()


@pytest.fixture
def new_page(browser, live_server, watched):
    """Pages in fresh browser contexts (one per signed-in user), all watched."""
    contexts = []

    def make(locale: str = "zh-CN"):
        context = browser.new_context(base_url=live_server.url, locale=locale)
        watched.attach(context)
        contexts.append(context)
        page = context.new_page()
        watched.watch(page)
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()
    watched.check()


@pytest.fixture
def page(new_page):
    return new_page()
