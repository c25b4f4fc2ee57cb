"""User text is data, never markup: escaping for Markdown, Plotly labels and spreadsheet cells."""

from __future__ import annotations

import html
import re

# Every ASCII punctuation character that Markdown, Streamlit's directives (:red[..],
# :emoji:), LaTeX ($..$) or HTML give meaning to is backslash-escaped.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'^%])")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def md(text: object) -> str:
    """Escape user text for st.markdown / widget labels so it shows literally."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
    # GFM turns bare "scheme://" into links even when escaped; a zero-width space stops it.
    escaped = escaped.replace("\n", "  \n")
    # GFM also links bare "www." and e-mail addresses; a zero-width space breaks both.
    escaped = re.sub(r"(?i)(www)(?=\\\.)", "\\1\u200b", escaped).replace("@", "@\u200b")
    return escaped.replace("\\:", "\\:\u200b")


def chart_label(text: object, limit: int | None = None) -> str:
    """Escape user text for Plotly (which renders a subset of HTML), optionally shortened."""
    value = str(text)
    if limit is not None and len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return html.escape(value, quote=False)


def neutralise_cell(value: object) -> object:
    """Stop a spreadsheet from running a cell as a formula (prefix = + - @ with a quote)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def shorten(text: object, limit: int) -> str:
    """Cut plain text to ``limit`` characters with an ellipsis."""
    value = str(text)
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"
