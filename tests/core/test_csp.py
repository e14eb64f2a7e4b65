"""``core.csp``: the kept headers are exactly the ones django-csp builds for the same response."""

from __future__ import annotations

import pytest
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from broadsheet.core import csp

PATHS = ("/", "/comments/api/articles/1/", "/admin/comments/", "/admin/pages/3/edit/")


def _pair(path: str, framed: bool = False):
    request = RequestFactory().get(path)
    response = HttpResponse("x")
    if framed:
        response["X-Frame-Options"] = "SAMEORIGIN"
    return request, response


def _both(path: str, framed: bool = False) -> tuple[str, str]:
    middleware = csp.ContentSecurityPolicyMiddleware(lambda r: HttpResponse())
    kept_request, kept = _pair(path, framed)
    middleware.process_request(kept_request)
    middleware.process_response(kept_request, kept)
    whole_request, whole = _pair(path, framed)
    middleware.process_request(whole_request)
    CSPMiddleware.process_response(middleware, whole_request, whole)  # django-csp's own path
    return kept["Content-Security-Policy"], whole["Content-Security-Policy"]


@pytest.mark.parametrize("framed", [False, True])
@pytest.mark.parametrize("path", PATHS)
def test_the_kept_header_is_django_csps_own(path, framed):
    csp._built.clear()
    first, expected = _both(path, framed)
    again, _ = _both(path, framed)  # now from what was kept
    assert first == again == expected
    assert ("'unsafe-inline'" in first) == path.startswith("/admin/pages/")
    assert ("frame-ancestors 'self'" in first) == framed


def test_a_view_policy_and_a_nonce_still_go_through_django_csp(monkeypatch):
    middleware = csp.ContentSecurityPolicyMiddleware(lambda r: HttpResponse())
    whole = []
    monkeypatch.setattr(
        CSPMiddleware, "process_response", lambda *a: whole.append(a) or a[2], raising=True
    )
    request, response = _pair("/")
    middleware.process_request(request)
    response._csp_update = {"img-src": ["https://images.example"]}
    middleware.process_response(request, response)
    request, plain = _pair("/")
    middleware.process_request(request)
    str(request.csp_nonce)  # a template asked for a nonce
    middleware.process_response(request, plain)
    request, kept = _pair("/")
    middleware.process_request(request)
    middleware.process_response(request, kept)
    assert [a[2] for a in whole] == [response, plain]
    assert "Content-Security-Policy" in kept


def test_changed_settings_are_not_served_from_what_was_kept(settings):
    _both("/")
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "img-src": ["'none'"]}
    }
    kept, whole = _both("/")
    assert kept == whole and "img-src 'none'" in kept
