"""Bad KPI, link, outcome and technique input is refused with a reason and changes nothing;
hostile KPI names are stored as data."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.store.test_bad_input import HOSTILE, assert_actionable, refused
from workbench import services
from workbench.domain.models import InvalidInput, NotFacilitator, UnknownItem
from workbench.domain.outcomes import KPI_NAME_MAX, KPI_UNIT_MAX, OUTCOME_NOTE_MAX
from workbench.store import Store


@dataclass
class K:
    store: Store
    wid: int
    ann: int
    kpi: int        # NPS 20 → 35, up
    churn: int      # Churn 8 → 5, down
    picked: int     # selected (Must), linked to NPS (+6)
    other: int      # shortlisted, not selected
    foreign_kpi: int  # a KPI of another workshop


@pytest.fixture
def k(fresh_store) -> K:
    s = fresh_store
    wid = services.create_workshop(s, "KPI workshop", "")
    ann = services.join(s, wid, "Ann").id
    kpi = services.add_kpi(s, wid, ann, "NPS", "nps", "", 20, 35, "up")
    churn = services.add_kpi(s, wid, ann, "Churn", "retention", "%", 8, 5, "down")
    picked = services.add_idea(s, wid, ann, "Picked")
    other = services.add_idea(s, wid, ann, "Other")
    services.set_shortlist(s, wid, ann, [picked, other])
    services.set_moscow(s, wid, ann, {picked: "must"})
    services.link_idea_kpi(s, wid, ann, picked, kpi, 6)
    w2 = services.create_workshop(s, "Elsewhere", "")
    foreign = services.add_kpi(s, w2, services.join(s, w2, "Zed").id, "NPS", "nps", "", 0, 10,
                               "up")
    return K(s, wid, ann, kpi, churn, picked, other, foreign)


def add(k: K, name="CSAT", kind="csat", unit="", baseline=70, target=80, direction="up"):
    return services.add_kpi(k.store, k.wid, k.ann, name, kind, unit, baseline, target, direction)


@pytest.mark.parametrize(("name", "match"), [
    ("", "KPI name cannot be empty"), ("   ", "KPI name cannot be empty"),
    (None, "KPI name cannot be empty"), (42, "KPI name must be text"),
    ("x" * (KPI_NAME_MAX + 1), f"KPI name is {KPI_NAME_MAX + 1} characters")])
def test_a_kpi_without_a_proper_name_is_refused(k, name, match):
    with refused(k.store, InvalidInput, match):
        add(k, name=name)


@pytest.mark.parametrize("name", ["NPS", "nps", "  Nps "])
def test_a_duplicate_kpi_name_is_refused(k, name):
    with refused(k.store, InvalidInput, "already a KPI called"):
        add(k, name=name)


@pytest.mark.parametrize(("baseline", "target", "direction", "match"), [
    (70, 70, "up", "target equals the baseline"),
    (70, 60, "up", "target above its baseline"),
    (8, 9, "down", "target below its baseline"),
    ("abc", 80, "up", "Baseline must be a number"),
    (None, 80, "up", "Baseline must be a number"),
    (True, 80, "up", "Baseline must be a number"),
    ([70], 80, "up", "Baseline must be a number"),
    (70, float("nan"), "up", "Target must be a finite number"),
    (70, float("inf"), "up", "Target must be a finite number"),
    (70, 1e10, "up", "Target must be a finite number"),
    (70, 80, "sideways", "direction must be up"),
])
def test_a_kpi_with_bad_numbers_or_direction_is_refused(k, baseline, target, direction, match):
    with refused(k.store, InvalidInput, match):
        add(k, baseline=baseline, target=target, direction=direction)


def test_an_nps_outside_minus_100_to_100_is_refused(k):
    with refused(k.store, InvalidInput, "NPS runs from −100 to 100"):
        add(k, name="NPS 2", kind="nps", baseline=20, target=120)


@pytest.mark.parametrize("kind", ["", "revenue", None, 3])
def test_an_unknown_kpi_kind_is_refused(k, kind):
    with refused(k.store, InvalidInput, "kind must be NPS, CSAT"):
        add(k, kind=kind)


def test_a_too_long_unit_is_refused(k):
    with refused(k.store, InvalidInput, f"Unit is {KPI_UNIT_MAX + 1} characters"):
        add(k, unit="u" * (KPI_UNIT_MAX + 1))


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_kpi_names_and_units_are_stored_as_typed(k, text):
    kpi_id = add(k, name=text[:KPI_NAME_MAX], unit=text[:KPI_UNIT_MAX])
    row = k.store.kpis(k.wid).set_index("id").loc[kpi_id]
    assert (row["name"], row["unit"]) == (text[:KPI_NAME_MAX].strip(),
                                          text[:KPI_UNIT_MAX].strip())


@pytest.mark.parametrize(("expected", "tradeoff", "match"), [
    (0, False, "change of 0 moves nothing"),
    (-3, False, "needs a positive change; -3 moves it the wrong way"),
    (3, True, "untick “trade-off”"),
    ("lots", False, "Expected change must be a number"),
    (None, False, "Expected change must be a number"),
])
def test_a_bad_expected_change_is_refused(k, expected, tradeoff, match):
    with refused(k.store, InvalidInput, match):
        services.link_idea_kpi(k.store, k.wid, k.ann, k.other, k.kpi, expected, tradeoff)


def test_a_churn_kpi_wants_a_negative_change(k):
    with refused(k.store, InvalidInput, "needs a negative change"):
        services.link_idea_kpi(k.store, k.wid, k.ann, k.other, k.churn, 1)
    services.link_idea_kpi(k.store, k.wid, k.ann, k.other, k.churn, 1, tradeoff=True)
    assert bool(k.store.idea_kpis(k.wid).set_index("idea_id").loc[k.other, "tradeoff"])


@pytest.mark.parametrize("which", ["unknown idea", "unknown kpi", "foreign kpi"])
def test_a_link_to_something_that_is_not_here_is_refused(k, which):
    idea, kpi = {"unknown idea": (999_999, k.kpi), "unknown kpi": (k.other, 999_999),
                 "foreign kpi": (k.other, k.foreign_kpi)}[which]
    with refused(k.store, UnknownItem):
        services.link_idea_kpi(k.store, k.wid, k.ann, idea, kpi, 5)


def test_unlinking_what_is_not_linked_is_refused(k):
    with refused(k.store, InvalidInput, "not linked"):
        services.unlink_idea_kpi(k.store, k.wid, k.ann, k.other, k.kpi)


@pytest.mark.parametrize(("idea", "status", "measured", "match"), [
    ("other", "planned", None, "selected ideas only"),
    ("picked", "in_progress", {"kpi": 3}, "once the idea is shipped"),
    ("picked", "planned", {"kpi": 3}, "once the idea is shipped"),
    ("picked", "shipped", {"kpi": "a lot"}, "Measured change must be a number"),
    ("picked", "shipped", {"kpi": float("nan")}, "Measured change must be a finite"),
    ("picked", "shipped", {"churn": -1}, "KPI the idea is linked to"),
    ("picked", "done", None, "status must be planned"),
    ("picked", None, None, "status must be planned"),
])
def test_a_bad_outcome_is_refused(k, idea, status, measured, match):
    values = {getattr(k, key): v for key, v in (measured or {}).items()}
    with refused(k.store, InvalidInput, match):
        services.record_outcome(k.store, k.wid, k.ann, getattr(k, idea), status, values)


def test_a_too_long_outcome_note_is_refused(k):
    with refused(k.store, InvalidInput, f"Note is {OUTCOME_NOTE_MAX + 1:,} characters"):
        services.record_outcome(k.store, k.wid, k.ann, k.picked, "planned", None,
                                "n" * (OUTCOME_NOTE_MAX + 1))


@pytest.mark.parametrize("key", ["", "brainwriting", None, 3, ["scamper"]])
def test_an_unknown_technique_card_is_refused(k, key):
    with refused(k.store, InvalidInput, "Choose one of the technique cards"):
        services.push_technique(k.store, k.wid, k.ann, key)


def test_a_participant_of_a_live_workshop_changes_no_kpi(fresh_store):
    started = services.start_live_workshop(fresh_store, "Live", "", "Fiona")
    w = started.seat.workshop.id
    kpi = services.add_kpi(fresh_store, w, started.seat.participant.id, "NPS", "nps", "", 1, 9,
                           "up")
    ann = services.join_with_code(fresh_store, started.seat.workshop.join_code, "Ann")
    for call in (lambda: services.add_kpi(fresh_store, w, ann.participant.id, "CSAT", "csat",
                                          "", 70, 80, "up"),
                 lambda: services.delete_kpi(fresh_store, w, ann.participant.id, kpi),
                 lambda: services.clear_technique(fresh_store, w, ann.participant.id)):
        with refused(fresh_store, NotFacilitator):
            call()


def test_messages_read_as_sentences():
    with pytest.raises(InvalidInput) as info:
        services.kpis.clean_number("x", "Baseline")
    assert_actionable(info.value)
