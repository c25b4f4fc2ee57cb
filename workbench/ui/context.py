"""Per-process store and per-session identity: which workshop is open and who you are."""

from __future__ import annotations

import streamlit as st

from workbench import actions
from workbench.demo import ensure_demo_workshop
from workbench.models import NAME_MAX, Participant, UnknownWorkshop, WorkbenchError, Workshop
from workbench.store import Store, default_path
from workbench.validate import clean_text


@st.cache_resource(show_spinner="Opening the workshop database…")
def _open_store(path: str) -> Store:
    store = Store(path)
    ensure_demo_workshop(store)
    return store


def get_store() -> Store:
    """The process-wide store for $WORKBENCH_DB (one DuckDB connection per process)."""
    return _open_store(str(default_path()))


def select_workshop(workshop_id: int | None) -> None:
    """Make ``workshop_id`` the open workshop for this session."""
    if workshop_id is None:
        st.session_state.pop("workshop_id", None)
    else:
        st.session_state["workshop_id"] = int(workshop_id)


def current_workshop(store: Store) -> Workshop | None:
    """The open workshop; defaults to the demo (or newest active) and notices deletions."""
    workshop_id = st.session_state.get("workshop_id")
    if workshop_id is not None:
        try:
            return store.get_workshop(workshop_id)
        except UnknownWorkshop as exc:
            select_workshop(None)
            st.warning(str(exc), icon=":material/error:")
    active = store.list_workshops(include_archived=False)
    if active.empty:
        return None
    demo = active[active["is_demo"]]
    chosen = demo.iloc[0] if not demo.empty else active.iloc[0]
    select_workshop(int(chosen["id"]))
    return store.get_workshop(int(chosen["id"]))


def display_name() -> str | None:
    """The name this session goes by, if it has given one."""
    return st.session_state.get("display_name") or None


def set_display_name(store: Store, workshop: Workshop | None, name: object) -> None:
    """Validate and remember the session's display name (joining the open workshop)."""
    if workshop is not None:
        participant = actions.join(store, workshop.id, name)
        st.session_state["display_name"] = participant.name
    else:
        st.session_state["display_name"] = clean_text(name, "Display name", NAME_MAX)


def current_participant(store: Store, workshop: Workshop) -> Participant | None:
    """This session's participant row in the workshop (created on first use), or None."""
    name = display_name()
    if name is None:
        return None
    cache: dict = st.session_state.setdefault("_participants", {})
    key = (workshop.id, name.casefold())
    if key not in cache:
        try:
            cache[key] = actions.join(store, workshop.id, name)
        except WorkbenchError as exc:
            st.error(str(exc), icon=":material/error:")
            return None
    return cache[key]
