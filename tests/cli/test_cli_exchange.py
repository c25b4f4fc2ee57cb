"""export, backup and restore from the command line: files written, refusals and exit codes."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from workbench import services
from workbench.cli import main
from workbench.cli.common import BAD_INPUT, FAILED, OK, USAGE
from workbench.store import open_store


@pytest.fixture
def db(demo_db):
    store = open_store(demo_db)
    wid = store.demo_workshop_ids()[0]
    store.close()
    return str(demo_db), wid


def run(db, *argv: str) -> int:
    return main(["--db", db[0], *argv])


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_writes_each_format(db, tmp_path, capsys, fmt):
    out = tmp_path / f"ranking.{fmt}"
    assert run(db, "export", "--workshop", str(db[1]), "--format", fmt, "-o", str(out)) == OK
    assert f"Wrote {out}" in capsys.readouterr().out
    data = out.read_bytes()
    if fmt == "csv":
        assert data.decode("utf-8-sig").splitlines()[1].startswith("1,Interactive setup")
    elif fmt == "xlsx":
        assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames == ["Ranking", "Method"]
    else:
        assert json.loads(data)["workshop"]["title"] == "Improve customer onboarding"


def test_backup_then_restore_makes_a_second_copy(db, tmp_path, capsys):
    out = tmp_path / "backup.json"
    assert run(db, "backup", "--workshop", "Improve customer onboarding", "-o", str(out)) == OK
    assert run(db, "restore", str(out)) == OK
    said = capsys.readouterr().out
    assert "Restored “Improve customer onboarding” as workshop" in said
    assert "28 ideas, 4 participants, 240 scores" in said
    store = open_store(db[0])
    try:
        titles = store.list_workshops()["title"].tolist()
    finally:
        store.close()
    assert titles.count("Improve customer onboarding") == 2


def test_an_existing_output_is_kept_without_force(db, tmp_path, capsys):
    out = tmp_path / "backup.json"
    out.write_text("precious")
    assert run(db, "backup", "--workshop", str(db[1]), "-o", str(out)) == BAD_INPUT
    assert "already exists: add --force" in capsys.readouterr().err
    assert out.read_text() == "precious"
    assert run(db, "backup", "--workshop", str(db[1]), "-o", str(out), "--force") == OK
    assert json.loads(out.read_text())["format"]


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"", "empty.json", "The file is empty"),
    (b"{\"format\": \"idea-prio", "cut.json", "cut short"),
    (b"a\x00b", "nul.json", "NUL bytes"),
    (b"{}", "other.json", "not a workshop backup"),
    (b"{}", "ranking.csv", "not a .json file"),
])
def test_restore_refuses_bad_files_with_the_apps_messages(db, tmp_path, capsys, content, name,
                                                          message):
    source = tmp_path / name
    source.write_bytes(content)
    assert run(db, "restore", str(source)) == BAD_INPUT
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and "Traceback" not in err
    store = open_store(db[0])
    try:
        assert len(store.list_workshops()) == 1
    finally:
        store.close()


def test_restore_of_a_missing_file_and_a_newer_schema(db, tmp_path, capsys):
    assert run(db, "restore", str(tmp_path / "nope.json")) == BAD_INPUT
    assert "is not a file" in capsys.readouterr().err
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({"format": "idea-prioritisation-workbench/workshop",
                                 "schema_version": 99}))
    assert run(db, "restore", str(newer)) == BAD_INPUT
    assert "newer version of the workbench" in capsys.readouterr().err


def test_export_refusals(db, tmp_path, capsys):
    out = tmp_path / "r.csv"
    assert run(db, "export", "--workshop", "No such", "--format", "csv", "-o", str(out)) == \
        BAD_INPUT
    assert "No workshop 'No such'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        run(db, "export", "--workshop", str(db[1]), "--format", "pdf", "-o", str(out))
    assert usage.value.code == USAGE
    assert run(db, "export", "--workshop", str(db[1]), "--format", "csv", "-o",
               str(tmp_path / "missing" / "r.csv")) == BAD_INPUT
    assert "does not exist" in capsys.readouterr().err
    assert not out.exists()


def test_a_live_workshop_exports_as_its_facilitator(tmp_path, capsys):
    path = str(tmp_path / "live.duckdb")
    store = open_store(path)
    started = services.start_live_workshop(store, "Live one", "", "Fay")
    store.close()
    out = tmp_path / "live.json"
    assert main(["--db", path, "backup", "--workshop", "Live one", "-o", str(out)]) == OK
    assert main(["--db", path, "restore", str(out)]) == OK
    said = capsys.readouterr().out
    assert "Facilitator key (shown once" in said
    assert started.facilitator_key not in said


def test_help_names_the_size_limit(capsys):
    with pytest.raises(SystemExit) as done:
        main(["restore", "--help"])
    assert done.value.code == OK
    assert f"up to {services.MAX_BACKUP_MB} MB" in capsys.readouterr().out


def test_a_write_failure_exits_3(db, tmp_path, capsys, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr("workbench.cli.files.os.replace", refuse)
    out = tmp_path / "full.json"
    assert run(db, "backup", "--workshop", str(db[1]), "-o", str(out)) == FAILED
    assert "No space left on device" in capsys.readouterr().err
    assert not out.exists() and list(tmp_path.glob(".full.json.*")) == []
