"""``broadsheet serve``: production serving with gunicorn.

Without Redis the cache (pages, rate limits) lives in process memory, which is only correct
for one process, so one worker process with threads is started. With ``REDIS_URL`` every
process shares one cache and the worker count follows the CPU count.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def check_bind(bind: str) -> None:
    """Raise ``CommandError`` with what to do when ``HOST:PORT`` cannot be listened on.

    Checked before anything is printed or executed, so a port already taken is said first
    and plainly, not after "Serving on ..." as gunicorn's own errors.
    """
    host, _, port = bind.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    try:
        port_number = int(port)
    except ValueError:
        raise CommandError(f"--bind {bind!r}: expected HOST:PORT, e.g. 127.0.0.1:8000") from None
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port_number))
        except OSError as error:
            raise CommandError(
                f"Cannot listen on {host}:{port_number}: {error.strerror}. Another server is "
                f"probably using it: stop it, or choose another port, e.g. "
                f"`make demo BIND={host}:{port_number + 1}` or "
                f"`broadsheet serve --bind {host}:{port_number + 1}`."
            ) from None


def gunicorn_argv(*, bind: str, workers: int | None, threads: int | None) -> list[str]:
    cpus = os.cpu_count() or 1
    shared_cache = bool(settings.REDIS_URL)
    if workers is None:
        workers = int(os.environ.get("WEB_CONCURRENCY", 2 * cpus + 1 if shared_cache else 1))
    if threads is None:
        threads = 2 if shared_cache else 8
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "broadsheet.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        # gthread, but a request is read whole in the worker's main loop before a thread
        # runs it: slow clients hold no thread (broadsheet/core/serving.py).
        "--worker-class",
        "broadsheet.core.serving.BufferingThreadWorker",
        "--max-requests",
        "20000",
        "--max-requests-jitter",
        "2000",
        "--graceful-timeout",
        "20",
        "--access-logfile",
        os.environ.get("ACCESS_LOG", "-") or "-",
        # The same peers as the app believes (none by default): gunicorn would otherwise
        # take X-Forwarded-Proto from 127.0.0.1, whoever is behind it.
        "--forwarded-allow-ips",
        ",".join(str(ipaddress.ip_network(p, strict=False)) for p in settings.TRUSTED_PROXIES),
    ]


class Command(BaseCommand):
    help = "Serve Broadsheet with gunicorn (static files through WhiteNoise)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000", help="HOST:PORT")
        parser.add_argument("--workers", type=int, default=None)
        parser.add_argument("--threads", type=int, default=None)
        parser.add_argument(
            "--no-collectstatic", action="store_true", help="Static files are collected already."
        )

    def handle(self, *args, bind: str, workers, threads, no_collectstatic: bool, **options):
        check_bind(bind)
        if not no_collectstatic:
            from django.core.management import call_command

            call_command("collectstatic", interactive=False, verbosity=0)
        argv = gunicorn_argv(bind=bind, workers=workers, threads=threads)
        self.stdout.write(
            f"Serving on http://{bind}/ with {argv[argv.index('--workers') + 1]} worker process(es)"
        )
        self.stdout.flush()
        os.execv(argv[0], argv)  # noqa: S606 - replace this process with gunicorn
