"""Live workshops on a real DuckDB file: join codes and seats, the facilitator's authority,
phase gating, blind rounds and reveal, dot voting under races, and the agreement and
throttle arithmetic the live pages show.

Every database here is a copy of one template file (built once per module) holding a live
workshop in the diverge phase: facilitator Fiona, participants Ann and Bo, one segment and
need, four ideas (three shortlisted), a running timer — plus a second live workshop (Olga,
Zed) whose codes and tokens must never work on the first. Opening a DuckDB file costs
~0.1 s, so tests that must change nothing (every refusal, checked row by row) share one
copy per module (``shared``) or one per phase (``in_phase``); tests that change state get a
private copy (``live``).
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import shutil
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from tests.threads import run_together
from workbench import services
from workbench.domain import phases
from workbench.domain.models import (
    NAME_MAX,
    PHASES,
    Criterion,
    InvalidInput,
    InvalidToken,
    NameTaken,
    NotFacilitator,
    NotJoined,
    PhaseLocked,
    UnknownCode,
    UnknownItem,
    UnknownWorkshop,
    VoteRefused,
)
from workbench.domain.secrets import CODE_ALPHABET, CODE_LENGTH, hash_secret
from workbench.engine import agreement
from workbench.services import throttle
from workbench.store import DuckDBStore, Store

TABLES = ("workshops", "participants", "segments", "needs", "evidence", "ideas", "idea_needs",
          "criteria", "scores", "votes", "events")


# ---- fixtures and helpers -------------------------------------------------------------------


@dataclass(frozen=True)
class Ids:
    """Everything the template file holds that a test needs to name."""

    workshop: int
    code: str
    key: str
    fiona: int
    fiona_token: str
    ann: int
    ann_token: str
    bo: int
    bo_token: str
    segment: int
    need: int
    ann_idea: int
    bo_idea: int
    fiona_idea: int
    spare_idea: int            # Fiona's, not shortlisted
    impact: int
    cost: int
    feasibility: int
    other: int                 # a second live workshop
    other_code: str
    other_key: str
    olga: int                  # its facilitator
    zed: int
    zed_token: str
    zed_idea: int              # shortlisted in the other workshop


def build_template(path: Path) -> Ids:
    store = DuckDBStore(path)
    started = services.start_live_workshop(store, "Q3 offsite", "Pick the bets", "Fiona")
    w, fiona = started.seat.workshop.id, started.seat.participant.id
    code = started.seat.workshop.join_code
    ann = services.join_with_code(store, code, "Ann")
    bo = services.join_with_code(store, code, "Bo")
    segment = services.add_segment(store, w, fiona, "SMB owners")
    need = services.add_need(store, w, fiona, segment, "Fast setup", 5, 2)
    services.set_phase(store, w, fiona, "diverge")
    ann_idea = services.add_idea(store, w, ann.participant.id, "Ann's idea", "", [need])
    bo_idea = services.add_idea(store, w, bo.participant.id, "Bo's idea")
    fiona_idea = services.add_idea(store, w, fiona, "Fiona's idea")
    spare_idea = services.add_idea(store, w, fiona, "Spare idea")
    services.set_shortlist(store, w, fiona, [ann_idea, bo_idea, fiona_idea])
    services.set_timer(store, w, fiona, 180, "Brainstorm")
    criteria = {c.name: c.id for c in store.list_criteria(w)}

    other = services.start_live_workshop(store, "Other team", "", "Olga")
    o = other.seat.workshop.id
    zed = services.join_with_code(store, other.seat.workshop.join_code, "Zed")
    services.set_phase(store, o, other.seat.participant.id, "diverge")
    zed_idea = services.add_idea(store, o, zed.participant.id, "Zed's idea")
    services.set_shortlist(store, o, other.seat.participant.id, [zed_idea])
    store.close()
    return Ids(w, code, started.facilitator_key, fiona, started.seat.rejoin_token,
               ann.participant.id, ann.rejoin_token, bo.participant.id, bo.rejoin_token,
               segment, need, ann_idea, bo_idea, fiona_idea, spare_idea,
               criteria["Impact"], criteria["Cost"], criteria["Feasibility"],
               o, other.seat.workshop.join_code, other.facilitator_key,
               other.seat.participant.id, zed.participant.id, zed.rejoin_token, zed_idea)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Ids]:
    path = tmp_path_factory.mktemp("live_template") / "live.duckdb"
    return path, build_template(path)


class Live:
    """A private copy of the template: its store, its ids and a few shortcuts."""

    def __init__(self, store: Store, ids: Ids) -> None:
        self.store = store
        self.ids = ids
        self.id = ids.workshop

    def workshop(self):
        return self.store.get_workshop(self.id)

    def phase(self, phase: str) -> None:
        services.set_phase(self.store, self.id, self.ids.fiona, phase)

    def rows(self, sql: str, params: list | tuple = ()) -> list[tuple]:
        return self.store.write(lambda cur: cur.execute(sql, list(params)).fetchall())

    def value(self, sql: str, params: list | tuple = ()):
        return self.rows(sql, params)[0][0]


def open_copy(template: tuple[Path, Ids], folder: Path) -> Live:
    path = folder / "workbench.duckdb"
    shutil.copy(template[0], path)
    return Live(DuckDBStore(path), template[1])


@pytest.fixture
def live(template: tuple[Path, Ids], tmp_path: Path) -> Iterator[Live]:
    """A private copy of the template for a test that changes things."""
    copy = open_copy(template, tmp_path)
    yield copy
    copy.store.close()


@pytest.fixture(scope="module")
def shared(template: tuple[Path, Ids], tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Live]:
    """One copy for the whole module, for refusals (which must change nothing) and for joins
    under names no other test uses."""
    copy = open_copy(template, tmp_path_factory.mktemp("shared"))
    yield copy
    copy.store.close()


@pytest.fixture(scope="module")
def in_phase(template: tuple[Path, Ids], tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[Callable[[str], Live]]:
    """phase -> one copy moved to that phase, shared by the gating matrix (whose allowed
    actions are chosen so that none of them stops another from being allowed)."""
    opened: dict[str, Live] = {}

    def get(phase: str) -> Live:
        if phase not in opened:
            opened[phase] = open_copy(template, tmp_path_factory.mktemp(f"phase_{phase}"))
            opened[phase].phase(phase)
        return opened[phase]

    yield get
    for copy in opened.values():
        copy.store.close()


def snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order: equal snapshots = nothing changed."""
    return {table: store.write(lambda cur, t=table: cur.execute(
        "SELECT * FROM " + t + " ORDER BY ALL").fetchall()) for table in TABLES}


def events_of(store: Store, workshop_id: int, kind: str) -> list[dict]:
    frame = store.list_events(workshop_id, limit=100_000)
    return [json.loads(d) for d in frame.loc[frame["kind"] == kind, "detail"]]


def total_dots(store: Store, workshop_id: int, round_no: int = 1) -> dict[int, int]:
    totals = store.dot_totals(workshop_id, round_no)
    return {int(r.idea_id): int(r.dots) for r in totals.itertuples()}


# ---- starting a live workshop ---------------------------------------------------------------


def test_starting_a_live_workshop_gives_a_seven_character_code_from_the_unambiguous_alphabet(
        fresh_store):
    codes = set()
    for n in range(12):
        started = services.start_live_workshop(fresh_store, f"Workshop {n}", "", "Fiona")
        code = started.seat.workshop.join_code
        assert len(code) == CODE_LENGTH == 7
        assert set(code) <= set(CODE_ALPHABET)
        assert not set(code) & set("01OIL")
        codes.add(code)
    assert len(codes) == 12


