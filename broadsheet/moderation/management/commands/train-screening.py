"""``broadsheet train-screening``: retrain the learned screening model from all decisions."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from broadsheet.moderation.training import train


class Command(BaseCommand):
    help = "Retrain the screening model learned from moderators' decisions, from scratch."

    def add_arguments(self, parser):
        parser.add_argument(
            "--incremental", action="store_true", help="Learn only decisions since the last run."
        )

    def handle(self, *args, incremental: bool, **options):
        state = train(full=not incremental)
        self.stdout.write(f"Learned model trained on {state.n_seen} decisions.")
