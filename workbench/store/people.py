"""Participant rows: names, rejoin tokens, facilitators, presence and progress."""

from __future__ import annotations

import pandas as pd

from workbench.domain.models import Participant, UnknownItem
from workbench.store.core import Cursor, StoreCore, shared

# Each participant's slot is 0, 1, 2, … within the workshop (unique, never reused): scores
# carry it so raters per idea are counted with a bitmask (see ScoreRows.score_means).
_NEXT_SLOT = ("(SELECT coalesce(max(slot) + 1, 0) FROM participants WHERE workshop_id = ?)")


class PeopleRows(StoreCore):
    """The people of a workshop and what each of them has done."""

    def ensure_participant(self, workshop_id: int, name: str) -> Participant:
        """The participant with this display name (case-insensitive), created if new."""
        key = name.casefold()

        def work(cur: Cursor) -> Participant:
            self._require_workshop(cur, workshop_id)
            row = cur.execute("SELECT id, name FROM participants WHERE workshop_id = ? AND "
                              "name_key = ?", [workshop_id, key]).fetchone()
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
            if cur.execute("SELECT 1 FROM participants WHERE workshop_id = ? AND name_key = ?",
                           [workshop_id, key]).fetchone():
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
        """Per participant: last seen, ideas added, ideas scored this round, dots used."""
        return self._read(
            """SELECT p.id, p.name, p.is_facilitator, p.last_seen_at,
                      (SELECT count(*) FROM ideas i WHERE i.author_id = p.id) AS ideas,
                      (SELECT count(DISTINCT s.idea_id) FROM scores s
                        WHERE s.rater_id = p.id AND s.round = ?) AS scored,
                      (SELECT count(*) FROM votes v WHERE v.voter_id = p.id AND v.round = ?)
                        AS dots
               FROM participants p WHERE p.workshop_id = ? ORDER BY p.id""",
            [round_no, round_no, workshop_id])

    @shared("participants")
    def participant_count(self, workshop_id: int) -> int:
        """How many people have joined the workshop (the facilitator included)."""
        row = self._one("SELECT count(*) FROM participants WHERE workshop_id = ?", [workshop_id])
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
