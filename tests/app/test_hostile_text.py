"""Other people's text is never Markdown: every page of a workshop whose every user-written
field is hostile, walked with AppTest, shows no Markdown or HTML construct from that text.

The checker walks every element's protobuf (body, label, help, options, column config …):
- fields Streamlit renders as Markdown must hold the hostile text escaped (``md``): after
  masking every backslash escape, none of the hostile constructs (``**BOLD``, ``![x](``,
  ``[click](``, ``:red[``, ``$x^2``, ``<img`` …) is left, and nothing is escaped twice;
- fields Streamlit shows as plain text (``st.text``, cells, select box options, typed values,
  column labels) must hold the text verbatim — an escape there would show as a backslash;
- Plotly figures render a subset of HTML: their strings must carry no raw ``<img``/``<script``
  (except parallel-coordinates tick text, which Plotly draws as plain text: verbatim there).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from tests.app.ui import as_read, as_seat, button, errors, follow_rerun, toasts
from workbench import services
from workbench.domain.safe_text import md
from workbench.ui.score_cards import cell_key
from workbench.ui.warmup import preload_markup

# ---- the hostile text -------------------------------------------------------------------

BASE = "**BOLD** ![x](http://evil.example/p.png) [click](http://evil.example) :red[RED] $x^2$"
HTMLISH = "<img src=x onerror=alert(1)> <script>alert(1)</script>"
REST = "`code` # HEAD |table|"
LONG = f"{BASE} {HTMLISH} {REST}"                         # 163 characters (statements)
MULTILINE = f"{LONG}\n# HEAD\n|table|b|\n|-|-|\n- item"   # descriptions, goals, quotes
TITLE = f"{BASE} `code` |table|"                          # ≤ 120 (titles, sources)
TITLE_2 = f"# HEAD {HTMLISH} **BOLD** :red[RED]"
TITLE_3 = "[click](http://evil.example) ![x](http://e.x/p.png) $x^2$ :red[RED] <img src=x>"


def name(suffix: str) -> str:
    """A hostile name of at most 60 characters (people, segments, criteria, timer)."""
    return f"**BOLD** :red[RED] $x^2$ <img src=x> `code` {suffix}"


def link_name(suffix: str) -> str:
    """A hostile name with a link and an image, at most 60 characters."""
    return f"[click](http://e.x) ![x](http://e.x/p.png) :red[RED] {suffix}"


UNIT = "**BOLD** :red[RED] <img> $x^2$"                   # exactly 30 (UNIT_MAX)

# What must not survive unescaped in Markdown (searched after masking every "\x" escape).
TOKENS = ("**BOLD", "BOLD**", "![x](", "[click](", ":red[", "$x^2", "x^2$", "<img", "<script",
          "`code", "code`", "# HEAD", "|table|")
# md()'s output for pieces of the hostile text: in a plain-text field it would show backslashes.
ESCAPED = (md("**BOLD"), md("[click]("), md("<img"), md(":red["), md("$x^2$"))
HTML_TOKENS = ("<img", "<script")

ESCAPE = re.compile(r"\\.", re.S)
DOUBLE_ESCAPE = re.compile(r"\\\\\\[^\w\s]")  # "\\\*": an escape escaped again

# Fields Streamlit shows as plain text, by protobuf message and field path.
PLAIN = {
    "Text": {"body"},
    "Code": {"code_text"},
    "Json": {"body"},
    "TextInput": {"value", "default", "placeholder"},
    "TextArea": {"value", "default", "placeholder"},
    "Selectbox": {"options", "default", "raw_value", "placeholder"},
    "MultiSelect": {"options", "default", "raw_values", "placeholder"},
}
IDS = {"id", "form_id", "key", "fragment_id", "url", "page_script_hash", "page"}


def _repeated(fd) -> bool:
    """Whether a protobuf field is repeated (``label`` is gone from newer protobuf)."""
    if hasattr(fd, "is_repeated"):
        return bool(fd.is_repeated)
    return fd.label == fd.LABEL_REPEATED


def _strings(msg: Message, path: str = "") -> Iterator[tuple[str, str]]:
    """(field path, text) for every string inside a protobuf message, recursively."""
    for fd, value in msg.ListFields():
        field = f"{path}.{fd.name}" if path else fd.name
        if fd.message_type is not None and fd.message_type.GetOptions().map_entry:
            values = list(value.values())
        elif _repeated(fd):
            values = list(value)
        else:
            values = [value]
        for v in values:
            if isinstance(v, Message):
                yield from _strings(v, field)
            elif isinstance(v, str):
                yield field, v


def _json_strings(value: object, path: str) -> Iterator[tuple[str, str]]:
    """(key path, text) for every string in decoded JSON."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _json_strings(v, f"{path}.{k}")
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v, path)
    elif isinstance(value, str):
        yield path, value