def test_the_facilitator_key_is_shown_once_and_only_its_sha256_is_stored(live):
    ids = live.ids
    stored = live.value("SELECT facilitator_key_hash FROM workshops WHERE id = ?", [live.id])
    assert stored == hash_secret(ids.key)
    assert re.fullmatch(r"[0-9a-f]{64}", stored)
    token_hash = live.value("SELECT rejoin_token_hash FROM participants WHERE id = ?",
                            [ids.fiona])
    assert token_hash == hash_secret(ids.fiona_token)
    # Neither secret appears anywhere in the file, and the key's hash is not in the audit
    # trail nor in what the store hands to pages.
    everything = repr(snapshot(live.store))
    for secret in (ids.key, ids.fiona_token, ids.ann_token, ids.other_key):
        assert secret not in everything
    assert stored not in repr(live.rows("SELECT * FROM events"))
    assert stored not in repr(live.workshop())
    assert stored not in live.store.list_workshops().to_string()
    assert ids.key != ids.other_key


def test_the_creator_is_the_facilitator_and_the_workshop_starts_in_the_needs_phase(fresh_store):
    started = services.start_live_workshop(fresh_store, "  Offsite  ", "Goal", "Fiona")
    workshop = fresh_store.get_workshop(started.seat.workshop.id)
    assert (workshop.live, workshop.phase, workshop.revealed, workshop.score_round,
            workshop.status, workshop.title) == (True, "needs", False, 1, "active", "Offsite")
    me = fresh_store.get_participant(started.seat.participant.id)
    assert me.is_facilitator and me.name == "Fiona" and me.workshop_id == workshop.id
    assert services.is_facilitator(fresh_store, workshop, me.id)
    assert started.seat.workshop.phase == "needs"
    assert services.rejoin(fresh_store, workshop.id, started.seat.rejoin_token) == me


@pytest.mark.parametrize("title, name", [("", "Fiona"), ("Offsite", "   "), ("x" * 121, "Fi"),
                                         ("Offsite", "n" * (NAME_MAX + 1)), (None, "Fiona")])
def test_starting_with_a_bad_title_or_name_is_refused_and_writes_nothing(shared, title, name):
    before = snapshot(shared.store)
    with pytest.raises(InvalidInput):
        services.start_live_workshop(shared.store, title, "", name)
    assert snapshot(shared.store) == before


# ---- joining --------------------------------------------------------------------------------

UNKNOWN_MESSAGE = "No workshop with that code. Check the code with your facilitator."


@pytest.mark.parametrize("code", ["ABCDEFG", "2345678", "", "   ", "ABC", "ABCDEFGH",
                                  "ABCDEF0", "ABCDEFO", "ABCDEFI", "ABCDEF1", "ABCDEFL",
                                  "ABC\u00c9DEF", "ABCD_FG", "ABC'--", "' OR 1=1 --", None, 1234567,
                                  ["ABCDEFG"], "A\u200bBCDEFG"])
def test_unknown_and_malformed_codes_raise_unknown_code_with_a_message_that_leaks_nothing(
        shared, code):
    before = snapshot(shared.store)
    with pytest.raises(UnknownCode) as refused:
        services.join_with_code(shared.store, code, "Mallory")
    assert str(refused.value) == UNKNOWN_MESSAGE   # the same words for every failure
    assert snapshot(shared.store) == before


@pytest.mark.parametrize("n, typed", enumerate([
    "{code}", "{lower}", " {code} ", "{a}-{b}", "{a} {b}", "{lower_a} - {lower_b}",
    "\t{a}--{b}\n"]))
def test_join_codes_are_normalised_case_spaces_and_dashes(shared, n, typed):
    code = shared.ids.code
    text = typed.format(code=code, lower=code.lower(), a=code[:3], b=code[3:],
                        lower_a=code[:3].lower(), lower_b=code[3:].lower())
    seat = services.join_with_code(shared.store, text, f"Newcomer {n}")
    assert seat.workshop.id == shared.id
    assert seat.participant.workshop_id == shared.id
    assert not seat.participant.is_facilitator


@pytest.mark.parametrize("taken", ["Ann", "ann", "ANN", "  Ann  ", "A\u200bnn", "\u0410nn",
                                   "aNN"])
def test_display_names_are_unique_per_workshop_ignoring_case_and_invisible_characters(
        shared, taken):
    before = snapshot(shared.store)
    with pytest.raises(NameTaken) as refused:
        services.join_with_code(shared.store, shared.ids.code, taken)
    assert "rejoin link" in str(refused.value)
    assert snapshot(shared.store) == before


@pytest.mark.parametrize("look_alike", ["F\u0430y", "\u0192ay".replace("\u0192", "F"),
                                        "F\u03b1y", "FAY", "\uff26ay"])
def test_a_name_that_looks_like_a_taken_one_is_refused_live_and_is_the_same_person_in_free_mode(
        fresh_store, look_alike):
    """Cyrillic а (U+0430), Greek α (U+03B1) and a full-width Ｆ (U+FF26) read as Fay."""
    started = services.start_live_workshop(fresh_store, "W", "", "Fiona")
    services.join_with_code(fresh_store, started.seat.workshop.join_code, "Fay")
    if look_alike != "Fay":
        with pytest.raises(NameTaken):
            services.join_with_code(fresh_store, started.seat.workshop.join_code, look_alike)
    free = services.create_workshop(fresh_store, "Free", "")
    fay = services.join(fresh_store, free, "Fay")
    assert services.join(fresh_store, free, look_alike).id == fay.id


def test_composed_and_decomposed_accents_and_case_folding_count_as_the_same_name(fresh_store):
    started = services.start_live_workshop(fresh_store, "W", "", "Fiona")
    code = started.seat.workshop.join_code
    services.join_with_code(fresh_store, code, "Ren\u00e9e")        # é composed
    services.join_with_code(fresh_store, code, "Stra\u00dfe")       # ß
    with pytest.raises(NameTaken):
        services.join_with_code(fresh_store, code, "Rene\u0301e")   # e + combining acute
    with pytest.raises(NameTaken):
        services.join_with_code(fresh_store, code, "STRASSE")


def test_the_same_display_name_may_be_used_in_another_workshop(shared):
    seat = services.join_with_code(shared.store, shared.ids.other_code, "Ann")
    assert seat.workshop.id == shared.ids.other
    assert seat.participant.id != shared.ids.ann


@pytest.mark.parametrize("name", ["", "   ", "\u200b\u200b", "\u202e", None, 42, ["Ann"],
                                  "n" * (NAME_MAX + 1)])
def test_empty_over_long_or_non_text_names_are_refused_and_write_nothing(shared, name):
    before = snapshot(shared.store)
    with pytest.raises(InvalidInput):
        services.join_with_code(shared.store, shared.ids.code, name)
    assert snapshot(shared.store) == before


@pytest.mark.parametrize("name, stored", [
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("'; DROP TABLE participants; --", "'; DROP TABLE participants; --"),
    ("=HYPERLINK(\"http://x\")", "=HYPERLINK(\"http://x\")"),
    ("**bold** [link](http://x)", "**bold** [link](http://x)"),
    ("  two   spaces\tand\ntab  ", "two spaces and tab"),
    ("\U0001f469\u200d\U0001f4bb Dev", "\U0001f469\u200d\U0001f4bb Dev"),  # ZWJ emoji kept
    ("n" * NAME_MAX, "n" * NAME_MAX),
])
def test_hostile_names_are_stored_verbatim_as_data(shared, name, stored):
    seat = services.join_with_code(shared.store, shared.ids.code, name)
    assert seat.participant.name == stored
    assert shared.store.get_participant(seat.participant.id).name == stored
    assert shared.value("SELECT name FROM participants WHERE id = ?",
                        [seat.participant.id]) == stored
    assert shared.store.get_participant(shared.ids.ann).name == "Ann"   # the table is intact


