"""Background tasks: run immediately without a worker, queued in the database with one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from broadsheet.comments import tasks
from broadsheet.comments.models import Comment
from tests.comments.helpers import submit
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_close_expired_comments_switches_off_old_articles(article):
    old = make_article(title="Old story", published=timezone.now() - timedelta(days=45))
    result = tasks.close_expired_comments.enqueue()
    assert result.return_value == 1
    old.refresh_from_db()
    article.refresh_from_db()
    assert (old.comments_open, article.comments_open) == (False, True)


def test_anonymise_old_ips_task(article):
    comment = submit(article, client_ip="203.0.113.99")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(days=90))
    assert tasks.anonymise_old_ips.enqueue().return_value == 1
    comment.refresh_from_db()
    assert comment.client_ip == "203.0.113.0"


def test_maintenance_command_runs_the_jobs(article, capsys):
    call_command("maintenance")
    out = capsys.readouterr().out
    assert "close_expired_comments: SUCCESSFUL" in out
    assert "anonymise_old_ips: SUCCESSFUL" in out
