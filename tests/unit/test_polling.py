"""Poll interval: every 2 s up to 100 people, then slower so the server's load stays put."""

import pytest

from workbench.ui.polling import poll_seconds


@pytest.mark.parametrize("people, seconds", [(0, 2.0), (1, 2.0), (50, 2.0), (100, 2.0),
                                             (150, 3.0), (200, 4.0)])
def test_poll_interval_by_workshop_size(people, seconds):
    assert poll_seconds(people) == seconds


def test_polls_per_second_never_exceed_fifty():
    for people in range(1, 1001):
        assert people / poll_seconds(people) <= 50 + 1e-9
