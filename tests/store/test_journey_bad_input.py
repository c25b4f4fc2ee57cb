"""Journey stages and feedback: bad input gets a named error and changes no table."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.store.test_bad_input import HOSTILE, refused
from workbench import services
from workbench.domain.journey import DEFAULT_STAGES, STAGE_MAX, STAGES_MAX, StageInUse
from workbench.domain.models import InvalidInput, UnknownItem
from workbench.store import DuckDBStore, schema
from workbench.store import core as store_core

DATA = Path(__file__).resolve().parents[1] / "data" / "feedback"


@pytest.fixture
def w(tmp_path):
    """A workshop with two segments, three needs (two on Discover, one on Use), three
    feedback items and a second workshop with a need and a feedback item of its own."""
    store = DuckDBStore(tmp_path / "j.duckdb")
    wid = services.create_workshop(store, "Journey", "Goal")
    stages = [int(s) for s in store.stages(wid)["id"]]
    seg = services.add_segment(store, wid, None, "SMB")
    need_a = services.add_need(store, wid, None, seg, "Fast setup", 5, 2, stages[0])
    need_b = services.add_need(store, wid, None, seg, "Clear price", 4, None, stages[0])
    need_c = services.add_need(store, wid, None, seg, "Import contacts", 3, None, stages[3])
    services.paste_feedback(store, wid, None, "Setup took ages\nPrice unclear\nLove it")
    items = [int(i) for i in store.feedback(wid)["id"]]
    other = services.create_workshop(store, "Other")
    other_seg = services.add_segment(store, other, None, "X")
    other_need = services.add_need(store, other, None, other_seg, "Y", 3)
    services.paste_feedback(store, other, None, "Other item")
    other_stage = int(store.stages(other)["id"].iloc[0])
    other_item = int(store.feedback(other)["id"].iloc[0])
    yield type("W", (), dict(store=store, wid=wid, stages=stages, seg=seg, need_a=need_a,
                             need_b=need_b, need_c=need_c, items=items, other=other,
                             other_need=other_need, other_stage=other_stage,
                             other_item=other_item))
    store.close()


def test_a_new_workshop_starts_with_the_default_journey(w):
    assert tuple(w.store.stages(w.wid)["name"]) == DEFAULT_STAGES


def test_the_migration_back_fills_the_default_journey_for_existing_workshops(tmp_path,
                                                                           monkeypatch):
    """A file from just before the journey migration (no stages) gets the default journey for
    each workshop; its needs are not placed (None) until a person places them."""
    path = tmp_path / "old.duckdb"
    journey = next(k for k, steps in enumerate(schema.MIGRATIONS)
                   if any(isinstance(s, str) and "CREATE TABLE journey_stages" in s
                          for s in steps))
    monkeypatch.setattr(store_core, "MIGRATIONS", schema.MIGRATIONS[:journey])
    monkeypatch.setattr(store_core, "LATEST_VERSION", journey)
    old = DuckDBStore(path)
    wid = old.write(lambda cur: cur.execute(
        "INSERT INTO workshops (title) VALUES ('Old') RETURNING id").fetchone()[0])
    seg = old.add_segment(wid, None, "SMB", "")
    need = old.write(lambda cur: cur.execute(
        "INSERT INTO needs (workshop_id, segment_id, statement, importance) "
        "VALUES (?, ?, 'Old need', 3) RETURNING id", [wid, seg]).fetchone()[0])
    old.close()
    monkeypatch.undo()
    store = DuckDBStore(path)
    assert tuple(store.stages(wid)["name"]) == DEFAULT_STAGES
    assert store.need_stages(wid) == {need: None}
    store.close()


@pytest.mark.parametrize("name, match", [
    ("", "Stage name cannot be empty"), ("   ", "Stage name cannot be empty"),
    ("x" * (STAGE_MAX + 1), "limit is 60"), (42, "must be text"),
    ("discover", "already a stage called"), ("Bad\u0007name", "control character")])
def test_a_bad_stage_name_is_refused_and_nothing_changes(w, name, match):
    with refused(w.store, InvalidInput, match):
        services.add_stage(w.store, w.wid, None, name)
    with refused(w.store, InvalidInput, match if name != "discover" else "already a stage"):
        services.rename_stage(w.store, w.wid, None, w.stages[1], name)


@pytest.mark.parametrize("text", HOSTILE)
def test_a_hostile_stage_name_is_stored_as_data(w, text):
    stage = services.add_stage(w.store, w.wid, None, text)
    names = w.store.stages(w.wid).set_index("id")["name"]
    assert names[stage] == text


def test_a_journey_holds_at_most_twenty_stages(w):
    for k in range(STAGES_MAX - len(DEFAULT_STAGES)):
        services.add_stage(w.store, w.wid, None, f"Stage {k}")
    with refused(w.store, InvalidInput, "at most 20 stages"):
        services.add_stage(w.store, w.wid, None, "One too many")


def test_reordering_moves_one_place_and_refuses_past_the_ends(w):
    services.move_stage(w.store, w.wid, None, w.stages[1], -1)
    assert list(w.store.stages(w.wid)["name"][:2]) == ["Evaluate", "Discover"]
    with refused(w.store, InvalidInput, "already at the start"):
        services.move_stage(w.store, w.wid, None, w.stages[1], -1)
    with refused(w.store, InvalidInput, "already at the end"):
        services.move_stage(w.store, w.wid, None, w.stages[-1], 1)
    with refused(w.store, InvalidInput, "one place"):
        services.move_stage(w.store, w.wid, None, w.stages[2], 3)


def test_deleting_a_stage_with_needs_asks_where_they_go_and_changes_nothing(w):
    with refused(w.store, StageInUse, "2 need"):
        services.delete_stage(w.store, w.wid, None, w.stages[0])
    with refused(w.store, InvalidInput, "cannot move to the stage being deleted"):
        services.delete_stage(w.store, w.wid, None, w.stages[0], w.stages[0])
    with refused(w.store, UnknownItem, "journey stage"):
        services.delete_stage(w.store, w.wid, None, w.stages[0], w.other_stage)


def test_deleting_a_stage_moves_its_needs_to_the_chosen_stage(w):
    services.delete_stage(w.store, w.wid, None, w.stages[0], w.stages[2])
    placed = w.store.need_stages(w.wid)
    assert placed[w.need_a] == placed[w.need_b] == w.stages[2]
    assert w.stages[0] not in set(w.store.stages(w.wid)["id"])


def test_an_empty_stage_is_deleted_without_asking(w):
    services.delete_stage(w.store, w.wid, None, w.stages[5])
    assert len(w.store.stages(w.wid)) == len(DEFAULT_STAGES) - 1


def test_stages_of_another_workshop_or_gone_are_refused(w):
    with refused(w.store, UnknownItem, "journey stage"):
        services.rename_stage(w.store, w.wid, None, w.other_stage, "Mine now")
    with refused(w.store, UnknownItem, "journey stage"):
        services.place_needs(w.store, w.wid, None, [w.need_a], w.other_stage)
    with refused(w.store, UnknownItem, "journey stage"):
        services.add_need(w.store, w.wid, None, w.seg, "New need", 3, None, w.other_stage)
    with refused(w.store, UnknownItem, "journey stage"):
        services.edit_need(w.store, w.wid, None, w.need_a, w.seg, "Fast setup", 5, 2, 999_999)
    with refused(w.store, InvalidInput, "unexpected selection"):
        services.place_needs(w.store, w.wid, None, [w.need_a], "Discover")
    with refused(w.store, InvalidInput, "at least one need"):
        services.place_needs(w.store, w.wid, None, [], w.stages[1])


def test_a_stage_deleted_while_a_need_is_added_onto_it_never_leaves_the_need_stranded(w):
    """Add a need on stage S while S is deleted (its needs moving to T), many times: every
    need ends on a stage that exists."""
    for k in range(15):
        doomed = services.add_stage(w.store, w.wid, None, f"Doomed {k}")
        errors: list[BaseException] = []

        def add(k: int = k, doomed: int = doomed, errors: list = errors) -> None:
            try:
                services.add_need(w.store, w.wid, None, w.seg, f"Need {k}", 3, None, doomed)
            except UnknownItem:
                pass   # the delete won: refused, nothing written
            except BaseException as exc:   # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=add),
                   threading.Thread(target=services.delete_stage,
                                    args=(w.store, w.wid, None, doomed, w.stages[1]))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        live = set(w.store.stages(w.wid)["id"].astype(int))
        assert all(s in live for s in w.store.need_stages(w.wid).values() if s is not None)


@pytest.mark.parametrize("name", ["scores_off_scale.csv", "bad_dates.csv",
                                  "no_text_column.csv", "empty.csv", "header_only.csv"])
def test_a_bad_feedback_file_is_refused_and_nothing_changes(w, name):
    with refused(w.store, InvalidInput):
        services.import_feedback(w.store, w.wid, None, (DATA / name).read_bytes(), name)


def test_an_unknown_scale_is_refused(w):
    with refused(w.store, InvalidInput, "NPS .0–10. or CSAT"):
        services.import_feedback(w.store, w.wid, None, b"text\nx\n", "f.csv", scale="ces")


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_feedback_text_segment_and_source_are_stored_byte_for_byte(w, text):
    data = ("text,segment,source\n" + ",".join('"' + text.replace('"', '""') + '"'
                                               for _ in range(3)) + "\n").encode()
    services.import_feedback(w.store, w.wid, None, data, "f.csv")
    row = w.store.feedback(w.wid).iloc[-1]
    assert (row["text"], row["segment"], row["source"]) == (text, text, text)
    services.paste_feedback(w.store, w.wid, None, text, text, text)
    row = w.store.feedback(w.wid).iloc[-1]
    assert (row["text"], row["segment"], row["source"]) == (text, text, text)


def test_assigning_to_a_need_that_is_gone_or_foreign_is_refused(w):
    with refused(w.store, UnknownItem, "need"):
        services.assign_feedback(w.store, w.wid, None, w.items[:2], w.other_need)
    with refused(w.store, UnknownItem, "feedback item"):
        services.assign_feedback(w.store, w.wid, None, [w.items[0], w.other_item], w.need_a)
    with refused(w.store, InvalidInput, "at least one feedback item"):
        services.assign_feedback(w.store, w.wid, None, [], w.need_a)
    with refused(w.store, InvalidInput, "unexpected selection"):
        services.assign_feedback(w.store, w.wid, None, ["one"], w.need_a)
    with refused(w.store, UnknownItem, "feedback item"):
        services.accept_suggestions(w.store, w.wid, None, [(w.other_item, w.need_a)])
    with refused(w.store, InvalidInput, "at least one suggestion"):
        services.reject_suggestions(w.store, w.wid, None, [])
    with refused(w.store, InvalidInput, "on or off"):
        services.set_evidence_importance(w.store, w.wid, None, "yes")


def test_bulk_assign_then_deleting_the_need_keeps_the_feedback_unassigned(w):
    assert services.assign_feedback(w.store, w.wid, None, w.items, w.need_c) == 3
    assert set(w.store.feedback(w.wid)["need_id"]) == {w.need_c}
    services.delete_need(w.store, w.wid, None, w.need_c, untag=True)
    items = w.store.feedback(w.wid)
    assert len(items) == 3 and items["need_id"].isna().all()


def test_a_rejected_suggestion_is_not_suggested_again(w):
    first = {s.feedback_id: s.need_id for s in services.suggestions(w.store, w.wid)}
    assert first.get(w.items[0]) == w.need_a   # "Setup took ages" ~ "Fast setup"
    services.reject_suggestions(w.store, w.wid, None, [(w.items[0], w.need_a)])
    again = {s.feedback_id: s.need_id for s in services.suggestions(w.store, w.wid)}
    assert again.get(w.items[0]) != w.need_a
    services.accept_suggestions(w.store, w.wid, None, [(w.items[1], w.need_b)])
    assert w.store.feedback(w.wid).set_index("id").loc[w.items[1], "need_id"] == w.need_b


def test_deleting_the_workshop_deletes_its_stages_and_feedback(w):
    services.delete_workshop(w.store, w.wid, None)
    assert w.store.stages(w.wid).empty and w.store.feedback(w.wid).empty
    assert len(w.store.feedback(w.other)) == 1


def test_a_participant_cannot_edit_stages_or_feedback_once_the_needs_phases_are_over(w):
    """Live workshop in converge: stage and feedback writes by a participant are refused and
    change nothing; the facilitator may still make them (facilitators may act in any phase)."""
    from workbench.domain.models import PhaseLocked
    start = services.start_live_workshop(w.store, "Live", "", "Fiona")
    wid, fiona = start.seat.workshop.id, start.seat.participant.id
    pat = services.join_with_code(w.store, start.seat.workshop.join_code, "Pat").participant.id
    seg = services.add_segment(w.store, wid, fiona, "Buyers")
    need = services.add_need(w.store, wid, fiona, seg, "Know the price", 5, 1)
    services.paste_feedback(w.store, wid, fiona, "Price is hidden")
    item = int(w.store.feedback(wid)["id"].iloc[0])
    stage = int(w.store.stages(wid)["id"].iloc[0])
    services.set_phase(w.store, wid, fiona, "converge")
    for attempt in (lambda: services.add_stage(w.store, wid, pat, "Later"),
                    lambda: services.delete_stage(w.store, wid, pat, stage),
                    lambda: services.place_needs(w.store, wid, pat, [need], stage),
                    lambda: services.paste_feedback(w.store, wid, pat, "More"),
                    lambda: services.assign_feedback(w.store, wid, pat, [item], need),
                    lambda: services.set_evidence_importance(w.store, wid, pat, True)):
        with refused(w.store, PhaseLocked, "needs and diverge phases"):
            attempt()
    services.assign_feedback(w.store, wid, fiona, [item], need)
    assert w.store.feedback(wid)["need_id"].tolist() == [need]
