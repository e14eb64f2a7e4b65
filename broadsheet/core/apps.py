from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "broadsheet.core"
    label = "core"
    verbose_name = "Broadsheet core"

    def ready(self) -> None:
        from broadsheet.core import site_settings

        site_settings.connect_receivers()
