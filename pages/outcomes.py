"""KPIs & outcomes: the customer KPIs ideas should move, what selected ideas delivered, and
who tends to over- or under-estimate."""

import streamlit as st

from workbench.domain import phases
from workbench.ui.context import current_participant
from workbench.ui.kpis import confirm_delete, kpi_section, links_section
from workbench.ui.outcomes import calibration_section, estimate_section, outcome_section
from workbench.ui.router import ensure_app_router
from workbench.ui.widgets import page_frame, pending_confirmation

ensure_app_router()

frame = page_frame("KPIs & outcomes", "the customer KPIs ideas should move, and what the "
                                      "selected ideas delivered")
store, workshop = frame.store, frame.workshop
me = current_participant(store, workshop)
actor = me.id if me else None
is_facilitator = bool(me and me.is_facilitator)
can_edit = phases.allowed(workshop, "kpis", is_facilitator)

kpis_tab, links_tab, outcomes_tab, calibration_tab = st.tabs(
    ["KPIs", "Ideas → KPIs", "Outcomes", "Calibration"])
with kpis_tab:
    kpi_section(store, workshop.id, actor, can_edit)
with links_tab:
    links_section(store, workshop.id, actor, can_edit)
with outcomes_tab:
    outcome_section(store, workshop.id, actor, can_edit)
    st.subheader("Estimate vs outcome", anchor=False)
    estimate_section(store, workshop.id)
with calibration_tab:
    st.subheader("Who over- or under-estimates", anchor=False)
    calibration_section(store, workshop, not workshop.live or is_facilitator)

if (pending := pending_confirmation("delete_kpi")) is not None:
    confirm_delete(store, workshop.id, actor, pending["kpi_id"], pending["name"])
