"""The database file: data survive reopening, migrations run once, $WORKBENCH_DB picks the file."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from workbench import services
from workbench.domain.models import StoreFailure
from workbench.store import DEFAULT_PATH, DuckDBStore, Store, default_path, schema
from workbench.store import core as store_module

ROOT = Path(__file__).resolve().parents[2]
TABLES = {"schema_version", "workshops", "participants", "segments", "needs", "evidence", "ideas",
          "idea_needs", "criteria", "scores", "votes", "events", "merges", "themes",
          "idea_themes", "idea_vectors", "idea_notes", "decisions",
          "kpis", "idea_kpis", "outcomes", "journey_stages", "feedback"}


def tables_of(store: Store) -> set[str]:
    return {r[0] for r in store.write(lambda cur: cur.execute(
        "SELECT table_name FROM information_schema.tables").fetchall())}


def version_rows(store: Store) -> list[int]:
    return [r[0] for r in store.write(lambda cur: cur.execute(
        "SELECT version FROM schema_version ORDER BY version").fetchall())]


def fill(store: Store) -> dict:
    """A workshop touching every table; returns what a reopened file must still show."""
    wid = services.create_workshop(store, "Persisted workshop", "Goal\nacross lines")
    ann = services.join(store, wid, "Ann")
    seg = services.add_segment(store, wid, ann.id, "Admins", "Roll out to 500 seats")
    need = services.add_need(store, wid, ann.id, seg, "Single sign-on", 5, 1)
    services.add_evidence(store, wid, ann.id, need, "SSO took 3 weeks.", "QBR notes")
    idea = services.add_idea(store, wid, ann.id, "SSO wizard", "Step by step", [need])
    services.set_shortlist(store, wid, ann.id, [idea])
    impact = store.list_criteria(wid)[0]
    services.save_scores(store, wid, ann.id, [(idea, impact.id, 4)])
    return {"workshop": wid, "ann": ann.id, "need": need, "idea": idea, "impact": impact.id}


def test_a_new_file_is_migrated_to_the_latest_version(tmp_path):
    store = DuckDBStore(tmp_path / "new.duckdb")
    try:
        assert store.schema_version() == schema.LATEST_VERSION
        assert version_rows(store) == list(range(1, schema.LATEST_VERSION + 1))
        assert tables_of(store) == TABLES
    finally:
        store.close()


def test_the_store_creates_missing_parent_folders_for_its_file(tmp_path):
    path = tmp_path / "a" / "b" / "workbench.duckdb"
    store = DuckDBStore(path)
    store.close()
    assert path.is_file()


def test_an_empty_duckdb_file_made_elsewhere_is_migrated_on_open(tmp_path):
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    store = DuckDBStore(path)
    try:
        assert store.schema_version() == schema.LATEST_VERSION
        assert tables_of(store) == TABLES
    finally:
        store.close()


def test_data_survive_closing_and_reopening_the_file(tmp_path):
    path = tmp_path / "workbench.duckdb"
    store = DuckDBStore(path)
    ids = fill(store)
    before = {
        "workshops": store.list_workshops(), "ideas": store.list_ideas(ids["workshop"]),
        "needs": store.list_needs(ids["workshop"]), "scores": store.all_scores(ids["workshop"]),
        "evidence": store.list_evidence(ids["workshop"]),
        "participants": store.list_participants(ids["workshop"]),
        "events": store.list_events(ids["workshop"]),
    }
    store.close()

    reopened = DuckDBStore(path)
    try:
        after = {
            "workshops": reopened.list_workshops(), "ideas": reopened.list_ideas(ids["workshop"]),
            "needs": reopened.list_needs(ids["workshop"]),
            "scores": reopened.all_scores(ids["workshop"]),
            "evidence": reopened.list_evidence(ids["workshop"]),
            "participants": reopened.list_participants(ids["workshop"]),
            "events": reopened.list_events(ids["workshop"]),
        }
        for name, frame in before.items():
            assert after[name].equals(frame), name
        assert reopened.get_workshop(ids["workshop"]).goal == "Goal\nacross lines"
        assert reopened.get_idea(ids["idea"]).need_ids == (ids["need"],)
        assert after["scores"]["value"].tolist() == [4.0]
    finally:
        reopened.close()


def test_new_rows_after_reopening_get_fresh_ids(tmp_path):
    path = tmp_path / "workbench.duckdb"
    store = DuckDBStore(path)
    ids = fill(store)
    store.close()
    store = DuckDBStore(path)
    try:
        second = services.add_idea(store, ids["workshop"], ids["ann"], "Another idea")
        assert second > ids["idea"]
        assert len(store.list_ideas(ids["workshop"])) == 2
    finally:
        store.close()


def test_reopening_an_up_to_date_file_applies_no_migration_and_keeps_the_data(tmp_path):
    path = tmp_path / "workbench.duckdb"
    store = DuckDBStore(path)
    ids = fill(store)
    store.close()

    for _ in range(3):
        store = DuckDBStore(path)
        try:
            assert version_rows(store) == list(range(1, schema.LATEST_VERSION + 1))
            assert store.migrate() == schema.LATEST_VERSION  # already there: nothing to do
            assert version_rows(store) == list(range(1, schema.LATEST_VERSION + 1))
            assert store.list_ideas(ids["workshop"])["title"].tolist() == ["SSO wizard"]
        finally:
            store.close()


def test_a_new_migration_is_applied_once_on_the_next_open_and_keeps_the_data(tmp_path,
                                                                           monkeypatch):
    path = tmp_path / "workbench.duckdb"
    store = DuckDBStore(path)
    ids = fill(store)
    store.close()

    extra = (*schema.MIGRATIONS, ("ALTER TABLE ideas ADD COLUMN effort_note VARCHAR",))
    monkeypatch.setattr(store_module, "MIGRATIONS", extra)
    monkeypatch.setattr(store_module, "LATEST_VERSION", len(extra))
    store = DuckDBStore(path)
    try:
        assert store.schema_version() == len(extra)
        assert store.migrate() == len(extra)
        assert version_rows(store) == list(range(1, len(extra) + 1))
        assert store.list_ideas(ids["workshop"])["title"].tolist() == ["SSO wizard"]
        columns = {r[0] for r in store.write(lambda cur: cur.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'ideas'"
        ).fetchall())}
        assert "effort_note" in columns
    finally:
        store.close()


def test_a_failing_migration_is_rolled_back_whole_and_leaves_the_version_alone(tmp_path,
                                                                              monkeypatch):
    path = tmp_path / "workbench.duckdb"
    store = DuckDBStore(path)
    ids = fill(store)
    store.close()

    broken = (*schema.MIGRATIONS, ("CREATE TABLE half_done (x INTEGER)",
                                   "ALTER TABLE no_such_table ADD COLUMN y INTEGER"))
    monkeypatch.setattr(store_module, "MIGRATIONS", broken)
    monkeypatch.setattr(store_module, "LATEST_VERSION", len(broken))
    # The driver's error stays inside the store package; callers see a named domain error.
    with pytest.raises(StoreFailure, match="no_such_table"):
        DuckDBStore(path)

    monkeypatch.undo()
    store = DuckDBStore(path)
    try:
        assert store.schema_version() == schema.LATEST_VERSION
        assert "half_done" not in tables_of(store)
        assert store.list_ideas(ids["workshop"])["title"].tolist() == ["SSO wizard"]
    finally:
        store.close()


def test_committed_writes_survive_a_process_killed_without_closing(tmp_path):
    path = tmp_path / "killed.duckdb"
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from workbench import services
        from workbench.store import DuckDBStore
        store = DuckDBStore({str(path)!r})
        wid = services.create_workshop(store, "Survives kill -9")
        services.add_idea(store, wid, None, "Committed idea")
        print(wid, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == -9, done.stderr
    wid = int(done.stdout.strip())

    store = DuckDBStore(path)
    try:
        assert store.get_workshop(wid).title == "Survives kill -9"
        assert store.list_ideas(wid)["title"].tolist() == ["Committed idea"]
    finally:
        store.close()


def test_the_demo_database_reopens_with_its_workshop_and_needs_no_migration(demo_db):
    store = DuckDBStore(demo_db)
    try:
        assert version_rows(store) == list(range(1, schema.LATEST_VERSION + 1))
        workshops = store.list_workshops()
        assert workshops["is_demo"].tolist() == [True]
        wid = int(workshops["id"].iloc[0])
        assert len(store.list_ideas(wid)) > 0
        assert len(store.all_scores(wid)) > 0
    finally:
        store.close()


# ---- which file ---------------------------------------------------------------------------


def test_workbench_db_environment_variable_picks_the_file(tmp_path, monkeypatch):
    target = tmp_path / "from-env" / "chosen.duckdb"
    monkeypatch.setenv("WORKBENCH_DB", str(target))
    assert default_path() == target

    store = DuckDBStore()
    try:
        assert store.path == target
        services.create_workshop(store, "In the chosen file")
    finally:
        store.close()
    assert target.is_file()

    check = DuckDBStore(target)
    try:
        assert check.list_workshops()["title"].tolist() == ["In the chosen file"]
    finally:
        check.close()


@pytest.mark.parametrize("value", [None, ""])
def test_without_workbench_db_the_file_is_data_workbench_duckdb(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("WORKBENCH_DB", raising=False)
    else:
        monkeypatch.setenv("WORKBENCH_DB", value)
    assert default_path() == DEFAULT_PATH
    assert DEFAULT_PATH == ROOT / "data" / "workbench.duckdb"


def test_an_explicit_path_wins_over_workbench_db(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DB", str(tmp_path / "env.duckdb"))
    store = DuckDBStore(tmp_path / "explicit.duckdb")
    try:
        assert store.path == tmp_path / "explicit.duckdb"
    finally:
        store.close()
    assert not (tmp_path / "env.duckdb").exists()
