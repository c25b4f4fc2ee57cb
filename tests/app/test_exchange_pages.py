"""Exports, backup and restore in the app: who sees which download, and the restore flow."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
import streamlit

from tests.app.ui import as_seat, click, errors, field, texts, toasts
from workbench import services

RANKING = ["Download ranking (CSV)", "Download ranking (Excel)"]


def downloads(at) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


@pytest.fixture
def live(store):
    """A live workshop in converge with one shortlisted idea scored by Fay and Pat."""
    started = services.start_live_workshop(store, "Pricing offsite", "", "Fay")
    fay = started.seat
    pat = services.join_with_code(store, fay.workshop.join_code, "Pat")
    wid = fay.workshop.id
    idea = services.add_idea(store, wid, pat.participant.id, "Annual plan discount")
    services.set_shortlist(store, wid, fay.participant.id, [idea])
    services.set_phase(store, wid, fay.participant.id, "converge")
    for seat in (fay, pat):
        services.save_scores(store, wid, seat.participant.id,
                             [(idea, c.id, 4) for c in store.list_criteria(wid)])
    return {"wid": wid, "fay": fay, "pat": pat}


def test_rank_offers_both_files_to_the_facilitator_and_nobody_else_before_the_reveal(
        app, store, live):
    assert downloads(as_seat(live["fay"], "pages/rank.py")) == RANKING
    assert downloads(as_seat(live["pat"], "pages/rank.py")) == []
    services.set_revealed(store, live["wid"], live["fay"].participant.id, True)
    assert downloads(as_seat(live["pat"], "pages/rank.py")) == RANKING


def test_free_mode_rank_and_decide_offer_the_files(app):
    assert downloads(app("pages/rank.py")) == RANKING
    decide = downloads(app("pages/decide.py"))
    assert set(RANKING) <= set(decide)


def test_backup_button_only_for_whoever_runs_the_workshop(app, live):
    assert "Back up this workshop" in downloads(app())  # the free-mode demo: anyone
    assert "Back up this workshop" in downloads(as_seat(live["fay"], "pages/workshops.py"))
    assert "Back up this workshop" not in downloads(as_seat(live["pat"], "pages/workshops.py"))


@dataclass
class Upload:
    """What st.file_uploader hands the page (AppTest cannot upload a file itself)."""

    name: str
    data: bytes

    def getvalue(self) -> bytes:
        return self.data


@pytest.fixture
def upload(monkeypatch):
    """Make the restore uploader return the file put in ``chosen["file"]``."""
    chosen: dict[str, Upload | None] = {"file": None}
    real = streamlit.file_uploader

    def fake(label, *args, key=None, **kwargs):
        if str(key).startswith("restore_upload_"):
            return chosen["file"]
        return real(label, *args, key=key, **kwargs)
    monkeypatch.setattr(streamlit, "file_uploader", fake)
    return chosen


def test_a_bad_file_gets_the_reason_and_no_restore_button(app, store, upload):
    before = len(store.list_workshops())
    upload["file"] = Upload("notes.json", b'{"ideas": [1, 2')
    at = app()
    assert any("not complete JSON" in e for e in errors(at))
    assert "Restore as a new workshop" not in [b.label for b in at.button]
    upload["file"] = Upload("ranking.xlsx", b"PK\x03\x04")
    at.run()
    assert any("not a .json file" in e for e in errors(at))
    assert len(store.list_workshops()) == before


def test_restoring_the_demo_previews_it_then_opens_the_copy(app, store, upload):
    demo = store.demo_workshop_ids()[0]
    upload["file"] = Upload("demo.json", services.backup_workshop(store, demo, None).data)
    at = app()
    shown = texts(at)
    assert "Improve customer onboarding" in shown and "28 ideas" in shown
    assert "240 scores" in shown
    click(at, "Restore as a new workshop")
    assert "Restored “Improve customer onboarding” as a new workshop — it is now open" in \
        toasts(at)
    copy = at.session_state["workshop_id"]
    assert copy != demo and store.get_workshop(copy).title == "Improve customer onboarding"
    assert [m.value for m in at.metric][:3] == ["3", "10", "28"]
    # The uploader starts empty again (a new key), so the file is not offered twice.
    assert at.session_state["_restore_uploads"] == 1


def test_restoring_a_live_workshop_shows_the_key_once_and_seats_the_facilitator(
        app, store, upload, live):
    data = services.backup_workshop(store, live["wid"], live["fay"].participant.id).data
    upload["file"] = Upload("offsite.json", data)
    at = app(name="Fay")
    click(at, "Restore as a new workshop")
    key = at.session_state["_restored_live"]["key"]
    assert key in [c.value for c in at.code]
    assert json.loads(data)["workshop"]["title"] in texts(at)
    assert field(at, "text_input", "Your name").value == "Fay"
    click(at, "Take the facilitator seat")
    assert "You are the facilitator of “Pricing offsite”" in toasts(at)
    copy = at.session_state["workshop_id"]
    assert copy != live["wid"] and "_restored_live" not in at.session_state
    assert services.is_facilitator(store, store.get_workshop(copy),
                                   at.session_state["_seats"][copy]["participant_id"])
