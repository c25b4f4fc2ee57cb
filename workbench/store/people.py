"""Participant rows: names, rejoin tokens, facilitators, presence and progress."""

from __future__ import annotations

import pandas as pd

from workbench.domain.models import Participant, UnknownItem
from workbench.domain.validate import name_skeleton
from workbench.store.core import Cursor, StoreCore, shared

# Each participant's slot is 0, 1, 2, … within the workshop (unique, never reused): scores
# carry it so raters per idea are counted with a bitmask (see ScoreRows.score_means).
_NEXT_SLOT = ("(SELECT coalesce(max(slot) + 1, 0) FROM participants WHERE workshop_id = ?)")


def _same_looking(cur: Cursor, workshop_id: int, name: str) -> tuple | None:
    """(id, name) of the participant whose name looks like ``name`` on screen, if any."""
    wanted = name_skeleton(name)
    for row in cur.execute("SELECT id, name FROM participants WHERE workshop_id = ? ORDER BY id",
                           [workshop_id]).fetchall():
        if name_skeleton(str(row[1])) == wanted:
            return row
    return None


class PeopleRows(StoreCore):
    """The people of a workshop and what each of them has done."""

    def ensure_participant(self, workshop_id: int, name: str) -> Participant:
        """The participant with this display name (case-insensitive), created if new."""
        key = name.casefold()

        def work(cur: Cursor) -> Participant:
            self._require_workshop(cur, workshop_id)
            row = _same_looking(cur, workshop_id, name)
            if row is None:
                row = cur.execute("INSERT INTO participants (workshop_id, name, name_key, slot) "
                                  "SELECT ?, ?, ?, " + _NEXT_SLOT + " RETURNING id, name",
                                  [workshop_id, name, key, workshop_id]).fetchone()
                self.log(cur, workshop_id, int(row[0]), "participant.joined", name=name)
            return Participant(int(row[0]), workshop_id, str(row[1]))
        # A lost race with another session creating the same name is retried: the retry
        # finds the row the other session made.
        return self.write(work, retry_duplicates=True)

    def join_participant(self, workshop_id: int, name: str, token_hash: str,
                         is_facilitator: bool = False) -> Participant | None:
        """Add a named participant with a rejoin-token hash; None if the name is taken."""
        key = name.casefold()

        def work(cur: Cursor) -> Participant | None:
            self._require_workshop(cur, workshop_id)
            if _same_looking(cur, workshop_id, name) is not None:
                return None
            row = cur.execute("INSERT INTO participants (workshop_id, name, name_key, "
                              "rejoin_token_hash, is_facilitator, last_seen_at, slot) "
                              "SELECT ?, ?, ?, ?, ?, now(), " + _NEXT_SLOT + " RETURNING id",
                              [workshop_id, name, key, token_hash, is_facilitator,
                               workshop_id]).fetchone()
            self.log(cur, workshop_id, int(row[0]), "participant.joined", name=name)
            return Participant(int(row[0]), workshop_id, name, is_facilitator)
        # A simultaneous join that took the same name or slot is retried: the retry finds
        # the name taken (None) or takes the next slot.
        return self.write(work, retry_duplicates=True)

    def participant_by_token(self, workshop_id: int, token_hash: str) -> Participant | None:
        """The participant of this workshop holding this rejoin token, if any."""
        row = self._one("SELECT id, workshop_id, name, is_facilitator FROM participants "
                        "WHERE workshop_id = ? AND rejoin_token_hash = ?",
                        [workshop_id, token_hash])
        return Participant(int(row[0]), int(row[1]), str(row[2]), bool(row[3])) if row else None

    @shared("participants")
    def get_participant(self, participant_id: int) -> Participant:
        """One participant; UnknownItem if gone."""
        row = self._one("SELECT id, workshop_id, name, is_facilitator FROM participants "
                        "WHERE id = ?", [participant_id])
        if row is None:
            raise UnknownItem("participant", participant_id)
        return Participant(int(row[0]), int(row[1]), str(row[2]), bool(row[3]))

    def set_rejoin_token(self, participant_id: int, token_hash: str) -> None:
        """Give a participant (e.g. one created in free mode) a rejoin token."""
        self.write(lambda cur: cur.execute(
            "UPDATE participants SET rejoin_token_hash = ? WHERE id = ?",
            [token_hash, participant_id]))

    def grant_facilitator(self, workshop_id: int, participant_id: int) -> None:
        """Record that this participant proved the facilitator key."""
        def work(cur: Cursor) -> None:
            n = cur.execute("UPDATE participants SET is_facilitator = true WHERE id = ? AND "
                            "workshop_id = ? RETURNING id", [participant_id, workshop_id]
                            ).fetchall()
            if not n:
                raise UnknownItem("participant", participant_id)
            self.log(cur, workshop_id, participant_id, "facilitator.granted")
        self.write(work)

    def heartbeat(self, participant_id: int) -> None:
        """Mark a participant as present now (each person updates only their own row)."""
        # Quiet: presence is read through progress(), which is not shared.
        self.write(lambda cur: cur.execute(
            "UPDATE participants SET last_seen_at = now() WHERE id = ?", [participant_id]),
            quiet=True)

    def progress(self, workshop_id: int, round_no: int) -> pd.DataFrame:
        """Per participant: last seen, ideas added, ideas fully scored and started, dots used.

        ``scored`` counts the live shortlisted ideas the person has scored on every current
        criterion this round — what their Score page calls "fully scored" — so adding a
        criterion lowers it for everyone at once; ``started`` counts the live shortlisted
        ideas with any score of theirs this round.
        """
        # Score rows are unique per (idea, rater, criterion, round), so count(*) per idea is
        # the number of criteria it has a score on.
        return self._read(
            """WITH mine AS (
                   SELECT s.rater_id, s.idea_id, count(*) AS cells FROM scores s
                   JOIN ideas i ON i.id = s.idea_id AND i.shortlisted AND i.merged_into IS NULL
                   JOIN criteria c ON c.id = s.criterion_id
                   WHERE s.workshop_id = ? AND s.round = ?
                   GROUP BY s.rater_id, s.idea_id),
               needed AS (SELECT count(*) AS n FROM criteria WHERE workshop_id = ?)
               SELECT p.id, p.name, p.is_facilitator, p.last_seen_at,
                      (SELECT count(*) FROM ideas i WHERE i.author_id = p.id) AS ideas,
                      (SELECT count(*) FROM mine m, needed
                        WHERE m.rater_id = p.id AND m.cells >= needed.n) AS scored,
                      (SELECT count(*) FROM mine m WHERE m.rater_id = p.id) AS started,
                      (SELECT count(*) FROM votes v WHERE v.voter_id = p.id AND v.round = ?)
                        AS dots
               FROM participants p
               -- the "Imported" rater is not a person: never present, never stuck
               WHERE p.workshop_id = ? AND NOT coalesce(p.imported, false) ORDER BY p.id""",
            [workshop_id, round_no, workshop_id, round_no, workshop_id])

    @shared("participants")
    def participant_count(self, workshop_id: int) -> int:
        """How many people have joined the workshop (the facilitator included)."""
        row = self._one("SELECT count(*) FROM participants WHERE workshop_id = ? AND NOT "
                        "coalesce(imported, false)", [workshop_id])
        return int(row[0]) if row else 0

    @shared("ideas", "participants", "scores")
    def list_participants(self, workshop_id: int) -> pd.DataFrame:
        """Participants of a workshop with their idea and score counts."""
        return self._read(
            """SELECT p.id, p.name, p.created_at,
                      (SELECT count(*) FROM ideas i WHERE i.author_id = p.id) AS ideas,
                      (SELECT count(*) FROM scores s WHERE s.rater_id = p.id) AS scores
               FROM participants p WHERE p.workshop_id = ? ORDER BY p.created_at, p.id""",
            [workshop_id])

    # ---- seat administration (facilitator-only; the services check who asks) -------------

    @shared("participants")
    def is_removed(self, participant_id: int) -> bool:
        """Whether the facilitator removed this participant (False for unknown ids)."""
        row = self._one("SELECT removed_at IS NOT NULL FROM participants WHERE id = ?",
                        [participant_id])
        return bool(row[0]) if row else False

    @shared("participants")
    def list_seats(self, workshop_id: int) -> pd.DataFrame:
        """id, name, is_facilitator, has_link and removed (bool) of each participant."""
        return self._read(
            """SELECT id, name, is_facilitator, rejoin_token_hash IS NOT NULL AS has_link,
                      removed_at IS NOT NULL AS removed
               FROM participants WHERE workshop_id = ? AND NOT coalesce(imported, false)
               ORDER BY id""", [workshop_id])

    def rotate_facilitator_key(self, workshop_id: int, actor_id: int, key_hash: str) -> None:
        """Replace the facilitator key's hash (the old key stops working); logged."""
        def work(cur: Cursor) -> None:
            self._require_workshop(cur, workshop_id)
            cur.execute("UPDATE workshops SET facilitator_key_hash = ? WHERE id = ?",
                        [key_hash, workshop_id])
            self.log(cur, workshop_id, actor_id, "facilitator.key_rotated")
        self.write(work, contended=True)

    def replace_rejoin_token(self, workshop_id: int, actor_id: int, participant_id: int,
                             token_hash: str | None) -> None:
        """Give a present participant a new rejoin-token hash (None: no link at all); logged."""
        def work(cur: Cursor) -> None:
            row = cur.execute("UPDATE participants SET rejoin_token_hash = ? WHERE id = ? AND "
                              "workshop_id = ? AND removed_at IS NULL RETURNING name",
                              [token_hash, participant_id, workshop_id]).fetchone()
            if row is None:
                raise UnknownItem("participant", participant_id)
            kind = "participant.link_reissued" if token_hash else "participant.link_revoked"
            self.log(cur, workshop_id, actor_id, kind, participant=participant_id,
                     name=str(row[0]))
        self.write(work)

    def remove_participant(self, workshop_id: int, actor_id: int, participant_id: int) -> None:
        """Mark a participant removed (no facilitator role); their row, ideas and scores stay."""
        def work(cur: Cursor) -> None:
            # The token hash stays, so their old link is recognised and told they were removed.
            row = cur.execute("UPDATE participants SET removed_at = now(), is_facilitator = "
                              "false WHERE id = ? AND workshop_id = ? AND removed_at IS NULL "
                              "RETURNING name",
                              [participant_id, workshop_id]).fetchone()
            if row is None:
                raise UnknownItem("participant", participant_id)
            self.log(cur, workshop_id, actor_id, "participant.removed",
                     participant=participant_id, name=str(row[0]))
        self.write(work)
