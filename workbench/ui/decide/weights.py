"""Decide's "Try other weights" panel: what-if weights on this page, saved only on request."""

from __future__ import annotations

import streamlit as st

from workbench import services
from workbench.domain.safe_text import md
from workbench.ui.decide.context import DecideContext, drop_what_if, try_weights
from workbench.ui.widgets import done, reporting


def render(ctx: DecideContext) -> None:
    """Try other weights on this page only; save them for everyone if allowed."""
    criteria, tried = ctx.saved_criteria, ctx.tried
    with st.expander("Try other weights" + (" — **what-if weights in use**" if tried else ""),
                     expanded=bool(tried), icon=":material/balance:"):
        st.caption("Move the sliders to see how the ranking and charts change. Nothing is "
                   "saved until you press “Save as the workshop's weights”.")
        with st.form("decide_weights", border=False):
            columns = st.columns(min(len(criteria), 4) or 1)
            values = {}
            top = max([10.0] + [c.weight for c in criteria])
            for i, c in enumerate(criteria):
                current = (tried or {}).get(c.id, c.weight)
                # Keyed by the saved weight too: when someone saves new weights, the
                # sliders start from them instead of keeping the old positions.
                values[c.id] = columns[i % len(columns)].slider(
                    md(c.name), 0.0, top, float(current), 0.5,
                    key=f"decide_weight_{c.id}_{c.weight:g}")
            apply_col, reset_col, save_col = st.columns(3)
            trial = apply_col.form_submit_button("Try these weights", type="primary")
            reset = reset_col.form_submit_button("Back to saved weights")
            save = save_col.form_submit_button("Save as the workshop's weights",
                                               disabled=not ctx.can_save_weights)
        if (trial or save) and sum(values.values()) <= 0:
            st.error("At least one criterion needs a weight above 0 — with all weights at 0 "
                     "no idea can be ranked. Nothing changed.", icon=":material/error:")
            return
        if trial:
            try_weights(ctx.workshop.id, values)
            done("Trying the new weights (not saved)")
        if reset:
            drop_what_if()
            done("Back to the saved weights")
        if save:
            with reporting():
                services.update_criteria(ctx.store, ctx.workshop.id, ctx.actor,
                                        [(c.id, c.name, c.direction, values[c.id])
                                         for c in criteria])
                drop_what_if()
                done("Weights saved for everyone")
