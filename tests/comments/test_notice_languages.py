"""The legal notice per language: edited apart, shown in the page's language, recorded."""
# ruff: noqa: RUF001 - Turkish text on purpose

from __future__ import annotations

import pytest
from django.utils.html import escape
from wagtail.models import Site

from broadsheet.comments.default_notices import DEFAULT_LEGAL_NOTICE_TR
from broadsheet.comments.models import (
    DEFAULT_LEGAL_NOTICE,
    CommentSettings,
    CommentSettingsForm,
    LegalNotice,
    legal_notice_update,
)
from broadsheet.comments.public_ids import comment_pk
from tests.comments.helpers import post_json, submit
from tests.factories import make_article, make_translation

ENGLISH = escape(DEFAULT_LEGAL_NOTICE)  # as the page shows it ("anyone&#x27;s")

pytestmark = pytest.mark.django_db


def _rules() -> CommentSettings:
    return CommentSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def pair(bilingual, instant_forms):
    english = make_article(title="Harbour wall repairs begin")
    turkish = make_translation(english, "tr", title="Liman duvarı onarılıyor", slug="liman-duvari")
    return english, turkish


def test_each_language_has_its_own_text_and_versions():
    rules = _rules()
    assert (rules.notice("en").text, rules.notice("tr").text) == (
        DEFAULT_LEGAL_NOTICE,
        DEFAULT_LEGAL_NOTICE_TR,
    )
    legal_notice_update(comment_settings=rules, text="Yeni kurallar.", by="editor", language="tr")
    rules.refresh_from_db()
    assert (rules.notice("tr").version, rules.notice("tr").text) == (2, "Yeni kurallar.")
    assert (rules.notice("en").version, rules.notice("en").text) == (1, DEFAULT_LEGAL_NOTICE)
    rows = LegalNotice.objects.filter(site_id=rules.site_id).values_list("language", "version")
    assert set(rows) == {("en", 1), ("tr", 1), ("tr", 2)}
    assert LegalNotice.objects.get(pk=rules.current_notice_tr_id).text == "Yeni kurallar."


def test_the_settings_form_records_each_changed_language(settings):
    settings.SITE_LANGUAGES = ["tr", "en"]
    rules = _rules()
    form_class = type(
        "Form",
        (CommentSettingsForm,),
        {
            "Meta": type(
                "Meta",
                (),
                {"model": CommentSettings, "fields": ["legal_notice", "legal_notice_tr"]},
            )
        },
    )
    form = form_class(
        data={"legal_notice": DEFAULT_LEGAL_NOTICE, "legal_notice_tr": "Kurallar değişti."},
        instance=rules,
    )
    assert form.is_valid(), form.errors
    form.save()
    rules.refresh_from_db()
    assert (rules.notice_version, rules.notice_version_tr) == (1, 2)
    assert rules.legal_notice_tr == "Kurallar değişti."


def test_pages_show_and_comments_record_their_languages_notice(client, pair):
    english, turkish = pair
    rules = _rules()
    legal_notice_update(comment_settings=rules, text="Türkçe uyarı, ikinci sürüm.", language="tr")
    tr_page = client.get(turkish.url).content.decode()
    en_page = client.get(english.url).content.decode()
    assert "Türkçe uyarı, ikinci sürüm." in tr_page and ENGLISH not in tr_page
    assert 'name="notice_version" value="2"' in tr_page
    assert ENGLISH in en_page and 'name="notice_version" value="1"' in en_page

    on_tr = post_json(client, turkish, notice_version=2)
    on_en = post_json(client, english, notice_version=1)
    assert on_tr.status_code == on_en.status_code == 202
    assert (on_tr["Content-Language"], on_en["Content-Language"]) == ("tr", "en")
    from broadsheet.comments.models import Comment

    tr_notice = Comment.objects.get(pk=comment_pk(on_tr.json()["id"])).notice
    en_notice = Comment.objects.get(pk=comment_pk(on_en.json()["id"])).notice
    assert (tr_notice.language, tr_notice.version, tr_notice.text) == (
        "tr",
        2,
        "Türkçe uyarı, ikinci sürüm.",
    )
    assert (en_notice.language, en_notice.version) == ("en", 1)
    # An older Turkish form still names the Turkish version 1 it showed.
    older = submit(turkish, notice_version=1)
    assert (older.notice.language, older.notice.version) == ("tr", 1)
    assert older.notice.text == DEFAULT_LEGAL_NOTICE_TR


def test_the_form_page_answers_in_the_articles_language(client, pair):
    english, turkish = pair
    page = client.get(f"/comments/articles/{turkish.pk}/post/")
    assert page.status_code == 200
    content = page.content.decode()
    assert '<html lang="tr">' in content and DEFAULT_LEGAL_NOTICE_TR in content
    english_page = client.get(f"/comments/articles/{english.pk}/post/").content.decode()
    assert '<html lang="en">' in english_page and ENGLISH in english_page
    posted = client.post(
        f"/comments/articles/{turkish.pk}/post/",
        {"author_name": "Okur", "text": "Yerinde bir karar.", "notice_version": "1"},
    )
    assert '<html lang="tr">' in posted.content.decode()
    assert posted["Content-Language"] == "tr"


def test_one_language_shows_its_notice_only(client, instant_forms):
    page = make_article(title="Ferry timetable changes")
    content = client.get(page.url).content.decode()
    assert ENGLISH in content and DEFAULT_LEGAL_NOTICE_TR not in content
    response = post_json(client, page)
    assert response.status_code == 202
    from broadsheet.comments.models import Comment

    assert Comment.objects.get(pk=comment_pk(response.json()["id"])).notice.language == "en"
