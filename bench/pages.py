"""Article pages per second and per request: front cache, app cache, uncached, with wrk.

    .venv/bin/python bench/pages.py                          # SQLite, then PostgreSQL + Redis
    .venv/bin/python bench/pages.py --databases sqlite --duration 5

For each database a fresh server is set up with tests/support/server.py (the demo newsroom) and
served by ``broadsheet serve`` with its defaults (SQLite: one process with 8 threads and the
cache in memory; PostgreSQL: Redis as the cache and 2 x CPU + 1 processes with 2 threads). The
demo article gets 200 more approved comments (submitted and approved through the services, a
quarter of them replies) and a second article 10,000 approved comments (bulk-inserted, a
quarter of them replies). Then, all with wrk on 127.0.0.1:

  (i)   the article through the nginx front cache (deploy/nginx/, a hit) and through Varnish
        (the shipped VCL, a hit) against nginx serving the same bytes as a static file, in the
        same run (first database only); for reference,
        Varnish with only a backend (its builtin VCL), which shows Varnish's own cost per hit;
  (ii)  the article from the app's own page cache through ``broadsheet serve`` alone, and for
        reference a bare Django view with ``cache_page`` (locmem) under the same gunicorn flags;
        in (i) and (ii) the two take turns (``--rounds``) and each one's best turn counts;
  (iii) the 200-comment article with the page cache off (PAGE_CACHE=0): latency with one
        connection, and the rate with 8;
  (iv)  the 10,000-comment article with the page cache off: its first and its last page of
        threads, latency with one connection.

Every run must answer only 2xx; the script exits non-zero otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from common import (
    BENCH_REDIS_URL,
    WRK_HEADERS,
    Process,
    WrkResult,
    check_quiet,
    forget_redis_prefix,
    machine_summary,
    nginx_static,
    print_table,
    wrk_alternating,
    wrk_get,
    wrk_rows,
)

from tests.support.fronts import (
    nginx_front_process,
    nginx_path,
    varnish_process,
    varnishd_path,
)
from tests.support.server import (
    DEMO_ARTICLE_PATH,
    HOST,
    LiveServer,
    ServerError,
    create_live_server,
    free_port,
    new_session,
)

REPO_ROOT = Path(__file__).resolve().parents[1]

LOADER = r"""
import json, random, time
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from broadsheet.comments.counts import recount
from broadsheet.comments.submission import service as submission
from broadsheet.moderation import services
from broadsheet.comments.models import Comment, CommentStatus
from broadsheet.moderation.models import ModerationDecision
from broadsheet.comments.selectors import comment_settings_for_article_id
from broadsheet.news.models import ArticlePage

SMALL, MANY = __SMALL__, __MANY__
rng = random.Random(7)
WORDS = ("harbour line council station timetable ticket tram bus repairs budget residents "
         "morning evening shift hospital school market bridge ferry weekend reporting").split()

def text(i):
    # 40 to 600 characters, like readers' comments
    length = rng.choice((40, 90, 160, 250, 400, 600))
    words = []
    while sum(len(w) + 1 for w in words) < length:
        words.append(rng.choice(WORDS))
    return f"Comment {i}: " + " ".join(words)

moderator = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
first = ArticlePage.objects.get(slug="__SLUG__")
second = (ArticlePage.objects.live().filter(comments_open=True).exclude(pk=first.pk)
          .order_by("pk").first())
rules = comment_settings_for_article_id(first.pk)
notice, notice_id = rules.notice_version, rules.current_notice_id
began = time.perf_counter()
roots = []
for i in range(SMALL):
    parent = rng.choice(roots) if roots and i % 4 == 3 else None
    result = submission.comment_submit(
        article_id=first.pk, author_name=f"Reader {i}", text=text(i),
        idempotency_key=f"bench-pages-{i}", notice_version=notice, parent_id=parent,
        client_ip=f"192.0.2.{i % 250 + 1}")
    services.comment_approve(comment_id=result.comment.pk, moderator=moderator)
    if parent is None:
        roots.append(result.comment.pk)
small_seconds = time.perf_counter() - began

began = time.perf_counter()
now = timezone.now()
started = {}
def row(i, parent=None):
    created = now - timedelta(seconds=(MANY - i) * 20)
    return Comment(
        article=second, parent_id=parent, thread_id=parent, author_name=f"Reader {i}",
        thread_started_at=started[parent] if parent else created, text=text(i),
        status=CommentStatus.APPROVED, created_at=created, status_changed_at=created,
        client_ip=f"198.51.100.{i % 250 + 1}", idempotency_key=f"bench-many-{i}",
        notice_id=notice_id, risk=round(rng.random() ** 3, 3), screening={})
