"""The wrong-code throttle: a process-wide registry per client address and per code."""

from __future__ import annotations

import threading

import pytest

from workbench.services import throttle
from workbench.services.throttle import Throttle, address_key, code_key


def test_a_fresh_session_does_not_start_with_a_clean_slate():
    """Failures are kept per address in the process, not in a browser session."""
    reg = Throttle()
    me = [address_key("203.0.113.7")]
    for t in (100.0, 101.0, 102.0, 103.0):
        reg.fail(me, t)
    assert reg.wait(me, 103.0) == pytest.approx(4.0)
    # "A new session" is nothing but the same address asking again.
    assert reg.wait([address_key("203.0.113.7")], 104.0) == pytest.approx(3.0)
    assert reg.wait([address_key("198.51.100.1")], 104.0) == 0.0


def test_a_code_is_throttled_whichever_addresses_the_tries_come_from():
    reg = Throttle()
    for i in range(throttle.FREE_PER_CODE + 1):
        reg.fail([address_key(f"10.0.0.{i}"), code_key("K7QX2MP")], 100.0 + i)
    now = 100.0 + throttle.FREE_PER_CODE
    assert reg.wait([address_key("10.9.9.9"), code_key("K7QX2MP")], now) == pytest.approx(4.0)
    assert reg.wait([address_key("10.9.9.9"), code_key("ABCDEFG")], now) == 0.0


def test_the_longest_wait_of_the_keys_applies_and_old_failures_are_forgotten():
    reg = Throttle()
    key = [address_key(None)]
    for t in range(8):
        reg.fail(key, float(t))
    assert reg.wait(key, 7.0) == pytest.approx(60.0)
    assert reg.wait(key, 7.0 + throttle.WINDOW_SECONDS) == 0.0


def test_the_registry_is_safe_under_racing_threads():
    reg = Throttle()
    key = [code_key("RACECOD")]

    def fail() -> None:
        for _ in range(200):
            reg.fail(key, 1.0)

    threads = [threading.Thread(target=fail) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert reg.wait(key, 1.0) == pytest.approx(60.0)


def test_the_process_has_one_registry():
    assert isinstance(throttle.REGISTRY, Throttle)
    assert address_key(None) == "ip:local"
