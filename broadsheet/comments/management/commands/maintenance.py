"""``broadsheet maintenance``: the periodic jobs, for cron or a systemd timer (e.g. hourly)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from broadsheet.comments import tasks
from broadsheet.core import front_cache


class Command(BaseCommand):
    help = (
        "Queue the periodic jobs: close old articles' comments, anonymise old IP addresses, "
        "check the comment counts; send again the front-cache purges it did not take."
    )

    def handle(self, *args, **options):
        for job in (tasks.close_expired_comments, tasks.anonymise_old_ips, tasks.recount_comments):
            result = job.enqueue()
            self.stdout.write(f"{job.name}: {result.status}")
        kept = front_cache.retry_pending()
        self.stdout.write(f"front-cache purges sent again: {kept}")
