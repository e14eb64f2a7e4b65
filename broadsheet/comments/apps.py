from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "broadsheet.comments"
    label = "comments"
    verbose_name = "Reader comments"

    def ready(self) -> None:
        # Receivers that drop screening's cached change stamps when terms or the model change.
        from broadsheet.comments import screening  # noqa: F401
