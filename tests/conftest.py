"""Shared fixtures: every test that touches the database gets its own real DuckDB file."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench import services
from workbench.domain.models import Participant
from workbench.services.demo import create_demo_workshop
from workbench.store import DuckDBStore, Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh_store(tmp_path: Path) -> Iterator[Store]:
    """An empty, migrated store on a new file in tmp_path."""
    store = DuckDBStore(tmp_path / "workbench.duckdb")
    yield store
    store.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file holding only the demo workshop, built once per test session."""
    path = tmp_path_factory.mktemp("template") / "demo.duckdb"
    store = DuckDBStore(path)
    create_demo_workshop(store)
    store.close()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database file for one test."""
    path = tmp_path / "workbench.duckdb"
    shutil.copy(demo_template, path)
    return path


class Workshop:
    """A small workshop for store tests: one segment, two needs, an author and a rater."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.id = services.create_workshop(store, "Test workshop", "Decide what to build")
        self.author: Participant = services.join(store, self.id, "Ann")
        self.rater: Participant = services.join(store, self.id, "Bo")
        self.segment = services.add_segment(store, self.id, self.author.id, "SMB owners")
        self.need_a = services.add_need(store, self.id, self.author.id, self.segment,
                                       "Fast setup", 5, 2)
        self.need_b = services.add_need(store, self.id, self.author.id, self.segment,
                                       "Import contacts", 4, None)
        self.criteria = store.list_criteria(self.id)

    def idea(self, title: str, needs: tuple[int, ...] = (), shortlist: bool = True) -> int:
        idea_id = services.add_idea(self.store, self.id, self.author.id, title, "", needs)
        if shortlist:
            current = self.store.list_ideas(self.id)
            ids = [int(i) for i in current.loc[current["shortlisted"], "id"]] + [idea_id]
            services.set_shortlist(self.store, self.id, self.author.id, ids)
        return idea_id

    def criterion(self, name: str):
        return next(c for c in self.criteria if c.name == name)


@pytest.fixture
def workshop(fresh_store: Store) -> Workshop:
    """A fresh store with a small workshop in it."""
    return Workshop(fresh_store)
