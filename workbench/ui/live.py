"""Live parts of every page: shared reads and the one polling fragment per page.

Streamlit has no push between sessions, so each browser polls. What the polls read is shared
by all sessions in the process and keyed by the store's write count (``Store.version``): fifty
browsers polling every two seconds cost one query per change, and a change is seen by the
next poll.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from workbench import services
from workbench.domain.models import UnknownWorkshop
from workbench.domain.phases import LABELS
from workbench.domain.safe_text import md
from workbench.engine.wall import need_labels, wall_groups, wall_markdown
from workbench.store import default_path
from workbench.ui.context import get_store
from workbench.ui.polling import poll_seconds

HEARTBEAT_SECONDS = 10


def live_state(workshop_id: int) -> Mapping[str, object] | None:
    """Phase, reveal, round, timer, anonymity and brainstorm focus; None if it was deleted."""
    try:
        w = get_store().get_workshop(workshop_id)
    except UnknownWorkshop:
        return None
    return MappingProxyType({
        "phase": w.phase, "revealed": w.revealed, "round": w.score_round,
        "timer_ends_at": w.timer_ends_at, "timer_label": w.timer_label,
        "anonymous": w.anonymous, "live": w.live, "dot_budget": w.dot_budget,
        "dot_cap": w.dot_cap, "focus_need_id": get_store().focus_need(workshop_id),
        "technique": get_store().pushed_technique(workshop_id)})


def live_wall(workshop_id: int) -> tuple[int, str]:
    """(number of ideas, the idea wall as Markdown), built once per change for everyone."""
    # Keyed by the tables the wall is built from: scores and votes do not rebuild it.
    return _live_wall(str(default_path()), workshop_id,
                      get_store().versions("ideas", "idea_needs", "needs", "segments",
                                             "themes", "idea_themes"))


def live_progress(workshop_id: int, score_round: int) -> tuple[pd.DataFrame, int]:
    """(each person's progress, shortlisted ideas), ≤ 1 s old: presence moves without writes
    that count. Shared: copy before changing."""
    return _live_progress(str(default_path()), workshop_id, score_round, get_store().version)


# cache_resource hands every session the same object (cache_data would unpickle a copy on
# each poll); the values are read-only. Keyed by database path as well as workshop id: ids
# restart in every database file.
@st.cache_resource(max_entries=64, show_spinner=False)
def _live_wall(db: str, workshop_id: int, versions: tuple[int, ...]) -> tuple[int, str]:
    store = get_store()
    ideas = store.wall_rows(workshop_id)
    groups = wall_groups(ideas, need_labels(store.need_choices(workshop_id)))
    return len(ideas), wall_markdown(groups, store.wall_themes(workshop_id))


@st.cache_resource(ttl=1.0, max_entries=64, show_spinner=False)
def _live_progress(db: str, workshop_id: int, score_round: int,
                   version: int) -> tuple[pd.DataFrame, int]:
    store = get_store()
    ideas = store.list_ideas(workshop_id)
    return store.progress(workshop_id, score_round), int(ideas["shortlisted"].sum())


def state_key(state: Mapping[str, object] | None) -> tuple | None:
    """The parts of the live state that change what a page shows."""
    if state is None:
        return None
    return (state["phase"], state["revealed"], state["round"], state["anonymous"], state["live"],
            state["dot_budget"], state["dot_cap"], state["focus_need_id"], state["technique"])


def remember_rendered(workshop_id: int) -> None:
    """Record the state this full run rendered with, for the fragment to compare against."""
    st.session_state["_rendered"] = (workshop_id, state_key(live_state(workshop_id)))


TIME_UP_SHOWN = 60  # seconds "time is up" stays up; after that the header forgets the timer

# The next step a participant is shown in each phase: (page, what is happening, link label).
NEXT_STEP = {
    "needs": ("pages/needs.py", "Needs are being described", "Go to Customer needs"),
    "diverge": ("pages/brainstorm.py", "Brainstorming is open", "Go to Brainstorm"),
    "refine": ("pages/brainstorm.py", "Ideas are being merged and shortlisted",
               "Add more on Brainstorm"),
    "converge": ("pages/score.py", "Scoring is open", "Go to Score"),
    "decide": ("pages/rank.py", "Results are in", "Go to Rank"),
}
FACILITATOR_STEP = ("pages/console.py", "", "Open the console")
# Where the current phase's page points on: converge is scoring, then dots.
THEN = {"pages/score.py": ("pages/vote.py", "Then place your dots", "Go to Vote")}


def next_step(phase: str, revealed: bool, is_facilitator: bool) -> tuple[str, str, str] | None:
    """(page, what is happening, link label) for the header; None when there is no step."""
    if is_facilitator:
        return FACILITATOR_STEP
    if phase == "decide" and not revealed:
        return None  # nothing to open until the results are revealed
    return NEXT_STEP.get(phase)


def timer_text(ends_at: datetime | None, label: str | None, now: datetime | None = None) -> str:
    """'Label · 04:59 left' / 'Label · time is up' (for a minute) / '' when no timer runs."""
    if ends_at is None:
        return ""
    left = int((ends_at - (now or datetime.now())).total_seconds())
    prefix = f"{label} · " if label else ""
    if left <= -TIME_UP_SHOWN:
        return ""
    if left <= 0:
        return f"{prefix}time is up"
    return f"{prefix}{left // 60:02d}:{left % 60:02d} left"


def _status(slot: _StatusSlot) -> None:
    """Phase, timer and next step for everyone; reruns the page when the phase changes."""
    workshop_id, participant_id = slot.workshop_id, slot.participant_id
    state = live_state(workshop_id)
    rendered = st.session_state.get("_rendered")
    if state is None or (rendered and rendered[0] == workshop_id
                         and rendered[1] != state_key(state)):
        st.rerun(scope="app")
    if state["live"]:
        # Only the label is user text; escaping the clock too would put a zero-width space
        # into "04:48" (md breaks up ":" runs) that a copy-paste would carry.
        label = md(state["timer_label"]) if state["timer_label"] else None
        text = timer_text(state["timer_ends_at"], label)
        timer = f" · :material/timer: **{text}**" if text else ""
        step = next_step(str(state["phase"]), bool(state["revealed"]), slot.is_facilitator)
        if step is not None and step[0] == slot.page and slot.page in THEN:
            step = THEN[slot.page]
        here = step is not None and step[0] == slot.page
        doing = f" · {step[1]}" if step and step[1] and not here else ""
        st.markdown(f"**{LABELS[state['phase']]}**{timer}{doing}")
        if step is not None and not here:
            st.page_link(step[0], label=step[2], icon=":material/arrow_forward:")
    now = time.monotonic()
    if participant_id is not None and now - st.session_state.get("_beat", 0.0) > \
            HEARTBEAT_SECONDS:
        st.session_state["_beat"] = now
        services.heartbeat(get_store(), workshop_id, participant_id)


# One polling fragment per page, never two: when two fragments of one session tick together,
# Streamlit 1.67 can start the second run on a fresh ScriptRunner before the first run's
# messages left the server, and drops them (the first fragment then lags a whole interval;
# measured with bench_live: 5-8 % of status reruns lost at 50 sessions).
_slot = threading.local()


@dataclass(frozen=True)
class _StatusSlot:
    box: DeltaGenerator
    workshop_id: int
    participant_id: int | None
    page: str = ""               # the page being shown, as "pages/<name>.py"
    is_facilitator: bool = False


def prepare_status(box: DeltaGenerator | None, workshop_id: int | None = None,
                   participant_id: int | None = None, page: str = "",
                   is_facilitator: bool = False) -> None:
    """Remember where this run's status goes (``box``, the page header); None: no workshop."""
    _slot.value = None if box is None or workshop_id is None else \
        _StatusSlot(box, workshop_id, participant_id, page, is_facilitator)


def start_status() -> None:
    """Poll the status on its own, for pages without a live region of their own."""
    slot = getattr(_slot, "value", None)
    if slot is not None:
        _start_poll(slot, None)
        _slot.value = None


def live_region(body: Callable[..., None], *args: object) -> None:
    """Render ``body(*args)`` here and refresh it with the status, in one polling fragment."""
    slot = getattr(_slot, "value", None)
    _slot.value = None
    if slot is None:
        body(*args)
        return
    _start_poll(slot, body, *args)


def _start_poll(slot: _StatusSlot, body: Callable[..., None] | None, *args: object) -> None:
    # The interval is fixed when a full run registers the fragment (same id every run).
    every = poll_seconds(get_store().participant_count(slot.workshop_id))
    st.fragment(_poll, run_every=every)(slot, body, *args)


def _poll(slot: _StatusSlot, body: Callable[..., None] | None, *args: object) -> None:
    with slot.box:
        _status(slot)
    if body is not None:
        body(*args)
