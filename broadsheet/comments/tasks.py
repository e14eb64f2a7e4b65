"""Background tasks (django-tasks). With no worker configured they run at once, in-process.

Each task is a thin wrapper around a service, so it can be run and tested synchronously. Each
site's own rules apply to its articles.
"""

from __future__ import annotations

from django_tasks import task

from broadsheet.comments import counts, services


@task()
def close_expired_comments() -> int:
    """Switch off comments on articles older than their site's close-after-days; how many."""
    return sum(
        services.articles_close_expired_comments(
            close_after_days=rules.close_after_days, under_path=path
        )
        for path, rules in services.sites_and_rules()
    )


@task()
def anonymise_old_ips() -> int:
    """Anonymise client IPs past their site's retention period; returns how many."""
    return sum(
        services.comments_anonymise_ips(retention_days=rules.ip_retention_days, under_path=path)
        for path, rules in services.sites_and_rules()
    )


@task()
def recount_comments() -> int:
    """Rebuild every article's approved-comment count from the comments; returns how many."""
    return counts.recount()
