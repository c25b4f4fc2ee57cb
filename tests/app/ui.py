"""Small finders for AppTest trees, so tests read like what a person does."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest


def button(at: AppTest, label: str):
    """The one button (or form submit button) with this label."""
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r}; have {[b.label for b in at.button]}"
    return found[0]


def follow_rerun(at: AppTest) -> AppTest:
    """Do the rerun a browser does after ``done()`` (AppTest stops at st.rerun)."""
    if "_flash" in at.session_state and at.session_state["_flash"]:
        at.run()
    assert not at.exception, at.exception
    return at


def click(at: AppTest, label: str) -> AppTest:
    """Click a button by its label, run, and follow a confirmation rerun."""
    button(at, label).click().run()
    assert not at.exception, at.exception
    return follow_rerun(at)


def field(at: AppTest, kind: str, label: str):
    """The first widget of ``kind`` (text_input, selectbox, …) with this label."""
    found = [w for w in getattr(at, kind) if w.label == label]
    assert found, f"no {kind} {label!r}; have {[w.label for w in getattr(at, kind)]}"
    return found[0]


def texts(at: AppTest) -> str:
    """Everything written as markdown, text, captions, titles, headers and alerts, joined."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info",
                 "warning", "error", "success"):
        parts.extend(str(e.value) for e in getattr(at, kind))
    return "\n".join(parts)


def as_read(markdown: str) -> str:
    """Escaped Markdown (``md``) as a person reads it: escapes and zero-width spaces gone."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u200b", "").replace("  \n", "\n")


def errors(at: AppTest) -> list[str]:
    """Messages of every st.error on screen, as a person reads them (errors are escaped)."""
    return [as_read(str(e.value)) for e in at.error]


def toasts(at: AppTest) -> list[str]:
    """Messages of every toast on screen, as a person reads them (toasts are escaped Markdown)."""
    return [as_read(str(t.value)) for t in at.toast]


def wall_section(at, heading: str) -> list[str]:
    """The bullet lines under the idea-wall group whose heading contains ``heading``
    (the wall is one Markdown block: "**need · segment** · n", then "- title" lines)."""
    for m in at.main.markdown:
        blocks = m.value.split("\n\n")
        for k, block in enumerate(blocks):
            if block.startswith("**") and heading in block and k + 1 < len(blocks):
                return blocks[k + 1].split("\n")
    raise AssertionError(f"no idea-wall group {heading!r}")


def as_seat(seat, page: str | None = None) -> AppTest:
    """Open the app the way a rejoin link does: ?code=…&me=…"""
    from tests.app.conftest import ROOT
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["code"] = seat.workshop.join_code
    at.query_params["me"] = seat.rejoin_token
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at
