"""Projector view: the join code, its QR code, phase, timer, counts and, after reveal, the top."""

import html
import io
import re

import segno
import streamlit as st

from workbench import services
from workbench.domain.models import UnknownCode, WorkbenchError
from workbench.domain.safe_text import md
from workbench.domain.secrets import normalise_code
from workbench.ui import links
from workbench.ui.context import get_store
from workbench.ui.live import prepare_status, timer_text
from workbench.ui.polling import poll_seconds
from workbench.ui.router import ensure_app_router

ensure_app_router()

# Public by design: the URL carries only ?code=…, and the page shows only what anyone holding
# the join code may see — no names, no scores before the reveal (services.projector_view).
st.set_page_config(initial_sidebar_state="collapsed")  # the big screen shows the board only
st.markdown("""<style>
[data-testid=stMainBlockContainer] {padding-top: 2.5rem; max-width: 1800px;}
.projector-fit {container-type: inline-size;}
.projector-code {font-size: 17cqw; font-weight: 800; line-height: 1.05; white-space: nowrap;
  letter-spacing: .1em; font-family: ui-monospace, "DejaVu Sans Mono", monospace;}
.projector-link {font-size: 1.4rem; word-break: break-all; opacity: .75;}
[data-testid=stMain] [data-testid=stMarkdownContainer] li,
[data-testid=stMain] [data-testid=stMarkdownContainer] p {font-size: 1.35rem;}
[data-testid=stMain] [data-testid=stMetricValue] [data-testid=stMarkdownContainer] p {
  font-size: 3.2rem; font-weight: 700; line-height: 1.1;}
</style>""", unsafe_allow_html=True)

code = normalise_code(st.query_params.get("code"))
if not code:
    st.title("Projector view")
    if st.query_params.get("code"):
        st.error(md(UnknownCode()), icon=":material/error:")
    st.markdown("Show a live workshop's join code, QR code and progress on the big screen. "
                "Nothing personal is shown: no names, and no scores before the reveal.")
    with st.form("projector_code"):
        typed = st.text_input("Join code", max_chars=20, placeholder="e.g. K7M2QX9")
        if st.form_submit_button("Show", type="primary"):
            if normalise_code(typed):
                st.query_params["code"] = normalise_code(typed)
                st.rerun()
            st.error("That is not a join code: 7 letters and digits, from the console.",
                     icon=":material/error:")
    st.stop()

store = get_store()
try:
    first = services.projector_view(store, code)
except WorkbenchError as exc:
    st.title("Projector view")
    st.error(md(exc), icon=":material/error:")
    st.stop()

join_link = links.join_link(first.join_code)


@st.cache_data(max_entries=32, show_spinner=False)
def qr_png(link: str) -> bytes:
    """The join link as a QR code (PNG, dark on white, quiet zone kept)."""
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="png", scale=12, border=4)
    return out.getvalue()


st.markdown(f"## {md(first.title)}")
left, right = st.columns([3, 2], gap="large", vertical_alignment="top")
with right:
    st.image(qr_png(join_link), width="stretch",
             alt=f"QR code of the join link {join_link}")
with left:
    st.markdown("**Scan the code or open the link, then enter this join code**")
    # Join codes are A–Z and 2–9 only; checked again before they meet HTML.
    shown_code = first.join_code if re.fullmatch(r"[A-Z2-9]+", first.join_code) else ""
    st.markdown(f'<div class="projector-fit"><div class="projector-code">'
                f'{html.escape(shown_code)}</div></div>', unsafe_allow_html=True)
    st.markdown(f'<div class="projector-link">{html.escape(join_link)}</div>',
                unsafe_allow_html=True)


def board(join_code: str) -> None:
    """Phase, timer, counts and (after the reveal) the top of the ranking — redrawn by polls."""
    try:
        view = services.projector_view(get_store(), join_code)
    except WorkbenchError as exc:
        st.error(md(exc), icon=":material/error:")
        return
    timer = timer_text(view.timer_ends_at, md(view.timer_label) if view.timer_label else None)
    if view.live:
        st.markdown(f"### :material/flag: {md(view.phase)}")
    if timer:
        st.markdown(f"### :material/timer: {timer}")
    ideas, people, scored = st.columns(3)
    ideas.metric("Ideas", view.ideas)
    people.metric("People", view.people)
    scored.metric("Have scored", f"{view.scored} of {view.people}")
    if view.results_shown and view.top:
        st.markdown("### :material/leaderboard: Top ideas")
        st.markdown("\n".join(f"{rank}. **{md(title)}** · {score:.1f}"
                              for rank, title, score in view.top))
    elif view.results_shown and view.shortlisted:
        st.caption("No shortlisted idea is fully scored yet.")
    elif view.shortlisted:
        st.markdown(":material/visibility_off: Results stay hidden until the facilitator "
                    "reveals them.")


# This page polls its own board, not the sidebar's workshop: one polling fragment per page.
prepare_status(None)
with left:
    st.fragment(board, run_every=poll_seconds(first.people))(first.join_code)
