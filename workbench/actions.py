"""What a person can do: each function validates its input, then makes one store write.

Bad input raises a named ``WorkbenchError`` before anything is written, so a page can show
the message and nothing has changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict

from workbench.engine_settings import EngineSettings, apply_changes, load_settings
from workbench.facilitation import create_with_code, gate
from workbench.frameworks import FRAMEWORKS, map_slots, suggested_criteria
from workbench.models import (
    DESCRIPTION_MAX,
    MOSCOW,
    NAME_MAX,
    QUOTE_MAX,
    STATEMENT_MAX,
    TITLE_MAX,
    UNIT_MAX,
    DuplicateNeed,
    InvalidInput,
    NeedInUse,
    Participant,
    ScoreOutOfRange,
    SegmentInUse,
    UnknownItem,
    WorkbenchError,
)
from workbench.scales import get_scale, parse_rating, scale_range
from workbench.store import Store
from workbench.validate import (
    check_weight_set,
    clean_direction,
    clean_id,
    clean_int,
    clean_scale,
    clean_text,
    clean_weight,
    split_bulk_lines,
    unique_ids,
)

# ---- workshops and people -------------------------------------------------------------


def create_workshop(store: Store, title: object, goal: object = "") -> int:
    """Create a free-mode workshop with the default criteria (impact ↑, cost ↓, feasibility ↑)."""
    return create_with_code(store, clean_text(title, "Workshop title", TITLE_MAX),
                            clean_text(goal, "Goal", DESCRIPTION_MAX, required=False,
                                       multiline=True))


def edit_workshop(store: Store, workshop_id: int, actor_id: int | None, title: object,
                  goal: object) -> None:
    """Rename a workshop and/or change its goal statement."""
    gate(store, workshop_id, actor_id, "facilitate")
    store.update_workshop(workshop_id, actor_id,
                          title=clean_text(title, "Workshop title", TITLE_MAX),
                          goal=clean_text(goal, "Goal", DESCRIPTION_MAX, required=False,
                                          multiline=True))


def set_archived(store: Store, workshop_id: int, actor_id: int | None, archived: bool) -> None:
    """Archive (hide from the default list) or restore a workshop."""
    gate(store, workshop_id, actor_id, "facilitate")
    store.update_workshop(workshop_id, actor_id, status="archived" if archived else "active")


def join(store: Store, workshop_id: int, name: object) -> Participant:
    """The participant for this display name in a free-mode workshop (created on first use).

    Live workshops are joined with their code and a rejoin token instead: a name alone would
    let anyone take over someone else's identity, the facilitator's included.
    """
    if store.get_workshop(workshop_id).live:
        raise InvalidInput("This is a live workshop: join it with its code on the Join page.")
    return store.ensure_participant(workshop_id, clean_text(name, "Display name", NAME_MAX))


# ---- segments, needs, evidence ------------------------------------------------------


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


def _need_fields(store: Store, segment_id: object, statement: object, importance: object,
                 satisfaction: object, except_need: int | None) -> tuple[int, str, int, int | None]:
    if segment_id is None:
        raise InvalidInput("Choose a segment for the need (add one first if there are none).")
    segment = clean_id(segment_id, "Segment")
    text = clean_text(statement, "Need statement", STATEMENT_MAX)
    imp = clean_int(importance, "Importance", 1, 5)
    sat = clean_int(satisfaction, "Current satisfaction", 1, 5, required=False)
    if store.need_statement_taken(segment, text, except_need):
        raise DuplicateNeed("That segment already has this need. Edit the existing one instead.")
    return segment, text, imp, sat  # type: ignore[return-value]


def add_need(store: Store, workshop_id: int, actor_id: int | None, segment_id: object,
             statement: object, importance: object, satisfaction: object = None) -> int:
    """Add a need (statement, importance 1–5, optional satisfaction 1–5) to a segment."""
    gate(store, workshop_id, actor_id, "edit_needs")
    seg, text, imp, sat = _need_fields(store, segment_id, statement, importance, satisfaction,
                                       None)
    return store.add_need(workshop_id, actor_id, seg, text, imp, sat)


def edit_need(store: Store, workshop_id: int, actor_id: int | None, need_id: int,
              segment_id: object, statement: object, importance: object,
              satisfaction: object = None) -> None:
    """Edit a need; the same duplicate and range checks as adding apply."""
    gate(store, workshop_id, actor_id, "edit_needs")
    seg, text, imp, sat = _need_fields(store, segment_id, statement, importance, satisfaction,
                                       need_id)
    store.update_need(workshop_id, actor_id, need_id, seg, text, imp, sat)


def delete_need(store: Store, workshop_id: int, actor_id: int | None, need_id: int, *,
                untag: bool = False) -> int:
    """Delete a need; if ideas are tagged to it, raise NeedInUse unless ``untag`` is set."""
    gate(store, workshop_id, actor_id, "edit_needs")
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


# ---- ideas ------------------------------------------------------------------------------


def add_idea(store: Store, workshop_id: int, author_id: int | None, title: object,
             description: object = "", need_ids: Iterable[object] = ()) -> int:
    """Add one idea tagged to zero or more needs."""
    gate(store, workshop_id, author_id, "add_idea")
    title_ = clean_text(title, "Idea title", TITLE_MAX)
    description_ = clean_text(description, "Description", DESCRIPTION_MAX, required=False,
                              multiline=True)
    return store.add_ideas(workshop_id, author_id, [(title_, description_)],
                           unique_ids(need_ids, "Needs"))[0]


def add_ideas_bulk(store: Store, workshop_id: int, author_id: int | None, text: object,
                   need_ids: Iterable[object] = ()) -> list[int]:
    """Add one idea per pasted line, all tagged to ``need_ids``; all or nothing."""
    gate(store, workshop_id, author_id, "add_idea")
    titles = split_bulk_lines(text, TITLE_MAX)
    return store.add_ideas(workshop_id, author_id, [(t, "") for t in titles],
                           unique_ids(need_ids, "Needs"))


def _own_idea(store: Store, workshop_id: int, actor_id: int | None, idea_id: int, *,
              facilitator_may: bool = False) -> None:
    gate(store, workshop_id, actor_id, "edit_idea")
    idea = store.get_idea(idea_id)
    if idea.workshop_id != workshop_id or idea.merged_into is not None:
        raise UnknownItem("idea", idea_id)
    if idea.author_id == actor_id:
        return
    if facilitator_may and store.get_workshop(workshop_id).live:
        gate(store, workshop_id, actor_id, "delete_others_idea")
        return
    raise WorkbenchError("You can only change ideas you added yourself.")


def edit_idea(store: Store, workshop_id: int, actor_id: int | None, idea_id: int,
              title: object, description: object, need_ids: Iterable[object]) -> None:
    """Edit one of your own ideas (title, description, needs)."""
    title_ = clean_text(title, "Idea title", TITLE_MAX)
    description_ = clean_text(description, "Description", DESCRIPTION_MAX, required=False,
                              multiline=True)
    needs = unique_ids(need_ids, "Needs")
    _own_idea(store, workshop_id, actor_id, idea_id)
    store.update_idea(workshop_id, actor_id, idea_id, title_, description_, needs)


def delete_idea(store: Store, workshop_id: int, actor_id: int | None, idea_id: int) -> None:
    """Delete one of your own ideas (a live workshop's facilitator may delete anyone's)."""
    _own_idea(store, workshop_id, actor_id, idea_id, facilitator_may=True)
    store.delete_idea(workshop_id, actor_id, idea_id)


def set_shortlist(store: Store, workshop_id: int, actor_id: int | None,
                  idea_ids: Iterable[object]) -> None:
    """Make exactly these ideas the shortlist that goes forward to scoring."""
    gate(store, workshop_id, actor_id, "shortlist")
    store.set_shortlist(workshop_id, actor_id, unique_ids(idea_ids, "Shortlist"))


def merge_ideas(store: Store, workshop_id: int, actor_id: int | None,
                idea_ids: Sequence[object], title: object, description: object = "") -> int:
    """Merge two or more ideas into the first one; return the surviving idea's id."""
    gate(store, workshop_id, actor_id, "merge")
    ids = list(dict.fromkeys(clean_id(i, "Ideas to merge") for i in idea_ids))
    if len(ids) < 2:
        raise InvalidInput("Choose at least two ideas to merge.")
    title_ = clean_text(title, "Merged title", TITLE_MAX)
    description_ = clean_text(description, "Merged description", DESCRIPTION_MAX,
                              required=False, multiline=True)
    store.merge_ideas(workshop_id, actor_id, ids[0], ids[1:], title_, description_)
    return ids[0]


