"""The activity view's lines: each logged event as a sentence a person reads (pure).

What a line may say depends on who reads it (``Visibility``): in an anonymous workshop no one
(the facilitator included) sees who scored or voted, or per-person values; before the reveal
of a live workshop nobody sees score values or where dots went.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from workbench.domain.decisions import LABELS as DECISION_LABELS
from workbench.domain.phases import LABELS as PHASE_LABELS
from workbench.domain.safe_text import shorten

SOMEONE = "Someone"
A_PARTICIPANT = "A participant"
FACILITATOR = "Facilitator"
MAX_IDEAS = 3  # ideas whose ratings a line names; the rest are counted
TITLE_LIMIT = 60

# Filter groups: label → event kinds (a kind not listed falls under "Other").
GROUPS: dict[str, tuple[str, ...]] = {
    "Scores": ("scores.saved",),
    "Dots": ("dot.placed", "dot.removed"),
    "Phases & running": ("workshop.updated", "workshop.created", "facilitator.granted",
                         "facilitator.key_rotated", "focus.set"),
    "Ideas": ("idea.added", "idea.updated", "idea.deleted", "idea.note_added",
              "shortlist.set"),
    "Merges": ("ideas.merged", "ideas.unmerged"),
    "Decisions": ("decision.recorded",),
    "Criteria & method": ("criterion.added", "criteria.updated", "criterion.deleted",
                          "engine.updated", "moscow.set"),
    "Needs": ("segment.added", "segment.updated", "segment.deleted", "need.added",
              "need.updated", "need.deleted", "evidence.added", "evidence.deleted"),
    "Themes": ("themes.suggested", "theme.renamed", "theme.idea_moved", "themes.joined",
               "theme.split"),
    "People": ("participant.joined", "participant.removed"),
    "KPIs & outcomes": ("kpi.added", "kpi.deleted", "kpi.linked", "outcome.recorded",
                        "technique.pushed"),
    "Imports & restores": ("import", "workshop.restored"),
}
PRIVATE_KINDS = ("scores.saved", "dot.placed", "dot.removed")  # per-person ballots


def group_of(kind: str) -> str:
    """The filter group of an event kind ("Other" for a kind no group lists)."""
    for label, kinds in GROUPS.items():
        if kind in kinds:
            return label
    return "Other"


@dataclass(frozen=True)
class Visibility:
    """What the reader may see: names of people, names on ballots, ballot values."""

    names: bool = True          # who added ideas, joined, decided (off: anonymous workshop)
    ballot_names: bool = True   # who scored or placed dots
    ballot_values: bool = True  # the values and ideas of one person's scores and dots


@dataclass(frozen=True)
class Lookups:
    """Names for the ids events hold (ideas, criteria, needs); events' own text wins."""

    titles: Mapping[int, str] = field(default_factory=dict)
    criteria: Mapping[int, str] = field(default_factory=dict)
    needs: Mapping[int, str] = field(default_factory=dict)


def _q(text: object) -> str:
    return f"‘{shorten(str(text), TITLE_LIMIT)}’"


def _idea(look: Lookups, idea_id: object, detail: Mapping | None = None) -> str:
    if detail and detail.get("title"):
        return _q(detail["title"])
    try:
        return _q(look.titles[int(idea_id)])  # type: ignore[arg-type]
    except (KeyError, TypeError, ValueError):
        return "an idea that is gone"


def _num(value: object) -> str:
    try:
        return f"{float(value):g}"  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)


def who(actor: str, actor_id: object, is_facilitator: bool, kind: str, see: Visibility) -> str:
    """The actor as this reader may see them."""
    if actor_id is None or pd.isna(actor_id):
        return SOMEONE
    private = kind in PRIVATE_KINDS
    if (see.ballot_names if private else see.names) and actor:
        return str(actor)
    return FACILITATOR if is_facilitator and not private else A_PARTICIPANT


def _scores(detail: Mapping, look: Lookups, see: Visibility) -> str:
    rows = [r for r in detail.get("scores", []) if isinstance(r, list | tuple) and len(r) == 3]
    if not see.ballot_values:
        return f"saved {len(rows)} rating(s) (values stay hidden)"
    per_idea: dict[object, list[str]] = {}
    for idea_id, criterion_id, value in rows:
        name = look.criteria.get(int(criterion_id), "a criterion that is gone")
        per_idea.setdefault(idea_id, []).append(f"{name} {_num(value)}")
    parts = [f"{_idea(look, i)} " + ", ".join(cells)
             for i, cells in list(per_idea.items())[:MAX_IDEAS]]
    more = (f" and {len(per_idea) - MAX_IDEAS} more idea(s)" if len(per_idea) > MAX_IDEAS
            else "")
    return "scored " + "; ".join(parts) + more if parts else "saved no ratings"


def _workshop(detail: Mapping) -> str:
    said = []
    if "phase" in detail:
        said.append(f"Phase → {PHASE_LABELS.get(str(detail['phase']), detail['phase'])}")
    if "score_round" in detail:
        said.append(f"Scoring round {detail['score_round']} opened")
    elif "revealed" in detail:
        said.append("Scores revealed" if detail["revealed"] else "Scores hidden again")
    if "anonymous" in detail:
        said.append("Anonymity on" if detail["anonymous"] else "Anonymity off")
    if "dot_budget" in detail or "dot_cap" in detail:
        said.append("Dot budget changed")
    if "timer_ends_at" in detail:
        said.append("Timer started" if detail["timer_ends_at"] else "Timer cleared")
    if detail.get("live"):
        said.append("Workshop went live")
    if "status" in detail:
        said.append("Workshop archived" if detail["status"] == "archived"
                    else "Workshop restored")
    if "title" in detail or "goal" in detail:
        said.append("Workshop title or goal edited")
    if "facilitator_key_hash" in detail and not said:
        said.append("Facilitator key set")
    return "; ".join(said) or "Workshop settings changed"


