"""Keyboard moderation in Chromium for a moderator whose Wagtail language is Turkish.

The module's server gets a moderator "deniz" (Wagtail preference: Türkçe, time zone
Istanbul) and three pending comments that spell "Karadeniz" three ways, found by one search.
Deniz signs in through the login form, works the queue with the keys alone (j, a, r with a
reason and Enter, s, ?), and reads each result in Turkish; the server's database is read
afterwards.
"""

# Turkish text is full of the dotless i that ruff takes for a look-alike of "i".
# ruff: noqa: RUF001

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "deniz-turkish-moderator-password"

SETUP = """
import json, uuid
from datetime import timedelta
from django.contrib.auth.models import Group, User
from django.utils import timezone
from wagtail.users.models import UserProfile
from broadsheet.comments.models import Comment
from broadsheet.news.models import ArticlePage

user = User.objects.create_user("deniz", password={password!r})
user.groups.add(Group.objects.get(name="Comment moderators"))
profile = UserProfile.get_for_user(user)
profile.preferred_language = "tr"
profile.current_time_zone = "Europe/Istanbul"
profile.save()
article = ArticlePage.objects.live().order_by("pk").first()
start = timezone.now() - timedelta(hours=1)
ids = []
for n, text in enumerate(["Birinci yorum: Karadeniz belediyesi haklı",
                          "İkinci yorum: karadeniz iftira dolu",
                          "Üçüncü yorum: KARADENİZ ucuz saat al"]):
    at = start + timedelta(minutes=n)
    comment = Comment.objects.create(
        article=article, author_name="Okur " + str(n + 1), text=text, status="pending",
        created_at=at, status_changed_at=at, idempotency_key="tr-" + uuid.uuid4().hex)
    ids.append(comment.pk)
print(json.dumps({{"article": article.pk, "ids": ids}}))
"""

STATUSES = """
import json
from broadsheet.comments.models import Comment
from broadsheet.moderation.models import ModerationDecision
ids = {ids!r}
rows = {{c.pk: c.status for c in Comment.objects.filter(pk__in=ids)}}
reasons = {{d.comment_id: d.reason for d in ModerationDecision.objects.filter(comment_id__in=ids)}}
print(json.dumps([[rows[pk], reasons.get(pk, "")] for pk in ids]))
"""


@pytest.fixture(scope="module")
def turkish_site(server):
    output = server.shell(SETUP.format(password=PASSWORD))
    return json.loads(output.strip().splitlines()[-1])


@pytest.fixture
def deniz(page, turkish_site):
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill("deniz")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"), wait_until="commit")
    return page


def _message(page):
    return page.locator(".messages li").last


def test_keyboard_moderation_in_a_turkish_admin(deniz, server, turkish_site):
    page = deniz
    # The search in Turkish capitals finds all three spellings of the word (and none of the
    # demo's comments).
    queue = (
        f"/admin/comments/?status=pending&order=age&article={turkish_site['article']}"
        "&q=KARADEN%C4%B0Z"
    )
    page.goto(queue)
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    rows = page.locator("[data-queue-row]")
    expect(rows).to_have_count(3)
    expect(rows.first.get_by_role("button", name="Onayla")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Klavye kısayolları"))).to_be_visible()

    # ? opens the help, in Turkish, with the reason step of "Reddet".
    page.keyboard.press("?")
    help_dialog = page.locator("[data-queue-help]")
    expect(help_dialog).to_be_visible()
    expect(help_dialog.get_by_role("heading")).to_have_text("Klavye kısayolları")
    expect(help_dialog).to_contain_text("Reddet: bir gerekçe seçin, ardından Enter")
    expect(help_dialog).to_contain_text("Sonraki / önceki yorum")
    page.keyboard.press("Escape")
    expect(help_dialog).to_be_hidden()

    # j selects the first comment, a approves it; the queue comes back on the next one.
    page.keyboard.press("j")
    expect(rows.nth(0)).to_have_attribute("aria-current", "true")
    page.keyboard.press("a")
    expect(_message(page)).to_contain_text("1 yorum onaylandı.")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("aria-current", "true")
    expect(rows.nth(0)).to_contain_text("İkinci yorum")

    # r focuses the reason list (labelled in Turkish); a reason and Enter reject it.
    page.keyboard.press("r")
    reason = rows.nth(0).locator("[data-queue-reason]")
    expect(reason).to_be_focused()
    expect(reason.locator("option").first).to_have_text("Gerekçe…")
    reason.select_option("defamatory")
    reason.press("Enter")
    expect(_message(page)).to_contain_text("1 yorum reddedildi (İftira niteliğinde).")
    expect(rows).to_have_count(1)

    # s marks the last one as spam; the empty tab says so in Turkish.
    page.keyboard.press("j")
    page.keyboard.press("s")
    expect(_message(page)).to_contain_text("1 yorum istenmeyen olarak işaretlendi.")
    expect(page.locator(".bs-queue__empty")).to_have_text("Bu süzgeçlere uyan bekleyen yorum yok.")

    statuses = json.loads(
        server.shell(STATUSES.format(ids=turkish_site["ids"])).strip().splitlines()[-1]
    )
    assert statuses == [["approved", ""], ["rejected", "defamatory"], ["spam", "spam"]]
