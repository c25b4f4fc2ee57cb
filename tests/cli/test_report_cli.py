"""``python -m workbench report``: writes the decision report; refuses bad arguments clearly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from workbench import services
from workbench.cli import main
from workbench.cli.common import BAD_INPUT, FAILED, OK, USAGE
from workbench.services.demo import create_demo_workshop
from workbench.store import open_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "wb.duckdb"
    store = open_store(path)
    demo = create_demo_workshop(store)
    hostile = services.create_workshop(store, "# x | y *z*", "<script>alert(1)</script>")
    store.close()
    return path, demo, hostile


def test_html_report_is_written(db, tmp_path, capsys):
    path, demo, _ = db
    out = tmp_path / "r.html"
    assert main(["--db", str(path), "report", "--workshop", str(demo), "-o", str(out)]) == OK
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'id="decisions"' in html
    assert "Interactive setup checklist" in html and "plotly-graph-div" in html
    assert "Wrote the decision report (html" in capsys.readouterr().out


def test_markdown_by_flag_or_extension_and_to_stdout(db, tmp_path, capsys):
    path, _, hostile = db
    out = tmp_path / "r.md"
    assert main(["--db", str(path), "report", "--workshop", "# x | y *z*", "-o",
                 str(out)]) == OK
    assert out.read_text(encoding="utf-8").startswith(r"# Decision report: \# x \| y \*z\*")
    capsys.readouterr()
    assert main(["--db", str(path), "report", "--workshop", str(hostile), "--format", "md",
                 "-o", "-"]) == OK
    assert r"\<script\>alert\(1\)\</script\>" in capsys.readouterr().out


@pytest.mark.parametrize("ref", ["", "nope", "999999"])
def test_an_unknown_workshop_is_refused(db, tmp_path, ref, capsys):
    path, *_ = db
    out = tmp_path / "r.html"
    assert main(["--db", str(path), "report", "--workshop", ref, "-o", str(out)]) == BAD_INPUT
    assert "error:" in capsys.readouterr().err and not out.exists()


def test_a_bad_format_is_a_usage_error(db, tmp_path):
    path, demo, _ = db
    with pytest.raises(SystemExit) as done:
        main(["--db", str(path), "report", "--workshop", str(demo), "--format", "pdf", "-o",
              str(tmp_path / "x")])
    assert done.value.code == USAGE


def test_a_folder_or_unwritable_target_is_refused(db, tmp_path, capsys):
    path, demo, _ = db
    assert main(["--db", str(path), "report", "--workshop", str(demo), "-o",
                 str(tmp_path)]) == BAD_INPUT
    assert "is a folder" in capsys.readouterr().err
    missing = tmp_path / "no" / "such" / "dir" / "r.html"
    assert main(["--db", str(path), "report", "--workshop", str(demo), "-o",
                 str(missing)]) == FAILED
    assert "Could not write" in capsys.readouterr().err


def test_a_live_workshop_is_reported_as_its_facilitator(tmp_path, capsys):
    """Before the reveal only the facilitator sees results: the CLI acts as them."""
    path = tmp_path / "live.duckdb"
    store = open_store(path)
    started = services.start_live_workshop(store, "Offsite", "", "Fiona")
    store.close()
    assert main(["--db", str(path), "report", "--workshop", str(started.seat.workshop.id),
                 "--format", "md", "-o", "-"]) == OK
    assert "Fiona" in capsys.readouterr().out


def test_python_dash_m_runs_it(db, tmp_path):
    path, demo, _ = db
    out = tmp_path / "r.md"
    done = subprocess.run([sys.executable, "-m", "workbench", "--db", str(path), "report",
                           "--workshop", str(demo), "-o", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == OK, done.stderr
    assert "## Decisions" in out.read_text(encoding="utf-8")
