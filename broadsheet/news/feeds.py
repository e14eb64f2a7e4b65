"""RSS 2.0 and Atom feeds for the whole site and for each topic.

Invariant: a feed is in one language, the active one (the URL's with both languages, the
site's with one): it lists only that language's articles, and says so in RSS's ``<language>``
and Atom's ``xml:lang`` on the feed and on every entry; its titles and descriptions are in it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language, gettext

from broadsheet.core.languages import prefixed
from broadsheet.news.models import ArticlePage, Topic
from broadsheet.news.selectors import live_articles, topic_articles

FEED_SIZE = 30


class LanguageAtom1Feed(Atom1Feed):
    """Atom with each entry's language (``xml:lang``) as well as the feed's."""

    def item_attributes(self, item: dict) -> dict[str, str]:
        return {"xml:lang": item["language"]} if item.get("language") else {}


class LatestArticlesFeed(Feed):
    feed_type = Rss201rev2Feed

    def title(self, obj=None) -> str:
        return settings.WAGTAIL_SITE_NAME

    def link(self, obj=None) -> str:
        return settings.BASE_URL + prefixed("/", get_language())

    def description(self, obj=None) -> str:
        return gettext("Latest articles from %(site)s") % {"site": settings.WAGTAIL_SITE_NAME}

    def items(self, obj=None):
        return live_articles(language=get_language())[:FEED_SIZE]

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        return item.standfirst

    def item_link(self, item: ArticlePage) -> str:
        return settings.BASE_URL + item.url

    def item_guid(self, item: ArticlePage) -> str:
        return self.item_link(item)

    def item_pubdate(self, item: ArticlePage):
        return item.published_at

    def item_updateddate(self, item: ArticlePage):
        return item.updated_at or item.published_at

    def item_author_name(self, item: ArticlePage) -> str:
        return item.byline

    def item_extra_kwargs(self, item: ArticlePage) -> dict[str, str]:
        return {"language": item.language}


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = LanguageAtom1Feed
    subtitle = LatestArticlesFeed.description


class TopicFeed(LatestArticlesFeed):
    def get_object(self, request, slug: str) -> Topic:
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj: Topic) -> str:
        return f"{obj.name} | {settings.WAGTAIL_SITE_NAME}"

    def link(self, obj: Topic) -> str:
        return settings.BASE_URL + obj.get_absolute_url()

    def description(self, obj: Topic) -> str:
        return obj.description or gettext("Articles about %(topic)s") % {"topic": obj.name}

    def items(self, obj: Topic):
        return topic_articles(topic=obj, language=get_language())[:FEED_SIZE]


class TopicAtomFeed(TopicFeed):
    feed_type = LanguageAtom1Feed
    subtitle = TopicFeed.description
