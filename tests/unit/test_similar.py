"""Near-duplicate detection on idea titles."""

from workbench.engine.similar import duplicate_pairs, similar_titles


def test_reworded_duplicate_is_found_and_unrelated_titles_are_not():
    titles = ["Interactive setup checklist", "Setup checklist with progress bar",
              "SCIM user provisioning", "Pricing calculator on the sign-up page"]
    assert [(a, b) for a, b, _ in duplicate_pairs([1, 2, 3, 4], titles)] == [(1, 2)]


def test_similar_titles_ignores_case_and_punctuation():
    found = similar_titles("interactive SETUP checklist!!", ["Interactive setup checklist",
                                                             "Import wizard"])
    assert [t for t, _ in found] == ["Interactive setup checklist"]
    assert found[0][1] == 100.0


def test_a_single_idea_has_no_pairs():
    assert duplicate_pairs([1], ["Only one"]) == []
