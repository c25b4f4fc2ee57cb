"""Refine: choose the shortlist that goes forward to scoring; merge duplicate ideas and undo
merges."""

import pandas as pd
import streamlit as st

from workbench import services
from workbench.domain.labels import distinct
from workbench.domain.models import DESCRIPTION_MAX, TITLE_MAX
from workbench.domain.safe_text import md
from workbench.domain.validate import clean_text
from workbench.ui.context import current_participant
from workbench.ui.router import ensure_app_router
from workbench.ui.themes import themes_section
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
merges = store.list_merges(workshop.id)
GROUP_SHOWN = 4  # titles shown per duplicate group; the pickers list all of them


def about(idea) -> str:
    """What the idea serves and who added it, as escaped Markdown."""
    served = "; ".join(need_names.get(int(n), "?") for n in idea.need_ids) or "no need yet"
    authors = list(idea.authors)
    by = (f"{len(authors)} people" if workshop.anonymous and len(authors) > 1 else
          "hidden" if workshop.anonymous else ", ".join(authors))
    return f"Serves: {md(served)} · by {md(by)}"


def pick_group(ids: tuple[int, ...]) -> None:
    """Fill the pickers: keep the group's first idea, merge the others into it."""
    st.session_state["merge_keep"] = ids[0]
    st.session_state["merge_fold"] = list(ids[1:])


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
                "- The merged ideas are hidden from every list, not deleted; scores given to "
                "them no longer count while they are merged.\n"
                "- You can undo it under **Merged ideas**: they come back with their tags, "
                "dots and scores.")
    left, right = st.columns(2)
    if left.button(f"Merge {len(fold) + 1} ideas", type="primary", width="stretch"):
        with reporting():
            services.merge_ideas(store, workshop.id, actor, [keep, *fold], title, description)
            # The kept idea stays chosen, ready for more duplicates: cleared, the browser kept
            # showing it while the server had none (so "Merge into it" looked stuck).
            clear_on_success(merge_fold=[])
            done(f"Merged {len(fold) + 1} ideas into “{md(title[:60])}”")
    if right.button("Cancel", width="stretch"):
        cancel()


def show_duplicates() -> None:
    """Candidate groups of look-alike ideas, best first, each one click from the pickers."""
    groups = store.derived(("duplicate_groups", workshop.id),
                           lambda: services.duplicate_groups(store, workshop.id))
    status = services.engine_status()
    if status.note:
        st.caption(md(status.note))
    if not groups:
        st.caption("No likely duplicates among the ideas.")
        return
    with st.expander(f"Possible duplicates ({len(groups)})", expanded=True):
        for n, group in enumerate(groups):
            shown = [md(titles[i]) for i in group.idea_ids[:GROUP_SHOWN] if i in titles]
            more = len(group.idea_ids) - GROUP_SHOWN
            # Text above its button: side by side, the narrow merge column squeezed the
            # button's label to one letter.
            st.markdown(f"**{group.score:.0%} alike** · " + " ↔ ".join(shown)
                        + (f" and {more} more" if more > 0 else ""))
            st.button("Review merge", key=f"group_{n}_{group.idea_ids[0]}", on_click=pick_group,
                      args=(group.idea_ids,),
                      help="Fills the pickers below: keep the first, merge the others into it")


@st.dialog("Unmerge these ideas?", on_dismiss=close_confirmation)
def confirm_unmerge(merge_id: int) -> None:
    found = merges[merges["id"] == merge_id]
    if found.empty:
        st.warning("That merge is no longer there to undo.")
        return
    merge = found.iloc[0]
    kept, back = merge["keep_title"], list(merge["absorbed_titles"])
    st.markdown(f"**Split up:** {md(kept)}  \n**Coming back as separate ideas:**")
    st.markdown("\n".join(f"- {md(t)}" for t in back))
    renamed = (f" gets its old title “{md(merge['title_before'])}” back (unless someone "
               "edited it since) and" if merge["title_before"] != kept else "")
    st.markdown("**What happens**\n"
                "- The ideas above come back with their own need tags and their dots; dots "
                "the merge gave back to voters return if the voter has not spent them since.\n"
                f"- “{md(kept)}”{renamed} loses the need tags the merge gave it.\n"
                f"- Scores given to “{md(kept)}” since the merge stay with it; the scores given "
                "to the ideas coming back were never touched and count again.")
    left, right = st.columns(2)
    if left.button(f"Unmerge {len(back) + 1} ideas", type="primary", width="stretch"):
        with reporting():
            result = services.unmerge_ideas(store, workshop.id, actor, merge_id)
            lost = (f"; {result['dots_not_back']} dot(s) stayed with voters who used them since"
                    if result["dots_not_back"] else "")
            done(f"Unmerged: {len(result['restored'])} idea(s) are back{lost}")
    if right.button("Cancel", width="stretch"):
        cancel()


def show_merges() -> None:
    """Active merges with their Unmerge button, then the whole history."""
    active = merges[merges["undone_at"].isna()]
    st.subheader("Merged ideas", anchor=False)
    if active.empty:
        st.caption("Nothing is merged. Merges can be undone here.")
    for merge in active.itertuples():
        with st.container(border=True, gap="small"):
            st.markdown(f"**{md(merge.keep_title)}** holds: "
                        + "; ".join(md(t) for t in merge.absorbed_titles))
            st.button("Unmerge…", key=f"unmerge_{merge.id}", disabled=not merge.undoable,
                      on_click=ask_confirmation, args=("unmerge",),
                      kwargs={"merge_id": int(merge.id)},
                      help=None if merge.undoable else "Undo the later merge into this idea "
                      "(or of it into another) first.")
    if not merges.empty:
        with st.expander(f"Merge history ({len(merges)})"):
            for merge in merges.itertuples():
                who = "" if workshop.anonymous or not isinstance(merge.actor, str) else \
                    f" by {md(merge.actor)}"
                undone = (f" · undone {merge.undone_at:%d %b %H:%M}"
                          if not pd.isna(merge.undone_at) else "")
                st.markdown(f"{merge.created_at:%d %b %H:%M}{who}: "
                            + "; ".join(md(t) for t in merge.absorbed_titles)
                            + f" → {md(merge.keep_title)}{undone}")


themes_section(store, workshop, actor, facilitating, ideas)
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
    show_duplicates()
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
    show_merges()

if (pending := pending_confirmation("merge")) is not None:
    confirm_merge(pending["keep"], pending["fold"], pending["title"], pending["description"])
if (pending := pending_confirmation("unmerge")) is not None:
    confirm_unmerge(pending["merge_id"])
