"""``broadsheet evaluate_screening [FILE]``: measure the screening pipeline on a labelled set."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from broadsheet.screening.evaluate import (
    DEFAULT_FILE,
    evaluate,
    evaluate_corpora,
    load_examples,
    print_report,
)


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        # A property, so that it is translated when shown (argparse needs a real str).
        return _(
            "Print precision and recall per category, ROC AUC of risk, the share of bad "
            "comments held back and the fine comments rejected, on FILE (default: the shipped "
            "set)."
        )

    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE))
        parser.add_argument(
            "--show-errors", type=int, default=10, help=_("list up to N misclassified comments")
        )
        parser.add_argument(
            "--corpus",
            nargs="+",
            metavar="FILE",
            help=_("one row per labelled file: n, ROC AUC, bad held back, fine rejected/published"),
        )
        parser.add_argument(
            "--baseline", action="store_true", help=_("score with alt-profanity-check alone")
        )

    def handle(self, *args: object, **options: object) -> None:
        if options.get("corpus"):
            try:
                evaluate_corpora(
                    list(options["corpus"]),  # type: ignore[call-overload]
                    self.stdout,  # type: ignore[arg-type]
                    baseline=bool(options.get("baseline")),
                )
            except (OSError, ValueError) as exc:
                raise CommandError(str(exc)) from exc
            return
        try:
            examples = load_examples(str(options["file"]))
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        report = evaluate(examples)
        print_report(report, self.stdout, show_errors=int(options["show_errors"]))  # type: ignore[arg-type]
        if not report.goals_met:
            raise CommandError(_("screening goals not met"))
