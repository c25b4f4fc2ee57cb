"""Racing writes, each interleaving forced: a check inside one write never goes stale.

A "racer" write is paused right after its existence check (inside its transaction); the
competing write is then given a second to commit. Without the structure lock it does, and
the racer commits against rows that no longer exist; with it, the competitor waits for the
racer, or the racer sees the change. Either way nothing is orphaned and what a person was
told matches what is stored.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from workbench import services
from workbench.domain.models import UnknownItem, UnknownWorkshop
from workbench.store import Store
from workbench.store.core import StoreCore

GRACE_SECONDS = 1.0  # how long the competitor may run while the racer is paused

@pytest.fixture
def fresh_store(either_store: Store) -> Store:
    """Every test here runs on DuckDB and on PostgreSQL (tests/store/conftest.py)."""
    return either_store


@contextmanager
def paused_after(monkeypatch: pytest.MonkeyPatch, check: str) -> Iterator[threading.Event]:
    """Pause the thread named "racer" right after StoreCore.<check> passed; yield the event
    set when it is paused. The racer goes on when the block ends."""
    real = getattr(StoreCore, check)
    paused, go = threading.Event(), threading.Event()

    def checked(cur, *args):
        real(cur, *args)
        if threading.current_thread().name == "racer":
            paused.set()
            go.wait(30)

    monkeypatch.setattr(StoreCore, check, staticmethod(checked))
    try:
        yield paused
    finally:
        go.set()


def race(monkeypatch: pytest.MonkeyPatch, check: str, racer: Callable[[], object],
         competitor: Callable[[], object]) -> dict[str, object]:
    """Run ``racer`` until it passed ``check``, then ``competitor``; return what each gave."""
    outcome: dict[str, object] = {}

    def run(name: str, action: Callable[[], object]) -> None:
        try:
            outcome[name] = action()
        except Exception as exc:  # the outcome is what the person would be told
            outcome[name] = exc

    with paused_after(monkeypatch, check) as paused:
        first = threading.Thread(target=run, args=("racer", racer), name="racer")
        first.start()
        assert paused.wait(30), "the racer never reached its check"
        second = threading.Thread(target=run, args=("competitor", competitor))
        second.start()
        second.join(GRACE_SECONDS)  # without the lock the competitor commits meanwhile
    first.join(30)
    second.join(30)
    assert not first.is_alive() and not second.is_alive()
    return outcome


def orphans(store: Store) -> dict[str, int]:
    """Rows that point at an idea or a workshop that no longer exists."""
    return store.write(lambda cur: {
        "scores": cur.execute("SELECT count(*) FROM scores s WHERE NOT EXISTS "
                              "(SELECT 1 FROM ideas i WHERE i.id = s.idea_id)").fetchone()[0],
        "ideas": cur.execute("SELECT count(*) FROM ideas i WHERE NOT EXISTS "
                             "(SELECT 1 FROM workshops w WHERE w.id = i.workshop_id)"
                             ).fetchone()[0],
        "tags": cur.execute("SELECT count(*) FROM idea_needs t WHERE NOT EXISTS "
                            "(SELECT 1 FROM needs n WHERE n.id = t.need_id)").fetchone()[0],
        "dots": cur.execute("SELECT count(*) FROM votes v WHERE NOT EXISTS "
                            "(SELECT 1 FROM ideas i WHERE i.id = v.idea_id)").fetchone()[0]})


NONE = {"scores": 0, "ideas": 0, "tags": 0, "dots": 0}


def test_a_score_saved_while_its_idea_is_deleted_leaves_no_orphan(workshop, monkeypatch):
    store = workshop.store
    idea = workshop.idea("Doomed")
    impact = workshop.criterion("Impact").id
    got = race(monkeypatch, "_require_ideas",
               lambda: services.save_scores(store, workshop.id, workshop.rater.id,
                                            [(idea, impact, 4)]),
               lambda: services.delete_idea(store, workshop.id, workshop.author.id, idea))
    assert got == {"racer": 1, "competitor": None}  # saved, then deleted with its idea
    assert orphans(store) == NONE


def test_a_score_saved_while_its_idea_is_merged_lands_before_the_merge(workshop, monkeypatch):
    """The save either commits before the merge (as if a moment earlier) or is refused; it
    never lands on the hidden original after the merge was made."""
    store = workshop.store
    keep, absorbed = workshop.idea("Keep"), workshop.idea("Absorbed")
    impact = workshop.criterion("Impact").id
    got = race(monkeypatch, "_require_ideas",
               lambda: services.save_scores(store, workshop.id, workshop.rater.id,
                                            [(absorbed, impact, 4)]),
               lambda: services.merge_ideas(store, workshop.id, workshop.author.id,
                                            [keep, absorbed], "Kept"))
    assert got == {"racer": 1, "competitor": keep}
    kinds = store.list_events(workshop.id, limit=10)["kind"].tolist()  # newest first
    assert kinds.index("ideas.merged") < kinds.index("scores.saved")


def test_an_idea_added_while_its_workshop_is_deleted_is_refused_or_deleted_with_it(
        workshop, monkeypatch):
    store = workshop.store
    got = race(monkeypatch, "_require_workshop",
               lambda: services.add_idea(store, workshop.id, workshop.author.id, "Late idea"),
               lambda: services.delete_workshop(store, workshop.id, workshop.author.id))
    assert got["competitor"] is None
    assert isinstance(got["racer"], (int, UnknownWorkshop))
    assert orphans(store) == NONE
    with pytest.raises(UnknownWorkshop):
        store.get_workshop(workshop.id)


def test_an_idea_tagged_while_its_need_is_deleted_keeps_no_tag_to_the_gone_need(
        workshop, monkeypatch):
    store = workshop.store
    got = race(monkeypatch, "_require_needs",
               lambda: services.add_idea(store, workshop.id, workshop.author.id, "Tagged",
                                         "", [workshop.need_b]),
               lambda: services.delete_need(store, workshop.id, workshop.author.id,
                                            workshop.need_b, untag=True))
    assert isinstance(got["racer"], int) and got["competitor"] == 1  # added, then untagged
    assert orphans(store) == NONE


def test_a_dot_placed_while_its_idea_is_deleted_leaves_no_orphan(workshop, monkeypatch):
    store = workshop.store
    idea = workshop.idea("Doomed")
    real = type(store).write

    # place_dot checks its idea in its own SQL, not through a _require_* helper: pause the
    # racer when its transaction is about to run instead.
    def write(self, work, **options):
        def paused_work(cur):
            result = work(cur)
            StoreCore._require_workshop(cur, workshop.id)  # the hook pauses the racer here
            return result
        return real(self, paused_work if threading.current_thread().name == "racer" else work,
                    **options)

    monkeypatch.setattr(type(store), "write", write)
    got = race(monkeypatch, "_require_workshop",
               lambda: services.place_dot(store, workshop.id, workshop.rater.id, idea),
               lambda: services.delete_idea(store, workshop.id, workshop.author.id, idea))
    assert got == {"racer": None, "competitor": None}
    assert orphans(store) == NONE


def test_a_score_refused_after_the_delete_tells_the_person_and_writes_nothing(workshop):
    """The plain order: delete first, then the save sees the idea gone."""
    store = workshop.store
    idea = workshop.idea("Gone")
    services.delete_idea(store, workshop.id, workshop.author.id, idea)
    with pytest.raises(UnknownItem):
        services.save_scores(store, workshop.id, workshop.rater.id,
                             [(idea, workshop.criterion("Impact").id, 4)])
    assert orphans(store) == NONE
