"""``list``: the workshops in the database, with what identifies them."""

from __future__ import annotations

import argparse

from workbench.cli.common import OK
from workbench.store import Store

NAME = "list"
HELP = "List the workshops (id, join code, title, mode, ideas, participants)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--archived also lists archived workshops."""
    parser.add_argument("--archived", action="store_true", help="include archived workshops")


def run(args: argparse.Namespace, store: Store) -> int:
    """Print one line per workshop, newest first."""
    workshops = store.list_workshops(include_archived=args.archived)
    if workshops.empty:
        print("No workshops yet. Start one in the app, or `python -m workbench restore FILE`.")
        return OK
    print(f"{'id':>6}  {'code':8}  {'mode':6}  {'ideas':>5}  {'people':>6}  title")
    for row in workshops.itertuples():
        code = store.get_workshop(int(row.id)).join_code or ""
        mode = "live" if row.live else "free"
        title = str(row.title).replace("\n", " ")
        if row.status == "archived":
            title += "  (archived)"
        print(f"{int(row.id):>6}  {code:8}  {mode:6}  {int(row.ideas):>5}  "
              f"{int(row.participants):>6}  {title}")
    return OK
