"""``backup``: the whole workshop (names included) as one JSON file, to restore later."""

from __future__ import annotations

import argparse

from workbench import services
from workbench.cli.common import FAILED, OK, find_workshop, operator, say_error
from workbench.cli.files import check_output, write_output
from workbench.domain.models import StoreFailure
from workbench.store import Store

NAME = "backup"
HELP = ("Back up a whole workshop (settings, people, needs, ideas, criteria, scores, votes, "
        "merges, themes, notes) as JSON; `restore FILE` makes a new workshop from it.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--workshop, -o and --force."""
    parser.add_argument("--workshop", required=True, help="id, join code or exact title")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def run(args: argparse.Namespace, store: Store) -> int:
    """Write the backup; say what was written."""
    target = check_output(args.output, args.force)
    workshop_id = find_workshop(store, args.workshop)
    download = services.backup_workshop(store, workshop_id, operator(store, workshop_id))
    try:
        write_output(target, download.data)
    except StoreFailure as exc:  # the disk refused: not the input's fault
        say_error(str(exc))
        return FAILED
    print(f"Backed up workshop {workshop_id} to {target} ({len(download.data):,} bytes).")
    return OK
