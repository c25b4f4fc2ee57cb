"""The app on PostgreSQL: WORKBENCH_DB set to a postgresql:// URL, the real app.py in AppTest.

The database starts empty (the app creates the demo workshop, as on a first start with a
DuckDB file); the pages must show what they show on DuckDB.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import streamlit as st

from tests.app.test_rank_page import expected_ranking
from tests.app.ui import texts
from tests.store.conftest import pg_cluster, pg_url  # noqa: F401


@pytest.fixture
def db(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:  # noqa: F811
    """Point the app at a new PostgreSQL database; close the app's store afterwards."""
    monkeypatch.setenv("WORKBENCH_DB", pg_url)
    yield pg_url
    from workbench.ui.context import get_store
    get_store().close()
    st.cache_resource.clear()
    st.cache_data.clear()


def test_the_rank_page_on_postgresql_ranks_the_demo_as_on_duckdb(app, store):
    """The demo's known answer (tests/app/test_rank_page.py): "Interactive setup checklist"
    first, 20 shortlisted ideas, 2 raters."""
    at = app("pages/rank.py")
    wid = at.session_state["workshop_id"]
    table = at.dataframe[0].value
    assert table["title"].tolist() == expected_ranking(store, wid).table["title"].tolist()
    assert table["title"].iloc[0] == "Interactive setup checklist"
    assert [m.value for m in at.metric][:2] == ["20", "2"]


def test_the_workshops_page_on_postgresql_lists_the_demo_workshop(app, store):
    at = app("pages/workshops.py")
    titles = store.list_workshops()["title"].tolist()
    assert len(titles) == 1
    assert titles[0] in texts(at) or any(titles[0] in str(d.value) for d in at.dataframe)
