"""The ``Store`` contract (tests/store/contract.py) run against ``PostgresStore``.

The same test functions as ``test_contract_duckdb.py``, each on a fresh database of a
throwaway cluster (tests/store/pg_fixtures.py), with private and with shared reads.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.store.contract import *  # noqa: F403
from tests.store.pg_fixtures import open_pg, pg_cluster, pg_url  # noqa: F401
from workbench.store import Store


@pytest.fixture(params=[False, True], ids=["private_reads", "shared_reads"])
def store(request: pytest.FixtureRequest, open_pg: Callable[..., Store]) -> Store:  # noqa: F811
    """An empty, migrated PostgreSQL store on a new database."""
    return open_pg(share_reads=request.param)
