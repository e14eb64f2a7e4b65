"""Comment submissions: Broadsheet (SQLite, PostgreSQL) against Isso 0.14 (SQLite), with wrk.

    .venv/bin/python bench/isso.py                              # 2,000 comments each
    .venv/bin/python bench/isso.py --comments 500 --systems isso,sqlite

Isso is installed once into its own virtualenv under bench/out/ (``isso==0.14.*``, falling back
to ``0.13.*``; the same gunicorn version as Broadsheet's). It runs as its documentation says
(``gunicorn --preload isso.run``, ISSO_SETTINGS) with moderation on, its guard (rate limit)
off and its SQLite database in a temporary directory. Broadsheet runs through
tests/support/server.py with its rate limit off and a minimum form age of 0. Both get the same
gunicorn flags (2 workers x 4 threads, gthread, no access log) and, in the same run, the same
load from wrk: the same number of comments, the same connections, the same texts (lengths 60
to 600 characters, each made unique), JSON as each one's own script sends it. Broadsheet's
posts carry the CSRF token its page fetches once and, as each new form would, a new form
token (a token stores one comment) and a new idempotency key. The form tokens are signed
in advance with the server's key, so issuing them is not part of the timed load.

Each wrk thread stops after its share of answers; the rate is answers / (last answer - first
request). Every answer must be 202 (both keep a new comment pending) and the stored pending
comments are counted afterwards. All servers run for the whole benchmark; with ``--rounds N``
they take turns N times (each round starting with the next system) and each system's best
turn is shown, which keeps other work on the machine from favouring one of them.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from common import (
    Process,
    WrkResult,
    check_quiet,
    lua_string,
    machine_summary,
    print_table,
    process_tree_cpu,
    run_wrk,
)
from django.core import signing

from broadsheet.comments.submission import guards
from tests.support.clients import (
    article_form,
    fetch_tokens,
)
from tests.support.server import (
    HOST,
    LiveServer,
    free_port,
    live_server_process,
    new_session,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
ISSO_VENV = REPO_ROOT / "bench" / "out" / "isso-venv"
ISSO_VERSIONS = ("0.14.*", "0.13.*")
WORKERS, THREADS = 2, 4
# Broadsheet's comments/s as a multiple of Isso's, in the same run (docs/performance.md).
GOALS = {"SQLite (WAL)": 2.0, "PostgreSQL": 1.5}

# Comment texts of varied lengths, the same for every system (plain ASCII: no JSON escaping).
_SENTENCE = (
    "The new timetable suits early shifts but the last train home is still far too early "
    "for anyone who works in the evening and the council should publish what the line cost "
    "in the end since the article only mentions the original budget and residents deserve "
    "to know where the extra money went while the repairs on the harbour wall look well "
    "under way and it is good to see the steps to the beach open again before the summer "
    "and twenty minutes from the station to the hospital is a real change for people in "
    "the east of the city so thank you for the clear reporting on all of it this week "
)
TEXT_LENGTHS = (60, 120, 200, 300, 450, 600)
TEXTS = tuple((_SENTENCE * 2)[:n].strip() for n in TEXT_LENGTHS)

ISSO_CONF = """\
[general]
dbpath = {tmp}/comments.db
host = http://{host}:{site_port}/
notify = stdout
gravatar = false
latest-enabled = false

[moderation]
enabled = true

[server]
listen = http://{host}:{port}/

[guard]
enabled = false

[admin]
enabled = false
"""

LUA_COMMON_INIT = """
  counter = 0
  texts = {{ {texts} }}
  marker = {marker}
