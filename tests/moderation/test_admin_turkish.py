"""The moderators' admin for a moderator whose Wagtail language is Turkish.

Every page and message is rendered for real (the queue's four tabs, filters, the comment's
page, a stale decision, bulk results, form errors, the re-screen, the permission page) and
searched for the English msgids of the moderation catalogue (``tests.support.catalogue``).
"""

# Turkish text is full of the dotless i that ruff takes for a look-alike of "i".
# ruff: noqa: RUF001

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail import admin as wagtail_admin
from wagtail.models import Site
from wagtail.users.models import UserProfile

import broadsheet.moderation
from broadsheet.comments.models import Comment, CommentStatus
from broadsheet.moderation.models import ActorKind, RejectReason, ScreeningTerm
from broadsheet.moderation.transitions import Actor, transition
from tests.factories import make_article
from tests.moderation.test_selectors import make_comment
from tests.support.catalogue import english_fragments, english_in, read_po

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/"
CATALOGUE = Path(broadsheet.moderation.__file__).parent / "locale/tr/LC_MESSAGES/django.po"
ENTRIES = read_po(CATALOGUE)
FRAGMENTS = english_fragments(ENTRIES)

VERDICT = {
    "risk": 0.81,
    "recommendation": "review",
    "categories": ["insult", "spam"],
    "reasons": [
        {
            "check": "wordlists",
            "category": "insult",
            "detail": "stored English detail",
            "code": "wordlists.banned",
            "params": {"category": "insult", "phrase": "salak", "language": "tr", "typed": "SALAK"},
            "start": 0,
            "end": 5,
        },
        {
            "check": "links_spam",
            "category": "spam",
            "detail": "stored English detail",
            "code": "spam.repeated_word",
            "params": {"word": "kazan"},
            "start": 6,
            "end": 11,
        },
    ],
}


def _user(username: str, language: str, *, time_zone: str = "Europe/Istanbul") -> User:
    user = User.objects.create_user(username, password="unused-password")
    user.groups.add(Group.objects.get(name="Comment moderators"))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.current_time_zone = time_zone
    profile.save()
    return user


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def turkish(db) -> User:
    return _user("deniz", "tr")


@pytest.fixture
def tr_client(turkish) -> Client:
    return _client(turkish)


@pytest.fixture
def queue_content(article) -> dict[str, Comment]:
    """Comments in every tab, with screening, replies, a parent and decisions."""
    haber = make_article(title="Belediye meclisi toplandı")
    parent = make_comment(haber, text="SALAK kazan kazan kazan", name="Ayşe", screening=VERDICT)
    parent.risk = 0.81
    parent.save(update_fields=["risk"])
    reply = make_comment(haber, text="Katılıyorum", name="Işıl", parent=parent)
    transition(
        comment_ids=[reply.pk], to_status=CommentStatus.APPROVED, actor=Actor("moderator", "ayse")
    )
    rejected = make_comment(haber, text="Reddedilecek yorum", name="Can")
    transition(
        comment_ids=[rejected.pk],
        to_status=CommentStatus.REJECTED,
        actor=Actor(ActorKind.MODERATOR, "ayse"),
        reason=RejectReason.DEFAMATORY,
    )
    spam = make_comment(haber, text="Ucuz saat", name="Reklamcı")
    transition(
        comment_ids=[spam.pk],
        to_status=CommentStatus.SPAM,
        actor=Actor(ActorKind.SCREENING, "screening"),
        reason=RejectReason.SPAM,
    )
    unscreened = make_comment(haber, text="Taranmamış yorum", name="Ece")
    return {
        "parent": parent,
        "reply": reply,
        "rejected": rejected,
        "spam": spam,
        "plain": unscreened,
    }


def _messages(response) -> list[str]:
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def _no_english(html: str) -> None:
    found = english_in(html, FRAGMENTS)
    assert found == {}, f"English in a Turkish page: {found}"


def test_the_catalogue_gives_the_check_something_to_find():
    # Derived from the .po, not a list kept by hand: it grows with the catalogue.
    assert len(ENTRIES) > 300 and len(FRAGMENTS) > 300
    assert "Keyboard shortcuts" in FRAGMENTS and "Approve" in FRAGMENTS


@pytest.mark.parametrize("status", CommentStatus.values)
def test_every_queue_tab_is_turkish(tr_client, queue_content, status):
    response = tr_client.get(QUEUE, {"status": status})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="tr"' in html
    assert "Klavye kısayolları" in html and "Bekleyen" in html
    assert "data-queue-row" in html
    # The sidebar (drawn from JSON by Wagtail's script) names the queue with its count.
    assert '"label": "Yorumlar (2)"' in html
    _no_english(html)


