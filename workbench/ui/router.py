"""Serving glue: st.navigation mode from process start, and the seat-cookie route.

``streamlit run app.py`` finds the ``st.App`` that app.py builds when it is *imported* (not
when it runs as a page script) and serves it with uvicorn. That import happens once per
process, before the server accepts a single connection, so it is the one place where a
process-wide decision can be made without racing the first sessions:

* Streamlit decides "legacy pages/ folder app" once per process, in the first
  ``PagesManager()`` (created with the first session), because this project has a ``pages/``
  folder. Sessions created together after a restart all ran in that mode until some run
  reached ``st.navigation``. ``install()`` sets the flag before any session exists.
* ``routes()`` adds ``POST /api/seat``: it turns a one-time ticket (issued by a script run
  that just gave the session a seat) into an HttpOnly cookie, so the seat survives reloads
  and restarts without the rejoin token ever sitting in the address bar.
"""

from __future__ import annotations

import secrets
import threading
import time
from typing import NoReturn

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from workbench.store import is_database_url, shown_target

SEAT_COOKIE = "wb_seat"
SEAT_ROUTE = "/api/seat"
SEAT_HEADER = "x-workbench-seat"
COOKIE_MAX_AGE = 30 * 24 * 3600
TICKET_SECONDS = 120.0
_MAX_TICKETS = 10_000

_tickets: dict[str, tuple[float, str]] = {}
_tickets_lock = threading.Lock()


def install() -> None:
    """Put this process in st.navigation mode for good (call before sessions exist)."""
    PagesManager.uses_pages_directory = False


def ensure_app_router() -> None:
    """Fallback for processes not started through app.py's ``st.App`` (never fires there).

    If a page ran in Streamlit's legacy pages/ mode, flip the flag and rerun through app.py.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def issue_ticket(cookie_value: str, now: float | None = None) -> str:
    """A one-time ticket the browser trades at ``SEAT_ROUTE`` for the seat cookie."""
    now = time.time() if now is None else now
    ticket = secrets.token_urlsafe(24)
    with _tickets_lock:
        if len(_tickets) >= _MAX_TICKETS:
            for key, (expires, _) in list(_tickets.items()):
                if expires < now:
                    del _tickets[key]
        if len(_tickets) < _MAX_TICKETS:
            _tickets[ticket] = (now + TICKET_SECONDS, cookie_value)
    return ticket


def redeem_ticket(ticket: str, now: float | None = None) -> str | None:
    """The cookie value behind ``ticket`` (once), or None if unknown or expired."""
    now = time.time() if now is None else now
    with _tickets_lock:
        entry = _tickets.pop(ticket, None)
    if entry is None or entry[0] < now:
        return None
    return entry[1]


async def _seat_route(request: object) -> object:
    from starlette.responses import Response
    headers = request.headers  # type: ignore[attr-defined]
    origin = headers.get("origin")
    # A custom header cannot be sent cross-site without a CORS preflight we never answer, so
    # another site cannot plant its own seat in this browser (login CSRF).
    if headers.get(SEAT_HEADER) != "1" or (origin and origin.split("://")[-1] !=
                                            headers.get("host")):
        return Response(status_code=403)
    body = (await request.body()).decode("ascii", "replace").strip()  # type: ignore[attr-defined]
    value = redeem_ticket(body) if body else None
    if value is None:
        return Response(status_code=403)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    https = request.url.scheme == "https"  # type: ignore[attr-defined]
    response.set_cookie(SEAT_COOKIE, value, max_age=COOKIE_MAX_AGE, path="/", httponly=True,
                        samesite="strict", secure=https)
    return response


def routes() -> list:
    """The app's own HTTP routes, served next to Streamlit's by ``st.App``."""
    from starlette.routing import Route
    return [Route(SEAT_ROUTE, _seat_route, methods=["POST"])]


def set_seat_cookie(cookie_value: str) -> None:
    """Have this browser store the seat cookie (HttpOnly, set by ``SEAT_ROUTE``)."""
    ticket = issue_ticket(cookie_value)
    st.html(f"<script>fetch({SEAT_ROUTE!r}, {{method: 'POST', credentials: 'same-origin', "
            f"headers: {{{SEAT_HEADER!r}: '1'}}, body: {ticket!r}}});</script>",
            unsafe_allow_javascript=True)


def store_unavailable(path: str, exc: Exception) -> NoReturn:
    """Instead of a traceback: what is wrong with the database and how to fix it (a URL is
    shown without its password)."""
    st.title("The workshop database cannot be opened")
    if is_database_url(path):
        st.error(f"The app could not reach its database `{shown_target(path)}`.",
                 icon=":material/error:")
        st.markdown(
            "- **The server is down or unreachable.** Check that PostgreSQL runs and accepts "
            "connections from this machine; the page opens once it answers (reload).\n"
            "- **Wrong address or credentials.** Check `WORKBENCH_DB` "
            "(`postgresql://user:password@host:5432/database`) and start the app again.")
        with st.expander("What the database said"):
            st.text(str(exc).replace(path, shown_target(path)))
        st.stop()
    st.error(f"The app could not open its database file `{path}`.", icon=":material/error:")
    st.markdown(
        "- **Another process is using it.** One app process owns one database file: stop the "
        "other `streamlit run` (or any tool holding the file open), then reload this page.\n"
        "- **No permission.** The user running the app must be able to read and write the file "
        "and its folder (check with `ls -l`; fix with `chmod`/`chown`).\n"
        "- **Another file.** Set `WORKBENCH_DB=/path/to/file.duckdb` to use a different "
        "database, and start the app again.")
    with st.expander("What the database said"):
        st.text(str(exc))
    st.stop()
