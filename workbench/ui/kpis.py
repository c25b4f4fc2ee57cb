"""The KPIs & outcomes page's first two parts: defining KPIs and linking ideas to them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from workbench import services
from workbench.domain.outcomes import (
    DEFAULT_UNITS,
    DIRECTIONS,
    KPI_KINDS,
    KPI_NAME_MAX,
    KPI_UNIT_MAX,
    Kpi,
)
from workbench.domain.safe_text import md
from workbench.engine.kpi_coverage import signed
from workbench.store import Store
from workbench.ui.widgets import (
    ask_confirmation,
    cancel,
    clear_on_success,
    close_confirmation,
    done,
    reporting,
)


def kpi_label(kpi: Kpi) -> str:
    """'NPS · 20 → 35 points' (plain text, for pickers and tables)."""
    unit = f" {kpi.unit}" if kpi.unit else ""
    return f"{kpi.name} · {kpi.baseline:g} → {kpi.target:g}{unit}"


def kpi_table(kpis: list[Kpi]) -> pd.DataFrame:
    """The KPIs as a plain-text table."""
    return pd.DataFrame({
        "KPI": [k.name for k in kpis], "Kind": [KPI_KINDS[k.kind] for k in kpis],
        "Baseline": [f"{k.baseline:g}" for k in kpis],
        "Target": [f"{k.target:g}" for k in kpis], "Unit": [k.unit for k in kpis],
        "Better": [DIRECTIONS[k.direction] for k in kpis]})


@st.dialog("Delete KPI", on_dismiss=close_confirmation)
def confirm_delete(store: Store, workshop_id: int, actor: int | None, kpi_id: int,
                   name: str) -> None:
    """Ask before a KPI goes with every idea's expected and measured change of it."""
    st.markdown(f"Delete **{md(name)}**? Every idea's expected and measured change of it goes "
                "too. This cannot be undone.")
    left, right = st.columns(2)
    if left.button("Delete", type="primary", width="stretch"):
        with reporting():
            services.delete_kpi(store, workshop_id, actor, kpi_id)
            done(f"Deleted KPI {name}")
    if right.button("Cancel", width="stretch"):
        cancel()


def kpi_section(store: Store, workshop_id: int, actor: int | None, can_edit: bool) -> None:
    """The KPIs defined so far, the form to add one, and deleting one."""
    kpis = services.workshop_kpis(store, workshop_id)
    if kpis:
        st.dataframe(kpi_table(kpis), hide_index=True, width="stretch")
    else:
        st.info("No KPIs yet. Define the customer KPIs the ideas should move — NPS, CSAT, "
                "retention, conversion or your own — with today's value and the target.",
                icon=":material/lightbulb:")
    if not can_edit:
        st.caption(":material/lock: The facilitator defines the KPIs.")
        return
    with st.form("add_kpi"):
        st.markdown("**Define a KPI**")
        name_col, kind_col = st.columns([3, 2])
        name = name_col.text_input("Name", max_chars=KPI_NAME_MAX, key="kpi_name",
                                   placeholder="e.g. NPS of new customers")
        kind = kind_col.selectbox("Kind", list(KPI_KINDS), format_func=KPI_KINDS.__getitem__,
                                  key="kpi_kind")
        base_col, target_col = st.columns(2)
        baseline = base_col.number_input("Baseline (today)", value=None, key="kpi_baseline",
                                          placeholder="e.g. 20")
        target = target_col.number_input("Target", value=None, key="kpi_target",
                                         placeholder="e.g. 35")
        unit_col, dir_col = st.columns(2)
        unit = unit_col.text_input("Unit", max_chars=KPI_UNIT_MAX, key="kpi_unit",
                                   placeholder="empty: the kind's (points, %)")
        direction = dir_col.selectbox("Which way is better?", list(DIRECTIONS),
                                      format_func=DIRECTIONS.__getitem__, key="kpi_direction")
        if st.form_submit_button("Add KPI", type="primary"):
            with reporting():
                services.add_kpi(store, workshop_id, actor, name, kind, unit, baseline, target,
                                 direction)
                clear_on_success(kpi_name="", kpi_unit="", kpi_baseline=None, kpi_target=None)
                done(f"Added KPI {name.strip()[:40]}")
    st.caption("Default units: " + ", ".join(f"{KPI_KINDS[k]} {u}" for k, u in
                                             DEFAULT_UNITS.items() if u) + ".")
    if kpis:
        names = {k.id: k.name for k in kpis}
        with st.expander("Delete a KPI"):
            pick = st.selectbox("KPI", list(names), format_func=names.__getitem__,
                                key="delete_kpi_pick")
            if st.button("Delete KPI…"):
                ask_confirmation("delete_kpi", kpi_id=pick, name=names[pick])