"""

ISSO_REQUEST = """
  counter = counter + 1
  local text = marker .. " " .. id .. "-" .. counter .. " " .. texts[(counter % #texts) + 1]
  local body = '{"text":"' .. text .. '","author":"Bench Reader","email":"",'
    .. '"website":null,"parent":null,"title":"The harbour line opens"}'
  return wrk.format("POST", "/new?uri=%2Fharbour-line-opens%2F",
    {["Content-Type"] = "application/json"}, body)
"""

BROADSHEET_REQUEST = """
  counter = counter + 1
  local text = marker .. " " .. id .. "-" .. counter .. " " .. texts[(counter % #texts) + 1]
  local form_token = form_tokens[id * tokens_per_thread + counter]
  local body = '{"author_name":"Bench Reader","author_email":"","text":"' .. text
    .. '","parent":"","notice_version":' .. notice .. ',"form_token":"' .. form_token
    .. '","idempotency_key":"' .. marker .. "-" .. id .. "-" .. counter .. '","website":""}'
  return wrk.format("POST", api_path, {
    ["Content-Type"] = "application/json",
    ["X-CSRFToken"] = csrf_token,
    ["Cookie"] = "csrftoken=" .. csrf_cookie,
  }, body)
"""


@dataclass
class Target:
    """A running system to post to: where, how, and how to count what it stored."""

    name: str
    detail: str
    url: str
    pid: int
    request: str
    # (marker, wrk threads, posts per thread at most) -> Lua init code
    init: Callable[[str, int, int], str]
    stored: Callable[[str], int]  # marker -> pending comments stored with it


@dataclass
class Turn:
    result: WrkResult
    stored: int
    cpu_seconds: float

    @property
    def cpu_ms_per_comment(self) -> float:
        return self.cpu_seconds * 1000 / self.result.answered if self.result.answered else 0.0


def _pip(venv: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def ensure_isso() -> str:
    """Isso in its own virtualenv (created once); returns the installed version."""
    python = ISSO_VENV / "bin" / "python"
    if python.exists():
        with contextlib.suppress(subprocess.CalledProcessError):
            return subprocess.run(
                [str(python), "-c", "import importlib.metadata as m; print(m.version('isso'))"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
    shutil.rmtree(ISSO_VENV, ignore_errors=True)
    ISSO_VENV.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(ISSO_VENV)], check=True, timeout=300)
    gunicorn = f"gunicorn=={importlib.metadata.version('gunicorn')}"
    failures = []
    for spec in ISSO_VERSIONS:
        print(f"... installing isso=={spec} into {ISSO_VENV}", flush=True)
        done = _pip(ISSO_VENV, f"isso=={spec}", gunicorn)
        if done.returncode == 0:
            return ensure_isso()
        failures.append(f"isso=={spec}:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
        print(f"... isso=={spec} did not install; trying the next version", flush=True)
    raise RuntimeError("Isso could not be installed:\n" + "\n".join(failures))


def lua_texts() -> str:
    return ", ".join(lua_string(text) for text in TEXTS)


def post_load(target: Target, *, count: int, args) -> Turn:
    """wrk posting ``count`` comments (each thread its share) after warm-up posts.

    Each turn has its own marker at the start of every text, to count what was stored.
    """
    threads = min(args.threads, args.connections)
    run_wrk(
        target.url,
        init=target.init(f"warmup-{secrets.token_hex(4)}", threads, args.warmup + args.connections),
        request=target.request,
        quota=args.warmup,
        duration=60,
        connections=args.connections,
        threads=threads,
    )
    marker = f"bench-{secrets.token_hex(4)}"
    quota = max(1, count // threads)
    # A thread sends at most its quota plus the requests in flight when it stops.
    init = target.init(marker, threads, quota + args.connections)
    cpu_before = process_tree_cpu(target.pid)
    result = run_wrk(
        target.url,
        label=f"{target.name} {target.detail}",
        init=init,
        request=target.request,
        quota=quota,
        duration=args.time_limit,
        connections=args.connections,
        threads=threads,
    )
    cpu = process_tree_cpu(target.pid) - cpu_before
    return Turn(result=result, stored=target.stored(marker), cpu_seconds=cpu)


def _common_init(marker: str) -> str:
    return LUA_COMMON_INIT.format(texts=lua_texts(), marker=lua_string(marker))


@contextlib.contextmanager
def isso_target(version: str) -> Iterator[Target]:
    tmp = Path(tempfile.mkdtemp(prefix="bench-isso-"))
    process = None
    try:
        port = free_port()
        conf = tmp / "isso.cfg"
        conf.write_text(ISSO_CONF.format(tmp=tmp, host=HOST, port=port, site_port=free_port()))
        command = [
            str(ISSO_VENV / "bin" / "gunicorn"),
            "isso.run:application",
            "--preload",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--worker-class",
            "gthread",
            "--log-level",
            "warning",
        ]
        process = Process(
            command,
            log_path=tmp / "isso.log",
            env={"ISSO_SETTINGS": str(conf), "PATH": "/usr/bin:/bin"},
            cwd=tmp,
        )
        url = f"http://{HOST}:{port}"
        process.wait_http(f"{url}/info")

        def stored(marker: str) -> int:
            with contextlib.closing(sqlite3.connect(tmp / "comments.db", timeout=30)) as db:
                query = "SELECT count(*) FROM comments WHERE mode = 2 AND text LIKE ?"
                return db.execute(query, [f"{marker} %"]).fetchone()[0]

        yield Target(
            name=f"Isso {version}",
            detail="SQLite (Isso's default settings)",
            url=url,
            pid=process.process.pid,
            request=ISSO_REQUEST,
            init=lambda marker, _threads, _posts: _common_init(marker),
            stored=stored,
        )
    finally:
        if process is not None:
            process.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def broadsheet_target(database: str) -> Iterator[Target]:
    with live_server_process(database, workers=WORKERS, threads=THREADS, redis=False) as server:
        session = new_session()
        form = article_form(session, server.url)
        tokens = fetch_tokens(session, server.url)
        tokens_init = (
            f"  notice = {form.notice_version}\n"
            f"  csrf_token = {lua_string(tokens['csrf_token'])}\n"
            f"  csrf_cookie = {lua_string(session.cookies['csrftoken'])}\n"
            f"  api_path = {lua_string(form.api_url.removeprefix(server.url))}\n"
        )
        yield Target(
            name="Broadsheet",
            detail="SQLite (WAL)" if database == "sqlite" else "PostgreSQL",
            url=server.url,
            pid=server.pid,
            request=BROADSHEET_REQUEST,
            init=lambda marker, threads, posts: (
                _common_init(marker) + tokens_init + _form_tokens_init(server, threads, posts)
            ),
            stored=lambda marker: count_pending(server, marker),
        )


def _form_tokens_init(server: LiveServer, threads: int, posts: int) -> str:
    """Lua for ``posts`` new form tokens per wrk thread, as the token endpoint issues them.

    Every thread gets its own slice (``form_tokens[id * tokens_per_thread + counter]``).
    """
    signer = signing.TimestampSigner(
        key=server.secret_key, salt=guards.FORM_SIGNING_SALT, fallback_keys=[]
    )
    issued = int(time.time()) - 1
    count = posts * threads + 1
    tokens = ", ".join(
        lua_string(signer.sign_object({"t": issued, "n": secrets.token_hex(4)}, compress=False))
        for _ in range(count)
    )
    return f"  tokens_per_thread = {posts}\n  form_tokens = {{ {tokens} }}\n"


def count_pending(server: LiveServer, marker: str) -> int:
    rows = server.sql(
        "SELECT count(*) FROM comments_comment WHERE status = 'pending' "
        "AND substr(text, 1, %s) = %s",
        [len(marker) + 1, marker + " "],
    )
    return int(rows[0][0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--comments", type=int, default=2000, help="timed posts per system")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--warmup", type=int, default=10, help="untimed posts per wrk thread")
    parser.add_argument("--time-limit", type=float, default=180, help="seconds per system, max")
    parser.add_argument("--systems", default="isso,sqlite,postgres")
    parser.add_argument("--rounds", type=int, default=1, help="turns of each system")
    args = parser.parse_args(argv)
    if not 10 <= args.comments <= 50_000 or not 1 <= args.connections <= 64:
        parser.error("--comments must be 10..50000 and --connections 1..64")
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    if set(systems) - {"isso", "sqlite", "postgres"} or not 1 <= args.rounds <= 5:
        parser.error("--systems: isso, sqlite, postgres; --rounds 1..5")

    print(
        f"Comment submissions, {args.comments:,} per system, {args.connections} connections "
        f"(wrk, {args.threads} threads); servers: gunicorn {WORKERS} workers x {THREADS} threads"
    )
    print(machine_summary())
    version = ensure_isso() if "isso" in systems else ""
    turns: dict[str, list[Turn]] = {}
    with contextlib.ExitStack() as stack:
        targets = [
            stack.enter_context(
                isso_target(version) if system == "isso" else broadsheet_target(system)
            )
            for system in systems
        ]
        check_quiet()
        for number in range(args.rounds):
            # Take turns, each round starting one system later, so that none is always first.
            order = targets[number % len(targets) :] + targets[: number % len(targets)]
            for target in order:
                print(f"... round {number + 1}: {target.name} {target.detail}", flush=True)
                turn = post_load(target, count=args.comments, args=args)
                turns.setdefault(f"{target.name}|{target.detail}", []).append(turn)
    runs = []
    for key, system_turns in turns.items():
        name, detail = key.split("|", 1)
        best = max(system_turns, key=lambda t: t.result.per_second)
        runs.append((name, detail, best, system_turns))
    print()
    rows = [
        [
            name,
            detail,
            f"{best.result.answered:,}",
            f"{best.stored:,}",
            f"{best.result.seconds:.1f}",
            f"{best.result.per_second:,.1f}",
            f"{best.result.p50_ms:.1f}",
            f"{best.result.p95_ms:.1f}",
            f"{best.result.p99_ms:.1f}",
            f"{statistics.median(t.cpu_ms_per_comment for t in system_turns):.1f}",
            f"{best.result.non2xx}",
            f"{best.result.socket_errors}",
        ]
        for name, detail, best, system_turns in runs
    ]
    print_table(
        (
            "system",
            "database",
            "answered",
            "stored",
            "seconds",
            "comments/s",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "CPU ms/comment",
            "non-2xx",
            "sock err",
        ),
        rows,
    )
    print(
        f"the best of {args.rounds} turn(s) per system; stored may exceed answered by the posts "
        "in flight when wrk stopped; CPU ms/comment: the server processes' CPU time (user + "
        "system) per answered post, median of the turns, PostgreSQL's own processes not included"
    )
    if args.rounds > 1:
        for name, detail, _, system_turns in runs:
            rates = " / ".join(f"{t.result.per_second:,.1f}" for t in system_turns)
            cpus = " / ".join(f"{t.cpu_ms_per_comment:.1f}" for t in system_turns)
            print(f"  turns of {name} {detail}: {rates} comments/s; CPU {cpus} ms/comment")
    failed = False
    expected = (args.comments // min(args.threads, args.connections)) * min(
        args.threads, args.connections
    )
    for name, detail, _, system_turns in runs:
        for turn in system_turns:
            if turn.result.errors:
                failed = True
                print(f"errors from {name} {detail}: {turn.result.first_error[:300]}")
            if turn.stored < turn.result.answered:
                failed = True
                print(f"{name} {detail}: only {turn.stored} of {turn.result.answered} stored")
            if turn.result.answered < expected:
                failed = True
                print(f"{name} {detail}: wrk stopped early; its output:")
                print(turn.result.extra.get("output", ""))
    isso = next((run for run in runs if run[0].startswith("Isso")), None)
    if isso is not None:
        isso_rate = isso[2].result.per_second
        isso_cpu = statistics.median(t.cpu_ms_per_comment for t in isso[3])
        print()
        print("goals")
        for name, detail, best, system_turns in runs:
            if name.startswith("Isso"):
                continue
            goal = GOALS.get(detail, 1.0)
            ratio = best.result.per_second / isso_rate if isso_rate else 0.0
            cpu = statistics.median(t.cpu_ms_per_comment for t in system_turns)
            turns = " / ".join(
                f"{t.result.per_second / isso_rate:.2f}" if isso_rate else "-" for t in system_turns
            )
            print(
                f"  {'met    ' if ratio >= goal else 'NOT met'}  {name} {detail} at least "
                f"{goal:g} x Isso's comments/s: {ratio:.2f} x (turns against Isso's best: "
                f"{turns}; {cpu / isso_cpu if isso_cpu else 0:.1f} x its CPU per comment)"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