def describe(kind: str, detail: Mapping, look: Lookups, see: Visibility) -> str:
    """What happened, in words (without the actor)."""
    d = detail
    simple = {
        "workshop.created": "Workshop created",
        "facilitator.granted": "became facilitator",
        "facilitator.key_rotated": "Facilitator key changed",
        "ideas.unmerged": "Merge undone",
        "themes.suggested": f"Themes suggested ({d.get('themes', '?')})",
        "theme.renamed": f"Theme renamed to {_q(d.get('name', ''))}",
        "theme.idea_moved": f"{_idea(look, d.get('idea_id'))} moved to another theme",
        "themes.joined": "Themes joined",
        "theme.split": "Theme split",
        "participant.joined": "joined",
        "participant.removed": "A participant was removed",
        "segment.added": f"Segment {_q(d.get('name', ''))} added",
        "segment.updated": f"Segment {_q(d.get('name', ''))} edited",
        "segment.deleted": "Segment deleted",
        "need.added": f"Need {_q(d.get('statement', ''))} added",
        "need.updated": f"Need {_q(d.get('statement', ''))} edited",
        "need.deleted": "Need deleted",
        "evidence.added": "Customer quote added",
        "evidence.deleted": "Customer quote deleted",
        "criterion.added": f"Criterion {_q(d.get('name', ''))} added",
        "criterion.deleted": f"Criterion {_q(d.get('name', ''))} deleted",
        "criteria.updated": "Criteria or weights changed",
        "engine.updated": "Prioritisation method changed",
        "moscow.set": f"MoSCoW buckets changed ({len(d.get('changes', []))})",
        "shortlist.set": f"Shortlist set ({len(d.get('idea_ids', []))} ideas)",
        "idea.note_added": f"Note added to {_idea(look, d.get('idea_id'))}",
        "idea.updated": f"{_idea(look, d.get('idea_id'), d)} edited",
        "idea.deleted": f"{_idea(look, d.get('idea_id'), d)} deleted",
        "focus.set": "Brainstorm focus changed",
        "kpi.added": f"KPI {_q(d.get('name', ''))} added",
        "kpi.deleted": "KPI deleted",
        "kpi.linked": (f"{_idea(look, d.get('idea_id'))} unlinked from a KPI"
                       if d.get("expected") is None else
                       f"{_idea(look, d.get('idea_id'))} linked to a KPI "
                       f"(expected {_num(d.get('expected'))})"),
        "outcome.recorded": f"Outcome of {_idea(look, d.get('idea_id'))}: "
                            f"{str(d.get('status', '?')).replace('_', ' ')}",
        "technique.pushed": f"Technique card {_q(d.get('technique') or 'cleared')} pushed",
        "import": f"Backlog imported: {d.get('added', 0)} added, {d.get('updated', 0)} "
                  "updated",
        "workshop.restored": "Workshop restored from a backup",
    }
    if kind in simple:
        return simple[kind]
    if kind == "workshop.updated":
        return _workshop(d)
    if kind == "scores.saved":
        return _scores(d, look, see)
    if kind in ("dot.placed", "dot.removed"):
        verb = "placed a dot" if kind == "dot.placed" else "took back a dot"
        return f"{verb} on {_idea(look, d.get('idea_id'))}" if see.ballot_values else verb
    if kind == "idea.added":
        ids = d.get("idea_ids", [])
        return (f"added {_idea(look, ids[0])}" if len(ids) == 1
                else f"added {len(ids)} ideas")
    if kind == "ideas.merged":
        return f"Ideas merged into {_q(d.get('title', ''))} ({len(d.get('originals', []))})"
    if kind == "decision.recorded":
        label = DECISION_LABELS.get(str(d.get("decision")), str(d.get("decision")))
        return f"decided {label} on {_idea(look, d.get('idea_id'), d)}"
    return kind.replace(".", " ").replace("_", " ").capitalize()


def activity_lines(events: pd.DataFrame, look: Lookups, see: Visibility) -> pd.DataFrame:
    """One row per event (newest first, as given): when, who, what, group, and ``line``
    ("Ana scored ‘Dark mode’ Impact 4"; lines without a person read on their own)."""
    rows = []
    for e in events.itertuples(index=False):
        try:
            detail = json.loads(e.detail) if isinstance(e.detail, str) else {}
        except ValueError:
            detail = {}
        detail = detail if isinstance(detail, dict) else {}
        what = describe(e.kind, detail, look, see)
        actor = who(e.actor, e.actor_id, bool(e.is_facilitator), e.kind, see)
        starts_lower = what[:1].islower()
        line = f"{actor} {what}" if starts_lower else what
        rows.append({"when": e.created_at, "who": actor, "what": what,
                     "group": group_of(e.kind), "line": line})
    return pd.DataFrame(rows, columns=["when", "who", "what", "group", "line"])
