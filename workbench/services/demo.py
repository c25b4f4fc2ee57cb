"""The demo workshop ("Improve customer onboarding"), built from data/demo_workshop.json."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

from workbench.services import (
    decide,
    decisions,
    feedback,
    ideas,
    kpis,
    needs,
    outcomes,
    scoring,
    workshops,
)
from workbench.services.workshops import create_with_code
from workbench.store import Store

DEMO_FILE = Path(__file__).resolve().parents[2] / "data" / "demo_workshop.json"
FEEDBACK_FILE = DEMO_FILE.with_name("demo_feedback.json")  # journey stages and feedback
SEED = 5
# A few decisions so the Decisions tab, the funnel's "selected" and the report show something.
DEMO_DECISIONS = (
    ("Interactive setup checklist", "go",
     "Top of the ranking under every weighting we tried; serves the biggest need (set up "
     "without reading documentation) at low cost."),
    ("Public security and compliance page", "go",
     "Cheap, and enterprise trials stall in security review; the sales team can point to it "
     "from day one."),
    ("One-click SSO templates for Okta and Azure AD", "go",
     "Enterprise trials stall at single sign-on; IT admins set it up in minutes instead of a "
     "support ticket."),
    ("CSV and spreadsheet import wizard", "go",
     "Teams arrive with their data in spreadsheets; importing it is the first thing they "
     "try."),
    ("Welcome video from the founder", "later",
     "Liked, but it does not move time to first value; revisit after the checklist ships."),
    ("Offline mode for the mobile app", "no",
     "Lowest score and the highest cost; freelancers asked for phone comfort, not offline."),
)


def create_demo_workshop(store: Store, path: Path = DEMO_FILE) -> int:
    """Build the demo workshop (segments, needs, evidence, ideas, 4 raters' scores); return id."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    workshop_id = create_with_code(store, spec["title"], spec["goal"], is_demo=True)
    raters = [workshops.join(store, workshop_id, name) for name in spec["raters"]]
    voice = json.loads(FEEDBACK_FILE.read_text(encoding="utf-8"))
    stage_ids = dict(zip(store.stages(workshop_id)["name"],
                         store.stages(workshop_id)["id"].astype(int), strict=True))
    need_ids: list[int] = []
    for segment in spec["segments"]:
        seg_id = needs.add_segment(store, workshop_id, raters[0].id, segment["name"],
                                     segment["description"])
        for need in segment["needs"]:
            need_id = needs.add_need(store, workshop_id, raters[0].id, seg_id,
                                       need["statement"], need["importance"],
                                       need.get("satisfaction"),
                                       stage_ids.get(voice["stages"].get(need["statement"])))
            for ev in need.get("evidence", []):
                needs.add_evidence(store, workshop_id, raters[0].id, need_id, ev["quote"],
                                     ev["source"])
            need_ids.append(need_id)

    _add_feedback(store, workshop_id, raters[0].id, voice["feedback"], need_ids)
    idea_ids = [ideas.add_idea(store, workshop_id, raters[idea["author"]].id, idea["title"],
                                 idea["description"], [need_ids[i] for i in idea["needs"]])
                for idea in spec["ideas"]]
    ideas.set_shortlist(store, workshop_id, raters[0].id,
                          [i for i, idea in zip(idea_ids, spec["ideas"], strict=True)
                           if idea["shortlist"]])

    # Each rater sees each idea a little differently: ±1 around the idea's base scores,
    # from a fixed seed so the demo ranks the same on every machine.
    rng = random.Random(SEED)
    criteria = store.list_criteria(workshop_id)
    for rater in raters:
        rows = []
        for idea_id, idea in zip(idea_ids, spec["ideas"], strict=True):
            if not idea["shortlist"] or idea.get("unscored"):
                continue
            for criterion, base in zip(criteria, idea["base"], strict=True):
                value = min(5, max(1, base + rng.choice((-1, 0, 0, 0, 1))))
                rows.append((idea_id, criterion.id, value))
        scoring.save_scores(store, workshop_id, rater.id, rows)
    by_title = dict(zip((i["title"] for i in spec["ideas"]), idea_ids, strict=True))
    for title, decision, rationale in DEMO_DECISIONS:
        if title in by_title:
            decisions.record_decision(store, workshop_id, raters[0].id, by_title[title],
                                      decision, rationale)
    _add_kpis(store, workshop_id, raters[0].id, spec.get("kpis"), idea_ids)
    return workshop_id


def _add_kpis(store: Store, workshop_id: int, actor: int, spec: dict | None,
              idea_ids: list[int]) -> None:
    """The demo's KPIs, idea links, selected (Must) ideas and their outcomes."""
    if not spec:
        return
    kpi_ids = [kpis.add_kpi(store, workshop_id, actor, k["name"], k["kind"], k["unit"],
                            k["baseline"], k["target"], k["direction"]) for k in spec["kpis"]]
    for link in spec["links"]:
        kpis.link_idea_kpi(store, workshop_id, actor, idea_ids[link["idea"]],
                           kpi_ids[link["kpi"]], link["expected"], link.get("tradeoff", False))
    decide.set_moscow(store, workshop_id, actor, {idea_ids[i]: "must" for i in spec["must"]})
    for done in spec["outcomes"]:
        outcomes.record_outcome(store, workshop_id, actor, idea_ids[done["idea"]],
                                done["status"], {kpi_ids[int(k)]: v for k, v in
                                                 done.get("measured", {}).items()},
                                done.get("note", ""))


def _add_feedback(store: Store, workshop_id: int, actor_id: int, items: list[dict],
                  need_ids: list[int]) -> None:
    """The demo's customer feedback, uploaded as a CSV would be, most of it assigned."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["text", "nps", "date", "segment", "source"])
    writer.writerows([i["text"], i["score"], i["date"], i["segment"], i["source"]]
                     for i in items)
    feedback.import_feedback(store, workshop_id, actor_id, out.getvalue().encode(), "demo.csv")
    added = [int(i) for i in store.feedback(workshop_id)["id"]][-len(items):]
    feedback.accept_suggestions(store, workshop_id, actor_id,
                                [(f, need_ids[i["need"]]) for f, i in zip(added, items,
                                                                         strict=True)
                                 if i["need"] is not None])


def ensure_demo_workshop(store: Store) -> int | None:
    """On a brand-new database (no workshops at all) create the demo; return its id if made."""
    if store.list_workshops().empty:
        return create_demo_workshop(store)
    return None


def recreate_demo_workshop(store: Store) -> int:
    """Delete the demo workshops nobody runs live, and build a fresh one."""
    for workshop_id in store.demo_workshop_ids():
        # A demo someone took live belongs to its facilitator now: leave it alone.
        if not store.get_workshop(workshop_id).live:
            store.delete_workshop(workshop_id)
    return create_demo_workshop(store)
