"""The PostgreSQL store across processes: rules, freshness and faults no single process shows.

Each "process" is either a second ``PostgresStore`` object (its own pool and listener, nothing
shared in Python — what a second app replica has) or a real child process
(``tests/store/pg_worker.py``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Workshop
from tests.pg_cluster import Cluster, free_port
from tests.store.conftest import require_postgres
from tests.store.test_races import NONE, orphans, race
from workbench import services
from workbench.domain.models import StoreFailure, UnknownItem
from workbench.store import Store, open_store

ROOT = Path(__file__).resolve().parents[2]
HEARD_WITHIN = 10.0  # seconds a listener may take to hear of a commit (it takes milliseconds)


def worker(*args: object) -> subprocess.Popen:
    """Start tests/store/pg_worker.py with ``args``; its stdout is a pipe of lines."""
    return subprocess.Popen([sys.executable, "-m", "tests.store.pg_worker", *map(str, args)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_write_in_one_process_refreshes_the_shared_reads_of_another(open_pg):
    """B caches the idea list (0 ideas) and the wall's versions; A adds one idea; once B has
    heard of A's commit, B's shared read returns 1 idea and its versions moved."""
    a, b = open_pg(share_reads=True), open_pg(share_reads=True)
    w = Workshop(a)
    assert len(b.list_ideas(w.id)) == 0
    before_b = b.versions("ideas")
    idea = services.add_idea(a, w.id, w.author.id, "Seen elsewhere")
    assert b.wait_for_versions({"ideas": before_b[0] + 1}, HEARD_WITHIN)
    assert b.versions("ideas") > before_b
    assert b.list_ideas(w.id)["id"].tolist() == [idea]
    assert b.derived(("ideas", w.id), lambda: len(b.list_ideas(w.id))) == 1


def test_a_write_in_a_child_process_refreshes_this_process_s_shared_reads(open_pg, pg_url):
    store = open_pg(share_reads=True)
    w = Workshop(store)
    assert len(store.list_ideas(w.id)) == 0
    before = store.versions("ideas")[0]
    child = worker("ideas", pg_url, w.id, w.author.id)
    first = int(child.stdout.readline())  # acknowledged by the child's store
    child.kill()
    child.wait()
    assert store.wait_for_versions({"ideas": before + 1}, HEARD_WITHIN)
    assert first in store.list_ideas(w.id)["id"].tolist()


def test_two_processes_spending_the_same_voter_s_dots_at_once_stay_within_the_budget(
        open_pg, pg_url):
    """Budget 5; two processes each try 5 dots for Bo at the same moment: 10 tries, exactly
    5 placed and 5 refused, and 5 dots stored."""
    store = open_pg()
    w = Workshop(store)
    idea = w.idea("Dotted")
    start_at = time.time() + 2.0  # both children are connected by then
    children = [worker("dots", pg_url, w.id, w.rater.id, idea, 5, start_at) for _ in range(2)]
    said = [line.strip() for child in children for line in child.communicate(timeout=120)[0]
            .splitlines()]
    assert [child.returncode for child in children] == [0, 0]
    assert sorted(said) == ["placed"] * 5 + ["refused"] * 5
    assert store.my_dots(w.id, w.rater.id, 1)["dots"].tolist() == [5]


def test_a_score_saved_in_one_process_while_another_deletes_the_idea_leaves_no_orphan(
        open_pg, monkeypatch):
    """The racer (store A) is paused after its check, inside its transaction; the delete
    (store B, no Python lock in common) waits for the racer's commit, then deletes the idea
    with the score: saved (1 cell), then deleted, nothing orphaned."""
    a, b = open_pg(), open_pg()
    w = Workshop(a)
    idea = w.idea("Doomed")
    impact = w.criterion("Impact").id
    got = race(monkeypatch, "_require_ideas",
               lambda: services.save_scores(a, w.id, w.rater.id, [(idea, impact, 4)]),
               lambda: services.delete_idea(b, w.id, w.author.id, idea))
    assert got == {"racer": 1, "competitor": None}
    assert orphans(a) == NONE
    with pytest.raises(UnknownItem):
        b.get_idea(idea)


def test_killing_a_writing_process_loses_no_acknowledged_write(open_pg, pg_url):
    """A child adds ideas as fast as it can and prints each id once acknowledged; kill -9
    after 20 acknowledgements: every printed id is stored."""
    store = open_pg()
    w = Workshop(store)
    child = worker("ideas", pg_url, w.id, w.author.id)
    acknowledged = [int(child.stdout.readline()) for _ in range(20)]
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    acknowledged += [int(line) for line in child.stdout.read().split()]  # printed meanwhile
    stored = set(store.list_ideas(w.id)["id"])
    assert len(acknowledged) >= 20
    assert set(acknowledged) <= stored


@pytest.fixture
def own_cluster() -> Callable[[], Cluster]:
    """A cluster of this test's own, which it may stop and start."""
    require_postgres()
    made: list[Cluster] = []

    def make() -> Cluster:
        made.append(Cluster())
        return made[-1]

    yield make
    for cluster in made:
        cluster.remove()


