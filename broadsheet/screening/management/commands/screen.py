"""``broadsheet screen [FILE]``: screen JSON-lines comments from FILE or standard input."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from broadsheet.screening.cli import NO_SITE_TERMS, screen_jsonlines, site_setup
from broadsheet.screening.context import ScreeningContext
from broadsheet.screening.pipeline import Pipeline


def _setup(terms: object, policy: object) -> tuple[Pipeline, ScreeningContext]:
    term_lines = None
    if terms:
        with open(str(terms), encoding="utf-8") as f:
            term_lines = f.readlines()
    policy_obj = None
    if policy:
        with open(str(policy), encoding="utf-8") as f:
            policy_obj = json.load(f)
    return site_setup(term_lines, policy_obj)


class Command(BaseCommand):
    help = (
        'Screen comments given as JSON lines ({"text": ..., "name": ..., "email": ..., '
        '"url": ...}) from FILE or standard input; writes one JSON verdict per line. '
        "Uses the shipped word lists unless --terms/--policy are given (and says so on "
        "stderr); never touches the database."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default="-", help="JSON-lines file (default: stdin)")
        parser.add_argument(
            "--terms", help="staff terms as JSON lines (phrase, language, severity, category)"
        )
        parser.add_argument(
            "--policy", help="JSON object: review, reject, weights, allowed/blocked domains"
        )

    def handle(self, *args: object, **options: object) -> None:
        try:
            pipe, ctx = _setup(options.get("terms"), options.get("policy"))
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if not options.get("terms") or not options.get("policy"):
            self.stderr.write(NO_SITE_TERMS)
        path = str(options["file"])
        if path == "-":
            errors = screen_jsonlines(sys.stdin, self.stdout, pipe, ctx)
        else:
            with open(path, encoding="utf-8") as f:
                errors = screen_jsonlines(f, self.stdout, pipe, ctx)
        if errors:
            self.stderr.write(f"{errors} line(s) could not be screened")
