"""Which KPIs the shortlisted and the selected ideas move, and by how much of the gap.

For a KPI with baseline b and target t the *gap* is t − b (negative for a KPI that should go
down). Each idea linked to it carries an expected change e in the KPI's unit; a set of ideas
is expected to move it by Σe (simple addition: effects are assumed independent) and to close
Σe ÷ (t − b) of the gap. Example: NPS 20 → 35 (gap 15); ideas +6 and +4 and a trade-off of
−2: Σe = 8, 8 ÷ 15 = 53 % of the gap. Churn 8 % → 5 % (gap −3); one idea −1.5: 50 %.

A KPI is *served* by an idea whose expected change moves it the good way; a KPI that no live
idea serves is listed separately, as is one no shortlisted (or selected) idea serves.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import pandas as pd

from workbench.domain.outcomes import Kpi

NO_IDEA = "no idea serves it"
NOT_SHORTLISTED = "no shortlisted idea serves it"
NOT_SELECTED = "no selected idea serves it"
SHORT = "selection short of target"
COVERED = "selection reaches target"


@dataclass(frozen=True)
class KpiCoverage:
    """One row per KPI (see ``kpi_coverage``) and the names of KPIs no idea serves."""

    table: pd.DataFrame
    unserved: tuple[str, ...]


def kpis_from(frame: pd.DataFrame) -> list[Kpi]:
    """The KPI rows of a store read (id, name, kind, unit, baseline, target, direction)."""
    return [Kpi(int(r.id), str(r.name), str(r.kind), str(r.unit), float(r.baseline),
                float(r.target), str(r.direction)) for r in frame.itertuples()]


def _expected(links: pd.DataFrame, kpi: Kpi, ideas: Collection[int]) -> tuple[int, float, int]:
    """(ideas linked, Σ expected change, ideas that move it the good way) within ``ideas``."""
    mine = links[(links["kpi_id"] == kpi.id) & links["idea_id"].isin(list(ideas))]
    expected = [float(e) for e in mine["expected"]]
    return len(mine), sum(expected), sum(1 for e in expected if kpi.helps(e))


def kpi_coverage(kpis: Sequence[Kpi], links: pd.DataFrame, live: Collection[int],
                 shortlisted: Collection[int], selected: Collection[int]) -> KpiCoverage:
    """Per KPI: gap, and for the shortlisted and the selected ideas the number linked, the
    expected total and the share of the gap it closes; plus a status (``NO_IDEA`` …)."""
    rows = []
    unserved = []
    for kpi in kpis:
        _, _, serving = _expected(links, kpi, live)
        n_short, total_short, serve_short = _expected(links, kpi, shortlisted)
        n_sel, total_sel, serve_sel = _expected(links, kpi, selected)
        share_short = total_short / kpi.gap
        share_sel = total_sel / kpi.gap
        if not serving:
            status = NO_IDEA
            unserved.append(kpi.name)
        elif not serve_short:
            status = NOT_SHORTLISTED
        elif not serve_sel:
            status = NOT_SELECTED
        else:
            status = COVERED if share_sel >= 1 else SHORT
        rows.append({"kpi_id": kpi.id, "KPI": kpi.name, "unit": kpi.unit,
                     "baseline": kpi.baseline, "target": kpi.target, "gap": kpi.gap,
                     "shortlisted ideas": n_short, "shortlisted expected": total_short,
                     "shortlisted share": share_short, "selected ideas": n_sel,
                     "selected expected": total_sel, "selected share": share_sel,
                     "status": status})
    columns = ["kpi_id", "KPI", "unit", "baseline", "target", "gap", "shortlisted ideas",
               "shortlisted expected", "shortlisted share", "selected ideas",
               "selected expected", "selected share", "status"]
    return KpiCoverage(pd.DataFrame(rows, columns=columns), tuple(unserved))


def signed(value: float, unit: str) -> str:
    """A change with its sign and unit: '+6 points', '−1.5 %'."""
    sign = "+" if value > 0 else "−" if value < 0 else ""
    gap = "" if unit in ("%", "") else " "
    return f"{sign}{abs(value):g}{gap}{unit}".rstrip()
