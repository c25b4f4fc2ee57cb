"""domain.validate: every input check either returns a clean value or raises a named error."""

from __future__ import annotations

import math
import re
from decimal import Decimal

import pytest

from workbench.domain.models import BULK_MAX_LINES, InvalidInput, InvalidWeights, ScoreOutOfRange
from workbench.domain.validate import (
    check_weight_set,
    clean_direction,
    clean_int,
    clean_scale,
    clean_score,
    clean_text,
    clean_weight,
    split_bulk_lines,
    unique_ids,
)

# ---- clean_text -------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    ("  Faster onboarding  ", "Faster onboarding"),
    ("Faster\t\tonboarding", "Faster onboarding"),
    ("Faster\n onboarding\r\nnow", "Faster onboarding now"),
    ("a\u00a0\u00a0b", "a b"),            # no-break spaces count as whitespace
    ("\u3000wide\u3000", "wide"),          # ideographic space
    ("e\u0301cole", "\u00e9cole"),         # NFD is normalised to NFC
])
def test_single_line_text_is_stripped_collapsed_and_normalised(raw, expected):
    assert clean_text(raw, "Idea title", 120) == expected


def test_multiline_text_keeps_its_line_breaks_and_tabs_but_is_stripped_at_the_ends():
    raw = "  first line\n\tindented second\n\nthird  "
    assert clean_text(raw, "Description", 2000, multiline=True) == (
        "first line\n\tindented second\n\nthird")


@pytest.mark.parametrize("raw", [None, "", "   ", "\n\t \r\n", "\u00a0"])
def test_empty_required_text_is_refused_with_the_field_name(raw):
    with pytest.raises(InvalidInput, match="^Idea title cannot be empty\\.$"):
        clean_text(raw, "Idea title", 120)


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_empty_optional_text_becomes_an_empty_string(raw):
    assert clean_text(raw, "Goal", 2000, required=False) == ""


@pytest.mark.parametrize("raw", [42, 4.2, True, ["a"], ("a",), {"a": 1}, b"bytes", object()])
def test_text_of_the_wrong_type_is_refused(raw):
    with pytest.raises(InvalidInput, match="^Idea title must be text\\.$"):
        clean_text(raw, "Idea title", 120)


def test_text_at_the_limit_is_accepted_and_one_over_is_refused_with_both_numbers():
    assert clean_text("x" * 120, "Idea title", 120) == "x" * 120
    with pytest.raises(InvalidInput, match="Idea title is 121 characters; the limit is 120"):
        clean_text("x" * 121, "Idea title", 120)


def test_the_limit_counts_the_cleaned_text_not_the_surrounding_whitespace():
    assert clean_text("   " + "x" * 10 + "   ", "Name", 10) == "x" * 10


def test_an_over_long_message_formats_big_numbers_with_thousands_separators():
    with pytest.raises(InvalidInput, match="is 2,001 characters; the limit is 2,000"):
        clean_text("y" * 2001, "Description", 2000, multiline=True)


@pytest.mark.parametrize("raw", [
    "<script>alert(1)</script>",
    "**bold** [x](javascript:alert(1))",
    '=HYPERLINK("http://x")',
    "'; DROP TABLE ideas; --",
    ":red[x] $x^2$",
])
def test_hostile_looking_text_passes_through_unchanged(raw):
    assert clean_text(raw, "Idea title", 120) == raw


@pytest.mark.parametrize(("raw", "code"), [
    ("\x00 Fast setup", "U+0000"),
    ("Fast setup \x1b", "U+001B"),
    ("Fast \x07 setup", "U+0007"),
    ("Fast\x85setup", "U+0085"),
    ("\x00\x01", "U+0000"),
])
def test_control_characters_are_refused_with_a_reason_naming_them(raw, code):
    with pytest.raises(InvalidInput, match="^" + re.escape(
            f"Need statement contains an invisible control character ({code}); remove it")):
        clean_text(raw, "Need statement", 300)


@pytest.mark.parametrize("raw", ["\u200b", "\u200b\u200b \u2060", "\ufeff"])
def test_text_made_only_of_invisible_characters_counts_as_empty(raw):
    with pytest.raises(InvalidInput, match="cannot be empty"):
        clean_text(raw, "Idea title", 120)


@pytest.mark.parametrize("mark", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066",
                                  "\u2067", "\u2068", "\u2069"])
def test_bidirectional_embedding_override_and_isolate_marks_are_refused(mark):
    """ "Mall\u202eory" would show as "Mallyro": refused, not silently changed."""
    with pytest.raises(InvalidInput, match=f"U\\+{ord(mark):04X}"):
        clean_text(f"Idea {mark}evil ok", "Idea title", 120)


