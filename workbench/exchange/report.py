"""The decision report's content (one frozen bundle) and the tables both formats share (pure).

``services.report`` fills a ``ReportData`` from what Decide computes (the engine's evaluation,
portfolio, agreement and robustness, and the engine's own charts); ``report_html`` and
``report_md`` only lay it out, escaping every piece of user text on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
import plotly.graph_objects as go

# The sections in order: anchor → heading (both formats; tests check every one is there).
SECTIONS = {
    "goal": "Goal",
    "participants": "Participants",
    "needs": "Customer needs",
    "method": "Method and weights",
    "ranking": "Ranking",
    "matrix": "Impact / effort matrix",
    "agreement": "Agreement",
    "robustness": "Robustness",
    "portfolio": "Chosen portfolio",
    "decisions": "Decisions",
}
# Which section each chart belongs to.
CHART_SECTIONS = {"ranking": "ranking", "matrix": "matrix", "agreement": "agreement",
                  "robustness": "robustness"}


@dataclass(frozen=True)
class Table:
    """A table to print: rows of plain values under column labels, and what it is about."""

    frame: pd.DataFrame          # columns already in print order, labels as headers
    caption: str = ""            # plain text (escaped by the builder)


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows, already computed; user text is raw and escaped later."""

    title: str
    goal: str
    generated_at: datetime
    anonymous: bool
    participant_names: tuple[str, ...]  # empty when anonymous or names are hidden
    participant_count: int
    rater_count: int
    needs: Table
    method: str                          # framework name
    formula: str                         # the formula written out, with the weights
    method_notes: tuple[str, ...]        # normalisation, aggregation, source
    weights: Table
    ranking: Table
    incomplete: Table
    agreement: Table | None
    agreement_note: str
    robustness: Table | None
    robustness_note: str
    portfolio: Table | None
    portfolio_note: str
    decisions: Table
    decision_note: str
    figures: dict[str, go.Figure] = field(default_factory=dict)  # CHART_SECTIONS key → chart


def cell(value: object) -> str:
    """A table cell as text: numbers trimmed, missing values as an en dash, one line."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, pd.Timestamp | datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return " ".join(str(value).split())


def participants_line(data: ReportData) -> str:
    """Who took part, as far as the report may say (counts only when anonymous)."""
    counts = (f"{data.participant_count} participant(s), {data.rater_count} of whom scored "
              "the shortlist")
    if data.anonymous:
        return counts + ". The workshop was anonymous, so no names are listed."
    if not data.participant_names:
        return counts + "."
    return counts + ": " + ", ".join(data.participant_names) + "."
