"""The article page in a browser: the action row, the Featured row, and the printed page."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_action_row(page, server, article_path):
    page.goto(article_path)
    actions = page.locator("nav.actions")
    expect(actions).to_be_visible()

    comment = actions.get_by_role("link", name="Post a Comment")
    expect(comment).to_be_visible()
    expect(comment).to_have_attribute("href", "#comments")
    expect(actions.get_by_role("button", name="Print")).to_be_visible()

    facebook = actions.get_by_role("link", name="Share on Facebook")
    expect(facebook).to_be_visible()
    href = urlsplit(facebook.get_attribute("href"))
    assert (href.scheme, href.netloc) == ("https", "www.facebook.com")
    assert parse_qs(href.query)["u"] == [f"{server.url}{article_path}"]

    # The order readers see: comment first, then print, then sharing.
    labels = [text.strip() for text in actions.locator("li").all_inner_texts()]
    assert labels[:3] == ["Post a Comment", "Print", "Share on Facebook"]


def test_post_a_comment_jumps_to_the_form(page, article_path):
    page.goto(article_path)
    page.locator("nav.actions").get_by_role("link", name="Post a Comment").click()
    assert page.url.endswith(f"{article_path}#comments")
    expect(page.locator("#comment-form")).to_be_in_viewport()


def test_print_button_opens_the_print_dialog(page, article_path):
    page.goto(article_path)
    # Headless Chromium has no dialog; record the call instead.
    page.evaluate(
        "() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }"
    )
    page.locator("nav.actions").get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed") == 1


def test_featured_row(page, article_path):
    page.goto(article_path)
    featured = page.get_by_role("navigation", name="Featured topics")
    expect(featured).to_be_visible()
    expect(featured.get_by_role("heading", name="Featured")).to_be_visible()
    links = featured.get_by_role("link")
    assert links.count() >= 3
    for href in [links.nth(i).get_attribute("href") for i in range(links.count())]:
        assert href.startswith("/topics/")

    first = links.first
    name = first.inner_text().strip()
    first.click()
    expect(page.locator("h1")).to_contain_text(name)


def test_print_layout_keeps_only_the_article(page, article_path):
    page.goto(article_path)
    chrome = [
        "nav.actions",
        "nav.featured",
        ".site-search",
        "#comments",
        "#comment-form",
        ".site-footer",
    ]
    for selector in chrome:
        expect(page.locator(selector).first).to_be_visible()

    page.emulate_media(media="print")

    for selector in chrome:
        expect(page.locator(selector).first).to_be_hidden()
        assert page.locator(selector).first.bounding_box() is None, selector
    assert not any(nav.is_visible() for nav in page.locator("nav").all())

    for selector in ("h1.headline", ".article-body"):
        locator = page.locator(selector)
        expect(locator).to_be_visible()
        box = locator.bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0, selector
    expect(page.locator(".article-body p").first).to_be_visible()

    page.emulate_media(media="screen")
    expect(page.locator("#comment-form")).to_be_visible()
