"""The import rule from DESIGN.md: only workbench/ui (plus app.py and pages/) import streamlit."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_nothing_in_workbench_outside_ui_imports_streamlit():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "workbench").rglob("*.py")
                 if "ui" not in p.relative_to(ROOT / "workbench").parts[:1]
                 and "streamlit" in imported_modules(p)]
    assert offenders == []


def test_pages_do_not_touch_duckdb_directly():
    offenders = [p.name for p in (ROOT / "pages").glob("*.py")
                 if "duckdb" in imported_modules(p)]
    assert offenders == []


def public_functions(tree: ast.Module):
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            yield node
        elif isinstance(node, ast.ClassDef):
            yield from (n for n in node.body if isinstance(n, ast.FunctionDef))


def test_every_public_workbench_function_has_a_docstring_and_annotations():
    missing = []
    for path in (ROOT / "workbench").rglob("*.py"):
        for node in public_functions(ast.parse(path.read_text(encoding="utf-8"))):
            if node.name.startswith("_"):
                continue
            if ast.get_docstring(node) is None or node.returns is None:
                missing.append(f"{path.name}:{node.name}")
    assert missing == []
