"""Shared pieces of the wrk benchmarks: running wrk, local nginx and gunicorn, tables.

``run_wrk`` drives wrk with a generated Lua script that reports, besides wrk's own numbers,
the latency percentiles (p50, p95, p99, max), the count of answers outside 2xx (3xx included)
and the first such answer. With ``quota`` each wrk thread stops after that many answers, so
two systems can be given exactly the same number of requests; the rate is then measured from
the first request sent to the last answer received.
"""

from __future__ import annotations

import contextlib
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.support.server import HOST, free_port, new_session  # noqa: E402

WRK = shutil.which("wrk") or "/usr/bin/wrk"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BENCH_REDIS_URL = "redis://127.0.0.1:6379/15"
WRK_GRACE = 30.0  # seconds wrk may take beyond its duration before it is killed

_LUA_PRELUDE = r"""
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local function now_us()
  local ts = ffi.new("bench_timespec")
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000000 + tonumber(ts.tv_nsec) / 1000
end

local threads = {}
local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  answered = 0
  non2xx = 0
  first_error = ""
  t_first = 0
  t_last = 0
  quota = __QUOTA__
  done_dir = "__DONE_DIR__"
  __INIT__
end

function response(status, headers, body)
  if quota > 0 and answered >= quota then return end
  answered = answered + 1
  t_last = now_us()
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if first_error == "" then
      first_error = tostring(status) .. " " .. string.sub(body or "", 1, 400)
    end
  end
  if quota > 0 and answered == quota then
    local f = io.open(done_dir .. "/thread-" .. tostring(id), "w")
    if f then f:close() end
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local total, bad, first, last, err = 0, 0, nil, 0, ""
  for _, t in ipairs(threads) do
    total = total + t:get("answered")
    bad = bad + t:get("non2xx")
    local s = t:get("t_first")
    if s and s > 0 and (first == nil or s < first) then first = s end
    local e = t:get("t_last")
    if e and e > last then last = e end
    if err == "" then err = t:get("first_error") or "" end
  end
  local e = summary.errors
  io.write("BENCH answered ", total, "\n")
  io.write("BENCH complete ", summary.requests, "\n")
  io.write("BENCH duration_us ", summary.duration, "\n")
  io.write("BENCH span_us ", (first and last > first) and (last - first) or 0, "\n")
  io.write("BENCH non2xx ", bad, "\n")
  io.write("BENCH socket_errors ", e.connect + e.read + e.write + e.timeout, "\n")
  io.write("BENCH timeouts ", e.timeout, "\n")
  io.write("BENCH p50_us ", latency:percentile(50), "\n")
  io.write("BENCH p95_us ", latency:percentile(95), "\n")
  io.write("BENCH p99_us ", latency:percentile(99), "\n")
  io.write("BENCH max_us ", latency.max, "\n")
  io.write("BENCH first_error ", (string.gsub(err, "[\r\n]+", " ")), "\n")
end
"""

_LUA_REQUEST = r"""
function request()
  if t_first == 0 then t_first = now_us() end
  __REQUEST__
end
"""


@dataclass
class WrkResult:
    label: str
    connections: int
    threads: int
    answered: int = 0
    seconds: float = 0.0
    non2xx: int = 0
    socket_errors: int = 0
    timeouts: int = 0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    first_error: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return self.non2xx + self.socket_errors

    @property
    def cpu_ms_per_request(self) -> float | None:
        """The server's CPU milliseconds per answer, when its CPU time was measured."""
        cpu = self.extra.get("cpu_seconds")
        return cpu * 1000 / self.answered if cpu is not None and self.answered else None


