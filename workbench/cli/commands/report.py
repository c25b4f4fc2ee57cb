"""``report``: write a workshop's decision report (HTML or Markdown) to a file or stdout."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbench import services
from workbench.cli.common import BAD_INPUT, FAILED, OK, find_workshop, operator, say_error
from workbench.store import Store

NAME = "report"
HELP = ("Write the decision report of a workshop: self-contained HTML (charts, prints on A4) "
        "or Markdown.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--workshop, --format and -o."""
    parser.add_argument("--workshop", required=True,
                        help="the workshop's id, join code or exact title")
    parser.add_argument("--format", choices=("html", "md"),
                        help="html or md (default: from the -o file's extension, else html)")
    parser.add_argument("-o", "--output", required=True,
                        help="file to write ('-' writes to standard output)")


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    return "md" if str(args.output).lower().endswith((".md", ".markdown")) else "html"


def run(args: argparse.Namespace, store: Store) -> int:
    """Build the report as the workshop's facilitator (free mode: anyone) and write it."""
    workshop_id = find_workshop(store, args.workshop)
    actor = operator(store, workshop_id)
    fmt = _format(args)
    text = services.decision_report(store, workshop_id, actor, fmt)
    if args.output == "-":
        sys.stdout.write(text)
        return OK
    target = Path(args.output)
    if target.is_dir():
        say_error(f"{target} is a folder; give a file name such as "
                  f"{target / services.report_file_name('report', fmt)}.")
        return BAD_INPUT
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        say_error(f"Could not write {target}: {exc.strerror or exc}.")
        return FAILED
    print(f"Wrote the decision report ({fmt}, {len(text.encode()) / 1024:,.0f} KB) to {target}.")
    return OK
