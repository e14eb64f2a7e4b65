"""What readers see of an article's comments: threads, counts and pages, in two queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from wagtail.models import PageViewRestriction

from broadsheet.comments import selectors
from broadsheet.comments.models import Comment
from broadsheet.moderation import services
from broadsheet.news import selectors as news_selectors
from tests.comments.helpers import approved
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _texts(nodes) -> list:
    return [
        ("(removed)" if n.comment.removed else n.comment.text, _texts(n.replies)) for n in nodes
    ]


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
    assert (page.count, page.has_previous, page.has_next) == (4, False, False)


def test_a_removed_comment_keeps_its_place_and_its_replies(article, admin_user):
    first = approved(article, text="first")
    reply = approved(article, text="reply", parent_id=first.pk)
    deeper = approved(article, text="reply to reply", parent_id=reply.pk)
    kept = approved(article, text="kept")
    services.comment_reject(comment_id=reply.pk, moderator=admin_user, reason="insulting")
    page = selectors.public_comment_page(article_id=article.pk)
    assert _texts(page.threads) == [
        ("first", [("(removed)", [("reply to reply", [])])]),
        ("kept", []),
    ]
    removed = page.threads[0].replies[0].comment
    assert (removed.author_name, removed.text) == ("", "")  # nothing it said is read
    assert page.count == 3 == selectors.public_comment_count(article_id=article.pk)
    listed = selectors.public_comment_list(article_id=article.pk)
    assert [c.pk for c in listed] == [first.pk, deeper.pk, kept.pk]


def test_a_removed_comment_without_approved_replies_leaves_no_trace(article, admin_user):
    first = approved(article, text="first")
    reply = approved(article, text="reply", parent_id=first.pk)
    services.comment_reject(comment_id=reply.pk, moderator=admin_user, reason="insulting")
    services.comment_reject(comment_id=first.pk, moderator=admin_user, reason="insulting")
    page = selectors.public_comment_page(article_id=article.pk)
    assert (page.threads, page.count) == ([], 0)


def test_the_json_list_is_one_query_oldest_first(article, django_assert_num_queries):
    first = approved(article, text="first")
    reply = approved(article, text="reply", parent_id=first.pk)
    second = approved(article, text="second")
    Comment.objects.filter(pk=second.pk).update(created_at=first.created_at - timedelta(hours=1))
    with django_assert_num_queries(1):
        listed = selectors.public_comment_list(article_id=article.pk)
    assert [c.pk for c in listed] == [second.pk, first.pk, reply.pk]
    assert not hasattr(listed[0], "author_email")


def test_threads_are_oldest_first_by_time_not_by_id(article):
    later = approved(article, text="written later, stored first")
    earlier = approved(article, text="written earlier, imported after")
    began = later.created_at - timedelta(hours=1)
    Comment.objects.filter(pk=earlier.pk).update(created_at=began, thread_started_at=began)
    page = selectors.public_comment_page(article_id=article.pk)
    assert [n.comment.pk for n in page.threads] == [earlier.pk, later.pk]


def test_pages_hold_whole_threads(article):
    roots = [approved(article, text=f"root {i}") for i in range(5)]
    approved(article, text="reply on page two", parent_id=roots[3].pk)
    second = selectors.public_comment_page(article_id=article.pk, page=2, per_page=3)
    assert _texts(second.threads) == [("root 3", [("reply on page two", [])]), ("root 4", [])]
    assert (second.number, second.has_previous, second.has_next, second.count) == (
        2,
        True,
        False,
        6,
    )


def test_public_article_is_one_query_with_what_commenting_reads(article, django_assert_num_queries):
    """Title, routing, state and dates come with the article; its site needs no query."""
    with django_assert_num_queries(1):
        found = news_selectors.public_article(article.pk)
    site_id = article.get_site().pk  # and Wagtail caches the sites' root paths
    with django_assert_num_queries(0):
        assert found.pk == article.pk and found.title == article.title
        assert (found.url_path, found.live, found.comments_open) == (article.url_path, True, True)
        assert found.first_published_at == article.first_published_at
        assert found.comments_accepting(close_after_days=30)
        assert news_selectors.site_id_for_article(found) == site_id


def test_public_article_is_none_for_unknown_draft_and_restricted_articles(article):
    assert news_selectors.public_article(987_654) is None
    assert news_selectors.public_article(make_article(title="Draft", live=False).pk) is None
    restriction = PageViewRestriction.objects.create(
        page=article.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    assert news_selectors.public_article(article.pk) is None
    restriction.delete()
    assert news_selectors.public_article(article.pk).pk == article.pk
