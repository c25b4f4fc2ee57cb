"""A Streamlit browser session without the browser: protobuf over the app's websocket.

What a browser tab does, and so what this client does (Streamlit 1.67, ``streamlit.proto``):

1. Open ``ws://127.0.0.1:<port>/_stcore/stream`` (sub-protocol ``streamlit``; one
   ``ForwardMsg`` per binary frame from the server, one ``BackMsg`` per frame from us).
2. Send ``BackMsg.rerun_script`` (a ``ClientState``) with the URL's query string and the page
   as ``page_name`` (the ``st.navigation`` url path, e.g. ``"score"``; ``""`` is the default
   page) and an empty ``page_script_hash``. The server answers with ``new_session``,
   ``navigation`` (whose ``page_script_hash`` is the page that ran — with st.navigation,
   new_session's is the main script's), deltas, ``page_info_changed``
   when the script sets ``st.query_params``, and finally ``script_finished``.
   ``FINISHED_EARLY_FOR_RERUN`` means another run follows (``st.rerun``); a full run is done
   at ``FINISHED_SUCCESSFULLY``; a fragment run at ``FINISHED_FRAGMENT_RUN_SUCCESSFULLY``
   (``metadata.run.fragment_ids`` names the fragments that ran) — or at
   ``FINISHED_EARLY_FOR_RERUN`` with fragment ids when the session's next run started before
   the message was sent (the server relabels it; the fragment's deltas were sent).
3. Later reruns send the current ``page_script_hash`` (and no page name), the current query
   string and the widget states.
4. ``auto_rerun {interval, fragment_id}`` asks for a timer: every ``interval`` seconds send
   ``rerun_script`` with ``fragment_id`` and ``is_auto_rerun = True`` (the browser's
   ``setInterval``; one timer per fragment, an identical request is ignored).
   ``stop_auto_rerun`` stops the named timers and every full run's ``new_session`` stops all
   of them (the full run re-registers the fragments it still has).

Every received frame is kept as raw bytes with its arrival time: the bytes a session
receives are what that person's screen receives. ``strings()`` / ``text()`` / ``numbers()``
/ ``tables()`` decode them (every string field, and every Arrow table a dataframe carries —
numbers in tables travel as binary doubles, not as text).

Bounded by construction: the client only connects to 127.0.0.1, each session closes itself
after ``max_seconds``, and reading, auto reruns and waits all have count or time limits.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed

T = TypeVar("T")
LOOPBACK = "127.0.0.1"
STREAM_PATH = "/_stcore/stream"

FINISHED_SUCCESSFULLY = ForwardMsg.FINISHED_SUCCESSFULLY
FINISHED_WITH_COMPILE_ERROR = ForwardMsg.FINISHED_WITH_COMPILE_ERROR
FINISHED_EARLY_FOR_RERUN = ForwardMsg.FINISHED_EARLY_FOR_RERUN
FINISHED_FRAGMENT_RUN = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY

# String fields that hold ids and hashes, not anything a person reads; numbers() skips them.
ID_FIELDS = frozenset({
    "id", "hash", "ref_hash", "script_run_id", "fragment_id", "fragment_ids",
    "page_script_hash", "main_script_hash", "active_script_hash", "session_id", "form_id",
    "element_id", "query_string", "main_script_path", "url", "url_pathname", "icon",
})
_NUMBER = re.compile(r"(?<![0-9A-Za-z_])-?\d+(?:\.\d+)?(?![0-9A-Za-z_])")
_ARROW_STREAM = b"\xff\xff\xff\xff"


def check_loopback(base_url: str) -> tuple[str, int]:
    """(host, port) of an http://127.0.0.1:<port> URL; anything else is refused."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "ws") or parts.hostname != LOOPBACK or parts.port is None:
        raise ValueError(f"wire client talks to http://{LOOPBACK}:<port> only, not {base_url!r}")
    return LOOPBACK, parts.port


@dataclass(frozen=True, slots=True)
class Received:
    """One ForwardMsg as it arrived: perf_counter time, raw bytes (b"" if not kept), type."""

    t: float
    raw: bytes
    kind: str


@dataclass(frozen=True, slots=True)
class Finished:
    """One script_finished: when, status, and which fragments ran (empty: a full run)."""

    t: float
    status: int
    fragment_ids: tuple[str, ...]
    script_run_id: str


