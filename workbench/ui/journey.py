"""The journey map on Customer needs: the stages × segments heatmap and the stage editor."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from workbench import services
from workbench.domain.journey import STAGE_MAX
from workbench.domain.models import Workshop
from workbench.domain.safe_text import md
from workbench.engine.charts import PLOT_CONFIG
from workbench.engine.charts.journey import build_journey_heatmap
from workbench.engine.journey import MEASURES, JourneyMap
from workbench.store import Store
from workbench.ui.widgets import (
    ask_confirmation,
    cancel,
    clear_on_success,
    close_confirmation,
    done,
    pending_confirmation,
    reporting,
)

NO_STAGE = 0  # selectbox sentinel for "not placed on the journey"; stored as NULL


def journey_figure(store: Store, workshop_id: int, measure: str) -> tuple[JourneyMap, object]:
    """(journey map, its heatmap), built once per data change."""
    return store.derived(("journey_figure", workshop_id, measure), lambda: (
        jm := services.journey(store, workshop_id, measure), build_journey_heatmap(jm)))


def journey_section(store: Store, workshop: Workshop) -> None:
    """The heatmap (or its table) of where on the journey each segment's needs sit."""
    st.subheader("Customer journey", anchor=False)
    measure = st.segmented_control("Colour by", list(MEASURES), format_func=MEASURES.get,
                                   default="importance", key="journey_measure") or "importance"
    jm, figure = journey_figure(store, workshop.id, measure)
    if not jm.segments:
        st.caption("Add a need to see where on the customer journey it sits.")
        return
    evidence = store.evidence_sets_importance(workshop.id)
    st.caption("Each cell holds the needs of one segment at one stage; its colour is the "
               f"highest {'importance' if measure == 'importance' else 'opportunity'} there"
               + (" (importance from customer feedback)" if evidence else "")
               + ". Hover or tap a cell for its needs.")
    chart, table = st.tabs(["Heatmap", "Table"])
    with chart:
        st.plotly_chart(figure, width="stretch", config=PLOT_CONFIG)
    with table:
        shown = jm.table.copy()
        value = shown.columns[3]
        shown[value] = shown[value].map(lambda v: "—" if pd.isna(v) else f"{v:g}")
        # st.table renders Markdown in its cells: user text is escaped.
        for column in ("Stage", "Segment", "Needs here"):
            shown[column] = shown[column].map(md)
        st.table(shown, hide_index=True, border="horizontal")


def stage_choice(stages: pd.DataFrame, label: str, key: str, current: int | None = None
                 ) -> int | None:
    """A stage picker with "Not placed yet" first; returns the stage id or None."""
    names = dict(zip(stages["id"].astype(int), stages["name"], strict=True))
    options = [NO_STAGE, *names]
    index = options.index(current) if current in names else 0
    picked = st.selectbox(label, options, index=index, key=key,
                          format_func=lambda s: "Not placed yet" if s == NO_STAGE
                          else names[s])
    return None if picked == NO_STAGE else int(picked)


def stages_tab(store: Store, workshop: Workshop, actor: int | None) -> None:
    """Add, rename, reorder and delete journey stages."""
    stages = store.stages(workshop.id)
    st.caption("The stages of your customers' journey, in order. Each need sits on one.")
    for k, stage in enumerate(stages.itertuples()):
        name, up, down = st.columns([6, 1, 1], vertical_alignment="center")
        name.markdown(f"{k + 1}. {md(stage.name)} · {stage.needs} need(s)")
        if up.button("", icon=":material/arrow_upward:", key=f"stage_up_{stage.id}",
                     disabled=k == 0, help=f"Move {md(stage.name)} earlier"):
            with reporting():
                services.move_stage(store, workshop.id, actor, stage.id, -1)
                done(f"Moved “{stage.name}” earlier")
        if down.button("", icon=":material/arrow_downward:", key=f"stage_down_{stage.id}",
                       disabled=k == len(stages) - 1, help=f"Move {md(stage.name)} later"):
            with reporting():
                services.move_stage(store, workshop.id, actor, stage.id, 1)
                done(f"Moved “{stage.name}” later")
    with st.form("add_stage"):
        name = st.text_input("New stage", max_chars=STAGE_MAX, key="new_stage_name",
                             placeholder="e.g. Upgrade")
        if st.form_submit_button("Add stage", type="primary"):
            with reporting():
                services.add_stage(store, workshop.id, actor, name)
                clear_on_success(new_stage_name="")
                done(f"Added the stage “{name.strip()}”")
    if stages.empty:
        return
    names = dict(zip(stages["id"].astype(int), stages["name"], strict=True))
    stage_id = st.selectbox("Edit stage", list(names), format_func=names.__getitem__,
                            key="edit_stage_pick")
    with st.form(f"rename_stage_{stage_id}"):
        new_name = st.text_input("Name", value=names[stage_id], max_chars=STAGE_MAX,
                                 key=f"stage_name_{stage_id}")
        if st.form_submit_button("Rename stage"):
            with reporting():
                services.rename_stage(store, workshop.id, actor, stage_id, new_name)
                done("Stage renamed")
    if st.button("Delete stage", icon=":material/delete:", key="delete_stage"):
        with reporting():
            on_it = int(stages.loc[stages["id"] == stage_id, "needs"].iloc[0])
            if on_it:
                ask_confirmation("delete_stage", stage_id=stage_id, needs=on_it)
            else:
                services.delete_stage(store, workshop.id, actor, stage_id)
                done(f"Deleted the stage “{names[stage_id]}”")


@st.dialog("Move the needs first", on_dismiss=close_confirmation)
def _confirm_delete(store: Store, workshop: Workshop, actor: int | None, stage_id: int,
                    needs: int) -> None:
    stages = store.stages(workshop.id)
    names = {int(i): n for i, n in zip(stages["id"], stages["name"], strict=True)
             if int(i) != stage_id}
    gone = stages.loc[stages["id"] == stage_id, "name"]
    st.markdown(f"**{md(gone.iloc[0]) if len(gone) else 'This stage'}** has {needs} need(s). "
                "Choose the stage they move to; then the stage is deleted.")
    if not names:
        st.warning("It is the only stage: add another stage first.")
        if st.button("Close"):
            cancel()
        return
    target = st.selectbox("Move its needs to", list(names), format_func=names.__getitem__,
                          key="delete_stage_target")
    left, right = st.columns(2)
    if left.button("Move needs and delete", type="primary", width="stretch"):
        with reporting():
            services.delete_stage(store, workshop.id, actor, stage_id, target)
            done(f"Moved {needs} need(s) to “{names[target]}” and deleted the stage")
    if right.button("Cancel", width="stretch"):
        cancel()


def stage_dialogs(store: Store, workshop: Workshop, actor: int | None) -> None:
    """Open the delete-stage dialog while its confirmation is pending."""
    if (pending := pending_confirmation("delete_stage")) is not None:
        _confirm_delete(store, workshop, actor, pending["stage_id"], pending["needs"])
