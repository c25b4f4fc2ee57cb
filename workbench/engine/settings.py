"""How a workshop prioritises: framework, normalisation, aggregation and the Decide options.

Stored as JSON on the workshop. Reading is forgiving (an unknown or damaged field falls back
to its default, so an old or hand-edited file still opens); changing is strict (a bad value
raises InvalidInput and nothing is stored).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from workbench.domain.models import InvalidInput
from workbench.engine.aggregation import AGGREGATIONS
from workbench.engine.frameworks import FRAMEWORKS
from workbench.engine.scoring import NORMALISATIONS

MAX_DRAWS = 20_000


@dataclass(frozen=True)
class EngineSettings:
    framework: str = "weighted"
    normalisation: str = "absolute"
    aggregation: str = "mean"
    calibrate: bool = False
    needs_weight: float = 0.0          # weight of "Serves important needs" (0 = off)
    slots: tuple[tuple[str, str, int], ...] = ()  # (framework, role, criterion id) choices
    rescaled: tuple[tuple[str, str], ...] = ()    # (framework, role): ratings mapped onto
                                                  # the input's own scale (engine/rescale)
    budget: float | None = None
    cost_criterion: int | None = None  # what the budget is counted in
    must_include: tuple[int, ...] = ()
    exclude: tuple[int, ...] = ()
    capacity: float | None = None      # MoSCoW capacity, in the cost criterion's units
    top_n: int = 3
    concentration: float = 20.0
    draws: int = 2000

    def slot_choice(self, framework: str) -> dict[str, int]:
        """The user's criterion choices for one framework's input slots."""
        return {role: cid for fw, role, cid in self.slots if fw == framework}

    def rescaled_roles(self, framework: str) -> frozenset[str]:
        """The inputs of one framework whose ratings are mapped onto the input's scale."""
        return frozenset(role for fw, role in self.rescaled if fw == framework)

    def to_json(self) -> str:
        """The settings as stored on the workshop."""
        return json.dumps(asdict(self), sort_keys=True)


DEFAULTS = EngineSettings()


def _number(value: object, name: str, low: float, high: float, *, whole: bool = False
            ) -> float:
    if isinstance(value, (bool, str, bytes)) or value is None:
        raise InvalidInput(f"{name} must be a number from {low:g} to {high:g}.")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidInput(f"{name} must be a number from {low:g} to {high:g}.") from None
    if not math.isfinite(number) or not low <= number <= high or (whole and number % 1):
        kind = "a whole number" if whole else "a number"
        raise InvalidInput(f"{name} must be {kind} from {low:g} to {high:g}.")
    return number


def _ids(value: object, name: str) -> tuple[int, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise InvalidInput(f"{name}: unexpected selection.")
    ids = set()
    for v in value:  # type: ignore[union-attr]
        # 1.5 or True must not quietly become idea 1.
        if isinstance(v, (bool, str, bytes)):
            raise InvalidInput(f"{name}: unexpected selection.")
        try:
            number = float(v)
        except (TypeError, ValueError):
            raise InvalidInput(f"{name}: unexpected selection.") from None
        if not number.is_integer():
            raise InvalidInput(f"{name}: unexpected selection.")
        ids.add(int(number))
    return tuple(sorted(ids))


def _choice(value: object, options: Mapping[str, Any], name: str) -> str:
    if not isinstance(value, str) or value not in options:
        raise InvalidInput(f"{name} must be one of: {', '.join(options)}.")
    return value


def _clean(name: str, value: Any) -> Any:
    if name == "framework":
        return _choice(value, FRAMEWORKS, "Framework")
    if name == "normalisation":
        return _choice(value, NORMALISATIONS, "Normalisation")
    if name == "aggregation":
        return _choice(value, AGGREGATIONS, "Aggregation")
    if name == "calibrate":
        if not isinstance(value, bool):
            raise InvalidInput("Calibration is either on or off.")
        return value
    if name == "needs_weight":
        return _number(value, "The weight of 'Serves important needs'", 0, 1000)
    if name in ("budget", "capacity"):
        if value is None:
            return None
        label = "The budget" if name == "budget" else "The capacity"
        number = _number(value, label, 0, 1e12)
        if number <= 0:
            raise InvalidInput(f"{label} must be above 0.")
        return number
    if name == "cost_criterion":
        return None if value is None else _ids([value], "Cost criterion")[0]
    if name in ("must_include", "exclude"):
        return _ids(value, "Must include" if name == "must_include" else "Exclude")
    if name == "top_n":
        return int(_number(value, "Top N", 1, 100, whole=True))
    if name == "concentration":
        return _number(value, "Concentration", 0.5, 1000)
    if name == "draws":
        return int(_number(value, "Draws", 100, MAX_DRAWS, whole=True))
    if name == "slots":
        try:
            triples = [(f, r, c) for f, r, c in value]
        except (TypeError, ValueError):
            raise InvalidInput("Framework inputs: unexpected selection.") from None
        cleaned = []
        for framework, role, criterion in triples:
            roles = {s.role for s in FRAMEWORKS[framework].slots} if (
                isinstance(framework, str) and framework in FRAMEWORKS) else set()
            if role not in roles:
                raise InvalidInput("Framework inputs: unexpected selection.")
            cleaned.append((framework, role, _ids([criterion], "Framework inputs")[0]))
        return tuple(sorted(cleaned))
    if name == "rescaled":
        try:
            pairs = {(f, r) for f, r in value}
        except (TypeError, ValueError):
            raise InvalidInput("Mapped inputs: unexpected selection.") from None
        for framework, role in pairs:
            if not (isinstance(framework, str) and framework in FRAMEWORKS and role in
                    {s.role for s in FRAMEWORKS[framework].slots}):
                raise InvalidInput("Mapped inputs: unexpected selection.")
        return tuple(sorted(pairs))
    raise InvalidInput(f"Unknown setting {name!r}.")


def apply_changes(current: EngineSettings, changes: Mapping[str, Any]) -> EngineSettings:
    """Validate ``changes`` and return the new settings; InvalidInput names the bad one."""
    cleaned = {name: _clean(name, value) for name, value in changes.items()}
    updated = replace(current, **cleaned)
    overlap = set(updated.must_include) & set(updated.exclude)
    if overlap:
        raise InvalidInput("An idea cannot be both must-include and excluded.")
    return updated


def load_settings(text: str | None) -> EngineSettings:
    """Parse stored settings; anything unreadable falls back to its default."""
    try:
        data = json.loads(text or "{}")
    except (TypeError, ValueError):
        return DEFAULTS
    if not isinstance(data, dict):
        return DEFAULTS
    settings = DEFAULTS
    for f in fields(EngineSettings):
        if f.name in data:
            try:
                settings = apply_changes(settings, {f.name: data[f.name]})
            except InvalidInput:
                continue
    return settings
