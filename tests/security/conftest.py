"""The security suite's shared parts: the corpora, an HTML tree, the checks, and users.

The corpora are read from ``../shared/corpora/`` beside the repository (never copied into it);
a test that needs a missing corpus fails in CI (``CI`` set) and is skipped elsewhere, saying
where it looked.

The checks parse HTML with Python's ``html.parser`` into a small tree. Reader input is safe on a
page when (1) its text content, as parsed, equals what the reader wrote, and (2) nothing on the
page can run: no event-handler attribute, no ``javascript:`` URL, no script other than the
page's own files and JSON data blocks. Markup that came from a payload breaks (1) because the
payload's tags would be parsed as elements instead of text, and usually (2) as well.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.utils import timezone

from broadsheet.comments import counts
from broadsheet.comments.models import Comment

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPORA = REPO_ROOT.parent / "shared" / "corpora"


# --- corpora ----------------------------------------------------------------------------------


def corpus_path(relative: str) -> Path:
    path = CORPORA / relative
    if not path.exists():
        message = f"corpus not found: {path} (see docs/security.md)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def _lines(path: Path) -> list[str]:
    seen: dict[str, None] = {}
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.strip():
            seen.setdefault(line, None)
    return list(seen)


@functools.cache
def naughty_strings() -> list[str]:
    """The 515 strings of the Big List of Naughty Strings, exactly as listed."""
    return json.loads(corpus_path("naughty-strings/blns.json").read_text(encoding="utf-8"))


@functools.cache
def xss_payloads() -> list[str]:
    """Every distinct non-blank line of ``xss/*.txt`` except the open-redirect list."""
    seen: dict[str, None] = {}
    for path in sorted(corpus_path("xss").glob("*.txt")):
        if "redirect" not in path.name:
            for line in _lines(path):
                seen.setdefault(line, None)
    return list(seen)


@functools.cache
def redirect_payloads() -> list[str]:
    return _lines(corpus_path("xss/open-redirect-payloads.txt"))


# Line breaks and NUL, which the naughty strings cannot hold, for every field.
CONTROL_CASES = {
    "NUL inside": "before\x00after",
    "NUL alone": "\x00",
    "NUL at the end": "text\x00",
    "CR inside": "first\rsecond",
    "LF inside": "first\nsecond",
    "CRLF inside": "first\r\nsecond",
    "lone CR": "\r",
    "lone LF": "\n",
    "lone CRLF": "\r\n",
    "leading LF": "\nafter a line break",
    "leading CRLF": "\r\nafter a line break",
    "trailing CRLF": "before a line break\r\n",
    "blank paragraphs": "one\r\n\r\n\r\ntwo\n\n\nthree",
    "tab and CR": "a\tb\rc",
}
# Longer than each field allows (the name: 60 characters; the text: the site's 1000).
OVERLONG_CASES = {
    "author_name": {"61-character name": "n" * 61, "61 characters of emoji": "\U0001f600" * 61},
    "text": {
        "1001-character text": "t" * 1001,
        "1001 emoji": "\U0001f600" * 1001,
        "1 MB text": "m" * (1024 * 1024),
    },
}


def naughty_cases(field_name: str) -> list[tuple[str, str]]:
    """``(label, value)`` for every distinct naughty string, the control and over-long cases.

    The list holds four strings twice; each value is sent once, because the form without
    JavaScript rightly stores the same comment sent again from one browser only once.
    """
    cases = [(f"blns[{i}]", value) for i, value in enumerate(naughty_strings())]
    cases += list(CONTROL_CASES.items())
    cases += list(OVERLONG_CASES[field_name].items())
    distinct: dict[str, str] = {}
    for label, value in cases:
        distinct.setdefault(value, label)
    return [(label, value) for value, label in distinct.items()]


# --- an HTML tree -----------------------------------------------------------------------------

VOID_ELEMENTS = frozenset(
    {
        *("area", "base", "br", "col", "embed", "hr", "img", "input"),
        *("keygen", "link", "meta", "param", "source", "track", "wbr"),
    }
)


@dataclass(eq=False)
class Element:
    tag: str
    attrs: list[tuple[str, str | None]]
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    def attr(self, name: str) -> str | None:
        return next((value for key, value in self.attrs if key == name), None)

    def has_attr(self, name: str) -> bool:
        return any(key == name for key, _ in self.attrs)

    @property
    def classes(self) -> set[str]:
        return set((self.attr("class") or "").split())

    def iter(self) -> Iterator[Element]:
        """This element and every element below it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def descendants(self) -> Iterator[Element]:
        iterator = self.iter()
        next(iterator)
        return iterator

    def find_all(
        self, tag: str | None = None, *, cls: str | None = None, **attrs: str
    ) -> list[Element]:
        found = []
        for element in self.iter():
            if tag is not None and element.tag != tag:
                continue
            if cls is not None and cls not in element.classes:
                continue
            if any(element.attr(name.replace("_", "-")) != v for name, v in attrs.items()):
                continue
            found.append(element)
        return found

    def find(self, tag: str | None = None, *, cls: str | None = None, **attrs: str):
        found = self.find_all(tag, cls=cls, **attrs)
        return found[0] if found else None

    def text(self) -> str:
        """The text content, with ``<br>`` read as a line break."""
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag == "br":
                parts.append("\n")
            else:
                parts.append(child.text())
        return "".join(parts)


_LEADING_NEWLINE_DROPPED = frozenset({"textarea", "pre", "listing"})


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", [])
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, parent=self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, attrs, parent=self.stack[-1]))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        parent = self.stack[-1]
        if parent.tag in _LEADING_NEWLINE_DROPPED and not parent.children:
            # As browsers parse it: one line break right after the start tag is not content.
            data = data.removeprefix("\n")
        parent.children.append(data)


def parse_html(markup: str | bytes) -> Element:
    if isinstance(markup, bytes):
        markup = markup.decode("utf-8")
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root


# --- checks -------------------------------------------------------------------------------------

URL_ATTRIBUTES = frozenset(
    {
        *("href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"),
        *("srcset", "ping", "cite", "longdesc", "lowsrc", "dynsrc", "codebase", "archive"),
        *("manifest", "icon"),
    }
)
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_SCRIPT_TYPES = {"", "text/javascript", "module", "application/javascript"}


def scripted_url(value: str) -> bool:
    """True for a URL a browser would run (``javascript:``, ``vbscript:``, HTML ``data:``)."""
    compact = _URL_NOISE.sub("", value).lower()
    return compact.startswith(("javascript:", "vbscript:", "livescript:", "data:text/html"))


def active_content(root: Element) -> list[str]:
    """What could run on a page, apart from its own scripts (same-site files) and JSON data.

    Empty for every page in this suite: an entry means markup that did not come from the
    templates (or a template that started to use inline script).
    """
    found = []
    for element in root.iter():
        for name, value in element.attrs:
            runs = name.startswith("on") or name == "srcdoc"
            if runs or (name in URL_ATTRIBUTES and value and scripted_url(value)):
                found.append(f"<{element.tag} {name}={value!r}>")
        if element.tag == "script":
            src = element.attr("src")
            kind = (element.attr("type") or "").strip().lower()
            if src is not None:
                if not src.startswith("/") or src.startswith("//"):
                    found.append(f"<script src={src!r}>")
            elif kind in _SCRIPT_TYPES:
                found.append(f"<script>{element.text()[:80]!r}")
        elif element.tag in ("iframe", "frame", "object", "embed", "applet", "base"):
            found.append(f"<{element.tag} {element.attrs!r}>")
    return found


def site_urls_only(container: Element) -> list[str]:
    """URL attributes inside ``container`` that do not stay on this site (a path or fragment)."""
    bad = []
    for element in container.iter():
        for name, value in element.attrs:
            local = not value or (value.startswith(("/", "#", "?")) and not value.startswith("//"))
            if name in URL_ATTRIBUTES and not local:
                bad.append(f"<{element.tag} {name}={value!r}>")
    return bad


def shown_as_paragraphs(text: str) -> str:
    """``text`` as the article page shows it (Django's ``linebreaks``), read back as text.

    Line breaks are normalised to LF, two or more break paragraphs (read back as one blank
    line) and one is a ``<br>``; every other character is unchanged.
    """
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n\n".join(re.split("\n{2,}", normalised))


def paragraphs_text(container: Element) -> str:
    """Read back what ``linebreaks`` wrote: ``<p>`` children joined by a blank line."""
    return "\n\n".join(p.text() for p in container.children if isinstance(p, Element))


@dataclass
class ShownComment:
    """One comment as a page shows it, read back from the parsed HTML."""

    pk: int
    name: str
    text: str
    element: Element
    labels: dict[str, str] = field(default_factory=dict)  # attribute copies of the name
    text_markup: list[str] = field(default_factory=list)  # elements in the text (tag, attrs)
    name_markup: list[str] = field(default_factory=list)


def _markup(container: Element | None) -> list[str]:
    if container is None:
        return ["(missing)"]
    return [f"{e.tag}{sorted(k for k, _ in e.attrs)}" for e in container.descendants()]


def public_page_comments(root: Element) -> dict[int, ShownComment]:
    """The comments of an article page (``li.comment``), keyed by id."""
    shown = {}
    for item in root.find_all("li", cls="comment"):
        if "comment-removed" in item.classes:  # a removed comment's place: nothing it said
            continue
        pk = int(item.attr("id").removeprefix("comment-"))
        article = item.find("article")
        author = article.find("bdi", cls="comment-author")
        text = article.find("div", cls="comment-text")
        reply = article.find("a", cls=None, data_reply=str(pk))
        labels = {"aria-label": article.attr("aria-label")}
        if reply is not None:
            labels["data-reply-name"] = reply.attr("data-reply-name")
        # Replies are nested inside their parent's <li>: read only this comment's own parts.
        shown[pk] = ShownComment(
            pk=pk,
            name=author.text(),
            text=paragraphs_text(text),
            element=article,
            labels=labels,
            text_markup=[m for m in _markup(text) if not m.startswith(("p[]", "br[]"))],
            name_markup=_markup(author),
        )
    return shown


def queue_comments(root: Element) -> dict[int, ShownComment]:
    """The rows of the moderators' queue (``li.bs-queue__row``), keyed by id."""
    shown = {}
    for row in root.find_all("li", cls="bs-queue__row"):
        pk = int(row.attr("id").removeprefix("comment-"))
        name = row.find("strong", cls="bs-queue__name")
        text = row.find("div", cls="bs-queue__text")
        shown[pk] = ShownComment(
            pk=pk,
            name=name.text(),
            text=text.text(),
            element=row,
            labels={"aria-label": row.attr("aria-label")},
            text_markup=[m for m in _markup(text) if m != "mark['class', 'title']"],
            name_markup=[m for m in _markup(name) if m != "bdi[]"],  # the isolating wrapper
        )
    return shown


def detail_fields(root: Element) -> dict[str, Element]:
    """The detail page's ``<dt>label</dt><dd>value</dd>`` pairs, keyed by label."""
    fields = {}
    for meta in root.find_all("dl", cls="bs-detail__meta"):
        label = None
        for child in meta.children:
            if isinstance(child, Element) and child.tag == "dt":
                label = child.text().strip()
            elif isinstance(child, Element) and child.tag == "dd" and label:
                fields[label] = child
    return fields


def detail_comment(root: Element, pk: int) -> ShownComment:
    """The comment on its admin detail page."""
    text = root.find("div", cls="bs-detail__text")
    name = detail_fields(root)["Name"]
    return ShownComment(
        pk=pk,
        name=name.text(),
        text=text.text(),
        element=root.find("main") or root,
        text_markup=[m for m in _markup(text) if m != "mark['class', 'title']"],
        name_markup=[m for m in _markup(name) if m != "bdi[]"],
    )


# --- data and users -------------------------------------------------------------------------


def quoting_verdict(text: str) -> dict:
    """A verdict whose spans split the payload mid-tag and whose strings repeat it."""
    third = max(1, len(text) // 3)
    return {
        "recommendation": text[:40],
        "categories": [text[:20], "spam"],
        "reasons": [
            {"check": "links", "category": "spam", "detail": text, "start": 1, "end": 2 * third},
            {"check": text[:30], "category": text[:10], "detail": "x", "start": third, "end": -1},
            {"check": "words", "detail": text[-20:], "start": third + 1, "end": len(text) - 1},
        ],
    }


def store_comments(
    article,
    items: Iterable[tuple[str, str]],
    *,
    status: str,
    parents: Iterable[Comment | None] | None = None,
    screening: Callable[[str], dict] | None = None,
) -> list[Comment]:
    """Store ``(name, text)`` comments directly, bypassing the input checks on purpose.

    Escaping must not depend on validation: a site may allow longer comments, and the
    validation rules may change. Names are cut to the column's 60 characters. ``screening``
    builds the stored verdict from the text.
    """
    now = timezone.now()
    items = list(items)
    parents = list(parents) if parents is not None else [None] * len(items)
    comments = [
        Comment(
            article=article,
            parent=parent,
            thread_id=parent.thread_root_id if parent is not None else None,
            thread_started_at=now,
            author_name=name[:60],
            text=text,
            status=status,
            created_at=now,
            status_changed_at=now,
            idempotency_key=f"security-{uuid.uuid4().hex}",
            client_ip="192.0.2.1",
            screening=screening(text) if screening else {},
            risk=0.5 if screening else 0.0,
        )
        for (name, text), parent in zip(items, parents, strict=True)
    ]
    Comment.objects.bulk_create(comments)
    counts.recount([article.pk])  # stored around the transitions, so counted here
    keys = [c.idempotency_key for c in comments]
    ids = dict(
        Comment.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", "pk")
    )
    for comment in comments:  # not every backend returns the ids of a bulk insert
        comment.pk = ids[comment.idempotency_key]
    return comments


def make_user(username: str, *, groups: Iterable[str] = (), permissions: Iterable[str] = ()):
    """A user without a usable password (tests log in with ``force_login``)."""
    user = User.objects.create_user(username, email=f"{username}@staff.example")
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def client_for(user: User | None, **options) -> Client:
    client = Client(**options)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _quiet_refusals():
    """Refused requests are expected here by the hundred: keep the 4xx warnings out of the log."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security.csrf")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


@pytest.fixture
def fast_comments(settings):
    """No rate limit and no minimum form age: the corpora are sent one after another."""
    settings.COMMENT_RATE_LIMIT = "0/60"
    settings.COMMENT_MIN_SECONDS = 0
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def moderator(db) -> User:
    return make_user("moira", groups=["Comment moderators"])


@pytest.fixture
def editor(db) -> User:
    """May use the Wagtail admin; may not moderate comments."""
    return make_user("eddie", permissions=["access_admin"])


@pytest.fixture
def reader_user(db) -> User:
    """Signed in, without any permission."""
    return make_user("rita")


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("root", email="root@staff.example")
