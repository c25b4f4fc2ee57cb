"""Importing a backlog: all or nothing, re-imports update, the "Imported" rater is no person."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.store.test_bad_input import HOSTILE, refused
from workbench import services
from workbench.domain.models import (
    InvalidInput,
    NotFacilitator,
    PhaseLocked,
    UnknownWorkshop,
)
from workbench.engine.scoring import rank_ideas
from workbench.exchange import readers
from workbench.exchange.readers import UnreadableFile
from workbench.store import Store

DATA = Path(__file__).resolve().parents[1] / "data" / "exchange"
JIRA = (DATA / "jira_cloud.csv").read_bytes()


def run_import(store: Store, wid: int, data: bytes, name: str = "backlog.csv",
               actor: int | None = None, mapping: dict | None = None, **options):
    preview = services.plan_import(store, wid, actor, data, name, mapping=mapping)
    return services.apply_import(store, wid, actor, preview, **options)


@pytest.fixture
def wid(fresh_store) -> int:
    return services.create_workshop(fresh_store, "Checkout backlog")


def ideas(store: Store, wid: int) -> dict[str, str]:
    frame = store.list_ideas(wid)
    return dict(zip(frame["title"], frame["description"], strict=True))


def test_a_jira_export_becomes_ranked_ideas_scored_by_imported(fresh_store, wid):
    """5 issues, 3 new criteria (Priority, Story Points, Business Value); CHK-105 has no
    Business Value, so 14 scores = 5 × 3 − 1. Only the imported criteria weigh, so 4 rank:
    Guest checkout has Priority Highest (5 → 1.0), 3 points of 8 (cost: 1 − 3/8 = 0.625)
    and value 80 of 80 (1.0): 100 × (1 + 0.625 + 1) ÷ 3 = 87.5."""
    result = run_import(fresh_store, wid, JIRA, "jira.csv", only_imported_weights=True)
    assert result.summary() == ("Added 5, updated 0; 3 new criteria; 14 scores by "
                                "“Imported”.")
    criteria = fresh_store.list_criteria(wid)
    assert [(c.name, c.weight) for c in criteria] == [
        ("Impact", 0), ("Cost", 0), ("Feasibility", 0), ("Priority", 1), ("Story Points", 1),
        ("Business Value", 1)]
    ranking = rank_ideas(fresh_store.shortlist(wid), criteria, fresh_store.score_means(wid, 1))
    top = ranking.table.iloc[0]
    assert (top.title, round(top.score, 6), top.raters) == (
        "Guest checkout without account", 87.5, 1)
    assert len(ranking.table) == 4 and len(ranking.unranked) == 1
    events = fresh_store.list_events(wid)
    assert events.iloc[0]["kind"] == "import" and '"added": 5' in events.iloc[0]["detail"]


def test_re_importing_updates_by_key_instead_of_duplicating(fresh_store, wid):
    """The second file renames CHK-101, changes its points to 8 and adds CHK-106: 1 added,
    5 updated, 6 ideas in all."""
    run_import(fresh_store, wid, JIRA, "jira.csv")
    changed = JIRA.replace(b"One-click reorder from order history", b"Reorder in one click")
    changed = changed.replace(b'reorder].",5.0,40', b'reorder].",8.0,40')
    changed += (b"Split payments,CHK-106,10106,Story,To Do,CHK,Checkout,Low,,,,,,,,,,,,"
                b"Pay with two cards.,2.0,10\r\n")
    result = run_import(fresh_store, wid, changed, "jira.csv")
    assert (result.added, result.updated) == (1, 5)
    titles = ideas(fresh_store, wid)
    assert len(titles) == 6 and "Reorder in one click" in titles
    assert "One-click reorder from order history" not in titles
    rater = fresh_store.imported_rater(wid)
    points = next(c.id for c in fresh_store.list_criteria(wid) if c.name == "Story Points")
    scores = fresh_store.scores_of(wid, rater)
    reorder = fresh_store.import_keys(wid)["CHK-101"]
    value = scores[(scores.idea_id == reorder) & (scores.criterion_id == points)]["value"]
    assert value.tolist() == [8.0]
    assert len(fresh_store.list_criteria(wid)) == 6  # the criteria are reused, not added again


def test_the_imported_rater_is_shown_but_never_counted_as_a_person(fresh_store, wid):
    me = services.join(fresh_store, wid, "Imported")  # a real person took the plain name
    run_import(fresh_store, wid, JIRA, "jira.csv", actor=me.id)
    people = fresh_store.list_participants(wid)
    assert sorted(people["name"]) == ["Imported", "Imported (file)"]
    assert fresh_store.participant_count(wid) == 1
    assert fresh_store.progress(wid, 1)["name"].tolist() == ["Imported"]
    assert fresh_store.list_seats(wid)["id"].tolist() == [me.id]
    assert fresh_store.get_participant(fresh_store.imported_rater(wid)).name == \
        "Imported (file)"


def test_trello_labels_become_themes_and_archived_cards_are_skipped(fresh_store, wid):
    data = (DATA / "trello_board.json").read_bytes()
    result = run_import(fresh_store, wid, data, "board.json")
    assert result.summary().startswith("Added 2, updated 0, skipped 2 archived")
    themes = fresh_store.idea_themes(wid)
    assert sorted(themes["theme"]) == ["Payments", "Payments"]
    assert themes["pinned"].all()


def test_labels_to_needs_tag_ideas_in_an_imported_segment(fresh_store, wid):
    data = b'Title,Tags\nDark mode,"night use, accessibility"\nSearch,night use\n'
    run_import(fresh_store, wid, data, mapping={"Tags": "labels:needs"})
    needs = fresh_store.list_needs(wid)
    assert sorted(needs["statement"]) == ["accessibility", "night use"]
    tagged = fresh_store.list_ideas(wid).set_index("title")["need_ids"]
    assert len(tagged["Dark mode"]) == 2 and len(tagged["Search"]) == 1


def test_hostile_text_is_stored_as_data(fresh_store, wid):
    lines = "\n".join('"' + h.replace('"', '""') + '"' for h in HOSTILE)
    run_import(fresh_store, wid, ("Title\n" + lines + "\n").encode())
    assert sorted(ideas(fresh_store, wid)) == sorted(HOSTILE)


BAD_FILES = [
    ("empty file", b"", "x.csv", UnreadableFile, "is empty"),
    ("wrong extension", b"Title\nA\n", "x.pdf", UnreadableFile, "upload a .csv"),
    ("not a workbook", b"Title\nA\n", "x.xlsx", UnreadableFile, "not an Excel"),
    ("NUL bytes", b"Title\nA\x00\n", "x.csv", UnreadableFile, "NUL byte"),
    ("overlong cell", b"Title\n" + b"a" * 10_001 + b"\n", "x.csv", UnreadableFile,
     "Row 2, column 'Title': the cell is 10,001 characters"),
    ("no title column", b"Foo,Bar\n1,2\n", "x.csv", InvalidInput, "No column is mapped"),
    ("unknown repeated header", b"Title,Score,Score\nA,1,2\n", "x.csv", InvalidInput,
     "column 'Score': appears 2 times"),
    ("not a number", b"Title,Impact\nA,lots\n", "x.csv", InvalidInput,
     "Row 2, column 'Impact': 'lots' is not a number"),
    ("outside the scale", b"Title,Cost\nA,3\nB,9\n", "x.csv", InvalidInput,
     "Row 3, column 'Cost': Cost: 9 is outside the scale 1 to 5"),
    ("RICE effort 0", b"Title,Reach,Effort\nA,10,0\n", "x.csv", InvalidInput,
     "Row 2, column 'Effort': RICE effort"),
    ("confidence above 100 %", b"Title,Confidence\nA,150%\n", "x.csv", InvalidInput,
     "Row 2, column 'Confidence': RICE confidence is a percentage: 150 %"),
    ("10,000-character description", b"Title,Description\nA," + b"d" * 10_000 + b"\n",
     "x.csv", InvalidInput, "Description is 10,000 characters; the limit is 2,000"),
    ("duplicate key", b"Key,Title\nK-1,A\nK-1,B\n", "x.csv", InvalidInput,
     "Row 3, column 'Key': 'K-1' is also on row 2"),
    ("NUL in JSON", b'[{"title": "A\\u0000"}]', "x.json", UnreadableFile, "NUL character"),
]


@pytest.mark.parametrize("data, name, error, words", [c[1:] for c in BAD_FILES],
                         ids=[c[0] for c in BAD_FILES])
def test_bad_files_are_refused_by_row_and_column_and_write_nothing(fresh_store, wid, data,
                                                                   name, error, words):
    run_import(fresh_store, wid, JIRA, "jira.csv")  # something there that must stay as it is
    with refused(fresh_store, error, match=re.escape(words)):
        run_import(fresh_store, wid, data, name)


def test_a_file_over_the_size_limit_states_it(fresh_store, wid, monkeypatch):
    monkeypatch.setattr(readers, "MAX_BYTES", 1024 * 1024)
    with refused(fresh_store, UnreadableFile, match="the limit is 1 MB"):
        run_import(fresh_store, wid, b"Title\n" + b"x\n" * 600_000)


def test_a_preview_made_stale_by_a_deleted_criterion_is_checked_again(fresh_store, wid):
    impact = fresh_store.list_criteria(wid)[0].id
    preview = services.plan_import(fresh_store, wid, None, b"Title,Score\nA,3\n", "s.csv",
                                   mapping={"Score": f"criterion:{impact}"})
    assert preview.plan.ok
    services.delete_criterion(fresh_store, wid, None, impact)
    with refused(fresh_store, services.ImportRefused, match="no longer exists"):
        services.apply_import(fresh_store, wid, None, preview)


def test_only_the_facilitator_imports_into_a_live_workshop(fresh_store):
    start = services.start_live_workshop(fresh_store, "Live", "Goal", "Fay")
    wid = start.seat.workshop.id
    guest = services.join_with_code(fresh_store, start.seat.workshop.join_code, "Gus")
    with refused(fresh_store, NotFacilitator, match="Only the facilitator can import"):
        run_import(fresh_store, wid, JIRA, actor=guest.participant.id)
    with refused(fresh_store, NotFacilitator):
        run_import(fresh_store, wid, JIRA, actor=None)
    assert run_import(fresh_store, wid, JIRA, actor=start.seat.participant.id).added == 5


def test_in_free_mode_only_the_owner_imports(fresh_store, wid):
    owner = services.join(fresh_store, wid, "Olga")
    other = services.join(fresh_store, wid, "Pia")
    with refused(fresh_store, services.NotImportOwner):
        run_import(fresh_store, wid, JIRA, actor=other.id)
    assert run_import(fresh_store, wid, JIRA, actor=owner.id).added == 5


def test_archived_or_deleted_workshops_refuse(fresh_store, wid):
    services.set_archived(fresh_store, wid, None, True)
    with refused(fresh_store, PhaseLocked):
        run_import(fresh_store, wid, JIRA)
    with refused(fresh_store, UnknownWorkshop):
        run_import(fresh_store, 987654, JIRA)


def test_two_imports_of_one_file_at_once_make_each_idea_once(fresh_store, wid):
    """Both runs are acknowledged; the second finds the first's keys and updates them."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: run_import(fresh_store, wid, JIRA, "jira.csv"),
                                range(2)))
    assert sorted((r.added, r.updated) for r in results) == [(0, 5), (5, 0)]
    assert len(fresh_store.list_ideas(wid)) == 5
    assert len(fresh_store.list_criteria(wid)) == 6