def test_joining_an_archived_workshop_is_refused_like_an_unknown_code_until_it_is_restored(live):
    services.set_archived(live.store, live.id, live.ids.fiona, True)
    before = snapshot(live.store)
    with pytest.raises(UnknownCode) as refused:
        services.join_with_code(live.store, live.ids.code, "Late")
    assert str(refused.value) == UNKNOWN_MESSAGE
    assert snapshot(live.store) == before
    services.set_archived(live.store, live.id, live.ids.fiona, False)
    assert services.join_with_code(live.store, live.ids.code, "Late").workshop.id == live.id


def test_joining_a_closed_workshop_is_refused_but_its_people_can_still_rejoin(live):
    live.phase("closed")
    before = snapshot(live.store)
    with pytest.raises(InvalidInput, match="closed"):
        services.join_with_code(live.store, live.ids.code, "Late")
    assert snapshot(live.store) == before
    assert services.rejoin(live.store, live.id, live.ids.ann_token).id == live.ids.ann


def test_rejoining_with_the_right_token_returns_the_same_participant(live):
    ids = live.ids
    ann = services.rejoin(live.store, live.id, ids.ann_token)
    assert ann == live.store.get_participant(ids.ann)
    assert (ann.name, ann.is_facilitator) == ("Ann", False)
    fiona = services.rejoin(live.store, live.id, ids.fiona_token)
    assert (fiona.id, fiona.is_facilitator) == (ids.fiona, True)


@pytest.mark.parametrize("token", ["forged", "", None, 12345, "{ann_hash}", "{zed}",
                                   "{ann} ", "{ann_upper}", "{key}"])
def test_a_forged_empty_or_foreign_rejoin_token_raises_invalid_token(shared, token):
    ids = shared.ids
    if isinstance(token, str):
        token = token.format(ann_hash=hash_secret(ids.ann_token), zed=ids.zed_token,
                             ann=ids.ann_token, ann_upper=ids.ann_token.upper(), key=ids.key)
    before = snapshot(shared.store)
    with pytest.raises(InvalidToken):
        services.rejoin(shared.store, shared.id, token)
    assert snapshot(shared.store) == before


def test_twelve_people_racing_for_one_display_name_get_exactly_one_seat(live):
    seats, refused = [], []
    lock = threading.Lock()

    def job() -> None:
        try:
            seat = services.join_with_code(live.store, live.ids.code, "Sam")
        except NameTaken:
            with lock:
                refused.append(1)
            return
        with lock:
            seats.append(seat)

    assert run_together([job] * 12) == []
    assert len(seats) == 1 and len(refused) == 11
    assert live.value("SELECT count(*) FROM participants WHERE name_key = 'sam'") == 1
    assert services.rejoin(live.store, live.id, seats[0].rejoin_token) == seats[0].participant


# ---- the facilitator's authority ------------------------------------------------------------

# Each control: what it does for an actor, and how to see that it did it.
Do = Callable[[Live, "int | None"], object]
Check = Callable[[Live], bool]


def _criteria(live: Live) -> dict[int, Criterion]:
    return {c.id: c for c in live.store.list_criteria(live.id)}


def _shortlisted(live: Live) -> set[int]:
    ideas = live.store.list_ideas(live.id)
    return {int(i) for i in ideas.loc[ideas["shortlisted"], "id"]}


CONTROLS: dict[str, tuple[Do, Check]] = {
    "set_phase": (lambda lv, a: services.set_phase(lv.store, lv.id, a, "refine"),
                  lambda lv: lv.workshop().phase == "refine"),
    "set_timer": (lambda lv, a: services.set_timer(lv.store, lv.id, a, 5, "Break"),
                  lambda lv: lv.workshop().timer_label == "Break"),
    "clear_timer": (lambda lv, a: services.clear_timer(lv.store, lv.id, a),
                    lambda lv: lv.workshop().timer_ends_at is None),
    "set_revealed": (lambda lv, a: services.set_revealed(lv.store, lv.id, a, True),
                     lambda lv: lv.workshop().revealed),
    "open_next_round": (lambda lv, a: services.open_next_round(lv.store, lv.id, a),
                        lambda lv: lv.workshop().score_round == 2),
    "set_dots": (lambda lv, a: services.set_dots(lv.store, lv.id, a, 3, 1),
                 lambda lv: (lv.workshop().dot_budget, lv.workshop().dot_cap) == (3, 1)),
    "set_anonymous": (lambda lv, a: services.set_anonymous(lv.store, lv.id, a, True),
                      lambda lv: lv.workshop().anonymous),
    "set_shortlist": (lambda lv, a: services.set_shortlist(lv.store, lv.id, a,
                                                          [lv.ids.spare_idea]),
                      lambda lv: _shortlisted(lv) == {lv.ids.spare_idea}),
    "merge_ideas": (lambda lv, a: services.merge_ideas(lv.store, lv.id, a,
                                                      [lv.ids.ann_idea, lv.ids.bo_idea],
                                                      "Merged"),
                    lambda lv: lv.store.get_idea(lv.ids.bo_idea).merged_into == lv.ids.ann_idea),
    "add_criterion": (lambda lv, a: services.add_criterion(lv.store, lv.id, a, "Risk", "cost"),
                      lambda lv: len(_criteria(lv)) == 4),
    "update_criteria": (lambda lv, a: services.update_criteria(
                            lv.store, lv.id, a, [(lv.ids.impact, "Reach", "benefit", 2.0)]),
                        lambda lv: _criteria(lv)[lv.ids.impact].name == "Reach"),
    "delete_criterion": (lambda lv, a: services.delete_criterion(lv.store, lv.id, a,
                                                                lv.ids.feasibility),
                         lambda lv: lv.ids.feasibility not in _criteria(lv)),
    "delete_others_idea": (lambda lv, a: services.delete_idea(lv.store, lv.id, a, lv.ids.bo_idea),
                           lambda lv: lv.ids.bo_idea not in
                           set(lv.store.list_ideas(lv.id)["id"].astype(int))),
    "edit_workshop": (lambda lv, a: services.edit_workshop(lv.store, lv.id, a, "Renamed", "New"),
                      lambda lv: lv.workshop().title == "Renamed"),
    "set_archived": (lambda lv, a: services.set_archived(lv.store, lv.id, a, True),
                     lambda lv: lv.workshop().status == "archived"),
}


@pytest.mark.parametrize("control", CONTROLS)
@pytest.mark.parametrize("who", ["participant", "nobody"])
def test_every_facilitator_control_is_refused_for_a_participant_or_nobody_and_changes_nothing(
        shared, control, who):
    do, done = CONTROLS[control]
    actor = shared.ids.ann if who == "participant" else None
    before = snapshot(shared.store)
    # Deleting someone else's idea is checked as editing one's own first: nobody is told to
    # join, a participant that only the facilitator may.
    expected = NotJoined if (who, control) == ("nobody", "delete_others_idea") else \
        NotFacilitator
    with pytest.raises(expected) as refused:
        do(shared, actor)
    assert str(refused.value).startswith("Only the facilitator can " if expected is
                                         NotFacilitator else "Join this workshop")
    assert snapshot(shared.store) == before
    assert not done(shared)


@pytest.mark.parametrize("control", CONTROLS)
def test_every_facilitator_control_is_refused_for_another_workshops_facilitator(shared,
                                                                                control):
    do, done = CONTROLS[control]
    before = snapshot(shared.store)
    with pytest.raises(InvalidToken):
        do(shared, shared.ids.olga)
    assert snapshot(shared.store) == before
    assert not done(shared)


@pytest.mark.parametrize("control", CONTROLS)
def test_every_facilitator_control_works_for_the_facilitator_and_is_logged_as_theirs(
        live, control):
    do, done = CONTROLS[control]
    assert not done(live)
    before = len(live.store.list_events(live.id, limit=100_000))
    do(live, live.ids.fiona)
    assert done(live)
    events = live.store.list_events(live.id, limit=100_000)
    assert len(events) > before
    assert events.iloc[0]["actor"] == "Fiona"


