"""The ``Store`` interface: exactly the methods services, the UI and pages call.

A second implementation (PostgreSQL) must provide these with the same meaning; the contract
tests in ``tests/store/contract.py`` say what that meaning is. Errors are domain errors
(``workbench.domain.models``), never a database driver's.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

import pandas as pd

from workbench.domain.models import Criterion, Idea, Participant, Workshop
from workbench.store.decision_interface import DecisionStore
from workbench.store.exchange_interface import ExchangeStore
from workbench.store.import_interface import ImportStore
from workbench.store.journey_interface import JourneyStore
from workbench.store.kpi_interface import KpiStore
from workbench.store.theme_interface import ThemeStore
from workbench.store.vector_interface import VectorStore
from workbench.store.vote_interface import VoteStore

T = TypeVar("T")


class Store(VoteStore, VectorStore, ThemeStore, ImportStore, ExchangeStore, DecisionStore,
            KpiStore, JourneyStore, Protocol):
    """Workshops and everything in them; every write is one logged transaction."""

    version: int

    # ---- core ------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (checkpointing the WAL)."""

    def derived(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, shared until the next committed write when reads are shared.

        For results built from shared reads (a ranking, a chart): ``key`` must name what is
        computed and every input that is not stored data (workshop, round, choices made).
        """

    def versions(self, *tables: str) -> tuple[int, ...]:
        """How many committed writes touched each of ``tables`` (a key for shared results)."""

    # ---- workshops -------------------------------------------------------------------------

    def create_workshop(self, title: str, goal: str, *, is_demo: bool = False,
                        criteria: Iterable[tuple[str, str, float]] = (),
                        join_code: str | None = None, live: bool = False,
                        facilitator_key_hash: str | None = None) -> int:
        """Insert a workshop with its starting criteria (1–5 scales); return its id."""

    def delete_workshop(self, workshop_id: int, actor_id: int | None = None) -> None:
        """Delete a workshop and everything in it (its deletion stays in the event log)."""

    def demo_workshop_ids(self) -> list[int]:
        """Ids of demo workshops (normally one)."""

    def facilitator_key_hash(self, workshop_id: int) -> str | None:
        """The stored hash of the workshop's facilitator key."""

    def focus_need(self, workshop_id: int) -> int | None:
        """The need everyone is asked to brainstorm next; None when none is set or it is gone."""

    def get_workshop(self, workshop_id: int) -> Workshop:
        """One workshop; UnknownWorkshop if it is gone."""

    def list_workshops(self, *, include_archived: bool = True) -> pd.DataFrame:
        """Workshops, newest first, with idea and participant counts."""

    def set_engine(self, workshop_id: int, actor_id: int | None, engine_json: str,
                   changes: Mapping[str, Any]) -> None:
        """Store the Decide page's settings; the changed fields go to the event log."""

    def set_focus_need(self, workshop_id: int, actor_id: int | None,
                       need_id: int | None) -> None:
        """Set (or clear, with None) the need to brainstorm next; logged."""

    def update_workshop(self, workshop_id: int, actor_id: int | None, **fields: Any) -> None:
        """Change title, goal or status; the change is logged."""

    def workshop_by_code(self, join_code: str) -> Workshop | None:
        """The workshop with this join code, if any."""

    def workshop_choices(self) -> pd.DataFrame:
        """Active workshops for pickers (id, title, live, is_demo), as ``list_workshops`` orders
        them — without its counts, so it stays cheap on every page run."""

    # ---- people ----------------------------------------------------------------------------

    def ensure_participant(self, workshop_id: int, name: str) -> Participant:
        """The participant with this display name (case-insensitive), created if new."""

    def get_participant(self, participant_id: int) -> Participant:
        """One participant; UnknownItem if gone."""

    def grant_facilitator(self, workshop_id: int, participant_id: int) -> None:
        """Record that this participant proved the facilitator key."""

    def heartbeat(self, participant_id: int) -> None:
        """Mark a participant as present now (each person updates only their own row)."""

    def is_removed(self, participant_id: int) -> bool:
        """Whether the facilitator removed this participant (False for unknown ids)."""

    def join_participant(self, workshop_id: int, name: str, token_hash: str,
                         is_facilitator: bool = False) -> Participant | None:
        """Add a named participant with a rejoin-token hash; None if the name is taken."""

    def list_participants(self, workshop_id: int) -> pd.DataFrame:
        """Participants of a workshop with their idea and score counts."""

    def list_seats(self, workshop_id: int) -> pd.DataFrame:
        """id, name, is_facilitator, has_link and removed (bool) of each participant."""

    def participant_by_token(self, workshop_id: int, token_hash: str) -> Participant | None:
        """The participant of this workshop holding this rejoin token, if any."""

    def participant_count(self, workshop_id: int) -> int:
        """How many people have joined the workshop (the facilitator included)."""

    def progress(self, workshop_id: int, round_no: int) -> pd.DataFrame:
        """Per participant: last seen, ideas added, ideas fully scored / started, dots used."""

    def remove_participant(self, workshop_id: int, actor_id: int, participant_id: int) -> None:
        """Mark a participant removed (no facilitator role); their row, ideas and scores stay."""

    def replace_rejoin_token(self, workshop_id: int, actor_id: int, participant_id: int,
                             token_hash: str | None) -> None:
        """Give a present participant a new rejoin-token hash (None: no link at all); logged."""

    def rotate_facilitator_key(self, workshop_id: int, actor_id: int, key_hash: str) -> None:
        """Replace the facilitator key's hash (the old key stops working); logged."""

    def set_rejoin_token(self, participant_id: int, token_hash: str) -> None:
        """Give a participant (e.g. one created in free mode) a rejoin token."""

    # ---- needs -----------------------------------------------------------------------------

    def add_evidence(self, workshop_id: int, actor_id: int | None, need_id: int, quote: str,
                     source: str) -> int:
        """Attach an evidence quote (with its source) to a need."""

    def add_need(self, workshop_id: int, actor_id: int | None, segment_id: int, statement: str,
                 importance: int, satisfaction: int | None, stage_id: int | None = None) -> int:
        """Insert a need in a segment (on a journey stage, or none); return its id."""

    def add_need_in_new_segment(self, workshop_id: int, actor_id: int | None, name: str,
                                description: str, statement: str, importance: int,
                                satisfaction: int | None,
                                stage_id: int | None = None) -> tuple[int, int] | None:
        """Insert a segment with its first need; None (nothing written) if the name is taken."""

    def add_segment(self, workshop_id: int, actor_id: int | None, name: str,
                    description: str) -> int:
        """Insert a customer segment; return its id."""

    def delete_need(self, workshop_id: int, actor_id: int | None, need_id: int) -> int:
        """Delete a need, its evidence and its tags; return how many ideas were untagged."""

    def delete_segment(self, workshop_id: int, actor_id: int | None, segment_id: int) -> int:
        """Delete a segment that holds no needs; return how many needs block it (0 = done)."""

    def ideas_tagged_to_need(self, need_id: int) -> int:
        """How many live ideas are tagged to a need."""

    def list_evidence(self, workshop_id: int) -> pd.DataFrame:
        """Evidence quotes of a workshop."""

    def list_needs(self, workshop_id: int) -> pd.DataFrame:
        """Needs with their segment name, idea counts and evidence counts."""

    def list_segments(self, workshop_id: int) -> pd.DataFrame:
        """Segments with their need counts, in creation order."""

    def need_choices(self, workshop_id: int) -> pd.DataFrame:
        """id, statement and segment of each need, in ``list_needs`` order — for labels."""

    def need_statement_taken(self, segment_id: int, statement: str,
                             except_need: int | None = None) -> bool:
        """True when the segment already has this statement (case-insensitive)."""

    def quotes_of_need(self, need_id: int) -> int:
        """How many evidence quotes are attached to a need."""

    def update_need(self, workshop_id: int, actor_id: int | None, need_id: int, segment_id: int,
                    statement: str, importance: int, satisfaction: int | None,
                    stage_id: int | None = -1) -> None:
        """Edit a need's text, segment, ratings and (unless -1: ``KEEP_STAGE``) its stage."""

    def update_segment(self, workshop_id: int, actor_id: int | None, segment_id: int,
                       name: str, description: str) -> None:
        """Rename or redescribe a segment."""

    # ---- ideas -----------------------------------------------------------------------------

    def add_ideas(self, workshop_id: int, author_id: int | None,
                  items: Sequence[tuple[str, str]], need_ids: Sequence[int]) -> list[int]:
        """Insert ideas (title, description), all tagged to ``need_ids``, in one transaction."""

    def delete_idea(self, workshop_id: int, actor_id: int | None, idea_id: int) -> None:
        """Delete an idea with its tags, scores and votes."""

    def get_idea(self, idea_id: int) -> Idea:
        """One idea with its need ids; UnknownItem if it is gone."""

    def idea_need_ratings(self, workshop_id: int) -> pd.DataFrame:
        """Per (shortlisted idea, tagged need): the need's importance and satisfaction."""

    def ideas_by(self, workshop_id: int, author_id: int) -> pd.DataFrame:
        """id, title, description and need ids of one author's live ideas, oldest first."""

    def list_ideas(self, workshop_id: int) -> pd.DataFrame:
        """Live (not merged-away) ideas with need ids, authors (kept through merges) and counts."""

    def list_merges(self, workshop_id: int) -> pd.DataFrame:
        """The workshop's merges, newest first, with titles, undone_at and undoable."""

    def merge_ideas(self, workshop_id: int, actor_id: int | None, keep_id: int,
                    absorb_ids: Sequence[int], title: str, description: str) -> int:
        """Fold ``absorb_ids`` into ``keep_id`` (tags unioned, votes moved); the merge's id."""

    def unmerge(self, workshop_id: int, actor_id: int | None, merge_id: int) -> dict[str, Any]:
        """Undo a merge exactly; restored (idea ids), dots_back and dots_not_back."""

    def moscow_buckets(self, workshop_id: int) -> pd.DataFrame:
        """idea_id and MoSCoW bucket of the shortlisted ideas that have one."""

    def set_moscow(self, workshop_id: int, actor_id: int | None,
                   buckets: Mapping[int, str | None]) -> None:
        """Put ideas in MoSCoW buckets (None takes one out), in one logged transaction."""

    def set_shortlist(self, workshop_id: int, actor_id: int | None,
                      idea_ids: Sequence[int]) -> None:
        """Make exactly ``idea_ids`` the shortlist."""

    def shortlist(self, workshop_id: int) -> pd.DataFrame:
        """id and title of the shortlisted live ideas (what ranking needs, nothing more)."""

    def update_idea(self, workshop_id: int, actor_id: int | None, idea_id: int, title: str,
                    description: str, need_ids: Sequence[int]) -> None:
        """Replace an idea's title, description and tags."""

    def wall_rows(self, workshop_id: int) -> list[tuple[str, list[int]]]:
        """(title, need ids) of each live idea in ``list_ideas`` order — the idea wall's data,
        a third of list_ideas' cost (it is rebuilt after every new idea)."""

    # ---- scores ----------------------------------------------------------------------------

    def add_criterion(self, workshop_id: int, actor_id: int | None, name: str, direction: str,
                      scale_min: float, scale_max: float, weight: float, scale: str = "custom",
                      unit: str = "") -> int:
        """Append a criterion; return its id."""

    def all_scores(self, workshop_id: int, round_no: int = 1) -> pd.DataFrame:
        """Every raw score row (idea_id, rater_id, criterion_id, value) of a round."""

    def delete_criterion(self, workshop_id: int, actor_id: int | None, criterion_id: int) -> None:
        """Remove a criterion and the scores given on it."""

    def list_criteria(self, workshop_id: int) -> list[Criterion]:
        """Criteria of a workshop in display order."""

    def rater_count(self, workshop_id: int, round_no: int = 1) -> int:
        """How many people have saved at least one score in this round."""

    def raters_per_idea(self, workshop_id: int, round_no: int = 1) -> pd.DataFrame:
        """Per idea: how many distinct people scored it."""

    def save_scores(self, workshop_id: int, rater_id: int,
                    rows: Sequence[tuple[int, int, float | None]], round_no: int = 1) -> int:
        """Upsert this rater's (idea, criterion, value) rows (None clears one); return count."""

    def score_means(self, workshop_id: int, round_no: int = 1) -> pd.DataFrame:
        """Per (idea, criterion): mean score and number of ratings, for live ideas."""

    def scores_of(self, workshop_id: int, rater_id: int, round_no: int = 1) -> pd.DataFrame:
        """One rater's scores: idea_id, criterion_id, value."""

    def update_criteria(self, workshop_id: int, actor_id: int | None,
                        changes: Sequence[tuple[int, str, str, float]]) -> None:
        """Apply (id, name, direction, weight) to several criteria in one logged transaction."""
