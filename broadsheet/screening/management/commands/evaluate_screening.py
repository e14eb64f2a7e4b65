"""``broadsheet evaluate_screening [FILE]``: measure the screening pipeline on a labelled set."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from broadsheet.screening.evaluate import DEFAULT_FILE, evaluate, load_examples, print_report


class Command(BaseCommand):
    help = (
        "Print precision and recall per category, ROC AUC of risk, the share of bad comments "
        "held back and the fine comments rejected, on FILE (default: the shipped set)."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE))
        parser.add_argument(
            "--show-errors", type=int, default=10, help="list up to N misclassified comments"
        )

    def handle(self, *args: object, **options: object) -> None:
        try:
            examples = load_examples(str(options["file"]))
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        report = evaluate(examples)
        print_report(report, self.stdout, show_errors=int(options["show_errors"]))  # type: ignore[arg-type]
        if not report.goals_met:
            raise CommandError("screening goals not met")
