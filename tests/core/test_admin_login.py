"""Signing in to the admin: attempts limited per account and per address; reset by e-mail.

The password reset mail goes through a real SMTP server process on 127.0.0.1.
"""

from __future__ import annotations

import logging
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.support.smtp import smtp_server

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "the right horse battery"


@pytest.fixture
def moderator():
    return User.objects.create_superuser(
        "moderator", email="moderator@staff.example", password=PASSWORD
    )


def _sign_in(client: Client, password: str, *, username: str = "moderator", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, moderator, caplog):
    caplog.set_level(logging.WARNING, logger="broadsheet.core.login_limits")
    statuses = [_sign_in(client, f"guess {i}").status_code for i in range(30)]
    assert statuses[:5] == [200] * 5  # the form again, with its error
    assert set(statuses[5:]) == {429}
    right = _sign_in(client, PASSWORD)
    assert right.status_code == 429 and "_auth_user_id" not in client.session
    text = right.content.decode()
    assert re.search(r"Too many failed sign-ins. Try again in \d+ minutes?, or reset", text)
    assert "/admin/password_reset/" in text
    assert 0 < int(right["Retry-After"]) <= 900
    locked = [r for r in caplog.records if "admin sign-in locked" in r.getMessage()]
    assert locked and "moderator" in locked[0].getMessage()


def test_the_limit_per_address_covers_many_accounts(client, moderator, settings):
    settings.ADMIN_LOGIN_ACCOUNT_LIMIT = "100/900"
    settings.ADMIN_LOGIN_ADDRESS_LIMIT = "10/900"
    for i in range(10):
        assert _sign_in(client, "x", username=f"user{i}").status_code == 200
    assert _sign_in(client, PASSWORD).status_code == 429
    other_address = Client()
    assert _sign_in(other_address, PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_a_moderator_locked_out_resets_by_email_and_signs_in(client, moderator, settings):
    for i in range(6):
        _sign_in(client, f"guess {i}")
    assert _sign_in(client, PASSWORD).status_code == 429
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    with smtp_server() as smtp:
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        reset = client.post("/admin/password_reset/", {"email": "moderator@staff.example"})
        assert reset.status_code == 302
        (message,) = smtp.wait_for(1)
    assert message["To"] == "moderator@staff.example"
    body = message.get_body(("plain",)).get_content()
    link = re.search(r"https?://[^/\s]+(/admin/password_reset/confirm/\S+/)", body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    new_password = "a brand new staple"
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    fresh = Client()
    assert _sign_in(fresh, new_password).status_code == 302
    assert "_auth_user_id" in fresh.session
