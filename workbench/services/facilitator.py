"""The facilitator's controls: phase, timer, reveal, rounds, dots, anonymity."""

from __future__ import annotations

from datetime import datetime, timedelta

from workbench.domain.models import (
    NAME_MAX,
    PHASES,
    InvalidInput,
)
from workbench.domain.validate import (
    clean_int,
    clean_text,
)
from workbench.services.authority import gate
from workbench.store import Store

TIMER_MAX_MINUTES = 180


def set_phase(store: Store, workshop_id: int, actor_id: int | None, phase: object) -> None:
    """Move the workshop to a phase (forward or back); moving to decide reveals results."""
    gate(store, workshop_id, actor_id, "facilitate")
    if phase not in PHASES:
        raise InvalidInput(f"Unknown phase {str(phase)[:20]!r}.")
    fields: dict[str, object] = {"phase": phase}
    if phase == "decide":
        fields["revealed"] = True
    ends = store.get_workshop(workshop_id).timer_ends_at
    if ends is not None and ends <= datetime.now():
        # A finished timer belongs to the phase it timed, not to the next one.
        fields["timer_ends_at"] = fields["timer_label"] = None
    store.update_workshop(workshop_id, actor_id, **fields)


def set_timer(store: Store, workshop_id: int, actor_id: int | None, minutes: object,
              label: object = "") -> None:
    """Start a countdown everyone sees (whole minutes, 1–180)."""
    gate(store, workshop_id, actor_id, "facilitate")
    mins = clean_int(minutes, "Minutes", 1, TIMER_MAX_MINUTES)
    store.update_workshop(workshop_id, actor_id,
                          timer_ends_at=datetime.now() + timedelta(minutes=mins),
                          timer_label=clean_text(label, "Timer label", NAME_MAX, required=False))


def clear_timer(store: Store, workshop_id: int, actor_id: int | None) -> None:
    """Stop the countdown."""
    gate(store, workshop_id, actor_id, "facilitate")
    store.update_workshop(workshop_id, actor_id, timer_ends_at=None, timer_label=None)


def set_revealed(store: Store, workshop_id: int, actor_id: int | None, revealed: bool) -> None:
    """Show or hide everyone's aggregated scores and vote totals."""
    gate(store, workshop_id, actor_id, "facilitate")
    store.update_workshop(workshop_id, actor_id, revealed=bool(revealed))


def open_next_round(store: Store, workshop_id: int, actor_id: int | None) -> int:
    """Start a re-vote round (scores and dots start empty, hidden again); return its number."""
    workshop = gate(store, workshop_id, actor_id, "facilitate")
    new_round = workshop.score_round + 1
    store.update_workshop(workshop_id, actor_id, score_round=new_round, revealed=False,
                          phase="converge")
    return new_round


def set_dots(store: Store, workshop_id: int, actor_id: int | None, budget: object,
             cap: object = None) -> None:
    """Set the dots each person gets (1–50) and an optional cap per idea (1–budget)."""
    gate(store, workshop_id, actor_id, "facilitate")
    budget_ = clean_int(budget, "Dots per person", 1, 50)
    cap_ = clean_int(cap, "Dots per idea", 1, budget_, required=False) if cap else None
    store.update_workshop(workshop_id, actor_id, dot_budget=budget_, dot_cap=cap_)


def set_anonymous(store: Store, workshop_id: int, actor_id: int | None, anonymous: bool) -> None:
    """Hide (or show) authors' and raters' names from everyone's screens and exports."""
    gate(store, workshop_id, actor_id, "facilitate")
    store.update_workshop(workshop_id, actor_id, anonymous=bool(anonymous))
