"""Criteria (name, direction, scale, weight) and each rater's scores."""

from __future__ import annotations

from collections.abc import Iterable

from workbench.domain.models import (
    NAME_MAX,
    UNIT_MAX,
    InvalidInput,
    ScoreOutOfRange,
    UnknownItem,
)
from workbench.domain.scales import get_scale, parse_rating, scale_range
from workbench.domain.validate import (
    check_weight_set,
    clean_direction,
    clean_id,
    clean_int,
    clean_scale,
    clean_text,
    clean_weight,
)
from workbench.services.authority import gate
from workbench.store import Store


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
    round_no = workshop.score_round if round_no is None else clean_int(
        round_no, "Round", 1, workshop.score_round)  # only this round or an earlier one
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
