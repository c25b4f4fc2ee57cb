"""Architecture rules (docs/architecture.md, "Layers"), checked on the source as data.

Imports flow one way: pages/ and app.py -> workbench.ui -> workbench.services ->
workbench.engine / workbench.store -> workbench.domain. Each rule below is a table row;
``violations`` reads every module's imports with ``ast`` and reports the rows broken.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_MODULE_LINES = 300


@dataclass(frozen=True)
class Rule:
    """Modules under ``where`` must not import any module starting with one of ``banned``."""

    where: str
    banned: tuple[str, ...]
    why: str


RULES = (
    Rule("workbench/domain", ("workbench.engine", "workbench.store", "workbench.services",
                              "workbench.ui", "streamlit", "duckdb", "plotly", "pandas",
                              "numpy", "scipy"),
         "the domain is the standard library and nothing of ours above it"),
    Rule("workbench/engine", ("workbench.store", "workbench.services", "workbench.ui",
                              "streamlit", "duckdb"),
         "the engine is pure: DataFrames in, decisions out"),
    Rule("workbench/store", ("workbench.engine", "workbench.services", "workbench.ui",
                             "streamlit"),
         "the store knows rows, not what people may do or how pages look"),
    Rule("workbench/services", ("workbench.ui", "streamlit", "duckdb", "workbench.store."),
         "services see the Store interface (workbench.store), never its internals"),
    Rule("workbench/ui", ("duckdb", "workbench.store."),
         "the UI holds the Store interface, never its implementation's parts"),
    Rule("pages", ("duckdb", "workbench.store.", "workbench.services."),
         "pages read through the Store interface and call the services package's API"),
    Rule("app.py", ("duckdb", "workbench.store."), "app.py only routes"),
    Rule("workbench/similarity", ("workbench.engine", "workbench.store", "workbench.services",
                                  "workbench.ui", "streamlit", "duckdb"),
         "the similarity engine is pure: texts in, vectors and groups out"),
    Rule("workbench/exchange", ("workbench.engine.charts", "workbench.store", "workbench.services",
                                "workbench.ui", "streamlit", "duckdb"),
         "file formats are pure: bytes in, rows and documents out (and back)"),
    Rule("workbench/cli", ("workbench.ui", "streamlit", "duckdb", "workbench.store."),
         "the command line is a page without Streamlit: services and the Store interface"),
)


def imports_of(path: Path, root: Path = ROOT) -> Iterator[tuple[int, str]]:
    """(line, dotted module) for every import in a file; ``from a import b`` gives a.b too
    when b is a module of ours (a file or package under ``root``), not a name in a."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
            folder = root.joinpath(*node.module.split("."))
            for alias in node.names:
                if (folder / f"{alias.name}.py").exists() or (folder / alias.name).is_dir():
                    yield node.lineno, f"{node.module}.{alias.name}"


def breaks(module: str, banned: str) -> bool:
    """``banned`` "a.b" covers a.b and a.b.*; "a.b." covers only a.b's submodules."""
    if banned.endswith("."):
        return module.startswith(banned)
    return module == banned or module.startswith(banned + ".")


def files_under(root: Path, where: str) -> list[Path]:
    """The Python files a rule covers."""
    target = root / where
    return [target] if target.suffix == ".py" else sorted(target.rglob("*.py"))


def violations(root: Path, rules: tuple[Rule, ...] = RULES) -> list[str]:
    """Every import that breaks a rule, as ``file:line imports module (why)``."""
    found = []
    for rule in rules:
        for path in files_under(root, rule.where):
            for line, module in imports_of(path, root):
                if any(breaks(module, banned) for banned in rule.banned):
                    found.append(f"{path.relative_to(root)}:{line} imports {module} "
                                 f"({rule.why})")
    return sorted(set(found))


def test_the_layers_import_only_downwards():
    assert violations(ROOT) == []


