"""Rate limits in the real cache (local memory, or Redis when REDIS_URL is set)."""

from __future__ import annotations

from broadsheet.core.ratelimit import Rate, hit


def test_limit_per_window_and_identity():
    rate = Rate.parse("3/60")
    assert [hit("t", "a", rate, now=1000.0) for _ in range(4)] == [True, True, True, False]
    assert hit("t", "b", rate, now=1000.0)
    assert hit("t", "a", rate, now=1060.0)  # the next window starts afresh


def test_zero_limit_means_unlimited():
    assert all(hit("t", "a", Rate.parse("0/60"), now=5.0) for _ in range(50))
