"""The Import page's parts: the column mapping form, the preview, problems and the result."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from workbench import services
from workbench.domain.models import Criterion
from workbench.domain.safe_text import md
from workbench.exchange import targets
from workbench.exchange.presets import PRESETS
from workbench.store import Store

PREVIEW_ROWS = 20
HOW_TO_EXPORT = (
    "Upload a backlog to turn it into ideas, with its numbers as scores:\n\n"
    "- **Jira**: Filters → your filter → Export → *Export CSV (all fields)*\n"
    "- **Trello**: board menu → *Print, export and share* → *Export as JSON*\n"
    "- **Linear**: Settings → *Import / export* → *Export CSV*\n"
    "- **A spreadsheet**: save it as .xlsx or CSV with one row per item and a title column\n\n"
    "Nothing is written until you press *Import*; every row is checked first.")


def state_key(workshop_id: int, data: bytes, name: str) -> str:
    """A key for one upload to one workshop (mapping choices are kept per file)."""
    digest = hashlib.sha256(data).hexdigest()[:16]
    return f"import_{workshop_id}_{digest}_{name}"


def preview(store: Store, workshop_id: int, actor: int | None, data: bytes, name: str,
            preset: str | None, overrides: dict[str, str]) -> services.ImportPreview:
    """The dry run, kept for this session until the data or the choices change."""
    cache = st.session_state.setdefault("_import_previews", {})
    key = (state_key(workshop_id, data, name), preset, tuple(sorted(overrides.items())),
           store.version)
    if key not in cache:
        cache.clear()  # one upload at a time: an old preview holds a whole file
        cache[key] = services.plan_import(store, workshop_id, actor, data, name, preset=preset,
                                          mapping=overrides)
    return cache[key]


def preset_picker(key: str) -> str | None:
    """"Recognise it" or a named preset."""
    options = ["auto", *PRESETS]
    names = {"auto": "Recognise it from the columns", **{k: p.name for k, p in PRESETS.items()}}
    chosen = st.selectbox("Read the file as", options, format_func=names.__getitem__,
                          key=f"{key}_preset")
    return None if chosen == "auto" else chosen


def mapping_form(plan: services.ImportPreview, criteria: list[Criterion], key: str,
                 overrides: dict[str, str]) -> None:
    """One choice per mapped column, and one to bring in another column; Enter applies."""
    by_id = {c.id: c for c in criteria}
    headers = list(plan.table.headers)
    options = targets.choices(by_id, headers)
    with st.form(f"{key}_mapping", border=True):
        st.markdown("**Columns** — what each column of the file becomes")
        chosen: dict[str, str] = {}
        shown = [h for h in headers if h in plan.mapping]
        for column in shown:
            current = plan.mapping[column]
            choices = options if current in options else [current, *options]
            chosen[column] = st.selectbox(
                md(column), choices, index=choices.index(current),
                format_func=lambda t: targets.label(t, by_id), key=f"{key}_map_{column}")
        rest = [h for h in headers if h not in plan.mapping]
        extra_col, extra_target = st.columns(2)
        extra = extra_col.selectbox("Add a column", ["", *rest],
                                    format_func=lambda h: h or "—", key=f"{key}_extra")
        extra_to = extra_target.selectbox("as", options, format_func=lambda t: targets.label(
            t, by_id), index=options.index(targets.DESCRIPTION), key=f"{key}_extra_to")
        if st.form_submit_button("Check the file again", icon=":material/fact_check:"):
            for column, target in chosen.items():
                if target != plan.mapping[column]:
                    overrides[column] = target
            if extra:
                overrides[extra] = extra_to
            st.session_state.pop(f"{key}_extra", None)
            st.rerun()


def show_sample(plan: services.ImportPreview) -> None:
    """The first rows as they will be read (mapped columns only, plain text)."""
    columns = [h for h in plan.table.headers if h in plan.mapping]
    index = [plan.table.headers.index(h) for h in columns]
    rows = [{"row": n, **{h: r[i] for h, i in zip(columns, index, strict=True)}}
            for n, r in zip(plan.table.row_numbers[:PREVIEW_ROWS],
                            plan.table.rows[:PREVIEW_ROWS], strict=False)]
    st.caption(f"The first {min(PREVIEW_ROWS, len(plan.table.rows))} of "
               f"{len(plan.table.rows):,} rows, as read")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                 height=min(38 + 35 * len(rows), 420))


def show_problems(plan: services.ImportPreview) -> None:
    """Every problem by row and column, or that the file is fine; notes below."""
    problems = plan.plan.problems
    if problems:
        st.error(f"{len(problems)} problem(s) to fix before importing — nothing has been "
                 "written. Fix them in the file and upload it again, or change what the "
                 "columns become.", icon=":material/error:")
        st.dataframe(pd.DataFrame([{"row": p.row or "", "column": p.column or "",
                                    "problem": p.message} for p in problems]),
                     hide_index=True, width="stretch", height=min(38 + 35 * len(problems), 320))
    else:
        st.success(md(plan.summary()) + " Every row checked.", icon=":material/task_alt:")
    for note in plan.plan.notes[:5]:
        st.caption(md(str(note)))
    if len(plan.plan.notes) > 5:
        st.caption(f"… and {len(plan.plan.notes) - 5} more cells kept as text.")
    if plan.criteria_added:
        st.caption("New criteria (weight 1): " + md(", ".join(plan.criteria_added)) + ".")


def show_result(result: services.ImportResult) -> None:
    """The confirmation with the way onward."""
    st.success(md(result.summary()), icon=":material/check_circle:")
    with st.container(horizontal=True):
        st.page_link("pages/rank.py", label="See them ranked", icon=":material/leaderboard:")
        st.page_link("pages/refine.py", label="Refine the shortlist",
                     icon=":material/filter_alt:")
        st.page_link("pages/criteria.py", label="Check the criteria and weights",
                     icon=":material/balance:")
