"""Needs coverage on the Needs page, and the "Focus now" prompt above Brainstorm's add form."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from workbench import services
from workbench.domain import phases
from workbench.domain.models import Participant, Workshop
from workbench.domain.safe_text import md
from workbench.engine.charts import PLOT_CONFIG
from workbench.engine.charts.coverage import build_coverage_heatmap
from workbench.engine.coverage import THIN_BELOW, UNCOVERED, Coverage, coverage, matrix_table
from workbench.engine.tables import rating_text
from workbench.store import Store
from workbench.ui.techniques import hmw_line
from workbench.ui.themes import theme_map
from workbench.ui.widgets import done, reporting

PILLS_KEY = "new_idea_needs"  # Brainstorm's "Serves which needs?" pills in the add form
_SEEN = "_focus_seen"         # the focus this browser last pre-selected


def focus_prompt(store: Store, workshop: Workshop, need_labels: Mapping[int, str],
                 pills_key: str = PILLS_KEY) -> list[int]:
    """"Focus now: <need> — ideas for it?" and, once per new focus, that need pre-selected in
    the add form; returns the pills' default after an add ([need id], or [] with no focus)."""
    need_id = store.focus_need(workshop.id)
    if need_id is None or need_id not in need_labels:
        st.session_state.pop(_SEEN, None)
        return []
    if st.session_state.get(_SEEN) != (workshop.id, need_id):
        st.session_state[_SEEN] = (workshop.id, need_id)
        st.session_state[pills_key] = [need_id]
    st.info(f"**Focus now:** {md(need_labels[need_id])} — ideas for it?",
            icon=":material/center_focus_strong:")
    hmw_line(store, workshop.id, need_id)
    return [need_id]


def can_push_focus(workshop: Workshop, me: Participant | None) -> bool:
    """Whether this person may choose the brainstorm focus (anyone in free mode)."""
    if not workshop.live:
        return True
    return me is not None and phases.allowed(workshop, "focus_need", me.is_facilitator)


def workshop_coverage(store: Store, workshop_id: int) -> tuple[Coverage, object]:
    """(coverage, heatmap figure) of the workshop, built once per data change."""
    def compute() -> tuple[Coverage, object]:
        cov = coverage(store.list_needs(workshop_id), store.list_ideas(workshop_id))
        return cov, build_coverage_heatmap(cov)
    return store.derived(("coverage", workshop_id), compute)


def coverage_section(store: Store, workshop: Workshop, me: Participant | None) -> None:
    """Heatmap (or table), the needs that want ideas most, and the ideas serving no need."""
    cov, figure = workshop_coverage(store, workshop.id)
    st.subheader("Coverage: which needs the ideas serve", anchor=False)
    if cov.needs.empty:
        st.caption("Add needs first; coverage shows which of them the ideas serve.")
        return
    flagged = cov.flagged
    uncovered = int((flagged["status"] == UNCOVERED).sum())
    st.caption(f"{len(cov.needs)} need(s) · {uncovered} with no idea · "
               f"{len(flagged) - uncovered} with fewer than {THIN_BELOW} ideas · "
               f"{len(cov.orphans)} idea(s) serving no need")
    chart, table = st.tabs(["Heatmap", "Table"])
    with chart:
        st.plotly_chart(figure, width="stretch", config=PLOT_CONFIG)
    with table:
        full = matrix_table(cov)
        # Three columns, so a phone shows the table without sideways scrolling; st.table
        # shows every statement in full and renders Markdown in its cells.
        served = [f"{n}: {md(names)}" if n else f"none ({status})" for n, names, status in
                  zip(full["Ideas"], full["Ideas serving it"], full["Status"], strict=True)]
        st.table(pd.DataFrame({"Need": full["Need"].map(md),
                               "Opportunity": full["Opportunity"].map("{:g}".format),
                               "Ideas serving it": served}),
                 hide_index=True, border="horizontal")
    gaps, orphans = st.columns(2, gap="large")
    with gaps:
        _flagged_needs(store, workshop, me, flagged)
    with orphans:
        _orphans(cov)
    theme_map(store, workshop.id)


def _flagged_needs(store: Store, workshop: Workshop, me: Participant | None,
                   flagged: pd.DataFrame) -> None:
    """Needs with no or few ideas, most opportunity first, each with "Brainstorm this next"."""
    st.markdown("**Needs that want ideas** · most promising first")
    focus = store.focus_need(workshop.id)
    if focus is not None and focus not in set(flagged["need_id"]):
        st.caption(f":material/center_focus_strong: Brainstorm focus now: "
                   f"{md(cov_statement(store, workshop.id, focus))}")
    if flagged.empty:
        st.caption(f"Every need has at least {THIN_BELOW} ideas.")
        return
    pushing = can_push_focus(workshop, me)
    actor = me.id if me else None
    for need in flagged.itertuples():
        with st.container(border=True):
            st.markdown(f"**{md(need.statement)}**")
            count = "no ideas" if need.status == UNCOVERED else f"{need.ideas} idea"
            st.caption(f"{md(need.segment)} · opportunity {need.opportunity:g} of 9 · "
                       f"importance {rating_text(need.importance)} · {count}")
            if need.need_id == focus:
                st.markdown(":material/center_focus_strong: **Brainstorm focus now**")
            elif pushing and st.button("Brainstorm this next", key=f"focus_{need.need_id}",
                                       icon=":material/center_focus_strong:"):
                with reporting():
                    services.set_focus_need(store, workshop.id, actor, need.need_id)
                    done("Brainstorm shows this need as the focus now")
    if focus is not None and pushing and st.button("Clear the brainstorm focus",
                                                   key="focus_clear"):
        with reporting():
            services.set_focus_need(store, workshop.id, actor, None)
            done("Brainstorm focus cleared")


def cov_statement(store: Store, workshop_id: int, need_id: int) -> str:
    """The statement of one need of the workshop ('' if it is gone)."""
    choices = store.need_choices(workshop_id)
    match = choices.loc[choices["id"] == need_id, "statement"]
    return str(match.iloc[0]) if len(match) else ""


def _orphans(cov: Coverage) -> None:
    """Ideas tagged to no need, with the way to tag or merge them."""
    st.markdown("**Ideas serving no need**")
    if cov.orphans.empty:
        st.caption("Every idea is tagged to at least one need.")
        return
    st.markdown("\n".join(f"- {md(t)}" for t in cov.orphans["title"]))
    st.caption("Tag your own under “My ideas” on Brainstorm; duplicates can be merged on Refine.")
    st.page_link("pages/brainstorm.py", label="Tag them on Brainstorm (My ideas)",
                 icon=":material/label:")
    st.page_link("pages/refine.py", label="Merge or shortlist on Refine",
                 icon=":material/merge:")
