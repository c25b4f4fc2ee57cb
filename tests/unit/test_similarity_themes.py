"""Themes: Ward clusters of unit vectors, named by their most telling words."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.domain.models import InvalidInput
from workbench.similarity.themes import suggest_themes, theme_names, words


def test_two_clear_directions_make_two_themes_largest_first():
    """Three vectors near (1,0) and two near (0,1): Ward with 2 themes splits them so, and
    the three-idea theme is numbered 0. Names: "dark" and "app" are in 3/3 inside, 0/2
    outside (lift 1); "invoice" 2/2 (lift 1), then "export" and "download" tie at 1/2 and the
    tie goes to the later word alphabetically (sorted in reverse)."""
    v = np.array([[1, 0.05], [1, -0.05], [1, 0], [0.05, 1], [-0.05, 1]], dtype=np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    texts = ["dark mode app", "dark theme app", "dark colours app", "invoice export",
             "invoice download"]
    themes = suggest_themes(texts, v, 2)
    assert themes.labels.tolist() == [0, 0, 0, 1, 1]
    assert themes.names == ["dark · app", "invoice · export"]


def test_names_prefer_words_common_inside_and_rare_outside():
    """"app" is in all 4 texts: lift 1 − 1 = 0 inside theme 0; "dark" 2/2 − 0/2 = 1 wins."""
    labels = np.array([0, 0, 1, 1])
    names = theme_names(["dark app", "dark mode app", "export app", "export csv app"], labels,
                        top=1)
    assert names == ["dark", "export"]


def test_stop_words_and_numbers_name_no_theme():
    assert words("Add a new way for the 2 of us to export") == {"way", "export"}


@pytest.mark.parametrize(("texts", "n"), [(["a", "b"], 1), (["a", "b", "c"], 0),
                                          (["a", "b", "c"], 4)])
def test_too_few_ideas_or_a_bad_count_is_refused(texts, n):
    with pytest.raises(InvalidInput):
        suggest_themes(texts, np.eye(len(texts), dtype=np.float32), n)
