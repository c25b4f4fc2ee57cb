"""Divergent-thinking technique cards: what each is, how to run it, and for how long."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Technique:
    """One card: a name, a one-line idea, three or four steps, suggested minutes."""

    key: str
    name: str
    gist: str
    steps: tuple[str, ...]
    minutes: int


TECHNIQUES: dict[str, Technique] = {t.key: t for t in (
    Technique("scamper", "SCAMPER",
              "Change an existing product or idea in seven ways.",
              ("Pick one idea on the wall or today's product.",
               "Ask in turn: Substitute? Combine? Adapt? Modify or magnify? Put to another "
               "use? Eliminate? Reverse or rearrange?",
               "Write each answer that sounds useful as a new idea."), 10),
    Technique("worst", "Worst possible idea",
              "Invent terrible ideas on purpose, then flip them.",
              ("Add the worst ideas you can think of for the need — no filter.",
               "For each, ask what makes it so bad.",
               "Turn the opposite of that into a real idea and add it."), 8),
    Technique("crazy8", "Crazy eights",
              "Eight ideas in eight minutes: one a minute, no polishing.",
              ("Fold a sheet into eight boxes (or just count).",
               "One idea per minute for eight minutes — quantity, not quality.",
               "Add your two favourites here."), 8),
    Technique("analogy", "Borrow from elsewhere",
              "How would another industry solve this need?",
              ("Pick a company known for great service (a hotel, a game, an airline).",
               "Ask how they would meet the need.",
               "Translate their answer into an idea for our customers."), 10),
    Technique("constraints", "Change the constraints",
              "Solve it with no budget, then with unlimited budget, then in one day.",
              ("Add one idea that costs nothing.",
               "Add one idea you'd build with unlimited money and time.",
               "Add one idea that could ship tomorrow."), 8),
    Technique("persona", "Walk in their shoes",
              "Take one customer's day and look for the moments that hurt.",
              ("Pick a segment and a need on the needs page.",
               "Step through their day around that need, moment by moment.",
               "Add an idea for each moment that hurts."), 10),
)}


def technique(key: str | None) -> Technique | None:
    """The card with this key, or None (no card, or one that no longer exists)."""
    return TECHNIQUES.get(key) if key else None