def _idea_choices(store: Store, workshop_id: int) -> dict[int, str]:
    """Live ideas, selected first, then shortlisted, then the rest, labelled so."""
    ideas = store.list_ideas(workshop_id)
    selected = set(services.selected_idea_ids(store, workshop_id))
    rows = []
    for idea in ideas.itertuples():
        rank = 0 if idea.id in selected else 1 if idea.shortlisted else 2
        tag = ("selected", "shortlisted", "")[rank]
        rows.append((rank, str(idea.title).casefold(), int(idea.id),
                     f"{idea.title} ({tag})" if tag else str(idea.title)))
    return {idea_id: label for _, _, idea_id, label in sorted(rows)}


def links_table(store: Store, workshop_id: int, kpis: list[Kpi]) -> pd.DataFrame:
    """Each idea → KPI link as plain text: idea, KPI, expected, trade-off, measured."""
    links = store.idea_kpis(workshop_id)
    by_id = {k.id: k for k in kpis}
    titles = dict(zip(store.list_ideas(workshop_id)["id"].astype(int),
                      store.list_ideas(workshop_id)["title"], strict=True))
    rows = []
    for link in links.itertuples():
        kpi = by_id.get(int(link.kpi_id))
        if kpi is None or int(link.idea_id) not in titles:
            continue
        measured = "" if pd.isna(link.measured) else signed(float(link.measured), kpi.unit)
        rows.append({"Idea": titles[int(link.idea_id)], "KPI": kpi.name,
                     "Expected": signed(float(link.expected), kpi.unit),
                     "Trade-off": "worsens it" if link.tradeoff else "",
                     "Measured": measured})
    return pd.DataFrame(rows, columns=["Idea", "KPI", "Expected", "Trade-off", "Measured"])


def links_section(store: Store, workshop_id: int, actor: int | None, can_edit: bool) -> None:
    """Which KPIs each idea should move, and the form to say so."""
    kpis = services.workshop_kpis(store, workshop_id)
    if not kpis:
        st.info("Define a KPI first (above); then say which ideas should move it.",
                icon=":material/lightbulb:")
        return
    table = links_table(store, workshop_id, kpis)
    if table.empty:
        st.caption("No idea is linked to a KPI yet.")
    else:
        st.dataframe(table, hide_index=True, width="stretch")
    ideas = _idea_choices(store, workshop_id)
    if not can_edit or not ideas:
        st.caption(":material/lock: The facilitator links ideas to KPIs." if not can_edit else
                   "Add ideas on Brainstorm first.")
        return
    labels = {k.id: f"{kpi_label(k)} ({'up' if k.direction == 'up' else 'down'} is better)"
              for k in kpis}
    with st.form("link_kpi"):
        st.markdown("**Link an idea to a KPI**")
        idea = st.selectbox("Idea", list(ideas), format_func=ideas.__getitem__,
                            key="link_idea")
        kpi = st.selectbox("KPI", list(labels), format_func=labels.__getitem__, key="link_kpi")
        expected = st.number_input("Expected change (in the KPI's unit)", value=None,
                                   key="link_expected", placeholder="e.g. 5 or -2",
                                   help="How much this idea alone should move the KPI: "
                                        "positive for up, negative for down.")
        tradeoff = st.checkbox("Trade-off: the idea is expected to worsen this KPI",
                               key="link_tradeoff")
        if st.form_submit_button("Save link", type="primary"):
            with reporting():
                services.link_idea_kpi(store, workshop_id, actor, idea, kpi, expected, tradeoff)
                clear_on_success(link_expected=None, link_tradeoff=False)
                done("Link saved")
    if not table.empty:
        with st.expander("Unlink an idea from a KPI"):
            pairs = {(int(r.idea_id), int(r.kpi_id)): r for r in
                     store.idea_kpis(workshop_id).itertuples()}
            names = {k.id: k.name for k in kpis}
            pick = st.selectbox("Link", list(pairs), key="unlink_pick",
                                format_func=lambda p: f"{ideas.get(p[0], '')} → "
                                                      f"{names.get(p[1], '')}")
            if st.button("Unlink"):
                with reporting():
                    services.unlink_idea_kpi(store, workshop_id, actor, *pick)
                    done("Unlinked")
