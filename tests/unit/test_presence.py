"""The console's reading of progress: who is online and who is stuck in each phase."""

from datetime import datetime, timedelta

import pandas as pd

from workbench.engine.presence import stuck, with_online

NOW = datetime(2026, 12, 6, 10, 0, 0)


def people() -> pd.DataFrame:
    """Fay facilitates; Ada is done; Ben is behind; Cy left a minute ago."""
    return with_online(pd.DataFrame({
        "name": ["Fay", "Ada", "Ben", "Cy"],
        "is_facilitator": [True, False, False, False],
        "last_seen_at": [NOW, NOW - timedelta(seconds=5), NOW - timedelta(seconds=29),
                         NOW - timedelta(seconds=61)],
        "ideas": [0, 3, 0, 2], "scored": [0, 4, 1, 4], "dots": [0, 3, 3, 1]}), NOW)


def test_online_means_seen_in_the_last_30_seconds():
    assert people()["online"].tolist() == [True, True, True, False]


def test_diverge_names_people_without_an_idea_and_anyone_offline():
    """Fay is the facilitator (never listed); Ben has no idea; Cy is offline."""
    assert stuck(people(), "diverge", 4, 3) == ["Ben (no idea yet)", "Cy (offline)"]


def test_converge_names_unfinished_scores_and_unused_dots():
    """4 shortlisted, 3 dots: Ben scored 1 of 4; Cy is offline with 3 − 1 = 2 dots left."""
    assert stuck(people(), "converge", 4, 3) == [
        "Ben (scored 1 of 4)", "Cy (offline, 2 dot(s) left)"]


def test_nobody_is_stuck_when_everyone_is_done():
    done = people().assign(online=True, ideas=1, scored=4, dots=3)
    assert stuck(done, "converge", 4, 3) == [] and stuck(done, "diverge", 4, 3) == []