def test_windows_line_ends_and_tabs_are_white_space_not_control_characters():
    assert clean_text("first\r\nsecond\tthird", "Description", 200, multiline=True) == (
        "first\nsecond\tthird")
    assert clean_text("one\r\ntwo", "Idea title", 120) == "one two"


# ---- clean_int --------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    (1, 1), (5, 5), (3.0, 3), ("4", 4), (" 2 ", 2), ("3.0", 3), (Decimal("2"), 2),
])
def test_whole_numbers_in_range_are_accepted_as_int(raw, expected):
    value = clean_int(raw, "Importance", 1, 5)
    assert value == expected and type(value) is int


@pytest.mark.parametrize("raw", [
    0, 6, -1, 2.5, "2.5", "abc", True, False, math.nan, math.inf, -math.inf, "nan", [3], {}, 1e300,
])
def test_anything_but_a_whole_number_in_range_is_refused_with_the_range(raw):
    with pytest.raises(InvalidInput, match="^Importance must be a whole number from 1 to 5\\.$"):
        clean_int(raw, "Importance", 1, 5)


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_a_missing_required_number_is_refused(raw):
    with pytest.raises(InvalidInput, match="^Importance is required\\.$"):
        clean_int(raw, "Importance", 1, 5)


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_a_missing_optional_number_is_none(raw):
    assert clean_int(raw, "Current satisfaction", 1, 5, required=False) is None


# ---- clean_score ------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    (1, 1.0), (5, 5.0), (2.5, 2.5), ("4", 4.0), (Decimal("3.5"), 3.5),
])
def test_scores_on_the_scale_are_accepted_as_float(raw, expected):
    value = clean_score(raw, "Impact", 1, 5)
    assert value == expected and isinstance(value, float)


@pytest.mark.parametrize("raw", [0, 6, -1, 0.99, 5.01, math.inf, -math.inf, math.nan])
def test_scores_off_the_scale_are_refused_with_the_scale(raw):
    with pytest.raises(ScoreOutOfRange, match="^Impact: .* (outside the scale|number from) 1 to 5"):
        clean_score(raw, "Impact", 1, 5)


@pytest.mark.parametrize("raw", ["abc", "", None, [3], {"v": 3}, object()])
def test_scores_that_are_not_numbers_are_refused_and_say_so(raw):
    with pytest.raises(ScoreOutOfRange, match="^Impact: .* is not a number; use 1 to 5\\.$"):
        clean_score(raw, "Impact", 1, 5)


@pytest.mark.parametrize("raw", [True, False])
def test_booleans_are_not_scores(raw):
    with pytest.raises(ScoreOutOfRange, match="^Impact: a score must be a number from 1 to 5\\.$"):
        clean_score(raw, "Impact", 1, 5)


def test_score_errors_are_invalid_input_so_pages_can_catch_one_type():
    assert issubclass(ScoreOutOfRange, InvalidInput)


def test_a_very_long_non_number_is_shortened_in_the_score_message():
    with pytest.raises(ScoreOutOfRange) as info:
        clean_score("z" * 500, "Impact", 1, 5)
    assert len(str(info.value)) < 120


# ---- weights ----------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [(0, 0.0), (1, 1.0), ("2.5", 2.5), (1000, 1000.0)])
def test_weights_from_zero_to_a_thousand_are_accepted(raw, expected):
    assert clean_weight(raw, "Impact") == expected


@pytest.mark.parametrize("raw", [
    -1, -0.001, math.nan, math.inf, -math.inf, 1000.5, "abc", "", None, True, False, [1],
])
def test_negative_non_numeric_or_huge_weights_are_refused(raw):
    with pytest.raises(InvalidWeights, match="^Impact: (the weight must be a number ≥ 0|weights "
                                              "above 1000)"):
        clean_weight(raw, "Impact")


@pytest.mark.parametrize("weights", [{}, {"Impact": 0.0}, {"Impact": 0.0, "Cost": 0.0}])
def test_a_weight_set_that_sums_to_zero_is_refused(weights):
    with pytest.raises(InvalidWeights, match="At least one criterion needs a weight above 0"):
        check_weight_set(weights)


def test_a_weight_set_with_one_positive_weight_is_fine():
    assert check_weight_set({"Impact": 0.0, "Cost": 0.5}) is None


# ---- direction and scale ----------------------------------------------------------------


@pytest.mark.parametrize("raw", ["benefit", "cost"])
def test_benefit_and_cost_are_the_directions(raw):
    assert clean_direction(raw) == raw


@pytest.mark.parametrize("raw", ["Benefit", "COST", "up", "", None, 1, ["cost"]])
def test_any_other_direction_is_refused(raw):
    with pytest.raises(InvalidInput, match="Direction must be 'benefit'"):
        clean_direction(raw)


