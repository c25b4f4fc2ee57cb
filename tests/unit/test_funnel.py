"""The funnel from many ideas to few, on hand-made counts and on a real workshop."""

import pandas as pd

from tests.conftest import Workshop
from workbench import services
from workbench.engine.charts.funnel import build_funnel_figure
from workbench.engine.funnel import NOT_CHOSEN, Funnel, funnel

CRITERIA = [100, 101]


def hand_made():
    """Six live ideas; ideas 1 and 3 absorbed 2 and 1 others; ideas 1–3 shortlisted.
    Ratings this round: 1 on both criteria, 2 on one only, 3 on both, 4 (not shortlisted) on
    both, 5 on a criterion no longer in the workshop."""
    ideas = pd.DataFrame({"id": [1, 2, 3, 4, 5, 6],
                          "shortlisted": [True, True, True, False, False, False],
                          "merged_count": [2, 0, 1, 0, 0, 0]})
    means = pd.DataFrame({"idea_id": [1, 1, 2, 3, 3, 4, 4, 5],
                          "criterion_id": [100, 101, 100, 100, 101, 100, 101, 999],
                          "n": [3, 1, 2, 1, 1, 2, 2, 4]})
    return ideas, means


def test_each_stage_counts_by_its_rule():
    """Generated 6 live + 2 + 1 merged away = 9; after merging 6; shortlisted 3 (ideas 1–3);
    scored 2 (ideas 1 and 3 have both criteria; 2 lacks one; 4 is not shortlisted);
    selected: Must holds 1 and 4, of which only 1 is shortlisted → 1."""
    result = funnel(*hand_made(), CRITERIA, selected_ids=[1, 4])
    assert result == Funnel(9, 6, 3, 2, 1)
    assert result.line() == ("Funnel: 9 ideas → 6 after merging → 3 shortlisted → 2 scored → "
                             "1 selected")


def test_nothing_in_must_reads_not_chosen_yet():
    result = funnel(*hand_made(), CRITERIA)
    assert result.selected is None
    assert result.line().endswith(f"2 scored → {NOT_CHOSEN}")
    assert result.table()["Ideas"].tolist() == ["9", "6", "3", "2", "–"]


def test_shares_are_of_the_generated_ideas():
    """3 of 9 shortlisted = 33 %; 2 of 9 scored = 22 %."""
    shares = funnel(*hand_made(), CRITERIA, selected_ids=[1]).table()["Share of generated"]
    assert shares.tolist() == ["100%", "67%", "33%", "22%", "11%"]


def test_a_new_criterion_unrated_so_far_makes_nothing_fully_scored():
    """Criterion 102 has no ratings: no idea has a rating on all three."""
    assert funnel(*hand_made(), [*CRITERIA, 102]).scored == 0


def test_no_ideas_is_all_zero_and_a_chart_that_says_so():
    result = funnel(pd.DataFrame(), pd.DataFrame(), CRITERIA)
    assert result == Funnel(0, 0, 0, 0, None)
    assert "Nothing to show yet" in build_funnel_figure(result).layout.annotations[0].text


def test_chart_shows_each_stage_and_not_chosen_yet():
    figure = build_funnel_figure(funnel(*hand_made(), CRITERIA))
    assert list(figure.data[0].x) == [9, 6, 3, 2, 0]
    assert list(figure.data[0].text) == ["9", "6", "3", "2", NOT_CHOSEN]


def test_on_a_real_workshop(fresh_store):
    """Three ideas, x and y shortlisted; z merged into x (x stays shortlisted).
    Bo rates x on every criterion, y on one. Must: x.
    Generated 3, after merging 2, shortlisted 2, scored 1 (x), selected 1."""
    w = Workshop(fresh_store)
    x = w.idea("Checklist", (w.need_a,))
    y = w.idea("Wizard", (w.need_b,))
    z = w.idea("Setup list", shortlist=False)
    services.merge_ideas(fresh_store, w.id, w.author.id, [x, z], "Checklist", "")
    rows = [(x, c.id, 4) for c in w.criteria] + [(y, w.criteria[0].id, 3)]
    services.save_scores(fresh_store, w.id, w.rater.id, rows)
    services.set_moscow(fresh_store, w.id, w.author.id, {x: "must", y: "could"})
    result = funnel(fresh_store.list_ideas(w.id), fresh_store.score_means(w.id, 1),
                    [c.id for c in fresh_store.list_criteria(w.id)],
                    fresh_store.moscow_buckets(w.id).query("moscow == 'must'")["idea_id"])
    assert result == Funnel(3, 2, 2, 1, 1)


def test_selected_follows_go_decisions_once_any_is_recorded(fresh_store):
    """x, y shortlisted; Must: x. No decision: selected = Must = 1 (x).
    Decide y go and x later: selected = 1 (y). Decide y no too: nothing is go → not chosen."""
    from workbench.ui.funnel import workshop_funnel
    w = Workshop(fresh_store)
    x = w.idea("Checklist", (w.need_a,))
    y = w.idea("Wizard", (w.need_b,))
    services.set_moscow(fresh_store, w.id, w.author.id, {x: "must"})
    assert workshop_funnel(fresh_store, w.id, 1).selected == 1
    assert services.selected_idea_ids(fresh_store, w.id) == [x]
    services.record_decision(fresh_store, w.id, w.author.id, y, "go", "Cheap")
    services.record_decision(fresh_store, w.id, w.author.id, x, "later", "Q4")
    assert services.selected_idea_ids(fresh_store, w.id) == [y]
    assert workshop_funnel(fresh_store, w.id, 1).selected == 1
    services.record_decision(fresh_store, w.id, w.author.id, y, "no", "Changed our mind")
    assert workshop_funnel(fresh_store, w.id, 1).line().endswith("not chosen yet")
