"""Fixtures of the browser tests: Debian's Chromium driven by Playwright against ``live_server``.

Never download a browser: the tests use the system Chromium (``apt-get install chromium``).
Without it they are skipped, unless REQUIRE_BROWSER=1 (CI), in which case they fail.

Every page opened through ``open_page`` (and so the ``browser_page`` and ``phone_page`` fixtures)
is watched: a Content-Security-Policy violation or a script error fails the test at its end.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM_EXECUTABLE", "/usr/bin/chromium")
# Flags this machine needs: no sandbox as root, and no call home (the network is closed).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Screenshots for humans (the folder is gitignored).
RESULTS_DIR = Path(settings.BASE_DIR) / "test-results"
CSP_MARKERS = ("content security policy", "content-security-policy")
# Init script reporting every `securitypolicyviolation` event to the test (test-only, never served).
CSP_LISTENER = Path(__file__).with_name("csp_listener.js")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


def _require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    reason = f"Chromium introuvable ({CHROMIUM}) : installez-le avec « apt-get install chromium »."
    if os.environ.get("REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes", "on"}:
        pytest.fail(f"REQUIRE_BROWSER=1 mais {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread: Django would then refuse
    # database calls made by the test itself ("async context"). Relaxed for these tests only.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()


@dataclass
class BrowserPage:
    """A page with what the browser reported: console messages, script errors, CSP violations.

    Violations are caught twice: by the console (Chromium logs them as errors) and by a
    `securitypolicyviolation` listener installed in every document of the context before any
    script of the page runs; the listener reports through a binding, so a violation is kept even
    when the page navigates away right after.
    """

    page: object
    base_url: str
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str):
        return self.page.goto(self.url(path))

    def csp_violations(self) -> list[str]:
        console = [text for text in self.console if any(marker in text.lower() for marker in CSP_MARKERS)]
        return self.violations + console

    def flush(self) -> None:
        """Let the page deliver the events already queued (a violation is reported asynchronously).

        A pause on the test's side, which also processes what the browser has sent: not a script
        in the page, which would never end where JavaScript is disabled.
        """
        if not self.page.is_closed():
            self.page.wait_for_timeout(50)

    def assert_clean(self) -> None:
        """No Content-Security-Policy violation and no script error so far."""
        self.flush()
        assert not self.csp_violations(), "Violation de la CSP :\n" + "\n".join(self.csp_violations())
        assert not self.errors, "Erreur de script :\n" + "\n".join(self.errors)

    def screenshot(self, name: str) -> Path:
        RESULTS_DIR.mkdir(exist_ok=True)
        path = RESULTS_DIR / f"{re.sub(r'[^A-Za-z0-9_.-]', '-', name)}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


def _violation(report: dict) -> str:
    where = f"{report.get('source') or 'page'}:{report.get('line') or '?'}"
    text = f"[securitypolicyviolation] {report.get('directive')} sur {report.get('page')} ({where})"
    if report.get("blocked"):
        text += f", bloqué : {report['blocked']}"
    if report.get("sample"):
        text += f", extrait : {report['sample']!r}"
    if report.get("element"):
        text += f", élément : {report['element']}"
    return text


def open_page(browser, base_url: str, viewport: dict | None = None, **options) -> BrowserPage:
    """A new browser context (its own session) and its page, watched for CSP violations and errors."""
    context = browser.new_context(locale="fr-FR", viewport=viewport or DESKTOP, **options)
    context.set_default_timeout(15_000)
    bp = BrowserPage(page=None, base_url=base_url)
    context.expose_binding(
        "__reportCspViolation", lambda source, report: bp.violations.append(_violation(report))
    )
    context.add_init_script(path=str(CSP_LISTENER))
    page = context.new_page()
    bp.page = page
    page.on("console", lambda message: bp.console.append(f"[{message.type}] {message.text}"))
    page.on("pageerror", lambda error: bp.errors.append(str(error)))
    return bp


@pytest.fixture
def browser_page(browser, live_server, transactional_db) -> Iterator[BrowserPage]:
    """A desktop-sized page; the test fails on any CSP violation or script error, checked at the end."""
    bp = open_page(browser, live_server.url)
    try:
        yield bp
        bp.assert_clean()
    finally:
        bp.page.context.close()


@pytest.fixture
def phone_page(browser, live_server, transactional_db) -> Iterator[BrowserPage]:
    """The same at a phone's width (375 px)."""
    bp = open_page(browser, live_server.url, viewport=PHONE)
    try:
        yield bp
        bp.assert_clean()
    finally:
        bp.page.context.close()
