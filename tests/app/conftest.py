"""AppTest fixtures: the real app.py on a private copy of the demo database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from workbench.services.throttle import REGISTRY
from workbench.store import Store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def navigation_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep AppTest in st.navigation mode on every run, as the real server is.

    AppTest resets ``PagesManager.uses_pages_directory`` before each run; because this app
    has a ``pages/`` folder, later runs would then take the legacy multipage path and run the
    page file without app.py (no sidebar). The server sets the flag to False once
    st.navigation has run and never resets it.
    """
    original = PagesManager.__init__

    def init(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture(autouse=True)
def fresh_throttle() -> Iterator[None]:
    """Wrong-code counts are process-wide (per address, per code): each test starts clean."""
    REGISTRY.clear()
    yield
    REGISTRY.clear()


@pytest.fixture
def db(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the app at a fresh copy of the demo database; drop cached stores afterwards."""
    monkeypatch.setenv("WORKBENCH_DB", str(demo_db))
    yield demo_db
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def empty_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the app at a database file that does not exist yet (first start)."""
    path = tmp_path / "first-start.duckdb"
    monkeypatch.setenv("WORKBENCH_DB", str(path))
    yield path
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def app(request: pytest.FixtureRequest) -> Callable[..., AppTest]:
    """Start app.py, optionally named and on a page: ``app("pages/score.py", name="Ann")``.

    Uses the demo copy (``db``) unless the test asked for ``empty_db``.
    """
    if "empty_db" not in request.fixturenames:
        request.getfixturevalue("db")
    def start(page: str | None = None, *, name: str | None = None) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        if name:
            at.session_state["display_name"] = name
        at.run()
        if page:
            at.switch_page(page).run()
        assert not at.exception, at.exception
        return at
    return start


@pytest.fixture
def store(db: Path) -> Store:
    """The same store the app uses (one connection per process, as in production)."""
    from workbench.ui.context import get_store
    return get_store()