def markdown_problems(text: str) -> list[str]:
    """What is wrong with ``text`` shown as Markdown: hostile constructs left active, or
    escapes escaped again."""
    masked = ESCAPE.sub("\0", text)
    found = [f"unescaped {t!r}" for t in TOKENS if t in masked]
    if DOUBLE_ESCAPE.search(text):
        found.append("escaped twice")
    return found


def plain_problems(text: str) -> list[str]:
    """What is wrong with ``text`` shown as plain text: Markdown escapes that would show."""
    return [f"escaped {e!r} in plain text" for e in ESCAPED if e in text]


def html_problems(text: str) -> list[str]:
    """Raw HTML tags in a string Plotly renders (its labels take a subset of HTML)."""
    return [f"raw HTML {t!r}" for t in HTML_TOKENS if t in text]


def plain_html_problems(text: str) -> list[str]:
    """HTML escapes in a chart string drawn as plain text (they would show as "&lt;")."""
    return [f"HTML-escaped {t!r} in plain text" for t in HTML_TOKENS
            if t.replace("<", "&lt;") in text]


def _columns_problems(kind: str, spec: str) -> Iterator[tuple[str, str]]:
    """Column config (JSON): help is Markdown; labels and options are plain."""
    for column, config in json.loads(spec).items():
        for path, text in _json_strings(config, f"{kind}.columns[{column}]"):
            check = markdown_problems if path.endswith(".help") else plain_problems
            for problem in check(text):
                yield path, f"{problem}: {text!r}"


def element_problems(kind: str, proto: Message) -> Iterator[tuple[str, str]]:
    """(where, what) for every badly shown string of one element or block."""
    for path, text in _strings(proto):
        field = path.rsplit(".", 1)[-1]
        if field in IDS or not text:
            continue
        if field == "columns" and text.startswith("{"):
            yield from _columns_problems(kind, text)
            continue
        if kind.startswith("Plotly") or field in ("spec", "figure"):
            try:
                decoded = json.loads(text)
            except ValueError:
                decoded = text
            for where, value in _json_strings(decoded, f"{kind}.{path}"):
                # Parcoords tick text is drawn as plain text (d3 .text()): verbatim there.
                check = (plain_html_problems if where.endswith("dimensions.ticktext")
                         else html_problems)
                for problem in check(value):
                    yield where, f"{problem}: {value[:120]!r}"
            continue
        check = plain_problems if path in PLAIN.get(kind, ()) else markdown_problems
        for problem in check(text):
            yield f"{kind}.{path}", f"{problem}: {text[:160]!r}"


def _nodes(node) -> Iterator:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def screen_problems(at: AppTest) -> list[str]:
    """Every badly shown string on the page (main, sidebar, dialogs, toasts)."""
    found = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            kind = proto.DESCRIPTOR.name
            if kind == "Html" and proto.body == preload_markup():
                continue  # the app's own chart-preload script (ui.warmup): no user text in it
            found.extend(f"{where}: {what}" for where, what in element_problems(kind, proto))
    return found


def assert_shown_safely(at: AppTest, where: str) -> None:
    assert not at.exception, at.exception
    problems = screen_problems(at)
    assert not problems, f"{where}:\n" + "\n".join(problems)


def hostile_text_on(at: AppTest) -> bool:
    """True when some hostile text reached the screen (so the walk is not vacuous)."""
    return any("BOLD" in text for node in _nodes(at._tree)
               if isinstance(getattr(node, "proto", None), Message)
               for _, text in _strings(node.proto))


# ---- the checker notices an unescaped element ---------------------------------------------


def _planted(escape: bool) -> None:
    import pandas as pd
    import streamlit as st

    from workbench.domain.safe_text import md as esc

    text = "**BOLD** ![x](http://evil.example/p.png) :red[RED] $x^2$ <img src=x>"
    show = esc if escape else str
    st.error(show(text))
    st.expander(show(text)).caption(show(text))
    st.dataframe(pd.DataFrame({"a": [1]}), column_config={
        "a": st.column_config.NumberColumn(text, help=show(text))})
    st.selectbox("Pick", [1], format_func=lambda _: text)
    st.text(text if escape else esc(text))
    st.toast(show(text))


