"""Engine settings: changing is strict (plain InvalidInput, nothing changed), reading is
forgiving (damaged fields fall back to their defaults)."""

import dataclasses
import json

import pytest

from workbench.domain.models import InvalidInput
from workbench.engine.frameworks import FRAMEWORKS
from workbench.engine.settings import (
    DEFAULTS,
    MAX_DRAWS,
    EngineSettings,
    apply_changes,
    load_settings,
)

FRAMEWORK_CHOICES = "Framework must be one of: " + ", ".join(FRAMEWORKS) + "."
BAD = [
    ("framework", "nope", FRAMEWORK_CHOICES),
    ("framework", "<script>alert(1)</script>", FRAMEWORK_CHOICES),
    ("framework", "=1+1", FRAMEWORK_CHOICES),
    ("framework", None, FRAMEWORK_CHOICES),
    ("framework", 3, FRAMEWORK_CHOICES),
    ("normalisation", "log", "Normalisation must be one of: absolute, relative."),
    ("aggregation", "mode", "Aggregation must be one of: mean, median, trimmed."),
    ("calibrate", 1, "Calibration is either on or off."),
    ("calibrate", "yes", "Calibration is either on or off."),
    ("budget", -1, "The budget must be a number from 0 to 1e+12."),
    ("budget", 0, "The budget must be above 0."),
    ("budget", float("nan"), "The budget must be a number from 0 to 1e+12."),
    ("budget", float("inf"), "The budget must be a number from 0 to 1e+12."),
    ("budget", True, "The budget must be a number from 0 to 1e+12."),
    ("budget", "abc", "The budget must be a number from 0 to 1e+12."),
    ("budget", "", "The budget must be a number from 0 to 1e+12."),
    ("budget", [5], "The budget must be a number from 0 to 1e+12."),
    ("capacity", 0, "The capacity must be above 0."),
    ("capacity", -3, "The capacity must be a number from 0 to 1e+12."),
    ("top_n", 0, "Top N must be a whole number from 1 to 100."),
    ("top_n", 101, "Top N must be a whole number from 1 to 100."),
    ("top_n", 2.5, "Top N must be a whole number from 1 to 100."),
    ("top_n", False, "Top N must be a number from 1 to 100."),
    ("top_n", "three", "Top N must be a number from 1 to 100."),
    ("draws", 99, f"Draws must be a whole number from 100 to {MAX_DRAWS}."),
    ("draws", MAX_DRAWS + 1, f"Draws must be a whole number from 100 to {MAX_DRAWS}."),
    ("concentration", 0.1, "Concentration must be a number from 0.5 to 1000."),
    ("needs_weight", -1, "The weight of 'Serves important needs' must be a number from 0 to "
                         "1000."),
    ("needs_weight", True, "The weight of 'Serves important needs' must be a number from 0 to "
                           "1000."),
    ("must_include", "12", "Must include: unexpected selection."),
    ("exclude", ["a"], "Exclude: unexpected selection."),
    ("must_include", 7, "Must include: unexpected selection."),
    ("cost_criterion", "cost", "Cost criterion: unexpected selection."),
    ("slots", "abc", "Framework inputs: unexpected selection."),
    ("slots", [("rice", "reach")], "Framework inputs: unexpected selection."),
    ("colour", "red", "Unknown setting 'colour'."),
]


@pytest.mark.parametrize(("name", "value", "message"), BAD)
def test_each_bad_value_is_refused_in_plain_words_and_nothing_changes(name, value, message):
    current = EngineSettings(framework="rice", budget=10.0, top_n=5)
    before = dataclasses.asdict(current)
    with pytest.raises(InvalidInput) as caught:
        apply_changes(current, {name: value})
    assert str(caught.value) == message
    assert dataclasses.asdict(current) == before


def test_a_hostile_framework_string_is_not_echoed_back():
    with pytest.raises(InvalidInput) as caught:
        apply_changes(DEFAULTS, {"framework": "<script>alert(1)</script>"})
    assert "<script>" not in str(caught.value)


