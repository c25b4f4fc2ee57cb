"""Customer segments, their needs and the evidence quotes behind them."""

from __future__ import annotations

from workbench.domain.journey import KEEP_STAGE
from workbench.domain.models import (
    DESCRIPTION_MAX,
    NAME_MAX,
    QUOTE_MAX,
    STATEMENT_MAX,
    DuplicateNeed,
    InvalidInput,
    NeedInUse,
    SegmentInUse,
    UnknownItem,
)
from workbench.domain.validate import (
    clean_id,
    clean_int,
    clean_text,
)
from workbench.services.authority import gate
from workbench.store import Store


def add_segment(store: Store, workshop_id: int, actor_id: int | None, name: object,
                description: object = "") -> int:
    """Add a customer segment / persona."""
    gate(store, workshop_id, actor_id, "edit_needs")
    return store.add_segment(workshop_id, actor_id, clean_text(name, "Segment name", NAME_MAX),
                             clean_text(description, "Description", DESCRIPTION_MAX,
                                        required=False, multiline=True))


def edit_segment(store: Store, workshop_id: int, actor_id: int | None, segment_id: int,
                 name: object, description: object) -> None:
    """Rename or redescribe a segment."""
    gate(store, workshop_id, actor_id, "edit_needs")
    store.update_segment(workshop_id, actor_id, segment_id,
                         clean_text(name, "Segment name", NAME_MAX),
                         clean_text(description, "Description", DESCRIPTION_MAX, required=False,
                                    multiline=True))


def delete_segment(store: Store, workshop_id: int, actor_id: int | None, segment_id: int) -> None:
    """Delete an empty segment; refuse (SegmentInUse) while it still holds needs."""
    gate(store, workshop_id, actor_id, "edit_needs")
    blocking = store.delete_segment(workshop_id, actor_id, segment_id)
    if blocking:
        raise SegmentInUse(f"This segment still has {blocking} need(s). Delete or move them "
                           "first.")


def _need_values(statement: object, importance: object,
                 satisfaction: object) -> tuple[str, int, int | None]:
    text = clean_text(statement, "Need statement", STATEMENT_MAX)
    imp = clean_int(importance, "Importance", 1, 5)
    sat = clean_int(satisfaction, "Current satisfaction", 1, 5, required=False)
    return text, imp, sat  # type: ignore[return-value]


def _need_fields(store: Store, segment_id: object, statement: object, importance: object,
                 satisfaction: object, except_need: int | None) -> tuple[int, str, int, int | None]:
    if segment_id is None:
        raise InvalidInput("Choose a segment for the need (add one first if there are none).")
    segment = clean_id(segment_id, "Segment")
    text, imp, sat = _need_values(statement, importance, satisfaction)
    if store.need_statement_taken(segment, text, except_need):
        raise DuplicateNeed("That segment already has this need. Edit the existing one instead.")
    return segment, text, imp, sat  # type: ignore[return-value]


def add_need(store: Store, workshop_id: int, actor_id: int | None, segment_id: object,
             statement: object, importance: object, satisfaction: object = None,
             stage_id: object = None) -> int:
    """Add a need (statement, importance 1–5, optional satisfaction 1–5) to a segment, on a
    journey stage (None: not placed yet)."""
    gate(store, workshop_id, actor_id, "edit_needs")
    seg, text, imp, sat = _need_fields(store, segment_id, statement, importance, satisfaction,
                                       None)
    stage = None if stage_id is None else clean_id(stage_id, "Journey stage")
    return store.add_need(workshop_id, actor_id, seg, text, imp, sat, stage)


def add_need_with_segment(store: Store, workshop_id: int, actor_id: int | None,
                          segment_name: object, statement: object, importance: object,
                          satisfaction: object = None, description: object = "",
                          stage_id: object = None) -> tuple[int, int]:
    """Add a new segment and its first need in one go (both or neither); return both ids."""
    gate(store, workshop_id, actor_id, "edit_needs")
    name = clean_text(segment_name, "Segment name", NAME_MAX)
    about = clean_text(description, "Description", DESCRIPTION_MAX, required=False,
                       multiline=True)
    text, imp, sat = _need_values(statement, importance, satisfaction)
    stage = None if stage_id is None else clean_id(stage_id, "Journey stage")
    made = store.add_need_in_new_segment(workshop_id, actor_id, name, about, text, imp, sat,
                                         stage)
    if made is None:
        raise InvalidInput(f"There is already a segment called “{name}”. Choose it in the "
                           "Segment list instead of making a new one.")
    return made


def edit_need(store: Store, workshop_id: int, actor_id: int | None, need_id: int,
              segment_id: object, statement: object, importance: object,
              satisfaction: object = None, stage_id: object = KEEP_STAGE) -> None:
    """Edit a need (and its journey stage unless ``KEEP_STAGE``; None takes it off the
    journey); the same duplicate and range checks as adding apply."""
    gate(store, workshop_id, actor_id, "edit_needs")
    seg, text, imp, sat = _need_fields(store, segment_id, statement, importance, satisfaction,
                                       need_id)
    stage = None if stage_id is None else clean_id(stage_id, "Journey stage")
    store.update_need(workshop_id, actor_id, need_id, seg, text, imp, sat, stage)


def delete_need(store: Store, workshop_id: int, actor_id: int | None, need_id: int, *,
                untag: bool = False) -> int:
    """Delete a need; if ideas are tagged to it, raise NeedInUse unless ``untag`` is set."""
    gate(store, workshop_id, actor_id, "edit_needs")
    if need_id not in set(store.need_choices(workshop_id)["id"].astype(int)):
        raise UnknownItem("need", need_id)  # before any count: they would tell another's
    tagged = store.ideas_tagged_to_need(need_id)
    quotes = store.quotes_of_need(need_id)
    if (tagged or quotes) and not untag:
        raise NeedInUse(tagged, quotes)
    return store.delete_need(workshop_id, actor_id, need_id)


def add_evidence(store: Store, workshop_id: int, actor_id: int | None, need_id: int,
                 quote: object, source: object = "") -> int:
    """Attach a customer quote (and where it came from) to a need."""
    gate(store, workshop_id, actor_id, "edit_needs")
    return store.add_evidence(workshop_id, actor_id, need_id,
                              clean_text(quote, "Quote", QUOTE_MAX, multiline=True),
                              clean_text(source, "Source", NAME_MAX * 2, required=False))
