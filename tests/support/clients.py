"""Talking to a live server as readers and moderators do: tokens, the form, posts, the admin.

Used with ``tests.support.server`` (the processes) and ``tests.support.fronts`` (the caches in
front of them)::

    with live_server_process("sqlite") as server:
        session = new_session()
        form = article_form(session, server.url)
        post_comment(session, server.url, form, text="Hello")
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import requests

from tests.support.server import (
    DEMO_ARTICLE_PATH,
    REQUEST_TIMEOUT,
    LiveServer,
    ServerError,
    new_session,
)


@dataclass(frozen=True)
class RawResponse:
    """An answer to ``raw_request``: status, headers (case-insensitive) and body."""

    status_code: int
    headers: requests.structures.CaseInsensitiveDict
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


def raw_request(
    method: str,
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = REQUEST_TIMEOUT,
) -> RawResponse:
    """One request with the target sent byte for byte as written in ``url``.

    requests (through urllib3) decodes escaped unreserved characters and upper-cases the
    others before sending, so it cannot send ``/%63omments/``; http.client sends what it is
    given. No redirect is followed.
    """
    import http.client

    parts = urlsplit(url)
    target = url[len(f"{parts.scheme}://{parts.netloc}") :] or "/"
    if parts.scheme == "https":
        import ssl

        context = ssl._create_unverified_context()  # noqa: S323 - a test's own certificate
        conn = http.client.HTTPSConnection(parts.netloc, timeout=timeout, context=context)
    else:
        conn = http.client.HTTPConnection(parts.netloc, timeout=timeout)
    try:
        conn.request(method, target, body=body, headers=dict(headers or {}))
        answer = conn.getresponse()
        content = answer.read()
        return RawResponse(
            answer.status, requests.structures.CaseInsensitiveDict(answer.getheaders()), content
        )
    finally:
        conn.close()


def fetch_tokens(session: requests.Session, base_url: str) -> dict[str, str]:
    """GET /comments/token/: ``{"csrf_token", "form_token", "idempotency_key"}``.

    The session keeps the CSRF cookie that goes with ``csrf_token``.
    """
    response = session.get(f"{base_url}/comments/token/", timeout=REQUEST_TIMEOUT)
    response.raise_for_status()
    return response.json()


@dataclass(frozen=True)
class ArticleForm:
    """What the article page's ``form#comment-form`` tells a client."""

    article_url: str
    api_url: str
    post_url: str
    token_url: str
    notice_version: int
    max_length: int

    @property
    def article_id(self) -> int:
        return int(re.findall(r"\d+", self.api_url)[-1])


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.form: dict[str, str] = {}
        self.inputs: dict[str, str] = {}
        self.textarea: dict[str, str] = {}
        self.counter: dict[str, str] = {}
        self._inside = False

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "form" and attrs.get("id") == "comment-form":
            self.form, self._inside = attrs, True
        elif self._inside and tag == "input" and attrs.get("name"):
            self.inputs[attrs["name"]] = attrs.get("value", "")
        elif self._inside and tag == "textarea" and attrs.get("name") == "text":
            self.textarea = attrs
        elif self._inside and "data-counter" in attrs:
            self.counter = attrs

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False


def article_form(
    session: requests.Session, base_url: str, path: str = DEMO_ARTICLE_PATH
) -> ArticleForm:
    """Read the comment form of the article at ``path``."""
    response = session.get(f"{base_url}{path}", timeout=REQUEST_TIMEOUT)
    response.raise_for_status()
    parser = _FormParser()
    parser.feed(response.text)
    if not parser.form:
        raise ServerError(f"{path} has no form#comment-form (comments closed?)")
    return ArticleForm(
        article_url=f"{base_url}{path}",
        api_url=base_url + parser.form["data-api"],
        post_url=base_url + parser.form["action"],
        token_url=base_url + parser.form["data-token-url"],
        notice_version=int(parser.inputs.get("notice_version") or 1),
        max_length=int(parser.counter.get("data-max") or parser.textarea.get("maxlength") or 1000),
    )


def comment_payload(
    form: ArticleForm,
    tokens: Mapping[str, str],
    *,
    text: str,
    author_name: str = "Live Test Reader",
    author_email: str = "",
    idempotency_key: str | None = None,
    parent: int | None = None,
) -> dict[str, Any]:
    """The JSON body the page's script sends."""
    return {
        "author_name": author_name,
        "author_email": author_email,
        "text": text,
        "parent": parent or "",
        "notice_version": form.notice_version,
        "form_token": tokens["form_token"],
        "idempotency_key": idempotency_key or tokens["idempotency_key"],
        "website": "",
    }


def post_comment(
    session: requests.Session,
    base_url: str,
    form: ArticleForm,
    *,
    text: str,
    tokens: Mapping[str, str] | None = None,
    idempotency_key: str | None = None,
    author_name: str = "Live Test Reader",
    timeout: float = REQUEST_TIMEOUT,
) -> requests.Response:
    """POST a comment as JSON, as the page's script does (fetching tokens unless given)."""
    tokens = tokens or fetch_tokens(session, base_url)
    return session.post(
        form.api_url,
        json=comment_payload(
            form, tokens, text=text, author_name=author_name, idempotency_key=idempotency_key
        ),
        headers={"X-CSRFToken": tokens["csrf_token"]},
        timeout=timeout,
    )


def admin_session(server: LiveServer) -> requests.Session:
    """A session logged into Wagtail's admin as the demo admin (through the login form).

    Its ``csrftoken`` cookie is the token to send with admin POSTs (``csrfmiddlewaretoken``).
    """
    session = new_session()
    login_url = f"{server.url}/admin/login/"
    page = session.get(login_url, timeout=REQUEST_TIMEOUT)
    page.raise_for_status()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if token is None:
        raise ServerError("no CSRF token on the admin login page")
    username, password = server.admin_credentials
    response = session.post(
        login_url,
        data={"csrfmiddlewaretoken": token.group(1), "username": username, "password": password},
        headers={"Referer": login_url},
        allow_redirects=False,
        timeout=REQUEST_TIMEOUT,
    )
    if response.status_code != 302 or "sessionid" not in session.cookies:
        raise ServerError(f"admin login failed ({response.status_code})")
    return session


def approve_in_admin(server: LiveServer, comment_id: int) -> float:
    """POST the queue's approve action for one pending comment, as a moderator's browser does;
    return how long the moderator waited for the answer (seconds).

    Sends the status the moderator saw (``expected``), as the queue's forms do: without it the
    decision is refused and nothing changes.
    """
    with admin_session(server) as session:
        began = time.monotonic()
        response = session.post(
            f"{server.url}/admin/comments/{comment_id}/approve/",
            data={
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
                "note": "",
                "expected": "pending",
            },
            headers={"Referer": f"{server.url}/admin/comments/"},
            allow_redirects=False,
            timeout=REQUEST_TIMEOUT,
        )
        waited = time.monotonic() - began
    if response.status_code != 302:
        raise ServerError(f"approve failed ({response.status_code}): {response.text[:500]}")
    return waited