n_roots = MANY - MANY // 4
made = Comment.objects.bulk_create([row(i) for i in range(n_roots)], batch_size=1000)
root_ids = [c.pk for c in made]
started.update((c.pk, c.created_at) for c in made)
replies = Comment.objects.bulk_create(
    [row(i, rng.choice(root_ids)) for i in range(n_roots, MANY)], batch_size=1000)
ModerationDecision.objects.bulk_create(
    [ModerationDecision(comment=c, moderator=moderator, actor=moderator.get_username(),
                        actor_kind="moderator",
                        created_at=c.created_at, from_status=CommentStatus.PENDING,
                        to_status=CommentStatus.APPROVED) for c in made + replies],
    batch_size=1000)
recount([second.pk])
many_seconds = time.perf_counter() - began

def info(article):
    approved = Comment.objects.filter(article=article, status=CommentStatus.APPROVED)
    return {"id": article.pk, "path": article.url, "approved": approved.count(),
            "roots": approved.filter(parent__isnull=True).count()}

print("BENCH-DATA " + json.dumps({"small": info(first), "many": info(second),
      "small_seconds": small_seconds, "many_seconds": many_seconds}))
"""

REFERENCE_APP = r'''
"""A bare Django project: one view with cache_page (locmem), for reference."""
import os
from pathlib import Path

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="reference-only",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    USE_TZ=True,
    # What `broadsheet serve`'s buffering worker reads (Broadsheet's defaults).
    REQUEST_READ_TIMEOUT=10,
    REQUEST_BUFFER_BYTES=64 * 1024,
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import re_path  # noqa: E402
from django.views.decorators.cache import cache_page  # noqa: E402

BODY = Path(os.environ["REFERENCE_BODY"]).read_bytes()


@cache_page(300)
def article(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [re_path(r"^.*$", article)]
application = get_wsgi_application()
'''


@dataclass
class DatabaseRun:
    database: str
    config: str = ""
    data: dict = field(default_factory=dict)
    results: list[WrkResult] = field(default_factory=list)
    ratio: float | None = None
    floor_ratio: float | None = None
    nginx_ratio: float | None = None
    page_bytes: int = 0


# Varnish's floor: the builtin VCL alone (it caches a page without cookies for its TTL).
BARE_VCL = """vcl 4.1;
backend default { .host = "127.0.0.1"; .port = "8001"; }
"""


def serve_workers(server: LiveServer) -> str:
    found = re.findall(r"with (\d+) worker process", server.log_tail(400))
    threads = re.findall(r"Booting worker with pid", server.log_tail(400))
    return f"{found[-1] if found else '?'} workers ({len(threads)} booted)"


def load_comments(server: LiveServer, *, small: int, many: int) -> dict:
    code = (
        LOADER.replace("__SMALL__", str(small))
        .replace("__MANY__", str(many))
        .replace("__SLUG__", DEMO_ARTICLE_PATH.strip("/"))
    )
    output = server.shell(code, timeout=600)
    line = next(line for line in output.splitlines() if line.startswith("BENCH-DATA "))
    return json.loads(line.removeprefix("BENCH-DATA "))


def fetch(url: str, *, until: tuple[str, str] | None = None) -> tuple[bytes, dict]:
    """GET ``url`` (until a header has a value, e.g. a cache hit); body and headers."""
    with new_session() as session:
        for _ in range(20):
            response = session.get(url, timeout=30)
            if response.status_code != 200:
                raise ServerError(f"{url} answered {response.status_code}")
            if until is None or response.headers.get(until[0], "").lower() == until[1]:
                return response.content, dict(response.headers)
            time.sleep(0.05)
    raise ServerError(f"{url} never answered with {until[0]}: {until[1]}")


def reference_argv(redis: bool, workers_threads: tuple[int | None, int | None]) -> list[str]:
    """gunicorn's command line exactly as ``broadsheet serve`` builds it, for another app."""
    from django.conf import settings

    if not settings.configured:
        settings.configure(REDIS_URL="", TRUSTED_PROXIES=[])
    settings.REDIS_URL = BENCH_REDIS_URL if redis else ""
    from broadsheet.core.management.commands.serve import gunicorn_argv

    workers, threads = workers_threads
    port = free_port()
    argv = gunicorn_argv(bind=f"{HOST}:{port}", workers=workers, threads=threads)
    argv[argv.index("broadsheet.wsgi:application")] = "reference_app:application"
    return argv


