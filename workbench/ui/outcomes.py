"""The KPIs & outcomes page's last parts: outcomes of selected ideas, estimate vs outcome,
and who over- or under-estimates."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from workbench import services
from workbench.domain.models import Workshop
from workbench.domain.outcomes import OUTCOME_NOTE_MAX, SHIPPED, STATUSES
from workbench.engine.calibration import CALIBRATED_WITHIN, MIN_PAIRS
from workbench.engine.charts import PLOT_CONFIG
from workbench.engine.charts.outcomes import build_outcome_figure
from workbench.engine.kpi_coverage import signed
from workbench.store import Store
from workbench.ui.widgets import done, empty_state, reporting


def _status_table(store: Store, workshop_id: int, selected: list[int]) -> pd.DataFrame:
    """Selected ideas with their status and note (plain text)."""
    ideas = store.list_ideas(workshop_id).set_index("id")
    outcomes = store.outcomes(workshop_id).set_index("idea_id")
    rows = []
    for idea_id in selected:
        status = outcomes["status"].get(idea_id)
        rows.append({"Idea": str(ideas.loc[idea_id, "title"]) if idea_id in ideas.index else "",
                     "Status": STATUSES.get(status, "not recorded yet"),
                     "Note": str(outcomes["note"].get(idea_id, ""))})
    return pd.DataFrame(rows, columns=["Idea", "Status", "Note"])


def outcome_section(store: Store, workshop_id: int, actor: int | None, can_edit: bool) -> None:
    """Status of each selected idea, and the form to record one (measured once shipped)."""
    selected = services.selected_idea_ids(store, workshop_id)
    if not selected:
        empty_state("No idea is selected yet. Put the ideas you will do in the Must bucket on "
                    "Decide (Ranking tab); their outcomes are recorded here.",
                    "pages/decide.py", "Go to Decide")
        return
    st.dataframe(_status_table(store, workshop_id, selected), hide_index=True,
                 width="stretch")
    if not can_edit:
        st.caption(":material/lock: The facilitator records outcomes.")
        return
    titles = dict(zip(store.list_ideas(workshop_id)["id"].astype(int),
                      store.list_ideas(workshop_id)["title"].astype(str), strict=True))
    choices = [i for i in selected if i in titles]
    idea = st.selectbox("Selected idea", choices, format_func=titles.__getitem__,
                        key="outcome_idea")
    kpis = {k.id: k for k in services.workshop_kpis(store, workshop_id)}
    links = store.idea_kpis(workshop_id)
    links = links[links["idea_id"] == idea]
    current = store.outcomes(workshop_id).set_index("idea_id")
    status_now = current["status"].get(idea, "planned")
    with st.form(f"outcome_{idea}"):
        st.markdown("**Record the outcome**")
        status = st.selectbox("Status", list(STATUSES), format_func=STATUSES.__getitem__,
                              index=list(STATUSES).index(status_now), key=f"status_{idea}")
        measured = {}
        for link in links.itertuples():
            kpi = kpis.get(int(link.kpi_id))
            if kpi is None:
                continue
            value = None if pd.isna(link.measured) else float(link.measured)
            measured[kpi.id] = st.number_input(
                f"Measured change of {kpi.name} ({kpi.unit or 'its unit'}; expected "
                f"{signed(float(link.expected), kpi.unit)})", value=value,
                key=f"measured_{idea}_{kpi.id}", placeholder="once shipped")
        if links.empty:
            st.caption("This idea is linked to no KPI, so there is nothing to measure; link it "
                       "under “Ideas → KPIs”.")
        note = st.text_area("Note (optional)", value=str(current["note"].get(idea, "")),
                            max_chars=OUTCOME_NOTE_MAX, height=68, key=f"note_{idea}")
        st.caption("Measured changes are kept only while the status is Shipped.")
        if st.form_submit_button("Save outcome", type="primary"):
            with reporting():
                services.record_outcome(store, workshop_id, actor, idea, status,
                                        {k: v for k, v in measured.items() if v is not None},
                                        note)
                done(f"Outcome saved: {STATUSES[status].lower()}")


def estimate_section(store: Store, workshop_id: int) -> None:
    """Expected vs measured change per shipped idea and KPI: a chart and the same as a table."""
    table = services.outcome_table(store, workshop_id)
    if table.empty:
        st.caption(f"Nothing measured yet: once a selected idea is {STATUSES[SHIPPED].lower()} "
                   "with its measured change, it shows here against what was expected.")
        return
    figure = store.derived(("outcome chart", workshop_id),
                           lambda: build_outcome_figure(table))
    chart, plain = st.tabs(["Chart", "Table"])
    with chart:
        st.plotly_chart(figure, width="stretch", config=PLOT_CONFIG)
    with plain:
        def with_share(column: str) -> list[str]:
            return [f"{signed(v, u)} ({share:.0%})" for v, u, share in
                    zip(table[column], table["unit"], table[f"{column} share"], strict=True)]
        st.dataframe(pd.DataFrame({
            "Idea": table["idea"], "KPI": table["KPI"],
            "Expected (of gap)": with_share("expected"),
            "Measured (of gap)": with_share("measured"),
            "Measured ÷ expected": table["realised"].round(2)}), hide_index=True,
            width="stretch")
    st.caption("The gap is target − baseline; both bars show how much of it the idea was "
               "expected to close and did close.")


def calibration_section(store: Store, workshop: Workshop, sees_names: bool) -> None:
    """Per-rater bias across workshops, and what was left out for anonymity."""
    result = store.derived(("calibration", workshop.id, sees_names),
                           lambda: services.calibration(store, workshop, sees_names))
    left_out = []
    if result.anonymous:
        left_out.append(f"{result.anonymous} anonymous workshop(s) are left out: their "
                        "ratings are never attributed to a name.")
    if result.hidden:
        left_out.append(f"{result.hidden} live workshop(s) are left out: their rater names "
                        "are shown only to their own facilitator.")
    if workshop.anonymous:
        left_out.insert(0, "This workshop is anonymous, so its ratings are not attributed.")
    if result.table.empty:
        st.caption("No calibration yet: it needs shipped ideas with a measured change that "
                   "named raters scored on an impact-like criterion.")
    else:
        shown = result.table.assign(bias=result.table["bias"].map("{:+.2f}".format),
                                    spread=result.table["spread"].map("{:.2f}".format))
        st.dataframe(shown.rename(columns={"rater": "Rater", "rated outcomes": "Outcomes rated",
                                           "workshops": "Workshops", "bias": "Bias",
                                           "spread": "Spread", "verdict": "Verdict"}),
                     hide_index=True, width="stretch")
        st.caption(f"Built from {result.outcomes} shipped idea(s). Each impact rating is put "
                   "on 0–1 within its scale (5 of 1–5 = 1.0) and compared with the share of "
                   "the gap to target the idea closed (0–1). Bias is the mean difference "
                   f"(above 0: rates higher than outcomes bear out); within ±{CALIBRATED_WITHIN} "
                   f"is well calibrated; fewer than {MIN_PAIRS} outcomes say nothing yet. "
                   "Raters are matched by display name across workshops.")
    for line in left_out:
        st.caption(f":material/visibility_off: {line}")