@pytest.mark.parametrize("change", ["delete", "rename"])
def test_the_author_of_a_kept_idea_cannot_change_it_once_others_ideas_are_merged_in(live,
                                                                                   change):
    """Ann's idea kept Bo's in a merge: it is Bo's too now, so only the facilitator may
    delete or rename it (before, Ann could, and Bo's original stayed hidden for ever)."""
    ids = live.ids
    services.merge_ideas(live.store, live.id, ids.fiona, [ids.ann_idea, ids.bo_idea], "Both")
    before = snapshot(live.store)
    with pytest.raises(NotFacilitator):
        if change == "delete":
            services.delete_idea(live.store, live.id, ids.ann, ids.ann_idea)
        else:
            services.edit_idea(live.store, live.id, ids.ann, ids.ann_idea, "Mine", "", [])
    assert snapshot(live.store) == before


def test_deleting_a_merged_idea_deletes_the_originals_hidden_behind_it(live):
    ids = live.ids
    services.merge_ideas(live.store, live.id, ids.fiona, [ids.ann_idea, ids.bo_idea], "Both")
    services.edit_idea(live.store, live.id, ids.fiona, ids.ann_idea, "Renamed by Fiona", "", [])
    services.delete_idea(live.store, live.id, ids.fiona, ids.ann_idea)
    for gone in (ids.ann_idea, ids.bo_idea):
        with pytest.raises(UnknownItem):
            live.store.get_idea(gone)
    assert events_of(live.store, live.id, "idea.deleted")[0]["originals"] == [ids.bo_idea]


@pytest.mark.parametrize("who", ["participant", "nobody", "other workshop's facilitator"])
def test_deleting_a_live_workshop_is_refused_for_anyone_but_its_facilitator(shared, who):
    """The Workshops page's "Delete for good" goes through this service: a dialog opened
    before the workshop went live cannot delete it once it is live."""
    actor = {"participant": shared.ids.ann, "nobody": None,
             "other workshop's facilitator": shared.ids.olga}[who]
    before = snapshot(shared.store)
    with pytest.raises((NotFacilitator, InvalidToken)):
        services.delete_workshop(shared.store, shared.id, actor)
    assert snapshot(shared.store) == before


def test_the_facilitator_deletes_a_live_workshop_and_the_deletion_is_logged(live):
    services.delete_workshop(live.store, live.id, live.ids.fiona)
    with pytest.raises(UnknownWorkshop):
        live.store.get_workshop(live.id)
    assert events_of(live.store, live.id, "workshop.deleted") == [{}]


def test_re_creating_the_demo_leaves_a_demo_someone_runs_live_alone(fresh_store):
    store = fresh_store
    taken = services.create_demo_workshop(store)
    spare = services.create_demo_workshop(store)
    first = store.list_participants(taken).iloc[0]  # the demo's first participant
    services.go_live(store, taken, int(first["id"]))
    fresh = services.recreate_demo_workshop(store)
    assert store.get_workshop(taken).live  # still there, still live
    with pytest.raises(UnknownWorkshop):
        store.get_workshop(spare)
    assert sorted(store.demo_workshop_ids()) == sorted([taken, fresh])


@pytest.mark.parametrize("key", ["wrong", "", None, 42, "{other_key}", "{key_hash}", "{key} ",
                                 "{ann_token}"])
def test_claiming_the_facilitator_role_with_a_wrong_key_raises_invalid_token(shared, key):
    ids = shared.ids
    if isinstance(key, str):
        key = key.format(other_key=ids.other_key, key_hash=hash_secret(ids.key), key=ids.key,
                         ann_token=ids.ann_token)
    before = snapshot(shared.store)
    with pytest.raises(InvalidToken):
        services.claim_facilitator(shared.store, shared.id, ids.ann, key)
    assert snapshot(shared.store) == before
    with pytest.raises(NotFacilitator):
        services.set_phase(shared.store, shared.id, ids.ann, "refine")


def test_claiming_with_the_right_key_makes_a_participant_facilitator(live):
    ids = live.ids
    services.claim_facilitator(live.store, live.id, ids.ann, ids.key)
    assert live.store.get_participant(ids.ann).is_facilitator
    assert services.rejoin(live.store, live.id, ids.ann_token).is_facilitator
    services.set_phase(live.store, live.id, ids.ann, "refine")
    assert live.workshop().phase == "refine"
    assert events_of(live.store, live.id, "facilitator.granted") != []
    assert not live.store.get_participant(ids.bo).is_facilitator


def test_the_right_key_does_not_make_another_workshops_participant_facilitator(live):
    ids = live.ids
    before = snapshot(live.store)
    with pytest.raises(UnknownItem):
        services.claim_facilitator(live.store, live.id, ids.zed, ids.key)
    assert snapshot(live.store) == before
    assert not live.store.get_participant(ids.zed).is_facilitator


def test_is_facilitator_is_true_only_for_this_workshops_facilitator(shared):
    workshop, ids = shared.workshop(), shared.ids
    assert services.is_facilitator(shared.store, workshop, ids.fiona)
    for someone in (ids.ann, None, ids.olga, ids.zed, 10**9):
        assert not services.is_facilitator(shared.store, workshop, someone)


def test_go_live_on_a_live_workshop_is_for_its_facilitator_only_and_rotates_the_key(live):
    ids = live.ids
    before = snapshot(live.store)
    with pytest.raises(NotFacilitator):
        services.go_live(live.store, live.id, ids.ann)
    assert snapshot(live.store) == before
    again = services.go_live(live.store, live.id, ids.fiona)
    assert again.facilitator_key != ids.key
    with pytest.raises(InvalidToken):
        services.claim_facilitator(live.store, live.id, ids.ann, ids.key)
    services.claim_facilitator(live.store, live.id, ids.ann, again.facilitator_key)
    assert live.store.get_participant(ids.ann).is_facilitator


def test_go_live_with_an_actor_of_another_workshop_changes_nothing(live):
    free = services.create_workshop(live.store, "Free backlog")
    before = snapshot(live.store)
    with pytest.raises((UnknownItem, InvalidToken)):
        services.go_live(live.store, free, live.ids.zed)
    assert snapshot(live.store) == before


def test_the_free_mode_join_by_name_refuses_a_live_workshop(live):
    with pytest.raises((InvalidInput, NameTaken, InvalidToken)):
        services.join(live.store, live.id, "fiona")


# ---- phase gating ---------------------------------------------------------------------------

EDIT_PHASES = {"needs", "diverge", "refine"}
PARTICIPANT_MAY = {"edit_needs": {"needs", "diverge"}, "add_idea": EDIT_PHASES,
                   "edit_idea": EDIT_PHASES, "score": {"converge"}, "vote": {"converge"}}
FACILITATOR_ONLY = ("shortlist", "merge", "edit_criteria", "delete_others_idea", "facilitate")


def expected_refusal(action: str, phase: str, role: str) -> type[Exception] | None:
    """The design's table, written out independently of workbench.domain.phases."""
    if phase == "closed":
        if action == "facilitate":          # reopening stays possible, for the facilitator
            return None if role == "facilitator" else NotFacilitator
        return PhaseLocked
    if action in ("score", "vote"):         # the facilitator is gated like everyone else
        return None if phase == "converge" else PhaseLocked
    if role == "facilitator":
        return None
    if action == "delete_others_idea":      # the own-idea check (edit_idea phases) comes first
        return NotFacilitator if phase in EDIT_PHASES else PhaseLocked
    if action in FACILITATOR_ONLY:
        return NotFacilitator
    return None if phase in PARTICIPANT_MAY[action] else PhaseLocked