# ---- criteria and scores --------------------------------------------------------------


def add_criterion(store: Store, workshop_id: int, actor_id: int | None, name: object,
                  direction: object = "benefit", weight: object = 1.0,
                  scale_min: object = 1, scale_max: object = 5, scale: object = "custom",
                  unit: object = "") -> int:
    """Add a scoring criterion (benefit or cost) with its scale, unit and weight.

    Named scales (1–5, Fibonacci, T-shirt, percent, …) fix their own range; ``scale_min`` and
    ``scale_max`` apply to "custom" and "free" (where the top is a reference, not a limit).
    """
    gate(store, workshop_id, actor_id, "edit_criteria")
    name_ = clean_text(name, "Criterion name", NAME_MAX)
    if any(c.name.casefold() == name_.casefold() for c in store.list_criteria(workshop_id)):
        raise InvalidInput(f"There is already a criterion called {name_!r}.")
    kind = get_scale(scale).key
    if kind == "custom":
        clean_scale(scale_min, scale_max)
    low, high = scale_range(kind, scale_min, scale_max)
    unit_ = clean_text(unit, "Unit", UNIT_MAX, required=False)
    return store.add_criterion(workshop_id, actor_id, name_, clean_direction(direction), low,
                               high, clean_weight(weight, name_), kind, unit_)


