"""``python -m workbench import``: the same checks and messages as the app, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench import services
from workbench.cli import main
from workbench.cli.common import BAD_INPUT, OK, USAGE
from workbench.store import open_store

DATA = Path(__file__).resolve().parents[1] / "data" / "exchange"


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "wb.duckdb"
    store = open_store(path)
    wid = services.create_workshop(store, "Checkout backlog")
    store.close()
    return path, wid


def titles(path: Path, wid: int) -> list[str]:
    store = open_store(path)
    try:
        return sorted(store.list_ideas(wid)["title"])
    finally:
        store.close()


def test_a_dry_run_says_what_would_change_and_writes_nothing(db, capsys):
    path, wid = db
    code = main(["--db", str(path), "import", str(DATA / "trello_board.json"), "--workshop",
                 str(wid), "--dry-run"])
    out = capsys.readouterr().out
    assert code == OK
    assert "Read trello_board.json as Trello board JSON: 4 rows." in out
    assert "would add 2, update 0, skip 2 archived" in out and "nothing was written" in out
    assert titles(path, wid) == []


def test_an_import_then_a_re_import_updates(db, capsys):
    path, wid = db
    args = ["--db", str(path), "import", str(DATA / "jira_cloud.csv"), "--workshop",
            "Checkout backlog", "--preset", "jira"]
    assert main(args) == OK
    assert "Added 5, updated 0; 3 new criteria; 14 scores by “Imported”." in \
        capsys.readouterr().out
    assert main(args) == OK
    assert "Added 0, updated 5; 14 scores" in capsys.readouterr().out
    assert len(titles(path, wid)) == 5


def test_problems_are_listed_by_row_and_column_exit_1_and_nothing_written(db, capsys,
                                                                          tmp_path):
    path, wid = db
    bad = tmp_path / "bad.csv"
    bad.write_text("Title,Cost,Effort\nA,3,1\nB,9,0\n,2,1\n", encoding="utf-8")
    code = main(["--db", str(path), "import", str(bad), "--workshop", str(wid)])
    err = capsys.readouterr().err
    assert code == BAD_INPUT
    assert "bad.csv cannot be imported — 3 problem(s); nothing was written:" in err
    assert "- Row 3, column 'Cost': Cost: 9 is outside the scale 1 to 5." in err
    assert "- Row 3, column 'Effort': RICE effort is the work in person-months" in err
    assert "- Row 4, column 'Title': Title cannot be empty." in err
    assert titles(path, wid) == []


def test_map_overrides_the_guess(db, capsys, tmp_path):
    """--map 'Cost=new:Size' sends the column to a new criterion: 9 is then fine."""
    path, wid = db
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Title,Cost,Notes\nA,9,x\n", encoding="utf-8")
    assert main(["--db", str(path), "import", str(sheet), "--workshop", str(wid),
                 "--map", "Cost=new:Size", "--map", "Notes=ignore"]) == OK
    out = capsys.readouterr().out
    assert "Cost → Score: new criterion “Size”" in out and "Notes →" not in out
    store = open_store(path)
    try:
        assert [c.name for c in store.list_criteria(wid)][-1] == "Size"
        assert store.list_ideas(wid)["description"].tolist() == [""]
    finally:
        store.close()


@pytest.mark.parametrize("extra, words", [
    (["--map", "Cost"], "write it as COLUMN=TARGET"),
    (["--map", "Nope=title"], "column 'Nope': is not a column of this file."),
    (["--map", "Cost=banana"], "'banana' is not something a column can be imported as."),
])
def test_bad_map_arguments_are_refused(db, capsys, tmp_path, extra, words):
    path, wid = db
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Title,Cost\nA,3\n", encoding="utf-8")
    assert main(["--db", str(path), "import", str(sheet), "--workshop", str(wid), *extra]) \
        == BAD_INPUT
    assert words in capsys.readouterr().err
    assert titles(path, wid) == []


def test_missing_file_unknown_workshop_and_bad_preset(db, capsys, tmp_path):
    path, wid = db
    assert main(["--db", str(path), "import", str(tmp_path / "nope.csv"), "--workshop",
                 str(wid)]) == BAD_INPUT
    assert "is not a file" in capsys.readouterr().err
    assert main(["--db", str(path), "import", str(DATA / "linear.csv"), "--workshop",
                 "No such"]) == BAD_INPUT
    assert "No workshop 'No such'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as done:
        main(["--db", str(path), "import", str(DATA / "linear.csv"), "--workshop", str(wid),
              "--preset", "asana"])
    assert done.value.code == USAGE


def test_an_empty_file_is_refused_with_the_readers_message(db, capsys, tmp_path):
    path, wid = db
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert main(["--db", str(path), "import", str(empty), "--workshop", str(wid)]) == BAD_INPUT
    assert "empty.csv is empty" in capsys.readouterr().err
