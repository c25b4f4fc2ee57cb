"""Domain nouns and the named errors the pages turn into messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

TITLE_MAX = 120
DESCRIPTION_MAX = 2000
NAME_MAX = 60
UNIT_MAX = 30
STATEMENT_MAX = 300
QUOTE_MAX = 1000
BULK_MAX_LINES = 200

BENEFIT = "benefit"
COST = "cost"
DIRECTIONS = (BENEFIT, COST)


class WorkbenchError(Exception):
    """A problem the user caused or can fix; its message is safe to show as-is."""


class InvalidInput(WorkbenchError):
    """A value failed validation (empty, too long, wrong type, out of range)."""


class UnknownWorkshop(WorkbenchError):
    """The workshop does not exist (never did, or another session deleted it)."""

    def __init__(self, workshop_id: object = None) -> None:
        super().__init__("That workshop no longer exists — it may have been deleted in another "
                         "session. Pick another workshop on the Workshops page.")
        self.workshop_id = workshop_id


class UnknownItem(WorkbenchError):
    """An idea, need, segment, criterion or participant is gone (or never existed)."""

    def __init__(self, kind: str, item_id: object = None) -> None:
        super().__init__(f"That {kind} no longer exists — it may have been deleted or merged in "
                         "another session. The page has been refreshed.")
        self.kind = kind
        self.item_id = item_id


class DuplicateNeed(InvalidInput):
    """The same need statement already exists in that segment."""


class NeedInUse(WorkbenchError):
    """A need still has ideas tagged to it or evidence quotes; the caller must confirm."""

    def __init__(self, idea_count: int, quote_count: int = 0) -> None:
        parts = []
        if idea_count:
            parts.append(f"{idea_count} idea(s) are tagged to this need")
        if quote_count:
            parts.append(f"{quote_count} customer quote(s) are attached to it")
        super().__init__(" and ".join(parts).capitalize() + ". Deleting it untags the ideas "
                         "and deletes the quotes; confirm or cancel.")
        self.idea_count = idea_count
        self.quote_count = quote_count


class SegmentInUse(WorkbenchError):
    """A segment still holds needs."""


class ScoreOutOfRange(InvalidInput):
    """A score is outside its criterion's scale or is not a number."""


class InvalidWeights(InvalidInput):
    """A weight set that is negative, non-numeric or sums to zero."""


class NotFacilitator(WorkbenchError):
    """A participant tried an action reserved for the facilitator."""

    def __init__(self, what: str = "do that") -> None:
        super().__init__(f"Only the facilitator can {what}.")


class NotJoined(WorkbenchError):
    """Someone who has not joined a live workshop tried to take part in it."""

    def __init__(self) -> None:
        super().__init__("Join this workshop with its code first (on the Join page).")


class PhaseLocked(WorkbenchError):
    """The workshop's current phase does not allow this action (for this person)."""


class UnknownCode(WorkbenchError):
    """No workshop has that join code (the message never says more than that)."""

    def __init__(self) -> None:
        super().__init__("No workshop with that code. Check the code with your facilitator.")


class NameTaken(WorkbenchError):
    """Someone in the workshop already goes by that display name."""


class InvalidToken(WorkbenchError):
    """A rejoin token or facilitator key that does not belong to this workshop."""


class IncompleteInputs(WorkbenchError):
    """A framework cannot score anything: the criteria it needs are not set up."""


class VoteRefused(WorkbenchError):
    """A dot beyond the budget or the per-idea cap, or on an idea that cannot take dots."""


class Conflict(WorkbenchError):
    """A write collided with a row another session made at the same moment (duplicate key)."""

    def __init__(self, detail: str = "") -> None:
        super().__init__("Someone else changed the same thing at the same moment; nothing was "
                         "saved. Please try again.")
        self.detail = detail


class StoreBusy(WorkbenchError):
    """A write kept conflicting after every retry (should not happen at workshop scale)."""


class StoreFailure(WorkbenchError):
    """The database could not do what was asked (file in use, disk full, a failed migration)."""


PHASES: tuple[str, ...] = ("needs", "diverge", "refine", "converge", "decide", "closed")


@dataclass(frozen=True)
class Workshop:
    id: int
    title: str
    goal: str
    status: str
    is_demo: bool
    created_at: datetime
    join_code: str | None = None
    live: bool = False
    phase: str = "diverge"
    revealed: bool = False
    score_round: int = 1
    dot_budget: int = 5
    dot_cap: int | None = None
    anonymous: bool = False
    timer_ends_at: datetime | None = None
    timer_label: str | None = None
    engine: str = "{}"  # the Decide page's settings as JSON (see engine_settings.py)


@dataclass(frozen=True)
class Participant:
    id: int
    workshop_id: int
    name: str
    is_facilitator: bool = False


@dataclass(frozen=True)
class Criterion:
    id: int
    name: str
    direction: str
    scale_min: float
    scale_max: float
    weight: float
    position: int
    scale: str = "custom"  # a key of workbench.domain.scales.SCALES
    unit: str = ""         # e.g. "person-months", shown next to ratings

    @property
    def is_cost(self) -> bool:
        """True when a lower score is better (e.g. cost, effort)."""
        return self.direction == COST


@dataclass(frozen=True)
class Idea:
    id: int
    workshop_id: int
    title: str
    description: str
    author_id: int | None
    shortlisted: bool
    merged_into: int | None
    need_ids: tuple[int, ...]
    moscow: str | None = None
    # Authors of the ideas merged into this one: the idea is theirs too.
    merged_author_ids: tuple[int | None, ...] = ()


MOSCOW = ("must", "should", "could", "wont")
MOSCOW_LABELS = {"must": "Must have", "should": "Should have", "could": "Could have",
                 "wont": "Won't have (this time)"}

DEFAULT_CRITERIA: tuple[tuple[str, str, float], ...] = (
    ("Impact", BENEFIT, 1.0),
    ("Cost", COST, 1.0),
    ("Feasibility", BENEFIT, 1.0),
)
