"""The ranked export service: blind until the reveal, anonymous when asked, the facilitator's
at any moment; the files it makes."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from tests.store.test_bad_input import refused
from workbench import services
from workbench.domain.models import InvalidInput
from workbench.store import DuckDBStore


@pytest.fixture
def live(fresh_store):
    """A live workshop in converge: Fay (facilitator) and Bo each scored "Wizard ="."""
    started = services.start_live_workshop(fresh_store, "Offsite", "", "Fay")
    wid, fay = started.seat.workshop.id, started.seat.participant.id
    bo = services.join_with_code(fresh_store, started.seat.workshop.join_code, "Bo").participant
    idea = services.add_idea(fresh_store, wid, bo.id, "=Wizard")
    services.set_shortlist(fresh_store, wid, fay, [idea])
    services.set_phase(fresh_store, wid, fay, "converge")
    criteria = fresh_store.list_criteria(wid)
    for person in (fay, bo.id):
        services.save_scores(fresh_store, wid, person, [(idea, c.id, 3) for c in criteria])
    return fresh_store, wid, fay, bo.id


def rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_before_the_reveal_only_the_facilitator_can_export(live):
    store, wid, fay, bo = live
    for fmt in ("csv", "xlsx"):
        with refused(store, services.ResultsHidden, match="hidden until"):
            services.ranked_export(store, wid, bo, fmt)
        with refused(store, services.ResultsHidden):
            services.ranked_export(store, wid, None, fmt)
    ranked = rows(services.ranked_export(store, wid, fay, "csv").data)
    assert ranked[0]["Idea"] == "'=Wizard" and ranked[0]["Author(s)"] == "Bo"


def test_after_the_reveal_everyone_exports_and_anonymity_hides_authors(live):
    store, wid, fay, bo = live
    services.set_revealed(store, wid, fay, True)
    assert rows(services.ranked_export(store, wid, bo, "csv").data)[0]["Author(s)"] == "Bo"
    services.set_anonymous(store, wid, fay, True)
    data = services.ranked_export(store, wid, bo, "csv").data
    assert "Author(s)" not in rows(data)[0] and b"Bo" not in data and b"Fay" not in data
    book = openpyxl.load_workbook(io.BytesIO(services.ranked_export(store, wid, bo,
                                                                    "xlsx").data))
    text = " ".join(str(c.value) for s in book for r in s.iter_rows() for c in r)
    assert "Bo" not in text.split() and "Author(s)" not in text
    # The facilitator still sees who wrote what.
    assert rows(services.ranked_export(store, wid, fay, "csv").data)[0]["Author(s)"] == "Bo"


def test_bad_format_or_a_stranger_is_refused(live):
    store, wid, fay, _ = live
    other = services.create_workshop(store, "Other")
    stranger = services.join(store, other, "Zed").id
    with refused(store, InvalidInput, match="one of: csv, xlsx"):
        services.ranked_export(store, wid, fay, "pdf")
    with refused(store, InvalidInput, match="not a participant"):
        services.ranked_export(store, wid, stranger, "csv")


def test_demo_export_known_answer(demo_db):
    """The demo's top idea: Interactive setup checklist, Impact mean 5 → 33.33 points, Cost mean
    1.5 → (5 − 1.5) ÷ 4 = 0.875 × 33.33 = 29.17, Feasibility mean 4 → 0.75 × 33.33 = 25:
    87.5 in all, from 4 raters."""
    store = DuckDBStore(demo_db)
    try:
        wid = store.demo_workshop_ids()[0]
        top = rows(services.ranked_export(store, wid, None, "csv").data)[0]
        assert top["Idea"] == "Interactive setup checklist" and top["Rank"] == "1"
        assert float(top["Weighted score (0–100)"]) == 87.5
        assert float(top["Cost (points)"]) == pytest.approx(29.1667)
        assert top["Raters"] == "4"
        download = services.ranked_export(store, wid, None, "xlsx")
        assert download.file_name == "improve-customer-onboarding-ranking.xlsx"
        book = openpyxl.load_workbook(io.BytesIO(download.data))
        assert book.sheetnames == ["Ranking", "Method"]
        assert book["Ranking"]["B2"].value == "Interactive setup checklist"
    finally:
        store.close()
