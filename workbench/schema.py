"""Forward-only schema migrations; index i takes a database from version i to i + 1."""

from __future__ import annotations

# Columns are named *_at, never `at` (a reserved word in DuckDB 2.0). No foreign keys:
# DuckDB cannot cascade and rejects updates of referenced rows, so deletes cascade in
# store transactions instead.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        "CREATE SEQUENCE IF NOT EXISTS ids START 1",
        """CREATE TABLE workshops (
            id BIGINT PRIMARY KEY DEFAULT nextval('ids'),
            title VARCHAR NOT NULL,
            goal VARCHAR NOT NULL DEFAULT '',
            status VARCHAR NOT NULL DEFAULT 'active',
            is_demo BOOLEAN NOT NULL DEFAULT false,
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
            updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
        """CREATE TABLE participants (
            id BIGINT PRIMARY KEY DEFAULT nextval('ids'),
            workshop_id BIGINT NOT NULL,
            name VARCHAR NOT NULL,
            name_key VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
            UNIQUE (workshop_id, name_key))""",
        """CREATE TABLE segments (
            id BIGINT PRIMARY KEY DEFAULT nextval('ids'),
            workshop_id BIGINT NOT NULL,
            name VARCHAR NOT NULL,
            description VARCHAR NOT NULL DEFAULT '',
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
        """CREATE TABLE needs (
            id BIGINT PRIMARY KEY DEFAULT nextval('ids'),
            workshop_id BIGINT NOT NULL,
            segment_id BIGINT NOT NULL,
            statement VARCHAR NOT NULL,
            importance INTEGER NOT NULL,
            satisfaction INTEGER,
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
        """CREATE TABLE evidence (
            id BIGINT PRIMARY KEY DEFAULT nextval('ids'),
            workshop_id BIGINT NOT NULL,
            need_id BIGINT NOT NULL,
            quote VARCHAR NOT NULL,
            source VARCHAR NOT NULL DEFAULT '',
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
        """CREATE TABLE ideas (
            id BIGINT PRIMARY KEY DEFAULT nextval('ids'),
            workshop_id BIGINT NOT NULL,
            title VARCHAR NOT NULL,
            description VARCHAR NOT NULL DEFAULT '',
            author_id BIGINT,
            shortlisted BOOLEAN NOT NULL DEFAULT false,
            merged_into BIGINT,
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
            updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
        """CREATE TABLE idea_needs (
            workshop_id BIGINT NOT NULL,
            idea_id BIGINT NOT NULL,
            need_id BIGINT NOT NULL,
            PRIMARY KEY (idea_id, need_id))""",
        """CREATE TABLE criteria (
            id BIGINT PRIMARY KEY DEFAULT nextval('ids'),
            workshop_id BIGINT NOT NULL,
            name VARCHAR NOT NULL,
            direction VARCHAR NOT NULL,
            scale_min DOUBLE NOT NULL,
            scale_max DOUBLE NOT NULL,
            weight DOUBLE NOT NULL,
            position INTEGER NOT NULL,
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
        # One row per (idea, rater, criterion, round): a person only ever upserts their
        # own rows, so concurrent raters never contend for the same row.
        """CREATE TABLE scores (
            workshop_id BIGINT NOT NULL,
            idea_id BIGINT NOT NULL,
            rater_id BIGINT NOT NULL,
            criterion_id BIGINT NOT NULL,
            round INTEGER NOT NULL DEFAULT 1,
            value DOUBLE NOT NULL,
            updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
            PRIMARY KEY (idea_id, rater_id, criterion_id, round))""",
        # A dot is an appended row, so placing dots never conflicts.
        """CREATE TABLE votes (
            id BIGINT PRIMARY KEY DEFAULT nextval('ids'),
            workshop_id BIGINT NOT NULL,
            idea_id BIGINT NOT NULL,
            voter_id BIGINT NOT NULL,
            round INTEGER NOT NULL DEFAULT 1,
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
        """CREATE TABLE events (
            id BIGINT PRIMARY KEY DEFAULT nextval('ids'),
            workshop_id BIGINT NOT NULL,
            actor_id BIGINT,
            kind VARCHAR NOT NULL,
            detail VARCHAR NOT NULL DEFAULT '{}',
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
    ),
)

LATEST_VERSION = len(MIGRATIONS)
