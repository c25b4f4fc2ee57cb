"""``import``: a backlog file (Jira/Linear CSV, Trello JSON, any sheet) into a workshop."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench import services
from workbench.cli.common import BAD_INPUT, OK, find_workshop, operator, say_error
from workbench.exchange.presets import PRESETS
from workbench.exchange.targets import label
from workbench.store import Store

NAME = "import"
HELP = ("Import a backlog (CSV, XLSX or JSON: Jira, Trello, Linear or any spreadsheet) into a "
        "workshop; every row is checked first and nothing is written if one is wrong.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE, --workshop, --preset, --map COLUMN=TARGET …, --dry-run and the import options."""
    parser.add_argument("file", metavar="FILE", help="the .csv, .tsv, .xlsx or .json file")
    parser.add_argument("--workshop", required=True,
                        help="the workshop's id, join code or exact title")
    parser.add_argument("--preset", choices=sorted(PRESETS),
                        help="how to read the file (default: recognised from its columns)")
    parser.add_argument("--map", action="append", default=[], metavar="COLUMN=TARGET",
                        help="put COLUMN into TARGET: title, description, key, status, "
                             "labels:themes, labels:needs, archived, ignore, rice:reach|impact|"
                             "confidence|effort, criterion:ID or new:NAME (repeatable)")
    parser.add_argument("--dry-run", action="store_true",
                        help="check the file and say what would change; write nothing")
    parser.add_argument("--no-shortlist", action="store_true",
                        help="do not put imported ideas on the shortlist")
    parser.add_argument("--only-imported-weights", action="store_true",
                        help="rank on the imported columns only (other criteria weigh 0)")


def _mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        column, sep, target = pair.partition("=")
        if not sep or not column.strip() or not target.strip():
            raise services.ImportRefused(f"--map {pair!r}: write it as COLUMN=TARGET, e.g. "
                                         "--map 'Story Points=new:Story Points'.")
        mapping[column.strip()] = target.strip()
    return mapping


def run(args: argparse.Namespace, store: Store) -> int:
    """Preview, then import unless --dry-run; exit 1 with every problem listed."""
    path = Path(args.file)
    if not path.is_file():
        say_error(f"{path} is not a file.")
        return BAD_INPUT
    workshop_id = find_workshop(store, args.workshop)
    actor = operator(store, workshop_id)
    preview = services.plan_import(store, workshop_id, actor, path.read_bytes(), path.name,
                                   preset=args.preset, mapping=_mapping(args.map))
    criteria = {c.id: c for c in store.list_criteria(workshop_id)}
    print(f"Read {path.name} as {preview.preset.name}: {len(preview.table.rows)} rows.")
    for column, target in preview.mapping.items():
        print(f"  {column} → {label(target, criteria)}")
    for note in preview.plan.notes[:20]:
        print(f"note: {note}")
    if preview.plan.problems:
        say_error(f"{path.name} cannot be imported — {len(preview.plan.problems)} problem(s); "
                  "nothing was written:\n" + services.problems_text(preview.plan.problems))
        return BAD_INPUT
    if args.dry_run:
        print(preview.summary() + " (dry run: nothing was written)")
        return OK
    result = services.apply_import(store, workshop_id, actor, preview,
                                   shortlist=not args.no_shortlist,
                                   only_imported_weights=args.only_imported_weights)
    print(result.summary())
    return OK