def test_the_checker_catches_a_planted_violation_in_each_layer(tmp_path):
    """A copy of the tree with one bad import per rule: each is reported, and nothing else."""
    plants = {
        "workbench/domain/bad.py": "from workbench.engine.scoring import rank_ideas\n",
        "workbench/engine/bad.py": "import streamlit as st\n",
        "workbench/similarity/bad.py": "from workbench.store import Store\n",
        "workbench/exchange/bad.py": "from workbench.services import gate\n",
        "workbench/cli/bad.py": "import streamlit as st\n",
        "workbench/store/bad.py": "from workbench.services import gate\n",
        "workbench/services/bad.py": "from workbench.store.core import StoreCore\n",
        "workbench/ui/bad.py": "from workbench.store.core import StoreCore\n",
        "pages/bad.py": "from workbench.store import duckdb_store\n",
        "app.py": "import duckdb\n",
    }
    (tmp_path / "workbench" / "store").mkdir(parents=True)
    (tmp_path / "workbench" / "store" / "duckdb_store.py").write_text("")
    for name, source in plants.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source)
    found = violations(tmp_path)
    assert [v.split(":")[0] for v in found] == sorted(plants)


def test_the_package_itself_is_allowed_where_only_its_internals_are_banned(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "workbench" / "store").mkdir(parents=True)
    (tmp_path / "pages" / "ok.py").write_text("from workbench.store import Store\n")
    (tmp_path / "app.py").write_text("from workbench import services\n")
    assert violations(tmp_path, RULES[4:7]) == []
    assert len(RULES[4:7]) == 3  # ui, pages, app.py


def python_files() -> list[Path]:
    """Every module of the product (workbench/, pages/, app.py)."""
    return [*sorted((ROOT / "workbench").rglob("*.py")), *sorted((ROOT / "pages").glob("*.py")),
            ROOT / "app.py"]


def test_only_the_ui_package_pages_and_app_import_streamlit():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "workbench").rglob("*.py")
                 if p.relative_to(ROOT / "workbench").parts[0] != "ui"
                 and any(m.split(".")[0] == "streamlit" for _, m in imports_of(p))]
    assert offenders == []


def test_duckdb_is_imported_only_inside_the_store_package():
    offenders = [str(p.relative_to(ROOT)) for p in python_files()
                 if "store" not in p.relative_to(ROOT).parts[:2]
                 and any(m.split(".")[0] == "duckdb" for _, m in imports_of(p))]
    assert offenders == []


@pytest.mark.parametrize("path", [p for p in python_files() if p.parts[-2] != "pages"
                                  and p.name != "app.py"], ids=lambda p: p.name)
def test_every_workbench_module_is_small_and_says_what_it_holds(path):
    source = path.read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(source))
    assert docstring, f"{path.relative_to(ROOT)} has no module docstring"
    assert len(docstring.splitlines()[0]) <= 100
    assert len(source.splitlines()) <= MAX_MODULE_LINES, path.relative_to(ROOT)


def test_no_workbench_code_uses_assert():
    """``python -O`` strips asserts: a check that guards input must raise a named error."""
    offenders = [f"{p.relative_to(ROOT)}:{n.lineno}" for p in python_files()
                 for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
                 if isinstance(n, ast.Assert)]
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
                missing.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert missing == []


def is_store(node: ast.expr) -> bool:
    """``store``, ``ctx.store`` or ``get_store()``."""
    if isinstance(node, ast.Call):
        return getattr(node.func, "id", None) == "get_store"
    return getattr(node, "id", None) == "store" or getattr(node, "attr", None) == "store"


def test_pages_write_only_through_services():
    """A page may read from the store, but every call that changes data goes to a service."""
    writes = ("add_", "update_", "delete_", "set_", "save_", "merge_", "create_", "join_",
              "grant_", "place_", "remove_", "heartbeat", "ensure_", "write", "rotate_",
              "replace_", "revoke_", "reissue_", "reclaim_")
    offenders = []
    for path in [*(ROOT / "pages").glob("*.py"), *(ROOT / "workbench" / "ui").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr.startswith(writes) and is_store(node.func.value)):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.func.attr}")
    assert offenders == []
