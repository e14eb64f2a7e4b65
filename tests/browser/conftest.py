"""Browser tests: Debian's Chromium driven by Playwright against a real server process.

One browser per test session, one server per test module, a new browser context (fresh
cookies, storage and cache) per test.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.support.server import (
    DEMO_ARTICLE_PATH,
    live_server_process,
)

CHROMIUM = Path(os.environ.get("BROADSHEET_CHROMIUM", "/usr/bin/chromium"))
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists() and not shutil.which(str(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM} (make chromium installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def server():
    """A server on its own SQLite file. Several workers only when they share a Redis cache:
    with per-process memory caches an approval would purge only one worker's pages."""
    workers = 2 if os.environ.get("REDIS_URL") else 1
    with live_server_process("sqlite", workers=workers) as live:
        yield live


def _new_context(browser, server, **options):
    context = browser.new_context(base_url=server.url, **options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    # Everything the page loads comes from the local server; nothing may leave 127.0.0.1.
    context.route(lambda url: not url.startswith(server.url), lambda route: route.abort())
    return context


@pytest.fixture
def context(browser, server):
    context = _new_context(browser, server)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def no_js_page(browser, server):
    context = _new_context(browser, server, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture
def article_path():
    return DEMO_ARTICLE_PATH