def test_a_stopped_server_gives_a_clear_store_failure_then_the_store_recovers(own_cluster):
    """Stop PostgreSQL mid-session: a read and a write each raise StoreFailure whose message
    says the server cannot be reached (no driver traceback); nothing half-written. Start it
    again: the same store object reads and writes, and holds exactly the two ideas saved
    while the server was up (1 before + 1 after = 2)."""
    cluster = own_cluster()
    store: Store = open_store(cluster.url(), share_reads=True)
    try:
        w = Workshop(store)
        services.add_idea(store, w.id, w.author.id, "Before the outage")
        cluster.stop()
        for attempt in (lambda: store.list_ideas(w.id),
                        lambda: services.add_idea(store, w.id, w.author.id, "Lost")):
            with pytest.raises(StoreFailure) as failure:
                attempt()
            message = str(failure.value)
            assert "cannot be reached" in message
            assert "Traceback" not in message and "psycopg" not in message
        cluster.start()
        services.add_idea(store, w.id, w.author.id, "After the outage")
        assert sorted(store.list_ideas(w.id)["title"]) == ["After the outage",
                                                           "Before the outage"]
    finally:
        store.close()


def test_a_database_url_nobody_answers_gives_a_clear_failure_without_the_password():
    """WORKBENCH_DB pointing at a port nobody listens on: StoreFailure naming the database
    and where it was looked for, never the password."""
    url = f"postgresql://workbench:hunter2@127.0.0.1:{free_port()}/nowhere"
    with pytest.raises(StoreFailure) as failure:
        open_store(url)
    message = str(failure.value)
    assert "Cannot open the database nowhere on 127.0.0.1" in message
    assert "hunter2" not in message and "Traceback" not in message


def test_two_processes_opening_an_empty_database_at_once_migrate_it_once(pg_cluster):
    """Two stores opened at the same moment on a brand-new database: both open, and each
    schema version is recorded exactly once (LATEST_VERSION rows, 1 … LATEST_VERSION)."""
    import threading

    from workbench.store.pg_store import PostgresStore
    from workbench.store.schema import LATEST_VERSION
    pg_cluster.sql("CREATE DATABASE racing_migrations")
    url = pg_cluster.url("racing_migrations")
    opened: list[Store] = []
    barrier = threading.Barrier(2)

    def open_one() -> None:
        barrier.wait()
        opened.append(PostgresStore(url))

    threads = [threading.Thread(target=open_one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    try:
        assert len(opened) == 2
        versions = opened[0].write(lambda cur: [r[0] for r in cur.execute(
            "SELECT version FROM schema_version ORDER BY version").fetchall()], quiet=True)
        assert versions == list(range(1, LATEST_VERSION + 1))
    finally:
        for store in opened:
            store.close()


def test_without_postgresql_the_tests_fail_under_ci_and_skip_elsewhere(monkeypatch):
    import tests.store.conftest as fixtures
    monkeypatch.setattr(fixtures, "postgres_bin", lambda: None)
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="installs Debian's postgresql"):
        fixtures.require_postgres()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y postgresql"):
        fixtures.require_postgres()
