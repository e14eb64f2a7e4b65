"""``broadsheet demo``: migrate, load the demo newsroom, create an admin, and serve it.

Invariants: with serving on, a port that cannot be listened on is reported before anything
else runs (migrating and loading take a minute the first time); the summary's counts are read
from the database after loading, whatever it held before; the Wagtail Site record points at
the address served.
"""

from __future__ import annotations

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from broadsheet.core.management.commands.serve import check_bind
from broadsheet.core.sites import sync_default_site
from broadsheet.demo.comments import load_demo_comments
from broadsheet.demo.newsroom import load_demo_newsroom
from broadsheet.moderation.selectors import queue_counts, queue_counts_invalidate
from broadsheet.news.selectors import live_articles

DEMO_ADMIN = "admin"
DEFAULT_BIND = "127.0.0.1:8000"


def ensure_demo_admin() -> tuple[str, str]:
    """Create the demo superuser once; its password is kept in var/ so reruns print it again."""
    path = settings.VAR_DIR / "demo-admin-password"
    user_model = get_user_model()
    user = user_model.objects.filter(username=DEMO_ADMIN).first()
    if user is not None and path.exists():
        return DEMO_ADMIN, path.read_text().strip()
    password = secrets.token_urlsafe(12)
    if user is None:
        user = user_model.objects.create_superuser(DEMO_ADMIN, "admin@example.org", password)
    else:
        user.set_password(password)
        user.save(update_fields=["password"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(password + "\n")
    path.chmod(0o600)
    return DEMO_ADMIN, password


def demo_base_url(bind: str) -> str:
    """The address the demo is served at: ``BROADSHEET_BASE_URL`` when set, else ``bind``'s."""
    if os.environ.get("BROADSHEET_BASE_URL", "").strip():
        return settings.BASE_URL
    return f"http://{bind}"


def demo_summary(*, base_url: str, username: str, password: str) -> str:
    """What the demo holds, counted in the database now, and where to find it."""
    queue_counts_invalidate()
    counts = queue_counts()
    lines = [
        _(
            "Demo newsroom ready: %(articles)d articles, %(comments)d comments"
            " (%(pending)d awaiting moderation)."
        )
        % {
            "articles": live_articles().count(),
            "comments": sum(counts.values()),
            "pending": counts["pending"],
        },
        _("Site:  %(url)s/") % {"url": base_url},
        _("Admin: %(url)s/admin/  user: %(user)s  password: %(password)s")
        % {"url": base_url, "user": username, "password": password},
    ]
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Set up the demo newsroom (idempotent) and serve it on http://127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Set up, then exit.")
        parser.add_argument("--bind", default=DEFAULT_BIND, help="HOST:PORT to serve on.")

    def handle(self, *args, no_serve: bool, bind: str, **options):
        if not no_serve:
            check_bind(bind)  # before a minute of setup, and before "ready"
        base_url = demo_base_url(bind)
        call_command("migrate", interactive=False, verbosity=0)
        load_demo_newsroom()
        username, password = ensure_demo_admin()
        load_demo_comments()
        sync_default_site(base_url=base_url)
        self.stdout.write(demo_summary(base_url=base_url, username=username, password=password))
        if no_serve:
            call_command("collectstatic", interactive=False, verbosity=0)
            return
        # The server reads its settings afresh: links, CSRF origins and hosts follow the bind.
        os.environ.setdefault("BROADSHEET_BASE_URL", base_url)
        call_command("serve", bind=bind)
