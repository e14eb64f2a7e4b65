"""Small builders for test data, going through the same Wagtail calls editors use."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Site

from broadsheet.news.models import ArticlePage, FeaturedTopic, HomePage, NewsSettings, Topic


def home_page() -> HomePage:
    return Site.objects.get(is_default_site=True).root_page.specific


def make_topic(name: str, *, featured: bool = False) -> Topic:
    topic, _ = Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    if featured:
        news_settings = NewsSettings.for_site(Site.objects.get(is_default_site=True))
        FeaturedTopic.objects.create(
            setting=news_settings, topic=topic, sort_order=news_settings.featured_topics.count()
        )
    return topic


def make_article(
    *,
    title: str = "An article",
    topics: list[Topic] | None = None,
    body: list | None = None,
    published: datetime | None = None,
    live: bool = True,
    **fields,
) -> ArticlePage:
    page = ArticlePage(
        title=title,
        slug=fields.pop("slug", slugify(title)[:50]),
        standfirst=fields.pop("standfirst", f"Standfirst of {title}."),
        body=body if body is not None else [("paragraph", "<p>Body text.</p>")],
        first_published_at=published or timezone.now() - timedelta(hours=1),
        **fields,
    )
    home_page().add_child(instance=page)
    if topics:
        page.topics.set(topics)
    revision = page.save_revision()
    if live:
        revision.publish()
    else:
        page.live = False
        page.save(update_fields=["live"])
    page.refresh_from_db()
    return page


def make_translation(page, language: str, **fields):
    """``page`` translated into ``language`` (its parent first if need be) and published.

    The same call Wagtail's translate action (``wagtail.contrib.simple_translation``) makes.
    """
    from wagtail.models import Locale

    locale, _ = Locale.objects.get_or_create(language_code=language)
    translation = page.specific.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation
