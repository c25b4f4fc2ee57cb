"""Slowing down wrong join codes and rejoin links: a pure policy and a process-wide registry.

The policy (``wait_seconds``) turns the times of recent failures into a wait. The registry
(``Throttle``, one per process: ``REGISTRY``) keeps those times per *key* across browser
sessions — one key per client address and one per join code — so opening a fresh session
does not start a clean slate, and guessing rejoin tokens for one code is slowed down
whichever addresses the guesses come from.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence

FREE_ATTEMPTS = 3
WINDOW_SECONDS = 300.0
MAX_WAIT_SECONDS = 60.0
# A code is shared by a whole room, so it gets more free failures than one address does:
# a few typos by many people must not lock everybody out.
FREE_PER_CODE = 10
MAX_KEYS = 100_000


def wait_seconds(failures: Sequence[float], now: float, free: int = FREE_ATTEMPTS) -> float:
    """Seconds to wait before the next try, given the times of recent failed tries.

    ``free`` wrong tries are free; after that each further failure doubles the wait from the
    last one (2 s, 4 s, 8 s … capped at 60 s). Failures older than five minutes are forgotten.
    """
    recent = [t for t in failures if now - t < WINDOW_SECONDS]
    extra = len(recent) - free
    if extra < 0:
        return 0.0
    wait = min(MAX_WAIT_SECONDS, 2.0 * 2 ** min(extra, 16))
    return max(0.0, recent[-1] + wait - now)


def address_key(address: str | None) -> str:
    """The registry key of a client address (None: the local machine or unknown)."""
    return f"ip:{address or 'local'}"


def code_key(code: str | None) -> str:
    """The registry key of a (normalised) join code."""
    return f"code:{code or '-'}"


def _free(key: str) -> int:
    return FREE_PER_CODE if key.startswith("code:") else FREE_ATTEMPTS


class Throttle:
    """Failure times per key, shared by every session of the process (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: dict[str, list[float]] = {}

    def wait(self, keys: Iterable[str], now: float) -> float:
        """The longest wait any of ``keys`` must observe before the next try."""
        with self._lock:
            return max((wait_seconds(self._failures.get(k, ()), now, _free(k)) for k in keys),
                       default=0.0)

    def fail(self, keys: Iterable[str], now: float) -> None:
        """Record one failed try under each of ``keys``."""
        with self._lock:
            if len(self._failures) >= MAX_KEYS:
                self._forget_old(now)
            for key in keys:
                times = [t for t in self._failures.get(key, ()) if now - t < WINDOW_SECONDS]
                times.append(now)
                self._failures[key] = times[-64:]

    def clear(self) -> None:
        """Forget every failure (tests)."""
        with self._lock:
            self._failures.clear()

    def _forget_old(self, now: float) -> None:
        for key in [k for k, v in self._failures.items() if not v or now - v[-1] >= WINDOW_SECONDS]:
            del self._failures[key]


REGISTRY = Throttle()
