"""``broadsheet rescreen``: screen the pending queue again with the current lists and policy."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from broadsheet.moderation.site_screening import rescreen


class Command(BaseCommand):
    help = "Screen every pending comment again (after word lists or the policy changed)."

    def handle(self, *args, **options):
        self.stdout.write(f"Screened {rescreen()} pending comments.")