def gated_action(live: Live, action: str, actor: int) -> None:
    """One call per gated action. Allowed ones may run in any order on one database: each
    can be repeated or runs once per phase (facilitator-only), and none removes what another
    needs (scores and dots go on ann_idea / fiona_idea, which stay shortlisted and alive)."""
    ids, store, w = live.ids, live.store, live.id
    own = ids.fiona_idea if actor == ids.fiona else ids.ann_idea
    if action == "edit_needs":
        services.add_segment(store, w, actor, "Enterprise")
    elif action == "add_idea":
        services.add_idea(store, w, actor, "Late idea")
    elif action == "edit_idea":
        services.edit_idea(store, w, actor, own, "Edited", "", [])
    elif action == "score":
        services.save_scores(store, w, actor, [(own, ids.impact, 4)])
    elif action == "vote":
        services.place_dot(store, w, actor, ids.fiona_idea)
    elif action == "shortlist":
        services.set_shortlist(store, w, actor, [ids.ann_idea, ids.fiona_idea])
    elif action == "merge":
        services.merge_ideas(store, w, actor, [ids.fiona_idea, ids.spare_idea], "Merged")
    elif action == "edit_criteria":
        services.add_criterion(store, w, actor, "Risk", "cost")
    elif action == "delete_others_idea":
        services.delete_idea(store, w, actor, ids.bo_idea)
    elif action == "facilitate":
        services.set_phase(store, w, actor, live.workshop().phase)
    else:  # pragma: no cover
        raise AssertionError(action)


MATRIX_ACTIONS = ("edit_needs", "add_idea", "edit_idea", "score", "vote", *FACILITATOR_ONLY)


@pytest.mark.parametrize("role", ["participant", "facilitator"])
@pytest.mark.parametrize("action", MATRIX_ACTIONS)
@pytest.mark.parametrize("phase", PHASES)
def test_phase_gating_matrix(in_phase, phase, action, role):
    live = in_phase(phase)
    assert live.workshop().phase == phase
    actor = live.ids.fiona if role == "facilitator" else live.ids.ann
    refusal = expected_refusal(action, phase, role)
    # the pure policy that greys out controls agrees with the table
    assert phases.allowed(live.workshop(), action, role == "facilitator") == (refusal is None)
    if refusal is None:
        gated_action(live, action, actor)
        return
    before = snapshot(live.store)
    with pytest.raises(refusal):
        gated_action(live, action, actor)
    assert snapshot(live.store) == before


@pytest.mark.parametrize("phase", ["converge", "decide", "closed"])
def test_no_new_ideas_from_participants_once_converging_with_a_message_naming_the_phase(live,
                                                                                      phase):
    live.phase(phase)
    with pytest.raises(PhaseLocked) as refused:
        services.add_ideas_bulk(live.store, live.id, live.ids.ann, "- one\n- two")
    expected = ("The workshop is closed: everything is read-only." if phase == "closed"
                else f"New ideas are closed in the {phase} phase.")
    assert str(refused.value) == expected
    if phase != "closed":   # the facilitator may still add one (e.g. a merged write-up)
        services.add_idea(live.store, live.id, live.ids.fiona, "Facilitator's late idea")


def test_a_stale_page_is_refused_after_the_facilitator_changes_phase(live):
    """Ann's Score and Vote pages were drawn in converge; Fiona moves on before Ann clicks."""
    ids = live.ids
    live.phase("converge")
    page_state = live.workshop()
    assert phases.allowed(page_state, "score", False) and phases.allowed(page_state, "vote", False)
    services.save_scores(live.store, live.id, ids.ann, [(ids.ann_idea, ids.impact, 3)])
    live.phase("decide")
    before = snapshot(live.store)
    with pytest.raises(PhaseLocked):
        services.save_scores(live.store, live.id, ids.ann, [(ids.ann_idea, ids.impact, 5)])
    with pytest.raises(PhaseLocked):
        services.place_dot(live.store, live.id, ids.ann, ids.bo_idea)
    with pytest.raises(PhaseLocked):
        services.remove_dot(live.store, live.id, ids.ann, ids.bo_idea)
    assert snapshot(live.store) == before
    scores = live.store.scores_of(live.id, ids.ann, 1)
    assert scores["value"].tolist() == [3.0]


def test_a_stale_brainstorm_page_cannot_add_ideas_after_the_move_to_converge(live):
    ids = live.ids
    assert phases.allowed(live.workshop(), "add_idea", False)      # page drawn in diverge
    live.phase("converge")
    before = snapshot(live.store)
    with pytest.raises(PhaseLocked):
        services.add_idea(live.store, live.id, ids.ann, "Too late")
    with pytest.raises(PhaseLocked):
        services.edit_idea(live.store, live.id, ids.ann, ids.ann_idea, "Too late", "", [])
    with pytest.raises(PhaseLocked):
        services.delete_idea(live.store, live.id, ids.ann, ids.ann_idea)
    assert snapshot(live.store) == before


@pytest.mark.parametrize("phase", PHASES)
def test_free_mode_workshops_never_gate_anything(workshop, phase):
    store, w = workshop.store, workshop.id
    store.update_workshop(w, None, phase=phase)
    free = store.get_workshop(w)
    assert not free.live
    idea = workshop.idea("Free idea")
    other = services.add_idea(store, w, workshop.rater.id, "Rater's idea")
    services.set_shortlist(store, w, workshop.rater.id, [idea, other])
    services.save_scores(store, w, workshop.rater.id, [(idea, workshop.criteria[0].id, 4)])
    services.place_dot(store, w, workshop.rater.id, idea)
    services.remove_dot(store, w, workshop.rater.id, idea)
    services.add_segment(store, w, None, "Anyone")
    services.add_criterion(store, w, workshop.rater.id, "Risk", "cost")
    services.delete_idea(store, w, workshop.rater.id, other)
    services.set_timer(store, w, None, 3)
    services.set_revealed(store, w, workshop.rater.id, False)
    for action in MATRIX_ACTIONS:
        assert phases.allowed(free, action, False)
    assert services.is_facilitator(store, free, None)
    assert phases.results_visible(free, False)
    services.set_phase(store, w, None, "needs")
    assert store.get_workshop(w).phase == "needs"


# ---- reveal and rounds ----------------------------------------------------------------------


def test_moving_to_decide_reveals_and_participants_see_results_only_after_reveal(live):
    live.phase("converge")
    assert not live.workshop().revealed
    assert not phases.results_visible(live.workshop(), False)
    assert phases.results_visible(live.workshop(), True)       # the facilitator always sees
    live.phase("decide")
    assert live.workshop().revealed
    assert phases.results_visible(live.workshop(), False)
    services.set_revealed(live.store, live.id, live.ids.fiona, False)
    assert not phases.results_visible(live.workshop(), False)
    live.phase("converge")
    assert not live.workshop().revealed                        # going back does not reveal


def test_open_next_round_increments_the_round_hides_results_and_moves_to_converge(live):
    live.phase("decide")
    assert live.workshop().revealed
    assert services.open_next_round(live.store, live.id, live.ids.fiona) == 2
    workshop = live.workshop()
    assert (workshop.score_round, workshop.revealed, workshop.phase) == (2, False, "converge")
    assert services.open_next_round(live.store, live.id, live.ids.fiona) == 3
    logged = events_of(live.store, live.id, "workshop.updated")[0]
    assert logged == {"score_round": 3, "revealed": False, "phase": "converge"}


