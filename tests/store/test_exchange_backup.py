"""Backups: JSON out, a new identical workshop back in (property test), and bad files refused
with nothing written."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.store.test_bad_input import refused
from tests.threads import run_together
from workbench import services
from workbench.domain.models import InvalidToken, NotFacilitator
from workbench.exchange import remap, snapshot
from workbench.exchange.snapshot import BackupRefused
from workbench.store import Store

TEXT = st.text(st.sampled_from("abcXYZ 019=+-@'\"<>*_[]()é漢🙂"), min_size=1,
               max_size=24).filter(lambda s: s.strip())
NAMES = ("Ann", "Bo", "Cy")


def backup(store: Store, workshop_id: int, names: bool = True, actor: int | None = None
           ) -> dict:
    return json.loads(services.backup_workshop(store, workshop_id, actor, names=names).data)


def canonical(document: dict) -> dict:
    """The document's rows with every id replaced by its rank among the document's ids, and
    the export time dropped: two backups of identical workshops compare equal."""
    snap = snapshot.parse(snapshot.encode(document))
    ranks = list(range(1, len(remap.old_ids(snap)) + 1))
    return remap.remap(snap, ranks)


@st.composite
def plans(draw) -> dict:
    """A workshop to build: people, needs, ideas (tags, shortlist, scores), merges, notes."""
    people = draw(st.integers(1, 3))
    needs = draw(st.lists(TEXT, max_size=3))
    ideas = draw(st.lists(st.tuples(TEXT, st.integers(0, people - 1), st.booleans(),
                                    st.lists(st.integers(0, 2), max_size=2)),
                          min_size=1, max_size=6))
    scores = draw(st.lists(st.tuples(st.integers(0, 5), st.integers(0, people - 1),
                                     st.integers(0, 2), st.integers(1, 5)), max_size=12))
    return {"people": people, "needs": needs, "ideas": ideas, "scores": scores,
            "merge": draw(st.booleans()), "note": draw(st.none() | TEXT),
            "framework": draw(st.sampled_from(["weighted", "moscow", "value_effort"]))}


def build(store: Store, plan: dict) -> int:
    wid = services.create_workshop(store, "Plan " + plan["needs"][0] if plan["needs"]
                                   else "Plan", "Goal =1+1")
    people = [services.join(store, wid, NAMES[k]).id for k in range(plan["people"])]
    segment = services.add_segment(store, wid, people[0], "Segment", "")
    need_ids = [services.add_need(store, wid, people[0], segment, f"{k} {text}", 3, None)
                for k, text in enumerate(plan["needs"])]
    ideas = []
    for title, author, _, tags in plan["ideas"]:
        chosen = sorted({need_ids[t] for t in tags if t < len(need_ids)})
        ideas.append(services.add_idea(store, wid, people[author], title, "", chosen))
    services.set_shortlist(store, wid, people[0],
                           [i for i, plan_idea in zip(ideas, plan["ideas"], strict=True)
                            if plan_idea[2]] or ideas[:1])
    criteria = store.list_criteria(wid)
    shortlisted = set(store.shortlist(wid)["id"].astype(int))
    for idea_k, rater, criterion_k, value in plan["scores"]:
        if idea_k < len(ideas) and ideas[idea_k] in shortlisted:
            services.save_scores(store, wid, people[rater],
                                 [(ideas[idea_k], criteria[criterion_k].id, value)])
    if plan["merge"] and len(ideas) >= 2:
        services.merge_ideas(store, wid, people[0], ideas[:2], "Merged =SUM(A1)")
    if plan["note"]:
        services.add_note(store, wid, people[-1], ideas[0], plan["note"])  # ideas[0] stays
    services.update_engine(store, wid, None, framework=plan["framework"],
                           cost_criterion=criteria[1].id)
    return wid


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=plans())
def test_backup_restore_backup_is_identical_but_for_ids(fresh_store, plan):
    wid = build(fresh_store, plan)
    first = backup(fresh_store, wid)
    restored = services.restore_backup(fresh_store, json.dumps(first).encode(), "x.json")
    second = backup(fresh_store, restored.workshop_id)
    assert restored.workshop_id != wid
    assert canonical(first) == canonical(second)
    # Independently of the id mapping: the same people scored the same ideas the same way.
    def scored(workshop_id):
        names = dict(zip(fresh_store.list_participants(workshop_id)["id"],
                         fresh_store.list_participants(workshop_id)["name"], strict=True))
        # Merged-away ideas keep their scores, so titles come from every idea row.
        titles = dict(fresh_store.workshop_tables(workshop_id, [("ideas", ("id", "title"))])
                      ["ideas"][1])
        crit = {c.id: c.name for c in fresh_store.list_criteria(workshop_id)}
        rows = fresh_store.all_scores(workshop_id, 1)
        return sorted((titles[int(r.idea_id)], names[r.rater_id], crit[r.criterion_id], r.value)
                      for r in rows.itertuples())
    assert scored(wid) == scored(restored.workshop_id)
    assert services.engine_settings(fresh_store, restored.workshop_id).cost_criterion == \
        fresh_store.list_criteria(restored.workshop_id)[1].id


def test_a_restored_live_workshop_gets_a_new_code_and_key_and_no_old_seat(fresh_store):
    started = services.start_live_workshop(fresh_store, "Offsite", "", "Fay")
    wid = started.seat.workshop.id
    bo = services.join_with_code(fresh_store, started.seat.workshop.join_code, "Bo")
    restored = services.restore_backup(fresh_store, services.backup_workshop(
        fresh_store, wid, started.seat.participant.id).data)
    copy = fresh_store.get_workshop(restored.workshop_id)
    assert copy.live and copy.join_code == restored.join_code != started.seat.workshop.join_code
    assert restored.facilitator_key and restored.facilitator_key != started.facilitator_key
    # Old rejoin links do not open the copy; the new key gives Fay her seat back.
    with pytest.raises(InvalidToken):
        services.rejoin(fresh_store, copy.id, bo.rejoin_token)
    seat = services.take_restored_seat(fresh_store, copy.join_code, restored.facilitator_key,
                                       "Fay")
    assert seat.participant.is_facilitator and seat.participant.name == "Fay"
    other = services.take_restored_seat(fresh_store, copy.join_code, restored.facilitator_key,
                                        "Gil")
    assert other.participant.is_facilitator


def test_participants_backup_needs_the_facilitator_and_names_can_be_left_out(fresh_store):
    started = services.start_live_workshop(fresh_store, "Offsite", "", "Fay")
    wid = started.seat.workshop.id
    bo = services.join_with_code(fresh_store, started.seat.workshop.join_code, "Bo")
    with pytest.raises(NotFacilitator, match="run the workshop"):
        services.backup_workshop(fresh_store, wid, bo.participant.id)
    hidden = backup(fresh_store, wid, names=False, actor=started.seat.participant.id)
    people = hidden["tables"]["participants"]
    names = [row[people["columns"].index("name")] for row in people["rows"]]
    assert names == ["Participant 1", "Participant 2"] and hidden["names"] is False
    assert "Fay" not in json.dumps(hidden) and "Bo" not in json.dumps(hidden)


def test_merges_with_refunded_dots_survive_the_round_trip_and_can_be_undone(fresh_store):
    """Dots need a live workshop in converge; a cap of 1 refunds the second dot on a merge."""
    started = services.start_live_workshop(fresh_store, "Dots", "", "Fay")
    wid, fay = started.seat.workshop.id, started.seat.participant.id
    a = services.add_idea(fresh_store, wid, fay, "A")
    b = services.add_idea(fresh_store, wid, fay, "B")
    services.set_shortlist(fresh_store, wid, fay, [a, b])
    services.set_dots(fresh_store, wid, fay, 5, 1)
    services.set_phase(fresh_store, wid, fay, "converge")
    services.place_dot(fresh_store, wid, fay, a)
    services.place_dot(fresh_store, wid, fay, b)
    services.merge_ideas(fresh_store, wid, fay, [a, b], "A and B")
    document = backup(fresh_store, wid, actor=fay)
    restored = services.restore_backup(fresh_store, json.dumps(document).encode())
    seat = services.take_restored_seat(fresh_store, restored.join_code,
                                       restored.facilitator_key, "Fay")
    again = backup(fresh_store, restored.workshop_id, actor=seat.participant.id)
    assert canonical(document) == canonical(again)
    merge = fresh_store.list_merges(restored.workshop_id)
    services.unmerge_ideas(fresh_store, restored.workshop_id, seat.participant.id,
                           int(merge["id"].iloc[0]))
    titles = sorted(fresh_store.list_ideas(restored.workshop_id)["title"])
    assert titles == ["A", "B"]
    assert int(fresh_store.dot_totals(restored.workshop_id, 1)["dots"].sum()) == 2


# ---- bad files: a clear message and nothing written ---------------------------------------


@pytest.fixture
def good(workshop) -> bytes:
    idea = workshop.idea("Scored idea")
    services.save_scores(workshop.store, workshop.id, workshop.rater.id,
                         [(idea, workshop.criteria[0].id, 4)])
    return services.backup_workshop(workshop.store, workshop.id, None).data


def edited(data: bytes, change) -> bytes:
    document = json.loads(data)
    change(document)
    return json.dumps(document).encode()


def drop_idea(document: dict) -> None:
    document["tables"]["ideas"]["rows"] = []


BAD = {
    "empty file": (lambda good: b"", "empty"),
    "NUL bytes": (lambda good: good[:40] + b"\x00" + good[40:], "NUL"),
    "cut short": (lambda good: good[: len(good) // 2], "cut short"),
    "not UTF-8": (lambda good: b"\xff\xfe\x00x", "NUL"),
    "not JSON at all": (lambda good: b"title,score\nA,1\n", "not complete JSON"),
    "JSON but not a backup": (lambda good: b'{"ideas": []}', "not a workshop backup"),
    "a JSON list": (lambda good: b"[1, 2]", "not a workshop backup"),
    "newer schema": (lambda good: edited(good, lambda d: d.update(schema_version=99)),
                     "newer version"),
    "schema as text": (lambda good: edited(good, lambda d: d.update(schema_version="1")),
                       "schema_version"),
    "unknown table": (lambda good: edited(good, lambda d: d["tables"].update(x={})),
                      "does not know"),
    "score for a missing idea": (lambda good: edited(good, drop_idea), "not in the file"),
    "a column missing": (lambda good: edited(good, lambda d: d["tables"]["ideas"].update(
        columns=d["tables"]["ideas"]["columns"][:-1])), "other columns"),
    "an id as text": (lambda good: edited(good, lambda d: d["workshop"].update(id="7")),
                      "bad id"),
    "no title": (lambda good: edited(good, lambda d: d["workshop"].update(title=" ")),
                 "no title"),
    "an impossible value": (lambda good: edited(good, lambda d: d["workshop"].update(
        score_round="many")), "refused one of its values"),
    "a repeated id": (lambda good: edited(good, lambda d: d["tables"]["criteria"]["rows"]
                                          .append(d["tables"]["criteria"]["rows"][0])),
                      "twice"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_backup_is_refused_and_nothing_is_written(workshop, good, case):
    make, match = BAD[case]
    with refused(workshop.store, BackupRefused, match=match):
        services.restore_backup(workshop.store, make(good), "backup.json")


def test_wrong_extension_and_size_limit_are_refused_first(workshop, good, monkeypatch):
    with refused(workshop.store, BackupRefused, match="not a .json file"):
        services.restore_backup(workshop.store, good, "ranking.xlsx")
    monkeypatch.setattr(snapshot, "MAX_BYTES", len(good) - 1)
    with refused(workshop.store, BackupRefused, match="up to 0 MB"):
        services.restore_backup(workshop.store, good, "backup.json")


def test_an_older_schema_is_migrated_when_a_step_is_known(workshop, good, monkeypatch):
    """Pretend this app reads one schema more and knows how to bring today's up: the file of
    today's version restores through that step; without the step it is refused."""
    today = snapshot.SCHEMA_VERSION
    monkeypatch.setattr(snapshot, "SCHEMA_VERSION", today + 1)
    monkeypatch.setitem(snapshot.MIGRATIONS, today, lambda d: {**d, "workshop": {
        **d["workshop"], "title": d["workshop"]["title"] + " (migrated)"}})
    restored = services.restore_backup(workshop.store, good)
    assert restored.title == "Test workshop (migrated)"
    monkeypatch.delitem(snapshot.MIGRATIONS, today)
    with refused(workshop.store, BackupRefused, match="can no longer be restored"):
        services.restore_backup(workshop.store, good)


