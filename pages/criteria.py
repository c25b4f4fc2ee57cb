"""Criteria: what ideas are scored on, which way is better, and how much each one weighs."""

import streamlit as st

from workbench import services
from workbench.domain.models import BENEFIT, COST, NAME_MAX, UNIT_MAX
from workbench.domain.safe_text import md
from workbench.domain.scales import SCALES, scale_hint
from workbench.ui.context import current_participant
from workbench.ui.router import ensure_app_router
from workbench.ui.widgets import (
    ask_confirmation,
    cancel,
    clear_on_success,
    close_confirmation,
    done,
    page_frame,
    pending_confirmation,
    reporting,
)

ensure_app_router()

ctx = page_frame("Criteria", "what ideas are scored on and how much each criterion counts")
store, workshop = ctx.store, ctx.workshop
me = current_participant(store, workshop)
actor = me.id if me else None
criteria = store.list_criteria(workshop.id)
DIRECTION_LABELS = {BENEFIT: "Benefit — higher is better", COST: "Cost — lower is better"}


@st.dialog("Remove criterion", on_dismiss=close_confirmation)
def confirm_remove(criterion_id: int, name: str) -> None:
    st.markdown(f"Remove **{md(name)}**? Every score given on it is deleted too.")
    left, right = st.columns(2)
    if left.button("Remove", type="primary", width="stretch"):
        with reporting():
            services.delete_criterion(store, workshop.id, actor, criterion_id)
            done(f"Removed {name}")
    if right.button("Cancel", width="stretch"):
        cancel()


if workshop.live and not (me and me.is_facilitator):
    st.info("The facilitator sets the criteria and weights. Current criteria:",
            icon=":material/lock:")
    st.dataframe([{"criterion": c.name, "direction": DIRECTION_LABELS[c.direction],
                   "weight": c.weight, "scale": scale_hint(c)}
                  for c in criteria], hide_index=True)
    st.stop()

edit_col, add_col = st.columns([3, 2], gap="large")

with edit_col:
    st.subheader("Criteria and weights", anchor=False)
    total = sum(c.weight for c in criteria if c.weight > 0)
    with st.form(f"criteria_{workshop.id}"):
        changes = []
        for c in criteria:
            name_col, dir_col, weight_col = st.columns([3, 3, 2])
            name = name_col.text_input("Name", value=c.name, max_chars=NAME_MAX,
                                       key=f"crit_name_{c.id}")
            direction = dir_col.selectbox("Direction", list(DIRECTION_LABELS),
                                          index=list(DIRECTION_LABELS).index(c.direction),
                                          format_func=DIRECTION_LABELS.__getitem__,
                                          key=f"crit_dir_{c.id}")
            weight = weight_col.number_input("Weight", min_value=0.0, max_value=1000.0,
                                             value=float(c.weight), step=0.5,
                                             key=f"crit_weight_{c.id}")
            changes.append((c.id, name, direction, weight))
        if st.form_submit_button("Save criteria", type="primary"):
            with reporting():
                services.update_criteria(store, workshop.id, actor, changes)
                done("Criteria saved")
    if total > 0:
        shares = ", ".join(f"{md(c.name)} {100 * c.weight / total:.0f} %"
                           for c in criteria if c.weight > 0)
        st.caption(f"Share of the final score: {shares}. Scales: "
                   + ", ".join(f"{md(c.name)} {md(scale_hint(c))}" for c in criteria)
                   + ". A criterion's scale is fixed once added (scores depend on it); to "
                     "change it, add a new criterion.")

    if len(criteria) > 1:
        names = {c.id: c.name for c in criteria}
        with st.expander("Remove a criterion"):
            pick = st.selectbox("Criterion", list(names), format_func=names.__getitem__,
                                key="remove_criterion_pick")
            if st.button("Remove…"):
                ask_confirmation("remove_criterion", criterion_id=pick, name=names[pick])

with add_col:
    st.subheader("Add a criterion", anchor=False)
    with st.form("add_criterion"):
        name = st.text_input("Name", max_chars=NAME_MAX, placeholder="e.g. Strategic fit",
                             key="new_criterion_name")
        direction = st.selectbox("Direction", list(DIRECTION_LABELS),
                                 format_func=DIRECTION_LABELS.__getitem__,
                                 key="new_criterion_direction")
        weight = st.number_input("Weight", min_value=0.0, max_value=1000.0, value=1.0, step=0.5,
                                 key="new_criterion_weight")
        scale = st.selectbox("Scale", list(SCALES), index=list(SCALES).index("custom"),
                             format_func=lambda k: SCALES[k].label, key="new_criterion_scale",
                             help="Named scales fix their own range. Custom uses the range "
                                  "below; a free number accepts any value from the lowest up, "
                                  "counting fully at the top value.")
        low_col, high_col = st.columns(2)
        low = low_col.number_input("Lowest", value=1.0, step=1.0, key="new_criterion_low",
                                   help="Custom and free-number scales only")
        high = high_col.number_input("Highest", value=5.0, step=1.0, key="new_criterion_high",
                                     help="Custom and free-number scales only; for a free "
                                          "number, the value that counts as full marks")
        unit = st.text_input("Unit (optional)", max_chars=UNIT_MAX,
                             placeholder="e.g. person-months", key="new_criterion_unit")
        if st.form_submit_button("Add criterion", type="primary"):
            with reporting():
                services.add_criterion(store, workshop.id, actor, name, direction, weight, low,
                                      high, scale, unit)
                clear_on_success(new_criterion_name="")
                done(f"Added criterion {name.strip()[:40]}")

if (pending := pending_confirmation("remove_criterion")) is not None:
    confirm_remove(pending["criterion_id"], pending["name"])
