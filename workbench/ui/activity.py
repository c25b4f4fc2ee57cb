"""The Activity page's body: filters (kind, person, dates) in a form, then one page of lines."""

from __future__ import annotations

from datetime import date

import streamlit as st

from workbench import services
from workbench.domain.models import Workshop
from workbench.domain.safe_text import md
from workbench.engine.activity import Visibility
from workbench.store import Store
from workbench.ui.widgets import reporting

PAGE_KEY = "activity_page"
FORM = "activity_filters"
EARLIEST = date(2000, 1, 1)  # date_input's own default floor is ten years back


def render(store: Store, workshop: Workshop, viewer_id: int | None) -> None:
    """Filters, what the reader cannot see and why, the lines, and the pager."""
    groups = services.kind_groups(store, workshop.id)
    people = services.people_filter(store, workshop, viewer_id)
    with st.form(FORM, border=True, enter_to_submit=True):
        a, b, c, d = st.columns([2, 2, 1, 1])
        kinds = a.multiselect("Kinds", groups, key="activity_kinds",
                              placeholder="All kinds")
        person = b.selectbox("Person", [None, *people], key="activity_person",
                             format_func=lambda i: "Everyone" if i is None else people[i],
                             disabled=not people,
                             help="Hidden in an anonymous workshop." if workshop.anonymous
                             else None)
        since = c.date_input("From", value=workshop.created_at.date(), min_value=EARLIEST,
                             key="activity_from")
        until = d.date_input("To", value=max(date.today(), workshop.created_at.date()),
                             min_value=EARLIEST, key="activity_to")
        if st.form_submit_button("Show", type="primary", icon=":material/filter_alt:"):
            st.session_state[PAGE_KEY] = 1
    page_no = int(st.session_state.get(PAGE_KEY, 1))
    result = None
    with reporting():
        result = services.activity(store, workshop.id, viewer_id, groups=kinds or None,
                                   person=person, since=since, until=until, page=page_no)
    if result is None:
        st.session_state[PAGE_KEY] = 1
        return
    _hidden_note(result.visibility)
    if result.lines.empty:
        st.info("Nothing matches these filters. Clear a filter or widen the dates; changes "
                "people make (ideas, scores, phases, decisions) show up here.",
                icon=":material/history:")
        return
    st.caption(f"{result.total:,} change(s), newest first · page {result.page} of "
               f"{result.pages}")
    # The sentence first, so a phone shows who did what without scrolling sideways.
    view = result.lines[["when", "line", "who", "group"]]
    st.dataframe(view, hide_index=True, width="stretch", height=min(38 + 35 * len(view), 640),
                 column_config={
                     "when": st.column_config.DatetimeColumn("When", format="D MMM HH:mm",
                                                             width=100),
                     "line": st.column_config.TextColumn("What happened", width="large"),
                     "who": st.column_config.TextColumn("Who", width="small"),
                     "group": st.column_config.TextColumn("Kind", width="small")})
    _pager(result.page, result.pages)


def _hidden_note(see: Visibility) -> None:
    """Say what this reader does not see, so a missing name or value is not a surprise."""
    if not see.names:
        st.caption(md("Anonymous workshop: nobody (the facilitator included) sees who did "
                      "what, or anyone's own scores and dots."))
    elif not see.ballot_names:
        st.caption(md("Who scored and voted is shown to the facilitator only."))
    if see.names and not see.ballot_values:
        st.caption(md("Score values and where dots went stay hidden until the reveal."))


def _pager(page: int, pages: int) -> None:
    """Newer / older buttons around the page number."""
    if pages <= 1:
        return
    left, mid, right = st.columns([1, 2, 1])
    if left.button("← Newer", disabled=page <= 1, key="activity_newer", width="stretch"):
        st.session_state[PAGE_KEY] = page - 1
        st.rerun()
    mid.caption(f"Page {page} of {pages}")
    if right.button("Older →", disabled=page >= pages, key="activity_older", width="stretch"):
        st.session_state[PAGE_KEY] = page + 1
        st.rerun()
