"""The decision report: every section and chart, user text never markup, Markdown escaped."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from workbench import services
from workbench.domain.models import PhaseLocked, WorkbenchError
from workbench.exchange.report import CHART_SECTIONS, SECTIONS

NOW = datetime(2026, 12, 6, 7, 0, tzinfo=UTC)
TITLE = "# x | y *z* <script>alert(1)</script>"
GOAL = "<img src=x onerror=alert(2)> [click](javascript:alert(2))"
NAMES = ("<b>Ann</b>", "**Bo** | [x](javascript:alert(3))")
SEGMENT = "<i>Seg</i> | _s_"
NEED = "<img src=x onerror=alert(4)> | *n*"
IDEAS = ("<script>alert(6)</script> Dark mode", "SSO | **bold** `code`",
         "<img src=x onerror=alert(7)>")
RATIONALE = "<script>alert(5)</script> | **r** \n# heading\n- item"
PLANTED = (TITLE, GOAL, *NAMES, SEGMENT, NEED, *IDEAS, RATIONALE)
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2",
                "p", "section", "div", "table", "caption", "thead", "tbody", "tr", "th", "td",
                "script"}


@pytest.fixture
def hostile(fresh_store):
    """Free-mode workshop: hostile text in every user field; 2 raters score 3 ideas on the 3
    default criteria (Impact, Cost, Feasibility), so every section and chart has data."""
    store = fresh_store
    wid = services.create_workshop(store, TITLE, GOAL)
    ann, bo = (services.join(store, wid, n).id for n in NAMES)
    seg = services.add_segment(store, wid, ann, SEGMENT)
    need = services.add_need(store, wid, ann, seg, NEED, 5, 2)
    ideas = [services.add_idea(store, wid, ann, t, "", [need]) for t in IDEAS]
    services.set_shortlist(store, wid, ann, ideas)
    criteria = store.list_criteria(wid)
    for rater, shift in ((ann, 0), (bo, 1)):
        services.save_scores(store, wid, rater, [
            (i, c.id, 1 + (k + j + shift) % 5) for k, i in enumerate(ideas)
            for j, c in enumerate(criteria)])
    services.update_engine(store, wid, ann, budget=6.0)
    services.record_decision(store, wid, ann, ideas[0], "go", RATIONALE)
    services.record_decision(store, wid, bo, ideas[1], "no", RATIONALE)
    return store, wid, ann


class Collect(HTMLParser):
    """Tags, ids, and text outside scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)
        self.ids += [v for k, v in attrs if k == "id" and v]
        self._in = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts.append(data)
        elif self._in is None:
            self.text.append(data)


def parsed(html: str) -> Collect:
    doc = Collect()
    doc.feed(html)
    doc.close()
    return doc


def test_html_report_has_every_section_and_chart_and_opens_offline(hostile):
    store, wid, ann = hostile
    html = services.decision_report(store, wid, ann, "html", now=NOW)
    doc = parsed(html)
    assert [i for i in doc.ids if i in SECTIONS] == list(SECTIONS)
    text = " ".join(doc.text)
    for heading in SECTIONS.values():
        assert heading in text
    charts = html.count('class="plotly-graph-div"')
    assert charts == len(CHART_SECTIONS) == 4
    # plotly.js is inlined once (no CDN, no src=): the file opens offline.
    assert html.count("plotly.js v") >= 1 and 'src="http' not in html
    assert not [v for k, v in doc.attrs if k == "src"]
    assert "@media print" in html and "@page { size: A4" in html


def test_no_user_text_becomes_markup_in_html(hostile):
    store, wid, ann = hostile
    html = services.decision_report(store, wid, ann, "html", now=NOW)
    doc = parsed(html)
    assert set(doc.tags) <= ALLOWED_TAGS, set(doc.tags) - ALLOWED_TAGS
    text = " ".join(doc.text)
    for planted in PLANTED:
        first_line = planted.splitlines()[0].strip()
        assert " ".join(first_line.split()) in text, planted
    for script in doc.scripts:
        assert "<script>alert" not in script and "<img" not in script
    assert "javascript:" not in " ".join(v or "" for _, v in doc.attrs)


