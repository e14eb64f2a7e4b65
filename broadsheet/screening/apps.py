from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "broadsheet.screening"
    label = "screening"
    verbose_name = "Comment screening"
