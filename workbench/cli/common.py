"""What every command shares: opening the database, finding a workshop, acting, exit codes."""

from __future__ import annotations

import re
import sys

from workbench.domain.models import StoreFailure, UnknownWorkshop, WorkbenchError
from workbench.store import Store, default_path, open_store, shown_target

OK = 0
BAD_INPUT = 1  # refused input: the message says what to fix; nothing was written
USAGE = 2  # argparse's own code for a malformed command line
FAILED = 3  # the database could not be opened or written

_HELD = re.compile(r"(Could not set lock|Conflicting lock)", re.IGNORECASE)
_PID = re.compile(r"PID (\d+)")


class NoSuchWorkshop(WorkbenchError):
    """The --workshop argument names no workshop."""


def say_error(message: str) -> None:
    """Print a refusal on stderr (plain text: a terminal does not render Markdown)."""
    print(f"error: {message}", file=sys.stderr)


def open_cli_store(path: str | None) -> Store:
    """Open the database the app uses, saying plainly when the running app holds it."""
    target = path or str(default_path())
    try:
        return open_store(target)
    except StoreFailure as exc:
        if _HELD.search(str(exc)):
            pid = _PID.search(str(exc))
            holder = f"process {pid.group(1)}" if pid else "another process"
            raise StoreFailure(
                f"{target} is open in {holder} (usually the running app): DuckDB lets one "
                "process use the file at a time. Stop the app and run the command again, use "
                "the app's own import/export, or give --db a copy of the file.") from exc
        raise StoreFailure(str(exc).replace(target, shown_target(target))) from exc


def find_workshop(store: Store, ref: str) -> int:
    """A workshop id from ``ref``: its id, its join code, or its exact title."""
    ref = (ref or "").strip()
    if not ref:
        raise NoSuchWorkshop("Say which workshop with --workshop (its id, join code or title; "
                             "`python -m workbench list` shows them).")
    workshops = store.list_workshops(include_archived=True)
    if ref.isdigit() and int(ref) in set(workshops["id"].astype(int)):
        return int(ref)
    by_code = store.workshop_by_code(ref.upper())
    if by_code is not None:
        return by_code.id
    titled = workshops[workshops["title"] == ref]
    if len(titled) == 1:
        return int(titled["id"].iloc[0])
    if len(titled) > 1:
        raise NoSuchWorkshop(f"{len(titled)} workshops are called {ref!r}: use the id instead "
                             "(`python -m workbench list`).")
    raise NoSuchWorkshop(f"No workshop {ref!r}: give its id, join code or exact title "
                         "(`python -m workbench list` shows them).")


def operator(store: Store, workshop_id: int) -> int | None:
    """Who the command acts as: the workshop's facilitator in a live workshop (whoever runs the
    command holds the database file), nobody in particular in free mode."""
    try:
        workshop = store.get_workshop(workshop_id)
    except UnknownWorkshop as exc:
        raise NoSuchWorkshop(str(exc)) from exc
    if not workshop.live:
        return None
    ids = sorted(int(i) for i in store.list_participants(workshop_id)["id"])
    leads = [i for i in ids if store.get_participant(i).is_facilitator]
    if not leads:
        raise NoSuchWorkshop(f"Workshop {workshop_id} is live but has no facilitator yet: "
                             "claim it in the app first.")
    return leads[0]
