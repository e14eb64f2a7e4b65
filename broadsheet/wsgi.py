"""WSGI entry point for gunicorn and other servers."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
django_application = get_wsgi_application()

from broadsheet.core.page_cache import PageCacheWSGI  # noqa: E402 - needs the settings

# Cached pages for anonymous readers are answered before Django's request handler.
application = PageCacheWSGI(django_application)

# Load the screening models now, not in the first reader's comment submission.
from broadsheet.comments.screening import pipeline  # noqa: E402

pipeline().warm()
