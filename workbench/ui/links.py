"""Links people open on their own devices: built from the public address, not localhost.

A facilitator who opened the app as ``http://localhost:8501`` would otherwise hand phones a
link that points at the phones themselves. ``WORKBENCH_PUBLIC_URL`` (e.g.
``https://workshop.example.com`` or ``http://192.168.1.20:8501``) names the address people
reach the app on; without it the address the facilitator's browser used is taken.
"""

from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit

import streamlit as st

PUBLIC_URL_ENV = "WORKBENCH_PUBLIC_URL"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}


def configured_base() -> str | None:
    """The configured public address without a trailing slash; None if unset or not http(s)."""
    value = os.environ.get(PUBLIC_URL_ENV, "").strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return value


def public_base() -> str:
    """Where other devices reach the app: the configured address, else this browser's."""
    return configured_base() or (st.context.url or "").split("?")[0].rsplit("/", 1)[0]


def join_link(code: str | None) -> str:
    """The link that opens the Join page with the code filled in."""
    return f"{public_base()}/join?code={code or ''}"


def is_local(base: str) -> bool:
    """True when the address only works on this machine (localhost and friends)."""
    return (urlsplit(base).hostname or "") in LOCAL_HOSTS


def lan_address() -> str | None:
    """This machine's address on the local network, for the hint (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET: connect() on UDP only picks a route
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address
