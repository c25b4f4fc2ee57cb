"""How often each open browser asks for fresh live data (pure).

Every poll is a fragment run on the one server process (~10 ms of CPU that holds the GIL), so
the server's load grows with the number of people. Up to 100 people poll every 2 s (≤ 50 runs a
second, about half a core); a larger workshop polls proportionally less often so that number
stays put instead of the server falling behind and every browser waiting seconds.
"""

from __future__ import annotations

BASE_SECONDS = 2.0
PEOPLE_AT_BASE = 100


def poll_seconds(people: int) -> float:
    """Seconds between polls for a workshop with ``people`` participants."""
    return BASE_SECONDS * max(1.0, people / PEOPLE_AT_BASE)