def test_the_demo_round_trips_with_every_kind_of_data(fresh_store):
    """The demo holds stages, feedback, decisions, KPIs, links and outcomes besides ideas and
    scores: backup → restore → backup is identical but for ids, and each kind is there."""
    wid = services.ensure_demo_workshop(fresh_store) or fresh_store.demo_workshop_ids()[0]
    first = backup(fresh_store, wid)
    for table in ("journey_stages", "feedback", "decisions", "kpis", "idea_kpis", "outcomes"):
        assert first["tables"][table]["rows"], table
    restored = services.restore_backup(fresh_store, json.dumps(first).encode(), "x.json")
    assert canonical(first) == canonical(backup(fresh_store, restored.workshop_id))
    assert services.selected_idea_ids(fresh_store, restored.workshop_id) and \
        len(services.selected_idea_ids(fresh_store, restored.workshop_id)) == \
        len(services.selected_idea_ids(fresh_store, wid))


def test_a_version_1_backup_restores_with_the_new_columns_at_their_defaults(fresh_store):
    """Schema 1 had no stages, feedback, decisions, KPIs, source keys or Imported rater: such
    a file (made here by stripping them from today's) restores, and the new parts are empty."""
    wid = services.ensure_demo_workshop(fresh_store) or fresh_store.demo_workshop_ids()[0]
    doc = backup(fresh_store, wid)
    added = {"workshops": ("technique", "evidence_importance"), "participants": ("imported",),
             "needs": ("stage_id",), "ideas": ("source_key", "source_status")}
    old = {**doc, "schema_version": 1,
           "workshop": {k: v for k, v in doc["workshop"].items()
                        if k not in added["workshops"]},
           "tables": {}}
    for name, table in doc["tables"].items():
        if name in ("journey_stages", "feedback", "decisions", "kpis", "idea_kpis", "outcomes"):
            continue
        keep = [k for k, c in enumerate(table["columns"]) if c not in added.get(name, ())]
        old["tables"][name] = {"columns": [table["columns"][k] for k in keep],
                               "rows": [[row[k] for k in keep] for row in table["rows"]]}
    restored = services.restore_backup(fresh_store, json.dumps(old).encode(), "old.json")
    again = backup(fresh_store, restored.workshop_id)
    assert again["schema_version"] == snapshot.SCHEMA_VERSION
    assert len(again["tables"]["ideas"]["rows"]) == len(doc["tables"]["ideas"]["rows"])
    assert again["tables"]["decisions"]["rows"] == [] and again["tables"]["feedback"]["rows"] == []
    stage = again["tables"]["needs"]["columns"].index("stage_id")
    assert {row[stage] for row in again["tables"]["needs"]["rows"]} == {None}


