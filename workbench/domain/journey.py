"""Journey stages and customer feedback: the defaults, limits and named errors they share."""

from __future__ import annotations

from workbench.domain.models import WorkbenchError

DEFAULT_STAGES = ("Discover", "Evaluate", "Buy/Onboard", "Use", "Get support",
                  "Renew/Advocate")
STAGE_MAX = 60
STAGES_MAX = 20
FEEDBACK_TEXT_MAX = 2000
FEEDBACK_ROWS_MAX = 50_000
KEEP_STAGE = -1  # update_need's "leave the need's stage as it is" (ids are positive)
NPS = "nps"
CSAT = "csat"
SCALES = {NPS: (0, 10), CSAT: (1, 5)}
SCALE_LABELS = {NPS: "NPS (0–10)", CSAT: "CSAT (1–5)"}


class StageInUse(WorkbenchError):
    """A journey stage still has needs on it; the caller must say where they go."""

    def __init__(self, needs: int) -> None:
        super().__init__(f"{needs} need(s) sit on this stage. Choose the stage they move to, "
                         "then delete again.")
        self.needs = needs
