"""Rating scales: what each accepts, and plain messages for what it refuses."""

import pytest

from workbench.domain.models import InvalidInput, ScoreOutOfRange
from workbench.domain.scales import (
    FIBONACCI,
    RICE_IMPACT,
    SCALES,
    TSHIRT,
    get_scale,
    parse_rating,
    rating_label,
    scale_range,
)

ACCEPTED = [
    ("1-5", 1, 5, 3, 3.0),
    ("1-5", 1, 5, "4.5", 4.5),
    ("1-10", 1, 10, 10, 10.0),
    ("fibonacci", 1, 21, 13, 13.0),
    ("tshirt", 1, 5, "m", 3.0),
    ("tshirt", 1, 5, " xl ", 5.0),
    ("tshirt", 1, 5, "XS", 1.0),
    ("tshirt", 1, 5, 2, 2.0),
    ("percent", 0, 100, 100, 100.0),
    ("percent", 0, 100, 0, 0.0),
    ("rice_impact", 0.25, 3, 0.25, 0.25),
    ("rice_impact", 0.25, 3, "2", 2.0),
    ("free", 0, 100, 5000, 5000.0),       # above the reference top is allowed
    ("custom", 0, 10, "2.5", 2.5),
]


@pytest.mark.parametrize(("key", "low", "high", "value", "expected"), ACCEPTED)
def test_ratings_each_scale_accepts(key, low, high, value, expected):
    assert parse_rating(value, "Impact", key, low, high) == expected


REFUSED = [
    ("fibonacci", 1, 21, 4, "Impact: 4 is not on the scale (Fibonacci: 1, 2, 3, 5, 8, 13, 21)."),
    ("rice_impact", 0.25, 3, 0.75,
     "Impact: 0.75 is not on the scale (RICE impact (0.25 minimal … 3 massive): "
     "0.25, 0.5, 1, 2, 3)."),
    ("percent", 0, 100, 101, "Impact: 101 is outside the scale 0 to 100."),
    ("free", 0, 100, -1, "Impact: -1 is outside the scale: any number ≥ 0 (counts fully at 100)."),
    ("1-5", 1, 5, True, "Impact: a score must be a number from 1 to 5."),
    ("1-5", 1, 5, False, "Impact: a score must be a number from 1 to 5."),
    ("1-10", 1, 10, "abc", "Impact: 'abc' is not a number; use 1 to 10."),
    ("tshirt", 1, 5, "XXL", "Impact: 'XXL' is not a number; use XS–XL."),
    ("tshirt", 1, 5, 6, "Impact: 6 is outside the scale XS–XL."),
    ("tshirt", 1, 5, 2.5, "Impact: 2.5 is not on the scale (XS–XL)."),
    ("1-5", 1, 5, 0, "Impact: 0 is outside the scale 1 to 5."),
    ("1-5", 1, 5, None, "Impact: 'None' is not a number; use 1 to 5."),
    ("1-5", 1, 5, "nan", "Impact: nan is outside the scale 1 to 5."),
    ("free", 0, 100, float("inf"),
     "Impact: inf is outside the scale: any number ≥ 0 (counts fully at 100)."),
]


@pytest.mark.parametrize(("key", "low", "high", "value", "message"), REFUSED)
def test_refused_ratings_say_what_the_scale_allows(key, low, high, value, message):
    with pytest.raises(ScoreOutOfRange) as caught:
        parse_rating(value, "Impact", key, low, high)
    text = str(caught.value)
    assert text == message
    assert text.endswith(".")
    assert isinstance(caught.value, InvalidInput)


def test_a_long_bad_value_is_cut_in_the_message():
    with pytest.raises(ScoreOutOfRange) as caught:
        parse_rating("x" * 500, "Impact", "1-5", 1, 5)
    assert "x" * 41 not in str(caught.value)


def test_unknown_scale_key_falls_back_to_the_custom_range():
    assert parse_rating(7, "Impact", "no-such-scale", 0, 10) == 7.0
    with pytest.raises(ScoreOutOfRange, match="outside the scale 0 to 10."):
        parse_rating(11, "Impact", "no-such-scale", 0, 10)


def test_the_scales_themselves():
    assert FIBONACCI == (1, 2, 3, 5, 8, 13, 21)
    assert TSHIRT == ("XS", "S", "M", "L", "XL")
    assert RICE_IMPACT == (0.25, 0.5, 1, 2, 3)
    assert SCALES["free"].open_top and SCALES["free"].custom_range
    assert SCALES["tshirt"].describe(1, 5) == "XS–XL"
    assert SCALES["free"].describe(0, 50) == "any number ≥ 0 (counts fully at 50)"
    assert SCALES["1-10"].describe(1, 10) == "1–10"


def test_scale_range_is_fixed_for_named_scales_and_checked_for_custom_ones():
    assert scale_range("fibonacci", 0, 999) == (1, 21)
    assert scale_range("percent") == (0, 100)
    assert scale_range("free", 0, 500) == (0.0, 500.0)
    assert scale_range("custom") == (1.0, 5.0)
    with pytest.raises(InvalidInput, match=r"^The scale's lowest value must be below its "
                                           r"reference value\.$"):
        scale_range("free", 5, 5)
    with pytest.raises(InvalidInput, match=r"^The scale's lowest value must be below its "
                                           r"highest value\.$"):
        scale_range("custom", 3, 1)
    with pytest.raises(InvalidInput, match=r"^The scale must be two numbers\.$"):
        scale_range("custom", "a", 3)


@pytest.mark.parametrize("key", ["nope", None, 3, "<script>"])
def test_get_scale_names_the_choices(key):
    with pytest.raises(InvalidInput) as caught:
        get_scale(key)
    text = str(caught.value)
    assert text.startswith("Scale must be one of: 1–5, 1–10, Fibonacci")
    assert text.endswith(".") and "<script>" not in text


def test_rating_labels():
    assert rating_label(3, "tshirt") == "M"
    assert rating_label(80, "percent") == "80 %"
    assert rating_label(2.5, "1-5") == "2.5"
    assert rating_label(2.5, "tshirt") == "2.5"  # an average between sizes stays a number