def test_backups_taken_while_people_add_score_and_delete_always_restore(workshop):
    """Backups read every table at one moment: taken while ideas are added, scored and deleted
    (deletes cascade to scores and tags), each one's references hold and it restores."""
    store = workshop.store
    doomed = [workshop.idea(f"Doomed {k}", (workshop.need_a,)) for k in range(6)]
    kept = [workshop.idea(f"Kept {k}") for k in range(3)]
    impact = workshop.criterion("Impact").id
    for idea in doomed:
        services.save_scores(store, workshop.id, workshop.rater.id, [(idea, impact, 2)])
    backups: list[bytes] = []

    def writer() -> None:
        for k in range(12):
            services.add_idea(store, workshop.id, workshop.author.id, f"New {k}", "",
                              [workshop.need_b])
            services.save_scores(store, workshop.id, workshop.rater.id,
                                 [(kept[k % 3], impact, 1 + k % 5)])

    def deleter() -> None:
        for idea in doomed:
            services.delete_idea(store, workshop.id, workshop.author.id, idea)

    def backer() -> None:
        for _ in range(6):
            backups.append(services.backup_workshop(store, workshop.id, None).data)

    assert run_together([writer, deleter, backer]) == []
    for data in backups:
        restored = services.restore_backup(store, data)
        assert restored.counts["ideas"] >= 3
