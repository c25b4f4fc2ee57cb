"""Recognising real exports (Jira Cloud CSV, Trello board JSON, Linear CSV, a plain sheet).

A preset ``prepare``s the raw table — repeated columns merged, tracker markup cleaned, a
Trello board's cards turned into rows — and guesses which column goes where. People can
change every guess before importing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from workbench.exchange import targets as t
from workbench.exchange.markup import jira_to_text, markdown_to_text
from workbench.exchange.readers import Table

# Jira writes one column per value of a multi-valued field, all with the same header.
JIRA_REPEATS = frozenset({"Labels", "Sprint", "Watchers", "Component/s", "Fix Version/s",
                          "Affects Version/s", "Attachment", "Comment", "Outward issue link",
                          "Inward issue link", "Log Work"})


@dataclass(frozen=True)
class Preset:
    key: str
    name: str
    recognise: Callable[[Table], bool]
    prepare: Callable[[Table], Table]
    guess: Callable[[Table], dict[str, str]]


def _merge_repeats(table: Table, repeats: frozenset[str], joiner: str = ", ") -> Table:
    """One column per repeated header, its non-empty values joined."""
    order: list[str] = []
    where: dict[str, list[int]] = {}
    for index, header in enumerate(table.headers):
        if header not in where:
            order.append(header)
        where.setdefault(header, []).append(index)
    if all(len(v) == 1 or h not in repeats for h, v in where.items()):
        return table
    headers: list[str] = []
    pick: list[list[int]] = []
    for header in order:
        if header in repeats:
            headers.append(header)
            pick.append(where[header])
        else:
            for index in where[header]:   # an unknown repeat stays repeated (refused later)
                headers.append(header)
                pick.append([index])
    rows = [tuple(joiner.join(row[i] for i in idx if row[i].strip()) if len(idx) > 1
                  else row[idx[0]] for idx in pick) for row in table.rows]
    return replace(table, headers=tuple(headers), rows=rows)


def _with_column(table: Table, name: str, change: Callable[[str], str]) -> Table:
    if name not in table.headers:
        return table
    index = table.headers.index(name)
    rows = [row[:index] + (change(row[index]),) + row[index + 1:] for row in table.rows]
    return replace(table, rows=rows)


def _first(table: Table, *names: str) -> str | None:
    folded = {h.casefold(): h for h in reversed(table.headers)}
    return next((folded[n.casefold()] for n in names if n.casefold() in folded), None)


# ---- Jira Cloud ---------------------------------------------------------------------------

def _jira_prepare(table: Table) -> Table:
    merged = _merge_repeats(table, JIRA_REPEATS)
    return _with_column(merged, "Description", jira_to_text)


def _jira_guess(table: Table) -> dict[str, str]:
    guess = {"Summary": t.TITLE, "Issue key": t.KEY, "Description": t.DESCRIPTION,
             "Status": t.STATUS, "Labels": t.THEMES}
    for header in table.headers:
        name = t.criterion_name(header)
        if re.search(r"story point|business value", name, re.IGNORECASE) \
                or header == "Priority":
            guess[header] = t.NEW + name
    return {h: v for h, v in guess.items() if h in table.headers}


# ---- Linear -------------------------------------------------------------------------------

def _linear_guess(table: Table) -> dict[str, str]:
    guess = {"ID": t.KEY, "Title": t.TITLE, "Description": t.DESCRIPTION, "Status": t.STATUS,
             "Labels": t.THEMES, "Priority": t.NEW + "Priority", "Estimate": t.NEW + "Estimate"}
    return {h: v for h, v in guess.items() if h in table.headers}


# ---- Trello -------------------------------------------------------------------------------

def _is_trello(table: Table) -> bool:
    doc = table.document
    return isinstance(doc, dict) and isinstance(doc.get("cards"), list) \
        and isinstance(doc.get("lists"), list)


def _trello_prepare(table: Table) -> Table:
    """One row per card: its list as status, label names, votes; archived cards flagged."""
    doc = table.document
    if not isinstance(doc, dict):
        return table
    lists = {str(x.get("id")): x for x in doc.get("lists", []) if isinstance(x, dict)}
    labels = {str(x.get("id")): str(x.get("name") or x.get("color") or "")
              for x in doc.get("labels", []) if isinstance(x, dict)}
    rows, numbers = [], []
    for number, card in enumerate(doc.get("cards", []), start=1):
        if not isinstance(card, dict):
            continue
        home = lists.get(str(card.get("idList")), {})
        names = [labels.get(str(i), "") for i in card.get("idLabels") or []]
        archived = bool(card.get("closed")) or bool(home.get("closed"))
        votes = (card.get("badges") or {}).get("votes", "")
        rows.append((str(card.get("name") or ""), markdown_to_text(str(card.get("desc") or "")),
                     str(home.get("name") or ""), ", ".join(n for n in names if n),
                     "" if votes is None else str(votes), "yes" if archived else "",
                     str(card.get("id") or "")))
        numbers.append(number)
    headers = ("Card", "Description", "List", "Labels", "Votes", "Archived", "Card id")
    return Table(headers, rows, numbers, "json", document=doc)


def _trello_guess(table: Table) -> dict[str, str]:
    return {"Card": t.TITLE, "Description": t.DESCRIPTION, "List": t.STATUS,
            "Labels": t.THEMES, "Votes": t.NEW + "Votes", "Archived": t.ARCHIVED,
            "Card id": t.KEY}


# ---- a plain spreadsheet ------------------------------------------------------------------

_SHEET_WORDS: tuple[tuple[str, str], ...] = (
    (r"title|summary|name|idea|idée|titre|feature|card", t.TITLE),
    (r"description|details|desc|notes|body|problem", t.DESCRIPTION),
    (r"^(key|id|issue key|ref|reference)$", t.KEY),
    (r"status|state|stage|list", t.STATUS),
    (r"labels?|tags?|themes?|thème|category|epic", t.THEMES),
    (r"needs?|customer need", t.NEEDS),
    (r"archived|closed", t.ARCHIVED),
    (r"^reach$", t.RICE + "reach"), (r"^impact$", t.RICE + "impact"),
    (r"^confidence", t.RICE + "confidence"), (r"^effort", t.RICE + "effort"),
)


def _sheet_guess(table: Table) -> dict[str, str]:
    from workbench.exchange.numbers import parse_number

    guess: dict[str, str] = {}
    taken: set[str] = set()
    for index, header in enumerate(table.headers):
        for pattern, target in _SHEET_WORDS:
            if target not in taken and re.search(pattern, header, re.IGNORECASE):
                guess[header] = target
                taken.add(target)
                break
        else:
            cells = [row[index] for row in table.rows[:200] if row[index].strip()]
            if cells and all(parse_number(c, table.decimal_comma) is not None
                             or c.strip().casefold() in t.PRIORITY_WORDS for c in cells):
                guess[header] = t.NEW + t.criterion_name(header)
    return guess


PRESETS: dict[str, Preset] = {p.key: p for p in (
    Preset("jira", "Jira Cloud CSV",
           lambda tb: {"Summary", "Issue key"} <= set(tb.headers), _jira_prepare, _jira_guess),
    Preset("trello", "Trello board JSON", _is_trello, _trello_prepare, _trello_guess),
    Preset("linear", "Linear CSV",
           lambda tb: {"ID", "Title", "Priority"} <= set(tb.headers) and "Team" in tb.headers,
           lambda tb: _with_column(tb, "Description", markdown_to_text), _linear_guess),
    Preset("sheet", "Spreadsheet", lambda tb: True, lambda tb: tb, _sheet_guess),
)}


def detect(table: Table) -> Preset:
    """The first preset that recognises the table (a plain sheet at worst)."""
    return next(p for p in PRESETS.values() if p.recognise(table))


def known_repeats(preset_key: str) -> frozenset[str]:
    """Headers a preset merges when they repeat (others that repeat are refused)."""
    return JIRA_REPEATS if preset_key == "jira" else frozenset()
