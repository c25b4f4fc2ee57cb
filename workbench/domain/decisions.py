"""What a decision on an idea can be, and how long its rationale may be (pure)."""

from __future__ import annotations

GO, LATER, NO = "go", "later", "no"
DECISIONS = (GO, LATER, NO)
LABELS = {GO: "Go", LATER: "Later", NO: "No"}
MEANING = {GO: "do it now: part of the chosen portfolio",
           LATER: "worth doing, not now",
           NO: "we will not do it"}
RATIONALE_MAX = 500
