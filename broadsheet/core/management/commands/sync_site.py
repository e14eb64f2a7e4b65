"""``broadsheet sync_site``: set the default Wagtail Site from ``BROADSHEET_BASE_URL``."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from broadsheet.core.sites import sync_default_site


class Command(BaseCommand):
    help = "Point the default Wagtail Site (sitemaps, absolute links) at BROADSHEET_BASE_URL."

    def handle(self, *args, **options):
        site = sync_default_site()
        if site is None:
            self.stdout.write("No default site yet: run `broadsheet migrate` first.")
            return
        self.stdout.write(f"Default site: {site.root_url} ({site.site_name})")
