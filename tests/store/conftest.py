"""PostgreSQL fixtures for the store tests: one throwaway cluster per test session, a fresh
database per test, and ``either_store`` for tests that run on both engines.

Each test's database is a copy (CREATE DATABASE … TEMPLATE) of one migrated when the session's
cluster started, so a test pays for a copy, not for the migrations. Without PostgreSQL the
tests are skipped — except under CI=1, where they fail (.ci/run installs it).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.pg_cluster import Cluster, postgres_bin
from workbench.store import DuckDBStore, Store

TEMPLATE = "workbench_template"
_numbers = itertools.count(1)


def require_postgres() -> None:
    """Skip (fail under CI=1) when PostgreSQL's server binaries are missing."""
    if postgres_bin() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is missing; .ci/run installs Debian's postgresql package")
        pytest.skip("PostgreSQL not installed (apt-get install -y postgresql)")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A throwaway cluster holding a migrated template database; removed afterwards."""
    require_postgres()
    cluster = Cluster()
    try:
        from workbench.store.pg_store import PostgresStore
        cluster.sql(f"CREATE DATABASE {TEMPLATE}")
        PostgresStore(cluster.url(TEMPLATE)).close()
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> str:
    """The URL of a new, migrated, empty database for this test."""
    name = f"test_{os.getpid()}_{next(_numbers)}"
    pg_cluster.sql(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    return pg_cluster.url(name)


@pytest.fixture
def open_pg(pg_url: str) -> Iterator[Callable[..., Store]]:
    """Opens PostgresStore objects on this test's database (as separate processes would);
    closes them all at the end."""
    from workbench.store.pg_store import PostgresStore
    opened: list[Store] = []

    def open_one(*, share_reads: bool = False) -> Store:
        store = PostgresStore(pg_url, share_reads=share_reads)
        opened.append(store)
        return store

    yield open_one
    for store in opened:
        store.close()


@pytest.fixture(params=["duckdb", "postgresql"])
def either_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty, migrated store of each implementation in turn."""
    if request.param == "duckdb":
        store: Store = DuckDBStore(tmp_path / "workbench.duckdb")
        yield store
        store.close()
    else:
        yield request.getfixturevalue("open_pg")()
