"""What one app page-cache hit costs inside the process, on the embedded default (no Redis).

    .venv/bin/python bench/page_cache_hit.py              # 20,000 hits, best of 5 rounds
    .venv/bin/python bench/page_cache_hit.py --hits 5000 --rounds 3

A fresh server is set up with tests/support/server.py (the demo newsroom on SQLite, its own
var dir); the hits are then timed in a ``broadsheet shell`` against that database and var dir,
calling ``broadsheet.wsgi.application`` directly (no socket, no HTTP parsing), so the figure
is what the WSGI front and the cache lookup cost. Prints microseconds per hit.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.server import (
    DEMO_ARTICLE_PATH,
    live_server_process,
)

CODE = """
import time
from wsgiref.util import setup_testing_defaults
from broadsheet.wsgi import application

def request():
    environ = {{"REQUEST_METHOD": "GET", "PATH_INFO": {path!r}, "HTTP_HOST": "127.0.0.1"}}
    setup_testing_defaults(environ)
    answer = {{}}
    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=dict(headers))
    body = b"".join(application(environ, start_response))
    return answer, body

request()
answer, body = request()
assert answer["headers"].get("X-Page-Cache") == "hit", answer
best = None
for _ in range({rounds}):
    started = time.perf_counter()
    for _ in range({hits}):
        request()
    elapsed = time.perf_counter() - started
    best = elapsed if best is None else min(best, elapsed)
print(f"page-cache hit: {{best / {hits} * 1e6:.1f}} us per hit (best of {rounds} x {hits}, "
      f"{{len(body)}} bytes)")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hits", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with live_server_process("sqlite", workers=1) as server:
        code = CODE.format(path=DEMO_ARTICLE_PATH, hits=args.hits, rounds=args.rounds)
        print(server.shell(code, timeout=600).strip().splitlines()[-1])


if __name__ == "__main__":
    main()
