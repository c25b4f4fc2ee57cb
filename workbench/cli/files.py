"""Files the commands write and read: never overwrite without --force, never leave half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from workbench.domain.models import InvalidInput, StoreFailure


class OutputExists(InvalidInput):
    """The output file exists and --force was not given."""


def check_output(path: str, force: bool) -> Path:
    """The output path, refused when it exists (without --force) or its folder does not."""
    target = Path(path)
    if target.is_dir():
        raise InvalidInput(f"{path} is a folder: give a file name with -o.")
    if target.exists() and not force:
        raise OutputExists(f"{path} already exists: add --force to replace it.")
    if not target.parent.exists():
        raise InvalidInput(f"The folder {target.parent} does not exist.")
    return target


def write_output(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file, so a failure leaves no half file."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise StoreFailure(f"Could not write {target}: {exc.strerror or exc}") from exc


def read_input(path: str, limit: int) -> bytes:
    """The bytes of an input file, refused plainly when missing or over ``limit`` bytes."""
    source = Path(path)
    if not source.is_file():
        raise InvalidInput(f"{path} is not a file.")
    size = source.stat().st_size
    if size > limit:
        raise InvalidInput(f"{path} is {size / 1e6:.1f} MB; backups up to "
                           f"{limit // (1024 * 1024)} MB can be restored.")
    try:
        return source.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"Could not read {path}: {exc.strerror or exc}") from exc
