"""Keep Streamlit in st.navigation mode even when a page file is the first thing a process runs."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def ensure_app_router() -> None:
    """Rerun through app.py if this page ran in Streamlit's legacy pages/ mode.

    Streamlit decides "legacy pages/ folder app" per process until some run calls
    st.navigation. If the first request after a start is a deep link (/score), the page
    runs without app.py, st.navigation never runs, and every later session in the process
    gets raw file names and no shared sidebar. Flipping the flag and rerunning sends this
    run (and every later one) through app.py.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
