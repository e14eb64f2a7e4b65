"""``news.commenting``: the facts a submission reads agree with the article page they describe."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from broadsheet.news import selectors
from broadsheet.news.commenting import commentable_article, site_id_for_url_path
from tests.factories import home_page, make_article, make_translation

pytestmark = pytest.mark.django_db


def _same_facts(article) -> None:
    found = commentable_article(article.pk)
    page = selectors.public_article(article.pk)
    assert found is not None and page is not None
    assert found.id == found.pk == article.pk
    assert found.site_id == selectors.site_id_for_article(page) == article.get_site().pk
    assert found.language == page.language
    assert (found.live, found.comments_open) == (page.live, page.comments_open)
    assert found.published_at == page.published_at
    for days in (0, 1, 30):
        assert found.comments_accepting(close_after_days=days) == page.comments_accepting(
            close_after_days=days
        )


def test_one_query_and_the_same_facts_as_the_page(article, django_assert_num_queries):
    Site.get_site_root_paths()  # Wagtail keeps them in the cache
    with django_assert_num_queries(1):
        found = commentable_article(article.pk)
    assert found is not None and found.published_at.tzinfo is not None
    _same_facts(article)


def test_none_exactly_when_the_page_read_is_none(article):
    draft = make_article(title="Draft", live=False)
    for pk in (987_654, draft.pk):
        assert commentable_article(pk) is None and selectors.public_article(pk) is None
    restriction = PageViewRestriction.objects.create(
        page=article.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    assert commentable_article(article.pk) is None
    assert selectors.public_article(article.pk) is None
    restriction.delete()
    assert commentable_article(article.pk).id == article.pk


def test_closing_switched_off_and_old_articles(article):
    old = make_article(title="Old news", published=timezone.now() - timedelta(days=40))
    assert not commentable_article(old.pk).comments_accepting(close_after_days=30)
    assert commentable_article(old.pk).comments_accepting(close_after_days=0)
    article.comments_open = False
    article.save_revision().publish()
    assert not commentable_article(article.pk).comments_accepting(close_after_days=0)
    _same_facts(old)
    _same_facts(article)


def test_a_turkish_translation_has_its_language_and_the_same_site(bilingual, article):
    turkish = make_translation(article, "tr", title="Bir makale", slug="bir-makale")
    found = commentable_article(turkish.pk)
    assert found.language == "tr" and commentable_article(article.pk).language == "en"
    _same_facts(turkish)


def test_a_page_under_no_site_belongs_to_the_default_site(article):
    assert site_id_for_url_path("/elsewhere/page/") == Site.objects.get(is_default_site=True).pk
    other_root = Page.get_first_root_node().add_child(
        instance=Page(title="Other root", slug="other-root")
    )
    other = Site.objects.create(hostname="other.example", port=80, root_page=other_root)
    Site.clear_site_root_paths_cache()
    assert site_id_for_url_path(other_root.url_path + "a/") == other.pk
    assert site_id_for_url_path(home_page().url_path + "a/") != other.pk
