"""Both languages (BROADSHEET_LANGUAGE=tr,en): prefixed URLs, hreflang, the switch, caches."""

# ruff: noqa: RUF001 - Turkish text on purpose
from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from django.conf import settings

from broadsheet.news.purge import article_paths, site_paths
from tests.factories import make_article, make_topic, make_translation

pytestmark = pytest.mark.django_db


class _Head(HTMLParser):
    """The page's language, its hreflang alternates, the switch's links and its JSON-LD."""

    def __init__(self):
        super().__init__()
        self.lang = None
        self.alternates: dict[str, str] = {}
        self.switch: list[dict] = []
        self.current: list[str] = []
        self.json_ld: list[str] = []
        self._in_switch = self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "link" and attrs.get("rel") == "alternate" and attrs.get("hreflang"):
            self.alternates[attrs["hreflang"]] = attrs["href"]
        elif tag == "nav" and "language-switch" in attrs.get("class", ""):
            self._in_switch = True
        elif self._in_switch and tag == "a":
            self.switch.append(attrs)
        elif self._in_switch and tag == "span" and attrs.get("aria-current"):
            self.current.append(attrs["lang"])
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_switch = False
        elif tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld[-1] += data


def head(response) -> _Head:
    parser = _Head()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def pair(bilingual):
    """An English article and its Turkish translation, both live."""
    topic = make_topic("Harbourside")
    english = make_article(title="Harbour wall repairs begin", topics=[topic])
    turkish = make_translation(
        english,
        "tr",
        title="Liman duvarında onarım başladı",
        slug="liman-duvarinda-onarim",
        standfirst="Belediye, çöken bölümün iki ayda yeniden yapılacağını açıkladı.",
    )
    return english, turkish


def test_pages_live_under_their_language_prefix(client, pair):
    english, turkish = pair
    assert english.url == "/en/harbour-wall-repairs-begin/"
    assert turkish.url == "/tr/liman-duvarinda-onarim/"
    for page, lang in ((english, "en"), (turkish, "tr")):
        response = client.get(page.url)
        assert response.status_code == 200
        assert head(response).lang == lang
        assert response["Content-Language"] == lang
    assert client.get("/tr/").status_code == 200
    assert head(client.get("/en/")).lang == "en"


def test_unprefixed_paths_go_to_the_default_language_whatever_the_browser_says(client, pair):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en", HTTP_COOKIE="django_language=en")
    assert response.status_code == 302
    assert response["Location"] == "/tr/"
    assert "Accept-Language" not in response.get("Vary", "")
    assert client.get("/feeds/rss/")["Location"] == "/tr/feeds/rss/"
    # Routes outside the languages keep their own 404s: never sent under a prefix.
    for path in ("/admin/pages/999999/edit/", "/comments/articles/999999/post/"):
        assert client.get(path).status_code in (302, 404)
        assert not client.get(path).get("Location", "").startswith("/tr/")


def test_the_url_decides_the_language_not_the_cookie_or_accept_language(client, pair):
    english, _ = pair
    response = client.get(english.url, HTTP_ACCEPT_LANGUAGE="tr", HTTP_COOKIE="django_language=tr")
    assert head(response).lang == "en"


def test_hreflang_alternates_and_x_default(client, pair):
    english, turkish = pair
    base = settings.BASE_URL
    for page in pair:
        found = head(client.get(page.url)).alternates
        assert found == {
            "en": base + english.url,
            "tr": base + turkish.url,
            "x-default": base + turkish.url,  # Turkish is the default language
        }


def test_an_untranslated_article_has_no_alternates_and_the_switch_goes_home(client, bilingual):
    only = make_article(title="Ferry timetable changes")
    page = head(client.get(only.url))
    assert page.alternates == {}
    assert [(a["hreflang"], a["href"]) for a in page.switch] == [("tr", "/tr/")]
    assert page.current == ["en"]


def test_the_language_switch_links_the_translation(client, pair):
    english, turkish = pair
    page = head(client.get(turkish.url))
    assert page.current == ["tr"]
    assert [(a["hreflang"], a["href"], a["lang"]) for a in page.switch] == [
        ("en", english.url, "en")
    ]
    topic_page = head(client.get("/en/topics/harbourside/"))
    assert [a["href"] for a in topic_page.switch] == ["/tr/topics/harbourside/"]


def test_each_front_page_and_topic_lists_its_own_language(client, pair):
    english, turkish = pair
    tr_home = client.get("/tr/").content.decode()
    en_home = client.get("/en/").content.decode()
    assert turkish.title in tr_home and english.title not in tr_home
    assert english.title in en_home and turkish.title not in en_home
    tr_topic = client.get("/tr/topics/harbourside/").content.decode()
    assert turkish.title in tr_topic and english.title not in tr_topic


