"""The command line: the same services as the app, for scripts and people without a browser.

Each module in ``workbench/cli/commands/`` is one subcommand and defines ``NAME``, ``HELP``,
``add_arguments(parser)`` and ``run(args, store) -> int``; ``main`` finds them, so adding a
command never edits this file. Exit codes are in ``workbench.cli.common``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

from workbench.cli import commands
from workbench.cli.common import BAD_INPUT, FAILED, OK, open_cli_store, say_error
from workbench.domain.models import StoreFailure, WorkbenchError


def command_modules() -> list[ModuleType]:
    """Every subcommand module, sorted by name."""
    found = [importlib.import_module(f"{commands.__name__}.{info.name}")
             for info in pkgutil.iter_modules(commands.__path__) if not info.name.startswith("_")]
    return sorted(found, key=lambda module: module.NAME)


def parser() -> argparse.ArgumentParser:
    """The argument parser with one subparser per command module."""
    top = argparse.ArgumentParser(
        prog="python -m workbench",
        description="Idea Prioritisation Workbench from the command line. It opens the same "
                    "database as the app ($WORKBENCH_DB, else data/workbench.duckdb).")
    top.add_argument("--db", help="database file (default: $WORKBENCH_DB or "
                                   "data/workbench.duckdb)")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in command_modules():
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit code: 0 ok, 1 refused input, 2 usage, 3 failed."""
    args = parser().parse_args(argv)
    # The pool's own retries log each failed connection; the one message below says it all.
    logging.getLogger("psycopg.pool").setLevel(logging.CRITICAL)
    try:
        store = open_cli_store(args.db)
    except StoreFailure as exc:
        say_error(str(exc))
        return FAILED
    try:
        return args.run(args, store)
    except WorkbenchError as exc:
        say_error(str(exc))
        return BAD_INPUT
    finally:
        store.close()
        sys.stdout.flush()


__all__ = ["OK", "main"]
