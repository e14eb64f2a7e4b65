"""Comment submissions per second against a real Broadsheet server, on SQLite and PostgreSQL.

    .venv/bin/python bench/comments.py                       # 2,000 posts per database
    .venv/bin/python bench/comments.py --requests 500 --databases sqlite

For each database a fresh server is set up with tests/support/server.py (the demo newsroom,
gunicorn with one worker per CPU) on 127.0.0.1. Concurrent clients (threads, each with its own
session) fetch their CSRF and form tokens once, as a reader's page does, then post comments as
JSON to the demo article, each with a new idempotency key. Only the POSTs are timed. Rate
limits are off and the minimum form age is 0 so that the server's own work is measured.
Every post must answer 202; the stored pending comments are counted afterwards.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import secrets
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests.support.clients import (  # noqa: E402 - needs the repository on sys.path
    article_form,
    fetch_tokens,
    post_comment,
)
from tests.support.server import live_server_process, new_session  # noqa: E402

TEXTS = (
    "The new timetable suits early shifts, but the last train home is still far too early.",
    "I walked along the harbour wall this morning and the repairs look well under way. "
    "Good to see the steps to the beach open again before the summer.",
    "Could the council publish how much the line cost in the end? The article mentions the "
    "original budget only.",
    "Twenty minutes from the station to the hospital is a real change for people in the east "
    "of the city. Thank you for the clear reporting.",
)
TIME_LIMIT = 600.0  # seconds per database, whatever --requests says


@dataclass
class Result:
    database: str
    workers: int
    threads: int
    clients: int
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    stored: int = 0
    server_cpu: float | None = None  # CPU seconds used by gunicorn's processes during the run
    client_cpu: float = 0.0  # CPU seconds used by this process (the clients) during the run
    machine_busy: float | None = None  # share of all CPUs busy during the run (any process)

    @property
    def cpu_ms_per_post(self) -> float | None:
        if self.server_cpu is None or not self.latencies:
            return None
        return self.server_cpu / len(self.latencies) * 1000

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1]


def run(database: str, *, requests: int, clients: int, workers: int, threads: int) -> Result:
    result = Result(database=database, workers=workers, threads=threads, clients=clients)
    marker = f"bench-{secrets.token_hex(4)}"
    with live_server_process(database, workers=workers, threads=threads, redis=False) as server:
        form = article_form(new_session(), server.url)
        lock = threading.Lock()
        remaining = [requests]
        deadline = time.monotonic() + TIME_LIMIT
        start = threading.Barrier(clients + 1, timeout=60)

        def take() -> bool:
            with lock:
                if remaining[0] <= 0 or time.monotonic() > deadline:
                    return False
                remaining[0] -= 1
                return True

        def client(number: int) -> None:
            with new_session() as session:
                tokens = fetch_tokens(session, server.url)
                # Warm up this client's connection and the server's workers; not counted.
                for i in range(3):
                    post_comment(
                        session,
                        server.url,
                        form,
                        text=f"warm-up {number} {i}",
                        tokens=tokens,
                        idempotency_key=secrets.token_hex(16),
                    )
                start.wait()
                sent = 0
                while take():
                    text = f"{marker} {TEXTS[sent % len(TEXTS)]}"
                    began = time.perf_counter()
                    try:
                        response = post_comment(
                            session,
                            server.url,
                            form,
                            text=text,
                            tokens=tokens,
                            idempotency_key=secrets.token_hex(16),
                            author_name=f"Bench Reader {number}",
                        )
                        outcome = "ok" if response.status_code == 202 else str(response.status_code)
                    except Exception as exc:  # counted and reported
                        outcome = type(exc).__name__
                    elapsed = time.perf_counter() - began
                    with lock:
                        if outcome == "ok":
                            result.latencies.append(elapsed)
                        else:
                            result.errors[outcome] = result.errors.get(outcome, 0) + 1
                    sent += 1

        with ThreadPoolExecutor(clients) as pool:
            futures = [pool.submit(client, n) for n in range(clients)]
            start.wait()
            cpu_before = process_tree_cpu(server.pid)
            client_before = time.process_time()
            machine_before = machine_cpu()
            began = time.perf_counter()
            for future in futures:
                future.result()
            result.seconds = time.perf_counter() - began
            result.client_cpu = time.process_time() - client_before
            machine_after = machine_cpu()
            if machine_before and machine_after:
                busy = machine_after[0] - machine_before[0]
                total = machine_after[1] - machine_before[1]
                result.machine_busy = busy / total if total else None
            cpu_after = process_tree_cpu(server.pid)
            if cpu_before is not None and cpu_after is not None:
                result.server_cpu = cpu_after - cpu_before
        result.stored = len(server.comments(text_prefix=marker))
    return result


def process_tree_cpu(pid: int | None) -> float | None:
    """User + system CPU seconds of ``pid`` and its children (Linux /proc), or None."""
    if pid is None:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        entries = [p for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return None
    for entry in entries:
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        # fields[1] is the parent pid; fields[11], fields[12] are utime and stime in ticks.
        if int(entry) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def machine_cpu() -> tuple[int, int] | None:
    """(busy, total) CPU ticks of the whole machine since boot, from /proc/stat."""
    try:
        with open("/proc/stat") as fh:
            values = [int(v) for v in fh.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def screening_state() -> str:
    path = REPO_ROOT / "broadsheet" / "comments" / "screening.py"
    try:
        data = path.read_bytes()
    except OSError:
        return "screening.py missing"
    digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()[:12]
    return f"comments/screening.py {len(data.splitlines())} lines, sha1 {digest}"


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


COLUMNS = (
    # (heading, width)
    ("database", 10),
    ("clients", 7),
    ("posts", 6),
    ("errors", 6),
    ("stored", 6),
    ("seconds", 7),
    ("posts/s", 7),
    ("p50 ms", 7),
    ("p95 ms", 7),
    ("p99 ms", 7),
    ("max ms", 7),
    ("server cpu", 10),
    ("client cpu", 10),
    ("busy", 5),
)


def _row(r: Result) -> list[str]:
    posts = len(r.latencies)
    return [
        r.database,
        str(r.clients),
        str(posts),
        str(sum(r.errors.values())),
        str(r.stored),
        f"{r.seconds:.1f}",
        f"{r.per_second:.1f}",
        *(f"{r.percentile(p) * 1000:.1f}" for p in (50, 95, 99)),
        f"{max(r.latencies, default=0) * 1000:.1f}",
        f"{r.cpu_ms_per_post:.1f}" if r.cpu_ms_per_post is not None else "-",
        f"{r.client_cpu / max(posts, 1) * 1000:.1f}",
        f"{r.machine_busy:.0%}" if r.machine_busy is not None else "-",
    ]


def print_table(results: list[Result]) -> None:
    def line(cells: list[str]) -> str:
        return " ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, (_, width)) in enumerate(zip(cells, COLUMNS, strict=True))
        )

    header = line([heading for heading, _ in COLUMNS])
    print(header)
    print("-" * len(header))
    for r in results:
        print(line(_row(r)))
    print(
        "server cpu / client cpu: CPU milliseconds per post used by the gunicorn processes "
        "(not PostgreSQL's own)\nand by the clients (this process). They depend little on other "
        "work on the machine; posts/s and latency do.\nbusy: share of all the machine's CPUs "
        "in use during the run, by any process: far above\n(posts/s x (server + client cpu)) "
        "/ CPUs means other work (or PostgreSQL) took CPU from the server."
    )
    for r in results:
        if r.errors:
            print(f"errors on {r.database}: {r.errors}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="posts per database")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--databases", default="sqlite,postgres")
    args = parser.parse_args(argv)
    if not 1 <= args.requests <= 100_000 or not 1 <= args.clients <= 64:
        parser.error("--requests must be 1..100000 and --clients 1..64")

    print(
        f"Broadsheet comment submissions: {args.requests} JSON posts per database, "
        f"{args.clients} clients, gunicorn {args.workers} workers x {args.threads} threads"
    )
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}; {screening_state()}"
    )
    # Other work on the machine takes CPU from the server: say how busy it was.
    print(f"load average before: {load_average()}")
    results = []
    for database in [d.strip() for d in args.databases.split(",") if d.strip()]:
        print(f"... {database}", flush=True)
        results.append(
            run(
                database,
                requests=args.requests,
                clients=args.clients,
                workers=args.workers,
                threads=args.threads,
            )
        )
    print(f"load average after: {load_average()}")
    print()
    print_table(results)
    failed = any(r.errors or r.stored != len(r.latencies) for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