@dataclass(slots=True)
class FragmentStats:
    """Auto reruns this session asked for and how the server answered them."""

    sent: int = 0            # rerun_script requests with fragment_id + is_auto_rerun sent
    served: int = 0          # requests answered by a fragment run of that fragment
    coalesced: int = 0       # requests folded into a run that answered an older one
    superseded: int = 0      # requests overtaken by a full run (which reruns fragments too)
    rtts: list[float] = field(default_factory=list)  # seconds, request sent -> finished

    def merge(self, other: FragmentStats) -> None:
        self.sent += other.sent
        self.served += other.served
        self.coalesced += other.coalesced
        self.superseded += other.superseded
        self.rtts.extend(other.rtts)


OnMessage = Callable[["WireSession", float, bytes, ForwardMsg], None]


class WireSession:
    """One browser tab's websocket session, driven over the wire."""

    def __init__(self, label: str = "", *, follow_auto_rerun: bool = True,
                 max_seconds: float = 900.0, max_messages: int = 1_000_000,
                 max_auto_reruns: int = 100_000, keep_bytes: bool = True,
                 max_kept_bytes: int = 256 * 1024 * 1024,
                 on_message: OnMessage | None = None) -> None:
        self.label = label
        self.follow_auto_rerun = follow_auto_rerun
        self.max_seconds = max_seconds
        self.max_messages = max_messages
        self.max_auto_reruns = max_auto_reruns
        self.keep_bytes = keep_bytes
        self.max_kept_bytes = max_kept_bytes
        self.on_message = on_message

        self.base_url = ""
        self.page_name = ""
        self.query_string = ""
        self.page_script_hash = ""
        self.widget_states = WidgetStates()
        self.pages: dict[str, str] = {}        # url pathname -> page_script_hash
        self.received: list[Received] = []
        self.finished: list[Finished] = []
        self.exceptions: list[str] = []        # exception elements the server sent
        self.page_not_found: list[str] = []
        self.fragments = FragmentStats()
        self.bytes_received = 0
        self.messages_received = 0
        self.full_runs_started = 0
        self.fragment_runs_started = 0
        self.closed = False

        self._kept = 0
        self._ws = None
        self._reader: asyncio.Task | None = None
        self._timers: dict[str, tuple[float, asyncio.Task]] = {}
        self._paused: dict[str, float] = {}
        self._pending: dict[str, list[float]] = {}      # fragment id -> request times
        self._run_started: dict[str, float] = {}        # script_run_id -> new_session time
        self._changed = asyncio.Event()
        self._mark = 0
        self._expiry: asyncio.TimerHandle | None = None

    # ---- connecting and sending -----------------------------------------------------

    async def connect(self, base_url: str, page_name: str = "", query_string: str = "",
                      *, timeout: float = 30.0) -> None:
        """Open the websocket and request the first run of ``page_name`` (a url path)."""
        host, port = check_loopback(base_url)
        self.base_url = f"http://{host}:{port}"
        self.page_name = page_name.strip("/")
        self.query_string = query_string.lstrip("?")
        self._ws = await ws_connect(
            f"ws://{host}:{port}{STREAM_PATH}", subprotocols=["streamlit"], proxy=None,
            max_size=2 ** 27, open_timeout=timeout, ping_interval=None, close_timeout=2)
        loop = asyncio.get_running_loop()
        self._expiry = loop.call_later(self.max_seconds, self._expire)
        self._reader = asyncio.create_task(self._read_loop(), name=f"wire-read-{self.label}")
        await self.rerun()

    async def rerun(self, widget_states: WidgetStates | None = None, *,
                    fragment_id: str = "", is_auto_rerun: bool = False) -> int:
        """Ask for a (full, or fragment) run; returns the mark ``wait_for_script_finished``
        uses by default (finishes after this call)."""
        if widget_states is not None:
            self.widget_states = widget_states
        if not fragment_id:
            self._mark = len(self.finished)
        await self._send_rerun(fragment_id, is_auto_rerun)
        return self._mark

    async def switch_page(self, page_name: str) -> int:
        """Go to another page in the same session, as a click in the sidebar does."""
        page_hash = self.pages.get(page_name.strip("/"))
        if page_hash is None:
            raise KeyError(f"no page {page_name!r} in {sorted(self.pages)}")
        self.page_name = page_name.strip("/")
        self.page_script_hash = page_hash
        self._stop_all_timers(supersede=True)
        return await self.rerun()

    def widgets(self) -> list:
        """The widget elements received so far (newest last): protos with ``id`` and
        ``label`` (Button, TextInput, Selectbox, …), each with its element type as ``kind``
        in the returned (kind, proto) pairs."""
        found = []
        for msg in self.messages():
            if msg.WhichOneof("type") != "delta" or \
                    msg.delta.WhichOneof("type") != "new_element":
                continue
            element = msg.delta.new_element
            kind = element.WhichOneof("type")
            proto = getattr(element, kind) if kind else None
            if proto is not None and "id" in proto.DESCRIPTOR.fields_by_name and proto.id:
                found.append((kind, proto))
        return found

    def widget(self, kind: str, *, label: str | None = None,
               placeholder: str | None = None, form_id: str | None = None):
        """The newest widget of this element type with this label (or placeholder), in
        the form ``form_id`` when given."""
        for found_kind, proto in reversed(self.widgets()):
            if found_kind != kind:
                continue
            if form_id is not None and getattr(proto, "form_id", None) != form_id:
                continue
            if label is not None and getattr(proto, "label", None) != label:
                continue
            if placeholder is not None and getattr(proto, "placeholder", None) != placeholder:
                continue
            return proto
        raise KeyError(f"no {kind} labelled {label or placeholder!r} on {self.label!r}")

    async def click(self, label: str, *, texts: dict[str, str] | None = None) -> int:
        """Press the button (or form submit button) labelled ``label``, with ``texts``
        typed into text inputs first (keyed by label or placeholder; for a form's submit
        button, the inputs of that form), as one rerun.

        The trigger is sent once, as a browser does: later reruns do not repeat it.
        Returns the mark to wait on (``wait_for_script_finished`` / ``wait_idle``).
        """
        button = self.widget("button", label=label)
        form = button.form_id if button.is_form_submitter else None
        states = WidgetStates()
        states.CopyFrom(self.widget_states)
        for key, value in (texts or {}).items():
            try:
                box = self.widget("text_input", label=key, form_id=form)
            except KeyError:
                box = self.widget("text_input", placeholder=key, form_id=form)
            states.widgets.append(WidgetState(id=box.id, string_value=value))
        states.widgets.append(WidgetState(id=button.id, trigger_value=True))
        kept = self.widget_states
        mark = await self.rerun(states)
        self.widget_states = kept
        return mark

    def _client_state_url(self) -> str:
        path = f"{self.base_url}/{self.page_name}"
        return f"{path}?{self.query_string}" if self.query_string else path

    async def _send_rerun(self, fragment_id: str = "", is_auto_rerun: bool = False) -> None:
        if self.closed or self._ws is None:
            raise ConnectionError(f"session {self.label!r} is closed")
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.widget_states.CopyFrom(self.widget_states)
        state.page_script_hash = self.page_script_hash
        state.page_name = "" if self.page_script_hash else self.page_name
        state.fragment_id = fragment_id
        state.is_auto_rerun = is_auto_rerun
        info = state.context_info
        info.timezone = "UTC"
        info.timezone_offset = 0
        info.locale = "en-US"
        info.url = self._client_state_url()
        info.is_embedded = False
        info.color_scheme = "light"
        if fragment_id and is_auto_rerun:
            self._pending.setdefault(fragment_id, []).append(time.perf_counter())
            self.fragments.sent += 1
        await self._ws.send(msg.SerializeToString())

    # ---- receiving --------------------------------------------------------------------

    async def _read_loop(self) -> None:
        try:
            async for data in self._ws:
                if isinstance(data, str):
                    continue
                self._handle(time.perf_counter(), data)
                if self.messages_received >= self.max_messages:
                    break
        except (ConnectionClosed, OSError):
            pass
        finally:
            self.closed = True
            self._stop_all_timers(supersede=False)
            self._notify()

    def _handle(self, t: float, data: bytes) -> None:
        msg = ForwardMsg.FromString(data)
        kind = msg.WhichOneof("type") or ""
        self.messages_received += 1
        self.bytes_received += len(data)
        keep = self.keep_bytes and self._kept + len(data) <= self.max_kept_bytes
        if keep:
            self._kept += len(data)
        self.received.append(Received(t, data if keep else b"", kind))

        if kind == "new_session":
            if len(self._run_started) > 1000:
                self._run_started.clear()
            self._run_started[msg.metadata.run.script_run_id] = t
            self.page_script_hash = msg.new_session.page_script_hash or self.page_script_hash
            if msg.metadata.run.fragment_ids:
                self.fragment_runs_started += 1
            else:
                self.full_runs_started += 1
                # A full run: the browser clears every auto-rerun timer; the run re-registers.
                self._stop_all_timers(supersede=True)
        elif kind == "navigation":
            # st.navigation apps: new_session carries the main script's hash; the page that
            # ran is navigation.page_script_hash, and that is what the browser sends back.
            self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
            self.page_script_hash = msg.navigation.page_script_hash or self.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "auto_rerun":
            if self.follow_auto_rerun and msg.auto_rerun.fragment_id:
                self._start_timer(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            for fragment_id in msg.stop_auto_rerun.fragment_ids:
                self._stop_timer(fragment_id)
        elif kind == "page_not_found":
            self.page_not_found.append(msg.page_not_found.page_name)
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element" and \
                msg.delta.new_element.WhichOneof("type") == "exception":
            exc = msg.delta.new_element.exception
            self.exceptions.append(f"{exc.type}: {exc.message}")
        elif kind == "script_finished":
            fragment_ids = tuple(msg.metadata.run.fragment_ids)
            status = msg.script_finished
            self.finished.append(Finished(t, status, fragment_ids,
                                          msg.metadata.run.script_run_id))
            # A fragment run's FINISHED_FRAGMENT_RUN_SUCCESSFULLY is relabelled
            # FINISHED_EARLY_FOR_RERUN when the session's next run starts before the message
            # left the server's queue (forward_msg_queue._update_script_finished_message):
            # the run completed and its deltas were sent, so it answered the request too.
            if fragment_ids and status in (FINISHED_FRAGMENT_RUN, FINISHED_EARLY_FOR_RERUN):
                # A run answers the requests sent before it started; one sent while it ran
                # is queued by the server for the next run of that fragment.
                started = self._run_started.pop(msg.metadata.run.script_run_id, t)
                for fragment_id in fragment_ids:
                    waiting = self._pending.get(fragment_id, [])
                    answered = [r for r in waiting if r <= started]
                    if not answered:
                        continue
                    self._pending[fragment_id] = waiting[len(answered):]
                    self.fragments.served += 1
                    self.fragments.coalesced += len(answered) - 1
                    self.fragments.rtts.append(t - answered[0])
            self._notify()
        if self.on_message is not None:
            self.on_message(self, t, data, msg)

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def _expire(self) -> None:
        if not self.closed:
            asyncio.ensure_future(self.close())

    # ---- auto-rerun timers (the browser's setInterval per fragment) ---------------------

    def _start_timer(self, fragment_id: str, interval: float) -> None:
        current = self._timers.get(fragment_id)
        if current is not None and current[0] == interval:
            return
        self._stop_timer(fragment_id)
        if not (interval > 0 and math.isfinite(interval)):
            return
        task = asyncio.create_task(self._timer(fragment_id, interval),
                                   name=f"wire-auto-{self.label}-{fragment_id[:8]}")
        self._timers[fragment_id] = (interval, task)

    def _stop_timer(self, fragment_id: str) -> None:
        current = self._timers.pop(fragment_id, None)
        if current is not None:
            current[1].cancel()

    def _stop_all_timers(self, *, supersede: bool) -> None:
        for fragment_id in list(self._timers):
            self._stop_timer(fragment_id)
        if supersede:
            self.fragments.superseded += sum(len(v) for v in self._pending.values())
            self._pending.clear()

    async def _timer(self, fragment_id: str, interval: float) -> None:
        due = time.perf_counter() + interval
        while not self.closed and self.fragments.sent < self.max_auto_reruns:
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            # Like setInterval: a late tick fires once, missed ticks are not made up.
            due = max(due + interval, time.perf_counter())
            try:
                await self._send_rerun(fragment_id, is_auto_rerun=True)
            except (ConnectionClosed, ConnectionError, OSError):
                return

    def stop_auto_reruns(self) -> None:
        """Stop following auto_rerun requests (pending ones stay pending)."""
        self.follow_auto_rerun = False
        self._paused = {fid: interval for fid, (interval, _) in self._timers.items()}
        for fragment_id in list(self._timers):
            self._stop_timer(fragment_id)

    def resume_auto_reruns(self) -> None:
        """Follow auto_rerun requests again, restarting the timers stop_auto_reruns stopped."""
        self.follow_auto_rerun = True
        for fragment_id, interval in self._paused.items():
            self._start_timer(fragment_id, interval)
        self._paused = {}

    def reset_stats(self) -> None:
        """Start counting auto reruns afresh (requests already in flight are forgotten)."""
        self.fragments = FragmentStats()
        self._pending.clear()

    def pending_auto_reruns(self) -> int:
        """Auto-rerun requests sent and not (yet) answered."""
        return sum(len(v) for v in self._pending.values())

    # ---- waiting --------------------------------------------------------------------------

    async def wait_for_script_finished(self, *, since: int | None = None,
                                       fragment: bool = False,
                                       timeout: float = 30.0) -> Finished:
        """The first script_finished after ``since`` (default: the last full rerun request)
        that ends a full run (``fragment=False``: FINISHED_SUCCESSFULLY or a compile error;
        FINISHED_EARLY_FOR_RERUN means another run follows) or a fragment run."""
        since = self._mark if since is None else since

        def found() -> Finished | None:
            for done in self.finished[since:]:
                if fragment and done.status == FINISHED_FRAGMENT_RUN:
                    return done
                if not fragment and done.status in (FINISHED_SUCCESSFULLY,
                                                    FINISHED_WITH_COMPILE_ERROR):
                    return done
            return None

        return await self._wait_until(found, timeout, "no script_finished")

    async def wait_first_render(self, *, timeout: float = 30.0) -> bool:
        """Wait until the first full run is over: True when its script_finished arrived,
        False when it never did but a fragment run has started since (under load Streamlit
        can drop the end of a run: AppSession ignores a ScriptRunner's late events once it
        has started another runner for the next request)."""
        def outcome() -> str | None:
            if any(f.status in (FINISHED_SUCCESSFULLY, FINISHED_WITH_COMPILE_ERROR)
                   for f in self.finished):
                return "finished"
            return "fragments" if self.fragment_runs_started else None

        return await self._wait_until(outcome, timeout, "first run not over",
                                      tick=1.0) == "finished"

    async def _wait_until(self, check: Callable[[], T | None], timeout: float, what: str,
                          tick: float | None = None) -> T:
        """``check()``'s first non-None value, re-checked whenever a message arrives (or every
        ``tick`` seconds); ConnectionError if the session closes, TimeoutError after
        ``timeout``."""
        deadline = time.perf_counter() + timeout
        while True:
            value = check()
            if value is not None:
                return value
            if self.closed:
                raise ConnectionError(f"session {self.label!r} closed while waiting")
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"session {self.label!r}: {what} in {timeout} s")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(),
                                       remaining if tick is None else min(remaining, tick))

    async def wait_idle(self, *, quiet: float = 0.5, timeout: float = 30.0) -> None:
        """Wait for the full run to finish and for no new full run to start within ``quiet``
        seconds (a run can trigger another: st.rerun, a fragment's rerun of the app)."""
        deadline = time.perf_counter() + timeout
        await self.wait_for_script_finished(timeout=timeout)
        for _ in range(100):
            started, finished = self.full_runs_started, len(self.finished)
            await asyncio.sleep(quiet)
            if self.full_runs_started == started:
                return
            await self.wait_for_script_finished(
                since=finished, timeout=max(0.1, deadline - time.perf_counter()))
        raise TimeoutError(f"session {self.label!r} never settled")

    async def close(self) -> None:
        """Stop the timers and close the websocket."""
        if self._expiry is not None:
            self._expiry.cancel()
        self._stop_all_timers(supersede=False)
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._ws.close(), 3)
        if self._reader is not None and not self._reader.done():
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        self.closed = True

    # ---- what the screen received ---------------------------------------------------------

    def received_bytes(self) -> bytes:
        """Every received ForwardMsg's raw bytes, concatenated in arrival order."""
        return b"".join(r.raw for r in self.received)

    def messages(self) -> Iterator[ForwardMsg]:
        """The received ForwardMsgs, decoded again."""
        for r in self.received:
            if r.raw:
                yield ForwardMsg.FromString(r.raw)

    def strings(self, *, skip_ids: bool = False) -> list[str]:
        """Every string field of every received message, plus every cell and column name of
        every Arrow table in them (numbers as text too)."""
        out: list[str] = []
        for msg in self.messages():
            _collect(msg, out, [], skip_ids)
        return out

    def text(self) -> str:
        """strings() joined with newlines: the searchable text of everything received."""
        return "\n".join(self.strings())

    def tables(self) -> list:
        """Every Arrow table received (pyarrow.Table), in arrival order."""
        out: list = []
        for msg in self.messages():
            _collect(msg, [], out, True)
        return out

    def numbers(self) -> list[float]:
        """Every number a person could read: numeric cells of Arrow tables and numbers
        written in non-id string fields (markdown, labels, chart specs, JSON)."""
        values: list[float] = []
        strings: list[str] = []
        tables: list = []
        for msg in self.messages():
            _collect(msg, strings, tables, True, tables_as_text=False)
        for s in strings:
            values.extend(float(m) for m in _NUMBER.findall(s))
        for table in tables:
            for column in table.columns:
                for cell in column.to_pylist():
                    values.extend(_numbers_in(cell))
        return values


