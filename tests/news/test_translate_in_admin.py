"""An editor translates an article in the admin (BROADSHEET_LANGUAGE=en,tr, a real process).

The languages are read when the settings load, so this runs a process of its own with both
languages on a fresh SQLite database: migrate, an article, Translate the front page and the
article (Wagtail's ``simple_translation`` view), publish the copies, and read both languages'
pages.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import django
    from django.conf import settings
    # The manifest needs collectstatic; the admin's files are served from the app folders.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    settings.STORAGES = {**settings.STORAGES, "staticfiles": plain}
    django.setup()
    from django.core.management import call_command
    call_command("migrate", interactive=False, verbosity=0)
    from django.contrib.auth import get_user_model
    from django.test import Client
    from wagtail.models import Locale, Site
    from broadsheet.news.models import ArticlePage

    home = Site.objects.get(is_default_site=True).root_page.specific
    article = ArticlePage(title="Harbour wall repairs begin", slug="harbour-wall")
    home.add_child(instance=article)
    article.save_revision().publish()
    turkish = Locale.objects.create(language_code="tr")

    editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw-unused")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(editor)
    # The front page first (once per site), then the article: each is a Translate action.
    for page in (home, article):
        url = f"/admin/translation/submit/page/{page.pk}/"
        assert client.get(url).status_code == 200
        done = client.post(url, {"locales": [turkish.pk]})
        assert done.status_code == 302, done.status_code
    home.get_translation(turkish).save_revision().publish()
    copy = ArticlePage.objects.get(locale=turkish)
    assert copy.translation_key == article.translation_key and not copy.live
    copy.title, copy.slug = "Liman duvarinda onarim basladi", "liman-duvari"
    copy.save_revision().publish()

    anonymous = Client(HTTP_HOST="127.0.0.1")
    page = anonymous.get("/tr/liman-duvari/").content.decode()
    assert '<html lang="tr">' in page, page[:300]
    assert 'hreflang="en" href="http://127.0.0.1:8000/en/harbour-wall/"' in page
    english = anonymous.get("/en/harbour-wall/").content.decode()
    assert 'hreflang="tr" href="http://127.0.0.1:8000/tr/liman-duvari/"' in english
    print("translated")
    """
)


def test_an_editor_translates_an_article_with_wagtails_translate_action(tmp_path):
    environ = {
        **os.environ,
        "BROADSHEET_LANGUAGE": "en,tr",
        "BROADSHEET_VAR_DIR": str(tmp_path),
        "DATABASE_URL": "",  # a SQLite file of its own, whatever the suite runs on
        "REDIS_URL": "",
        "SECRET_KEY": "x" * 50,
        "DJANGO_SETTINGS_MODULE": "broadsheet.settings",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().endswith("translated")
