"""domain.safe_text: user text shows literally in Markdown, Plotly labels and spreadsheets."""

from __future__ import annotations

import re
import string

import pytest

from workbench.domain.safe_text import chart_label, md, neutralise_cell, shorten

# Every character Markdown, Streamlit directives (:red[..], :emoji:), LaTeX or HTML give meaning.
SPECIAL = "\\`*_{}[]()#+-.!|<>~$:&=\"'^%"
ZWSP = "\u200b"

HOSTILE = [
    "<script>alert(1)</script>",
    "**bold** [x](javascript:alert(1))",
    '=HYPERLINK("http://x")',
    "'; DROP TABLE ideas; --",
    ":red[x] $x^2$",
    "# Heading\n- bullet\n1. numbered\n> quote",
    "| a | b |\n|---|---|",
    "`code` ~~strike~~ _em_ __strong__",
    "![img](http://x/y.png) <img src=x onerror=alert(1)>",
    ":material/delete: :smile: :blue-background[hi]",
    "&lt;b&gt; &amp; &#x3C;",
    "a\\*b\\ \\\\ c\\:d",
    "$$\\frac{1}{2}$$ 100% ^caret^ {curly}",
    "x" * 50 + "\n\n" + "y",
]


def read_back(out: str) -> str:
    """Undo md() while checking that no special character is left unescaped."""
    text = (out.replace("  \n", "\n").replace("\\:" + ZWSP, "\\:").replace("@" + ZWSP, "@")
            .replace("www" + ZWSP, "www"))
    chars, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            assert i + 1 < len(text), f"dangling backslash at the end of {out!r}"
            escaped = text[i + 1]
            assert escaped in SPECIAL, f"needless escape of {escaped!r} in {out!r}"
            chars.append(escaped)
            i += 2
        else:
            assert ch not in SPECIAL, f"unescaped {ch!r} at {i} in {out!r}"
            chars.append(ch)
            i += 1
    return "".join(chars)


def as_rendered(out: str) -> str:
    """The text a Markdown renderer holds after it has applied the backslash escapes."""
    return re.sub(r"\\(.)", r"\1", out.replace("  \n", "\n"))


@pytest.mark.parametrize("char", [c for c in SPECIAL if c != ":"])
def test_md_backslash_escapes_every_special_character(char):
    assert md(char) == "\\" + char
    assert md(f"a{char}b") == f"a\\{char}b"


def test_md_escapes_a_colon_and_breaks_it_with_a_zero_width_space():
    assert md(":") == "\\:" + ZWSP
    assert md(":smile:") == f"\\:{ZWSP}smile\\:{ZWSP}"


@pytest.mark.parametrize("text", [string.ascii_letters, string.digits, "plain words, here; ok? /",
                                  "Ünïcødé — ✓ 日本語", ""])
def test_md_leaves_ordinary_characters_alone(text):
    assert md(text) == text


@pytest.mark.parametrize("text, expected", [
    ("bob@evil.example", f"bob@{ZWSP}evil\\.example"),
    ("www.evil.example", f"www{ZWSP}\\.evil\\.example"),
    ("WWW.Evil.example", f"WWW{ZWSP}\\.Evil\\.example"),
])
def test_md_breaks_bare_www_and_email_autolinks(text, expected):
    assert md(text) == expected


@pytest.mark.parametrize("text", HOSTILE + [string.printable])
def test_md_escapes_every_special_character_in_hostile_text_and_reads_back_exactly(text):
    assert read_back(md(text)) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("<script>alert(1)</script>", "\\<script\\>alert\\(1\\)\\</script\\>"),
    ("**bold**", "\\*\\*bold\\*\\*"),
    ("[x](javascript:alert(1))", f"\\[x\\]\\(javascript\\:{ZWSP}alert\\(1\\)\\)"),
    (":red[x]", f"\\:{ZWSP}red\\[x\\]"),
    ("$x^2$", "\\$x\\^2\\$"),
    ("# not a heading", "\\# not a heading"),
    ("1. not a list", "1\\. not a list"),
    ("&amp;", "\\&amp;"),
])
def test_md_output_for_typical_injection_attempts(text, expected):
    assert md(text) == expected


def test_md_turns_newlines_into_hard_line_breaks():
    assert md("one\ntwo") == "one  \ntwo"


@pytest.mark.parametrize("text", ["http://evil.example/x", "HTTPS://evil.example",
                                  "see https://x.y/z?a=1 now", "javascript:alert(1)"])
def test_md_stops_bare_urls_becoming_links(text):
    rendered = as_rendered(md(text))
    assert not re.search(r"(?i)https?://", rendered)
    assert not re.search(r"(?i)[a-z]+:(?=[a-z/])", rendered)


@pytest.mark.parametrize("text", ["www.evil.example", "mail bob@evil.example please"])
def test_md_stops_www_and_email_literals_becoming_links(text):
    rendered = as_rendered(md(text))
    assert not re.search(r"(?i)(?<![\w])www(?=\.)", rendered)
    assert not re.search(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+", rendered)


@pytest.mark.parametrize("value", [42, 4.5, None, ["<b>"]])
def test_md_accepts_non_text_and_escapes_its_string_form(value):
    assert read_back(md(value)) == str(value)


# ---- neutralise_cell --------------------------------------------------------------------


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)",
                                   "\t=1", "\r=1", "=", "-"])
def test_cells_that_start_like_a_formula_get_a_leading_quote(value):
    assert neutralise_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["plain", " =1+1", "a=b", "'already", "", "1-2", "%pct",
                                   "<b>x</b>", "\n=1"])
def test_other_text_cells_are_left_alone(value):
    assert neutralise_cell(value) == value


@pytest.mark.parametrize("value", [-5, 3.5, None, True, float("-inf")])
def test_non_text_cells_are_left_alone(value):
    assert neutralise_cell(value) is value


# ---- chart_label and shorten ------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"),
    ("a & b", "a &amp; b"),
    ('say "hi" it\'s', 'say "hi" it\'s'),
    ("<br>line", "&lt;br&gt;line"),
    ("plain", "plain"),
    (42, "42"),
])
def test_chart_labels_are_html_escaped(text, expected):
    assert chart_label(text) == expected


def test_chart_labels_are_not_shortened_without_a_limit():
    assert chart_label("x" * 500) == "x" * 500


def test_a_chart_label_within_the_limit_is_unchanged():
    assert chart_label("x" * 20, 20) == "x" * 20


def test_a_long_chart_label_is_cut_to_the_limit_with_an_ellipsis():
    label = chart_label("abcdefghij" * 5, 12)
    assert label == "abcdefghija…" and len(label) == 12


def test_a_chart_label_is_shortened_before_escaping_so_no_entity_is_cut():
    assert chart_label("<<<<<<<<<<", 5) == "&lt;&lt;&lt;&lt;…"


def test_trailing_spaces_are_dropped_before_the_ellipsis():
    assert chart_label("word     tail", 8) == "word…"


def test_shorten_cuts_plain_text_to_the_limit_with_an_ellipsis_and_keeps_markup_as_is():
    assert shorten("<b>" + "x" * 10, 6) == "<b>xx…"
    assert shorten("short", 10) == "short"
    assert len(shorten("y" * 100, 30)) == 30
