"""Score: the current person rates every shortlisted idea on every criterion."""

import pandas as pd
import streamlit as st

from workbench import actions
from workbench.safe_text import md
from workbench.score_entry import changed_cells, score_grid
from workbench.ui.router import ensure_app_router
from workbench.ui.widgets import done, empty_state, page_frame, participant_or_prompt, reporting

ensure_app_router()

ctx = page_frame("Score", "rate each shortlisted idea on each criterion — your own scores only")
store, workshop = ctx.store, ctx.workshop
me = participant_or_prompt(ctx, "so your scores are kept apart from everyone else's")
if me is None:
    st.stop()

ideas = store.list_ideas(workshop.id)
shortlist = ideas[ideas["shortlisted"]]
criteria = store.list_criteria(workshop.id)
if shortlist.empty:
    empty_state("Nothing is shortlisted yet. Pick the ideas worth scoring on the Refine page.",
                "pages/refine.py", "Go to Refine")
    st.stop()

grid = score_grid(shortlist, criteria, store.scores_of(workshop.id, me.id))
filled = int(grid[[f"c{c.id}" for c in criteria]].notna().all(axis=1).sum())
st.progress(filled / len(grid), text=f"You have fully scored {filled} of {len(grid)} ideas.")
st.caption(" · ".join(
    f"**{md(c.name)}** {c.scale_min:g}–{c.scale_max:g}, "
    f"{'lower is better' if c.is_cost else 'higher is better'}" for c in criteria))

with st.form(f"scores_{workshop.id}"):
    edited = st.data_editor(
        grid, key=f"score_grid_{workshop.id}_{me.id}", hide_index=True, width="stretch",
        num_rows="fixed", disabled=["title"],
        height=min(38 + 35 * len(grid), 600),
        column_config={
            "title": st.column_config.TextColumn("Idea", width="medium"),
            **{f"c{c.id}": st.column_config.NumberColumn(
                c.name, min_value=c.scale_min, max_value=c.scale_max, step=1,
                help=f"{c.scale_min:g} to {c.scale_max:g}; "
                     f"{'lower' if c.is_cost else 'higher'} is better")
               for c in criteria}})
    saved = st.form_submit_button("Save my scores", type="primary")

if saved:
    entries = changed_cells(grid, edited, criteria)
    if not entries:
        st.info("No changes to save.", icon=":material/info:")
    else:
        with reporting():
            actions.save_scores(store, workshop.id, me.id, entries)
            done(f"Saved {len(entries)} score(s)")

with st.expander("Scoring hints"):
    st.markdown("- Click a cell and type a number; **Tab** and **Enter** move between cells.\n"
                "- Leave a cell empty if you cannot judge it; clear a cell to withdraw a score.\n"
                "- Only your own scores are shown here and saving never touches anyone "
                "else's.")
    st.dataframe(pd.DataFrame({"criterion": [c.name for c in criteria],
                               "weight": [c.weight for c in criteria]}), hide_index=True)