@contextlib.contextmanager
def reference_server(body: bytes, path: str, *, redis: bool) -> Iterator[tuple[str, int, str]]:
    """The bare Django reference under ``broadsheet serve``'s gunicorn flags: url, pid, flags."""
    with tempfile.TemporaryDirectory(prefix="bench-reference-") as tmp:
        work = Path(tmp)
        (work / "reference_app.py").write_text(REFERENCE_APP)
        (work / "body.html").write_bytes(body)
        argv = reference_argv(redis, (None, None))
        bind = argv[argv.index("--bind") + 1]
        flags = (
            f"{argv[argv.index('--workers') + 1]} workers x {argv[argv.index('--threads') + 1]} "
            f"threads"
        )
        process = Process(
            [*argv, "--chdir", str(work)],
            log_path=work / "gunicorn.log",
            env={"REFERENCE_BODY": str(work / "body.html"), "PATH": "/usr/bin:/bin"},
            cwd=work,
        )
        try:
            url = f"http://{bind}{path}"
            process.wait_http(url)
            fetch(url)
            yield url, process.process.pid, flags
        finally:
            process.stop()


def run_database(database: str, *, args, with_front: bool) -> DatabaseRun:
    redis = database == "postgres"
    run = DatabaseRun(database=database)
    server = create_live_server(
        database,
        serve=True,
        workers=None,
        threads=None,
        redis=BENCH_REDIS_URL if redis else False,
        env={"PAGE_CACHE": "1"},
    )
    try:
        print(f"... {database}: loading comments", flush=True)
        run.data = load_comments(server, small=args.comments, many=args.many)
        small_path = run.data["small"]["path"]
        many = run.data["many"]
        many_last = -(-many["roots"] // 50)
        server.start()
        run.config = f"broadsheet serve: {serve_workers(server)}, " + (
            "PostgreSQL + Redis" if redis else "SQLite, cache in memory"
        )
        print(f"... {database}: {run.config}", flush=True)
        page_url = f"{server.url}{small_path}"
        fetch(page_url)
        body, _ = fetch(page_url, until=("X-Page-Cache", "hit"))
        run.page_bytes = len(body)

        rate = {"duration": args.duration, "connections": args.connections, "threads": args.threads}
        if with_front:
            print(f"... {database}: (i) nginx, Varnish and nginx static, taking turns", flush=True)
            with (
                varnish_process(server.port) as varnish,
                nginx_front_process(server.port) as nginx_front,
                tempfile.TemporaryDirectory(prefix="bench-vcl-") as work,
            ):
                bare_vcl = Path(work) / "bare.vcl"
                bare_vcl.write_text(BARE_VCL)
                front_url = f"{varnish.url}{small_path}"
                front_body, _ = fetch(front_url, until=("X-Cache", "hit"))
                nginx_front_url = f"{nginx_front.url}{small_path}"
                fetch(nginx_front_url, until=("X-Cache", "hit"))
                with (
                    varnish_process(server.port, vcl=bare_vcl) as bare,
                    nginx_static({small_path: front_body}) as nginx,
                ):
                    fetch(f"{bare.url}{small_path}")
                    nginx_cached, front, floor, static = wrk_alternating(
                        [
                            {
                                "url": nginx_front_url,
                                "label": "(i) nginx front cache (deploy/nginx, hit)",
                                "server_pid": nginx_front.pid,
                                **rate,
                            },
                            {
                                "url": front_url,
                                "label": "(i) Varnish front cache (hit)",
                                "server_pid": varnish.pid,
                                **rate,
                            },
                            {
                                "url": f"{bare.url}{small_path}",
                                "label": "reference: Varnish with only a backend (builtin VCL)",
                                "server_pid": bare.pid,
                                **rate,
                            },
                            {
                                "url": f"{nginx.url}{small_path}",
                                "label": "(i) nginx, same bytes as a static file",
                                "server_pid": nginx.pid,
                                **rate,
                            },
                        ],
                        rounds=args.rounds,
                    )
            run.results += [nginx_cached, front, floor, static]
            run.ratio = front.per_second / static.per_second if static.per_second else 0.0
            run.nginx_ratio = (
                nginx_cached.per_second / static.per_second if static.per_second else 0.0
            )
            run.floor_ratio = floor.per_second / static.per_second if static.per_second else 0.0

        print(f"... {database}: (ii) app page cache and the reference, taking turns", flush=True)
        with reference_server(body, small_path, redis=redis) as (ref_url, ref_pid, flags):
            app, reference = wrk_alternating(
                [
                    {
                        "url": page_url,
                        "label": "(ii) app page cache, broadsheet serve",
                        "server_pid": server.pid,
                        **rate,
                    },
                    {
                        "url": ref_url,
                        "label": f"reference: bare Django cache_page ({flags})",
                        "server_pid": ref_pid,
                        **rate,
                    },
                ],
                rounds=args.rounds,
            )
        run.results += [app, reference]

        print(f"... {database}: (iii)/(iv) page cache off", flush=True)
        server.stop()
        server.env["PAGE_CACHE"] = "0"
        server.start()
        fetch(page_url)
        small_label = f"{run.data['small']['approved']} approved comments"
        run.results.append(
            wrk_get(
                page_url,
                label=f"(iii) uncached article, {small_label}",
                duration=args.latency_duration,
                connections=1,
                threads=1,
                server_pid=server.pid,
            )
        )
        run.results.append(
            wrk_get(
                page_url,
                label=f"(iii) uncached article, {small_label}",
                duration=args.latency_duration,
                connections=8,
                threads=2,
                server_pid=server.pid,
            )
        )
        for page, name in ((1, "first"), (many_last, "last")):
            url = f"{server.url}{many['path']}?comments={page}"
            fetch(url)
            run.results.append(
                wrk_get(
                    url,
                    label=(
                        f"(iv) uncached article, {many['approved']:,} approved comments, "
                        f"{name} page ({page}/{many_last})"
                    ),
                    duration=args.latency_duration,
                    connections=1,
                    threads=1,
                    server_pid=server.pid,
                )
            )
    finally:
        prefix = server.env.get("CACHE_KEY_PREFIX", "")
        server.close()
        if redis and prefix:
            forget_redis_prefix(BENCH_REDIS_URL, prefix)
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--duration", type=float, default=10, help="seconds per rate run")
    parser.add_argument("--latency-duration", type=float, default=8, help="seconds per latency run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--rounds", type=int, default=2, help="turns of each target in (i) and (ii)"
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--comments", type=int, default=200, help="approved comments, (iii)")
    parser.add_argument("--many", type=int, default=10_000, help="approved comments, (iv)")
    args = parser.parse_args(argv)
    if not (1 <= args.duration <= 60 and 1 <= args.latency_duration <= 60):
        parser.error("durations must be 1..60 seconds")
    if not (1 <= args.connections <= 256 and 1 <= args.comments <= 2000):
        parser.error("--connections must be 1..256 and --comments 1..2000")
    if not 50 <= args.many <= 100_000 or not 1 <= args.rounds <= 5:
        parser.error("--many must be 50..100000 and --rounds 1..5")

    print("Broadsheet article pages with wrk on 127.0.0.1")
    print(machine_summary())
    check_quiet()
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    front = varnishd_path() is not None and nginx_path() is not None
    if not front:
        print("varnishd or nginx is not installed: (i) is skipped")
    runs = []
    for index, database in enumerate(databases):
        runs.append(run_database(database, args=args, with_front=front and index == 0))

    failed = False
    for run in runs:
        print()
        print(f"{run.database}: {run.config}; article page {run.page_bytes:,} bytes")
        small, many = run.data["small"], run.data["many"]
        print(
            f"data: {small['approved']} approved comments on {small['path']} "
            f"({run.data['small_seconds']:.1f} s through the services), "
            f"{many['approved']:,} on {many['path']} ({many['roots']:,} threads; "
            f"bulk insert {run.data['many_seconds']:.1f} s)"
        )
        print_table(WRK_HEADERS, wrk_rows(run.results))
        for r in run.results:
            if len(r.extra.get("turns", ())) > 1:
                turns = " / ".join(f"{rate:,.0f}" for rate in r.extra["turns"])
                print(f"  turns of {r.label!r}: {turns} req/s")
        failed |= any(r.errors for r in run.results)
        for r in run.results:
            if r.errors:
                print(f"  errors in {r.label!r}: {r.first_error[:200]}")

    print()
    print("goals")
    checks: list[tuple[str, float, bool]] = []
    notes: list[str] = []
    for run in runs:
        by_label = {r.label: r for r in run.results}
        if run.nginx_ratio is not None:
            name = f"(i) nginx front cache / nginx static req/s >= 0.9 [{run.database}]"
            checks.append((name, run.nginx_ratio, run.nginx_ratio >= 0.9))
        if run.ratio is not None:
            name = f"(i) Varnish / nginx req/s >= 0.8 [{run.database}]"
            checks.append((name, run.ratio, run.ratio >= 0.8))
            notes.append(
                f"(Varnish with only a backend / nginx in the same run: {run.floor_ratio:.2f}; "
                f"the shipped VCL's own cost is the difference) [{run.database}]"
            )
        app = by_label["(ii) app page cache, broadsheet serve"].per_second
        checks.append((f"(ii) app cache req/s >= 2,000 [{run.database}]", app, app >= 2000))
        p50 = next(r for r in run.results if r.label.startswith("(iii)")).p50_ms
        checks.append((f"(iii) uncached p50 ms <= 20 [{run.database}]", p50, p50 <= 20))
    errors = sum(r.errors for run in runs for r in run.results)
    checks.append(("non-2xx and socket errors == 0", errors, errors == 0))
    for name, value, met in checks:
        print(f"  {'met    ' if met else 'NOT met'}  {name}: {value:,.2f}")
    for note in notes:
        print(f"  {note}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
