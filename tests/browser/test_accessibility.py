"""Accessibility with axe-core: no serious or critical violations on the pages readers and
moderators use.

axe-core comes from the npm registry (package.json at the repository root; ``npm ci`` puts it
in node_modules). Its script is inserted into each page after loading. Playwright inserts a
file's content as an inline script, which the site's Content-Security-Policy forbids, so this
test's browser context bypasses CSP: it checks accessibility, not the policy (the policy has
its own tests).
"""

from __future__ import annotations

import fcntl
import re
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.browser.conftest import TIMEOUT_MS
from tests.browser.helpers import log_in
from tests.support.clients import (
    article_form,
    post_comment,
)
from tests.support.server import (
    DEMO_ARTICLE_PATH,
    REPO_ROOT,
    new_session,
)

pytestmark = pytest.mark.browser

NODE_MODULES = REPO_ROOT / "node_modules"
AXE_SCRIPT = "axe-core/axe.min.js"
BLOCKING = ("serious", "critical")
NPM_CI = ["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"]

READER_PAGES = {
    "home": "/",
    "article with comments and form": DEMO_ARTICLE_PATH,
    "topic": "/topics/harbourside/",
    "search results": "/search/?q=harbour",
}


def node_tool(relative: str) -> Path:
    """``node_modules/<relative>``, installed with ``npm ci`` when node_modules is missing.

    Skips only when node_modules is absent and npm is not available to install it.
    """
    path = NODE_MODULES / relative
    if path.exists():
        return path
    npm = shutil.which("npm")
    if npm is None:
        if not NODE_MODULES.exists():
            pytest.skip("node_modules is absent and npm is not available (make install-test)")
        pytest.fail(f"{path} is missing and npm is not available to install it")
    lock_path = Path(tempfile.gettempdir()) / "broadsheet-npm-ci.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # several test processes: one npm ci at a time
        if not path.exists():
            done = subprocess.run(
                [npm, *NPM_CI[1:]],
                cwd=REPO_ROOT,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            if done.returncode != 0 or not path.exists():
                pytest.fail(
                    f"npm ci did not install {relative} ({done.returncode}):\n"
                    f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
                )
    return path


@pytest.fixture(scope="module")
def axe_script() -> Path:
    return node_tool(AXE_SCRIPT)


@pytest.fixture
def a11y_page(browser, server):
    context = browser.new_context(base_url=server.url, bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    context.route(lambda url: not url.startswith(server.url), lambda route: route.abort())
    yield context.new_page()
    context.close()


def run_axe(page, axe_script: Path) -> list[dict]:
    """axe-core's violations for the page as it is now (all rules axe runs by default)."""
    page.add_script_tag(path=str(axe_script))
    result = page.evaluate("async () => await axe.run(document, { resultTypes: ['violations'] })")
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
        lines.append(
            f"  {violation['impact']}: {violation['id']} ({violation['help']}) at {targets}"
        )
    return "\n".join(lines)


def check(name: str, page, axe_script: Path, found: dict[str, list[dict]]) -> None:
    violations = run_axe(page, axe_script)
    found[name] = violations
    print(f"\n{name}: {len(violations)} violation(s)\n{describe(violations)}".rstrip())


def blocking(found: dict[str, list[dict]]) -> dict[str, str]:
    return {
        name: describe([v for v in violations if v["impact"] in BLOCKING])
        for name, violations in found.items()
        if any(v["impact"] in BLOCKING for v in violations)
    }


def test_reader_pages_have_no_serious_violations(a11y_page, axe_script):
    found: dict[str, list[dict]] = {}
    for name, path in READER_PAGES.items():
        response = a11y_page.goto(path)
        assert response.status == 200, path
        check(name, a11y_page, axe_script, found)
    # The no-JavaScript confirm page, and the article once a comment was received.
    a11y_page.goto(DEMO_ARTICLE_PATH)
    a11y_page.locator("#comment-name").fill("Screen Reader")
    a11y_page.locator("#comment-text").fill("Accessible, I hope.")
    # As a browser without JavaScript sends it: no per-reader tokens, so a confirm page.
    a11y_page.evaluate(
        """() => {
            const form = document.querySelector('#comment-form');
            form.querySelectorAll('[name=csrfmiddlewaretoken]').forEach((e) => e.remove());
            form.querySelector('[name=form_token]').value = '';
            form.submit();
        }"""
    )
    a11y_page.wait_for_url(re.compile(r"/comments/articles/\d+/post/$"))
    check("comment confirm page (no JavaScript)", a11y_page, axe_script, found)
    a11y_page.goto(f"{DEMO_ARTICLE_PATH}?comment=received#comment-notice")
    check("article with the received notice", a11y_page, axe_script, found)
    assert blocking(found) == {}


def test_moderation_queue_has_no_serious_violations(a11y_page, server, axe_script):
    session = new_session()
    form = article_form(session, server.url)
    for text in (
        "A calm, reasonable comment about the timetable.",
        "Buy cheap watches at http://spam.example.com now!!! http://spam.example.com",
    ):
        response = post_comment(
            session, server.url, form, text=text, idempotency_key=secrets.token_hex(16)
        )
        assert response.status_code == 202
    page = a11y_page
    log_in(page, server)
    found: dict[str, list[dict]] = {}
    page.goto("/admin/comments/?status=pending")
    assert page.locator("[data-queue-row]").count() >= 2
    check("moderation queue", page, axe_script, found)
    page.keyboard.press("j")
    check("moderation queue, a row selected", page, axe_script, found)
    page.keyboard.press("?")
    page.locator("[data-queue-help]").wait_for(state="visible")
    check("moderation queue, shortcuts dialog open", page, axe_script, found)
    page.keyboard.press("Escape")
    page.goto("/admin/comments/?status=approved")
    check("moderation queue, approved tab", page, axe_script, found)
    assert blocking(found) == {}