def test_scores_and_dots_go_to_the_current_round_and_each_round_starts_empty(live):
    ids, store, w = live.ids, live.store, live.id
    live.phase("converge")
    services.save_scores(store, w, ids.ann, [(ids.ann_idea, ids.impact, 2),
                                            (ids.bo_idea, ids.cost, 4)])
    for _ in range(5):
        services.place_dot(store, w, ids.ann, ids.bo_idea)
    with pytest.raises(VoteRefused):
        services.place_dot(store, w, ids.ann, ids.bo_idea)
    assert store.rater_count(w, 1) == 1

    services.open_next_round(store, w, ids.fiona)
    assert store.rater_count(w, 2) == 0
    assert store.scores_of(w, ids.ann, 2).empty
    assert total_dots(store, w, 2) == {}
    services.save_scores(store, w, ids.ann, [(ids.ann_idea, ids.impact, 5)])
    services.save_scores(store, w, ids.bo, [(ids.ann_idea, ids.impact, 4)])
    for _ in range(5):                               # a fresh budget in the new round
        services.place_dot(store, w, ids.ann, ids.fiona_idea)

    round1 = store.scores_of(w, ids.ann, 1).sort_values(["idea_id", "criterion_id"])
    assert round1.values.tolist() == [[ids.ann_idea, ids.impact, 2.0],
                                      [ids.bo_idea, ids.cost, 4.0]]
    assert store.scores_of(w, ids.ann, 2).values.tolist() == [[ids.ann_idea, ids.impact, 5.0]]
    assert (store.rater_count(w, 1), store.rater_count(w, 2)) == (1, 2)
    assert total_dots(store, w, 1) == {ids.bo_idea: 5}
    assert total_dots(store, w, 2) == {ids.fiona_idea: 5}
    assert events_of(store, w, "scores.saved")[0]["round"] == 2
    progress = store.progress(w, 2).set_index("name")
    # One criterion of several: started, not fully scored.
    assert (progress.loc["Ann", "started"], progress.loc["Ann", "dots"]) == (1, 5)
    assert (progress.loc["Bo", "started"], progress.loc["Bo", "dots"]) == (1, 0)
    means = store.score_means(w, 2)
    assert means[["idea_id", "criterion_id", "mean", "n"]].values.tolist() == [
        [ids.ann_idea, ids.impact, 4.5, 2]]


def test_phase_changes_are_in_the_audit_trail_with_who_made_them(live):
    for phase in ("refine", "converge", "decide"):
        live.phase(phase)
    events = live.store.list_events(live.id, limit=50)
    changes = [json.loads(d) for d, k in zip(events["detail"], events["kind"], strict=True)
               if k == "workshop.updated"][:3]
    assert changes == [{"phase": "decide", "revealed": True}, {"phase": "converge"},
                       {"phase": "refine"}]
    assert set(events.loc[events["kind"] == "workshop.updated", "actor"]) == {"Fiona"}


@pytest.mark.parametrize("phase", ["nonsense", "", None, "CONVERGE", 3])
def test_an_unknown_phase_is_refused_and_changes_nothing(shared, phase):
    before = snapshot(shared.store)
    with pytest.raises(InvalidInput):
        services.set_phase(shared.store, shared.id, shared.ids.fiona, phase)
    assert snapshot(shared.store) == before


# ---- dot voting -----------------------------------------------------------------------------


@pytest.fixture
def voting(live: Live) -> Live:
    live.phase("converge")
    return live


def test_the_dot_budget_is_enforced_and_a_removed_dot_can_be_placed_again(voting):
    ids, store, w = voting.ids, voting.store, voting.id
    services.set_dots(store, w, ids.fiona, 3)
    for idea in (ids.ann_idea, ids.bo_idea, ids.bo_idea):
        services.place_dot(store, w, ids.ann, idea)
    before = snapshot(store)
    with pytest.raises(VoteRefused, match="all 3 of your dots"):
        services.place_dot(store, w, ids.ann, ids.fiona_idea)
    assert snapshot(store) == before
    services.remove_dot(store, w, ids.ann, ids.bo_idea)
    services.place_dot(store, w, ids.ann, ids.fiona_idea)
    mine = store.my_dots(w, ids.ann, 1).set_index("idea_id")["dots"].to_dict()
    assert mine == {ids.ann_idea: 1, ids.bo_idea: 1, ids.fiona_idea: 1}
    assert len(events_of(store, w, "dot.placed")) == 4
    assert len(events_of(store, w, "dot.removed")) == 1


def test_the_per_idea_cap_is_enforced_per_voter(voting):
    ids, store, w = voting.ids, voting.store, voting.id
    services.set_dots(store, w, ids.fiona, 5, 2)
    for voter in (ids.ann, ids.bo):
        for _ in range(2):
            services.place_dot(store, w, voter, ids.fiona_idea)
        with pytest.raises(VoteRefused, match="At most 2 dot"):
            services.place_dot(store, w, voter, ids.fiona_idea)
    services.place_dot(store, w, ids.ann, ids.ann_idea)
    totals = store.dot_totals(w, 1).set_index("idea_id")
    assert totals.loc[ids.fiona_idea, "dots"] == 4 and totals.loc[ids.fiona_idea, "voters"] == 2
    assert totals.loc[ids.ann_idea, "dots"] == 1


def test_removing_a_dot_you_do_not_have_is_refused_and_never_touches_anyone_elses(voting):
    ids, store, w = voting.ids, voting.store, voting.id
    services.place_dot(store, w, ids.bo, ids.ann_idea)
    before = snapshot(store)
    with pytest.raises(VoteRefused, match="no dot"):
        services.remove_dot(store, w, ids.ann, ids.ann_idea)
    assert snapshot(store) == before
    assert total_dots(store, w) == {ids.ann_idea: 1}


def test_dots_go_on_shortlisted_live_ideas_of_this_workshop_only(voting):
    ids, store, w = voting.ids, voting.store, voting.id
    services.merge_ideas(store, w, ids.fiona, [ids.fiona_idea, ids.bo_idea], "Merged")
    before = snapshot(store)
    with pytest.raises(VoteRefused, match="shortlisted ideas only"):
        services.place_dot(store, w, ids.ann, ids.spare_idea)
    with pytest.raises(UnknownItem):
        services.place_dot(store, w, ids.ann, ids.bo_idea)        # merged away
    with pytest.raises(UnknownItem):
        services.place_dot(store, w, ids.ann, ids.zed_idea)       # another workshop's
    with pytest.raises(UnknownItem):
        services.place_dot(store, w, ids.ann, 10**12)
    with pytest.raises(InvalidInput):
        services.place_dot(store, w, ids.ann, "1; DROP TABLE votes")
    with pytest.raises(InvalidToken):
        services.place_dot(store, w, ids.zed, ids.fiona_idea)     # a foreign voter
    with pytest.raises(NotJoined):
        services.place_dot(store, w, None, ids.fiona_idea)
    assert snapshot(store) == before


@pytest.mark.parametrize("budget, cap", [(0, None), (51, None), ("x", None), (None, None),
                                         (2.5, None), (True, None), (5, 6), (5, -1),
                                         (5, "two")])
def test_bad_dot_settings_are_refused_and_change_nothing(shared, budget, cap):
    before = snapshot(shared.store)
    with pytest.raises(InvalidInput):
        services.set_dots(shared.store, shared.id, shared.ids.fiona, budget, cap)
    assert snapshot(shared.store) == before


def test_sixteen_threads_spending_one_voters_dots_at_once_never_exceed_the_budget(voting):
    ids, store, w = voting.ids, voting.store, voting.id
    services.set_dots(store, w, ids.fiona, 7)
    targets = [ids.ann_idea, ids.bo_idea, ids.fiona_idea]
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def clicker(t: int) -> Callable[[], None]:
        def job() -> None:
            for k in range(5):
                try:
                    services.place_dot(store, w, ids.ann, targets[(t + k) % 3])
                    result = "placed"
                except VoteRefused:
                    result = "refused"
                with lock:
                    outcomes[result] += 1
        return job

    assert run_together([clicker(t) for t in range(16)]) == []
    assert outcomes == {"placed": 7, "refused": 16 * 5 - 7}
    assert int(store.my_dots(w, ids.ann, 1)["dots"].sum()) == 7
    assert sum(total_dots(store, w).values()) == 7
    assert len(events_of(store, w, "dot.placed")) == 7


