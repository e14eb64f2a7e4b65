"""The demo newsroom: loads through the real services, and a second load duplicates nothing."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Site

from broadsheet.comments.models import Comment, CommentStatus
from broadsheet.demo import content as demo_content
from broadsheet.demo.comments import load_demo_comments
from broadsheet.demo.management.commands.demo import ensure_demo_admin
from broadsheet.demo.newsroom import load_demo_newsroom
from broadsheet.moderation.models import ModerationDecision
from broadsheet.news.models import ArticlePage, NewsSettings, Topic
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _counts():
    return (
        ArticlePage.objects.count(),
        Topic.objects.count(),
        Comment.objects.count(),
        ModerationDecision.objects.count(),
    )


def test_demo_loads_once(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    load_demo_newsroom()
    user, password = ensure_demo_admin()
    load_demo_comments()
    first = _counts()
    load_demo_newsroom()
    assert ensure_demo_admin() == (user, password)
    load_demo_comments()
    assert _counts() == first
    assert first[0] >= 6 and first[1] >= 4
    assert Comment.objects.filter(status=CommentStatus.PENDING).count() >= 5
    assert NewsSettings.objects.get().featured_topics.count() == len(demo_content.FEATURED)


def test_demo_has_a_long_conflict_report():
    long_reports = [a for a in demo_content.ARTICLES if demo_content.word_count(a) >= 800]
    assert long_reports
    report = long_reports[0]
    assert report["dateline"]
    assert sum(1 for kind, _ in report["body"] if kind == "subheading") >= 2
    assert sum(1 for kind, _ in report["body"] if kind == "quote") >= 2


def test_the_demos_summary_counts_what_the_database_holds(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "static"
    out = StringIO()
    call_command("demo", no_serve=True, bind="127.0.0.1:8765", stdout=out)
    make_article(title="A story of the newsroom's own")
    again = StringIO()
    call_command("demo", no_serve=True, bind="127.0.0.1:8765", stdout=again)

    articles = ArticlePage.objects.live().count()
    comments = Comment.objects.count()
    pending = Comment.objects.filter(status=CommentStatus.PENDING).count()
    expected = f"{articles} articles, {comments} comments ({pending} awaiting moderation)"
    assert expected in again.getvalue()
    assert "Site:  http://127.0.0.1:8765/" in again.getvalue()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8765)


def test_demo_with_its_port_taken_says_so_first_and_sets_up_nothing(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "BROADSHEET_BASE_URL", "SECRET_KEY"}
    }
    env.update(BROADSHEET_VAR_DIR=str(tmp_path), BROADSHEET_ENV="development")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run(
            [
                str(Path(sys.executable).parent / "broadsheet"),
                "demo",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode != 0
    assert done.stdout == ""
    assert f"Cannot listen on 127.0.0.1:{port}" in done.stderr
    assert f"BIND=127.0.0.1:{port + 1}" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "broadsheet.sqlite3").exists()  # nothing was migrated


def test_demo_in_both_languages_has_turkish_pages_comments_and_notices(
    bilingual, client, settings, tmp_path
):
    from wagtail.models import Locale

    from broadsheet.comments.default_notices import DEFAULT_LEGAL_NOTICE_TR
    from broadsheet.demo import content_tr

    settings.VAR_DIR = tmp_path
    load_demo_newsroom()
    ensure_demo_admin()
    load_demo_comments()
    first = _counts()
    load_demo_newsroom()
    load_demo_comments()
    assert _counts() == first  # idempotent in both languages too

    turkish = ArticlePage.objects.filter(locale=Locale.objects.get(language_code="tr"))
    slugs = set(turkish.values_list("slug", flat=True))
    expected = {item["slug"] for item in content_tr.TRANSLATIONS + content_tr.ARTICLES}
    assert expected <= slugs
    translated = turkish.get(slug=content_tr.TRANSLATIONS[0]["slug"])
    english = ArticlePage.objects.get(slug=content_tr.TRANSLATIONS[0]["of"])
    assert translated.translation_key == english.translation_key  # linked translations
    assert translated.live and translated.url.startswith("/tr/")

    page = client.get(translated.url).content.decode()
    assert '<html lang="tr">' in page
    assert content_tr.COMMENTS[0]["text"] in page  # an approved Turkish comment
    assert DEFAULT_LEGAL_NOTICE_TR in page  # the Turkish legal notice
    tr_comments = Comment.objects.filter(article__locale__language_code="tr")
    assert tr_comments.count() == len(content_tr.COMMENTS)
    assert set(tr_comments.values_list("notice__language", flat=True)) == {"tr"}
    assert tr_comments.filter(status=CommentStatus.PENDING).exists()
    assert "Liman" in client.get("/tr/").content.decode()