def test_the_pending_tab_names_screening_and_replies_in_turkish(tr_client, queue_content):
    html = tr_client.get(QUEUE).content.decode()
    assert "<strong>kelime listeleri</strong>: yasaklı hakaret terimi &quot;salak&quot;" in html
    assert "tekrarlanan sözcük: &quot;kazan&quot;" in html
    assert '<span class="bs-queue__chip">hakaret</span>' in html
    assert ">incele</span>" in html
    assert ">0,81</span>" in html  # the Turkish decimal comma
    assert "Bu yorum kaldırılırsa 1 onaylı yanıtı görünmeye devam eder" in html
    assert "dakika önce" in html or "saniye önce" in html or "0\xa0dakika önce" in html
    assert ">Onayla</button>" in html and ">Reddet</button>" in html
    assert ">İstenmeyen</button>" in html
    assert "İftira niteliğinde</option>" in html


def test_filters_and_empty_tabs_are_turkish(tr_client, queue_content):
    haber = queue_content["parent"].article
    for params in (
        {"q": "kazan"},
        {"q": "bulunmayan"},
        {"article": haber.pk},
        {"article": haber.pk, "q": "kazan"},
        {"article": 987654},
        {"status": "spam", "q": "yok"},
        {"after": "broken"},
        {"similar": queue_content["parent"].pk},
    ):
        response = tr_client.get(QUEUE, params)
        assert response.status_code == 200, params
        _no_english(response.content.decode())
    html = tr_client.get(QUEUE, {"q": "bulunmayan"}).content.decode()
    assert "Bu süzgeçlere uyan bekleyen yorum yok." in html
    html = tr_client.get(QUEUE, {"similar": queue_content["parent"].pk}).content.decode()
    assert "olası bir istenmeyen ileti dalgası" in html


