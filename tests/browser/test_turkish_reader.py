"""A Turkish site in a browser: the counter, a post and its notice, the form without JavaScript.

The server runs with ``BROADSHEET_LANGUAGE=tr``, as a Turkish newsroom deploys it. The script's
messages come from the catalogue script (``/comments/jsi18n/tr/``) under the strict policy.
"""

# ruff: noqa: RUF001 - Turkish text has the dotless i on purpose

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import expect

from tests.support.server import (
    live_server_process,
)

pytestmark = pytest.mark.browser

NOTICE = "Yorumunuz onay için yöneticiye iletilmiştir."


@pytest.fixture(scope="module")
def server():
    """A Turkish server on its own SQLite file (one worker: the memory cache is per process)."""
    with live_server_process("sqlite", workers=1, env={"BROADSHEET_LANGUAGE": "tr"}) as live:
        yield live


def unique_text(label: str) -> str:
    return f"{label} {secrets.token_hex(4)}: yeni tarife sabah vardiyasına uygun."


def test_the_counter_speaks_turkish(page, article_path):
    page.goto(article_path)
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    expect(page.locator("label[for=comment-name]")).to_have_text("Adınız")
    counter = page.locator("#comment-form [data-counter]")
    maximum = int(counter.get_attribute("data-max"))
    expect(page.locator("#comment-counter")).to_have_text(f"Kalan karakter: {maximum}")

    page.locator("#comment-text").press_sequentially("Işık")
    expect(page.locator("#comment-counter")).to_have_text(f"Kalan karakter: {maximum - 4}")
    page.locator("#comment-text").fill("ı" * maximum)
    expect(counter).to_have_text("0")


def test_a_post_gets_the_turkish_notice_and_turkish_errors(page, server, article_path):
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security" in message.text else None
        ),
    )
    page.goto(article_path)
    button = page.locator("#comment-form button[type=submit]")
    expect(button).to_have_text("Yorumu Gönder")
    error = page.locator("[data-form-error]")

    # The server's refusal, in Turkish, shown by the script.
    page.locator("#comment-text").fill("Adsız bir yorum.")
    with page.expect_response(re.compile(r"/comments/api/articles/\d+/$")) as posted:
        button.click()
    assert posted.value.status == 400
    expect(error).to_have_text("Lütfen adınızı yazın.")

    # The script's own message when the server cannot be reached: from the catalogue.
    page.route(re.compile(r"/comments/api/articles/\d+/$"), lambda route: route.abort())
    page.locator("#comment-name").fill("İpek Işıklı")
    button.click()
    expect(error).to_have_text("Sunucuya ulaşılamadı. Lütfen yeniden deneyin.")
    page.unroute(re.compile(r"/comments/api/articles/\d+/$"))

    text = unique_text("Betikle")
    page.locator("#comment-text").fill(text)
    with page.expect_response(re.compile(r"/comments/api/articles/\d+/$")) as posted:
        button.click()
    assert posted.value.status == 202
    notice = page.locator("#comment-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(NOTICE)
    expect(error).to_be_hidden()
    stored = server.comments(text=text)
    # Stored exactly as typed: the Turkish name keeps its dotted and dotless capitals.
    assert [(c["status"], c["author_name"]) for c in stored] == [("pending", "İpek Işıklı")]
    assert refused == []


def test_the_form_without_javascript_is_turkish(no_js_page, server, article_path):
    page = no_js_page
    text = unique_text("Betiksiz")
    page.goto(article_path)
    page.locator("#comment-name").fill("Işıl")
    page.locator("#comment-text").fill(text)
    page.locator("#comment-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/comments/articles/\d+/post/$"))
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    expect(page.get_by_role("status")).to_contain_text("“Yorumu Gönder” düğmesine basın")
    expect(page.locator("h1")).to_contain_text("haberine yorum yazın")
    expect(page.locator(".legal-notice h2")).to_have_text("Yorum yazmadan önce")
    expect(page.locator("#comment-text")).to_have_value(text)
    assert server.comments(text=text) == []

    page.locator("#comment-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"\?comment=received#comment-notice$"))
    expect(page.locator("#comment-notice")).to_be_visible()
    expect(page.locator("#comment-notice")).to_contain_text(NOTICE)
    stored = server.comments(text=text)
    assert [(c["status"], c["author_name"]) for c in stored] == [("pending", "Işıl")]