def test_the_report_holds_the_figures_decide_shows(hostile):
    """Ranked 3 ideas, both decisions with names, the formula with the three weights."""
    store, wid, ann = hostile
    data = services.report_data(store, wid, ann, now=NOW)
    assert len(data.ranking.frame) == 3
    assert data.formula.splitlines()[1] == ("Score = 100 × (1 × Impact + 1 × Cost (inverted) "
                                            "+ 1 × Feasibility) ÷ 3")
    assert data.decisions.frame["Decision"].tolist() == ["Go", "No"]
    assert set(data.decisions.frame["Decided by"]) == set(NAMES)
    assert data.participant_names == NAMES
    assert data.portfolio is not None and len(data.portfolio.frame) == 1
    assert set(data.figures) == set(CHART_SECTIONS)


def test_anonymous_report_lists_counts_not_names(hostile):
    store, wid, ann = hostile
    services.set_anonymous(store, wid, ann, True)
    html = services.decision_report(store, wid, ann, "html", now=NOW)
    md = services.decision_report(store, wid, ann, "md", now=NOW)
    for name in ("Ann", "Bo"):
        assert name not in " ".join(parsed(html).text) and name not in md
    assert "2 participant(s)" in " ".join(parsed(html).text)
    assert "no names are listed" in md


def test_markdown_escapes_every_user_text(hostile):
    mdit = pytest.importorskip("markdown_it")
    store, wid, ann = hostile
    md = services.decision_report(store, wid, ann, "md", now=NOW)
    assert md.splitlines()[0] == r"# Decision report: \# x \| y \*z\* \<script\>alert\(1\)\<" \
                                 r"/script\>"
    rendered = mdit.MarkdownIt("commonmark").enable("table").render(md)
    tags = set(re.findall(r"<([a-z0-9]+)", rendered))
    assert tags <= {"h1", "h2", "p", "em", "table", "thead", "tbody", "tr", "th", "td", "pre",
                    "code"}, tags
    # Every table row keeps its column count: no planted "|" split a cell.
    for block in re.findall(r"<table>.*?</table>", rendered, flags=re.S):
        widths = {len(re.findall(r"<t[hd][ >]", row)) for row in
                  re.findall(r"<tr>.*?</tr>", block, flags=re.S)}
        assert len(widths) == 1, widths
    for planted in ("<script", "<img", "<b>", "href="):
        assert planted not in rendered, planted


def test_markdown_rationale_stays_on_one_table_row(hostile):
    store, wid, ann = hostile
    md = services.decision_report(store, wid, ann, "md", now=NOW)
    rows = [line for line in md.splitlines() if "alert\\(5\\)" in line]
    assert len(rows) == 2
    for row in rows:
        assert len(re.findall(r"(?<!\\)\|", row)) == 6  # 5 cells


def test_before_the_reveal_a_participant_gets_no_report(fresh_store):
    store = fresh_store
    started = services.start_live_workshop(store, "Offsite", "", "Fiona")
    ann = services.join_with_code(store, started.seat.workshop.join_code, "Ann")
    with pytest.raises(PhaseLocked, match="reveals"):
        services.decision_report(store, started.seat.workshop.id, ann.participant.id)
    html = services.decision_report(store, started.seat.workshop.id,
                                    started.seat.participant.id)
    assert "Nothing is ranked" in html or "Ranking" in html


def test_an_unknown_format_is_refused(hostile):
    store, wid, ann = hostile
    with pytest.raises(WorkbenchError, match="use html or md"):
        services.decision_report(store, wid, ann, "pdf")


def test_file_names_are_safe():
    assert services.report_file_name(TITLE, "html") == \
        "decision-report-x-y-z-script-alert-1-script.html"
    assert services.report_file_name("***", "md") == "decision-report-workshop.md"
