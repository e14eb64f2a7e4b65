"""URL map: fixed public routes first, then Wagtail's page tree."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.decorators.http import require_POST
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views.account import LogoutView
from wagtail.documents import urls as wagtaildocs_urls

from broadsheet.core.views import AdminLoginView, favicon
from broadsheet.news import feeds, sitemaps, views

# Our own error pages: they never parse the request body again (broadsheet/core/views.py).
handler400 = "broadsheet.core.views.bad_request"
handler403 = "broadsheet.core.views.permission_denied"
handler404 = "broadsheet.core.views.page_not_found"
handler500 = "broadsheet.core.views.server_error"


def build_urlpatterns(*, bilingual: bool) -> list:
    """The URL map. With both languages the readers' pages go under /tr/ and /en/.

    What stays unprefixed with both: the admin, the comment endpoints (uncached, they answer
    in their article's language), documents, robots.txt and both sitemaps (they list every
    language's pages, each with its language).
    """
    fixed = [
        # Wagtail's logout view deletes the session cookie even on the 405 it answers a GET
        # with, so a mere link could sign a moderator out: only a POST (with its CSRF token).
        path("admin/logout/", require_POST(LogoutView.as_view())),
        path("admin/login/", AdminLoginView.as_view()),  # no 500 for an odd ``next``
        path("admin/", include(wagtailadmin_urls)),
        path("documents/", include(wagtaildocs_urls)),
        path("comments/", include("broadsheet.comments.urls")),
        path("robots.txt", views.robots_txt, name="robots_txt"),
        path("favicon.ico", favicon, name="favicon"),
        path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
        path("news-sitemap.xml", views.news_sitemap, name="news_sitemap"),
    ]
    readers = [
        path("feeds/rss/", feeds.LatestArticlesFeed(), name="feed_rss"),
        path("feeds/atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
        path("search/", views.search, name="search"),
        path("topics/<slug:slug>/", views.topic_page, name="topic"),
        path("topics/<slug:slug>/rss/", feeds.TopicFeed(), name="topic_feed_rss"),
        path("topics/<slug:slug>/atom/", feeds.TopicAtomFeed(), name="topic_feed_atom"),
        path("", include(wagtail_urls)),
    ]
    if bilingual:
        return fixed + i18n_patterns(*readers, prefix_default_language=True)
    return fixed + readers


urlpatterns = build_urlpatterns(bilingual=len(settings.SITE_LANGUAGES) > 1)
