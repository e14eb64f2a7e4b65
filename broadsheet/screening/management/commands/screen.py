"""``broadsheet screen [FILE]``: screen JSON-lines comments from FILE or standard input."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandParser

from broadsheet.screening.cli import screen_jsonlines


class Command(BaseCommand):
    help = (
        'Screen comments given as JSON lines ({"text": ..., "name": ..., "email": ..., '
        '"url": ...}) from FILE or standard input; writes one JSON verdict per line. '
        "Uses the shipped word lists and never touches the database."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default="-", help="JSON-lines file (default: stdin)")

    def handle(self, *args: object, **options: object) -> None:
        path = str(options["file"])
        if path == "-":
            errors = screen_jsonlines(sys.stdin, self.stdout)
        else:
            with open(path, encoding="utf-8") as f:
                errors = screen_jsonlines(f, self.stdout)
        if errors:
            self.stderr.write(f"{errors} line(s) could not be screened")