def _numbers_in(cell: object) -> list[float]:
    if isinstance(cell, bool) or cell is None:
        return []
    if isinstance(cell, (int, float)):
        return [float(cell)] if math.isfinite(float(cell)) else []
    if isinstance(cell, str):
        return [float(m) for m in _NUMBER.findall(cell)]
    if isinstance(cell, (list, tuple)):
        return [v for item in cell for v in _numbers_in(item)]
    if isinstance(cell, dict):
        return [v for item in cell.values() for v in _numbers_in(item)]
    return []


def _arrow_table(blob: bytes):
    """The Arrow IPC stream in ``blob`` as a pyarrow.Table, or None."""
    if not blob.startswith(_ARROW_STREAM):
        return None
    try:
        import pyarrow as pa
        return pa.ipc.open_stream(pa.py_buffer(blob)).read_all()
    except Exception:  # not Arrow after all
        return None


# Numeric proto fields a person reads on screen: a number box's value and its default.
WIDGET_VALUES = frozenset({"value", "default"})


def _collect(msg, strings: list[str], tables: list, skip_ids: bool, *,
             tables_as_text: bool = True) -> None:
    """Walk a protobuf message: strings into ``strings``, Arrow tables into ``tables``."""
    for fd, value in msg.ListFields():
        if skip_ids and fd.name in ID_FIELDS:
            continue
        items = value.values() if hasattr(value, "values") and hasattr(value, "items") else (
            value if fd.is_repeated else (value,))
        for item in items:
            if fd.type == fd.TYPE_MESSAGE:
                _collect(item, strings, tables, skip_ids, tables_as_text=tables_as_text)
            elif fd.type == fd.TYPE_STRING:
                strings.append(item)
            elif fd.type in (fd.TYPE_DOUBLE, fd.TYPE_FLOAT) and fd.name in WIDGET_VALUES:
                strings.append(f"{item:g}")  # what a number box shows (a typed score)
            elif fd.type == fd.TYPE_BYTES:
                table = _arrow_table(item)
                if table is None:
                    continue
                tables.append(table)
                if tables_as_text:
                    strings.extend(table.column_names)
                    for column in table.columns:
                        strings.extend(str(c) for c in column.to_pylist() if c is not None)


async def open_page(base_url: str, page_name: str = "", query_string: str = "", *,
                    label: str = "", quiet: float = 0.5, timeout: float = 60.0,
                    **options) -> WireSession:
    """Connect a session to a page and wait until its runs have settled."""
    session = WireSession(label or page_name or "home", **options)
    await session.connect(base_url, page_name, query_string, timeout=timeout)
    await session.wait_idle(quiet=quiet, timeout=timeout)
    return session
