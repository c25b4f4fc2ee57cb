"""Criteria and the scores raters give on them."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from workbench.domain.models import Criterion, UnknownItem
from workbench.store.core import Cursor, StoreCore, shared

# Grouping first and keeping live ideas after (a semi join on the grouped rows) costs half
# of filtering 2.5 M score rows before grouping.
_MEANS_ONE_WORD = """
    WITH g AS (
        SELECT idea_id, criterion_id, avg(value) AS mean, count(*) AS n,
               bit_or((1::UBIGINT) << rater_slot::UBIGINT) AS mask
        FROM scores WHERE workshop_id = ? AND round = ? GROUP BY ALL),
    live AS (SELECT * FROM g SEMI JOIN ideas i ON i.id = g.idea_id AND i.merged_into IS NULL)
    SELECT l.idea_id, l.criterion_id, l.mean, l.n, r.raters
    FROM live l JOIN (SELECT idea_id, bit_count(bit_or(mask))::BIGINT AS raters
                      FROM live GROUP BY idea_id) r USING (idea_id)"""
# More than 64 slots: one mask per 64-slot word, ORed per (idea, word), bits summed per idea.
_MEANS_ANY_WORDS = """
    WITH g AS (
        SELECT idea_id, criterion_id, rater_slot // 64 AS word, sum(value) AS total,
               count(*) AS n, bit_or((1::UBIGINT) << (rater_slot % 64)::UBIGINT) AS mask
        FROM scores WHERE workshop_id = ? AND round = ? GROUP BY ALL),
    live AS (SELECT * FROM g SEMI JOIN ideas i ON i.id = g.idea_id AND i.merged_into IS NULL),
    per_idea AS (
        SELECT idea_id, sum(bit_count(words)) AS raters
        FROM (SELECT idea_id, bit_or(mask) AS words FROM live GROUP BY idea_id, word)
        GROUP BY idea_id)
    SELECT l.idea_id, l.criterion_id, sum(l.total) / sum(l.n) AS mean, sum(l.n)::BIGINT AS n,
           any_value(r.raters)::BIGINT AS raters
    FROM live l JOIN per_idea r USING (idea_id)
    GROUP BY l.idea_id, l.criterion_id"""
# PostgreSQL has no SEMI JOIN or unsigned 64-bit masks: distinct raters counted plainly.
_MEANS_POSTGRES = """
    WITH live AS (
        SELECT s.idea_id, s.criterion_id, s.rater_id, s.value FROM scores s
        JOIN ideas i ON i.id = s.idea_id AND i.merged_into IS NULL
        WHERE s.workshop_id = ? AND s.round = ?)
    SELECT l.idea_id, l.criterion_id, avg(l.value) AS mean, count(*) AS n, r.raters
    FROM live l JOIN (SELECT idea_id, count(DISTINCT rater_id) AS raters FROM live
                      GROUP BY idea_id) r USING (idea_id)
    GROUP BY l.idea_id, l.criterion_id, r.raters"""


class ScoreRows(StoreCore):
    """Criteria of a workshop and each rater's scores on them."""

    @shared("criteria")
    def list_criteria(self, workshop_id: int) -> list[Criterion]:
        """Criteria of a workshop in display order."""
        rows = self._all("SELECT id, name, direction, scale_min, scale_max, weight, position, "
                         "coalesce(scale, 'custom'), coalesce(unit, '') FROM criteria "
                         "WHERE workshop_id = ? ORDER BY position, id", [workshop_id])
        return [Criterion(int(r[0]), str(r[1]), str(r[2]), float(r[3]), float(r[4]),
                          float(r[5]), int(r[6]), str(r[7]), str(r[8])) for r in rows]

    def add_criterion(self, workshop_id: int, actor_id: int | None, name: str, direction: str,
                      scale_min: float, scale_max: float, weight: float, scale: str = "custom",
                      unit: str = "") -> int:
        """Append a criterion; return its id."""
        def work(cur: Cursor) -> int:
            self._require_workshop(cur, workshop_id)
            position = cur.execute("SELECT coalesce(max(position) + 1, 0) FROM criteria WHERE "
                                   "workshop_id = ?", [workshop_id]).fetchone()[0]
            row = cur.execute("INSERT INTO criteria (workshop_id, name, direction, scale_min, "
                              "scale_max, weight, position, scale, unit) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                              [workshop_id, name, direction, scale_min, scale_max, weight,
                               position, scale, unit]).fetchone()
            self.log(cur, workshop_id, actor_id, "criterion.added", criterion_id=row[0],
                     name=name, direction=direction, weight=weight, scale=scale,
                     scale_min=scale_min, scale_max=scale_max, unit=unit)
            return int(row[0])
        return self.write(work, contended=True, structure="adds")

    def update_criteria(self, workshop_id: int, actor_id: int | None,
                        changes: Sequence[tuple[int, str, str, float]]) -> None:
        """Apply (id, name, direction, weight) to several criteria in one logged transaction."""
        def work(cur: Cursor) -> None:
            self._require_workshop(cur, workshop_id)
            before = {r[0]: r[1:] for r in cur.execute(
                "SELECT id, name, direction, weight FROM criteria WHERE workshop_id = ?",
                [workshop_id]).fetchall()}
            for criterion_id, name, direction, weight in changes:
                if criterion_id not in before:
                    raise UnknownItem("criterion", criterion_id)
                cur.execute("UPDATE criteria SET name = ?, direction = ?, weight = ? WHERE id = ?",
                            [name, direction, weight, criterion_id])
            self.log(cur, workshop_id, actor_id, "criteria.updated",
                     before={k: list(v) for k, v in before.items()},
                     after={c[0]: list(c[1:]) for c in changes})
        self.write(work, contended=True, structure="adds")

    def delete_criterion(self, workshop_id: int, actor_id: int | None, criterion_id: int) -> None:
        """Remove a criterion and the scores given on it."""
        def work(cur: Cursor) -> None:
            cur.execute("DELETE FROM scores WHERE criterion_id = ?", [criterion_id])
            row = cur.execute("DELETE FROM criteria WHERE id = ? AND workshop_id = ? "
                              "RETURNING name", [criterion_id, workshop_id]).fetchone()
            if row is None:
                raise UnknownItem("criterion", criterion_id)
            self.log(cur, workshop_id, actor_id, "criterion.deleted", criterion_id=criterion_id,
                     name=row[0])
        self.write(work, contended=True, structure="removes")


    def save_scores(self, workshop_id: int, rater_id: int,
                    rows: Sequence[tuple[int, int, float | None]], round_no: int = 1) -> int:
        """Upsert this rater's (idea, criterion, value) rows (None clears one); return count."""
        last = {(int(i), int(c)): v for i, c, v in rows}      # a cell given twice: last wins
        keep = [(i, c, v) for (i, c), v in last.items() if v is not None]
        clear = [(i, c) for (i, c), v in last.items() if v is None]

        def work(cur: Cursor) -> int:
            self._require_workshop(cur, workshop_id)
            self._require_ideas(cur, workshop_id, {r[0] for r in rows})
            criteria = {int(r[1]) for r in rows}
            found = {r[0] for r in cur.execute(
                "SELECT id FROM criteria WHERE workshop_id = ? AND list_contains(?, id)",
                [workshop_id, sorted(criteria)]).fetchall()}
            if criteria - found:
                raise UnknownItem("criterion", min(criteria - found))
            slot = cur.execute("SELECT slot FROM participants WHERE id = ? AND workshop_id = ?",
                               [rater_id, workshop_id]).fetchone()
            if slot is None:
                raise UnknownItem("participant", rater_id)
            if clear:
                cur.executemany("DELETE FROM scores WHERE rater_id = ? AND round = ? AND "
                                "idea_id = ? AND criterion_id = ?",
                                [[rater_id, round_no, i, c] for i, c in clear])
            if keep:
                cur.execute("""INSERT INTO scores (workshop_id, idea_id, rater_id, criterion_id,
                                                   round, value, rater_slot)
                               SELECT ?, unnest(?), ?, unnest(?), ?, unnest(?), ?
                               ON CONFLICT (idea_id, rater_id, criterion_id, round)
                               DO UPDATE SET value = excluded.value, updated_at = now()""",
                            [workshop_id, [r[0] for r in keep], rater_id, [r[1] for r in keep],
                             round_no, [float(r[2]) for r in keep], slot[0]])
            self.log(cur, workshop_id, rater_id, "scores.saved", round=round_no,
                     scores=[list(r) for r in rows])
            return len(rows)
        # The same person saving the same new cell from two tabs races on the insert.
        return self.write(work, retry_duplicates=True, structure="adds")

    @shared("scores")
    def scores_of(self, workshop_id: int, rater_id: int, round_no: int = 1) -> pd.DataFrame:
        """One rater's scores: idea_id, criterion_id, value."""
        return self._read("SELECT idea_id, criterion_id, value FROM scores WHERE workshop_id = ? "
                          "AND rater_id = ? AND round = ?", [workshop_id, rater_id, round_no])

    @shared("ideas", "participants", "scores")
    def score_means(self, workshop_id: int, round_no: int = 1) -> pd.DataFrame:
        """Per (idea, criterion) of live ideas: mean, number of ratings, and the idea's raters.

        ``raters`` (distinct people who scored the idea, on any criterion) repeats on each of
        the idea's rows. It is counted without a DISTINCT: each score row carries its rater's
        slot (0, 1, 2, … in the workshop), a group ORs ``1 << slot % 64`` per 64-slot word,
        and an idea's raters are the set bits of its words ORed over the criteria.
        """
        if self.dialect == "postgresql":
            return self._read(_MEANS_POSTGRES, [workshop_id, round_no])
        # Slots are never reused and participants leave only with their workshop, so the
        # highest slot among the participants bounds every score's slot.
        top = self._one("SELECT max(slot) FROM participants WHERE workshop_id = ?",
                        [workshop_id])
        one_word = top is None or top[0] is None or top[0] < 64
        return self._read(_MEANS_ONE_WORD if one_word else _MEANS_ANY_WORDS,
                          [workshop_id, round_no])

    @shared("scores")
    def raters_per_idea(self, workshop_id: int, round_no: int = 1) -> pd.DataFrame:
        """Per idea: how many distinct people scored it."""
        return self._read("SELECT idea_id, count(DISTINCT rater_id) AS raters FROM scores "
                          "WHERE workshop_id = ? AND round = ? GROUP BY idea_id",
                          [workshop_id, round_no])

    @shared("scores")
    def all_scores(self, workshop_id: int, round_no: int = 1) -> pd.DataFrame:
        """Every raw score row (idea_id, rater_id, criterion_id, value) of a round."""
        return self._read("SELECT idea_id, rater_id, criterion_id, value FROM scores "
                          "WHERE workshop_id = ? AND round = ?", [workshop_id, round_no])

    @shared("scores")
    def rater_count(self, workshop_id: int, round_no: int = 1) -> int:
        """How many people have saved at least one score in this round."""
        row = self._one("SELECT count(DISTINCT rater_id) FROM scores WHERE workshop_id = ? AND "
                        "round = ?", [workshop_id, round_no])
        return int(row[0]) if row else 0
