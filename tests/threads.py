"""Running many writers at the same moment, for the concurrency tests."""

from __future__ import annotations

import threading
from collections.abc import Callable


def run_together(jobs: list[Callable[[], None]], timeout: float = 240) -> list[BaseException]:
    """Start every job at the same moment; return the exceptions that escaped any of them."""
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(jobs))

    def wrap(job: Callable[[], None]) -> None:
        try:
            barrier.wait(timeout=30)
            job()
        except BaseException as exc:  # noqa: BLE001 - every escape is a failure to report
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=wrap, args=(job,), daemon=True) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(t.is_alive() for t in threads), "a writer thread hung"
    return errors
