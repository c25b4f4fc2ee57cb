"""What each workshop phase is for and who may do what in it (pure policy, no I/O).

A free-mode workshop (live = False: one person, or a product manager alone) has no gating.
In a live workshop the server checks every action against this table, so a stale page or a
hand-crafted call gets the same answer as the greyed-out button.
"""

from __future__ import annotations

from workbench.domain.models import PHASES, NotFacilitator, PhaseLocked, Workshop

LABELS = {
    "needs": "Customer needs",
    "diverge": "Diverge — brainstorm",
    "refine": "Refine — merge and shortlist",
    "converge": "Converge — score and vote",
    "decide": "Decide — review the results",
    "closed": "Closed",
}

PURPOSE = {
    "needs": "Describe the customers and the needs ideas should serve.",
    "diverge": "Add as many ideas as you can and tag each to the needs it serves. No scoring "
               "yet.",
    "refine": "The facilitator merges duplicates and picks the shortlist; you can still add "
              "ideas.",
    "converge": "Score every shortlisted idea and place your dots. Scores stay hidden until the "
                "facilitator reveals them; no new ideas now.",
    "decide": "Look at the ranking and the spread of opinions, and agree what to do.",
    "closed": "The workshop is closed: everything is read-only.",
}

# action -> phases in which a participant may do it (a facilitator may do it in any phase
# except "closed", where only changing the phase is possible).
PARTICIPANT_PHASES: dict[str, frozenset[str]] = {
    "edit_needs": frozenset({"needs", "diverge"}),
    "add_idea": frozenset({"needs", "diverge", "refine"}),
    "edit_idea": frozenset({"needs", "diverge", "refine"}),
    "score": frozenset({"converge"}),
    "vote": frozenset({"converge"}),
}
FACILITATOR_ONLY: dict[str, str] = {
    "shortlist": "change the shortlist",
    "merge": "merge ideas",
    "unmerge": "undo merges",
    "edit_criteria": "change criteria and weights",
    "decide_settings": "change how ideas are prioritised (framework, budget, MoSCoW)",
    "delete_others_idea": "delete other people's ideas",
    "facilitate": "run the workshop (phase, timer, reveal, rounds, dots, anonymity)",
    "focus_need": "choose the need everyone brainstorms next",
    "themes": "change themes",
    "import": "import a backlog",
    "record_decision": "record decisions (go, later, no)",
    "kpis": "define KPIs, link ideas to them and record outcomes",
    "push_technique": "push a technique card to everyone",
}
PHASE_MESSAGES = {
    "edit_needs": "Needs can be edited in the needs and diverge phases.",
    "add_idea": "New ideas are closed in the {phase} phase.",
    "edit_idea": "Ideas can no longer be changed in the {phase} phase.",
    "score": "Scoring opens when the facilitator moves the workshop to converge.",
    "vote": "Dot voting opens when the facilitator moves the workshop to converge.",
}

# Once an action's phases are over ("opens when … converge" would read as if it never had).
AFTER_MESSAGES = {
    "score": "Scoring is over: the workshop is in {phase}.",
    "vote": "Dot voting is over: the workshop is in {phase}.",
}


def purpose(workshop: Workshop) -> str:
    """What the current phase is for, as it applies right now (after a reveal, say so)."""
    if workshop.phase == "converge" and workshop.revealed:
        return ("Score every shortlisted idea and place your dots. Results are revealed; no "
                "new ideas now.")
    return PURPOSE[workshop.phase]


def check(workshop: Workshop, action: str, is_facilitator: bool) -> None:
    """Raise PhaseLocked / NotFacilitator unless this person may do ``action`` now."""
    if not workshop.live:
        return
    if workshop.phase == "closed" and action != "facilitate":
        raise PhaseLocked("The workshop is closed: everything is read-only.")
    if action in FACILITATOR_ONLY:
        if not is_facilitator:
            raise NotFacilitator(FACILITATOR_ONLY[action])
        return
    if is_facilitator and action not in ("score", "vote"):
        return
    if workshop.phase not in PARTICIPANT_PHASES[action]:
        raise PhaseLocked(locked_message(workshop, action))


def locked_message(workshop: Workshop, action: str) -> str:
    """Why ``action`` is locked now: it opens later, or its phases are over."""
    if workshop.phase == "closed":
        return "The workshop is closed: everything is read-only."
    last = max(PHASES.index(p) for p in PARTICIPANT_PHASES[action])
    if action in AFTER_MESSAGES and PHASES.index(workshop.phase) > last:
        return AFTER_MESSAGES[action].format(phase=LABELS[workshop.phase])
    return PHASE_MESSAGES[action].format(phase=workshop.phase)


def allowed(workshop: Workshop, action: str, is_facilitator: bool) -> bool:
    """True when ``check`` would pass (for enabling and disabling controls)."""
    try:
        check(workshop, action, is_facilitator)
    except (PhaseLocked, NotFacilitator):
        return False
    return True


def results_visible(workshop: Workshop, is_facilitator: bool) -> bool:
    """Aggregated scores, spreads and vote totals: the facilitator always, others after reveal."""
    return not workshop.live or is_facilitator or workshop.revealed


def next_phase(phase: str, step: int) -> str:
    """The phase ``step`` places forward (or back), clamped to the ends."""
    index = min(max(PHASES.index(phase) + step, 0), len(PHASES) - 1)
    return PHASES[index]
