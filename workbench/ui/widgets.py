"""Shared Streamlit pieces: sidebar, page frame, error reporting, confirmations, name prompt."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NoReturn

import streamlit as st

from workbench.domain.labels import distinct
from workbench.domain.models import NAME_MAX, Participant, StoreBusy, WorkbenchError, Workshop
from workbench.domain.phases import purpose as phase_purpose
from workbench.domain.phases import results_visible
from workbench.domain.safe_text import md
from workbench.store import Store
from workbench.ui.context import (
    current_participant,
    current_workshop,
    display_name,
    get_store,
    restore_seat_from_url,
    select_workshop,
    set_display_name,
    workshop_choices,
)
from workbench.ui.live import (
    prepare_status,
    remember_rendered,
    start_status,
)

WORKSHOPS_PAGE = "pages/workshops.py"
JOIN_PAGE = "pages/join.py"


@dataclass(frozen=True)
class PageContext:
    store: Store
    workshop: Workshop


@contextmanager
def reporting() -> Iterator[None]:
    """Show a WorkbenchError as st.error instead of a traceback; the action stops there.

    Domain messages are plain text that may quote user text (titles, names, units), so the
    whole message is escaped once here (``md``): it shows literally, never as Markdown.
    """
    try:
        yield
    except StoreBusy as exc:
        st.error(md(exc), icon=":material/hourglass_top:")
    except WorkbenchError as exc:
        st.error(md(exc), icon=":material/error:")


def notify(message: str) -> None:
    """Queue a confirmation toast for the next run (survives st.rerun)."""
    st.session_state.setdefault("_flash", []).append(message)


def done(message: str) -> None:
    """Confirm an action and rerun so every part of the page shows the new state."""
    close_confirmation()
    notify(message)
    st.rerun()


def submit_callback(form: str, action: Callable[[], str],
                    reset: Mapping[str, object] | None = None) -> Callable[[], None]:
    """An ``on_click`` for form ``form``'s submit button: run ``action`` before the page reruns.

    One run instead of two for the commonest actions (``done`` costs a second full run): the
    callback writes, and the run that follows already reads the new data. On success the
    fields in ``reset`` get their new values and the message ``action`` returns is toasted
    by the run that follows (when it calls this again to draw the form); on a refusal the
    fields keep what was typed and ``form_error(form)`` shows why.
    """
    # Not toasted in the callback: an element drawn in the callback of a widget inside a
    # fragment is unsupported (Streamlit logs a warning each time); not queued for the
    # sidebar either, which a fragment's rerun does not draw.
    confirmed = st.session_state.pop(f"_done_{form}", None)
    if confirmed:
        st.toast(md(confirmed), icon=":material/check_circle:")

    def callback() -> None:
        try:
            message = action()
        except WorkbenchError as exc:
            st.session_state[f"_error_{form}"] = str(exc)
            return
        for key, value in (reset or {}).items():
            st.session_state[key] = value
        st.session_state[f"_done_{form}"] = message
    return callback


def form_error(form: str) -> None:
    """Show the refusal of ``form``'s last submit (see ``submit_callback``), once."""
    message = st.session_state.pop(f"_error_{form}", None)
    if message:
        st.error(md(message), icon=":material/error:")  # plain text that may quote user text


def ask_confirmation(key: str, **payload: object) -> None:
    """Open confirmation dialog ``key``; it stays open across reruns until answered."""
    st.session_state["_confirm"] = {"key": key, **payload}


def pending_confirmation(key: str) -> dict | None:
    """The payload of confirmation ``key`` if it is waiting for an answer."""
    pending = st.session_state.get("_confirm")
    return pending if pending and pending.get("key") == key else None


def close_confirmation() -> None:
    """Forget the open confirmation (answered, cancelled or dismissed)."""
    st.session_state.pop("_confirm", None)


def cancel() -> None:
    """Close the open confirmation and rerun."""
    close_confirmation()
    st.rerun()


def _show_flash() -> None:
    for message in st.session_state.pop("_flash", []):
        st.toast(md(message), icon=":material/check_circle:")  # messages quote user text


def clear_on_success(*forget: str, **values: object) -> None:
    """Reset form fields on the next run (a failed submit keeps what was typed).

    ``values`` are set explicitly — the browser keeps a field's text unless the server sends a
    new value; ``forget`` drops a widget's state (for pickers whose option has gone).
    """
    st.session_state["_reset"] = (list(forget), dict(values))


def _apply_resets() -> None:
    forget, values = st.session_state.pop("_reset", ([], {}))
    for key in forget:
        st.session_state.pop(key, None)
    for key, value in values.items():
        st.session_state[key] = value


HEADER_CSS = """<style>
[data-testid="stLayoutWrapper"]:has(> .st-key-live_header) {position: sticky; top: 3.75rem;
  z-index: 990; height: auto;}
.st-key-live_header {background: #fff; padding: 0.3rem 0; border-bottom: 1px solid #e6e7eb;
  gap: 0.1rem;}
.st-key-live_header p {font-size: 0.95rem;}
[data-testid="stMainBlockContainer"] {padding-top: 3.5rem;}
[data-testid="stHeader"] {background: #fff;}  /* nothing scrolls visibly above the header */
/* Toasts at the bottom on phones: at the top they would cover this header. */
@media (max-width: 640px) {[data-testid="stToastContainer"] {top: auto; bottom: 1rem;}}
</style>"""


