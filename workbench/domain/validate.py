"""Pure input checks shared by every store: they raise a named error or return a clean value."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping

from workbench.domain.models import (
    BULK_MAX_LINES,
    DIRECTIONS,
    InvalidInput,
    InvalidWeights,
    ScoreOutOfRange,
)

# Control characters (NUL, escape, …) and the bidirectional embedding, override and isolate
# marks (which reorder text on screen: "Mall\u202eory" shows as "Mallyro") are refused with
# a reason. Other invisible format characters (zero-width spaces, BOM) are dropped: they
# carry nothing a person meant to type. Newline, tab and carriage return are white space;
# the zero-width joiner stays, since emoji sequences need it.
_WHITE = {"\n", "\t", "\r"}
_KEPT = {"\u200d"}
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


_ASCII_REFUSED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _refused_character(text: str) -> str | None:
    if text.isascii():  # the common case, checked by one regex instead of per character
        found = _ASCII_REFUSED.search(text)
        return found.group() if found else None
    for ch in text:
        if ch in _BIDI_CONTROLS or (unicodedata.category(ch) == "Cc" and ch not in _WHITE):
            return ch
    return None


def _visible(text: str) -> str:
    if text.isascii():  # no ASCII character is a format (Cf) character
        return text
    return "".join(ch for ch in text if ch in _KEPT or unicodedata.category(ch) != "Cf")


def clean_text(value: object, field: str, max_len: int, *, required: bool = True,
               multiline: bool = False) -> str:
    """Strip and check one piece of user text; raise InvalidInput with a plain message."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be text.")
    bad = _refused_character(value)
    if bad is not None:
        raise InvalidInput(f"{field} contains an invisible control character "
                           f"(U+{ord(bad):04X}); remove it and try again.")
    text = _visible(unicodedata.normalize("NFC", value.replace("\r\n", "\n"))).strip()
    if not multiline:
        text = " ".join(text.split())
    if text.replace("\u200d", "") == "":
        text = ""
    if required and not text:
        raise InvalidInput(f"{field} cannot be empty.")
    if len(text) > max_len:
        raise InvalidInput(f"{field} is {len(text):,} characters; the limit is {max_len:,}.")
    return text


# Letters of other scripts that look like Latin ones (after case folding): a name written
# with them ("Fаy" with a Cyrillic а) would pass for someone else's on screen.
_LOOK_ALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d",
    "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k",
    "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ı": "i",
})


def name_skeleton(name: str) -> str:
    """What a display name looks like on screen: case-folded, compatibility-normalised, and
    with look-alike letters of other scripts read as Latin ("Fаy" and "FAY" → "fay")."""
    return unicodedata.normalize("NFKC", name).casefold().translate(_LOOK_ALIKES)


def clean_int(value: object, field: str, low: int, high: int, *, required: bool = True
              ) -> int | None:
    """Check a whole number in [low, high]; None is allowed when not required."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InvalidInput(f"{field} is required.")
        return None
    if isinstance(value, bool):
        raise InvalidInput(f"{field} must be a whole number from {low} to {high}.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{field} must be a whole number from {low} to {high}.") from None
    if not math.isfinite(number) or number != int(number) or not low <= number <= high:
        raise InvalidInput(f"{field} must be a whole number from {low} to {high}.")
    return int(number)


def clean_score(value: object, criterion_name: str, low: float, high: float) -> float:
    """Check one score against its criterion's scale; raise ScoreOutOfRange otherwise."""
    if isinstance(value, bool):
        raise ScoreOutOfRange(f"{criterion_name}: a score must be a number from {low:g} to "
                              f"{high:g}.")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ScoreOutOfRange(f"{criterion_name}: {str(value)[:40]!r} is not a number; use "
                              f"{low:g} to {high:g}.") from None
    if not math.isfinite(number) or not low <= number <= high:
        raise ScoreOutOfRange(f"{criterion_name}: {number:g} is outside the scale {low:g} to "
                              f"{high:g}.")
    return number


def clean_weight(value: object, criterion_name: str) -> float:
    """Check one weight: a finite number ≥ 0."""
    if isinstance(value, bool):
        raise InvalidWeights(f"{criterion_name}: the weight must be a number ≥ 0.")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidWeights(f"{criterion_name}: the weight must be a number ≥ 0.") from None
    if not math.isfinite(number) or number < 0:
        raise InvalidWeights(f"{criterion_name}: the weight must be a number ≥ 0 "
                             f"(got {number:g}).")
    if number > 1000:
        raise InvalidWeights(f"{criterion_name}: weights above 1000 are not supported.")
    return number


def check_weight_set(weights: Mapping[str, float]) -> None:
    """Refuse a weight set whose total is zero (nothing would count)."""
    if not weights or sum(weights.values()) <= 0:
        raise InvalidWeights("At least one criterion needs a weight above 0 — with all weights "
                             "at 0 no idea can be ranked.")


def clean_direction(value: object) -> str:
    """Check a criterion direction: 'benefit' (higher is better) or 'cost'."""
    if value not in DIRECTIONS:
        raise InvalidInput("Direction must be 'benefit' (higher is better) or 'cost' "
                           "(lower is better).")
    return str(value)


def clean_scale(low: object, high: object) -> tuple[float, float]:
    """Check a criterion scale: two finite numbers with low < high."""
    try:
        lo, hi = float(low), float(high)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidInput("The scale must be two numbers.") from None
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo >= hi:
        raise InvalidInput("The scale's lowest value must be below its highest value.")
    return lo, hi


_BULLET = re.compile(r"^\s*(?:[-*+](?:\s+|$)|[•·]\s*|\d+[.)](?:\s+|$))")


def split_bulk_lines(text: object, max_len: int) -> list[str]:
    """Turn pasted text into idea titles: one per non-empty line, bullets stripped."""
    if not isinstance(text, str):
        raise InvalidInput("Paste ideas as text, one per line.")
    titles: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _BULLET.sub("", raw).strip()
        if not line:
            continue
        try:
            titles.append(clean_text(line, f"Line {number}", max_len))
        except InvalidInput as exc:
            raise InvalidInput(f"{exc} Nothing was added.") from None
    if not titles:
        raise InvalidInput("Paste at least one idea (one per line).")
    if len(titles) > BULK_MAX_LINES:
        raise InvalidInput(f"{len(titles)} lines pasted; at most {BULK_MAX_LINES} at a time.")
    return titles


def clean_id(value: object, field: str) -> int:
    """A selected id as an int; InvalidInput for anything that is not a whole number."""
    if isinstance(value, bool):
        raise InvalidInput(f"{field}: unexpected selection.")
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        raise InvalidInput(f"{field}: unexpected selection.") from None
    if isinstance(value, float) and value != number:
        raise InvalidInput(f"{field}: unexpected selection.")
    return number


def unique_ids(values: Iterable[object], field: str) -> tuple[int, ...]:
    """Turn a selection into sorted unique integer ids."""
    try:
        ids = sorted({int(v) for v in values})  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise InvalidInput(f"{field}: unexpected selection.") from None
    return tuple(ids)