def lua_string(value: str) -> str:
    """A Lua string literal for ``value``."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def wrk_script(
    *, quota: int = 0, done_dir: str = "", init: str = "", request: str | None = None
) -> str:
    """The Lua reporter, with optional per-thread ``init`` code and a ``request()`` body."""
    script = (
        _LUA_PRELUDE.replace("__QUOTA__", str(int(quota)))
        .replace("__DONE_DIR__", done_dir)
        .replace("__INIT__", init)
    )
    if request is not None:
        script += _LUA_REQUEST.replace("__REQUEST__", request)
    return script


def run_wrk(
    url: str,
    *,
    label: str = "",
    duration: float = 10.0,
    connections: int = 32,
    threads: int = 2,
    headers: Mapping[str, str] | None = None,
    init: str = "",
    request: str | None = None,
    quota: int = 0,
    timeout: float = 10.0,
) -> WrkResult:
    """Run wrk against ``url`` and parse its report.

    ``request`` is the body of a Lua ``request()`` (it must return ``wrk.format(...)``); without
    it wrk sends the same GET every time. ``quota`` > 0: each thread stops after that many
    answers (wrk is interrupted once all threads are done; ``duration`` is the upper bound)
    and the rate is answers / (last answer - first request).
    """
    threads = max(1, min(threads, connections))
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as work:
        script_path = Path(work) / "bench.lua"
        script_path.write_text(wrk_script(quota=quota, done_dir=work, init=init, request=request))
        command = [
            WRK,
            "-t",
            str(threads),
            "-c",
            str(connections),
            "-d",
            f"{max(1, round(duration))}s",
            "--timeout",
            f"{max(1, round(timeout))}s",
            "-s",
            str(script_path),
        ]
        for name, value in (headers or {}).items():
            command += ["-H", f"{name}: {value}"]
        command.append(url)
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        try:
            if quota > 0:
                deadline = time.monotonic() + duration + 5
                while process.poll() is None and time.monotonic() < deadline:
                    if len(list(Path(work).glob("thread-*"))) >= threads:
                        process.send_signal(signal.SIGINT)  # wrk reports and exits
                        break
                    time.sleep(0.02)
            output, _ = process.communicate(timeout=duration + WRK_GRACE)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    values: dict[str, str] = {}
    for line in output.splitlines():
        if line.startswith("BENCH "):
            _, key, *rest = line.split(" ", 2)
            values[key] = rest[0] if rest else ""
    if "answered" not in values:
        raise RuntimeError(f"wrk gave no report for {url}:\n{output}")
    span = float(values["span_us"]) / 1e6
    result = WrkResult(
        label=label or url,
        connections=connections,
        threads=threads,
        answered=int(values["complete"]),
        seconds=span if quota > 0 else float(values["duration_us"]) / 1e6,
        non2xx=int(values["non2xx"]),
        socket_errors=int(values["socket_errors"]),
        timeouts=int(values["timeouts"]),
        p50_ms=float(values["p50_us"]) / 1000,
        p95_ms=float(values["p95_us"]) / 1000,
        p99_ms=float(values["p99_us"]) / 1000,
        max_ms=float(values["max_us"]) / 1000,
        first_error=values.get("first_error", "").strip(),
        extra={"output": output},
    )
    if quota > 0:
        result.answered = int(values["answered"])
    return result


def wrk_get(
    url: str,
    *,
    label: str,
    duration: float,
    connections: int,
    threads: int,
    headers: Mapping[str, str] | None = None,
    warmup: float = 2.0,
    server_pid: int | None = None,
) -> WrkResult:
    """A short unmeasured warm-up run, then the measured GET run.

    With ``server_pid`` the CPU time used by that process and its descendants during the
    measured run is kept in ``extra["cpu_seconds"]`` (see ``WrkResult.cpu_ms_per_request``).
    """
    if warmup > 0:
        run_wrk(url, duration=warmup, connections=connections, threads=threads, headers=headers)
    cpu_before = process_tree_cpu(server_pid) if server_pid else 0.0
    result = run_wrk(
        url,
        label=label,
        duration=duration,
        connections=connections,
        threads=threads,
        headers=headers,
    )
    if server_pid:
        result.extra["cpu_seconds"] = process_tree_cpu(server_pid) - cpu_before
    return result


def wrk_alternating(specs: Sequence[dict], *, rounds: int = 2, warmup: float = 2.0) -> list:
    """Measure several targets in turns (A, B, A, B...) and keep each one's best turn.

    Other work on the machine only ever lowers a rate, and taking turns gives every target the
    same chances, so the best turns are the fairest comparison on a shared machine. A spec is
    the keyword arguments of ``wrk_get``; its ``duration`` is shared out over the rounds. Each
    result's ``extra["turns"]`` lists the rates of all its turns.
    """
    rounds = max(1, rounds)
    for spec in specs:
        if warmup > 0:
            run_wrk(
                spec["url"],
                duration=warmup,
                connections=spec["connections"],
                threads=spec["threads"],
                headers=spec.get("headers"),
            )
    best: list[WrkResult | None] = [None] * len(specs)
    turns: list[list[float]] = [[] for _ in specs]
    for _ in range(rounds):
        for index, spec in enumerate(specs):
            result = wrk_get(**{**spec, "duration": spec["duration"] / rounds, "warmup": 0})
            turns[index].append(result.per_second)
            if best[index] is None or result.per_second > best[index].per_second:
                best[index] = result
    for index, result in enumerate(best):
        result.extra["turns"] = turns[index]
    return best


# --- processes ----------------------------------------------------------------------------------


class Process:
    """A child process in its own process group, logged to a file; ``stop()`` ends the group."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        log_path: Path,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ):
        self.command = list(command)
        self.log_path = log_path
        self._log = open(log_path, "ab")  # noqa: SIM115 - closed in stop
        self.process = subprocess.Popen(
            self.command,
            env=dict(env) if env is not None else None,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def wait_http(self, url: str, timeout: float = 60.0) -> None:
        """Wait until ``url`` answers (any status); raise if the process exits first."""
        deadline = time.monotonic() + timeout
        with new_session() as session:
            while time.monotonic() < deadline:
                if not self.running:
                    raise RuntimeError(f"{self.command[0]} exited:\n{self.log_tail()}")
                try:
                    session.get(url, timeout=2)
                    return
                except requests.RequestException:
                    time.sleep(0.1)
        raise RuntimeError(f"{url} did not answer within {timeout}s:\n{self.log_tail()}")

    def stop(self, timeout: float = 10.0) -> None:
        if self.running:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout)
        # The group id is the child's pid (start_new_session): only our own processes.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        if not self._log.closed:
            self._log.close()

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _children(pid: int) -> list[int]:
    found = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                found += [int(c) for c in (task / "children").read_text().split()]
    return found