def sidebar(page_polls: bool = False, page: str = "") -> None:
    """The shared sidebar and, for live workshops, the sticky header above every page.

    The header (phase, countdown, next step) sits in the page itself so phones, whose sidebar
    is folded away, see it. ``page_polls``: the page shows a live region of its own
    (``live.live_region``) and polls the header with it; otherwise it polls here. ``page``:
    the page being shown ("pages/score.py"), so the header does not link to itself.
    """
    _apply_resets()
    _show_flash()
    store = get_store()
    restore_seat_from_url(store)
    workshop = current_workshop(store)
    header = None
    if workshop is not None and workshop.live:
        st.html(HEADER_CSS)
        header = st.container(key="live_header")
    with st.sidebar:
        if workshop is None:
            st.caption("No workshop open.")
        else:
            active = workshop_choices(store)
            options = [int(i) for i in active["id"]]
            if workshop.id not in options:
                options.insert(0, workshop.id)
            titles = dict(zip(active["id"].astype(int), active["title"], strict=True))
            titles.setdefault(workshop.id, workshop.title)
            titles = distinct(titles)
            # The callback runs before the next script run, so every page already sees the
            # new choice; syncing the key first keeps it in step with other ways of opening.
            st.session_state["_sidebar_workshop"] = workshop.id
            st.selectbox("Workshop", options, format_func=lambda i: titles[i],
                         key="_sidebar_workshop", on_change=_pick_from_sidebar)
        me = current_participant(store, workshop) if workshop is not None else None
        if workshop is not None and workshop.live:
            role = " · facilitator" if me and me.is_facilitator else ""
            st.markdown(f"You are **{md(me.name)}**{role}" if me else "Not joined")
        elif st.query_params.get("code") and not st.query_params.get("me"):
            st.caption("You were invited to a live workshop: join it with the form on the "
                       "Join page.")
        elif page != WORKSHOPS_PAGE:  # there the join and start forms ask for the name
            _name_box(store, workshop)
    if workshop is None or header is None:
        prepare_status(None)
        return
    remember_rendered(workshop.id)
    prepare_status(header, workshop.id, me.id if me else None, page,
                   bool(me and me.is_facilitator))
    if not page_polls:
        start_status()


def _pick_from_sidebar() -> None:
    select_workshop(st.session_state["_sidebar_workshop"])


def _name_box(store: Store, workshop: Workshop | None) -> None:
    name = display_name()
    if name:
        st.markdown(f"You are **{md(name)}**")
        if st.button("Change name", key="_change_name", type="tertiary"):
            st.session_state.pop("display_name", None)
            st.rerun()
        return
    with st.form("_sidebar_name", border=False):
        entered = st.text_input("Your name", max_chars=NAME_MAX, placeholder="e.g. Priya",
                                help="Shown next to your ideas and used to keep your scores.")
        if st.form_submit_button("Save name"):
            with reporting():
                set_display_name(store, workshop, entered)
                done(f"Hello, {entered.strip()[:NAME_MAX]}!")


def page_frame(title: str, purpose: str) -> PageContext:
    """Title + purpose line; stops the page with a hint when no workshop is open."""
    st.title(title)
    store = get_store()
    workshop = current_workshop(store)
    if workshop is None:
        st.info("No workshop is open yet. Create one (or re-create the demo) on the Workshops "
                "page.", icon=":material/arrow_back:")
        st.page_link(WORKSHOPS_PAGE, label="Go to Workshops", icon=":material/folder_open:")
        st.stop()
    st.caption(f"{md(workshop.title)} · {purpose}")
    if workshop.live:
        st.caption(f":material/flag: {phase_purpose(workshop)}")
    if workshop.status == "archived":
        st.warning("This workshop is archived. You can still look around; restore it on the "
                   "Workshops page to keep working.", icon=":material/inventory_2:")
    return PageContext(store, workshop)


def stop_page() -> NoReturn:
    """End the page here (st.stop) — on a page that polls itself, the status still polls."""
    start_status()
    st.stop()


def participant_or_prompt(ctx: PageContext, why: str) -> Participant | None:
    """The current participant, or None after showing an inline "your name" form."""
    participant = current_participant(ctx.store, ctx.workshop)
    if participant is not None:
        return participant
    if ctx.workshop.live:
        st.info("Join this workshop with its code to take part.", icon=":material/login:")
        st.page_link(JOIN_PAGE, label="Join with a code", icon=":material/login:")
        return None
    st.info(f"Tell us your name {why}. It is kept for this browser session.",
            icon=":material/waving_hand:")
    with st.form("_inline_name"):
        entered = st.text_input("Your name", max_chars=NAME_MAX, placeholder="e.g. Priya")
        if st.form_submit_button("Continue", type="primary"):
            with reporting():
                set_display_name(ctx.store, ctx.workshop, entered)
                done(f"Hello, {entered.strip()[:NAME_MAX]}!")
    return None


def results_or_stop(workshop: Workshop, is_facilitator: bool, what: str) -> None:
    """Stop the page for participants before the reveal; remind the facilitator after."""
    if not results_visible(workshop, is_facilitator):
        st.info(f"{what} hidden until the facilitator reveals the results — so nobody is "
                "swayed by anyone else's scores.", icon=":material/visibility_off:")
        st.stop()
    if workshop.live and not workshop.revealed:
        st.warning("Only you (the facilitator) can see this: participants see it after you "
                   "reveal.", icon=":material/visibility:")


def empty_state(message: str, page: str | None = None, label: str = "") -> None:
    """An empty state that says what to do next, with a link to where to do it."""
    st.info(message, icon=":material/lightbulb:")
    if page:
        st.page_link(page, label=label or "Go there", icon=":material/arrow_forward:")
