"""``broadsheet demo``: migrate, load the demo newsroom, create an admin, and serve it."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from broadsheet.demo.comments import load_demo_comments
from broadsheet.demo.newsroom import load_demo_newsroom

DEMO_ADMIN = "admin"


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


class Command(BaseCommand):
    help = "Set up the demo newsroom (idempotent) and serve it on http://127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Set up, then exit.")
        parser.add_argument("--bind", default="127.0.0.1:8000", help="HOST:PORT to serve on.")

    def handle(self, *args, no_serve: bool, bind: str, **options):
        call_command("migrate", interactive=False, verbosity=0)
        articles = load_demo_newsroom()
        username, password = ensure_demo_admin()
        comments = load_demo_comments()
        self.stdout.write(
            f"Demo newsroom ready: {len(articles)} articles, {comments} comments.\n"
            f"Site:  http://{bind}/\n"
            f"Admin: http://{bind}/admin/  user: {username}  password: {password}\n"
        )
        if no_serve:
            call_command("collectstatic", interactive=False, verbosity=0)
        else:
            call_command("serve", bind=bind)
