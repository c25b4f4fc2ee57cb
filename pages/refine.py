"""Refine: choose the shortlist that goes forward to scoring; merge duplicate ideas."""

import pandas as pd
import streamlit as st

from workbench import services
from workbench.domain.labels import distinct
from workbench.domain.models import DESCRIPTION_MAX, TITLE_MAX
from workbench.domain.safe_text import md
from workbench.engine.similar import duplicate_pairs
from workbench.ui.context import current_participant
from workbench.ui.router import ensure_app_router
from workbench.ui.widgets import clear_on_success, done, empty_state, page_frame, reporting

ensure_app_router()

ctx = page_frame("Refine", "merge duplicates and shortlist what goes forward to scoring")
store, workshop = ctx.store, ctx.workshop
me = current_participant(store, workshop)
actor = me.id if me else None

ideas = store.list_ideas(workshop.id)
facilitating = not workshop.live or bool(me and me.is_facilitator)
if ideas.empty:
    empty_state("There are no ideas to refine yet. Add some on the Brainstorm page.",
                "pages/brainstorm.py", "Go to Brainstorm")
    st.stop()

needs = store.list_needs(workshop.id)
need_names = dict(zip(needs["id"].astype(int), needs["statement"], strict=True))
titles = distinct(dict(zip(ideas["id"].astype(int), ideas["title"], strict=True)))

shortlist_col, merge_col = st.columns([3, 2], gap="large")

with shortlist_col:
    chosen = int(ideas["shortlisted"].sum())
    st.subheader(f"Shortlist · {chosen} of {len(ideas)} ideas", anchor=False)
    st.caption("Tick the ideas worth scoring, then save. Only shortlisted ideas are scored and "
               "ranked.")
    table = pd.DataFrame({
        "shortlisted": ideas["shortlisted"].astype(bool).to_numpy(),
        "title": ideas["title"].to_numpy(),
        "needs": [", ".join(need_names.get(int(n), "?") for n in tags) or "untagged"
                  for tags in ideas["need_ids"]],
        "authors": [f"{len(a)} people" if workshop.anonymous and len(a) > 1 else
                    "hidden" if workshop.anonymous else ", ".join(a) for a in ideas["authors"]],
    }, index=ideas["id"].astype(int))
    if not facilitating:
        st.info("The facilitator merges duplicates and picks the shortlist.",
                icon=":material/lock:")
        st.dataframe(table, hide_index=True, width="stretch", column_config={
            "shortlisted": st.column_config.CheckboxColumn("Shortlisted", width=90),
            "title": st.column_config.TextColumn("Idea", width="medium"),
            "needs": "Serves", "authors": "By"})
        st.stop()
    with st.form("shortlist"):
        edited = st.data_editor(
            table, key=f"shortlist_grid_{workshop.id}", hide_index=True, width="stretch",
            num_rows="fixed", disabled=["title", "needs", "authors"],
            column_config={"shortlisted": st.column_config.CheckboxColumn("Shortlist", width=70),
                           "title": st.column_config.TextColumn("Idea", width="medium"),
                           "needs": "Serves", "authors": "By"})
        save = st.form_submit_button("Save shortlist", type="primary")
    if save:
        with reporting():
            picked = [int(i) for i in edited.index[edited["shortlisted"]]]
            services.set_shortlist(store, workshop.id, actor, picked)
            done(f"Shortlist saved: {len(picked)} ideas")
    left, right = st.columns(2)
    if left.button("Shortlist every idea", width="stretch"):
        with reporting():
            services.set_shortlist(store, workshop.id, actor, list(titles))
            done(f"All {len(titles)} ideas shortlisted")
    if right.button("Clear the shortlist", width="stretch"):
        with reporting():
            services.set_shortlist(store, workshop.id, actor, [])
            done("Shortlist cleared")

with merge_col:
    st.subheader("Merge duplicates", anchor=False)
    st.caption("The first idea you pick is kept; the others are folded into it. Their need tags "
               "and votes move over, their authors are credited, and the originals are hidden "
               "(not deleted) and recorded in the activity log.")
    pairs = duplicate_pairs(list(titles), list(titles.values()))
    if pairs:
        with st.expander(f"Possible duplicates ({len(pairs)})", expanded=True):
            for a, b, similarity in pairs:
                # Text above its button: side by side, the narrow merge column squeezed the
                # button's label to one letter.
                st.markdown(f"{md(titles[a])} ↔ {md(titles[b])} · {similarity:.0f} % alike")
                st.button("Pick this pair", key=f"pair_{a}_{b}",
                          on_click=st.session_state.__setitem__, args=("merge_pick", [a, b]),
                          help="Put this pair in the merge box")
    picked = st.multiselect("Ideas to merge (two or more)", list(titles),
                            format_func=titles.__getitem__, key="merge_pick")
    if len(picked) >= 2:
        keep = ideas[ideas["id"] == picked[0]].iloc[0]
        with st.form(f"merge_{'_'.join(map(str, picked))}"):
            title = st.text_input("Title of the merged idea", value=keep.title,
                                  max_chars=TITLE_MAX)
            description = st.text_area("Description", value=keep.description,
                                       max_chars=DESCRIPTION_MAX, height=90)
            st.markdown("Folds in: " + "; ".join(md(titles[i]) for i in picked[1:]))
            if st.form_submit_button(f"Merge {len(picked)} ideas", type="primary"):
                with reporting():
                    services.merge_ideas(store, workshop.id, actor, picked, title, description)
                    clear_on_success(merge_pick=[])
                    done(f"Merged {len(picked)} ideas into “{title.strip()[:60]}”")
    elif picked:
        st.caption("Pick at least one more idea.")
