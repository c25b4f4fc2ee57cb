"""The facilitator console's parts: what to do now, who is stuck, inviting people."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from workbench.domain.models import Workshop
from workbench.domain.safe_text import md
from workbench.engine.presence import stuck, with_online
from workbench.ui import links
from workbench.ui.context import get_store
from workbench.ui.funnel import workshop_funnel
from workbench.ui.live import live_progress, live_state

# What the facilitator does in each phase, and the pages that do it.
NOW = {
    "needs": "Ask everyone to add the customers' needs they know; start a timer of 5–10 "
             "minutes.",
    "diverge": "Everyone adds ideas and tags each to the needs it serves. Start a timer and "
               "nudge those who have not added one yet.",
    "refine": "Merge duplicates and pick the shortlist on Refine; check the criteria. People "
              "can still add ideas.",
    "converge": "Everyone scores the shortlist and places their dots, blind. Reveal when "
                "nobody is left below.",
    "decide": "Reveal the results, talk through the disputed ideas, and choose on Decide.",
    "closed": "The workshop is closed and read-only; move back a phase to reopen it.",
}
TOOLS = {
    "needs": [("pages/needs.py", "Customer needs")],
    "diverge": [("pages/brainstorm.py", "Brainstorm")],
    "refine": [("pages/refine.py", "Refine"), ("pages/criteria.py", "Criteria")],
    "converge": [("pages/score.py", "Score (your own)"), ("pages/vote.py", "Vote")],
    "decide": [("pages/rank.py", "Rank"), ("pages/decide.py", "Decide")],
    "closed": [("pages/decide.py", "Decide")],
}


def invite(workshop: Workshop) -> None:
    """Join code, join link (from the public address) and the projector, one click away."""
    base = links.public_base()
    st.markdown(f"**Join code** `{workshop.join_code}` · people open the link, or the app "
                "and type the code")
    st.code(links.join_link(workshop.join_code), language=None, wrap_lines=True)
    if links.is_local(base):
        lan = links.lan_address()
        example = f"http://{lan}:8501" if lan else "http://<this machine's address>:8501"
        st.warning("This link points at **this computer** (localhost): phones cannot open it. "
                   f"Start the app with `{links.PUBLIC_URL_ENV}={example}` (see README, "
                   "“Running a live workshop”), or open it via that address.",
                   icon=":material/wifi_off:")


def projector_button(workshop: Workshop) -> None:
    """The projector view, one click away in every phase."""
    # A new tab whose URL holds only the join code: no identity reaches the projector.
    st.link_button("Open the projector view",
                   f"{links.public_base()}/projector?code={workshop.join_code}",
                   icon=":material/tv:")


def people(workshop_id: int, dot_budget: int) -> None:
    """Who is here and who is stuck (refreshed by the page's polling fragment)."""
    state = live_state(workshop_id) or {}
    phase = str(state.get("phase", ""))
    progress, shortlisted = live_progress(workshop_id, int(state.get("round", 1)))
    seats = get_store().list_seats(workshop_id)
    removed = set(seats.loc[seats["removed"].astype(bool), "id"].astype(int))
    # A copy (shared with every console session), without the people the facilitator removed.
    progress = with_online(progress[~progress["id"].astype(int).isin(removed)], datetime.now())
    here = int(progress["online"].sum())
    st.subheader(f"Who is here · {here} online of {len(progress)}", anchor=False)
    st.caption(workshop_funnel(get_store(), workshop_id, int(state.get("round", 1))).line())
    waiting = stuck(progress, phase, shortlisted, dot_budget)
    if state.get("anonymous"):
        st.caption("Anonymous: names are hidden, counts are shown.")
        if waiting:
            st.markdown(f":material/hourglass_top: **{len(waiting)} still working**")
        finished = int((progress["scored"] >= max(shortlisted, 1)).sum())
        st.dataframe(pd.DataFrame({
            "people": [len(progress)], "online": [here],
            "ideas added": [int(progress["ideas"].sum())],
            "finished scoring": [finished], "dots used": [int(progress["dots"].sum())]}),
            hide_index=True)
        return
    if waiting:
        st.markdown(":material/hourglass_top: **Still working:** "
                    + md("; ".join(waiting)))
    elif len(progress) > 1:
        st.markdown(":material/check_circle: **Nobody is waiting on anything in this phase.**")
    st.dataframe(pd.DataFrame({
        "person": progress["name"].to_numpy(),
        "role": ["facilitator" if f else "" for f in progress["is_facilitator"]],
        "online": progress["online"].to_numpy(),
        "ideas": progress["ideas"].to_numpy(),
        "scored": [f"{s}/{shortlisted}" for s in progress["scored"]],
        "dots": [f"{d}/{dot_budget}" for d in progress["dots"]],
    }), hide_index=True, width="stretch",
        column_config={"online": st.column_config.CheckboxColumn("Online")})
