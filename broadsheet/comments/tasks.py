"""Background tasks (django-tasks). With no worker configured they run at once, in-process.

Each task is a thin wrapper around a service, so it can be run and tested synchronously.
"""

from __future__ import annotations

from django_tasks import task

from broadsheet.comments import services
from broadsheet.comments.selectors import comment_settings


@task()
def close_expired_comments() -> int:
    """Switch off comments on articles older than the site's close-after-days; returns how many."""
    return services.articles_close_expired_comments(
        close_after_days=comment_settings().close_after_days
    )


@task()
def anonymise_old_ips() -> int:
    """Anonymise client IPs past the site's retention period; returns how many."""
    return services.comments_anonymise_ips(retention_days=comment_settings().ip_retention_days)


@task()
def retrain_screening(full: bool = False) -> int:
    """Teach the learned screening model the moderators' new decisions; returns its total."""
    from broadsheet.comments.screening import train

    return train(full=full).n_seen


@task()
def rescreen_queue() -> int:
    """Screen the pending comments again (word lists or policy changed); returns how many."""
    from broadsheet.comments.screening import rescreen

    return rescreen()
