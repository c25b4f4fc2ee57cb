"""Refine: choose the shortlist that goes forward to scoring; merge duplicate ideas."""

import streamlit as st

from workbench import services
from workbench.domain.labels import distinct
from workbench.domain.models import DESCRIPTION_MAX, TITLE_MAX
from workbench.domain.safe_text import md
from workbench.domain.validate import clean_text
from workbench.engine.similar import duplicate_pairs
from workbench.ui.context import current_participant
from workbench.ui.router import ensure_app_router
from workbench.ui.widgets import (
    ask_confirmation,
    cancel,
    clear_on_success,
    close_confirmation,
    done,
    empty_state,
    page_frame,
    pending_confirmation,
    reporting,
)

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


def about(idea) -> str:
    """What the idea serves and who added it, as escaped Markdown."""
    served = "; ".join(need_names.get(int(n), "?") for n in idea.need_ids) or "no need yet"
    authors = list(idea.authors)
    by = (f"{len(authors)} people" if workshop.anonymous and len(authors) > 1 else
          "hidden" if workshop.anonymous else ", ".join(authors))
    return f"Serves: {md(served)} · by {md(by)}"


def pick_pair(keep: int, fold: int) -> None:
    st.session_state["merge_keep"] = keep
    st.session_state["merge_fold"] = [fold]


@st.dialog("Merge these ideas?", on_dismiss=close_confirmation)
def confirm_merge(keep: int, fold: list[int], title: str, description: str) -> None:
    kept = titles.get(keep, "(an idea that is gone)")
    old_title = ideas.set_index("id")["title"].get(keep)
    renamed = f", renamed to “{md(title)}”" if title != old_title else ""
    st.markdown(f"**Keep:** {md(kept)}{renamed}  \n**Merge into it:**")
    st.markdown("\n".join(f"- {md(titles.get(i, '(an idea that is gone)'))}" for i in fold))
    cap = (f"each voter keeps at most {workshop.dot_cap} dot(s) on it and gets the rest back"
           if workshop.dot_cap is not None else "every dot moves")
    st.markdown("**What happens**\n"
                f"- The kept idea gets all their need tags and their dot votes ({cap}).\n"
                "- Their authors are credited on it; it is shortlisted if any of them was.\n"
                "- The merged ideas are hidden from every list (not deleted: the activity log "
                "keeps them); scores given to them no longer count.\n"
                "- There is no undo on this page yet.")
    left, right = st.columns(2)
    if left.button(f"Merge {len(fold) + 1} ideas", type="primary", width="stretch"):
        with reporting():
            services.merge_ideas(store, workshop.id, actor, [keep, *fold], title, description)
            clear_on_success("merge_keep", "merge_fold")
            done(f"Merged {len(fold) + 1} ideas into “{title[:60]}”")
    if right.button("Cancel", width="stretch"):
        cancel()


shortlist_col, merge_col = st.columns([3, 2], gap="large")

with shortlist_col:
    chosen = int(ideas["shortlisted"].sum())
    st.subheader(f"Shortlist · {chosen} of {len(ideas)} ideas", anchor=False)
    if not facilitating:
        st.info("The facilitator merges duplicates and picks the shortlist.",
                icon=":material/lock:")
        for idea in ideas.itertuples():
            with st.container(gap=None):
                st.markdown(("✓ " if idea.shortlisted else "– ") + f"**{md(idea.title)}**")
                st.caption(about(idea))
        st.stop()
    st.caption("Tick the ideas worth scoring, then save. Only shortlisted ideas are scored and "
               "ranked.")
    with st.form("shortlist"):
        for idea in ideas.itertuples():
            with st.container(gap=None):
                # The stored value is part of the key, so a change saved by anyone (or by the
                # buttons below) redraws the box with it; unsaved ticks stay until then.
                st.checkbox(md(idea.title), value=bool(idea.shortlisted),
                            key=f"shortlist_{workshop.id}_{idea.id}_{int(idea.shortlisted)}")
                st.caption(about(idea))
        save = st.form_submit_button("Save shortlist", type="primary")
    if save:
        with reporting():
            picked = [int(i.id) for i in ideas.itertuples() if st.session_state.get(
                f"shortlist_{workshop.id}_{i.id}_{int(i.shortlisted)}")]
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
    st.caption("Choose the idea to keep, then the ones to merge into it. You see what will "
               "happen and confirm before anything changes.")
    pairs = duplicate_pairs(list(titles), list(titles.values()))
    if pairs:
        with st.expander(f"Possible duplicates ({len(pairs)})", expanded=True):
            for a, b, similarity in pairs:
                # Text above its button: side by side, the narrow merge column squeezed the
                # button's label to one letter.
                st.markdown(f"{md(titles[a])} ↔ {md(titles[b])} · {similarity:.0f} % alike")
                st.button("Pick this pair", key=f"pair_{a}_{b}", on_click=pick_pair,
                          args=(a, b), help="Keep the first, merge the second into it")
    if st.session_state.get("merge_keep") not in titles:
        st.session_state.pop("merge_keep", None)  # merged away or deleted meanwhile
    keep = st.selectbox("Keep this idea", list(titles), format_func=titles.__getitem__,
                        index=None, placeholder="Choose the idea to keep", key="merge_keep")
    others = [i for i in titles if i != keep]
    # The kept idea cannot also be merged away; ideas gone meanwhile drop out.
    st.session_state["merge_fold"] = [i for i in st.session_state.get("merge_fold", [])
                                      if i in others]
    fold = st.multiselect("Merge into it", others, format_func=titles.__getitem__,
                          key="merge_fold", select_all=False, disabled=keep is None,
                          placeholder="Choose the duplicates" if keep is not None
                          else "Choose the idea to keep first")
    if keep is not None and fold:
        kept = ideas[ideas["id"] == keep].iloc[0]
        st.markdown(f"**Keep:** {md(titles[keep])} — **merge into it:** "
                    + "; ".join(md(titles[i]) for i in fold))
        with st.form(f"merge_{keep}_{'_'.join(map(str, fold))}"):
            title = st.text_input("Title of the merged idea", value=kept.title,
                                  max_chars=TITLE_MAX)
            description = st.text_area("Description", value=kept.description,
                                       max_chars=DESCRIPTION_MAX, height=90)
            ask = st.form_submit_button(f"Merge {len(fold) + 1} ideas…", type="primary")
        if ask:
            with reporting():
                # Refused here already, so the question is only asked about a valid merge.
                ask_confirmation("merge", keep=keep, fold=list(fold),
                                 title=clean_text(title, "Merged title", TITLE_MAX),
                                 description=clean_text(description, "Merged description",
                                                        DESCRIPTION_MAX, required=False,
                                                        multiline=True))
    elif keep is not None:
        st.caption("Now choose one or more ideas to merge into it.")

if (pending := pending_confirmation("merge")) is not None:
    confirm_merge(pending["keep"], pending["fold"], pending["title"], pending["description"])
