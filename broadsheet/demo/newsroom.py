"""Loading the demo newsroom: topics, the Featured row and articles from ``demo_content``.

Invariant: loading is idempotent. Topics are matched by slug and articles by slug under the
home page, so a second run changes nothing and duplicates nothing.

With both languages (``BROADSHEET_LANGUAGE=en,tr``, what ``make demo`` uses) the Turkish
front page, the Turkish translations of some articles and the Turkish-only articles of
``demo.content_tr`` are loaded too, made the way an editor makes them (Wagtail's
``copy_for_translation``, which the admin's Translate action calls).
"""

from __future__ import annotations

from datetime import timedelta
from html import escape

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from broadsheet.core.languages import bilingual
from broadsheet.demo import content as demo_content
from broadsheet.demo import content_tr
from broadsheet.news.models import ArticlePage, FeaturedTopic, HomePage, NewsSettings, Topic


def _body(blocks: list[tuple[str, object]]) -> list[tuple[str, object]]:
    stream: list[tuple[str, object]] = []
    for kind, value in blocks:
        if kind == "paragraph":
            stream.append(("paragraph", f"<p>{escape(str(value))}</p>"))
        elif kind == "subheading":
            stream.append(("subheading", str(value)))
        elif kind == "quote":
            stream.append(("pull_quote", dict(value)))  # type: ignore[arg-type]
        else:
            raise ValueError(f"unknown demo block {kind!r}")
    return stream


def load_topics() -> dict[str, Topic]:
    topics = {}
    for item in demo_content.TOPICS:
        topic, _ = Topic.objects.get_or_create(
            slug=item["slug"], defaults={"name": item["name"], "description": item["description"]}
        )
        topics[topic.slug] = topic
    return topics


def load_featured(*, site: Site, topics: dict[str, Topic]) -> None:
    news_settings = NewsSettings.for_site(site)
    if news_settings.featured_topics.exists():
        return
    for order, slug in enumerate(demo_content.FEATURED):
        FeaturedTopic.objects.create(setting=news_settings, topic=topics[slug], sort_order=order)


def load_articles(
    *, home: HomePage, topics: dict[str, Topic], items: list[dict] | None = None
) -> list[ArticlePage]:
    now = timezone.now()
    existing = {page.slug: page for page in ArticlePage.objects.child_of(home)}
    pages = []
    for item in demo_content.ARTICLES if items is None else items:
        page = existing.get(item["slug"])
        if page is None:
            published = now - timedelta(hours=item["hours_ago"])
            updated = item.get("updated_hours_ago")
            page = ArticlePage(
                title=item["title"],
                slug=item["slug"],
                standfirst=item["standfirst"],
                byline=item.get("byline", ""),
                source_name=item.get("source_name", ""),
                source_url=item.get("source_url", ""),
                dateline=item.get("dateline", ""),
                comments_open=item.get("comments_open", True),
                body=_body(item["body"]),
                first_published_at=published,
                updated_at=now - timedelta(hours=updated) if updated is not None else None,
            )
            home.add_child(instance=page)
            page.topics.set([topics[slug] for slug in item.get("topics", [])])
            page.save_revision().publish()
        pages.append(page)
        if item.get("lead") and home.lead_article_id != page.pk:
            home.lead_article = page
            home.save_revision().publish()
    return pages


def _translation(page: Page, language: str) -> Page:
    """``page``'s translation into ``language``, made (as a draft copy) if missing."""
    locale, _ = Locale.objects.get_or_create(language_code=language)
    found = page.get_translation_or_none(locale)
    if found is not None:
        return found.specific
    return page.specific.copy_for_translation(locale)


def load_turkish(*, home: HomePage, topics: dict[str, Topic]) -> list[ArticlePage]:
    """The Turkish front page, translations and Turkish-only articles; returns the articles."""
    turkish_home = _translation(home, "tr")
    if not turkish_home.live:
        turkish_home.title = "Ana Sayfa"
        turkish_home.lead_article = None
        turkish_home.save_revision().publish()
    english = {page.slug: page for page in ArticlePage.objects.child_of(home)}
    pages = []
    for item in content_tr.TRANSLATIONS:
        original = english[item["of"]]
        page = _translation(original, "tr")
        if not page.live:
            for field in ("title", "slug", "standfirst", "byline", "dateline"):
                setattr(page, field, item[field])
            page.first_published_at = original.first_published_at  # the same story, same day
            page.body = _body(item["body"])
            page.save_revision().publish()
        pages.append(page)
    return pages + load_articles(home=turkish_home, topics=topics, items=content_tr.ARTICLES)


@transaction.atomic
def load_demo_newsroom() -> list[ArticlePage]:
    """Create the demo topics, Featured row and articles; returns the articles."""
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    topics = load_topics()
    load_featured(site=site, topics=topics)
    pages = load_articles(home=home, topics=topics)
    if bilingual():
        pages += load_turkish(home=home, topics=topics)
    return pages