def test_the_checker_flags_every_planted_unescaped_element():
    at = AppTest.from_function(_planted, args=(False,)).run()
    problems = screen_problems(at)
    assert any(p.startswith("Alert.body: unescaped '**BOLD'") for p in problems), problems
    assert any(p.startswith("Expandable.label: unescaped") for p in problems), problems
    assert any(p.startswith("Markdown.body: unescaped ':red['") for p in problems), problems
    assert any(p.startswith("Dataframe.columns[a].help: unescaped '![x]('") for p in problems), \
        problems
    assert any(p.startswith("Text.body: escaped") for p in problems), problems
    assert any(p.startswith("Toast.body: unescaped '<img'") for p in problems), problems
    # column labels and select box options are plain text: shown verbatim, not flagged
    assert not any(p.startswith("Dataframe.columns[a].label") for p in problems), problems
    assert not any(p.startswith("Selectbox") for p in problems), problems


def test_the_checker_passes_the_same_elements_escaped():
    at = AppTest.from_function(_planted, args=(True,)).run()
    assert screen_problems(at) == []


def test_the_checker_flags_double_escaping_and_partial_escaping():
    assert markdown_problems(md(md("**BOLD**"))) == ["escaped twice"]
    assert markdown_problems("\\**BOLD**") == ["unescaped 'BOLD**'"]
    assert markdown_problems(md(LONG)) == []
    assert "unescaped '<img'" in markdown_problems(LONG)


# ---- a workshop where everything people wrote is hostile ---------------------------------


@pytest.fixture
def hostile(store):
    """A live workshop, every user-written field hostile: title and goal, people, segment,
    need, quote and source, idea titles and descriptions, criteria names and units, timer."""
    started = services.start_live_workshop(store, TITLE, MULTILINE, name("Fay"))
    fay = started.seat
    wid, fid = fay.workshop.id, fay.participant.id
    pat = services.join_with_code(store, fay.workshop.join_code, link_name("Pat"))
    pid = pat.participant.id
    segment = services.add_segment(store, wid, fid, link_name("Seg"), MULTILINE)
    need = services.add_need(store, wid, fid, segment, LONG, 5, 2)
    services.add_evidence(store, wid, fid, need, MULTILINE, TITLE)
    stage = services.add_stage(store, wid, fid, name("Stage"))
    services.place_needs(store, wid, fid, [need], stage)
    services.paste_feedback(store, wid, fid, f"{LONG}\n{TITLE_2}", name("FbSeg"), TITLE)
    services.assign_feedback(store, wid, fid, [int(store.feedback(wid)["id"].iloc[0])], need)
    services.set_phase(store, wid, fid, "diverge")
    ideas = [services.add_idea(store, wid, pid, title, MULTILINE, [need])
             for title in (TITLE, TITLE_2, TITLE_3)]
    ideas.append(services.add_idea(store, wid, pid, "Plain idea", "", []))
    services.add_criterion(store, wid, fid, name("B"), "benefit", 2, 1, 5, "custom", UNIT)
    services.add_criterion(store, wid, fid, link_name("C"), "cost", 1, 1, 10, "custom", UNIT)
    services.set_shortlist(store, wid, fid, ideas)
    services.set_phase(store, wid, fid, "converge")
    criteria = store.list_criteria(wid)
    for rater, shift in ((fid, 0), (pid, 1)):
        services.save_scores(store, wid, rater, [
            (idea, c.id, min(c.scale_max, c.scale_min + (k + shift) % 3))
            for k, idea in enumerate(ideas) for c in criteria])
    services.set_revealed(store, wid, fid, True)
    services.set_dots(store, wid, fid, 5, None)
    services.set_timer(store, wid, fid, 5, name("Tim"))
    services.update_engine(store, wid, fid, budget=12.0, capacity=10.0,
                           must_include=[ideas[0]], exclude=[ideas[3]])
    return {"wid": wid, "fay": fay, "pat": pat, "ideas": ideas, "need": need,
            "criteria": criteria, "key": started.facilitator_key}


PAGES = ["pages/workshops.py", "pages/needs.py", "pages/feedback.py", "pages/brainstorm.py",
         "pages/refine.py",
         "pages/criteria.py", "pages/score.py", "pages/rank.py", "pages/decide.py",
         "pages/vote.py", "pages/console.py", "pages/join.py", "pages/projector.py"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["fay", "pat"])
def test_every_page_shows_hostile_text_literally(hostile, page, who):
    at = as_seat(hostile[who], page)
    assert_shown_safely(at, f"{page} as {who}")
    assert hostile_text_on(at), f"no hostile text reached {page} — the walk proves nothing"


