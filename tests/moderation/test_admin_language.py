"""Moderators get the admin in their own Wagtail language; readers never inherit it.

Wagtail wraps every admin URL (ours under /admin/comments/ included) in
``require_admin_access``, which renders the view inside ``translation.override`` of the
user's preference and time zone. ``override`` restores the previous language on the way out,
even when the view raises, so the next request served by the same thread (the test client
serves every request on this one) is in ``BROADSHEET_LANGUAGE`` again.
"""

# Turkish text is full of the dotless i that ruff takes for a look-alike of "i".
# ruff: noqa: RUF001

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from tests.factories import make_article
from tests.moderation.test_selectors import make_comment

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/"
PUBLISHED = datetime(2026, 3, 3, 9, 30, tzinfo=UTC)  # "3 March 2026" / "3 Mart 2026"


def _moderator(username: str, language: str) -> Client:
    user = User.objects.create_user(username, password="unused-password")
    user.groups.add(Group.objects.get(name="Comment moderators"))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def story(db, no_page_cache):
    article = make_article(title="Harbour story", published=PUBLISHED)
    make_comment(article, text="Waiting for a moderator", name="Pat")
    return article


def _public_month(story) -> str:
    html = Client().get(story.url).content.decode()
    if "3 March 2026" in html:
        return "en"
    if "3 Mart 2026" in html:
        return "tr"
    raise AssertionError("the article page shows no publication date")


def test_a_turkish_moderator_gets_the_queue_in_turkish_and_readers_stay_english(story):
    turkish = _moderator("deniz", "tr")
    assert _public_month(story) == "en"

    queue = turkish.get(QUEUE).content.decode()
    assert "Klavye kısayolları" in queue and ">Onayla</button>" in queue
    detail = turkish.get(reverse("comments_admin:detail", args=[story.comments.get().pk]))
    assert "Geçmiş" in detail.content.decode()

    assert translation.get_language() == "en"
    assert _public_month(story) == "en"


def test_a_failing_admin_view_does_not_leave_turkish_behind(story):
    turkish = _moderator("deniz", "tr")
    assert turkish.get(reverse("comments_admin:detail", args=[2**40])).status_code == 404
    assert turkish.post(reverse("comments_admin:bulk"), {"action": "approve"}).status_code == 302
    assert _public_month(story) == "en"


def test_an_english_moderator_on_a_turkish_site_leaves_readers_in_turkish(story, settings):
    settings.LANGUAGE_CODE = "tr"
    english = _moderator("dana", "en")
    assert _public_month(story) == "tr"

    queue = english.get(QUEUE).content.decode()
    assert "Keyboard shortcuts" in queue and ">Approve</button>" in queue

    assert _public_month(story) == "tr"


def test_without_a_preference_the_admin_speaks_the_site_language(story, settings):
    settings.LANGUAGE_CODE = "tr"
    user = User.objects.create_user("nopref", password="unused-password")
    user.groups.add(Group.objects.get(name="Comment moderators"))
    client = Client()
    client.force_login(user)
    assert ">Onayla</button>" in client.get(QUEUE).content.decode()
