"""Imported backlogs: ideas upserted by source key, labels, and the "Imported" rater's scores."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from workbench.domain.models import UnknownItem
from workbench.domain.validate import name_skeleton
from workbench.store.core import Cursor, StoreCore, shared
from workbench.store.import_interface import IMPORTED_NAME, ImportBatch

_NEED_SEGMENT = "Imported labels"
_NEED_IMPORTANCE = 3


class ImportRows(StoreCore):
    """One import = one transaction: criteria, rater, ideas, labels, scores, one event."""

    @shared("ideas")
    def import_keys(self, workshop_id: int) -> dict[str, int]:
        """Source key → id of every idea an import made (merged-away ones included)."""
        return {str(k): int(i) for k, i in self._all(
            "SELECT source_key, id FROM ideas WHERE workshop_id = ? AND source_key IS NOT NULL",
            [workshop_id])}

    @shared("participants")
    def imported_rater(self, workshop_id: int) -> int | None:
        """The participant that holds imported scores, if an import made one."""
        row = self._one("SELECT id FROM participants WHERE workshop_id = ? AND imported "
                        "ORDER BY id LIMIT 1", [workshop_id])
        return int(row[0]) if row else None

    def apply_import(self, workshop_id: int, actor_id: int | None, batch: ImportBatch
                     ) -> dict[str, int]:
        """Add or update every idea of ``batch`` with its labels and scores, all or nothing."""
        def work(cur: Cursor) -> dict[str, int]:
            self._require_workshop(cur, workshop_id)
            refs, added_criteria = _criteria(cur, workshop_id, batch)
            rater, slot = _rater(cur, workshop_id)
            ids, counts = _ideas(cur, workshop_id, rater, batch)
            if batch.themes:
                _themes(cur, workshop_id, ids, batch.themes)
            if batch.needs:
                _needs(cur, workshop_id, ids, batch.needs)
            scores = [(ids[i], refs[ref], float(v)) for i, ref, v in batch.scores
                      if ids[i] is not None]
            if scores:
                frame = pd.DataFrame(scores, columns=["idea_id", "criterion_id", "value"])
                cur.register("imported_scores", frame)
                cur.execute("""INSERT INTO scores (workshop_id, idea_id, rater_id, criterion_id,
                                                   round, value, rater_slot)
                               SELECT ?, idea_id, ?, criterion_id, ?, value, ?
                               FROM imported_scores
                               ON CONFLICT (idea_id, rater_id, criterion_id, round)
                               DO UPDATE SET value = excluded.value, updated_at = now()""",
                            [workshop_id, rater, batch.round_no, slot])
                cur.unregister("imported_scores")
            counts.update(criteria_added=added_criteria, scores=len(scores))
            self.log(cur, workshop_id, actor_id, "import", **dict(batch.detail), **counts)
            return counts
        return self.write(work, contended=True, structure="adds")


def _criteria(cur: Cursor, workshop_id: int, batch: ImportBatch) -> tuple[dict[str, int], int]:
    """Criterion id per reference, adding the new ones (a name that exists by now is reused)."""
    current = {str(n).casefold(): int(i) for i, n in cur.execute(
        "SELECT id, name FROM criteria WHERE workshop_id = ?", [workshop_id]).fetchall()}
    missing = set(batch.criteria.values()) - set(current.values())
    if missing:
        raise UnknownItem("criterion", min(missing))
    refs = dict(batch.criteria)
    position = cur.execute("SELECT coalesce(max(position) + 1, 0) FROM criteria WHERE "
                           "workshop_id = ?", [workshop_id]).fetchone()[0]
    added = 0
    for ref, (name, direction, low, high, scale, unit) in batch.new_criteria.items():
        if name.casefold() in current:
            refs[ref] = current[name.casefold()]
            continue
        refs[ref] = current[name.casefold()] = int(cur.execute(
            "INSERT INTO criteria (workshop_id, name, direction, scale_min, scale_max, weight, "
            "position, scale, unit) VALUES (?, ?, ?, ?, ?, 1.0, ?, ?, ?) RETURNING id",
            [workshop_id, name, direction, low, high, position + added, scale, unit]
        ).fetchone()[0])
        added += 1
    if batch.only_imported_weights and refs:
        cur.execute("""UPDATE criteria SET weight = CASE WHEN NOT list_contains(?, id) THEN 0
                                                     WHEN weight > 0 THEN weight ELSE 1 END
                       WHERE workshop_id = ?""", [sorted(set(refs.values())), workshop_id])
    return refs, added


def _rater(cur: Cursor, workshop_id: int) -> tuple[int, int]:
    """(id, slot) of the workshop's "Imported" participant, created on the first import."""
    row = cur.execute("SELECT id, slot FROM participants WHERE workshop_id = ? AND imported "
                      "ORDER BY id LIMIT 1", [workshop_id]).fetchone()
    if row is not None:
        return int(row[0]), int(row[1])
    taken = {name_skeleton(str(n)) for (n,) in cur.execute(
        "SELECT name FROM participants WHERE workshop_id = ?", [workshop_id]).fetchall()}
    name = IMPORTED_NAME
    for extra in ("(file)", "(import)", "(backlog)"):
        if name_skeleton(name) not in taken:
            break
        name = f"{IMPORTED_NAME} {extra}"
    row = cur.execute(
        "INSERT INTO participants (workshop_id, name, name_key, imported, slot) "
        "SELECT ?, ?, ?, true, (SELECT coalesce(max(slot) + 1, 0) FROM participants "
        "WHERE workshop_id = ?) RETURNING id, slot",
        [workshop_id, name, name.casefold(), workshop_id]).fetchone()
    return int(row[0]), int(row[1])