def process_tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by ``pid`` and its descendants."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        with contextlib.suppress(OSError, ValueError, IndexError):
            stat = Path(f"/proc/{current}/stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            # utime, stime, and cutime, cstime: children that ended (restarted workers)
            total += sum(int(value) for value in fields[11:15])
        todo += _children(current)
    return total / ticks


def readable_tmpdir(prefix: str) -> Path:
    """A temporary directory that services dropping root privileges (nginx) can read."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path


_NGINX_CONF = """\
daemon off;
master_process on;
worker_processes auto;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    default_type text/html;
    client_body_temp_path {tmp}/temp/body;
    proxy_temp_path {tmp}/temp/proxy;
    fastcgi_temp_path {tmp}/temp/fastcgi;
    uwsgi_temp_path {tmp}/temp/uwsgi;
    scgi_temp_path {tmp}/temp/scgi;
    server {{
        listen {host}:{port};
        root {tmp}/www;
        index index.html;
    }}
}}
"""


@dataclass
class StaticServer:
    url: str
    pid: int


@contextlib.contextmanager
def nginx_static(files: Mapping[str, bytes]) -> Iterator[StaticServer]:
    """nginx serving ``files`` (URL path -> bytes; a path ending in / is its index.html)."""
    tmp = readable_tmpdir("bench-nginx-")
    process = None
    try:
        (tmp / "temp").mkdir()
        for url_path, data in files.items():
            relative = url_path.lstrip("/") + ("index.html" if url_path.endswith("/") else "")
            target = tmp / "www" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for path in [tmp, *tmp.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        port = free_port()
        conf = tmp / "nginx.conf"
        conf.write_text(_NGINX_CONF.format(tmp=tmp, host=HOST, port=port))
        process = Process(
            [NGINX, "-c", str(conf), "-p", str(tmp), "-e", str(tmp / "error.log")],
            log_path=tmp / "nginx.log",
        )
        url = f"http://{HOST}:{port}"
        process.wait_http(url + "/", timeout=20)
        yield StaticServer(url=url, pid=process.process.pid)
    finally:
        if process is not None:
            process.stop()
        shutil.rmtree(tmp, ignore_errors=True)


# --- reporting ----------------------------------------------------------------------------------


def _tool_version(command: Sequence[str], pattern: str) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    found = re.search(pattern, done.stdout + done.stderr)
    return found.group(1) if found else "?"


def code_state() -> str:
    """The code measured: the commit, whether the tree differs, a digest of broadsheet/."""
    import hashlib

    head = _tool_version(["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"], r"(\w+)")
    dirty = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "status", "--porcelain", "--", "broadsheet"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    ).stdout.strip()
    digest = hashlib.sha1(usedforsecurity=False)
    for path in sorted((REPO_ROOT / "broadsheet").rglob("*")):
        if path.is_file() and path.suffix in {".py", ".html", ".txt", ".json"}:
            digest.update(str(path.relative_to(REPO_ROOT)).encode())
            digest.update(path.read_bytes())
    changes = " with uncommitted changes" if dirty else ""
    return f"code: commit {head}{changes}; broadsheet/ digest {digest.hexdigest()[:12]}"


def machine_summary() -> str:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    import importlib.metadata as metadata

    wrk = _tool_version([WRK, "-v"], r"wrk (\S+)")
    versions = ", ".join(
        f"{name} {metadata.version(name)}" for name in ("Django", "wagtail", "gunicorn")
    )
    return (
        f"machine: {os.cpu_count()} CPUs ({cpu}), {platform.machine()}, Python "
        f"{platform.python_version()}, {versions}, wrk {wrk}\n{code_state()}"
    )


def cpu_idle(seconds: float = 2.0) -> float:
    """Share of the machine's CPU time that was idle over the next ``seconds`` (0..1)."""

    def sample() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return fields[3] + fields[4], sum(fields)  # idle + iowait, total

    try:
        idle0, total0 = sample()
        time.sleep(seconds)
        idle1, total1 = sample()
    except (OSError, ValueError, IndexError):
        return 1.0
    return (idle1 - idle0) / max(1, total1 - total0)


