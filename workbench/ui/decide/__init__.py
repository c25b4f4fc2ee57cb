"""The Decide page's sections: one module per panel or tab, each with ``render(ctx)``."""

from workbench.ui.decide import (
    agreement,
    compare,
    criteria_view,
    decisions,
    explain,
    funnel,
    kpis,
    portfolio,
    ranking,
    robustness,
)

# The tabs in the order they are shown: label → renderer.
TABS = {"Ranking": ranking.render, "Matrix & portfolio": portfolio.render,
        "Robustness": robustness.render, "Agreement": agreement.render,
        "Compare frameworks": compare.render, "Explain": explain.render,
        "Criteria view": criteria_view.render, "Funnel": funnel.render,
        "Decisions": decisions.render, "KPIs": kpis.render}
