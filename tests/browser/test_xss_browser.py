"""Cross-site scripting payloads in Chromium, and the admin's Content-Security-Policy.

A real server (tests/support/server.py) holds every payload of ``xss/*.txt`` as an approved
comment on one article (name and text) and again as a pending reply with a screening verdict
that quotes and splits it. Chromium opens the article's comment pages, the moderators' queue
(approved and pending) and comment admin pages. Before any page script runs, an init script
replaces ``alert``, ``confirm``, ``prompt`` and ``print`` with recorders; dialogs, console
messages, page errors, navigations and requests are recorded too. On every page: no dialog,
no recorded call, no CSP violation, no request off 127.0.0.1, no element or event handler that
came from a payload, and each comment's text, as the browser parsed it, is the payload.

Comment admin pages show one comment each, so they are checked one by one without a browser
(tests/security/test_xss.py); here twelve comments carry thirty payloads each, in their text
and as moderators' notes, so every payload also passes through that template in Chromium.
"""

from __future__ import annotations

import json
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.security.conftest import CORPORA, quoting_verdict, shown_as_paragraphs, xss_payloads
from tests.support.server import (
    DEMO_ARTICLE_PATH,
)

pytestmark = pytest.mark.browser

CARRIERS = 12

SENTINEL = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = function (message) { window.__xss.push(name + ": " + String(message)); };
}
"""

# What a payload could have left in the page, as the browser sees it.
PAGE_STATE = """() => {
  const handlers = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith("on")) handlers.push(el.tagName + " " + attr.name);
    }
  }
  const scripts = [...document.scripts]
    .filter((s) => !s.type || /javascript|module|ecmascript/i.test(s.type))
    .filter((s) => !s.src || new URL(s.src).origin !== location.origin)
    .map((s) => (s.src || s.textContent).slice(0, 80));
  const names = ["href", "src", "action", "formaction", "data"];
  const urls = [...document.querySelectorAll("[href], [src], [action], [formaction], [data]")]
    .flatMap((el) => names.map((name) => el.getAttribute(name)))
    .map((value) => (value || "").replace(/[\\x00-\\x20]/g, ""))
    .filter((value) => /^(javascript|vbscript|data:text\\/html)/i.test(value));
  const frames = document.querySelectorAll("iframe, frame, object, embed").length;
  return { xss: window.__xss ?? "the sentinel was not installed", handlers, scripts, urls, frames };
}"""

# Each comment as the browser parsed it: <br> is a line break, paragraphs a blank line.
PUBLIC_COMMENTS = """() => {
  const text = (node) => [...node.childNodes]
    .map((n) => (n.nodeName === "BR" ? "\\n" : n.nodeType === 1 ? text(n) : n.textContent))
    .join("");
  return [...document.querySelectorAll("li.comment")].map((li) => {
    const body = li.querySelector(":scope > article .comment-text");
    const author = li.querySelector(":scope > article .comment-author");
    return {
      id: li.id,
      name: author.textContent,
      text: [...body.children].map(text).join("\\n\\n"),
      foreign: [...body.querySelectorAll("*"), ...author.querySelectorAll("*")]
        .filter((el) => !["P", "BR"].includes(el.tagName) || el.attributes.length)
        .map((el) => el.outerHTML.slice(0, 80)),
    };
  });
}"""

QUEUE_ROWS = """() => [...document.querySelectorAll("li.bs-queue__row")].map((row) => {
  const body = row.querySelector(".bs-queue__text");
  const name = row.querySelector(".bs-queue__name");
  return {
    id: row.id,
    name: name.textContent,
    text: body.textContent,
    foreign: [...body.querySelectorAll("*"), ...name.querySelectorAll("*")]
      .filter((el) => el.tagName !== "MARK" && !(el.tagName === "BDI" && !el.attributes.length))
      .map((el) => el.outerHTML.slice(0, 80)),
  };
})"""

DETAIL = """() => ({
  text: document.querySelector(".bs-detail__text").textContent,
  foreign: [...document.querySelectorAll(".bs-detail__text *, .bs-detail__note *")]
    .filter((el) => el.tagName !== "MARK").map((el) => el.outerHTML.slice(0, 80)),
  notes: [...document.querySelectorAll("td.bs-detail__note")].map((td) => td.textContent),
})"""

LOAD = """
import json, uuid
from django.utils import timezone
from broadsheet.comments.counts import recount
from broadsheet.comments.models import Comment
from broadsheet.moderation.models import ModerationDecision
from broadsheet.news.models import ArticlePage

