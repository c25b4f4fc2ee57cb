"""Forward-only schema migrations; index i takes a database from version i to i + 1.

A step is a SQL string or a function of the cursor (for back-fills SQL cannot express).
"""

from __future__ import annotations

from workbench.store.schema_steps import (
    POSTGRES_FOREIGN_KEYS,
    Step,
    backfill_join_codes,
    backfill_stages,
    postgresql_only,
)

# Columns are named *_at, never `at` (a reserved word in DuckDB 2.0). No foreign keys on
# DuckDB: it cannot cascade and rejects updates of referenced rows, so deletes cascade in
# store transactions instead.

MIGRATIONS: tuple[tuple[Step, ...], ...] = (
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
    # v2: live workshops — join codes, facilitator key, phases, blind rounds, dots, timer,
    # anonymity, presence and rejoin tokens.
    (
        "ALTER TABLE workshops ADD COLUMN join_code VARCHAR",
        "ALTER TABLE workshops ADD COLUMN facilitator_key_hash VARCHAR",
        "ALTER TABLE workshops ADD COLUMN live BOOLEAN DEFAULT false",
        "ALTER TABLE workshops ADD COLUMN phase VARCHAR DEFAULT 'diverge'",
        "ALTER TABLE workshops ADD COLUMN revealed BOOLEAN DEFAULT false",
        "ALTER TABLE workshops ADD COLUMN score_round INTEGER DEFAULT 1",
        "ALTER TABLE workshops ADD COLUMN dot_budget INTEGER DEFAULT 5",
        "ALTER TABLE workshops ADD COLUMN dot_cap INTEGER",
        "ALTER TABLE workshops ADD COLUMN anonymous BOOLEAN DEFAULT false",
        "ALTER TABLE workshops ADD COLUMN timer_ends_at TIMESTAMP",
        "ALTER TABLE workshops ADD COLUMN timer_label VARCHAR",
        backfill_join_codes,
        "CREATE UNIQUE INDEX workshops_join_code ON workshops (join_code)",
        "ALTER TABLE participants ADD COLUMN rejoin_token_hash VARCHAR",
        "ALTER TABLE participants ADD COLUMN last_seen_at TIMESTAMP",
        "ALTER TABLE participants ADD COLUMN is_facilitator BOOLEAN DEFAULT false",
    ),
    # v3: the prioritisation engine — rating scales and units, per-workshop engine settings,
    # MoSCoW buckets.
    (
        "ALTER TABLE criteria ADD COLUMN scale VARCHAR DEFAULT 'custom'",
        "ALTER TABLE criteria ADD COLUMN unit VARCHAR DEFAULT ''",
        "ALTER TABLE workshops ADD COLUMN engine VARCHAR DEFAULT '{}'",
        "ALTER TABLE ideas ADD COLUMN moscow VARCHAR",
    ),
    # v4: rater slots — each participant gets 0, 1, 2, … within the workshop and every score
    # row carries its rater's slot, so raters per idea are a bitmask OR, not a DISTINCT.
    (
        "ALTER TABLE participants ADD COLUMN slot INTEGER",
        """UPDATE participants p SET slot = r.k
           FROM (SELECT id, row_number() OVER (PARTITION BY workshop_id ORDER BY id) - 1 AS k
                 FROM participants) r
           WHERE r.id = p.id""",
    ),
    # v5: DuckDB cannot create an index in a transaction that has updated the table, so the
    # slots' uniqueness comes one version later.
    (
        "CREATE UNIQUE INDEX participants_slot ON participants (workshop_id, slot)",
        "ALTER TABLE scores ADD COLUMN rater_slot INTEGER",
        "UPDATE scores s SET rater_slot = p.slot FROM participants p WHERE p.id = s.rater_id",
    ),
    # v6: removed participants keep their row (rater slots are never reused) and are marked.
    (
        "ALTER TABLE participants ADD COLUMN removed_at TIMESTAMP",
    ),
    # merges: what each merge changed, so it can be undone exactly (JSON columns hold the
    # votes moved as [vote id, idea before], refunded votes as full rows, re-pointed ideas).
    (
        """CREATE TABLE merges (
            id BIGINT PRIMARY KEY DEFAULT nextval('ids'),
            workshop_id BIGINT NOT NULL,
            keep_id BIGINT NOT NULL,
            absorbed_ids BIGINT[] NOT NULL,
            title_before VARCHAR NOT NULL,
            description_before VARCHAR NOT NULL,
            shortlisted_before BOOLEAN NOT NULL,
            title_after VARCHAR NOT NULL,
            description_after VARCHAR NOT NULL,
            absorbed_shortlisted BOOLEAN[] NOT NULL,
            tags_gained BIGINT[] NOT NULL,
            votes_moved VARCHAR NOT NULL DEFAULT '[]',
            votes_refunded VARCHAR NOT NULL DEFAULT '[]',
            repointed VARCHAR NOT NULL DEFAULT '[]',
            actor_id BIGINT,
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
            undone_at TIMESTAMP,
            undone_by BIGINT)""",
    ),
    # The need the facilitator asks everyone to brainstorm next (NULL: none).
    (
        "ALTER TABLE workshops ADD COLUMN focus_need_id BIGINT",
    ),
    # Similar ideas: each idea's vector per engine that made it (thresholds differ per
    # engine), recomputed when the text's hash changes; and notes — another person's wording
    # added to an existing idea instead of a duplicate.
    (
        """CREATE TABLE idea_vectors (
            idea_id BIGINT NOT NULL,
            engine VARCHAR NOT NULL,
            text_hash VARCHAR NOT NULL,
            vector FLOAT[] NOT NULL,
            PRIMARY KEY (idea_id, engine))""",
        """CREATE TABLE idea_notes (
            id BIGINT PRIMARY KEY DEFAULT nextval('ids'),
            workshop_id BIGINT NOT NULL,
            idea_id BIGINT NOT NULL,
            author_id BIGINT,
            text VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
    ),
    # Themes: groups of ideas. ``named``: a person gave the name (kept when themes are
    # suggested again); ``pinned``: a person chose the idea's theme (NULL: no theme).
    (
        """CREATE TABLE themes (
            id BIGINT PRIMARY KEY DEFAULT nextval('ids'),
            workshop_id BIGINT NOT NULL,
            name VARCHAR NOT NULL,
            named BOOLEAN NOT NULL DEFAULT false,
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
        """CREATE TABLE idea_themes (
            idea_id BIGINT PRIMARY KEY,
            workshop_id BIGINT NOT NULL,
            theme_id BIGINT,
            pinned BOOLEAN NOT NULL DEFAULT false)""",
    ),
    # Imports: each idea's key and status in its source (a re-import updates by key); the
    # participant holding imported scores is marked so presence never counts it.
    (
        "ALTER TABLE ideas ADD COLUMN source_key VARCHAR",
        "ALTER TABLE ideas ADD COLUMN source_status VARCHAR",
        "ALTER TABLE participants ADD COLUMN imported BOOLEAN DEFAULT false",
    ),
    # Decision log: go / later / no per idea with a rationale; rows are only appended, so the
    # history stays and the latest row of an idea counts.
    (
        """CREATE TABLE decisions (
            id BIGINT PRIMARY KEY DEFAULT nextval('ids'),
            workshop_id BIGINT NOT NULL,
            idea_id BIGINT NOT NULL,
            decision VARCHAR NOT NULL,
            rationale VARCHAR NOT NULL,
            actor_id BIGINT,
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
    ),
    # KPIs; each idea's expected (and, once shipped, measured) change per KPI; the delivery
    # status of selected ideas; the technique card pushed to Brainstorm (NULL: none).
    (
        """CREATE TABLE kpis (
            id BIGINT PRIMARY KEY DEFAULT nextval('ids'),
            workshop_id BIGINT NOT NULL,
            name VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            unit VARCHAR NOT NULL DEFAULT '',
            baseline DOUBLE NOT NULL,
            target DOUBLE NOT NULL,
            direction VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
        """CREATE TABLE idea_kpis (
            idea_id BIGINT NOT NULL,
            kpi_id BIGINT NOT NULL,
            workshop_id BIGINT NOT NULL,
            expected DOUBLE NOT NULL,
            tradeoff BOOLEAN NOT NULL DEFAULT false,
            measured DOUBLE,
            PRIMARY KEY (idea_id, kpi_id))""",
        """CREATE TABLE outcomes (
            idea_id BIGINT PRIMARY KEY,
            workshop_id BIGINT NOT NULL,
            status VARCHAR NOT NULL,
            note VARCHAR NOT NULL DEFAULT '',
            actor_id BIGINT,
            updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
        "ALTER TABLE workshops ADD COLUMN technique VARCHAR",
    ),
    # Journey stages per workshop (defaults back-filled), each need's stage (NULL: not placed);
    # feedback as evidence (NPS 0–10 or CSAT 1–5 score, its need, suggestions rejected); and
    # whether evidence sets need importance.
    (
        """CREATE TABLE journey_stages (
            id BIGINT PRIMARY KEY DEFAULT nextval('ids'),
            workshop_id BIGINT NOT NULL,
            name VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
        backfill_stages,
        "ALTER TABLE needs ADD COLUMN stage_id BIGINT",
        """CREATE TABLE feedback (
            id BIGINT PRIMARY KEY DEFAULT nextval('ids'),
            workshop_id BIGINT NOT NULL,
            text VARCHAR NOT NULL,
            score INTEGER,
            scale VARCHAR,
            given_on DATE,
            segment VARCHAR NOT NULL DEFAULT '',
            source VARCHAR NOT NULL DEFAULT '',
            need_id BIGINT,
            rejected BIGINT[] NOT NULL DEFAULT [],
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
        "ALTER TABLE workshops ADD COLUMN evidence_importance BOOLEAN DEFAULT false",
    ),
    # The foreign keys PostgreSQL can keep (a no-op on DuckDB; see schema_steps).
    (postgresql_only(*POSTGRES_FOREIGN_KEYS),),
)

LATEST_VERSION = len(MIGRATIONS)
