"""``broadsheet worker``: run queued background tasks (screening re-runs, retraining, ...)."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run background tasks queued in the database (set BROADSHEET_WORKER=1 for the app)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")

    def handle(self, *args, batch: bool, **options):
        if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
            raise CommandError(
                "Tasks run at once in the app (no queue). Set BROADSHEET_WORKER=1 for the app "
                "processes and for this worker."
            )
        call_command(
            "db_worker",
            backend_name="default",
            batch=batch,
            interval=0.5,
            reload=False,
            startup_delay=False,
        )
