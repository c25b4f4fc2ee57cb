"""``export``: the ranked ideas as CSV or XLSX, or the whole workshop as JSON."""

from __future__ import annotations

import argparse

from workbench import services
from workbench.cli.common import FAILED, OK, find_workshop, operator, say_error
from workbench.cli.files import check_output, write_output
from workbench.domain.models import StoreFailure
from workbench.store import Store

NAME = "export"
HELP = ("Export a workshop: the ranking as CSV or XLSX (criteria, scores, framework scores, "
        "agreement, themes, MoSCoW), or every table as JSON (names hidden in an anonymous "
        "workshop; `backup` keeps them).")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--workshop, --format, -o and --force."""
    parser.add_argument("--workshop", required=True, help="id, join code or exact title")
    parser.add_argument("--format", required=True, choices=("csv", "xlsx", "json"),
                        help="csv or xlsx: the ranking; json: the whole workshop")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def run(args: argparse.Namespace, store: Store) -> int:
    """Write the export; say what was written."""
    target = check_output(args.output, args.force)
    workshop_id = find_workshop(store, args.workshop)
    actor = operator(store, workshop_id)
    if args.format == "json":
        anonymous = store.get_workshop(workshop_id).anonymous
        download = services.backup_workshop(store, workshop_id, actor, names=not anonymous)
    else:
        download = services.ranked_export(store, workshop_id, actor, args.format)
    try:
        write_output(target, download.data)
    except StoreFailure as exc:  # the disk refused: not the input's fault
        say_error(str(exc))
        return FAILED
    print(f"Wrote {target} ({len(download.data):,} bytes).")
    return OK
