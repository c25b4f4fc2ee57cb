"""Import page: upload, problems listed by row and column, mapping changed, imported."""

from __future__ import annotations

from pathlib import Path

from tests.app.ui import as_read, button, errors, texts

PAGE = "pages/import.py"
ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "exchange"


def upload(at, name: str, data: bytes):
    uploader = at.file_uploader[0]
    uploader.set_value((name, data, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def test_the_empty_page_says_how_to_export_a_backlog(app):
    at = app(PAGE)
    assert "Export CSV (all fields)" in as_read(texts(at))
    assert at.file_uploader[0].label.startswith("Backlog file")
    assert [b.label for b in at.download_button] == ["Download a sample Jira export to try"]
    assert "Files up to 25 MB (the server's upload limit)" in as_read(texts(at))


def test_the_sample_export_imports_into_the_demo_workshop(app, store):
    """The sample is the Jira fixture without its empty and formula rows: 4 issues."""
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    upload(at, "sample_backlog_jira.csv", (ROOT / "data" / "sample_backlog_jira.csv").read_bytes())
    assert not errors(at) and "would add 4, update 0" in as_read(texts(at))
    button(at, "Import 4 items").click().run()
    at.run()
    assert "Added 4, updated 0; 3 new criteria; 12 scores by “Imported”." in as_read(texts(at))
    assert store.get_participant(store.imported_rater(wid)).name == "Imported"
    # people had scored the demo: its weights stay unless someone ticks the box
    assert [c.weight for c in store.list_criteria(wid)][:3] == [1.0, 1.0, 1.0]


def test_a_file_with_problems_lists_them_and_offers_no_import(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    before = len(store.list_ideas(wid))
    upload(at, "bad.csv", b"Title,Cost,Effort\nA,3,1\nB,9,0\n")
    assert "2 problem(s) to fix before importing" in as_read(errors(at)[0])
    [problems] = [d.value for d in at.dataframe if "problem" in d.value.columns]
    assert problems.to_dict("records") == [
        {"row": 3, "column": "Cost", "problem": "Cost: 9 is outside the scale 1 to 5."},
        {"row": 3, "column": "Effort", "problem": "RICE effort is the work in person-months "
         "and divides the score: 0 is not allowed; use a number above 0."}]
    assert not [b for b in at.button if b.label.startswith("Import ")]
    assert len(store.list_ideas(wid)) == before


def test_an_unreadable_file_says_why(app):
    at = app(PAGE)
    upload(at, "notes.csv", b"")
    assert errors(at) == ["notes.csv is empty: export the backlog again and upload the file."]


def test_remapping_a_column_shows_its_problems_and_the_import_confirms(app, store):
    """Points go to a new criterion by default; sent to the 1–5 Cost criterion, 9 is refused;
    sent back, the file imports."""
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    before = len(store.list_ideas(wid))
    cost = next(c.id for c in store.list_criteria(wid) if c.name == "Cost")
    upload(at, "sheet.csv", b"Title,Points\nDark mode,9\nSearch,2\n")
    assert not errors(at)

    def remap(target: str) -> None:
        [points] = [s for s in at.selectbox if s.label == "Points"]
        points.set_value(target)
        button(at, "Check the file again").click().run()
        assert not at.exception, at.exception

    remap(f"criterion:{cost}")
    assert "1 problem(s) to fix before importing" in errors(at)[0]
    remap("new:Points")
    assert not errors(at), errors(at)
    assert "would add 2, update 0" in as_read(texts(at))
    button(at, "Import 2 items").click().run()
    at.run()
    assert not at.exception
    assert "Added 2, updated 0; 1 new criteria; 2 scores by “Imported”." in as_read(texts(at))
    assert [p.label for p in at.page_link][-3:] == [
        "See them ranked", "Refine the shortlist", "Check the criteria and weights"]
    assert len(store.list_ideas(wid)) == before + 2
    assert store.list_criteria(wid)[-1].name == "Points"


def test_a_jira_export_is_recognised_and_imported(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    upload(at, "jira.csv", (DATA / "jira_cloud.csv").read_bytes())
    assert "**jira.csv** read as **Jira Cloud CSV**: 5 rows, 18 columns." in as_read(texts(at))
    assert "Row 7, column 'Summary': starts with '=': kept as text" in as_read(texts(at))
    button(at, "Import 5 items").click().run()
    at.run()
    assert "Added 5, updated 0" in as_read(texts(at))
    assert store.list_events(wid)["kind"].iloc[0] == "import"
    button(at, "Import another file").click().run()
    assert at.file_uploader[0].value is None


def test_a_participant_of_a_live_workshop_is_told_only_the_facilitator_imports(app, store):
    from tests.app.ui import as_seat
    from workbench import services

    start = services.start_live_workshop(store, "Live import", "Goal", "Fay")
    guest = services.join_with_code(store, start.seat.workshop.join_code, "Gus")
    at = as_seat(guest)
    at.switch_page(PAGE).run()
    assert "Only the facilitator imports a backlog" in as_read(texts(at))
    assert not at.file_uploader
