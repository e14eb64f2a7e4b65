from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "broadsheet.news"
    label = "news"
    verbose_name = "News"

    def ready(self) -> None:
        from broadsheet.news import purge

        purge.connect()
