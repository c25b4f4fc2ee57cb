"""The sticky header's words: the countdown (and when it lets go) and the next step."""

from datetime import datetime, timedelta

from workbench.ui.live import TIME_UP_SHOWN, next_step, timer_text

NOW = datetime(2026, 12, 6, 10, 0, 0)


def test_countdown_reads_minutes_and_seconds_left():
    """Ends in 4 min 59 s → "04:59 left"; the label comes first."""
    ends = NOW + timedelta(minutes=4, seconds=59)
    assert timer_text(ends, "Silent brainstorm", NOW) == "Silent brainstorm · 04:59 left"
    assert timer_text(ends, None, NOW) == "04:59 left"


def test_time_is_up_for_a_minute_then_the_header_forgets_the_timer():
    """A time-up stays on screen for 60 s, not for the rest of the session (issue 17)."""
    ended = NOW - timedelta(seconds=1)
    assert timer_text(ended, "Vote", NOW) == "Vote · time is up"
    assert timer_text(NOW - timedelta(seconds=TIME_UP_SHOWN - 1), None, NOW) == "time is up"
    assert timer_text(NOW - timedelta(seconds=TIME_UP_SHOWN), "Vote", NOW) == ""
    assert timer_text(None, "Vote", NOW) == ""


def test_each_phase_names_the_next_step_for_participants():
    assert next_step("diverge", False, False)[:2] == ("pages/brainstorm.py",
                                                      "Brainstorming is open")
    assert next_step("converge", False, False)[:2] == ("pages/score.py", "Scoring is open")
    assert next_step("decide", True, False)[0] == "pages/rank.py"


def test_nothing_to_open_before_the_reveal_and_the_facilitator_goes_to_the_console():
    assert next_step("decide", False, False) is None
    assert next_step("closed", True, False) is None
    assert next_step("converge", False, True)[0] == "pages/console.py"


def test_a_locked_action_says_whether_it_opens_later_or_is_over():
    """Scoring opens in converge: before it "opens when…", after it "is over" (issue 17's
    walk: a phone in Decide read "Scoring opens when … converge")."""
    from dataclasses import replace

    from workbench.domain.models import Workshop
    from workbench.domain.phases import locked_message

    base = Workshop(id=1, title="W", goal="", status="active", is_demo=False, created_at=NOW,
                    live=True,
                    phase="diverge")
    assert locked_message(base, "score") == (
        "Scoring opens when the facilitator moves the workshop to converge.")
    assert locked_message(replace(base, phase="decide"), "score") == (
        "Scoring is over: the workshop is in Decide — review the results.")
    assert locked_message(replace(base, phase="decide"), "vote") == (
        "Dot voting is over: the workshop is in Decide — review the results.")
    assert locked_message(replace(base, phase="closed"), "vote") == (
        "The workshop is closed: everything is read-only.")
    assert locked_message(replace(base, phase="converge"), "add_idea") == (
        "New ideas are closed in the converge phase.")
