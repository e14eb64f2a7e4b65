"""WSGI entry point for gunicorn and other servers."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
application = get_wsgi_application()

# Load the screening models now, not in the first reader's comment submission.
from broadsheet.comments.screening import pipeline  # noqa: E402

pipeline().warm()
