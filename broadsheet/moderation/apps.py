from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "broadsheet.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from broadsheet.comments.submission import screener
        from broadsheet.moderation import actions, site_screening, subscribers  # noqa: F401

        # Receivers in site_screening drop its cached change stamps when terms or the model
        # change; the submission screens with this site's lists, history and policy.
        screener.install(site_screening.SiteScreener())
        subscribers.connect()
