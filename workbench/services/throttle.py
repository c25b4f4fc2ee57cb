"""Slowing down repeated wrong join codes from one session (pure)."""

from __future__ import annotations

from collections.abc import Sequence

FREE_ATTEMPTS = 3
WINDOW_SECONDS = 300.0
MAX_WAIT_SECONDS = 60.0


def wait_seconds(failures: Sequence[float], now: float) -> float:
    """Seconds to wait before the next try, given the times of recent failed tries.

    Three wrong codes are free; after that each further failure doubles the wait from the
    last one (2 s, 4 s, 8 s … capped at 60 s). Failures older than five minutes are forgotten.
    """
    recent = [t for t in failures if now - t < WINDOW_SECONDS]
    extra = len(recent) - FREE_ATTEMPTS
    if extra < 0:
        return 0.0
    wait = min(MAX_WAIT_SECONDS, 2.0 * 2 ** extra)
    return max(0.0, recent[-1] + wait - now)