data = json.load(open({path!r}, encoding="utf-8"))
article = ArticlePage.objects.get(slug={slug!r})
now = timezone.now()

def store(items, status):
    rows = [
        Comment(article=article, parent_id=parent, thread_id=parent, thread_started_at=now,
                author_name=name[:60], text=text,
                status=status, created_at=now, status_changed_at=now, screening=verdict,
                idempotency_key="xss-" + uuid.uuid4().hex,
                client_ip="192.0.2.1", risk=0.5 if verdict else 0.0)
        for name, text, parent, verdict in items
    ]
    Comment.objects.bulk_create(rows)
    recount([article.pk])
    keys = [row.idempotency_key for row in rows]
    stored = Comment.objects.filter(idempotency_key__in=keys)
    ids = dict(stored.values_list("idempotency_key", "id"))
    return [ids[key] for key in keys]

payloads = data["payloads"]
approved = store([(p, p, None, {{}}) for p in payloads], "approved")
replies = zip(payloads, approved, data["verdicts"])
pending = store([(p, p, pk, v) for p, pk, v in replies], "pending")
carriers = store([(c["name"], c["text"], None, {{}}) for c in data["carriers"]], "pending")
ModerationDecision.objects.bulk_create(
    ModerationDecision(comment_id=pk, actor="admin", actor_kind="moderator",
                       from_status="pending", to_status="pending",
                       note=note, created_at=now)
    for pk, carrier in zip(carriers, data["carriers"]) for note in carrier["notes"]
)
print(json.dumps({{"article": article.pk, "approved": approved, "pending": pending,
                   "carrier_ids": carriers}}))
