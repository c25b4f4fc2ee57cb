"""Known answers for the DuckDB → PostgreSQL rewrites in ``workbench.store.pg_sql``."""

from __future__ import annotations

import pytest

from workbench.store.pg_sql import to_postgres
from workbench.store.schema import MIGRATIONS


@pytest.mark.parametrize(("duckdb", "postgres"), [
    ("SELECT id FROM ideas WHERE id = ?", "SELECT id FROM ideas WHERE id = %s"),
    ("SELECT rater_slot % 64 FROM scores", "SELECT rater_slot %% 64 FROM scores"),
    ("SELECT 1 WHERE list_contains(?, id)", "SELECT 1 WHERE ((id) = ANY(%s))"),
    ("UPDATE ideas SET shortlisted = list_contains(?, id) WHERE s <> list_contains(?, id)",
     "UPDATE ideas SET shortlisted = ((id) = ANY(%s)) WHERE s <> ((id) = ANY(%s))"),
    ("SELECT 1 WHERE list_contains(m.absorbed_ids, o.id)",
     "SELECT 1 WHERE ((o.id) = ANY(m.absorbed_ids))"),
    ("SELECT list(need_id ORDER BY need_id) FROM t",
     "SELECT array_agg(need_id ORDER BY need_id) FROM t"),
    ("SELECT coalesce(t.need_ids, []) FROM t", "SELECT coalesce(t.need_ids, '{}') FROM t"),
    ("CREATE TABLE x (a BIGINT[] NOT NULL, v FLOAT[], w DOUBLE NOT NULL)",
     "CREATE TABLE x (a BIGINT[] NOT NULL, v REAL[], w DOUBLE PRECISION NOT NULL)"),
], ids=["placeholder", "percent", "list_contains", "two in one", "columns", "list",
        "empty list", "ddl types"])
def test_each_rewrite_gives_the_postgresql_spelling(duckdb, postgres):
    assert to_postgres(duckdb) == postgres


def test_string_literals_are_left_alone_except_for_percent_signs():
    """Inside quotes a ? or list( is text, not SQL; a % is doubled for psycopg."""
    assert to_postgres("SELECT 'list(?) [] 50%' WHERE x = ?") == (
        "SELECT 'list(?) [] 50%%' WHERE x = %s")


def test_the_criteria_table_gets_postgresql_column_types():
    """The first migration's criteria table: three DOUBLE columns, all DOUBLE PRECISION."""
    criteria = next(step for step in MIGRATIONS[0] if "CREATE TABLE criteria" in step)
    sql = to_postgres(criteria)
    assert sql.count("DOUBLE PRECISION") == 3
    assert sql.count("DOUBLE") == 3


def test_a_database_url_is_shown_without_its_password():
    from workbench.store import shown_target
    assert shown_target("postgresql://wb:s3cret@db.local:5432/wb?sslmode=require") == \
        "postgresql://wb:***@db.local:5432/wb?sslmode=require"
    assert shown_target("postgres://u:p@[::1]/d") == "postgres://u:***@[::1]/d"
    assert shown_target("postgresql://wb@db.local/wb") == "postgresql://wb@db.local/wb"
    assert shown_target("data/workbench.duckdb") == "data/workbench.duckdb"