def update_criteria(store: Store, workshop_id: int, actor_id: int | None,
                    changes: Iterable[tuple[int, object, object, object]]) -> None:
    """Rename criteria, flip direction and set weights in one go; refuses an all-zero set."""
    gate(store, workshop_id, actor_id, "edit_criteria")
    current = {c.id: c for c in store.list_criteria(workshop_id)}
    cleaned: dict[int, tuple[int, str, str, float]] = {}
    for criterion_id, name, direction, weight in changes:
        if criterion_id not in current:
            raise UnknownItem("criterion", criterion_id)
        name_ = clean_text(name, "Criterion name", NAME_MAX)
        cleaned[criterion_id] = (criterion_id, name_, clean_direction(direction),
                                 clean_weight(weight, name_))
    final = {cid: cleaned.get(cid, (cid, c.name, c.direction, c.weight))
             for cid, c in current.items()}
    names = [v[1].casefold() for v in final.values()]
    if len(names) != len(set(names)):
        raise InvalidInput("Two criteria cannot have the same name.")
    check_weight_set({v[1]: v[3] for v in final.values()})
    store.update_criteria(workshop_id, actor_id, list(cleaned.values()))


def delete_criterion(store: Store, workshop_id: int, actor_id: int | None,
                     criterion_id: int) -> None:
    """Remove a criterion (and its scores); the remaining weights must still count."""
    gate(store, workshop_id, actor_id, "edit_criteria")
    criteria = store.list_criteria(workshop_id)
    if criterion_id not in {c.id for c in criteria}:
        store.get_workshop(workshop_id)  # UnknownWorkshop if the whole workshop is gone
        raise UnknownItem("criterion", criterion_id)
    rest = {c.name: c.weight for c in criteria if c.id != criterion_id}
    if not rest:
        raise InvalidInput("A workshop needs at least one criterion.")
    check_weight_set(rest)
    store.delete_criterion(workshop_id, actor_id, criterion_id)


def save_scores(store: Store, workshop_id: int, rater_id: int,
                entries: Iterable[tuple[int, int, object]], round_no: int | None = None) -> int:
    """Save one rater's scores (idea, criterion, value or None to clear); all or nothing.

    Scores go to the workshop's current round unless ``round_no`` is given.
    """
    workshop = gate(store, workshop_id, rater_id, "score")
    round_no = workshop.score_round if round_no is None else round_no
    criteria = {c.id: c for c in store.list_criteria(workshop_id)}
    # The slim shortlist query keeps a save cheap when fifty people save at once.
    short = store.shortlist(workshop_id)
    titles = dict(zip(short["id"].astype(int), short["title"], strict=True))
    rows: list[tuple[int, int, float | None]] = []
    for raw_idea, raw_criterion, value in entries:
        idea_id = clean_id(raw_idea, "Idea")
        criterion = criteria.get(clean_id(raw_criterion, "Criterion"))
        if criterion is None:
            raise UnknownItem("criterion", raw_criterion)
        if idea_id not in titles:
            idea = store.get_idea(idea_id)
            if idea.workshop_id != workshop_id or idea.merged_into is not None:
                raise UnknownItem("idea", idea_id)
            raise InvalidInput(f"{idea.title!r} is not on the shortlist, so it cannot be "
                               "scored.")
        if value is None or (isinstance(value, float) and value != value):
            rows.append((idea_id, criterion.id, None))
            continue
        try:
            score = parse_rating(value, criterion.name, criterion.scale, criterion.scale_min,
                                 criterion.scale_max)
        except ScoreOutOfRange as exc:
            raise ScoreOutOfRange(f"{titles[idea_id]} — {exc} Nothing was saved.") from None
        rows.append((idea_id, criterion.id, score))
    if not rows:
        return 0
    return store.save_scores(workshop_id, rater_id, rows, round_no)


