"""CPU per uncached article page and per comment submission, in one process.

    .venv/bin/python bench/article_cpu.py                       # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/article_cpu.py

Process CPU time (``time.process_time``) counts only this process's work, so the figures hold
on a busy machine where wall-clock latency would not. A fresh database (a SQLite file in a
temporary folder, or a new PostgreSQL database dropped afterwards) gets the demo newsroom, one
article with 200 approved comments and one with ``--many`` (110,000 by default) approved
comments, a quarter of each replies; then each page is rendered ``--rounds`` times through
Django's test client with the page cache off, and ``--posts`` comments are submitted through
the submission service with screening on. It prints the median CPU per page and per
submission, and the ratio of the large article's first page to the small one's.

It runs against the code it is started from: with ``PYTHONPATH`` pointing at another checkout
it measures that one (its comment fields and services are looked up, not assumed), which is how
the before/after figures in docs/performance.md were taken.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

from inprocess import drop_database, own_database


def _setup_environment(args) -> str | None:
    os.environ["PAGE_CACHE"] = "0"
    os.environ["COMMENT_RATE_LIMIT"] = "0/60"
    os.environ["COMMENT_MIN_SECONDS"] = "0"
    return own_database("bench-cpu")


def _submit():
    """The submission service of whichever checkout is running."""
    try:
        from broadsheet.comments.submission.service import comment_submit
    except ImportError:
        from broadsheet.comments.services import comment_submit
    return comment_submit


def _fill(article, count: int, *, rng) -> None:
    from django.db import connection
    from django.utils import timezone

    from broadsheet.comments.models import Comment

    fields = {f.name for f in Comment._meta.get_fields()}
    now = timezone.now()
    roots = count - count // 4
    started = {}

    def row(i, parent=None):
        created = now - timedelta(seconds=(count - i) * 5)
        extra = {}
        if "notice_version" in fields:
            extra["notice_version"] = 1
        if "thread_started_at" in fields:
            extra["thread_id"] = parent
            extra["thread_started_at"] = started[parent] if parent else created
        return Comment(
            article=article,
            parent_id=parent,
            author_name=f"Reader {i}",
            text=f"Comment number {i}, with a few words about the article and the harbour.",
            status="approved",
            created_at=created,
            status_changed_at=created,
            idempotency_key=f"bench-cpu-{article.pk}-{i}",
            risk=0.0,
            screening={},
            **extra,
        )

    made = Comment.objects.bulk_create([row(i) for i in range(roots)], batch_size=2000)
    started.update((c.pk, c.created_at) for c in made)
    ids = [c.pk for c in made]
    Comment.objects.bulk_create(
        [row(i, rng.choice(ids)) for i in range(roots, count)], batch_size=2000
    )
    try:
        from broadsheet.comments.counts import recount
    except ImportError:
        pass
    else:
        recount([article.pk])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE comments_comment")


def _cpu(fn, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        began = time.process_time()
        fn()
        times.append((time.process_time() - began) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--many", type=int, default=110_000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--posts", type=int, default=500)
    args = parser.parse_args()
    server_url = os.environ.get("DATABASE_URL", "")
    created = _setup_environment(args)
    try:
        import random

        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client

        from broadsheet.news.models import ArticlePage

        call_command("demo", no_serve=True, verbosity=0)
        rng = random.Random(7)
        small, large = ArticlePage.objects.live().order_by("pk")[:2]
        comment_submit = _submit()
        _fill(small, 200, rng=rng)
        _fill(large, args.many, rng=rng)
        client = Client(SERVER_NAME="127.0.0.1")
        for article in (small, large):
            assert client.get(article.url).status_code == 200
        small_cpu = _cpu(lambda: client.get(small.url), args.rounds)
        large_cpu = _cpu(lambda: client.get(large.url), args.rounds)

        from broadsheet.comments.models import CommentSettings

        version = CommentSettings.objects.first().notice_version
        counter = iter(range(10**9))

        def post():
            n = next(counter)
            comment_submit(
                article_id=small.pk,
                author_name="Bench Reader",
                text=f"A submission for the benchmark, number {n}, about the harbour wall.",
                idempotency_key=f"bench-cpu-post-{n}",
                notice_version=version,
                client_ip=f"198.51.100.{n % 250 + 1}",
            )

        post()
        posts = _cpu(post, args.posts)
        from django.db import connection

        print(
            f"database: {connection.vendor}; checkout: {Path(django.__file__).name and ''}"
            f"{Path(sys.modules['broadsheet'].__file__).parent.parent}"
        )
        small_p50, large_p50 = statistics.median(small_cpu), statistics.median(large_cpu)
        print(f"article, 200 comments:        CPU p50 {small_p50:.2f} ms per page")
        print(
            f"article, {args.many:,} comments: CPU p50 {large_p50:.2f} ms per page "
            f"({large_p50 / small_p50:.2f}x the small one)"
        )
        print(f"submission (screened):         CPU p50 {statistics.median(posts):.2f} ms")
        return 0
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(created, server_url)


if __name__ == "__main__":
    sys.exit(main())