def check_quiet(threshold: float = 0.9) -> float:
    """Print how idle the machine is; warn when other work shares the CPUs."""
    idle = cpu_idle()
    load = os.getloadavg()[0]
    print(f"before the run: CPU idle {idle:.0%}, 1-minute load average {load:.2f}", flush=True)
    if idle < threshold:
        print(
            "warning: other processes are using the CPUs; the numbers will be lower than on "
            "a quiet machine",
            flush=True,
        )
    return idle


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        pairs = enumerate(zip(row, widths, strict=True))
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in pairs)

    print(line(cells[0]))
    print("  ".join("-" * w for w in widths))
    for row in cells[1:]:
        print(line(row))


def wrk_rows(results: Sequence[WrkResult]) -> list[list[object]]:
    return [
        [
            r.label,
            f"{r.connections}",
            f"{r.answered:,}",
            f"{r.per_second:,.0f}",
            f"{r.p50_ms:.2f}",
            f"{r.p95_ms:.2f}",
            f"{r.p99_ms:.2f}",
            f"{r.max_ms:.1f}",
            "-" if r.cpu_ms_per_request is None else f"{r.cpu_ms_per_request:.2f}",
            f"{r.non2xx}",
            f"{r.socket_errors}",
        ]
        for r in results
    ]


WRK_HEADERS = (
    "run",
    "conns",
    "requests",
    "req/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "max ms",
    "CPU ms/req",
    "non-2xx",
    "sock err",
)


def forget_redis_prefix(redis_url: str, prefix: str) -> int:
    """Delete the keys of one cache prefix (one server's) from a Redis database."""
    import redis

    with contextlib.closing(redis.Redis.from_url(redis_url)) as conn:
        keys = list(conn.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            conn.delete(*keys)
        return len(keys)
