"""Keeping comments over time: anonymising old addresses, closing old articles.

Invariant: nothing here changes what a reader wrote or a comment's status; status changes
belong to ``moderation.transitions``.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from broadsheet.comments.models import Comment, CommentSettings
from broadsheet.comments.selectors import comment_settings
from broadsheet.news.models import ArticlePage
from broadsheet.news.purge import purge_articles


def anonymise_ip(address: str) -> str:
    """Zero the host part: /24 for IPv4, /48 for IPv6."""
    ip = ipaddress.ip_address(address)
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def sites_and_rules() -> list[tuple[str, CommentSettings]]:
    """Each site's tree path with its comment rules: what per-site jobs walk."""
    return [
        (site.root_page.path, comment_settings(site.pk))
        for site in Site.objects.select_related("root_page").order_by("pk")
    ]


def comments_anonymise_ips(
    *, retention_days: int, now: datetime | None = None, under_path: str = ""
) -> int:
    """Anonymise the client IPs of comments older than ``retention_days``; returns how many.

    ``under_path`` limits it to the articles of one site (its root page's tree path).
    """
    cutoff = (now or timezone.now()) - timedelta(days=retention_days)
    count = 0
    stale = Comment.objects.filter(
        created_at__lt=cutoff, ip_anonymised=False, client_ip__isnull=False
    )
    if under_path:
        stale = stale.filter(article__path__startswith=under_path)
    for pk, address in stale.values_list("pk", "client_ip").iterator():
        Comment.objects.filter(pk=pk).update(client_ip=anonymise_ip(address), ip_anonymised=True)
        count += 1
    return count


def articles_close_expired_comments(
    *, close_after_days: int, now: datetime | None = None, under_path: str = ""
) -> int:
    """Switch ``comments_open`` off on live articles published more than N days ago.

    Readers are refused by age anyway (``ArticlePage.comments_accepting``); switching the flag
    records the closure for editors and purges the cached pages that still show the form.
    ``under_path`` limits it to the articles of one site.
    """
    if not close_after_days:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=close_after_days)
    expired = list(
        ArticlePage.objects.live()
        .filter(comments_open=True, first_published_at__lt=cutoff, path__startswith=under_path)
        .values_list("pk", flat=True)
    )
    if expired:
        ArticlePage.objects.filter(pk__in=expired).update(comments_open=False)
        transaction.on_commit(lambda: purge_articles(expired))
    return len(expired)
