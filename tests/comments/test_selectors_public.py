"""What readers see of an article's comments: threads, counts and pages, in two queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from wagtail.models import PageViewRestriction

from broadsheet.comments import selectors, services
from broadsheet.comments.models import Comment
from tests.comments.helpers import approved
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _texts(nodes) -> list:
    return [(n.comment.text, _texts(n.replies)) for n in nodes]


def test_a_page_is_two_queries_whatever_the_depth(article, django_assert_num_queries):
    first = approved(article, text="first")
    reply = approved(article, text="reply", parent_id=first.pk)
    approved(article, text="reply to reply", parent_id=reply.pk)
    approved(article, text="second")
    with django_assert_num_queries(2):
        page = selectors.public_comment_page(article_id=article.pk)
    assert _texts(page.threads) == [
        ("first", [("reply", [("reply to reply", [])])]),
        ("second", []),
    ]
    assert (page.count, page.num_pages) == (4, 1)


def test_replies_under_a_hidden_comment_are_neither_shown_nor_counted(article, admin_user):
    first = approved(article, text="first")
    reply = approved(article, text="reply", parent_id=first.pk)
    approved(article, text="reply to reply", parent_id=reply.pk)
    kept = approved(article, text="kept")
    services.comment_reject(comment_id=reply.pk, moderator=admin_user, reason="insulting")
    page = selectors.public_comment_page(article_id=article.pk)
    assert _texts(page.threads) == [("first", []), ("kept", [])]
    assert page.count == 2 == selectors.public_comment_count(article_id=article.pk)
    listed = selectors.public_comment_list(article_id=article.pk)
    assert [c.pk for c in listed] == [first.pk, kept.pk]


def test_the_json_list_is_two_queries_oldest_first(article, django_assert_num_queries):
    first = approved(article, text="first")
    reply = approved(article, text="reply", parent_id=first.pk)
    second = approved(article, text="second")
    Comment.objects.filter(pk=second.pk).update(created_at=first.created_at - timedelta(hours=1))
    with django_assert_num_queries(2):
        listed = selectors.public_comment_list(article_id=article.pk)
    assert [c.pk for c in listed] == [second.pk, first.pk, reply.pk]
    assert not hasattr(listed[0], "author_email")


def test_threads_are_oldest_first_by_time_not_by_id(article):
    later = approved(article, text="written later, stored first")
    earlier = approved(article, text="written earlier, imported after")
    Comment.objects.filter(pk=earlier.pk).update(created_at=later.created_at - timedelta(hours=1))
    page = selectors.public_comment_page(article_id=article.pk)
    assert [n.comment.pk for n in page.threads] == [earlier.pk, later.pk]


def test_pages_hold_whole_threads(article):
    roots = [approved(article, text=f"root {i}") for i in range(5)]
    approved(article, text="reply on page two", parent_id=roots[3].pk)
    second = selectors.public_comment_page(article_id=article.pk, page=2, per_page=3)
    assert _texts(second.threads) == [("root 3", [("reply on page two", [])]), ("root 4", [])]
    assert (second.number, second.num_pages, second.count) == (2, 2, 6)


def test_public_article_is_one_query_with_what_commenting_reads(article, django_assert_num_queries):
    """Title, routing, state and dates come with the article; its site needs no query."""
    with django_assert_num_queries(1):
        found = selectors.public_article(article.pk)
    site_id = article.get_site().pk  # and Wagtail caches the sites' root paths
    with django_assert_num_queries(0):
        assert found.pk == article.pk and found.title == article.title
        assert (found.url_path, found.live, found.comments_open) == (article.url_path, True, True)
        assert found.first_published_at == article.first_published_at
        assert found.comments_accepting(close_after_days=30)
        assert selectors.site_id_for_article(found) == site_id


def test_public_article_is_none_for_unknown_draft_and_restricted_articles(article):
    assert selectors.public_article(987_654) is None
    assert selectors.public_article(make_article(title="Draft", live=False).pk) is None
    restriction = PageViewRestriction.objects.create(
        page=article.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    assert selectors.public_article(article.pk) is None
    restriction.delete()
    assert selectors.public_article(article.pk).pk == article.pk
