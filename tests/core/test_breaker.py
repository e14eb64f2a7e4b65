"""``core.breaker``: open for the configured pause after each failure, logged once per outage."""

from __future__ import annotations

import threading
import time

from broadsheet.core.breaker import CircuitBreaker


def test_a_breaker_opens_for_its_seconds_and_closes_by_itself(settings):
    settings.TEST_BREAKER_SECONDS = 0.2
    breaker = CircuitBreaker("TEST_BREAKER_SECONDS", 60)
    assert not breaker.is_open()
    assert breaker.trip() is True
    assert breaker.is_open()
    time.sleep(0.25)
    assert not breaker.is_open()


def test_only_the_failure_that_opens_it_reports_a_new_outage(settings):
    settings.TEST_BREAKER_SECONDS = 0.2
    breaker = CircuitBreaker("TEST_BREAKER_SECONDS", 60)
    assert breaker.trip() is True
    assert breaker.trip() is False  # still the same outage: the caller does not log again
    time.sleep(0.25)
    assert breaker.trip() is True  # a new one


def test_each_failure_extends_the_pause_and_reads_the_setting_then(settings):
    settings.TEST_BREAKER_SECONDS = 0.2
    breaker = CircuitBreaker("TEST_BREAKER_SECONDS", 60)
    breaker.trip()
    time.sleep(0.15)
    settings.TEST_BREAKER_SECONDS = 0.3
    breaker.trip()
    time.sleep(0.15)
    assert breaker.is_open()  # 0.3 s from the second failure, not 0.2 from the first
    time.sleep(0.2)
    assert not breaker.is_open()


def test_the_default_applies_without_the_setting():
    assert CircuitBreaker("NO_SUCH_BREAKER_SETTING", 7).seconds == 7


def test_of_many_threads_failing_at_once_one_reports_the_outage(settings):
    settings.TEST_BREAKER_SECONDS = 5
    breaker = CircuitBreaker("TEST_BREAKER_SECONDS", 60)
    start = threading.Barrier(8)
    reported = []

    def fail() -> None:
        start.wait()
        reported.append(breaker.trip())

    threads = [threading.Thread(target=fail) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert reported.count(True) == 1
