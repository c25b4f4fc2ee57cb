"""Vote: place your dots on the shortlisted ideas you would back (budget and cap enforced)."""

import streamlit as st

from workbench import services
from workbench.domain import phases
from workbench.domain.safe_text import md
from workbench.ui.router import ensure_app_router
from workbench.ui.widgets import done, empty_state, page_frame, participant_or_prompt, reporting

ensure_app_router()

ctx = page_frame("Vote", "spend your dots on the ideas you would back")
store, workshop = ctx.store, ctx.workshop
me = participant_or_prompt(ctx, "so your dots are counted as yours")
if me is None:
    st.stop()

ideas = store.list_ideas(workshop.id)
shortlist = ideas[ideas["shortlisted"]]
if shortlist.empty:
    empty_state("Nothing is shortlisted yet, so there is nothing to vote on.",
                "pages/refine.py", "Go to Refine")
    st.stop()

round_no = workshop.score_round
mine = store.my_dots(workshop.id, me.id, round_no).set_index("idea_id")["dots"]
used = int(mine.sum()) if len(mine) else 0
budget = workshop.dot_budget
can_vote = phases.allowed(workshop, "vote", me.is_facilitator)
show_totals = phases.results_visible(workshop, me.is_facilitator)
totals = (store.dot_totals(workshop.id, round_no).set_index("idea_id")["dots"]
          if show_totals else None)

st.progress(min(used / budget, 1.0), text=f"You have used {used} of {budget} dots"
            + (f" · at most {workshop.dot_cap} per idea" if workshop.dot_cap else ""))
if can_vote and used >= budget:
    st.caption("All your dots are placed — take one back to move it.")
if not can_vote:
    st.info(phases.locked_message(workshop, "vote"), icon=":material/lock:")

for idea in shortlist.itertuples():
    mine_here = int(mine.get(idea.id, 0))
    with st.container(border=True):
        text, dots, minus, plus = st.columns([5, 2, 2, 2], vertical_alignment="center")
        text.markdown(f"**{md(idea.title)}**")
        label = "●" * mine_here or "—"
        if totals is not None:
            label += f"  ·  total {int(totals.get(idea.id, 0))}"
        dots.markdown(label)
        if minus.button("Take back", key=f"less_{idea.id}", icon=":material/remove:",
                        disabled=not can_vote or mine_here == 0, width="stretch",
                        help="Take one of your dots back"):
            with reporting():
                services.remove_dot(store, workshop.id, me.id, idea.id)
                done("Dot removed")
        capped = workshop.dot_cap is not None and mine_here >= workshop.dot_cap
        if plus.button("Add dot", key=f"more_{idea.id}", icon=":material/add:",
                       disabled=not can_vote or used >= budget or capped, width="stretch",
                       type="primary", help="Put one of your dots here"):
            with reporting():
                services.place_dot(store, workshop.id, me.id, idea.id)
                done(f"Dot placed on “{idea.title[:50]}”")

if not show_totals:
    st.caption("Totals stay hidden until the facilitator reveals them.")
