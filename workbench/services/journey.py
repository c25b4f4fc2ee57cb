"""The journey map: edit a workshop's stages and place needs on them; read the heatmap."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.domain.journey import STAGE_MAX, StageInUse
from workbench.domain.models import InvalidInput, UnknownItem
from workbench.domain.validate import clean_id, clean_text, unique_ids
from workbench.engine.evidence import importance_in_use, need_evidence
from workbench.engine.journey import MEASURES, JourneyMap, journey_map
from workbench.services.authority import gate
from workbench.store import Store


def _stage_name(name: object) -> str:
    return clean_text(name, "Stage name", STAGE_MAX)


def add_stage(store: Store, workshop_id: int, actor_id: int | None, name: object) -> int:
    """Add a stage at the end of the journey."""
    gate(store, workshop_id, actor_id, "edit_needs")
    return store.add_stage(workshop_id, actor_id, _stage_name(name))


def rename_stage(store: Store, workshop_id: int, actor_id: int | None, stage_id: object,
                 name: object) -> None:
    """Rename a stage."""
    gate(store, workshop_id, actor_id, "edit_needs")
    store.rename_stage(workshop_id, actor_id, clean_id(stage_id, "Stage"), _stage_name(name))


def move_stage(store: Store, workshop_id: int, actor_id: int | None, stage_id: object,
               step: object) -> None:
    """Move a stage one place earlier (step −1) or later (+1) in the journey."""
    gate(store, workshop_id, actor_id, "edit_needs")
    stage = clean_id(stage_id, "Stage")
    if step not in (-1, 1) or isinstance(step, bool):
        raise InvalidInput("A stage moves one place earlier or later at a time.")
    order = [int(s) for s in store.stages(workshop_id)["id"]]
    if stage not in order:
        raise UnknownItem("journey stage", stage)
    k = order.index(stage)
    j = k + int(step)  # type: ignore[call-overload]
    if not 0 <= j < len(order):
        raise InvalidInput("That stage is already at the " + ("start" if j < 0 else "end")
                           + " of the journey.")
    order[k], order[j] = order[j], order[k]
    store.reorder_stages(workshop_id, actor_id, order)


def delete_stage(store: Store, workshop_id: int, actor_id: int | None, stage_id: object,
                 move_to: object = None) -> None:
    """Delete a stage; when needs sit on it, ``move_to`` names the stage they go to, else
    StageInUse (nothing changes) — needs are never left on a stage that is gone."""
    gate(store, workshop_id, actor_id, "edit_needs")
    stage = clean_id(stage_id, "Stage")
    target = None if move_to is None else clean_id(move_to, "Stage to move the needs to")
    blocking = store.delete_stage(workshop_id, actor_id, stage, target)
    if blocking:
        raise StageInUse(blocking)


def place_needs(store: Store, workshop_id: int, actor_id: int | None, need_ids: Sequence[object],
                stage_id: object) -> None:
    """Put needs on a journey stage (None: take them off the journey)."""
    gate(store, workshop_id, actor_id, "edit_needs")
    ids = unique_ids(need_ids, "Needs")
    if not ids:
        raise InvalidInput("Choose at least one need to place on the journey.")
    stage = None if stage_id is None else clean_id(stage_id, "Stage")
    store.set_need_stage(workshop_id, actor_id, ids, stage)


def journey(store: Store, workshop_id: int, measure: str = "importance") -> JourneyMap:
    """The heatmap of a workshop's needs (importance as the workshop uses it: stated, or
    from feedback evidence when it is switched on)."""
    if measure not in MEASURES:
        raise InvalidInput("Colour the journey by importance or by opportunity.")
    def compute() -> JourneyMap:
        needs = store.list_needs(workshop_id)
        importance = importance_in_use(needs, need_evidence(store.feedback(workshop_id)),
                                       store.evidence_sets_importance(workshop_id))
        return journey_map(store.stages(workshop_id), store.list_segments(workshop_id), needs,
                           measure, importance)
    return store.derived(("journey", workshop_id, measure), compute)
