"""Bodies are refused by their headers before anything reads them; odd forms get a 4xx.

The CSRF check parses a form body on every POST that carries a CSRF cookie, on any URL, so
these requests all carry one: a limit kept by a view would come after the body was read.
"""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db

COOKIE = "a" * 32
FORM = "application/x-www-form-urlencoded"


class _ExplodingStream(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def readable(self):
        return True

    def readinto(self, buffer):
        raise AssertionError("the body was read")


def _post(client: Client, path: str, *, length: int, content_type: str = FORM, **extra):
    client.cookies["csrftoken"] = COOKIE
    return client.generic(
        "POST",
        path,
        b"",
        content_type=content_type,
        **{"CONTENT_LENGTH": str(length), "wsgi.input": _ExplodingStream(), **extra},
    )


@pytest.mark.parametrize("path", ["/", "/search/", "/no-such-page/", "/admin/login/", "/admin/"])
def test_an_oversized_body_is_refused_unread_on_every_path(client, article, path):
    response = _post(client, path, length=64 * 1024 * 1024)
    assert response.status_code == 413
    assert b"request_too_large" in response.content


def test_the_comment_endpoints_keep_their_smaller_limit_and_answer_json(client, article, settings):
    response = _post(
        client,
        f"/comments/api/articles/{article.pk}/",
        length=settings.COMMENT_MAX_REQUEST_BYTES + 1,
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"
    form = _post(
        client, f"/comments/articles/{article.pk}/post/", length=settings.MAX_REQUEST_BYTES
    )
    assert form.status_code == 413


def test_admin_uploads_keep_their_limit_for_staff_only(client, settings):
    big = settings.ADMIN_MAX_REQUEST_BYTES + 1
    assert _post(client, "/admin/images/multiple/add/", length=big).status_code == 413
    editor = User.objects.create_superuser("uploader", email="up@staff.example")
    client.force_login(editor)
    upload = _post(
        client, "/admin/images/multiple/add/", length=big, content_type="multipart/form-data"
    )
    assert upload.status_code != 413  # it reaches Wagtail (which then reads the body)
    too_big = settings.ADMIN_UPLOAD_MAX_REQUEST_BYTES + 1
    assert _post(client, "/admin/documents/multiple/add/", length=too_big).status_code == 413
    assert _post(client, "/admin/pages/", length=big).status_code == 413


def test_a_body_without_a_length_is_refused(client):
    client.cookies["csrftoken"] = COOKIE
    response = client.generic("POST", "/", b"", content_type=FORM, HTTP_TRANSFER_ENCODING="chunked")
    assert response.status_code == 411 and b"length_required" in response.content


def test_a_bad_content_length_is_a_400(client):
    response = _post(client, "/", length=0, CONTENT_LENGTH="12abc")
    assert response.status_code == 400 and b"bad_content_length" in response.content


@pytest.mark.parametrize(
    "path", ["/", "/admin/login/", "/no-such-page/", "/comments/api/articles/1/"]
)
def test_a_latin1_form_with_a_csrf_cookie_is_a_400_not_a_500(article, path):
    client = Client(raise_request_exception=False)
    client.cookies["csrftoken"] = COOKIE
    response = client.generic(
        "POST", path, "q=\xe9".encode("latin-1"), content_type=f"{FORM}; charset=latin-1"
    )
    assert response.status_code == 400
    assert b"unsupported_charset" in response.content


def test_the_400_handler_does_not_parse_the_body_again(rf, article):
    from broadsheet.core.views import bad_request, permission_denied

    request = rf.generic(
        "POST", "/", "q=\xe9".encode("latin-1"), content_type=f"{FORM}; charset=latin-1"
    )
    request.COOKIES["csrftoken"] = COOKIE
    assert bad_request(request).status_code == 400
    assert permission_denied(request).status_code == 403
    json_request = rf.post("/comments/api/articles/1/", b"{", content_type="application/json")
    assert bad_request(json_request).status_code == 400
    assert json.loads(bad_request(json_request).content)["error"]["code"] == "bad_request"


def test_views_that_are_objects_are_checked_too(client, article):
    """Feeds are callable objects, not functions: the hook must not trip over them."""
    assert client.get("/feeds/rss/").status_code == 200
    assert _post(client, "/feeds/rss/", length=10**9).status_code == 413
