"""Fixtures of the browser tests: Debian's Chromium driven by Playwright against ``live_server``.

Never download a browser: the tests use the system Chromium (``apt-get install chromium``).
Without it they are skipped, unless REQUIRE_BROWSER=1 (CI), in which case they fail.
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
    """A page with what the browser reported: console messages and uncaught script errors."""

    page: object
    base_url: str
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str):
        return self.page.goto(self.url(path))

    def csp_violations(self) -> list[str]:
        return [text for text in self.console if any(marker in text.lower() for marker in CSP_MARKERS)]

    def assert_clean(self) -> None:
        """No Content-Security-Policy violation and no script error so far."""
        assert not self.csp_violations(), "Violation de la CSP :\n" + "\n".join(self.csp_violations())
        assert not self.errors, "Erreur de script :\n" + "\n".join(self.errors)

    def screenshot(self, name: str) -> Path:
        RESULTS_DIR.mkdir(exist_ok=True)
        path = RESULTS_DIR / f"{re.sub(r'[^A-Za-z0-9_.-]', '-', name)}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def browser_page(browser, live_server, transactional_db) -> Iterator[BrowserPage]:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    wrapper = BrowserPage(page=page, base_url=live_server.url)
    page.on("console", lambda message: wrapper.console.append(f"[{message.type}] {message.text}"))
    page.on("pageerror", lambda error: wrapper.errors.append(str(error)))
    try:
        yield wrapper
    finally:
        context.close()
