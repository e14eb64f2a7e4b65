"""The embedded page cache's purges reach every process on the machine (no Redis needed)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from broadsheet.core import generations
from tests.support.server import (
    DEMO_ARTICLE_PATH,
    live_server_process,
    new_session,
)


def test_a_bump_from_another_process_is_seen_at_once(tmp_path):
    file = str(tmp_path / "generations")
    before = generations.current(file, "/a/")
    code = (
        "from broadsheet.core import generations\n"
        f"for _ in range(50): generations.bump({file!r}, '/a/')\n"
    )
    runs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(4)]
    assert all(run.wait(60) == 0 for run in runs)
    assert generations.current(file, "/a/") == before + 200  # no increment lost
    assert generations.current(file, "/b/") in (0, before + 200)  # only a shared slot moves


@pytest.mark.slow
def test_a_purge_from_a_shell_reaches_the_embedded_servers_cached_page():
    """`broadsheet shell` (or cron's `broadsheet maintenance`) purges the server's memory cache."""
    with live_server_process("sqlite", workers=1) as server:
        reader = new_session()
        url = f"{server.url}{DEMO_ARTICLE_PATH}"
        reader.get(url, timeout=10)
        assert reader.get(url, timeout=10).headers["X-Page-Cache"] == "hit"
        server.shell(
            "from broadsheet.core.page_cache import purge_paths\n"
            f"purge_paths([{DEMO_ARTICLE_PATH!r}])\n"
        )
        assert reader.get(url, timeout=10).headers["X-Page-Cache"] == "miss"
        assert reader.get(url, timeout=10).headers["X-Page-Cache"] == "hit"