@pytest.mark.parametrize(("low", "high", "expected"), [
    (1, 5, (1.0, 5.0)), ("0", "10", (0.0, 10.0)), (-2.5, 2.5, (-2.5, 2.5)),
])
def test_a_scale_with_low_below_high_is_accepted(low, high, expected):
    assert clean_scale(low, high) == expected


@pytest.mark.parametrize(("low", "high"), [(5, 1), (3, 3), (math.nan, 5), (1, math.inf)])
def test_a_scale_whose_low_is_not_below_its_high_is_refused(low, high):
    with pytest.raises(InvalidInput, match="lowest value must be below its highest"):
        clean_scale(low, high)


@pytest.mark.parametrize(("low", "high"), [("a", 5), (1, None), ([1], 5)])
def test_a_scale_that_is_not_two_numbers_is_refused(low, high):
    with pytest.raises(InvalidInput, match="^The scale must be two numbers\\.$"):
        clean_scale(low, high)


# ---- split_bulk_lines -------------------------------------------------------------------


def test_pasted_lines_lose_their_bullets_and_blank_lines_are_skipped():
    text = ("- Self-serve import\n\n* Guided tour\r\n  • SSO wizard  \n· Pricing page\n   \n"
            "Plain one")
    assert split_bulk_lines(text, 120) == [
        "Self-serve import", "Guided tour", "SSO wizard", "Pricing page", "Plain one"]


def test_a_line_that_is_only_a_bullet_is_skipped():
    assert split_bulk_lines("-\n*\n•\nReal idea", 120) == ["Real idea"]


def test_whitespace_inside_a_pasted_line_is_collapsed():
    assert split_bulk_lines("Faster \t  setup", 120) == ["Faster setup"]


@pytest.mark.parametrize("text", ["", "\n\n", "  \n\t\n", "-\n* \n•"])
def test_pasting_nothing_usable_is_refused(text):
    with pytest.raises(InvalidInput, match="^Paste at least one idea \\(one per line\\)\\.$"):
        split_bulk_lines(text, 120)


@pytest.mark.parametrize("text", [None, 5, ["a", "b"], b"a\nb"])
def test_pasting_something_that_is_not_text_is_refused(text):
    with pytest.raises(InvalidInput, match="^Paste ideas as text, one per line\\.$"):
        split_bulk_lines(text, 120)


def test_an_over_long_line_is_refused_naming_its_line_number_and_that_nothing_was_added():
    text = "ok one\n\n" + "x" * 121 + "\nok two"
    with pytest.raises(InvalidInput, match="^Line 3 is 121 characters; the limit is 120\\. "
                                           "Nothing was added\\.$"):
        split_bulk_lines(text, 120)


def test_exactly_the_maximum_number_of_lines_is_accepted_and_one_more_is_refused():
    assert len(split_bulk_lines("\n".join(f"idea {i}" for i in range(BULK_MAX_LINES)), 120)) == (
        BULK_MAX_LINES)
    too_many = "\n".join(f"idea {i}" for i in range(BULK_MAX_LINES + 1))
    with pytest.raises(InvalidInput, match=f"{BULK_MAX_LINES + 1} lines pasted; at most "
                                           f"{BULK_MAX_LINES} at a time"):
        split_bulk_lines(too_many, 120)


@pytest.mark.parametrize(("line", "expected"), [
    ("-10% onboarding time", "-10% onboarding time"),
    ("**Bold** idea", "**Bold** idea"),
    ("--dry-run mode for imports", "--dry-run mode for imports"),
])
def test_only_a_real_bullet_marker_is_stripped_from_a_pasted_line(line, expected):
    assert split_bulk_lines(line, 120) == [expected]


# ---- unique_ids -------------------------------------------------------------------------


def test_selections_become_sorted_unique_integer_ids():
    assert unique_ids([5, "3", 5, 1.0, 3], "Needs") == (1, 3, 5)
    assert unique_ids([], "Needs") == ()
    assert unique_ids(iter([2, 2]), "Needs") == (2,)


@pytest.mark.parametrize("values", [["abc"], [None], [[1]], 7, None])
def test_a_selection_with_something_that_is_not_an_id_is_refused(values):
    with pytest.raises(InvalidInput, match="^Needs: unexpected selection\\.$"):
        unique_ids(values, "Needs")


def test_the_ascii_fast_path_refuses_exactly_the_control_characters():
    """Every ASCII character: refused iff Unicode calls it a control (Cc) other than tab,
    newline and carriage return — what the per-character check says for any text."""
    import unicodedata

    for code in range(128):
        ch = chr(code)
        refused = unicodedata.category(ch) == "Cc" and ch not in "\t\n\r"
        try:
            clean_text(f"a{ch}b", "Field", 10)
        except InvalidInput as exc:
            assert refused and f"U+{code:04X}" in str(exc), repr(ch)
        else:
            assert not refused, repr(ch)