# ---- the Decide page's settings ---------------------------------------------------------


def engine_settings(store: Store, workshop_id: int) -> EngineSettings:
    """The workshop's prioritisation settings (defaults for anything never set)."""
    return load_settings(store.get_workshop(workshop_id).engine)


def update_engine(store: Store, workshop_id: int, actor_id: int | None,
                  **changes: object) -> EngineSettings:
    """Change how the workshop prioritises (framework, normalisation, budget, …); logged."""
    workshop = gate(store, workshop_id, actor_id, "decide_settings")
    current = load_settings(workshop.engine)
    updated = apply_changes(current, changes)
    criteria = {c.id for c in store.list_criteria(workshop_id)}
    if updated.cost_criterion is not None and updated.cost_criterion not in criteria:
        raise UnknownItem("criterion", updated.cost_criterion)
    for _, _, criterion_id in updated.slots:
        if criterion_id not in criteria:
            raise UnknownItem("criterion", criterion_id)
    picked = set(updated.must_include) | set(updated.exclude)
    if picked - set(current.must_include) - set(current.exclude):
        shortlisted = set(store.shortlist(workshop_id)["id"].astype(int))
        if picked - shortlisted:
            raise InvalidInput("Only shortlisted ideas can be required or excluded.")
    before = asdict(current)
    diff = {k: v for k, v in asdict(updated).items() if before[k] != v}
    if diff:
        store.set_engine(workshop_id, actor_id, updated.to_json(), diff)
    return updated


def set_moscow(store: Store, workshop_id: int, actor_id: int | None,
               buckets: dict[object, object]) -> None:
    """Put shortlisted ideas in Must / Should / Could / Won't (None or "" takes one out)."""
    gate(store, workshop_id, actor_id, "decide_settings")
    shortlisted = set(store.shortlist(workshop_id)["id"].astype(int))
    cleaned: dict[int, str | None] = {}
    for raw_id, raw_bucket in buckets.items():
        idea_id = clean_id(raw_id, "Idea")
        if idea_id not in shortlisted:
            raise InvalidInput("Only shortlisted ideas can be given a MoSCoW bucket.")
        if raw_bucket in (None, ""):
            cleaned[idea_id] = None
        elif raw_bucket in MOSCOW:
            cleaned[idea_id] = str(raw_bucket)
        else:
            raise InvalidInput("A MoSCoW bucket must be Must, Should, Could or Won't.")
    if cleaned:
        store.set_moscow(workshop_id, actor_id, cleaned)


def add_framework_criteria(store: Store, workshop_id: int, actor_id: int | None,
                           framework_key: object) -> list[str]:
    """Add the criteria a framework needs and the workshop lacks (weight 0); return names."""
    gate(store, workshop_id, actor_id, "edit_criteria")
    framework = FRAMEWORKS.get(framework_key) if isinstance(framework_key, str) else None
    if framework is None:
        raise InvalidInput("Pick a framework first.")
    criteria = store.list_criteria(workshop_id)
    mapping = map_slots(framework, criteria,
                        load_settings(store.get_workshop(workshop_id).engine).slot_choice(
                            framework.key))
    missing = [s for s in framework.slots if mapping[s.role] is None]
    added = []
    for name, direction, scale, unit in suggested_criteria(missing):
        low, high = scale_range(scale)
        # Weight 0: the new inputs feed the framework without changing the weighted score.
        store.add_criterion(workshop_id, actor_id, name, direction, low, high, 0.0, scale, unit)
        added.append(name)
    return added