@pytest.mark.parametrize("which", ["parent", "reply", "rejected", "spam", "plain"])
def test_the_comments_page_is_turkish(tr_client, queue_content, which):
    comment = queue_content[which]
    response = tr_client.get(reverse("comments_admin:detail", args=[comment.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Geçmiş" in html and "Ayrıntılar" in html
    _no_english(html)


def test_the_history_names_actors_and_statuses_in_turkish(tr_client, queue_content):
    html = tr_client.get(
        reverse("comments_admin:detail", args=[queue_content["spam"].pk])
    ).content.decode()
    assert "<td>Otomatik tarama</td>" in html
    assert "Bekleyen → İstenmeyen" in html
    assert "İstenmeyen ileti (spam)" in html
    assert "i̇" not in html  # "İ" lower-cased by str.lower: an i with a combining dot


def test_a_stale_decision_is_reported_in_turkish_with_local_time(tr_client, article):
    comment = make_comment(article, text="Meclis üyesi rüşvet alıyor", name="Okur")
    moment = timezone.now().replace(second=0, microsecond=0)
    transition(
        comment_ids=[comment.pk],
        to_status=CommentStatus.REJECTED,
        actor=Actor(ActorKind.MODERATOR, "ayse"),
        reason=RejectReason.DEFAMATORY,
        now=moment,
    )
    response = tr_client.post(
        reverse("comments_admin:approve", args=[comment.pk]), {"expected": "pending"}
    )
    with timezone.override("Europe/Istanbul"):
        at = timezone.localtime(moment).strftime("%H:%M")
        today = timezone.localdate() == timezone.localtime(moment).date()
    when = f"bugün saat {at}" if today else None
    (message,) = _messages(response)
    if when:
        assert message == (
            f"{comment.pk} numaralı yorumu ayse zaten reddetmişti (gerekçe: iftira; {when}). "
            "Yorum değiştirilmedi."
        )
    _no_english(message)


def test_an_older_stale_decision_names_the_day_in_turkish(tr_client, article):
    comment = make_comment(article, text="Eski karar", name="Okur")
    transition(
        comment_ids=[comment.pk],
        to_status=CommentStatus.SPAM,
        actor=Actor(ActorKind.SCREENING, "screening"),
        reason=RejectReason.SPAM,
        now=datetime(2026, 3, 3, 11, 5, tzinfo=UTC),
    )
    response = tr_client.post(
        reverse("comments_admin:reject", args=[comment.pk]),
        {"expected": "pending", "reason": "insulting"},
    )
    (message,) = _messages(response)
    assert message == (
        f"{comment.pk} numaralı yorumu otomatik tarama zaten istenmeyen olarak işaretlemişti "
        "(3 Mart 2026, saat 14:05). Yorum değiştirilmedi."
    )


def test_bulk_results_and_the_page_after_them_are_turkish(tr_client, article):
    first, second, moved = (make_comment(article, text=f"Yorum {n}", name="Okur") for n in range(3))
    transition(
        comment_ids=[moved.pk], to_status=CommentStatus.APPROVED, actor=Actor("moderator", "ayse")
    )
    response = tr_client.post(
        reverse("comments_admin:bulk"),
        {
            "action": "reject",
            "ids": [first.pk, second.pk, moved.pk],
            "expected": "pending",
            "reason": "off_topic",
            "next": QUEUE,
        },
        follow=True,
    )
    html = response.content.decode()
    assert "2 yorum reddedildi (Konu dışı)." in html
    assert f"{moved.pk} numaralı yorumu ayse zaten onaylamıştı (bugün saat" in html
    _no_english(html)


def test_form_errors_and_the_rescreen_are_turkish(tr_client, article):
    make_comment(article, text="Beklemede", name="Okur")
    for data in (
        {"action": "approve", "expected": "pending", "next": QUEUE},
        {"action": "reject", "ids": ["1x"], "expected": "", "next": QUEUE},
        {"action": "reject", "ids": [Comment.objects.get().pk], "expected": "pending"},
    ):
        response = tr_client.post(reverse("comments_admin:bulk"), data, follow=True)
        _no_english(response.content.decode())
    response = tr_client.post(
        reverse("comments_admin:bulk"), {"action": "approve", "expected": "pending"}
    )
    assert _messages(response) == ["En az bir yorum seçin."]
    response = tr_client.post(reverse("comments_admin:rescreen"), {"next": QUEUE}, follow=True)
    html = response.content.decode()
    assert "Bekleyen 1 yorum yeniden tarandı." in html
    _no_english(html)


def test_the_permission_page_is_turkish(db):
    group = Group.objects.create(name="Muhabirler")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = User.objects.create_user("muhabir", password="unused-password")
    user.groups.add(group)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "tr"
    profile.save()
    response = _client(user).get(QUEUE)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Erişim reddedildi" in html
    _no_english(html)


def test_the_group_editor_names_the_comment_permission_in_turkish(db):
    """Wagtail shows a custom permission's stored (English) name through the catalogues."""
    admin = User.objects.create_superuser("yonetici", password="unused-password")
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "tr"
    profile.save()
    group = Group.objects.get(name="Comment moderators")
    html = _client(admin).get(f"/admin/groups/edit/{group.pk}/").content.decode()
    assert "Okur yorumlarını denetleyebilir" in html
    assert "Can moderate reader comments" not in html


def test_the_same_pages_in_english_are_caught(queue_content):
    """The check finds English where there is English: it cannot pass on an empty list."""
    english = _client(_user("dana", "en"))
    html = english.get(QUEUE).content.decode()
    found = english_in(html, FRAGMENTS)
    assert {"Keyboard shortcuts", "Approve", "Reject", "Return to pending"} <= set(found)
    assert len(found) > 30


def test_each_translation_on_the_page_would_be_missed_if_removed(tr_client, queue_content):
    """Put the English back in place of each Turkish text on the page: the check sees it."""
    pages = [
        tr_client.get(QUEUE).content.decode(),
        tr_client.get(
            reverse("comments_admin:detail", args=[queue_content["parent"].pk])
        ).content.decode(),
    ]
    tried = 0
    for entry in ENTRIES:
        turkish, english = entry.msgstrs[0], entry.msgid
        if "%" in english or "<" in english or turkish == english:
            continue
        if english not in FRAGMENTS:
            continue
        for html in pages:
            if f">{turkish}<" in html:
                undone = html.replace(f">{turkish}<", f">{english}<")
                assert english in english_in(undone, FRAGMENTS), english
                tried += 1
                break
    assert tried > 30


def test_the_screening_terms_and_policy_screens_are_turkish(db):
    admin = User.objects.create_superuser("yonetici", password="unused-password")
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "tr"
    profile.save()
    term = ScreeningTerm.objects.create(
        phrase="kıro", language="tr", severity="suspect", category="insult"
    )
    client = _client(admin)
    site = Site.objects.get(is_default_site=True)
    pages = {
        "/admin/snippets/moderation/screeningterm/": "Tarama terimleri",
        f"/admin/snippets/moderation/screeningterm/edit/{term.pk}/": "Şüpheli (incelenmesi",
        f"/admin/settings/moderation/screeningpolicy/{site.pk}/": "Kararlarınızdan öğrenen model",
    }
    # These pages are Wagtail's: words it says itself ("Filter") are its catalogue's business.
    wagtail = Path(wagtail_admin.__file__).parent / "locale/tr/LC_MESSAGES/django.po"
    wagtail_words = {entry.msgid for entry in read_po(wagtail)}
    ours = {frag: msgid for frag, msgid in FRAGMENTS.items() if frag not in wagtail_words}
    assert len(ours) > 300
    for url, turkish in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert turkish in html, url
        assert english_in(html, ours) == {}, url
