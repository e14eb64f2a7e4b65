"""Headers and parameters a client forges: ``next``, ``Host`` and ``X-Forwarded-For``.

- Open redirects: every payload of ``xss/open-redirect-payloads.txt`` as ``next`` on each
  moderation action, the Wagtail login (signed in and signing in), and the refusal to delete a
  commented article (one page, and the bulk action), and as a path for the trailing-slash
  redirect. No ``Location`` leaves the site, read as a browser reads it (backslashes as
  slashes, tabs and line breaks dropped, surrounding spaces and controls trimmed).
- A ``Host`` outside ALLOWED_HOSTS gets a 400, never a 500 or a page, on pages and comment
  endpoints; ``X-Forwarded-Host`` is ignored, so no link on a (cached) page can be poisoned.
- The comment rate limit counts the client's address: rotating ``X-Forwarded-For`` (or other
  forwarding headers) from a peer that is not a trusted proxy changes nothing, behind a trusted
  proxy only the address the proxy saw counts, both endpoints share the limit, and an IPv6
  client is one client for its whole /64.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from broadsheet.comments.models import Comment
from tests.comments.helpers import form_fields, post_json, submit
from tests.security.conftest import client_for, redirect_payloads

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_comments")]

SITE_HOSTS = {"testserver"}
SAMPLE = 40  # payloads for a second route into code already given every payload
_EDGES = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_IGNORED = re.compile(r"[\t\n\r]")


def off_site(location: str) -> str | None:
    """Why a browser following ``location`` would leave the site (None if it stays)."""
    url = _IGNORED.sub("", _EDGES.sub("", location)).replace("\\", "/")
    parts = urlsplit(url)
    if url.startswith("//"):
        return "scheme-relative"
    if parts.scheme and parts.scheme not in ("http", "https"):
        return f"scheme {parts.scheme}"
    if parts.scheme and not parts.netloc:
        return "scheme without host"  # https:evil.example is read as https://evil.example
    if parts.netloc and parts.hostname not in SITE_HOSTS:
        return f"host {parts.netloc}"
    return None


def _leaks(responses: list[tuple[str, object]]) -> list[str]:
    found = []
    for payload, response in responses:
        if response.status_code >= 500:
            found.append(f"{payload!r}: {response.status_code}")
        location = response.get("Location")
        if location is not None and (reason := off_site(location)):
            found.append(f"{payload!r} -> {location!r} ({reason})")
    return found


def test_the_location_check_itself():
    for location in ["/admin/comments/", "http://testserver/x", "?page=2", "#top"]:
        assert off_site(location) is None, location
    for location in [
        "//evil.example",
        "https://evil.example/",
        "\\/evil.example",
        "/\\evil.example",
        " //evil.example",
        "/\t/evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "http://testserver@evil.example/",
    ]:
        assert off_site(location), location


def test_moderation_actions_never_redirect_off_site(moderator, article):
    comment = submit(article, text="Redirect me")
    client = client_for(moderator, raise_request_exception=False)
    actions = {
        reverse("comments_admin:approve", args=[comment.pk]): {},
        reverse("comments_admin:reject", args=[comment.pk]): {"reason": "insulting"},
        reverse("comments_admin:spam", args=[comment.pk]): {},
        reverse("comments_admin:bulk"): {"ids": [comment.pk], "action": "approve"},
        reverse("comments_admin:rescreen"): {},
    }
    payloads = redirect_payloads()
    # Reject and spam run the same view code as approve: a sample of the payloads for them.
    shared = {
        reverse("comments_admin:reject", args=[comment.pk]),
        reverse("comments_admin:spam", args=[comment.pk]),
    }
    responses = [
        (payload, client.post(url, {**data, "next": payload}))
        for url, data in actions.items()
        for payload in (payloads[:SAMPLE] if url in shared else payloads)
    ]
    assert _leaks(responses) == []
    assert all(r.status_code == 302 for _, r in responses)
    followed = client.post(next(iter(actions)), {"next": "/admin/comments/?status=approved"})
    assert followed["Location"] == "/admin/comments/?status=approved"  # a local next is kept
    print(f"\nopen redirect: {len(payloads)} payloads x {len(actions)} moderation actions")


def test_wagtail_login_never_redirects_off_site(settings, moderator):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = User.objects.create_user("lena", password="correct horse battery")
    user.groups.add(*moderator.groups.all())
    payloads = redirect_payloads()
    responses = []
    for payload in payloads:
        client = Client(raise_request_exception=False)
        url = f"{reverse('wagtailadmin_login')}?{_query(payload)}"
        fields = {"username": "lena", "password": "correct horse battery", "next": payload}
        signing_in = client.post(url, fields)
        assert signing_in.status_code == 302, payload
        responses += [(payload, signing_in), (payload, client.get(url))]
    assert _leaks(responses) == []


def _query(payload: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"next": payload})


def test_refusing_to_delete_a_commented_article_never_redirects_off_site(superuser, article):
    submit(article, text="Keeps the article")
    client = client_for(superuser, raise_request_exception=False)
    delete = reverse("wagtailadmin_pages:delete", args=[article.pk])
    bulk = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    responses = []
    payloads = redirect_payloads()
    for payload in payloads:
        responses.append((payload, client.post(f"{delete}?{_query(payload)}")))
    for payload in payloads[:SAMPLE]:  # the bulk action checks next with the same function
        responses.append((payload, client.post(f"{bulk}?id={article.pk}&{_query(payload)}")))
    assert _leaks(responses) == []
    assert all(r.status_code == 302 for _, r in responses)
    assert article.__class__.objects.filter(pk=article.pk).exists()


def test_trailing_slash_redirects_stay_on_site(client):
    client.raise_request_exception = False
    paths = [p for p in redirect_payloads() if p.startswith(("/", "\\"))]
    responses = [(path, client.get(path.rstrip("/"))) for path in paths]
    assert _leaks(responses) == []


# --- Host -------------------------------------------------------------------------------------

FORGED_HOSTS = [
    "evil.example",
    "evil.example:80",
    "testserver.evil.example",
    "127.0.0.1.evil.example",
    "testserver@evil.example",
    "[::1]:80@evil.example",
    "évil.example",
    "x" * 300,
    "evil.example\\@testserver",
    "localhost:8000/evil",
]


def test_forged_host_headers_get_400(moderator, article, settings):
    settings.PAGE_CACHE_ENABLED = True
    anonymous = Client(raise_request_exception=False)
    staff = client_for(moderator, raise_request_exception=False)
    requests = [
        (anonymous, "get", "/", {}),
        (anonymous, "get", article.url, {}),
        (anonymous, "get", "/search/?q=harbour", {}),
        (anonymous, "get", "/feeds/rss/", {}),
        (anonymous, "get", "/sitemap.xml", {}),
        (anonymous, "get", "/no-such-page/", {}),
        (anonymous, "get", "/comments/token/", {}),
        (anonymous, "get", f"/comments/api/articles/{article.pk}/", {}),
        (anonymous, "post", f"/comments/api/articles/{article.pk}/", {"data": "{}"}),
        (anonymous, "post", f"/comments/articles/{article.pk}/post/", {"data": {"text": "x"}}),
        (anonymous, "get", "/admin/login/", {}),
        (staff, "get", "/admin/comments/", {}),
    ]
    for client, method, url, _ in requests:  # the cache holds the pages before the attack
        if method == "get":
            assert client.get(url).status_code in (200, 302, 404), url
    problems = []
    for host in FORGED_HOSTS:
        for client, method, url, extra in requests:
            kwargs = {"content_type": "application/json"} if url.startswith("/comments/api") else {}
            response = getattr(client, method)(url, **extra, **kwargs, HTTP_HOST=host)
            if response.status_code != 400:
                problems.append(f"{method} {url} Host {host[:30]!r}: {response.status_code}")
    assert problems == []
    assert not Comment.objects.exists()


def test_forwarded_host_never_reaches_links_or_the_page_cache(client, article, settings):
    settings.PAGE_CACHE_ENABLED = True
    poisoned = client.get(article.url, HTTP_X_FORWARDED_HOST="evil.example")
    assert poisoned.status_code == 200
    assert b"evil.example" not in poisoned.content
    cached = client.get(article.url)
    assert cached.get("X-Page-Cache") == "hit"
    assert b"evil.example" not in cached.content
    for url in ["/feeds/rss/", "/feeds/atom/", "/sitemap.xml", "/robots.txt"]:
        response = client.get(url, HTTP_X_FORWARDED_HOST="evil.example")
        assert b"evil.example" not in response.content, url


# --- the rate limit and the client's address -----------------------------------------------------

FORGED_FORWARDING = [
    {"HTTP_X_FORWARDED_FOR": "198.51.100.1"},
    {"HTTP_X_FORWARDED_FOR": "198.51.100.2, 198.51.100.3"},
    {"HTTP_X_FORWARDED_FOR": "2001:db8::7"},
    {"HTTP_X_FORWARDED_FOR": "unknown"},
    {"HTTP_X_FORWARDED_FOR": "10.0.0.1"},
    {"HTTP_X_FORWARDED_FOR": "127.0.0.1"},
    {"HTTP_X_REAL_IP": "198.51.100.4"},
    {"HTTP_FORWARDED": "for=198.51.100.5"},
    {"HTTP_X_CLIENT_IP": "198.51.100.6", "HTTP_TRUE_CLIENT_IP": "198.51.100.6"},
    {"HTTP_CF_CONNECTING_IP": "198.51.100.7"},
]


def _burst(client, article, metas: list[dict]) -> list[int]:
    return [post_json(client, article, meta=meta).status_code for meta in metas]


@pytest.mark.parametrize(
    "trusted", [[], ["10.9.9.9"], ["10.0.0.0/8", "192.168.0.0/16"]], ids=["none", "one", "nets"]
)
def test_forwarding_headers_from_an_untrusted_peer_do_not_reset_the_limit(
    client, article, settings, trusted
):
    settings.COMMENT_RATE_LIMIT = "3/60"
    settings.TRUSTED_PROXIES = trusted
    metas = [{"REMOTE_ADDR": "203.0.113.5", **headers} for headers in FORGED_FORWARDING]
    assert _burst(client, article, metas) == [202] * 3 + [429] * (len(metas) - 3)
    assert set(Comment.objects.values_list("client_ip", flat=True)) == {"203.0.113.5"}
    assert _burst(client, article, [{"REMOTE_ADDR": "203.0.113.6"}]) == [202]


def test_behind_a_trusted_proxy_only_the_address_it_saw_counts(client, article, settings):
    settings.COMMENT_RATE_LIMIT = "3/60"
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    # The client writes anything on the left; the proxy appends the address it saw.
    metas = [
        {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": f"198.51.100.{i}, 203.0.113.9"}
        for i in range(6)
    ]
    assert _burst(client, article, metas) == [202, 202, 202, 429, 429, 429]
    assert set(Comment.objects.values_list("client_ip", flat=True)) == {"203.0.113.9"}
    other = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.10"}
    assert _burst(client, article, [other]) == [202]


def test_the_form_and_the_json_endpoint_share_the_limit(client, article, settings):
    settings.COMMENT_RATE_LIMIT = "3/60"
    assert _burst(client, article, [{}, {}]) == [202, 202]
    url = f"/comments/articles/{article.pk}/post/"
    assert client.post(url, form_fields(client)).status_code == 303
    refused = client.post(url, form_fields(client))
    assert refused.status_code == 429
    assert "several comments in a short time" in refused.content.decode()
    assert _burst(client, article, [{}]) == [429]
    assert Comment.objects.count() == 3


def test_an_ipv6_client_is_one_client_for_its_whole_64(client, article, settings):
    settings.COMMENT_RATE_LIMIT = "3/60"
    own = [{"REMOTE_ADDR": f"2001:db8:1:2::{i:x}"} for i in range(1, 7)]
    assert _burst(client, article, own) == [202, 202, 202, 429, 429, 429]
    assert _burst(client, article, [{"REMOTE_ADDR": "2001:db8:1:3::1"}]) == [202]


def test_an_ipv4_client_seen_through_an_ipv6_socket_is_the_same_client(client, article, settings):
    settings.COMMENT_RATE_LIMIT = "3/60"
    mixed = [{"REMOTE_ADDR": a} for a in ["203.0.113.5", "::ffff:203.0.113.5"] * 2]
    assert _burst(client, article, mixed) == [202, 202, 202, 429]
    # ... and the other IPv4 clients behind that socket are not lumped together with it.
    assert _burst(client, article, [{"REMOTE_ADDR": "::ffff:203.0.113.6"}]) == [202]
