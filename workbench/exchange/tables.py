"""What a workshop snapshot holds, table by table: columns and the ids each column points at.

Adding a table to backups is one ``TableSpec`` appended to ``TABLES`` (and, because an older
app would silently drop it, a bump of ``snapshot.SCHEMA_VERSION``). Every id in the database
comes from one sequence, so an old id names one row in the whole file and a single old → new
map remaps every reference.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Remap = Callable[[Any], Any]  # old id → new id (raises KeyError for an id not in the file)


@dataclass(frozen=True)
class JsonIds:
    """A JSON text column holding ids: how to list them and how to rewrite them."""

    ids: Callable[[str], list[int]]
    remap: Callable[[str, Remap], str]


@dataclass(frozen=True)
class TableSpec:
    """One table of a workshop: the columns kept, and what each id column refers to.

    ``key``: the table's own id column (None: the table has none). ``refs``: column → table
    whose ``key`` it holds (NULL allowed); a restore refuses a file where such an id names no
    row of that table. ``list_refs``: columns holding lists of such ids. ``soft``: reference
    columns that are history and may name rows deleted since (a merge's gained tags): they are
    not checked, and an id naming no row gets a fresh id that names none either. ``json``:
    JSON text columns holding ids (always soft). ``lists``: list-typed columns.
    """

    name: str
    columns: tuple[str, ...]
    key: str | None = "id"
    refs: Mapping[str, str] = field(default_factory=dict)
    list_refs: Mapping[str, str] = field(default_factory=dict)
    soft: tuple[str, ...] = ()
    json: Mapping[str, JsonIds] = field(default_factory=dict)
    lists: tuple[str, ...] = ()


def _engine_ids(text: str, new: Remap) -> str:
    """The Decide settings with their criterion and idea ids remapped (unknown ones dropped)."""
    data = _settings(text)
    if data.get("cost_criterion") is not None:
        found = _known([data["cost_criterion"]], new)
        data["cost_criterion"] = found[0] if found else None
    for name in ("must_include", "exclude"):
        if name in data:
            data[name] = _known(data[name], new)
    if isinstance(data.get("slots"), list):
        data["slots"] = [[s[0], s[1], _known([s[2]], new)[0]] for s in data["slots"]
                         if isinstance(s, list) and len(s) == 3 and _known([s[2]], new)]
    return json.dumps(data, sort_keys=True)


def _settings(text: str) -> dict:
    try:
        data = json.loads(text or "{}")
    except (TypeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _known(ids: object, new: Remap) -> list[int]:
    """The ids of ``ids`` that name rows of the file, remapped (settings drop the others)."""
    out = []
    for i in ids if isinstance(ids, list) else []:
        try:
            out.append(new(i))
        except (KeyError, TypeError):
            continue
    return out


def _no_ids(text: str) -> list[int]:
    return []


def _pair_ids(text: str) -> list[int]:
    return [int(i) for pair in json.loads(text or "[]") for i in pair]


def _pairs(text: str, new: Remap) -> str:
    """[[idea, idea], …] or [[vote, idea], …] with both ids remapped."""
    return json.dumps([[new(a), new(b)] for a, b in json.loads(text or "[]")])


def _refund_ids(text: str) -> list[int]:
    return [int(i) for row in json.loads(text or "[]") for i in row[:3]]


def _refunds(text: str, new: Remap) -> str:
    """Refunded dots [vote, idea, voter, round, created_at] with their ids remapped."""
    return json.dumps([[new(v), new(i), new(p), r, at]
                       for v, i, p, r, at in json.loads(text or "[]")])


ENGINE = JsonIds(_no_ids, _engine_ids)
PAIRS = JsonIds(_pair_ids, _pairs)
REFUNDS = JsonIds(_refund_ids, _refunds)

TABLES: tuple[TableSpec, ...] = (
    TableSpec("workshops", ("title", "goal", "status", "live", "phase", "revealed",
                            "score_round", "dot_budget", "dot_cap", "anonymous", "engine",
                            "focus_need_id", "technique", "evidence_importance", "created_at",
                            "updated_at"),
              refs={"focus_need_id": "needs"}, soft=("focus_need_id",),
              json={"engine": ENGINE}),
    TableSpec("participants", ("name", "name_key", "is_facilitator", "slot", "removed_at",
                               "imported", "created_at")),
    TableSpec("segments", ("name", "description", "created_at")),
    TableSpec("journey_stages", ("name", "position", "created_at")),
    TableSpec("needs", ("segment_id", "statement", "importance", "satisfaction", "stage_id",
                        "created_at"),
              refs={"segment_id": "segments", "stage_id": "journey_stages"}),
    TableSpec("evidence", ("need_id", "quote", "source", "created_at"), refs={"need_id": "needs"}),
    TableSpec("ideas", ("title", "description", "author_id", "shortlisted", "merged_into",
                        "moscow", "source_key", "source_status", "created_at", "updated_at"),
              refs={"author_id": "participants", "merged_into": "ideas"}),
    TableSpec("idea_needs", ("idea_id", "need_id"), key=None,
              refs={"idea_id": "ideas", "need_id": "needs"}),
    TableSpec("criteria", ("name", "direction", "scale_min", "scale_max", "weight", "position",
                           "scale", "unit", "created_at")),
    TableSpec("scores", ("idea_id", "rater_id", "criterion_id", "round", "value", "rater_slot",
                         "updated_at"), key=None,
              refs={"idea_id": "ideas", "rater_id": "participants",
                    "criterion_id": "criteria"}),
    TableSpec("votes", ("idea_id", "voter_id", "round", "created_at"),
              refs={"idea_id": "ideas", "voter_id": "participants"}),
    TableSpec("merges", ("keep_id", "absorbed_ids", "title_before", "description_before",
                         "shortlisted_before", "title_after", "description_after",
                         "absorbed_shortlisted", "tags_gained", "votes_moved",
                         "votes_refunded", "repointed", "actor_id", "created_at", "undone_at",
                         "undone_by"),
              refs={"keep_id": "ideas", "actor_id": "participants",
                    "undone_by": "participants"},
              list_refs={"absorbed_ids": "ideas", "tags_gained": "needs"},
              soft=("absorbed_ids", "tags_gained"),
              json={"votes_moved": PAIRS, "votes_refunded": REFUNDS, "repointed": PAIRS},
              lists=("absorbed_ids", "absorbed_shortlisted", "tags_gained")),
    TableSpec("idea_notes", ("idea_id", "author_id", "text", "created_at"),
              refs={"idea_id": "ideas", "author_id": "participants"}),
    TableSpec("themes", ("name", "named", "created_at")),
    TableSpec("idea_themes", ("idea_id", "theme_id", "pinned"), key=None,
              refs={"idea_id": "ideas", "theme_id": "themes"}),
    TableSpec("decisions", ("idea_id", "decision", "rationale", "actor_id", "created_at"),
              refs={"idea_id": "ideas", "actor_id": "participants"}),
    TableSpec("kpis", ("name", "kind", "unit", "baseline", "target", "direction",
                       "created_at")),
    TableSpec("idea_kpis", ("idea_id", "kpi_id", "expected", "tradeoff", "measured"), key=None,
              refs={"idea_id": "ideas", "kpi_id": "kpis"}),
    TableSpec("outcomes", ("idea_id", "status", "note", "actor_id", "updated_at"), key=None,
              refs={"idea_id": "ideas", "actor_id": "participants"}),
    # ``rejected``: needs a person said an item is not about; history, so it may name needs
    # deleted since.
    TableSpec("feedback", ("text", "score", "scale", "given_on", "segment", "source", "need_id",
                           "rejected", "created_at"),
              refs={"need_id": "needs"}, list_refs={"rejected": "needs"}, soft=("rejected",),
              lists=("rejected",)),
)

BY_NAME = {spec.name: spec for spec in TABLES}
