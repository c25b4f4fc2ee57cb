"""Who may take a workshop live, key rotation, rejoin-link revocation, removal, the projector.

Each test works on a copy of one prepared DuckDB file; refused actions change no table.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path

import pytest

from tests.store.test_bad_input import refused, snapshot
from workbench import services
from workbench.domain.models import (
    InvalidInput,
    InvalidToken,
    NotFacilitator,
    UnknownCode,
)
from workbench.store import DuckDBStore, Store, schema


@dataclass(frozen=True)
class Ids:
    workshop: int
    code: str
    key: str
    fiona: int
    ann: int
    ann_token: str
    bo: int
    bo_token: str
    ann_idea: int
    bo_idea: int
    impact: int
    olga: int          # facilitator of another live workshop
    zed: int           # participant of that other workshop


@dataclass
class Ctx:
    store: Store
    ids: Ids

    @property
    def wid(self) -> int:
        return self.ids.workshop

    def events(self, kind: str) -> list[dict]:
        frame = self.store.list_events(self.wid, limit=100_000)
        return [json.loads(d) for d in frame.loc[frame["kind"] == kind, "detail"]]

    def participants_row(self, pid: int) -> tuple:
        return self.store.write(lambda cur: cur.execute(
            "SELECT id, workshop_id, name, slot FROM participants WHERE id = ?", [pid]
        ).fetchone())


def build(path: Path) -> Ids:
    store = DuckDBStore(path)
    started = services.start_live_workshop(store, "Offsite", "", "Fiona")
    w, fiona = started.seat.workshop.id, started.seat.participant.id
    code = started.seat.workshop.join_code
    ann = services.join_with_code(store, code, "Ann")
    bo = services.join_with_code(store, code, "Bo")
    services.set_phase(store, w, fiona, "diverge")
    ann_idea = services.add_idea(store, w, ann.participant.id, "Ann's idea")
    bo_idea = services.add_idea(store, w, bo.participant.id, "<b>Bo's</b> **idea**")
    services.set_shortlist(store, w, fiona, [ann_idea, bo_idea])
    impact = {c.name: c.id for c in store.list_criteria(w)}["Impact"]
    other = services.start_live_workshop(store, "Other", "", "Olga")
    zed = services.join_with_code(store, other.seat.workshop.join_code, "Zed")
    store.close()
    return Ids(w, code, started.facilitator_key, fiona, ann.participant.id, ann.rejoin_token,
               bo.participant.id, bo.rejoin_token, ann_idea, bo_idea, impact,
               other.seat.participant.id, zed.participant.id)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Ids]:
    path = tmp_path_factory.mktemp("seat_admin") / "seats.duckdb"
    return path, build(path)


@pytest.fixture
def ctx(template: tuple[Path, Ids], tmp_path: Path) -> Iterator[Ctx]:
    path = tmp_path / "workbench.duckdb"
    shutil.copy(template[0], path)
    store = DuckDBStore(path)
    yield Ctx(store, template[1])
    store.close()


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Store]:
    store = DuckDBStore(tmp_path / "fresh.duckdb")
    yield store
    store.close()


# ---- who may take a free-mode workshop live ----------------------------------------------------

def test_a_stranger_cannot_take_someone_elses_free_workshop_live(fresh):
    """The bug: a stranger named himself, went live and the owner lost the workshop."""
    free = services.create_workshop(fresh, "Backlog")
    owner = services.join(fresh, free, "Priya")
    services.add_idea(fresh, free, owner.id, "Owner's idea")
    stranger = services.join(fresh, free, "Mallory")
    with refused(fresh, services.NotWorkshopOwner, "only the person who started it"):
        services.go_live(fresh, free, stranger.id)
    assert not fresh.get_workshop(free).live
    assert free in fresh.list_workshops()["id"].tolist()
    started = services.go_live(fresh, free, owner.id)  # the creator still may
    assert started.seat.participant.is_facilitator and fresh.get_workshop(free).live
    assert not fresh.get_participant(stranger.id).is_facilitator


def test_the_refusal_is_a_not_facilitator_error_with_a_clear_message(fresh):
    free = services.create_workshop(fresh, "Backlog")
    services.join(fresh, free, "Priya")
    stranger = services.join(fresh, free, "Mallory")
    with pytest.raises(NotFacilitator) as info:
        services.go_live(fresh, free, stranger.id)
    assert "Join page" in str(info.value) and str(info.value).endswith(".")


def test_anyone_may_take_a_free_workshop_live_while_nobody_else_has_joined(fresh):
    free = services.create_workshop(fresh, "Alone")
    first = services.join(fresh, free, "Whoever")
    services.go_live(fresh, free, first.id)
    assert fresh.get_workshop(free).live


def test_on_the_demo_only_its_first_participant_may_take_it_live(fresh):
    demo = services.create_demo_workshop(fresh)
    host = services.join(fresh, demo, "Host")
    with refused(fresh, services.NotWorkshopOwner):
        services.go_live(fresh, demo, host.id)
    first = services.join(fresh, demo, "Priya (Product)")
    services.go_live(fresh, demo, first.id)
    assert fresh.get_workshop(demo).live


# ---- rotating the facilitator key --------------------------------------------------------------

def test_rotating_the_key_stops_the_old_one_and_keeps_every_facilitator(ctx):
    ids = ctx.ids
    services.claim_facilitator(ctx.store, ctx.wid, ids.ann, ids.key)
    new_key = services.rotate_facilitator_key(ctx.store, ctx.wid, ids.fiona)
    assert new_key != ids.key and len(new_key) > 20
    with refused(ctx.store, InvalidToken):
        services.claim_facilitator(ctx.store, ctx.wid, ids.bo, ids.key)
    assert ctx.store.get_participant(ids.fiona).is_facilitator
    assert ctx.store.get_participant(ids.ann).is_facilitator  # kept their seat
    services.set_phase(ctx.store, ctx.wid, ids.ann, "refine")
    services.claim_facilitator(ctx.store, ctx.wid, ids.bo, new_key)
    assert ctx.store.get_participant(ids.bo).is_facilitator
    logged = ctx.events("facilitator.key_rotated")
    assert len(logged) == 1 and new_key not in json.dumps(logged)


@pytest.mark.parametrize("who", ["ann", "none", "zed", "olga"])
def test_only_this_workshops_facilitator_may_rotate_the_key(ctx, who):
    actor = {"ann": ctx.ids.ann, "none": None, "zed": ctx.ids.zed, "olga": ctx.ids.olga}[who]
    with refused(ctx.store, (NotFacilitator, InvalidToken)):
        services.rotate_facilitator_key(ctx.store, ctx.wid, actor)


def test_a_free_workshop_has_no_key_to_rotate(fresh):
    free = services.create_workshop(fresh, "Free")
    me = services.join(fresh, free, "Me")
    with refused(fresh, InvalidInput, "live workshops"):
        services.rotate_facilitator_key(fresh, free, me.id)


# ---- revoking and reissuing rejoin links -------------------------------------------------------

def test_a_reissued_link_replaces_the_old_one(ctx):
    ids = ctx.ids
    token = services.reissue_rejoin_link(ctx.store, ctx.wid, ids.fiona, ids.ann)
    with pytest.raises(InvalidToken):
        services.rejoin(ctx.store, ctx.wid, ids.ann_token)
    assert services.rejoin(ctx.store, ctx.wid, token).id == ids.ann
    assert services.rejoin(ctx.store, ctx.wid, ids.bo_token).id == ids.bo  # others untouched
    (event,) = ctx.events("participant.link_reissued")
    assert event == {"participant": ids.ann, "name": "Ann"} and token not in json.dumps(event)
    services.add_idea(ctx.store, ctx.wid, ids.ann, "Still takes part")


def test_a_revoked_link_stops_working_without_a_new_one(ctx):
    ids = ctx.ids
    services.revoke_rejoin_link(ctx.store, ctx.wid, ids.fiona, ids.bo)
    with pytest.raises(InvalidToken):
        services.rejoin(ctx.store, ctx.wid, ids.bo_token)
    assert ctx.events("participant.link_revoked") == [{"participant": ids.bo, "name": "Bo"}]


# ---- removing a participant --------------------------------------------------------------------

def test_a_removed_participant_is_refused_everywhere_and_their_work_stays(ctx):
    ids, store = ctx.ids, ctx.store
    row = ctx.participants_row(ids.ann)
    services.remove_participant(store, ctx.wid, ids.fiona, ids.ann)
    assert ctx.participants_row(ids.ann) == row           # the row (and its slot) stays
    assert store.get_idea(ids.ann_idea).title == "Ann's idea"
    attempts = [
        lambda: services.add_idea(store, ctx.wid, ids.ann, "After removal"),
        lambda: services.edit_idea(store, ctx.wid, ids.ann, ids.ann_idea, "Changed", "", []),
        lambda: services.delete_idea(store, ctx.wid, ids.ann, ids.ann_idea),
        lambda: services.claim_facilitator(store, ctx.wid, ids.ann, ids.key),
        lambda: services.rejoin(store, ctx.wid, ids.ann_token),
    ]
    for attempt in attempts:
        with refused(store, services.ParticipantRemoved, "removed you"):
            attempt()
    services.set_phase(store, ctx.wid, ids.fiona, "converge")
    for attempt in (lambda: services.save_scores(store, ctx.wid, ids.ann,
                                                 [(ids.bo_idea, ids.impact, 4)]),
                    lambda: services.place_dot(store, ctx.wid, ids.ann, ids.bo_idea)):
        with refused(store, services.ParticipantRemoved):
            attempt()
    before = snapshot(store)
    services.heartbeat(store, ctx.wid, ids.ann)           # quietly ignored, nothing written
    assert snapshot(store) == before
    assert ctx.events("participant.removed") == [{"participant": ids.ann, "name": "Ann"}]
    assert not services.is_facilitator(store, store.get_workshop(ctx.wid), ids.ann)


def test_a_removed_facilitator_loses_the_role_and_cannot_reclaim_it(ctx):
    ids, store = ctx.ids, ctx.store
    services.claim_facilitator(store, ctx.wid, ids.ann, ids.key)
    services.remove_participant(store, ctx.wid, ids.fiona, ids.ann)
    assert not store.get_participant(ids.ann).is_facilitator
    with refused(store, services.ParticipantRemoved):
        services.set_phase(store, ctx.wid, ids.ann, "refine")
    with refused(store, services.ParticipantRemoved):
        services.remove_participant(store, ctx.wid, ids.ann, ids.fiona)


def test_a_newcomer_can_take_a_new_slot_after_a_removal(ctx):
    ids, store = ctx.ids, ctx.store
    slot = ctx.participants_row(ids.bo)[3]
    services.remove_participant(store, ctx.wid, ids.fiona, ids.bo)
    newcomer = services.join_with_code(store, ids.code, "Cleo")
    assert ctx.participants_row(newcomer.participant.id)[3] > slot
    with pytest.raises(Exception, match="already goes by"):  # the name stays taken
        services.join_with_code(store, ids.code, "bo")


# ---- bad input for the seat controls: nothing changes ------------------------------------------

BAD_PARTICIPANTS = [None, "", "2", 2.5, True, [1], 10**12, -1]


@pytest.mark.parametrize("action", ["remove", "reissue", "revoke"])
@pytest.mark.parametrize("bad", BAD_PARTICIPANTS)
def test_seat_controls_refuse_a_bad_participant_and_change_nothing(ctx, action, bad):
    act = {"remove": services.remove_participant, "reissue": services.reissue_rejoin_link,
           "revoke": services.revoke_rejoin_link}[action]
    with refused(ctx.store, InvalidInput):
        act(ctx.store, ctx.wid, ctx.ids.fiona, bad)


@pytest.mark.parametrize("action", ["remove", "reissue", "revoke"])
def test_seat_controls_refuse_yourself_other_workshops_and_the_already_removed(ctx, action):
    ids = ctx.ids
    act = {"remove": services.remove_participant, "reissue": services.reissue_rejoin_link,
           "revoke": services.revoke_rejoin_link}[action]
    with refused(ctx.store, InvalidInput, "your own seat"):
        act(ctx.store, ctx.wid, ids.fiona, ids.fiona)
    with refused(ctx.store, InvalidInput, "not in this workshop"):
        act(ctx.store, ctx.wid, ids.fiona, ids.zed)
    services.remove_participant(ctx.store, ctx.wid, ids.fiona, ids.bo)
    with refused(ctx.store, InvalidInput, "already been removed"):
        act(ctx.store, ctx.wid, ids.fiona, ids.bo)


@pytest.mark.parametrize("action", ["remove", "reissue", "revoke"])
@pytest.mark.parametrize("who", ["ann", "none", "olga"])
def test_seat_controls_are_for_this_workshops_facilitator_only(ctx, action, who):
    actor = {"ann": ctx.ids.ann, "none": None, "olga": ctx.ids.olga}[who]
    act = {"remove": services.remove_participant, "reissue": services.reissue_rejoin_link,
           "revoke": services.revoke_rejoin_link}[action]
    with refused(ctx.store, (NotFacilitator, InvalidToken)):
        act(ctx.store, ctx.wid, actor, ctx.ids.bo)


def test_the_migration_adds_removed_at_and_keeps_its_version(ctx):
    assert ctx.store.schema_version() == schema.LATEST_VERSION >= 6
    columns = ctx.store.write(lambda cur: cur.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'participants'"
    ).fetchall())
    assert ("removed_at",) in columns


# ---- the projector's public view ---------------------------------------------------------------

def test_the_projector_view_shows_no_names_and_no_results_before_the_reveal(ctx):
    ids, store = ctx.ids, ctx.store
    services.set_phase(store, ctx.wid, ids.fiona, "converge")
    services.save_scores(store, ctx.wid, ids.ann, [(ids.bo_idea, ids.impact, 5)])
    view = services.projector_view(store, ids.code.lower())
    assert (view.ideas, view.people, view.scored, view.shortlisted) == (2, 3, 1, 2)
    assert not view.results_shown and view.top == ()
    assert view.phase.startswith("Converge")
    for name in ("Fiona", "Ann", "Bo"):
        assert name not in repr(view)
    assert not {f.name for f in fields(view)} & {"names", "authors", "raters", "participants"}


def test_the_projector_view_shows_the_top_after_the_reveal_and_skips_removed_people(ctx):
    ids, store = ctx.ids, ctx.store
    services.set_phase(store, ctx.wid, ids.fiona, "converge")
    criteria = store.list_criteria(ctx.wid)
    for rater, value in ((ids.ann, 5), (ids.bo, 1)):
        services.save_scores(store, ctx.wid, rater,
                             [(idea, c.id, value) for idea in (ids.ann_idea, ids.bo_idea)
                              for c in criteria])
    services.remove_participant(store, ctx.wid, ids.fiona, ids.bo)
    services.set_revealed(store, ctx.wid, ids.fiona, True)
    view = services.projector_view(store, ids.code)
    assert view.results_shown and [t[1] for t in view.top] and len(view.top) == 2
    assert {t[1] for t in view.top} == {"Ann's idea", "<b>Bo's</b> **idea**"}
    assert (view.people, view.scored) == (2, 1)


@pytest.mark.parametrize("code", ["", None, 42, "NOPE", "<script>", "' OR 1=1 --", "A" * 500])
def test_the_projector_view_refuses_an_unknown_code(ctx, code):
    with refused(ctx.store, UnknownCode):
        services.projector_view(ctx.store, code)


# ---- a facilitator who lost her seat ------------------------------------------------------


def test_a_facilitator_who_lost_her_seat_gets_the_same_one_back_with_a_new_link(ctx):
    ids = ctx.ids
    before = len(ctx.store.list_participants(ctx.wid))
    seat = services.reclaim_facilitator_seat(ctx.store, ids.code, "fiona", ids.key)
    assert seat.participant.id == ids.fiona and seat.participant.is_facilitator
    assert services.rejoin(ctx.store, ctx.wid, seat.rejoin_token).id == ids.fiona
    assert len(ctx.store.list_participants(ctx.wid)) == before  # not a second participant


@pytest.mark.parametrize(("who", "key", "error"), [
    ("Fiona", "wrong key", InvalidToken),      # the key is checked before the name
    ("Ann", "{key}", InvalidToken),            # Ann is no facilitator
    ("Nobody", "{key}", InvalidToken),
    ("", "{key}", InvalidInput),
])
def test_reclaiming_needs_the_key_and_a_facilitators_name_and_changes_nothing_otherwise(
        ctx, who, key, error):
    with refused(ctx.store, error):
        services.reclaim_facilitator_seat(ctx.store, ctx.ids.code, who,
                                          key.format(key=ctx.ids.key))


def test_reclaiming_with_a_wrong_code_is_the_unknown_code_answer(ctx):
    with refused(ctx.store, UnknownCode):
        services.reclaim_facilitator_seat(ctx.store, "ZZZZZZZ", "Fiona", ctx.ids.key)