def test_one_bad_value_among_good_ones_changes_nothing():
    with pytest.raises(InvalidInput):
        apply_changes(DEFAULTS, {"framework": "rice", "top_n": 0})
    assert DEFAULTS.framework == "weighted" and DEFAULTS.top_n == 3


def test_settings_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULTS.framework = "rice"  # type: ignore[misc]


def test_must_include_and_exclude_cannot_overlap():
    with pytest.raises(InvalidInput, match="cannot be both must-include and excluded"):
        apply_changes(DEFAULTS, {"must_include": [1, 2], "exclude": [2, 3]})
    current = apply_changes(DEFAULTS, {"must_include": [4]})
    with pytest.raises(InvalidInput, match="cannot be both"):
        apply_changes(current, {"exclude": [4]})
    assert current.exclude == ()


def test_good_values_are_cleaned():
    updated = apply_changes(DEFAULTS, {
        "framework": "wsjf", "normalisation": "relative", "aggregation": "trimmed",
        "calibrate": True, "needs_weight": 2, "budget": 12, "capacity": 8.5, "top_n": 10.0,
        "draws": 100, "concentration": 0.5, "must_include": [3, 1, 3], "exclude": (7,),
        "cost_criterion": 4, "slots": [["rice", "reach", 5]]})
    assert updated.framework == "wsjf" and updated.normalisation == "relative"
    assert updated.aggregation == "trimmed" and updated.calibrate is True
    assert updated.needs_weight == 2.0 and updated.budget == 12.0 and updated.capacity == 8.5
    assert updated.top_n == 10 and isinstance(updated.top_n, int)
    assert updated.draws == 100 and updated.concentration == 0.5
    assert updated.must_include == (1, 3) and updated.exclude == (7,)
    assert updated.cost_criterion == 4
    assert updated.slots == (("rice", "reach", 5),)
    assert updated.slot_choice("rice") == {"reach": 5} and updated.slot_choice("wsjf") == {}
    assert apply_changes(updated, {"budget": None, "cost_criterion": None}).budget is None


@pytest.mark.parametrize(("name", "value"), [("budget", "10"), ("top_n", "3"),
                                              ("draws", "500")])
def test_strings_where_numbers_are_expected_are_refused(name, value):
    with pytest.raises(InvalidInput):
        apply_changes(DEFAULTS, {name: value})


@pytest.mark.parametrize(("name", "value"), [("must_include", [1.5]), ("exclude", [True]),
                                              ("cost_criterion", 2.7)])
def test_non_whole_or_boolean_ids_are_refused(name, value):
    with pytest.raises(InvalidInput):
        apply_changes(DEFAULTS, {name: value})


def test_slots_for_an_unknown_framework_or_role_are_refused():
    with pytest.raises(InvalidInput):
        apply_changes(DEFAULTS, {"slots": [("<script>", "=1+1", 1)]})


# ---- loading -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [None, "", "{", "not json", "[1, 2]", "null", "42", '"x"'])
def test_garbage_loads_as_the_defaults(text):
    assert load_settings(text) == DEFAULTS


def test_unknown_keys_are_ignored_and_a_bad_field_falls_back_alone():
    text = json.dumps({"framework": "rice", "top_n": 0, "budget": 5, "zzz": 1,
                       "draws": "lots", "normalisation": "relative"})
    loaded = load_settings(text)
    assert loaded == dataclasses.replace(DEFAULTS, framework="rice", budget=5.0,
                                         normalisation="relative")


def test_stored_nan_is_not_loaded():
    assert load_settings('{"budget": NaN, "capacity": Infinity}') == DEFAULTS


def test_settings_round_trip_through_json():
    settings = apply_changes(DEFAULTS, {
        "framework": "moscow", "slots": [("rice", "reach", 3), ("wsjf", "size", 4)],
        "budget": 5.5, "cost_criterion": 2, "must_include": [2, 1], "exclude": [9],
        "capacity": 10, "calibrate": True, "needs_weight": 1.5})
    assert load_settings(settings.to_json()) == settings
    assert load_settings(DEFAULTS.to_json()) == DEFAULTS
