"""The decision report: gather what Decide shows into one bundle, then HTML or Markdown."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pandas as pd

from workbench.domain import phases
from workbench.domain.models import PhaseLocked, WorkbenchError
from workbench.engine.charts import build_contribution_figure
from workbench.engine.evaluation import Evaluation, evaluate
from workbench.engine.settings import load_settings
from workbench.engine.tables import rater_count, rater_labels
from workbench.exchange.report import ReportData, Table
from workbench.exchange.report_html import build_html
from workbench.exchange.report_md import build_markdown
from workbench.services import report_parts as parts
from workbench.services.authority import is_facilitator
from workbench.services.decisions import decisions_table, selected_idea_ids
from workbench.store import Store

FORMATS = ("html", "md")
# The ranking chart shows the top ideas (each bar's labels cost Plotly time; the table below
# it lists every idea).
RANKING_BARS = 10


def _needs(store: Store, workshop_id: int) -> Table:
    needs = store.list_needs(workshop_id)
    frame = pd.DataFrame({
        "Segment": needs["segment"].astype(str).to_numpy(),
        "Need": needs["statement"].astype(str).to_numpy(),
        "Importance": needs["importance"].to_numpy(),
        "Satisfaction": needs["satisfaction"].to_numpy(),
        "Ideas": needs["ideas"].astype(int).to_numpy()})
    return Table(frame, "Importance and satisfaction on 1–5; ideas tagged to each need.")


def _evaluation(store: Store, workshop_id: int, scores: pd.DataFrame
                ) -> tuple[Evaluation | None, str]:
    workshop = store.get_workshop(workshop_id)
    try:
        return evaluate(store.shortlist(workshop_id), store.list_criteria(workshop_id), scores,
                        load_settings(workshop.engine), store.idea_need_ratings(workshop_id),
                        store.moscow_buckets(workshop_id)), ""
    except WorkbenchError as exc:
        return None, str(exc)


def report_data(store: Store, workshop_id: int, viewer_id: int | None, *,
                now: datetime | None = None, charts: bool = True) -> ReportData:
    """Everything the report shows, computed as Decide computes it (``charts``: also build
    the figures; the Markdown report has none). Refused (PhaseLocked) while the results are
    hidden from this person (live workshop, before the reveal)."""
    workshop = store.get_workshop(workshop_id)
    facilitator = is_facilitator(store, workshop, viewer_id)
    if not phases.results_visible(workshop, facilitator):
        raise PhaseLocked("The report shows the results, which stay hidden until the "
                          "facilitator reveals them.")
    show_names = not workshop.anonymous and (not workshop.live or facilitator)
    scores = store.all_scores(workshop_id, workshop.score_round)
    people = store.list_participants(workshop_id)
    evaluation, problem = _evaluation(store, workshop_id, scores)
    history = store.decisions(workshop_id)
    figures = {}
    criteria = store.list_criteria(workshop_id)
    if evaluation is None:
        empty = Table(pd.DataFrame({"Idea": []}), problem)
        ranking, incomplete, formula, notes = empty, Table(pd.DataFrame()), problem, ()
        agreement = robustness = chosen = None
        agreement_note = robustness_note = chosen_note = problem
        method = load_settings(workshop.engine).framework
    else:
        ranking, incomplete = parts.ranking_tables(evaluation)
        formula, notes = parts.formula_text(evaluation), parts.method_notes(evaluation)
        method = evaluation.framework.name
        if charts and evaluation.weighted is not None and evaluation.formula is None \
                and not evaluation.table.empty:
            figures["ranking"] = build_contribution_figure(evaluation.weighted, RANKING_BARS)
        matrix, portfolio, _ = parts.matrix_and_budget(evaluation, charts)
        if matrix is not None:
            figures["matrix"] = matrix
        agreement, agreement_note, heatmap = parts.agreement_part(
            evaluation, scores, criteria, rater_labels(scores, people, show_names), charts)
        if heatmap is not None:
            figures["agreement"] = heatmap
        robustness, robustness_note, bands = parts.robustness_part(evaluation, scores, charts)
        if bands is not None:
            figures["robustness"] = bands
        chosen, chosen_note = parts.chosen_table(
            evaluation, selected_idea_ids(store, workshop_id), history, portfolio)
    decided = decisions_table(history, show_names)
    return ReportData(
        title=workshop.title, goal=workshop.goal,
        generated_at=now or datetime.now(UTC), anonymous=workshop.anonymous,
        participant_names=tuple(people["name"].astype(str)) if show_names else (),
        participant_count=len(people), rater_count=rater_count(scores),
        needs=_needs(store, workshop_id), method=method, formula=formula,
        method_notes=notes, weights=parts.weights_table(criteria), ranking=ranking,
        incomplete=incomplete, agreement=agreement, agreement_note=agreement_note,
        robustness=robustness, robustness_note=robustness_note, portfolio=chosen,
        portfolio_note=chosen_note, decisions=decided,
        decision_note=(f"{len(history)} idea(s) decided; the latest decision on each counts."
                       if not history.empty else
                       "No decisions are recorded yet: record them on Decide's Decisions "
                       "tab."),
        figures=figures)


def decision_report(store: Store, workshop_id: int, viewer_id: int | None,
                    fmt: str = "html", *, now: datetime | None = None) -> str:
    """The report as a self-contained HTML document or as Markdown (``fmt``: html | md)."""
    if fmt not in FORMATS:
        raise WorkbenchError(f"Unknown report format {fmt!r}; use html or md.")
    data = report_data(store, workshop_id, viewer_id, now=now, charts=fmt == "html")
    return build_html(data) if fmt == "html" else build_markdown(data)


def report_file_name(title: str, fmt: str) -> str:
    """A safe file name for the report: decision-report-<title>.<html|md>."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] or "workshop"
    return f"decision-report-{slug}.{fmt}"