def test_many_voters_racing_on_one_idea_never_exceed_the_cap_per_voter(voting):
    ids, store, w = voting.ids, voting.store, voting.id
    services.set_dots(store, w, ids.fiona, 10, 2)
    voters = [services.join_with_code(store, ids.code, f"Voter {n}").participant.id
              for n in range(12)]

    def clicker(voter: int) -> Callable[[], None]:
        def job() -> None:
            for _ in range(3):
                with contextlib.suppress(VoteRefused):
                    services.place_dot(store, w, voter, ids.fiona_idea)
        return job

    # two browser tabs per voter, all hammering the same idea
    assert run_together([clicker(v) for v in voters for _ in range(2)]) == []
    per_voter = Counter(r[0] for r in voting.rows(
        "SELECT voter_id FROM votes WHERE workshop_id = ? AND idea_id = ?", [w, ids.fiona_idea]))
    assert per_voter == {v: 2 for v in voters}
    totals = store.dot_totals(w, 1).set_index("idea_id")
    assert (totals.loc[ids.fiona_idea, "dots"], totals.loc[ids.fiona_idea, "voters"]) == (24, 12)


def test_placing_and_removing_at_once_from_two_tabs_keeps_the_books_straight(voting):
    ids, store, w = voting.ids, voting.store, voting.id
    services.set_dots(store, w, ids.fiona, 4)
    placed, removed = Counter(), Counter()
    lock = threading.Lock()

    def twenty(action, tally: Counter):
        def run() -> None:
            for _ in range(20):
                try:
                    action(store, w, ids.bo, ids.ann_idea)
                    with lock:
                        tally["ok"] += 1
                except VoteRefused:
                    pass
        return run

    placer = twenty(services.place_dot, placed)
    remover = twenty(services.remove_dot, removed)
    assert run_together([placer, placer, remover, remover]) == []
    held = int(store.my_dots(w, ids.bo, 1)["dots"].sum())
    assert 0 <= held <= 4
    assert held == placed["ok"] - removed["ok"]
    assert len(events_of(store, w, "dot.placed")) == placed["ok"]
    assert len(events_of(store, w, "dot.removed")) == removed["ok"]


# ---- a whole room at once -------------------------------------------------------------------


def test_thirty_participants_scoring_twenty_ideas_and_voting_at_once_lose_nothing(live):
    """30 people join at once, then each saves 20 ideas x 3 criteria (one save per 5 ideas,
    as a Score page form does) and spends 5 dots; every row must land exactly once."""
    ids, store, w = live.ids, live.store, live.id
    people, ideas_n, per_save, dots = 30, 20, 5, 5
    ideas = services.add_ideas_bulk(store, w, ids.fiona,
                                   "\n".join(f"Room idea {n}" for n in range(ideas_n)))
    services.set_shortlist(store, w, ids.fiona, ideas)
    live.phase("converge")
    criteria = [ids.impact, ids.cost, ids.feasibility]
    seats: dict[int, int] = {}
    lock = threading.Lock()

    def value(t: int, idea: int, criterion: int) -> float:
        return float((t + idea + criterion) % 5 + 1)

    def person(t: int) -> Callable[[], None]:
        def job() -> None:
            me = services.join_with_code(store, ids.code, f"Person {t}").participant.id
            with lock:
                seats[t] = me
            for start in range(0, ideas_n, per_save):
                batch = [(i, c, value(t, i, c)) for i in ideas[start:start + per_save]
                         for c in criteria]
                assert services.save_scores(store, w, me, batch) == len(batch)
            for k in range(dots):
                services.place_dot(store, w, me, ideas[(t + k) % ideas_n])
        return job

    assert run_together([person(t) for t in range(people)]) == []

    assert len(seats) == people and len(set(seats.values())) == people
    scores = store.all_scores(w, 1)
    assert len(scores) == people * ideas_n * len(criteria) == 1800
    assert not scores.duplicated(["idea_id", "rater_id", "criterion_id"]).any()
    by_rater = {t: scores[scores["rater_id"] == me] for t, me in seats.items()}
    for t, mine in by_rater.items():
        got = {(int(r.idea_id), int(r.criterion_id)): r.value for r in mine.itertuples()}
        assert got == {(i, c): value(t, i, c) for i in ideas for c in criteria}
    assert store.rater_count(w, 1) == people
    assert set(store.raters_per_idea(w, 1).set_index("idea_id")["raters"]) == {people}

    expected_dots = Counter(ideas[(t + k) % ideas_n] for t in range(people) for k in range(dots))
    assert total_dots(store, w) == dict(expected_dots)
    assert sum(total_dots(store, w).values()) == people * dots
    progress = store.progress(w, 1).set_index("id")
    for me in seats.values():
        assert (progress.loc[me, "scored"], progress.loc[me, "dots"]) == (ideas_n, dots)
    assert len(events_of(store, w, "scores.saved")) == people * ideas_n // per_save
    assert len(events_of(store, w, "dot.placed")) == people * dots


# ---- rater agreement (pure) -----------------------------------------------------------------

IMPACT = Criterion(1, "Impact", "benefit", 1, 5, 1.0, 0)
COST = Criterion(2, "Cost", "cost", 1, 5, 1.0, 1)
HOURS = Criterion(3, "Hours", "cost", 0, 100, 1.0, 2)


