"""Per-site settings read on hot paths (posting a comment, rendering a page), from the cache.

Wagtail's ``for_site`` / ``for_request`` read the database on every call. Here a site's
settings row is kept in the shared cache (Redis when configured) under its model and site id.

Invariants:
- Saving or deleting a setting drops its cached copy, in every process that shares the
  cache (the receivers connected by ``connect_receivers``). A change made without signals
  (``QuerySet.update``) shows within ``SETTINGS_SECONDS``.
- A site without a row gets one with the model's defaults, as ``for_site`` does.
"""

from __future__ import annotations

from typing import TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Site

SETTINGS_SECONDS = 300

S = TypeVar("S", bound=BaseSiteSetting)


def _key(model: type[BaseSiteSetting], site_id: int) -> str:
    return f"site-setting:{model._meta.label_lower}:{site_id}"


def for_site_id(site_id: int, *models: type[BaseSiteSetting]) -> list[BaseSiteSetting]:
    """Each model's settings for the site, in the order given: one cache round trip."""
    keys = [_key(model, site_id) for model in models]
    found = cache.get_many(keys)
    missing = {}
    for key, model in zip(keys, models, strict=True):
        if key not in found:
            found[key] = missing[key] = model.base_queryset().get_or_create(site_id=site_id)[0]
    if missing:
        cache.set_many(missing, SETTINGS_SECONDS)
    return [found[key] for key in keys]


def default_site_id() -> int:
    return Site.objects.filter(is_default_site=True).values_list("pk", flat=True).get()


def setting_for_site_id(model: type[S], site_id: int | None = None) -> S:
    """One model's settings for the site, the default site if None (see ``for_site_id``)."""
    site_id = default_site_id() if site_id is None else site_id
    return for_site_id(site_id, model)[0]  # type: ignore[return-value]


def setting_for_request(model: type[S], request: HttpRequest) -> S:
    """The settings of the site serving the request (Wagtail's site lookup, then the cache)."""
    site = Site.find_for_request(request)
    return setting_for_site_id(model, site.pk if site is not None else None)


def _drop(sender: type[BaseSiteSetting], instance: BaseSiteSetting, **kwargs) -> None:
    cache.delete(_key(sender, instance.site_id))


def connect_receivers() -> None:
    """Drop a cached setting when it is saved or deleted (called once, from ``ready``)."""
    for model in apps.get_models():
        if issubclass(model, BaseSiteSetting):
            post_save.connect(_drop, sender=model, dispatch_uid=f"site-setting-{model}")
            post_delete.connect(_drop, sender=model, dispatch_uid=f"site-setting-del-{model}")
