"""Nothing unmoderated, and no e-mail address, ever reaches someone who may not see it.

Comments of every status carry words found nowhere else (in the text and in the name), and
every comment has an e-mail address. Every public surface is fetched by an anonymous reader,
a signed-in user without any permission and an editor who may use the admin but not moderate:
the article page (all comment pages), the counts, the home and topic pages, search for each
word, the feeds, the sitemaps, the JSON list, the form page for a reply, and, for the editor,
the admin's dashboard, menus, page explorer and search. Only the approved comment's words
appear, and only where comments are shown; no e-mail address appears anywhere.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from wagtail.models import PageViewRestriction

from broadsheet.comments.models import CommentStatus
from broadsheet.moderation import services
from tests.comments.helpers import submit
from tests.factories import make_article
from tests.security.conftest import client_for, parse_html

pytestmark = pytest.mark.django_db

SECRET_WORDS = {
    CommentStatus.PENDING: "quillpending",
    CommentStatus.REJECTED: "quillrejected",
    CommentStatus.SPAM: "quillspam",
}
APPROVED_WORD = "quillapproved"


@pytest.fixture
def comments(article, topic, moderator, settings):
    """One comment per status, an approved reply under a rejected comment, and comments on a
    draft and on a password-protected article; each with its own e-mail address."""
    settings.PAGE_CACHE_ENABLED = True

    def comment(on, word: str, status: str, **fields):
        made = submit(
            on,
            author_name=f"Name {word}",
            text=f"Text {word} here",
            author_email=f"{word}@reader.example",
            **fields,
        )
        if status == CommentStatus.APPROVED:
            services.comment_approve(comment_id=made.pk, moderator=moderator)
        elif status == CommentStatus.REJECTED:
            services.comment_reject(comment_id=made.pk, moderator=moderator, reason="insulting")
        elif status == CommentStatus.SPAM:
            services.comment_mark_spam(comment_id=made.pk, moderator=moderator)
        return made

    approved = comment(article, APPROVED_WORD, CommentStatus.APPROVED)
    made = {status: comment(article, word, status) for status, word in SECRET_WORDS.items()}
    # Approved and later rejected, with approved replies: the replies stay, the removed
    # comment's place says so, and nothing it said is shown anywhere.
    parent = comment(article, "quillformerparent", CommentStatus.APPROVED)
    orphan = comment(article, "quillorphan", CommentStatus.APPROVED, parent_id=parent.pk)
    comment(article, "quillgrandchild", CommentStatus.APPROVED, parent_id=orphan.pk)
    services.comment_reject(comment_id=parent.pk, moderator=moderator, reason="defamatory")

    protected = make_article(title="Members only briefing", topics=[topic])
    comment(protected, "quillprotected", CommentStatus.APPROVED)
    PageViewRestriction.objects.create(
        page=protected, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    draft = make_article(title="Tomorrow's story", topics=[topic])
    comment(draft, "quilldraft", CommentStatus.APPROVED)
    draft.unpublish()
    return {"approved": approved, "protected": protected, "draft": draft, **made}


HIDDEN = [
    *SECRET_WORDS.values(),
    "quillformerparent",
    "quillprotected",
    "quilldraft",
]


def _public_urls(article, comments) -> list[str]:
    return [
        article.url,
        f"{article.url}?comments=2",
        f"{article.url}?comment=received",
        "/",
        "/topics/harbourside/",
        "/feeds/rss/",
        "/feeds/atom/",
        "/topics/harbourside/rss/",
        "/topics/harbourside/atom/",
        "/sitemap.xml",
        "/news-sitemap.xml",
        "/robots.txt",
        f"/comments/api/articles/{article.pk}/",
        f"/comments/api/articles/{comments['protected'].pk}/",
        f"/comments/api/articles/{comments['draft'].pk}/",
        f"/comments/articles/{article.pk}/post/?parent={comments['pending'].pk}",
        f"/comments/articles/{article.pk}/post/?parent={comments['rejected'].pk}",
        comments["protected"].url,
        "/no-such-page/",
        *[f"/search/?q={word}" for word in [APPROVED_WORD, *HIDDEN, "reader.example"]],
    ]


def _leaks(response, words: list[str]) -> list[str]:
    body = response.content.decode()
    headers = str(response.headers)
    if response.wsgi_request.path == "/search/":
        # The page repeats the query: only what it found counts.
        cards = parse_html(body).find_all("article", cls="card")
        body = " ".join(card.text() for card in cards)
    found = [w for w in words if w in body or w in headers]
    if "@reader.example" in body:
        found.append("an e-mail address")
    return found


@pytest.mark.parametrize("who", ["anonymous", "reader", "editor"])
def test_unmoderated_comments_and_addresses_never_leak(who, article, comments, reader_user, editor):
    user = {"anonymous": None, "reader": reader_user, "editor": editor}[who]
    client = client_for(user)
    problems = []
    for url in _public_urls(article, comments):
        for attempt in ("first", "cached"):  # the second anonymous request is served from cache
            response = client.get(url)
            assert response.status_code < 500, url
            problems += [f"{url} ({attempt}): {leak}" for leak in _leaks(response, HIDDEN)]
    assert problems == [], "\n".join(problems)


def test_the_approved_comment_shows_only_where_comments_belong(client, article, comments):
    page = parse_html(client.get(article.url).content)
    shown = [
        li.attr("id")
        for li in page.find_all("li", cls="comment")
        if "comment-removed" not in (li.attr("class") or "")
    ]
    assert shown[0] == f"comment-{comments['approved'].pk}"
    assert len(shown) == 3  # and the two replies of the removed comment
    assert len(page.find_all("li", cls="comment-removed")) == 1
    assert page.find("span", cls="comment-count").text() == "(3)"
    api = client.get(f"/comments/api/articles/{article.pk}/").json()
    assert api["count"] == 3
    assert [c["text"] for c in api["comments"]] == [
        f"Text {APPROVED_WORD} here",
        "Text quillorphan here",
        "Text quillgrandchild here",
    ]
    # Comments are not part of the site search, the feeds or the sitemaps.
    for url in [f"/search/?q={APPROVED_WORD}", "/feeds/rss/", "/feeds/atom/", "/sitemap.xml"]:
        assert _leaks(client.get(url), [APPROVED_WORD]) == [], url
    # The protected and the draft article show nothing to the public, JSON included.
    for key in ("protected", "draft"):
        assert client.get(f"/comments/api/articles/{comments[key].pk}/").status_code == 404


def test_an_editor_sees_nothing_of_the_queue_in_the_admin(article, comments, editor):
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_page", "change_page", "publish_page"])
    )
    client = client_for(editor)
    urls = [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{article.get_parent().pk}/",
        f"/admin/pages/{article.pk}/edit/",
        f"/admin/pages/search/?q={SECRET_WORDS[CommentStatus.PENDING]}",
        "/admin/comments/",
        f"/admin/comments/{comments['pending'].pk}/",
        f"/admin/comments/?status=rejected&q={SECRET_WORDS[CommentStatus.REJECTED]}",
    ]
    problems = []
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302, 403), url
        problems += [f"{url}: {leak}" for leak in _leaks(response, [*HIDDEN, APPROVED_WORD])]
        if response.status_code == 200 and "/admin/comments/" in response.content.decode():
            problems.append(f"{url}: links to the moderation queue")
    assert problems == []