def test_each_page_loads_the_script_catalogue_of_its_own_language(client, pair):
    # /comments/ is never prefixed: the catalogue's address carries the language instead.
    english, turkish = pair
    turkish_wording = json.dumps("Sunucuya ulaşılamadı. Lütfen yeniden deneyin.")
    for page, lang in ((english, "en"), (turkish, "tr")):
        html = client.get(page.url).content.decode()
        assert f'src="/comments/jsi18n/{lang}/"' in html
        catalogue = client.get(f"/comments/jsi18n/{lang}/")
        assert catalogue.status_code == 200
        assert catalogue["Content-Language"] == lang
        assert (turkish_wording in catalogue.content.decode()) == (lang == "tr")
    assert client.get("/comments/jsi18n/de/").status_code == 404


def test_json_ld_and_dates_are_in_the_pages_language(client, pair):
    english, turkish = pair
    for page, lang in ((english, "en"), (turkish, "tr")):
        response = client.get(page.url)
        data = json.loads(head(response).json_ld[0])
        assert data["@type"] == "NewsArticle"
        assert data["inLanguage"] == lang
        assert data["url"] == settings.BASE_URL + page.url
    month_tr = client.get(turkish.url).content.decode()
    assert any(
        name in month_tr
        for name in (
            "Ocak",
            "Şubat",
            "Mart",
            "Nisan",
            "Mayıs",
            "Haziran",
            "Temmuz",
            "Ağustos",
            "Eylül",
            "Ekim",
            "Kasım",
            "Aralık",
        )
    )


def test_page_cache_keeps_each_language_apart(client, pair):
    english, turkish = pair
    first = client.get("/tr/")
    assert first["X-Page-Cache"] == "miss"
    other = client.get("/en/", HTTP_ACCEPT_LANGUAGE="tr")
    assert other["X-Page-Cache"] == "miss"
    again_tr = client.get("/tr/", HTTP_ACCEPT_LANGUAGE="en", HTTP_COOKIE="django_language=en")
    again_en = client.get("/en/", HTTP_ACCEPT_LANGUAGE="tr", HTTP_COOKIE="django_language=tr")
    assert again_tr["X-Page-Cache"] == again_en["X-Page-Cache"] == "hit"
    assert head(again_tr).lang == "tr" and turkish.title in again_tr.content.decode()
    assert head(again_en).lang == "en" and english.title in again_en.content.decode()


def test_publishing_purges_both_languages_pages(client, pair):
    english, turkish = pair
    paths = article_paths(turkish.specific)
    for lang in ("tr", "en"):
        for path in ("/", "/feeds/rss/", "/feeds/atom/", "/search/", "/topics/harbourside/"):
            assert f"/{lang}{path}" in paths
    assert turkish.url in paths and english.url in paths  # the translation's hreflang changes
    assert "/sitemap.xml" in paths and "/news-sitemap.xml" in paths
    assert client.get("/en/")["X-Page-Cache"] == "miss"
    assert client.get("/en/")["X-Page-Cache"] == "hit"
    make_translation(make_article(title="Ferry timetable changes"), "tr", slug="feribot-saatleri")
    assert client.get("/en/")["X-Page-Cache"] == "miss"  # the English front page was purged
    every = site_paths()
    assert {"/tr/", "/en/", english.url, turkish.url, "/tr/topics/harbourside/rss/"} <= set(every)


def test_search_finds_the_articles_of_the_pages_language(client, pair):
    english, turkish = pair
    found_en = client.get("/en/search/", {"q": "harbour"}).content.decode()
    found_tr = client.get("/tr/search/", {"q": "liman"}).content.decode()
    assert english.url in found_en and turkish.url not in found_en
    assert turkish.url in found_tr and english.url not in found_tr
    assert head(client.get("/tr/search/", {"q": "liman"})).lang == "tr"


def test_article_page_queries_do_not_grow_with_comments_in_either_language(
    client, pair, no_page_cache, django_assert_num_queries
):
    """Single-language pages take 10 (tests/comments/test_views.py). Both languages add the
    active locale, the localised root and the translations (with their restrictions): each
    once per page, never per comment; the Turkish tree, not the Site's root, adds the lookup of
    the root's translation."""
    from tests.comments.helpers import approved

    for page, queries in zip(pair, (13, 14), strict=True):
        client.get(page.url)
        with django_assert_num_queries(queries):
            client.get(page.url)
        parent = approved(page, text="İlk yorum")
        for i in range(12):
            approved(page, text=f"yanıt {i}", parent_id=parent.pk if i % 2 else None)
        with django_assert_num_queries(queries):
            assert "yanıt 11" in client.get(page.url).content.decode()


def test_a_decision_on_a_turkish_comment_purges_the_turkish_page(
    client, pair, django_capture_on_commit_callbacks
):
    from tests.comments.helpers import approved

    english, turkish = pair
    for page in pair:
        client.get(page.url)
        assert client.get(page.url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):  # decisions purge after commit
        approved(turkish, text="Belediye bu kez sözünü tuttu.")
    fresh = client.get(turkish.url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Belediye bu kez sözünü tuttu." in fresh.content.decode()
    assert client.get(english.url)["X-Page-Cache"] == "hit"  # its comments did not change
