"""Score: the current person rates every shortlisted idea on every criterion, one tap each."""

import streamlit as st

from workbench.domain import phases
from workbench.domain.safe_text import md
from workbench.engine.agreement import idea_spread, spread_change
from workbench.engine.score_entry import my_ratings
from workbench.ui.router import ensure_app_router
from workbench.ui.score_cards import CSS, Sheet, cards, show_progress, stray_errors, sync
from workbench.ui.widgets import empty_state, page_frame, participant_or_prompt

ensure_app_router()

ctx = page_frame("Score", "rate each shortlisted idea on each criterion — your own scores only")
store, workshop = ctx.store, ctx.workshop
me = participant_or_prompt(ctx, "so your scores are kept apart from everyone else's")
if me is None:
    st.stop()

ideas = store.list_ideas(workshop.id)
shortlist = ideas[ideas["shortlisted"]]
criteria = store.list_criteria(workshop.id)
if workshop.live and workshop.phase not in ("converge", "decide", "closed"):
    st.info(phases.locked_message(workshop, "score"), icon=":material/lock:")
    st.stop()
if shortlist.empty:
    empty_state("Nothing is shortlisted yet. Pick the ideas worth scoring on the Refine page.",
                "pages/refine.py", "Go to Refine")
    st.stop()

round_no = workshop.score_round
scored_by = store.rater_count(workshop.id, round_no)
if workshop.live:
    who = "person has" if scored_by == 1 else "people have"
    st.caption(f"Round {round_no} · {scored_by} {who} scored so far. "
               + ("Results are revealed." if workshop.revealed else
                  "Everyone's scores stay hidden until the facilitator reveals them."))


def show_spread() -> None:
    """After reveal: where opinions differ most, and how round 2 changed it."""
    if not phases.results_visible(workshop, me.is_facilitator):
        return
    current = store.derived(("spread", workshop.id, round_no), lambda: idea_spread(
        store.all_scores(workshop.id, round_no), criteria))
    if current.empty:
        return
    titles = dict(zip(ideas["id"].astype(int), ideas["title"], strict=True))
    with st.expander("Where opinions differ (most disputed first)", expanded=not can_score):
        view = store.derived(("spread view", workshop.id, round_no), lambda: current.assign(
            idea=current["idea_id"].map(titles))[
            ["idea", "raters", "min", "max", "spread", "agreement"]])
        st.dataframe(view, hide_index=True, width="stretch", column_config={
            "idea": st.column_config.TextColumn("Idea", width="medium"),
            "spread": st.column_config.NumberColumn(
                "Spread", format="%.2f",
                help="Mean standard deviation of the scores on each criterion's 0–1 scale; "
                     "0 = everyone agrees")})
        if round_no > 1:
            before = store.derived(("spread", workshop.id, round_no - 1), lambda: idea_spread(
                store.all_scores(workshop.id, round_no - 1), criteria))
            change, overall = spread_change(before, current)
            if overall is not None:
                verdict = "the team converged" if overall < 0 else "no convergence"
                st.markdown(f"Since round {round_no - 1} the average spread changed by "
                            f"**{overall:+.2f}** ({verdict}).")
                st.dataframe(change.assign(idea=change["idea_id"].map(titles))[
                    ["idea", "spread_before", "spread_after", "change"]], hide_index=True,
                    width="stretch")


can_score = phases.allowed(workshop, "score", me.is_facilitator)
if not can_score:
    st.info(phases.locked_message(workshop, "score"), icon=":material/lock:")
    show_spread()
    st.stop()

ratings = my_ratings(store.scores_of(workshop.id, me.id, round_no))
sheet = Sheet(store, workshop.id, me.id, round_no, tuple(criteria),
              tuple(int(i) for i in shortlist["id"]))
show_progress(sheet, ratings)
st.caption("Tap a rating: it is saved at once. Tap it again to withdraw it. Skip what you "
           "cannot judge.")
st.html(CSS)
sync(ratings, sheet.idea_ids, criteria, round_no)
stray_errors(sheet.idea_ids, criteria, round_no)
cards(sheet, shortlist, ratings)

show_spread()

with st.expander("Scoring hints"):
    st.markdown("- Tap (or Tab to and press Space on) a rating; each one is saved at once.\n"
                "- Tap a chosen rating again to withdraw it; skip what you cannot judge.\n"
                "- Only your own scores are shown here and saving never touches anyone "
                "else's.\n"
                "- Weights: " + ", ".join(f"{md(c.name)} **{c.weight:g}**" for c in criteria))
