from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "broadsheet.core"
    label = "core"
    verbose_name = "Broadsheet core"

    def ready(self) -> None:
        from django.urls import register_converter

        from broadsheet.core import languages, site_settings
        from broadsheet.core.converters import IdConverter

        site_settings.connect_receivers()
        languages.connect()
        # <id:...> in any URL pattern: a database id of at most 18 digits (core/converters.py).
        register_converter(IdConverter, "id")