def _ideas(cur: Cursor, workshop_id: int, rater: int, batch: ImportBatch
           ) -> tuple[list[int | None], dict[str, int]]:
    """Idea id per row (None: its idea was merged into another and is left alone)."""
    known = {str(k): (int(i), m) for k, i, m in cur.execute(
        "SELECT source_key, id, merged_into FROM ideas WHERE workshop_id = ? AND source_key "
        "IS NOT NULL", [workshop_id]).fetchall()}
    ids: list[int | None] = [None] * len(batch.keys)
    fresh, update, merged = [], [], 0
    for index, key in enumerate(batch.keys):
        row = (index, key, batch.titles[index], batch.descriptions[index],
               batch.statuses[index])
        if key not in known:
            fresh.append(row)
        elif known[key][1] is not None:
            merged += 1
        else:
            ids[index] = known[key][0]
            update.append((known[key][0], *row[2:]))
    if fresh:
        frame = pd.DataFrame(fresh, columns=["pos", "key", "title", "description", "status"])
        cur.register("imported_new", frame)
        made = cur.execute(
            """INSERT INTO ideas (workshop_id, title, description, author_id, shortlisted,
                                  source_key, source_status)
               SELECT ?, title, description, ?, ?, key, nullif(status, '')
               FROM imported_new ORDER BY pos RETURNING id, source_key""",
            [workshop_id, rater, batch.shortlist]).fetchall()
        cur.unregister("imported_new")
        position = {key: pos for pos, key, *_ in fresh}
        for idea_id, key in made:
            ids[position[str(key)]] = int(idea_id)
    if update:
        frame = pd.DataFrame(update, columns=["id", "title", "description", "status"])
        cur.register("imported_old", frame)
        cur.execute("""UPDATE ideas SET title = u.title, description = u.description,
                              source_status = nullif(u.status, ''),
                              shortlisted = ideas.shortlisted OR ?, updated_at = now()
                       FROM imported_old u WHERE ideas.id = u.id""", [batch.shortlist])
        cur.unregister("imported_old")
    return ids, {"added": len(fresh), "updated": len(update), "skipped_merged": merged}


def _themes(cur: Cursor, workshop_id: int, ids: Sequence[int | None],
            labels: Sequence[Sequence[str]]) -> None:
    """Each idea goes in the theme named by its first label (pinned: a person's choice)."""
    themes = {str(n).casefold(): int(i) for i, n in cur.execute(
        "SELECT id, name FROM themes WHERE workshop_id = ?", [workshop_id]).fetchall()}
    rows = []
    for idea_id, names in zip(ids, labels, strict=True):
        if idea_id is None or not names:
            continue
        name = names[0]
        if name.casefold() not in themes:
            themes[name.casefold()] = int(cur.execute(
                "INSERT INTO themes (workshop_id, name, named) VALUES (?, ?, true) RETURNING id",
                [workshop_id, name]).fetchone()[0])
        rows.append((idea_id, themes[name.casefold()]))
    if rows:
        cur.register("imported_themes", pd.DataFrame(rows, columns=["idea_id", "theme_id"]))
        cur.execute("""INSERT INTO idea_themes (idea_id, workshop_id, theme_id, pinned)
                       SELECT idea_id, ?, theme_id, true FROM imported_themes
                       ON CONFLICT (idea_id) DO UPDATE SET theme_id = excluded.theme_id,
                                                           pinned = true""", [workshop_id])
        cur.unregister("imported_themes")


def _needs(cur: Cursor, workshop_id: int, ids: Sequence[int | None],
           labels: Sequence[Sequence[str]]) -> None:
    """Each label tags the idea to the need it names (new needs go in an "Imported labels"
    segment)."""
    needs = {str(s).casefold(): int(i) for i, s in cur.execute(
        "SELECT id, statement FROM needs WHERE workshop_id = ?", [workshop_id]).fetchall()}
    segment: int | None = None
    rows = set()
    for idea_id, names in zip(ids, labels, strict=True):
        for name in names if idea_id is not None else ():
            if name.casefold() not in needs:
                if segment is None:
                    found = cur.execute("SELECT id FROM segments WHERE workshop_id = ? AND "
                                        "name = ?", [workshop_id, _NEED_SEGMENT]).fetchone()
                    segment = int(found[0]) if found else int(cur.execute(
                        "INSERT INTO segments (workshop_id, name) VALUES (?, ?) RETURNING id",
                        [workshop_id, _NEED_SEGMENT]).fetchone()[0])
                needs[name.casefold()] = int(cur.execute(
                    "INSERT INTO needs (workshop_id, segment_id, statement, importance) "
                    "VALUES (?, ?, ?, ?) RETURNING id",
                    [workshop_id, segment, name, _NEED_IMPORTANCE]).fetchone()[0])
            rows.add((workshop_id, idea_id, needs[name.casefold()]))
    if rows:
        cur.register("imported_tags", pd.DataFrame(sorted(rows), columns=["w", "i", "n"]))
        cur.execute("INSERT INTO idea_needs SELECT w, i, n FROM imported_tags "
                    "ON CONFLICT DO NOTHING")
        cur.unregister("imported_tags")
