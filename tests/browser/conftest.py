"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium), never a downloaded browser.

Without Chromium the tests are skipped on a developer machine and fail under CI, where `.ci/run`
installs it: a browser test that silently does not run is no test.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the live server's database access is
# still synchronous and safe, so let Django allow it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(os.environ.get("OCOP_SCREENSHOTS", "var/screenshots"))
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str | None:
    return os.environ.get("OCOP_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = _chromium()
    if not executable:
        if os.environ.get("CI"):
            pytest.fail("Chromium not found: .ci/run installs Debian's chromium package")
        pytest.skip("Chromium not installed (apt-get install chromium) — browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, live_server: Any, settings: Any) -> Iterator[Any]:
    settings.PUBLIC_URL = live_server.url  # QR codes and e-mail links lead to this test server
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")  # a phone
    pg = context.new_page()
    pg.base_url = live_server.url
    yield pg
    context.close()


@pytest.fixture
def shot() -> Any:
    """Save a full-page screenshot under var/screenshots (kept as CI evidence)."""

    def take(page: Any, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
