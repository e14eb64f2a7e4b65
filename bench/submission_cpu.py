"""CPU and instructions per comment submission through the whole Django stack, in one process.

    .venv/bin/python bench/submission_cpu.py                    # SQLite: CPU per submission
    .venv/bin/python bench/submission_cpu.py --instructions     # and instructions (valgrind)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/submission_cpu.py

What ``bench/isso.py`` measures from outside (server CPU per comment), measured inside one
process so that it holds on a busy machine: a fresh database (a SQLite file in a temporary
folder, or a new PostgreSQL database dropped afterwards) gets the demo newsroom, then
``--posts`` comments are posted as the page's script posts them (JSON, the CSRF header, a new
signed form token and idempotency key each, texts of 60 to 360 characters) through Django's
test client and every middleware, with every guard and screening on (rate limit off, minimum
form age 0, as in the Isso benchmark). Every answer must be 202.

It prints the CPU per submission (``time.process_time``; the lowest and the median of blocks
of 50, since other work on the machine only ever adds). ``--instructions`` runs the same posts
again under ``valgrind --tool=callgrind`` with instrumentation switched on for the posts only,
and prints the instructions per submission: the same figure on every run of the same code,
whatever else the machine is doing. ``--profile`` prints cProfile's top functions instead.

Like ``bench/article_cpu.py`` it measures whichever checkout is on ``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from inprocess import drop_database, own_database

BLOCK = 50
WARMUP = 20
TEXT = (
    "The new timetable suits early shifts but the last train home is still far too early for "
    "anyone who works in the evening, and the council should publish what the line cost in the "
    "end since the article only mentions the original budget. Residents deserve to know where "
    "the extra money went; the repairs on the harbour wall look well under way and it is good "
    "to see the steps to the beach open again."
)


def _environment() -> str | None:
    os.environ["COMMENT_RATE_LIMIT"] = "0/60"
    os.environ["COMMENT_MIN_SECONDS"] = "0"
    return own_database("bench-submission")


def _poster():
    """A function posting one comment to the demo's first article (asserting its 202)."""
    import re

    from django.core import signing
    from django.test import Client

    from broadsheet.comments.submission import guards
    from broadsheet.news.models import ArticlePage

    client = Client(enforce_csrf_checks=True, SERVER_NAME="127.0.0.1")
    article = ArticlePage.objects.live().order_by("pk").first()
    page = client.get(article.url).content.decode()
    api = re.search(r'data-api="([^"]+)"', page).group(1)
    notice = int(re.search(r'name="notice_version" value="(\d+)"', page).group(1))
    csrf = client.get("/comments/token/").json()["csrf_token"]
    signer = signing.TimestampSigner(salt=guards.FORM_SIGNING_SALT)
    count = iter(range(10**9))

    def body() -> str:
        n = next(count)
        token = {"t": int(time.time()) - 1, "n": secrets.token_hex(4)}
        return json.dumps(
            {
                "author_name": "Bench Reader",
                "author_email": "",
                "text": f"{secrets.token_hex(3)} {n} {TEXT[: 60 + (n * 97) % 300]}",
                "parent": "",
                "notice_version": notice,
                "form_token": signer.sign_object(token, compress=False),
                "idempotency_key": secrets.token_hex(16),
                "website": "",
            }
        )

    def post(data: str) -> None:
        answer = client.post(api, data, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
        if answer.status_code != 202:
            raise SystemExit(f"answer {answer.status_code}: {answer.content[:300]!r}")

    return body, post


def _wait_for(path: Path) -> None:
    while not path.exists():
        time.sleep(0.05)


def _measure(args) -> None:
    body, post = _poster()
    bodies = [body() for _ in range(WARMUP + args.posts)]
    for data in bodies[:WARMUP]:
        post(data)
    timed = bodies[WARMUP:]
    if args.signals:  # under callgrind: the parent switches instrumentation on and off
        signals = Path(args.signals)
        (signals / "ready").touch()
        _wait_for(signals / "go")
        for data in timed:
            post(data)
        (signals / "done").touch()
        _wait_for(signals / "stop")
        return
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile(time.process_time)
        profile.runcall(lambda: [post(data) for data in timed])
        stats = pstats.Stats(profile).sort_stats(os.environ.get("BENCH_SORT", "cumulative"))
        stats.print_stats(int(os.environ.get("BENCH_TOP", "40")))
        if os.environ.get("BENCH_CALLERS"):
            stats.print_callers(os.environ["BENCH_CALLERS"])
        return
    blocks = []
    for start in range(0, len(timed), BLOCK):
        chunk = timed[start : start + BLOCK]
        began = time.process_time()
        for data in chunk:
            post(data)
        blocks.append((time.process_time() - began) * 1000 / len(chunk))
    print(
        f"submission, whole stack: CPU {min(blocks):.2f} ms lowest, "
        f"{statistics.median(blocks):.2f} ms median of {len(blocks)} blocks of {BLOCK}"
    )


def _control(pid: int, instrumentation: str) -> None:
    command = ["callgrind_control", "-i", instrumentation, str(pid)]
    subprocess.run(command, check=True, capture_output=True, timeout=60)


def _instructions(args) -> None:
    """Run the posts under callgrind (instrumented only while posting); print Ir per post."""
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("--instructions needs valgrind (Debian's valgrind package)")
    signals = Path(tempfile.mkdtemp(prefix="bench-callgrind-"))
    out = signals / "callgrind.out"
    command = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        f"--callgrind-out-file={out}",
        sys.executable,
        __file__,
        "--posts",
        str(args.posts),
        "--signals",
        str(signals),
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(signals / "ready")
        subprocess.run(
            ["callgrind_control", "-i", "on", str(child.pid)], check=True, capture_output=True
        )
        (signals / "go").touch()
        _wait_for(signals / "done")
        subprocess.run(
            ["callgrind_control", "-i", "off", str(child.pid)], check=True, capture_output=True
        )
        (signals / "stop").touch()
        _, errors = child.communicate(timeout=600)
    finally:
        if child.poll() is None:
            child.kill()
    if child.returncode != 0:
        raise SystemExit(errors.decode()[-2000:])
    totals = [line for line in out.read_text().splitlines() if line.startswith("totals:")]
    total = int(totals[0].split()[1])
    print(f"submission, whole stack: {total / args.posts / 1e6:.2f} M instructions (callgrind)")
    shutil.rmtree(signals, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--instructions", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--signals", help=argparse.SUPPRESS)
    args = parser.parse_args()
    server_url = os.environ.get("DATABASE_URL", "")
    created = _environment()
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        with contextlib.redirect_stdout(io.StringIO()):
            call_command("demo", no_serve=True, verbosity=0)
        if not args.signals:
            checkout = Path(sys.modules["broadsheet"].__file__).parent.parent
            print(f"database: {connection.vendor}; checkout: {checkout}")
        _measure(args)
        if args.instructions and not args.signals:
            from django.db import connections

            connections.close_all()
            drop_database(created, server_url)
            created = None
            os.environ["DATABASE_URL"] = server_url
            _instructions(argparse.Namespace(posts=min(args.posts, 100)))
        return 0
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(created, server_url)


if __name__ == "__main__":
    sys.exit(main())
