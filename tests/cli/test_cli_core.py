"""The command line's frame: help, list, finding a workshop, and a database the app holds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from workbench import services
from workbench.cli import main
from workbench.cli.common import BAD_INPUT, FAILED, OK, USAGE, find_workshop, operator
from workbench.domain.models import WorkbenchError
from workbench.store import open_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "wb.duckdb"
    store = open_store(path)
    first = services.create_workshop(store, "Checkout backlog", "Cut churn")
    store.close()
    return path, first


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == OK
    assert "list" in capsys.readouterr().out


def test_an_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as done:
        main(["frobnicate"])
    assert done.value.code == USAGE


def test_list_shows_each_workshop(db, capsys):
    path, first = db
    assert main(["--db", str(path), "list"]) == OK
    out = capsys.readouterr().out
    assert "Checkout backlog" in out and str(first) in out and "free" in out


def test_list_of_an_empty_database_says_what_to_do(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "new.duckdb"), "list"]) == OK
    assert "No workshops yet" in capsys.readouterr().out


def test_a_workshop_is_found_by_id_code_or_title(db):
    path, first = db
    store = open_store(path)
    try:
        code = store.get_workshop(first).join_code
        assert find_workshop(store, str(first)) == first
        assert find_workshop(store, code.lower()) == first
        assert find_workshop(store, "Checkout backlog") == first
        for ref in ("", "999999", "No such title"):
            with pytest.raises(WorkbenchError):
                find_workshop(store, ref)
        assert operator(store, first) is None  # free mode acts as nobody in particular
    finally:
        store.close()


def test_a_database_held_by_another_process_is_named_not_a_traceback(db):
    """The app holds the file: the command says so and exits 3, with no traceback."""
    path, _ = db
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('held', flush=True); time.sleep(60)", str(path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        done = subprocess.run([sys.executable, "-m", "workbench", "--db", str(path), "list"],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert done.returncode == FAILED
        assert "usually the running app" in done.stderr and f"process {holder.pid}" in done.stderr
        assert "Traceback" not in done.stderr
    finally:
        holder.kill()
        holder.wait()


def test_exit_codes_are_distinct():
    assert len({OK, BAD_INPUT, USAGE, FAILED}) == 4


def test_an_unreachable_database_url_is_refused_without_its_password():
    """A server nobody runs (port 9): exit 3, a plain message, the password never printed."""
    done = subprocess.run([sys.executable, "-m", "workbench", "--db",
                           "postgresql://wb:s3cret-pass@127.0.0.1:9/wb", "list"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, "WORKBENCH_PG_WAIT": "1"})
    assert done.returncode == FAILED
    assert "s3cret-pass" not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr and done.stderr.startswith("error: ")
