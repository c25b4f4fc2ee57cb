"""Tracker markup (Jira wiki, Trello Markdown) turned into the plain text an idea holds."""

from __future__ import annotations

import re

# (a substring the pattern needs — a cheap test that skips most patterns —, pattern, result)
_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("{", re.compile(r"\{(code|noformat|quote|panel)(:[^}]*)?\}"), ""),  # block tags, keep body
    ("{color", re.compile(r"\{color(:[^}]*)?\}"), ""),
    ("{{", re.compile(r"\{\{(.+?)\}\}"), r"\1"),                          # {{monospace}}
    ("h", re.compile(r"^h[1-6]\.\s*", re.MULTILINE), ""),                  # h2. Heading
    ("bq.", re.compile(r"^bq\.\s*", re.MULTILINE), ""),                     # bq. quote
    ("----", re.compile(r"^-{4,}\s*$", re.MULTILINE), ""),                   # ---- rule
    ("", re.compile(r"^[*#]+\s+", re.MULTILINE), "- "),                     # * bullet, # numbered
    ("|", re.compile(r"\[([^\]|\n]+)\|([^\]\n]+)\]"), r"\1 (\2)"),       # [text|url]
    ("[http", re.compile(r"\[(https?://[^\]\s]+)\]"), r"\1"),              # [url]
    ("*", re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])"), r"\1"),  # *bold*
    ("_", re.compile(r"(?<![\w_])_(?!\s)([^_\n]+?)(?<!\s)_(?![\w_])"), r"\1"),    # _italic_
    ("+", re.compile(r"(?<!\w)\+(?!\s)([^+\n]+?)(?<!\s)\+(?!\w)"), r"\1"),       # +underline+
    ("!", re.compile(r"!([^!\s|]+)(\|[^!]*)?!"), r"[image \1]"),          # !image.png|thumb!
)
_MARKDOWN: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\*\*(.+?)\*\*"), r"\1"),
    (re.compile(r"__(.+?)__"), r"\1"),
    (re.compile(r"^#{1,6}\s+", re.MULTILINE), ""),
    (re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)"), r"\1 (\2)"),
)


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def jira_to_text(text: str) -> str:
    """Jira wiki markup as plain text: *bold*, _italic_, {code}, h2., [label|url], bullets."""
    for needle, pattern, replacement in _RULES:
        if needle in text:
            text = pattern.sub(replacement, text)
    return _tidy(text)


def markdown_to_text(text: str) -> str:
    """The Markdown Trello and Linear descriptions use, as plain text (bold, headings, links)."""
    for pattern, replacement in _MARKDOWN:
        text = pattern.sub(replacement, text)
    return _tidy(text)
