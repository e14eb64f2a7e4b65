"""Per-site settings from the cache: read once, dropped when saved or deleted."""

from __future__ import annotations

import pytest
from wagtail.models import Site

from broadsheet.comments.models import CommentSettings
from broadsheet.core import site_settings
from broadsheet.moderation.models import ScreeningPolicy
from broadsheet.news.models import NewsSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_id(db) -> int:
    return Site.objects.get(is_default_site=True).pk


def test_read_once_then_from_the_cache(site_id, django_assert_num_queries):
    rules, policy = site_settings.for_site_id(site_id, CommentSettings, ScreeningPolicy)
    assert rules.max_length == 1000 and policy.auto_approve is False
    with django_assert_num_queries(0):
        again, _ = site_settings.for_site_id(site_id, CommentSettings, ScreeningPolicy)
    assert again.pk == rules.pk


def test_a_saved_setting_is_seen_at_once(site_id):
    rules = site_settings.setting_for_site_id(CommentSettings, site_id)
    stored = CommentSettings.objects.get(pk=rules.pk)
    stored.max_length = 20
    stored.save()
    assert site_settings.setting_for_site_id(CommentSettings, site_id).max_length == 20


def test_a_deleted_setting_comes_back_with_the_defaults(site_id):
    rules = site_settings.setting_for_site_id(CommentSettings, site_id)
    CommentSettings.objects.filter(pk=rules.pk).update(max_length=20)
    CommentSettings.objects.get(pk=rules.pk).delete()
    assert site_settings.setting_for_site_id(CommentSettings, site_id).max_length == 1000
    assert CommentSettings.objects.count() == 1


def test_every_site_setting_model_drops_its_cached_copy(site_id):
    """Receivers are connected for each of the project's site settings, not a fixed list."""
    for model in (CommentSettings, ScreeningPolicy, NewsSettings):
        site_settings.setting_for_site_id(model, site_id)
        model.objects.get(site_id=site_id).save()
        assert site_settings._key(model, site_id) not in site_settings.cache
