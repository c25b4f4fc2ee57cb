"""A second process for the PostgreSQL tests: ``python -m tests.store.pg_worker URL JOB …``.

``dots URL WORKSHOP VOTER IDEA TRIES START_AT``: from START_AT (epoch seconds) on, try to
place TRIES dots; print "placed" or "refused" for each. ``ideas URL WORKSHOP AUTHOR``: add
ideas until killed, printing each one's id once the store acknowledged it.
"""

from __future__ import annotations

import sys
import time

from workbench import services
from workbench.domain.models import VoteRefused
from workbench.store import open_store


def main(argv: list[str]) -> None:
    """Run one job against the database at argv[1]."""
    job, url, workshop = argv[0], argv[1], int(argv[2])
    store = open_store(url)
    if job == "dots":
        voter, idea, tries, start_at = int(argv[3]), int(argv[4]), int(argv[5]), float(argv[6])
        time.sleep(max(0.0, start_at - time.time()))
        for _ in range(tries):
            try:
                services.place_dot(store, workshop, voter, idea)
                print("placed", flush=True)
            except VoteRefused:
                print("refused", flush=True)
    elif job == "ideas":
        author, n = int(argv[3]), 0
        while True:
            n += 1
            idea = services.add_idea(store, workshop, author, f"Burst idea {n}")
            print(idea, flush=True)
    store.close()


if __name__ == "__main__":
    main(sys.argv[1:])
