"""The decision report as Markdown: every piece of user text escaped, tables kept whole (pure)."""

from __future__ import annotations

from workbench.domain.safe_text import md
from workbench.exchange.report import SECTIONS, ReportData, Table, cell, participants_line


def text(value: object) -> str:
    """User text for a Markdown paragraph or table cell: one line, every markup character
    escaped (``|`` included, so a cell cannot split its row)."""
    return md(cell(value))


def table_md(table: Table) -> str:
    """A GitHub-flavoured table: escaped headers and cells, numbers right-aligned."""
    frame = table.frame
    header = "| " + " | ".join(text(c) for c in frame.columns) + " |"
    numeric = [frame[c].map(lambda v: isinstance(v, int | float) and not isinstance(v, bool))
               .all() and len(frame) > 0 for c in frame.columns]
    rule = "| " + " | ".join("---:" if n else "---" for n in numeric) + " |"
    rows = ["| " + " | ".join(text(v) for v in values) + " |"
            for values in frame.itertuples(index=False)]
    caption = [f"*{text(table.caption)}*", ""] if table.caption else []
    return "\n".join([header, rule, *rows, "", *caption])


def _section(key: str, parts: list[str]) -> str:
    return f"## {SECTIONS[key]}\n\n" + "\n\n".join(p for p in parts if p) + "\n"


def _maybe(table: Table | None, note: str) -> list[str]:
    return [text(note) if note else "", table_md(table) if table is not None else ""]


def build_markdown(data: ReportData) -> str:
    """The whole report as Markdown (charts as their tables; the HTML report has the charts)."""
    needs = table_md(data.needs) if not data.needs.frame.empty else \
        "No customer needs were recorded."
    ranking = [table_md(data.ranking)]
    if not data.incomplete.frame.empty:
        ranking.append(table_md(data.incomplete))
    formula = "\n".join("    " + line for line in data.formula.splitlines())
    sections = [
        _section("goal", [text(data.goal) if data.goal else "No goal was written down."]),
        _section("participants", [text(participants_line(data))]),
        _section("needs", [needs]),
        _section("method", [f"Method: {text(data.method)}", formula,
                            *(text(n) for n in data.method_notes), table_md(data.weights)]),
        _section("ranking", ranking),
        _section("matrix", ["The matrix chart is in the HTML report; the ranking above and "
                            "the portfolio below hold its figures." if "matrix" in data.figures
                            else "No matrix: the workshop has no cost criterion to set "
                                 "against the benefit."]),
        _section("agreement", _maybe(data.agreement, data.agreement_note)),
        _section("robustness", _maybe(data.robustness, data.robustness_note)),
        _section("portfolio", _maybe(data.portfolio, data.portfolio_note)),
        _section("decisions", [text(data.decision_note),
                               table_md(data.decisions) if not data.decisions.frame.empty
                               else ""]),
    ]
    when = data.generated_at.strftime("%Y-%m-%d %H:%M UTC")
    head = (f"# Decision report: {text(data.title)}\n\n"
            f"*Generated {when} by the Idea Prioritisation Workbench.*\n")
    return head + "\n" + "\n".join(sections)
