"""Migration steps that are functions, not SQL: back-fills, and PostgreSQL-only steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from workbench.domain.journey import DEFAULT_STAGES
from workbench.domain.secrets import new_join_code

Step = str | Callable[[Any], None]  # a migration step: SQL, or a function of the cursor


def backfill_join_codes(cur: Any) -> None:
    """Give every workshop without one a join code (v2)."""
    for (workshop_id,) in cur.execute("SELECT id FROM workshops WHERE join_code IS NULL"
                                      ).fetchall():
        cur.execute("UPDATE workshops SET join_code = ? WHERE id = ?",
                    [new_join_code(), workshop_id])

def backfill_stages(cur: Any) -> None:
    """Give every workshop the default journey stages (the journey migration)."""
    for (workshop_id,) in cur.execute("SELECT id FROM workshops").fetchall():
        cur.executemany("INSERT INTO journey_stages (workshop_id, name, position) VALUES (?, ?, ?)",
                        [[workshop_id, name, k] for k, name in enumerate(DEFAULT_STAGES)])


def postgresql_only(*statements: str) -> Callable[[Any], None]:
    """A step only the PostgreSQL store runs (DuckDB lacks what it needs); on DuckDB the
    version is still counted, so both engines stay at the same version number."""
    def step(cur: Any) -> None:
        if getattr(cur, "dialect", "duckdb") == "postgresql":
            for statement in statements:
                cur.execute(statement)
    return step


def reference(table: str, column: str, target: str) -> str:
    """A deferred foreign key from ``table.column`` to ``target.id``."""
    # Checked at COMMIT: the store deletes children and parents in one transaction, in
    # whatever order reads best.
    return (f"ALTER TABLE {table} ADD CONSTRAINT {table}_{column}_fk FOREIGN KEY ({column}) "
            f"REFERENCES {target} (id) DEFERRABLE INITIALLY DEFERRED")


# The foreign keys PostgreSQL can keep. Not on events (a workshop's deletion is logged after
# it is gone), idea_notes and idea_vectors (kept when their idea or workshop goes),
# workshops.focus_need_id (a deleted need leaves it dangling on purpose) nor ideas.author_id.
POSTGRES_FOREIGN_KEYS: tuple[str, ...] = (
    *(reference(table, "workshop_id", "workshops") for table in (
        "participants", "segments", "needs", "evidence", "ideas", "idea_needs",
        "criteria", "scores", "votes", "merges", "themes", "idea_themes",
        "decisions", "kpis", "idea_kpis", "outcomes", "journey_stages", "feedback")),
    reference("needs", "segment_id", "segments"),
    reference("evidence", "need_id", "needs"),
    reference("idea_needs", "idea_id", "ideas"),
    reference("idea_needs", "need_id", "needs"),
    reference("scores", "idea_id", "ideas"),
    reference("scores", "criterion_id", "criteria"),
    reference("scores", "rater_id", "participants"),
    reference("votes", "idea_id", "ideas"),
    reference("votes", "voter_id", "participants"),
    reference("ideas", "merged_into", "ideas"),
    reference("idea_themes", "idea_id", "ideas"),
    reference("idea_themes", "theme_id", "themes"),
    reference("merges", "keep_id", "ideas"),
    reference("decisions", "idea_id", "ideas"),
    reference("idea_kpis", "idea_id", "ideas"),
    reference("idea_kpis", "kpi_id", "kpis"),
    reference("outcomes", "idea_id", "ideas"),
    reference("needs", "stage_id", "journey_stages"),
    reference("feedback", "need_id", "needs"),
)
