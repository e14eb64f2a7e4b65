"""``broadsheet screen [FILE]``: screen JSON-lines comments, with this site's terms and policy.

Reads ``{"text": ..., "name": ..., "author_name": ..., "email": ..., "url": ...}`` lines from
FILE or standard input and writes one JSON verdict per line, in order (``screening.cli``).

Which lists and policy, said on standard error every time:

- by default, the site's: the staff terms, the default site's screening policy (domains,
  the learned model's threshold) and the learned model, read from the configured database,
  as a submission would be screened without its history (no recent posts);
- ``--terms FILE`` / ``--policy FILE``: those files instead, without touching the database;
- ``--shipped``, or a database that cannot be read (not migrated, not reachable): the
  shipped lists and default thresholds.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils.translation import gettext as _

from broadsheet.core import site_settings
from broadsheet.moderation import site_screening
from broadsheet.moderation.models import ScreeningPolicy
from broadsheet.screening.cli import NO_SITE_TERMS, screen_jsonlines, site_setup
from broadsheet.screening.context import ScreeningContext
from broadsheet.screening.pipeline import Pipeline


def _from_files(terms: object, policy: object) -> tuple[Pipeline, ScreeningContext]:
    term_lines = None
    if terms:
        with open(str(terms), encoding="utf-8") as f:
            term_lines = f.readlines()
    policy_obj = None
    if policy:
        with open(str(policy), encoding="utf-8") as f:
            policy_obj = json.load(f)
    return site_setup(term_lines, policy_obj)


def _from_site() -> tuple[Pipeline, ScreeningContext]:
    """The site's pipeline and context; ``DatabaseError`` when the database cannot say."""
    policy = site_settings.setting_for_site_id(ScreeningPolicy)
    context = site_screening.context_for(policy=policy, client_ip=None, with_history=False)
    return site_screening.pipeline(), context


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        # A property, so that it is translated when shown (argparse needs a real str).
        return _(
            "Screen comments given as JSON lines from FILE or standard input; writes one JSON "
            "verdict per line. Uses the site's staff terms, screening policy and learned "
            "model from the database, or --terms/--policy files, or --shipped lists; says "
            "which on standard error."
        )

    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", nargs="?", default="-", help=_("JSON-lines file (default: standard input)")
        )
        parser.add_argument(
            "--terms", help=_("staff terms as JSON lines (phrase, language, severity, category)")
        )
        parser.add_argument(
            "--policy", help=_("JSON object: review, reject, weights, allowed/blocked domains")
        )
        parser.add_argument(
            "--shipped",
            action="store_true",
            help=_("only the shipped word lists and default thresholds (no database)"),
        )

    def handle(self, *args: object, **options: object) -> None:
        pipe, ctx = self._setup(options)
        path = str(options["file"])
        if path == "-":
            errors = self._screen(sys.stdin, pipe, ctx)
        else:
            try:
                with open(path, encoding="utf-8") as f:
                    errors = self._screen(f, pipe, ctx)
            except OSError as exc:
                raise CommandError(str(exc)) from exc
        if errors:
            self.stderr.write(_("%(count)d line(s) could not be screened") % {"count": errors})

    def _setup(self, options: dict) -> tuple[Pipeline, ScreeningContext]:
        terms, policy = options.get("terms"), options.get("policy")
        if terms or policy or options.get("shipped"):
            try:
                setup = _from_files(terms, policy)
            except (OSError, ValueError) as exc:
                raise CommandError(str(exc)) from exc
            if not terms or not policy:
                self.stderr.write(NO_SITE_TERMS)
            return setup
        try:
            setup = _from_site()
        except DatabaseError as exc:
            self.stderr.write(
                _("The site's screening terms could not be read from the database (%(error)s).")
                % {"error": str(exc).strip() or type(exc).__name__}
            )
            self.stderr.write(NO_SITE_TERMS)
            return site_setup()
        self.stderr.write(
            _(
                "Screening with this site's staff terms, screening policy and learned model "
                "from the database (without recent-post history)."
            )
        )
        return setup

    def _screen(self, lines: TextIO, pipe: Pipeline, ctx: ScreeningContext) -> int:
        return screen_jsonlines(lines, self.stdout, pipe, ctx)