def test_the_merge_form_quotes_the_picked_titles_literally(hostile):
    at = as_seat(hostile["fay"], "pages/refine.py")
    at.session_state["merge_keep"] = hostile["ideas"][0]
    at.session_state["merge_fold"] = hostile["ideas"][1:3]
    at.run()
    assert_shown_safely(at, "Refine merge form")
    assert any(m.value.startswith(f"**Keep:** {md(TITLE)} — **merge into it:** {md(TITLE_2)}")
               for m in at.markdown)
    next(b for b in at.button if b.label == "Merge 3 ideas…").click().run()
    assert_shown_safely(at, "Refine merge question")
    assert any(m.value.startswith(f"- {md(TITLE_2)}\n- ") for m in at.markdown)


@pytest.mark.parametrize("framework", ["weighted", "moscow", "rice", "wsjf", "value_effort"])
def test_decide_tabs_under_every_framework_show_hostile_text_literally(store, hostile, framework):
    fid = hostile["fay"].participant.id
    services.update_engine(store, hostile["wid"], fid, framework=framework)
    if framework == "moscow":
        services.set_moscow(store, hostile["wid"], fid,
                            {hostile["ideas"][0]: "must", hostile["ideas"][1]: "should"})
    at = as_seat(hostile["fay"], "pages/decide.py")
    assert_shown_safely(at, f"Decide ({framework})")
    assert hostile_text_on(at)


def test_an_out_of_scale_score_names_the_idea_and_criterion_literally(store, hostile):
    fid = hostile["fay"].participant.id
    share = services.add_criterion(store, hostile["wid"], fid, name("S"), "benefit", 1,
                                   scale="custom", scale_min=0, scale_max=100)
    at = as_seat(hostile["pat"], "pages/score.py")
    box = next(w for w in at.number_input if w.key == cell_key(1, hostile["ideas"][0], share))
    box.set_value(150.0).run()
    assert_shown_safely(at, "Score error")
    shown = errors(at)
    assert shown and shown[0].startswith(f"{TITLE} — {name('S')}: 150 is outside the scale"), \
        shown
    assert at.error[0].value.startswith(md(TITLE)), "the error is escaped exactly once"
    assert as_read(md(name("S"))) in [as_read(w.label).split(" · ")[0] for w in at.number_input]


def test_refusals_and_confirmations_quote_hostile_names_literally(store, hostile):
    at = as_seat(hostile["fay"], "pages/criteria.py")
    at.text_input(key="new_criterion_name").input(name("B"))
    button(at, "Add criterion").click().run()
    assert_shown_safely(at, "Criteria refusal")
    assert errors(at) and name("B") in errors(at)[0]

    crit = next(c for c in hostile["criteria"] if c.name == name("B"))
    at.session_state["_confirm"] = {"key": "remove_criterion", "criterion_id": crit.id,
                                    "name": crit.name}
    at.run()
    assert_shown_safely(at, "Remove criterion dialog")
    button(at, "Remove").click().run()
    follow_rerun(at)
    assert_shown_safely(at, "after removing a criterion")
    assert f"Removed {name('B')}" in toasts(at)


@pytest.mark.parametrize(("page", "confirm"), [
    ("pages/brainstorm.py", lambda h: {"key": "delete_idea", "idea_id": h["ideas"][0],
                                       "title": TITLE, "actor_id": h["pat"].participant.id}),
    ("pages/needs.py", lambda h: {"key": "untag_need", "need_id": h["need"], "statement": LONG,
                                  "tagged": 3, "quotes": 1}),
    ("pages/workshops.py", lambda h: {"key": "delete_workshop", "workshop_id": h["wid"],
                                      "title": TITLE, "ideas": 4,
                                      "actor": h["fay"].participant.id}),
])
def test_confirmation_dialogs_quote_hostile_text_literally(hostile, page, confirm):
    at = as_seat(hostile["fay"], page)
    at.session_state["_confirm"] = confirm(hostile)
    at.run()
    assert_shown_safely(at, f"{page} dialog")
    assert hostile_text_on(at)


def test_a_toast_quoting_a_hostile_title_is_escaped(hostile):
    at = as_seat(hostile["pat"], "pages/vote.py")
    more = [b for b in at.button if b.key == f"more_{hostile['ideas'][1]}"][0]
    more.click().run()
    follow_rerun(at)
    assert_shown_safely(at, "Vote toast")
    assert any(t.startswith("Dot placed on “") for t in toasts(at)), toasts(at)
    assert [t.value for t in at.toast] == [md(as_read(t.value)) for t in at.toast]
