"""The decision report as one self-contained HTML file: Plotly embedded, prints on A4 (pure).

Every piece of user text goes through ``html.escape``; chart labels were escaped by the
engine's charts (``safe_text.chart_label``), and Plotly's JSON escapes ``<`` and ``>``.
"""

from __future__ import annotations

import html
import re

import plotly.graph_objects as go
import plotly.io as pio

from workbench.exchange.report import (
    CHART_SECTIONS,
    SECTIONS,
    ReportData,
    Table,
    cell,
    participants_line,
)

_PERCENT = re.compile(r"\d+(\.\d+)?\s?%")
# A4 is 210 mm wide; with 15 mm margins 180 mm ≈ 680 CSS px are printable.
CHART_WIDTH = 680

STYLE = """
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #212529;
       background: #fff; margin: 0; }
main { max-width: 760px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.7rem; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; margin: 28px 0 8px; border-bottom: 1px solid #dee2e6;
     padding-bottom: 4px; }
p, li { overflow-wrap: break-word; }
.meta, .note, caption { color: #495057; font-size: .9rem; }
caption { caption-side: bottom; text-align: left; padding-top: 4px; }
.formula { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; background: #f8f9fa;
           border: 1px solid #dee2e6; border-radius: 4px; padding: 8px 10px;
           white-space: pre-wrap; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: .9rem; }
th, td { border: 1px solid #dee2e6; padding: 4px 6px; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
th { background: #f1f3f5; }
td.when { white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.chart { margin: 8px 0; }
.decision-go { color: #2b8a3e; font-weight: 600; }
.decision-later { color: #e67700; font-weight: 600; }
.decision-no { color: #c92a2a; font-weight: 600; }
@page { size: A4; margin: 15mm; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  .chart, tr, .formula { break-inside: avoid; }
  section { break-inside: auto; }
  a { color: inherit; text-decoration: none; }
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def table_html(table: Table) -> str:
    """A table with every header and cell escaped; numbers right-aligned."""
    frame = table.frame
    head = "".join(f"<th scope=\"col\">{_e(c)}</th>" for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, values, strict=True):
            numeric = (isinstance(value, int | float) and not isinstance(value, bool)) \
                or (isinstance(value, str) and _PERCENT.fullmatch(value) is not None)
            css = ' class="num"' if numeric else ""
            if column == "Decision":
                css = f' class="decision-{_e(str(value).lower())}"'
            elif column == "When":
                css = ' class="when"'
            cells.append(f"<td{css}>{_e(cell(value))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    caption = f"<caption>{_e(table.caption)}</caption>" if table.caption else ""
    return (f"<table>{caption}<thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def chart_html(figure: go.Figure, first: bool) -> str:
    """One chart sized for A4 on white; plotly.js is embedded with the first chart only.
    The figure is resized in place: the report's figures are built for it alone (copying a
    Plotly figure re-validates all of it, seconds for a 500-idea matrix)."""
    height = figure.layout.height or 420
    figure.update_layout(width=CHART_WIDTH, height=min(int(height), 900), paper_bgcolor="white")
    # Streamlit's chart theme turns automargin on; without it, tick labels and axis titles
    # overlap at a fixed width.
    figure.update_xaxes(automargin=True)
    figure.update_yaxes(automargin=True)
    # Notes placed below the plot (the matrix's lower quadrant names) are not counted by
    # automargin: leave them room.
    bottom = figure.layout.margin.b if figure.layout.margin.b is not None else 0
    figure.update_layout(margin_b=max(int(bottom), 48))
    body = pio.to_html(figure, full_html=False, include_plotlyjs=bool(first), validate=False,
                       config={"displayModeBar": False, "responsive": False})
    return f'<div class="chart">{body}</div>'


def _p(text: str, css: str = "") -> str:
    attr = f' class="{css}"' if css else ""
    return f"<p{attr}>{_e(text)}</p>" if text else ""


def _section(key: str, parts: list[str]) -> str:
    return (f'<section id="{key}"><h2>{_e(SECTIONS[key])}</h2>'
            + "".join(p for p in parts if p) + "</section>")


def _maybe(table: Table | None, note: str) -> list[str]:
    return [_p(note, "note"), table_html(table) if table is not None else ""]


def build_html(data: ReportData) -> str:
    """The whole report as one HTML document (opens offline, prints on A4)."""
    charts: dict[str, str] = {}
    for name in CHART_SECTIONS:
        if name in data.figures:
            charts[name] = chart_html(data.figures[name], first=not charts)
    needs = [table_html(data.needs)] if not data.needs.frame.empty else [
        _p("No customer needs were recorded.", "note")]
    method = [_p(f"Method: {data.method}"), f'<div class="formula">{_e(data.formula)}</div>',
              *(_p(n, "note") for n in data.method_notes), table_html(data.weights)]
    ranking = [charts.get("ranking", ""), table_html(data.ranking)]
    if not data.incomplete.frame.empty:
        ranking.append(table_html(data.incomplete))
    body = [
        _section("goal", [_p(data.goal or "No goal was written down.")]),
        _section("participants", [_p(participants_line(data))]),
        _section("needs", needs),
        _section("method", method),
        _section("ranking", ranking),
        _section("matrix", [charts.get("matrix", "") or _p(
            "No matrix: the workshop has no cost criterion to set against the benefit.",
            "note")]),
        _section("agreement", [*_maybe(data.agreement, data.agreement_note),
                               charts.get("agreement", "")]),
        _section("robustness", [charts.get("robustness", ""),
                                *_maybe(data.robustness, data.robustness_note)]),
        _section("portfolio", _maybe(data.portfolio, data.portfolio_note)),
        _section("decisions", [_p(data.decision_note, "note"), table_html(data.decisions)
                               if not data.decisions.frame.empty else ""]),
    ]
    when = data.generated_at.strftime("%Y-%m-%d %H:%M UTC")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>Decision report — {_e(data.title)}</title><style>{STYLE}</style></head>"
            f"<body><main><header><h1>Decision report: {_e(data.title)}</h1>"
            f"<p class=\"meta\">Generated {when} by the Idea Prioritisation Workbench.</p>"
            "</header>" + "".join(body) + "</main></body></html>\n")
