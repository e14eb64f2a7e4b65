"""WSGI entry point for gunicorn and other servers."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
django_application = get_wsgi_application()

from broadsheet.core.page_cache import PageCacheWSGI  # noqa: E402 - needs the settings
from broadsheet.moderation.site_screening import pipeline  # noqa: E402

# Cached pages for anonymous readers are answered before Django's request handler.
application = PageCacheWSGI(django_application)

# Load the screening models now, not in the first reader's comment submission.
pipeline().warm()

# What is loaded by now lives as long as the process. Frozen, it is left out of the garbage
# collector's full passes, which otherwise scanned it all: 120 to 170 ms every few requests
# of a 10,000-comment article, 6 to 10 ms once frozen.
gc.freeze()
