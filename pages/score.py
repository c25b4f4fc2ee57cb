"""Score: the current person rates every shortlisted idea on every criterion."""

import streamlit as st

from workbench import services
from workbench.domain import phases
from workbench.domain.safe_text import md
from workbench.domain.scales import scale_hint
from workbench.engine.agreement import idea_spread, spread_change
from workbench.engine.score_entry import changed_cells, score_grid
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
if workshop.live and workshop.phase not in ("converge", "decide", "closed"):
    st.info(phases.PHASE_MESSAGES["score"], icon=":material/lock:")
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


SAVES = "_score_saves"  # per session: a new grid key after every save
can_score = phases.allowed(workshop, "score", me.is_facilitator)
if not can_score:
    st.info(phases.PHASE_MESSAGES["score"] if workshop.phase != "closed"
            else "The workshop is closed.", icon=":material/lock:")
    show_spread()
    st.stop()

grid = store.derived(("score grid", workshop.id, me.id, round_no), lambda: score_grid(
    shortlist, criteria, store.scores_of(workshop.id, me.id, round_no)))
filled = int(grid[[f"c{c.id}" for c in criteria]].notna().all(axis=1).sum())
st.progress(filled / len(grid), text=f"You have fully scored {filled} of {len(grid)} ideas.")
st.caption(" · ".join(
    f"**{md(c.name)}** {md(scale_hint(c))}, "
    f"{'lower is better' if c.is_cost else 'higher is better'}" for c in criteria))

with st.form(f"scores_{workshop.id}"):
    edited = st.data_editor(
        grid, key=f"score_grid_{workshop.id}_{me.id}_{st.session_state.get(SAVES, 0)}",
        hide_index=True, width="stretch",
        num_rows="fixed", disabled=["title"],
        height=min(38 + 35 * len(grid), 600),
        column_config={
            "title": st.column_config.TextColumn("Idea", width="medium", pinned=True),
            # No min/max here: the grid would silently clamp a typed 6 to 5. The server checks
            # the scale and says what was wrong.
            **{f"c{c.id}": st.column_config.NumberColumn(
                c.name, format="%g",
                help=f"{md(scale_hint(c))}; {'lower' if c.is_cost else 'higher'} is better")
               for c in criteria}})
    saved = st.form_submit_button("Save my scores", type="primary")

if saved:
    entries = changed_cells(grid, edited, criteria)
    if not entries:
        st.info("No changes to save.", icon=":material/info:")
    else:
        with reporting():
            services.save_scores(store, workshop.id, me.id, entries)
            # A fresh grid after each save: edits the grid kept from before would otherwise
            # be re-applied to the stored scores and show values that were never saved.
            st.session_state[SAVES] = st.session_state.get(SAVES, 0) + 1
            done(f"Saved {len(entries)} score(s)")

show_spread()

with st.expander("Scoring hints"):
    st.markdown("- Click a cell and type a number; **Tab** and **Enter** move between cells.\n"
                "- Leave a cell empty if you cannot judge it; clear a cell to withdraw a score.\n"
                "- Only your own scores are shown here and saving never touches anyone "
                "else's.\n"
                "- Weights: " + ", ".join(f"{md(c.name)} **{c.weight:g}**" for c in criteria))
