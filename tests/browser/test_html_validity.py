"""The public pages are valid HTML: the Nu HTML Checker (vnu.jar) reports no errors.

vnu.jar comes from the npm registry (``vnu-jar`` in package.json; ``npm ci`` puts it in
node_modules) and runs on the machine's Java. The HTML is fetched from a live server exactly
as readers get it. Warnings are allowed; informational messages are ignored.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.browser.test_accessibility import node_tool
from tests.support.clients import (
    article_form,
    fetch_tokens,
)
from tests.support.server import (
    DEMO_ARTICLE_PATH,
    REQUEST_TIMEOUT,
    new_session,
)

pytestmark = pytest.mark.slow

VNU_JAR = "vnu-jar/build/dist/vnu.jar"
VNU_TIMEOUT = 120  # seconds for one run over all pages


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is not on PATH; vnu.jar needs Java 11 or later")
    return java


def _pages(server) -> dict[str, tuple[int, str]]:
    """Page name -> (HTTP status, HTML), fetched from the live server."""
    session = new_session()
    url = server.url
    pages = {}
    for name, path, status in (
        ("home", "/", 200),
        ("article with comments and form", DEMO_ARTICLE_PATH, 200),
        ("article with the received notice", f"{DEMO_ARTICLE_PATH}?comment=received", 200),
        ("topic", "/topics/harbourside/", 200),
        ("search results", "/search/?q=harbour", 200),
        ("search without results", "/search/?q=zzzqqq", 200),
        ("404", "/no-such-page/", 404),
    ):
        response = session.get(f"{url}{path}", timeout=REQUEST_TIMEOUT)
        assert response.status_code == status, path
        pages[name] = (response.status_code, response.text)

    form = article_form(session, url)
    fields = {"author_name": "Paper Reader", "text": "Posted without a script.", "parent": ""}
    # Without JavaScript the shared page's form carries no tokens: the confirm page answers.
    confirm = session.post(form.post_url, data=fields, timeout=REQUEST_TIMEOUT)
    assert confirm.status_code == 200
    assert "press Post a Comment to send it" in confirm.text
    pages["comment confirm page (no JavaScript)"] = (confirm.status_code, confirm.text)
    # The confirm page showing a refusal (the name left empty).
    tokens = fetch_tokens(session, url)
    refused = session.post(
        form.post_url,
        data={
            **fields,
            "author_name": "",
            "csrfmiddlewaretoken": tokens["csrf_token"],
            "form_token": tokens["form_token"],
            "idempotency_key": tokens["idempotency_key"],
            "notice_version": str(form.notice_version),
        },
        timeout=REQUEST_TIMEOUT,
    )
    assert refused.status_code == 400
    pages["comment confirm page with an error"] = (refused.status_code, refused.text)
    return pages


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name)


def test_public_pages_have_no_html_errors(server, tmp_path: Path):
    jar = node_tool(VNU_JAR)
    java = _java()
    pages = _pages(server)
    files, paths = {}, []
    for name, (_, html) in pages.items():
        path = tmp_path / f"{_slug(name)}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = name
        paths.append(path)

    done = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", "--stdout", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=VNU_TIMEOUT,
        check=False,
    )
    report = json.loads(done.stdout)
    by_page: dict[str, list[str]] = {name: [] for name in pages}
    warnings: dict[str, int] = dict.fromkeys(pages, 0)
    for message in report["messages"]:
        name = files.get(Path(unquote(urlsplit(message.get("url", "")).path)).name, "?")
        kind = message["type"]
        if kind == "info" and message.get("subType") == "warning":
            warnings[name] = warnings.get(name, 0) + 1
        elif kind in ("error", "non-document-error"):
            by_page.setdefault(name, []).append(
                f"line {message.get('lastLine')}: {message['message']}"
                f" [{message.get('extract', '').strip()[:120]}]"
            )
    for name in pages:
        print(f"\n{name}: {len(by_page[name])} error(s), {warnings.get(name, 0)} warning(s)")
        for error in by_page[name]:
            print(f"  {error}")
    assert {name: errors for name, errors in by_page.items() if errors} == {}
    assert done.returncode == 0, done.stderr[-2000:]
