"""``restore``: a backup file becomes a NEW workshop (new ids, join code and facilitator key)."""

from __future__ import annotations

import argparse

from workbench import services
from workbench.cli.common import OK
from workbench.cli.files import read_input
from workbench.store import Store

NAME = "restore"
HELP = (f"Restore a workshop backup (.json, up to {services.MAX_BACKUP_MB} MB) as a new "
        "workshop; the original is not touched. A live workshop gets a new join code and "
        "facilitator key, printed once.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The backup file."""
    parser.add_argument("file", metavar="FILE", help="a backup made by `backup` or the app")


def run(args: argparse.Namespace, store: Store) -> int:
    """Restore; print the new workshop's id, code and (live) key."""
    data = read_input(args.file, services.MAX_BACKUP_MB * 1024 * 1024)
    restored = services.restore_backup(store, data, args.file)
    counts = restored.counts
    print(f"Restored “{restored.title}” as workshop {restored.workshop_id} "
          f"(join code {restored.join_code}): {counts['ideas']} ideas, "
          f"{counts['participants']} participants, {counts['scores']} scores.")
    if restored.facilitator_key:
        print(f"Facilitator key (shown once, keep it safe): {restored.facilitator_key}")
    return OK