"""


@pytest.fixture(scope="module")
def payload_site(server):
    """Load the payloads into the module's server; returns their ids and the carriers."""
    if not CORPORA.exists():
        pytest.skip(f"corpus not found: {CORPORA} (see docs/security.md)")
    payloads = xss_payloads()
    size = -(-len(payloads) // CARRIERS)
    chunks = [payloads[i : i + size] for i in range(0, len(payloads), size)]
    carriers = [{"name": chunk[0], "text": "\n".join(chunk), "notes": chunk} for chunk in chunks]
    path = server.var_dir / "xss-payloads.json"
    path.write_text(
        json.dumps(
            {
                "payloads": payloads,
                "verdicts": [quoting_verdict(p) for p in payloads],
                "carriers": carriers,
            }
        ),
        encoding="utf-8",
    )
    slug = DEMO_ARTICLE_PATH.strip("/")
    loaded = json.loads(
        server.shell(LOAD.format(path=str(path), slug=slug)).strip().splitlines()[-1]
    )
    return {"payloads": payloads, "carriers": carriers, **loaded}


class Watch:
    """Everything a page did that a payload could have caused."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.navigations: list[str] = []
        page.add_init_script(SENTINEL)
        page.on("dialog", self._dialog)
        page.on("console", lambda message: self.console.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", self._request)
        page.on("framenavigated", self._navigated)

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _request(self, request):
        if not request.url.startswith(self.base_url):
            self.requests.append(request.url)

    def _navigated(self, frame):
        if frame == self.page.main_frame:
            self.navigations.append(frame.url)

    def visit(self, path: str) -> dict:
        """Open ``path``; returns the page's state; navigation elsewhere is recorded."""
        self.navigations.clear()
        response = self.page.goto(path)
        assert response.status == 200, path
        state = self.page.evaluate(PAGE_STATE)
        state["left"] = [url for url in self.navigations if not url.startswith(self.base_url)]
        return state

    def problems(self) -> list[str]:
        violations = [m for m in self.console if "Content Security Policy" in m]
        return [
            *[f"dialog {d}" for d in self.dialogs],
            *[f"CSP violation {m[:120]}" for m in violations],
            *[f"page error {e[:120]}" for e in self.errors],
            *[f"request to {url}" for url in self.requests],
        ]


def _state_problems(path: str, state: dict) -> list[str]:
    if not isinstance(state["xss"], list):
        return [f"{path}: {state['xss']}"]
    return [
        f"{path}: {kind} {value!r:.100}"
        for kind in ("xss", "handlers", "scripts", "urls", "left")
        for value in state[kind]
    ] + ([f"{path}: {state['frames']} frames"] if state["frames"] else [])


@pytest.fixture
def watch(context, server):
    return Watch(context.new_page(), server.url)


@pytest.fixture
def admin_watch(context, server):
    watch = Watch(context.new_page(), server.url)
    log_in(watch.page, server)
    return watch


def test_payloads_do_not_run_on_the_article_page(watch, payload_site):
    expected = {
        f"comment-{pk}": (payload[:60], shown_as_paragraphs(payload))
        for payload, pk in zip(payload_site["payloads"], payload_site["approved"], strict=True)
    }
    problems, shown, number = [], {}, 1
    while True:
        path = f"{DEMO_ARTICLE_PATH}?comments={number}"
        problems += _state_problems(path, watch.visit(path))
        for comment in watch.page.evaluate(PUBLIC_COMMENTS):
            shown[comment["id"]] = comment
        if not watch.page.locator("nav.pagination a", has_text="Later comments").count():
            break
        number += 1
    for key, (name, text) in expected.items():
        comment = shown.get(key)
        if comment is None or (comment["name"], comment["text"]) != (name, text):
            problems.append(f"{key}: shown as {comment and comment['text']!r:.80}")
        elif comment["foreign"]:
            problems.append(f"{key}: elements {comment['foreign']}")
    problems += watch.problems()
    print(
        f"\nChromium, article page: {len(expected)} payloads on {number} pages, "
        f"{len(watch.dialogs)} dialogs fired"
    )
    assert problems == []


@pytest.mark.parametrize("status", ["approved", "pending"])
def test_payloads_do_not_run_in_the_moderation_queue(admin_watch, payload_site, status):
    ids = payload_site["approved"] if status == "approved" else payload_site["pending"]
    expected = {
        f"comment-{pk}": (payload[:60], payload)
        for payload, pk in zip(payload_site["payloads"], ids, strict=True)
    }
    watch, problems, shown, pages = admin_watch, [], {}, 0
    path = f"/admin/comments/?status={status}&order=age&article={payload_site['article']}"
    while path:
        pages += 1
        problems += _state_problems(path, watch.visit(path))
        for row in watch.page.evaluate(QUEUE_ROWS):
            shown[row["id"]] = row
        following = watch.page.locator("a[rel=next]")
        path = following.get_attribute("href") if following.count() else None
    for key, (name, text) in expected.items():
        row = shown.get(key)
        if row is None or (row["name"], row["text"]) != (name, text) or row["foreign"]:
            problems.append(f"{key}: shown as {row and row['text']!r:.80}")
    problems += watch.problems()
    print(
        f"\nChromium, {status} queue: {len(expected)} payloads on {pages} pages, "
        f"{len(watch.dialogs)} dialogs fired"
    )
    assert problems == []


def test_payloads_do_not_run_on_comment_admin_pages(admin_watch, payload_site):
    watch, problems = admin_watch, []
    carriers = list(zip(payload_site["carriers"], payload_site["carrier_ids"], strict=True))
    for carrier, pk in carriers:
        path = f"/admin/comments/{pk}/"
        problems += _state_problems(path, watch.visit(path))
        shown = watch.page.evaluate(DETAIL)
        if shown["text"] != carrier["text"] or shown["foreign"]:
            problems.append(f"{path}: text shown as {shown['text'][:80]!r}")
        if shown["notes"] != carrier["notes"]:
            problems.append(f"{path}: notes shown as {shown['notes'][:2]!r}")
    # A few single comments too: name, parent's name and a verdict quoting the payload.
    for pk in payload_site["pending"][:5]:
        path = f"/admin/comments/{pk}/"
        problems += _state_problems(path, watch.visit(path))
    problems += watch.problems()
    covered = sum(len(carrier["notes"]) for carrier, _ in carriers)
    print(
        f"\nChromium, comment admin pages: {covered} payloads on {len(carriers) + 5} pages, "
        f"{len(watch.dialogs)} dialogs fired"
    )
    assert covered == len(payload_site["payloads"])
    assert problems == []


# --- the admin's Content-Security-Policy ------------------------------------------------------


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


def _policy_problems(path: str, header: str | None) -> list[str]:
    """The policy ``path`` must have: strict, or 'unsafe-inline' only where settings allow it."""
    if not header:
        return [f"{path}: no Content-Security-Policy"]
    policy = _directives(header)
    problems = []
    inline_scripts = path.startswith(tuple(settings.ADMIN_INLINE_SCRIPT_PREFIXES))
    inline_styles = path.startswith(tuple(settings.ADMIN_INLINE_STYLE_PREFIXES))
    if ("'unsafe-inline'" in policy.get("script-src", [])) != inline_scripts:
        problems.append(f"{path}: script-src {policy.get('script-src')}")
    if ("'unsafe-inline'" in policy.get("style-src", [])) != inline_styles:
        problems.append(f"{path}: style-src {policy.get('style-src')}")
    if "'unsafe-eval'" in header or "*" in header.split():
        problems.append(f"{path}: {header}")
    if policy.get("frame-ancestors") != ["'none'"] or policy.get("object-src") != ["'none'"]:
        problems.append(f"{path}: frame-ancestors/object-src {header}")
    return problems


def _home_page_id(server) -> int:
    return server.sql("SELECT page_ptr_id FROM news_homepage")[0][0]


def test_admin_pages_work_under_their_policy_and_call_no_third_party(
    browser, admin_watch, server, payload_site
):
    article, home = payload_site["article"], _home_page_id(server)
    comment = payload_site["pending"][0]
    pages = [
        "/admin/",
        "/admin/account/",
        "/admin/comments/",
        "/admin/comments/?status=approved",
        f"/admin/comments/{comment}/",
        "/admin/pages/",
        f"/admin/pages/{home}/",
        f"/admin/pages/{article}/edit/",
        f"/admin/pages/add/news/articlepage/{home}/",
        f"/admin/pages/{article}/history/",
        "/admin/settings/news/newssettings/",
        "/admin/settings/comments/commentsettings/",
        "/admin/snippets/news/topic/",
        "/admin/snippets/moderation/screeningterm/add/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/collections/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/reports/site-history/",
        "/admin/redirects/add/",
        "/admin/sites/",
        "/admin/workflows/list/",
    ]
    watch, problems = admin_watch, []
    for path in pages:
        response = watch.page.goto(path)
        assert response.status == 200, path
        problems += _policy_problems(path, response.headers.get("content-security-policy"))

    # Scripts that run on interaction: a new inline-panel row (its chooser's inline script)
    # and the scheduling dialog's date pickers in the page editor.
    watch.page.goto("/admin/settings/news/newssettings/")
    total = watch.page.locator("#id_featured_topics-TOTAL_FORMS")
    before = int(total.input_value())
    watch.page.get_by_role("button", name=re.compile("Add topic", re.I)).click()
    expect(total).to_have_value(str(before + 1))
    watch.page.goto(f"/admin/pages/{article}/edit/")
    # The "Set schedule" button sits in the closed status panel: press it from script.
    watch.page.locator('[data-a11y-dialog-show="schedule-publishing-dialog"]').first.dispatch_event(
        "click"
    )
    expect(watch.page.locator("#id_go_live_at")).to_be_visible()
    watch.page.locator("#id_go_live_at").click()
    expect(watch.page.locator(".xdsoft_datetimepicker").first).to_be_visible()
    watch.page.wait_for_load_state("networkidle")
    problems += watch.problems()

    # Signed out: the login page.
    login = Watch(browser.new_context(base_url=server.url).new_page(), server.url)
    response = login.page.goto("/admin/login/")
    problems += _policy_problems("/admin/login/", response.headers.get("content-security-policy"))
    problems += login.problems()
    login.page.context.close()
    print(f"\nChromium, admin pages: {len(pages) + 1} pages, no CSP violation, no third party")
    assert problems == []


def test_the_queue_keyboard_works_under_the_strict_policy(admin_watch, payload_site):
    watch = admin_watch
    path = f"/admin/comments/?status=pending&order=age&article={payload_site['article']}"
    response = watch.page.goto(path)
    policy = _directives(response.headers["content-security-policy"])
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    rows = watch.page.locator("[data-queue-row]")
    expect(rows.first).to_be_visible()

    watch.page.keyboard.press("j")
    expect(rows.nth(0)).to_have_attribute("aria-current", "true")
    watch.page.keyboard.press("j")
    expect(rows.nth(1)).to_have_attribute("aria-current", "true")
    watch.page.keyboard.press("k")
    expect(rows.nth(0)).to_have_attribute("aria-current", "true")
    watch.page.keyboard.press("x")
    expect(rows.nth(0).locator("[data-queue-check]")).to_be_checked()
    watch.page.keyboard.press("r")
    expect(rows.nth(0).locator("[data-queue-reason]")).to_be_focused()
    watch.page.keyboard.press("Escape")
    watch.page.keyboard.press("?")
    expect(watch.page.locator("[data-queue-help]")).to_be_visible()
    watch.page.keyboard.press("Escape")
    expect(watch.page.locator("[data-queue-help]")).to_be_hidden()
    assert watch.problems() == []