def scores_frame(rows: list[tuple[int, int, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["idea_id", "rater_id", "criterion_id", "value"])


def test_idea_spread_known_answers_most_disputed_first():
    """Units are (score − low) ÷ (high − low); spread is the mean population std over criteria
    with ≥ 2 ratings.

    idea 10: Impact 1, 5 -> units 0, 1   -> std 0.5;  Cost 3, 3 -> 0  => (0.5 + 0) / 2 = 0.25
    idea 20: Impact 2, 4 -> .25, .75     -> std 0.25; Cost 4, 4 -> 0  => 0.125 (high)
    idea 30: Impact 1, 3, 5 -> 0, .5, 1  -> std sqrt((.25 + 0 + .25) / 3) = sqrt(1/6) ≈ 0.4082;
             Cost has one rating (ignored) => 0.4082 (low); raters 3, min 1, max 5
    idea 40: a single rater -> left out
    """
    frame = scores_frame([
        (10, 1, 1, 1), (10, 2, 1, 5), (10, 1, 2, 3), (10, 2, 2, 3),
        (20, 1, 1, 2), (20, 2, 1, 4), (20, 1, 2, 4), (20, 2, 2, 4),
        (30, 1, 1, 1), (30, 2, 1, 3), (30, 3, 1, 5), (30, 1, 2, 2),
        (40, 1, 1, 5), (40, 1, 2, 1),
    ])
    out = agreement.idea_spread(frame, [IMPACT, COST])
    assert list(out.columns) == ["idea_id", "raters", "min", "max", "spread", "agreement"]
    assert out["idea_id"].tolist() == [30, 10, 20]
    assert out["spread"].tolist() == pytest.approx([math.sqrt(1 / 6), 0.25, 0.125])
    assert out["agreement"].tolist() == ["low", "medium", "high"]
    assert out["raters"].tolist() == [3, 2, 2]
    assert out[["min", "max"]].values.tolist() == [[1, 5], [1, 5], [2, 4]]


def test_idea_spread_puts_different_scales_on_one_zero_to_one_footing():
    """Impact 1–5: 1, 5 -> units 0, 1 -> std 0.5. Hours 0–100: 25, 75 -> .25, .75 -> std 0.25.
    Spread = (0.5 + 0.25) / 2 = 0.375 (low). Scores on a criterion not in the list (id 99,
    e.g. deleted) are ignored."""
    frame = scores_frame([(7, 1, 1, 1), (7, 2, 1, 5), (7, 1, 3, 25), (7, 2, 3, 75),
                          (7, 1, 99, 1), (7, 2, 99, 1000)])
    out = agreement.idea_spread(frame, [IMPACT, HOURS])
    assert out["spread"].tolist() == pytest.approx([0.375])
    assert out["agreement"].tolist() == ["low"]
    assert out[["min", "max"]].values.tolist() == [[1, 75]]


def test_idea_spread_of_no_scores_or_only_single_ratings_is_an_empty_frame():
    empty = agreement.idea_spread(scores_frame([]), [IMPACT])
    assert empty.empty and list(empty.columns) == ["idea_id", "raters", "min", "max", "spread",
                                                   "agreement"]
    single = agreement.idea_spread(scores_frame([(1, 1, 1, 3), (2, 2, 1, 4)]), [IMPACT])
    assert single.empty
    identical = agreement.idea_spread(scores_frame([(1, 1, 1, 3), (1, 2, 1, 3)]), [IMPACT])
    assert identical["spread"].tolist() == [0.0] and identical["agreement"].tolist() == ["high"]


@pytest.mark.parametrize("spread, level", [(0.0, "high"), (0.15, "high"), (0.1500001, "medium"),
                                           (0.30, "medium"), (0.3000001, "low"), (1.0, "low")])
def test_agreement_levels_at_their_thresholds(spread, level):
    assert agreement.agreement_level(spread) == level


def test_spread_change_known_answer():
    """Ideas in both rounds: 1 goes 0.25 -> 0.05 (−0.20), 2 goes 0.125 -> 0.2 (+0.075).
    Overall = mean(−0.20, +0.075) = −0.0625 (the team converged). Ideas 5 and 6 are in one
    round only and are left out. Sorted by change, most converged first."""
    before = pd.DataFrame({"idea_id": [1, 2, 5], "spread": [0.25, 0.125, 0.3]})
    after = pd.DataFrame({"idea_id": [2, 1, 6], "spread": [0.2, 0.05, 0.1]})
    change, overall = agreement.spread_change(before, after)
    assert change["idea_id"].tolist() == [1, 2]
    assert change["spread_before"].tolist() == pytest.approx([0.25, 0.125])
    assert change["spread_after"].tolist() == pytest.approx([0.05, 0.2])
    assert change["change"].tolist() == pytest.approx([-0.2, 0.075])
    assert overall == pytest.approx(-0.0625)


def test_spread_change_without_common_ideas_is_none():
    before = pd.DataFrame({"idea_id": [1], "spread": [0.2]})
    after = pd.DataFrame({"idea_id": [2], "spread": [0.1]})
    change, overall = agreement.spread_change(before, after)
    assert change.empty and overall is None
    empty = agreement.idea_spread(scores_frame([]), [IMPACT])
    assert agreement.spread_change(empty, empty)[1] is None


def test_two_real_rounds_in_the_store_show_the_team_converging(voting):
    """Round 1: Ann 1, Bo 5 on Impact -> std 0.5. Round 2: Ann 3, Bo 4 -> units .5, .75 ->
    std 0.125. Change −0.375."""
    ids, store, w = voting.ids, voting.store, voting.id
    services.save_scores(store, w, ids.ann, [(ids.ann_idea, ids.impact, 1)])
    services.save_scores(store, w, ids.bo, [(ids.ann_idea, ids.impact, 5)])
    services.open_next_round(store, w, ids.fiona)
    services.save_scores(store, w, ids.ann, [(ids.ann_idea, ids.impact, 3)])
    services.save_scores(store, w, ids.bo, [(ids.ann_idea, ids.impact, 4)])
    criteria = store.list_criteria(w)
    before = agreement.idea_spread(store.all_scores(w, 1), criteria)
    after = agreement.idea_spread(store.all_scores(w, 2), criteria)
    change, overall = agreement.spread_change(before, after)
    assert len(change) == 1
    assert change.iloc[0].tolist() == pytest.approx([ids.ann_idea, 0.5, 0.125, -0.375])
    assert overall == pytest.approx(-0.375)


# ---- join-code throttle (pure) --------------------------------------------------------------


@pytest.mark.parametrize("failures, now, wait", [
    ([], 100.0, 0.0),
    ([100.0], 100.0, 0.0),
    ([100.0, 101.0], 101.0, 0.0),                   # three wrong codes are free …
    ([100.0, 101.0, 102.0], 102.0, 2.0),            # … then 2 s after the third
    ([100.0, 101.0, 102.0], 103.5, 0.5),
    ([100.0, 101.0, 102.0], 104.0, 0.0),
    ([100.0, 101.0, 102.0, 103.0], 103.0, 4.0),     # doubling: 4, 8, 16, 32 …
    ([100.0 + k for k in range(5)], 104.0, 8.0),
    ([100.0 + k for k in range(6)], 105.0, 16.0),
    ([100.0 + k for k in range(7)], 106.0, 32.0),
    ([100.0 + k for k in range(8)], 107.0, 60.0),   # 64 capped at 60
    ([100.0 + k for k in range(30)], 129.0, 60.0),
    ([100.0 + k for k in range(30)], 179.0, 10.0),  # 129 + 60 − 179
    ([0.0, 1.0, 2.0, 400.0], 400.0, 0.0),           # failures older than 300 s are forgotten
    ([100.0, 101.0, 102.0], 400.0, 0.0),            # exactly 300 s after 100: forgotten too
    ([100.0, 101.0, 102.0], 399.0, 0.0),
])
def test_throttle_wait_seconds(failures, now, wait):
    assert throttle.wait_seconds(failures, now) == pytest.approx(wait)


@pytest.mark.parametrize("act", [
    lambda s, w, ids: services.add_idea(s, w, None, "Drive-by idea"),
    lambda s, w, ids: services.save_scores(s, w, None, [(ids.ann_idea, ids.impact, 3)]),
    lambda s, w, ids: services.add_segment(s, w, None, "Walk-ins"),
], ids=["idea", "score", "segment"])
def test_someone_who_has_not_joined_is_told_to_join_and_nothing_changes(live, act):
    before = snapshot(live.store)
    with pytest.raises(NotJoined, match="Join this workshop with its code first"):
        act(live.store, live.id, live.ids)
    assert snapshot(live.store) == before


def test_someone_who_has_not_joined_is_refused_facilitator_actions_by_name(live):
    with pytest.raises(NotFacilitator, match="Only the facilitator can merge ideas"):
        services.merge_ideas(live.store, live.id, None,
                            [live.ids.ann_idea, live.ids.fiona_idea], "Merged")


def test_a_merge_keeps_each_voter_within_the_cap_and_refunds_the_rest(voting):
    ids, store, w = voting.ids, voting.store, voting.id
    services.set_dots(store, w, ids.fiona, 5, 2)
    for idea in (ids.ann_idea, ids.ann_idea, ids.bo_idea, ids.bo_idea):
        services.place_dot(store, w, ids.ann, idea)
    for idea in (ids.ann_idea, ids.bo_idea):
        services.place_dot(store, w, ids.bo, idea)
    services.merge_ideas(store, w, ids.fiona, [ids.ann_idea, ids.bo_idea], "Merged idea")
    assert store.my_dots(w, ids.ann, 1).set_index("idea_id")["dots"].to_dict() == {
        ids.ann_idea: 2}
    assert store.my_dots(w, ids.bo, 1).set_index("idea_id")["dots"].to_dict() == {
        ids.ann_idea: 2}
    assert events_of(store, w, "ideas.merged")[-1]["dots_refunded"] == 2
    for _ in range(2):  # without the refund Ann would be at 4 + 2 = 6 of 5
        services.place_dot(store, w, ids.ann, ids.fiona_idea)


def test_a_finished_timer_goes_with_its_phase_and_a_running_one_stays(live):
    """Time up in diverge → moving to refine clears it; a timer still running carries on."""
    services.set_timer(live.store, live.id, live.ids.fiona, 5, "Brainstorm")
    live.store.update_workshop(live.id, live.ids.fiona,
                               timer_ends_at=datetime.now() - timedelta(seconds=5))
    live.phase("refine")
    assert live.store.get_workshop(live.id).timer_ends_at is None
    services.set_timer(live.store, live.id, live.ids.fiona, 5, "Shortlist")
    live.phase("converge")
    running = live.store.get_workshop(live.id)
    assert running.timer_ends_at is not None and running.timer_label == "Shortlist"
