"""The Decide page's saved settings: method, MoSCoW buckets, framework inputs."""

from __future__ import annotations

from dataclasses import asdict

from workbench.domain.models import (
    MOSCOW,
    InvalidInput,
    UnknownItem,
)
from workbench.domain.scales import scale_range
from workbench.domain.validate import (
    clean_id,
)
from workbench.engine.frameworks import FRAMEWORKS, map_slots, suggested_criteria
from workbench.engine.settings import EngineSettings, apply_changes, load_settings
from workbench.services.authority import gate
from workbench.store import Store


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
                           framework_key: object, slots: object = None) -> list[str]:
    """Add the criteria a framework needs and the workshop lacks (weight 0); return names.

    ``slots`` are the input choices of a method being previewed (the saved ones otherwise),
    so what is added is what the person was shown as missing.
    """
    workshop = gate(store, workshop_id, actor_id, "edit_criteria")
    framework = FRAMEWORKS.get(framework_key) if isinstance(framework_key, str) else None
    if framework is None:
        raise InvalidInput("Pick a framework first.")
    settings = load_settings(workshop.engine)
    if slots is not None:
        settings = apply_changes(settings, {"slots": slots})
    criteria = store.list_criteria(workshop_id)
    mapping = map_slots(framework, criteria, settings.slot_choice(framework.key))
    missing = [s for s in framework.slots if mapping[s.role] is None]
    added = []
    for name, direction, scale, unit in suggested_criteria(missing):
        low, high = scale_range(scale)
        # Weight 0: the new inputs feed the framework without changing the weighted score.
        store.add_criterion(workshop_id, actor_id, name, direction, low, high, 0.0, scale, unit)
        added.append(name)
    return added
