"""Live parts of every page: shared short-TTL reads and the polling status fragment.

Streamlit has no push between sessions, so each browser polls. The reads below are cached per
workshop for a second (st.cache_data is shared by all sessions in the process), so fifty
browsers polling every two seconds cost about one query per second.
"""

from __future__ import annotations

import time
from datetime import datetime

import pandas as pd
import streamlit as st

from workbench.models import UnknownWorkshop
from workbench.phases import LABELS
from workbench.safe_text import md
from workbench.store import default_path
from workbench.ui.context import get_store

POLL = "2s"
HEARTBEAT_SECONDS = 10


def live_state(workshop_id: int) -> dict | None:
    """Phase, reveal, round, timer and anonymity of a workshop (≤ 1 s old); None if deleted."""
    return _live_state(str(default_path()), workshop_id)


def live_ideas(workshop_id: int) -> pd.DataFrame:
    """The workshop's ideas (≤ 1 s old), shared by every session polling the idea wall."""
    return _live_ideas(str(default_path()), workshop_id)


# Keyed by database path as well as workshop id: ids restart in every database file.
@st.cache_data(ttl=1.0, show_spinner=False)
def _live_state(db: str, workshop_id: int) -> dict | None:
    try:
        w = get_store().get_workshop(workshop_id)
    except UnknownWorkshop:
        return None
    return {"phase": w.phase, "revealed": w.revealed, "round": w.score_round,
            "timer_ends_at": w.timer_ends_at, "timer_label": w.timer_label,
            "anonymous": w.anonymous, "live": w.live, "dot_budget": w.dot_budget,
            "dot_cap": w.dot_cap}


@st.cache_data(ttl=1.0, show_spinner=False)
def _live_ideas(db: str, workshop_id: int) -> pd.DataFrame:
    return get_store().list_ideas(workshop_id)


def forget_cached_reads() -> None:
    """Drop the shared short-TTL reads after this session changed something."""
    _live_state.clear()
    _live_ideas.clear()


def state_key(state: dict | None) -> tuple | None:
    """The parts of the live state that change what a page shows."""
    if state is None:
        return None
    return (state["phase"], state["revealed"], state["round"], state["anonymous"], state["live"],
            state["dot_budget"], state["dot_cap"])


def remember_rendered(workshop_id: int) -> None:
    """Record the state this full run rendered with, for the fragment to compare against."""
    st.session_state["_rendered"] = (workshop_id, state_key(live_state(workshop_id)))


def timer_text(ends_at: datetime | None, label: str | None, now: datetime | None = None) -> str:
    """'Label · 04:59 left' / 'Label · time is up' / '' when no timer runs."""
    if ends_at is None:
        return ""
    left = int((ends_at - (now or datetime.now())).total_seconds())
    prefix = f"{label} · " if label else ""
    if left <= 0:
        return f"{prefix}time is up"
    return f"{prefix}{left // 60:02d}:{left % 60:02d} left"


@st.fragment(run_every=POLL)
def status_fragment(workshop_id: int, participant_id: int | None) -> None:
    """Phase and timer for everyone; reruns the page when the facilitator changes the phase."""
    state = live_state(workshop_id)
    rendered = st.session_state.get("_rendered")
    if state is None or (rendered and rendered[0] == workshop_id
                         and rendered[1] != state_key(state)):
        st.rerun(scope="app")
    if state["live"]:
        st.markdown(f"**Phase:** {LABELS[state['phase']]}")
        text = timer_text(state["timer_ends_at"], state["timer_label"])
        if text:
            st.markdown(f":material/timer: **{md(text)}**")
    now = time.monotonic()
    if participant_id is not None and now - st.session_state.get("_beat", 0.0) > \
            HEARTBEAT_SECONDS:
        st.session_state["_beat"] = now
        get_store().heartbeat(participant_id)
