"""Voice of the customer in numbers: NPS and CSAT overall, per group and per month.

NPS (Net Promoter Score) counts answers on the 0–10 scale: promoters answer 9 or 10,
detractors 0 to 6, passives 7 or 8. NPS = 100 × (promoters − detractors) / answers, so it runs
from −100 (all detractors) to +100 (all promoters). Example: answers 10, 9, 8, 6, 0 — two
promoters (40 %), one passive, two detractors (40 %) — give NPS 40 − 40 = 0.

CSAT (customer satisfaction) counts answers on the 1–5 scale: CSAT = 100 × (answers of 4 or
5) / answers. Example: 5, 4, 3, 2 give 2 of 4 = 50 %.

Items without a score, or scored on the other scale, do not count towards a figure; a group
with no answers on a scale has no figure (None / NaN), never 0.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from workbench.domain.journey import CSAT, NPS

PROMOTER_MIN = 9
DETRACTOR_MAX = 6
SATISFIED_MIN = 4
SUMMARY_COLUMNS = ("group", "items", "nps_answers", "promoters_pct", "detractors_pct", "nps",
                   "csat_answers", "csat")


def _answers(scores: Iterable[object]) -> np.ndarray:
    values = pd.to_numeric(pd.Series(list(scores), dtype="object"), errors="coerce")
    return values.dropna().to_numpy(dtype=float)


def nps(scores: Iterable[object]) -> float | None:
    """100 × (promoters 9–10 − detractors 0–6) / answers; None without answers."""
    values = _answers(scores)
    if values.size == 0:
        return None
    promoters = np.count_nonzero(values >= PROMOTER_MIN)
    detractors = np.count_nonzero(values <= DETRACTOR_MAX)
    return 100.0 * (promoters - detractors) / values.size


def csat(scores: Iterable[object]) -> float | None:
    """100 × answers of 4–5 / answers on the 1–5 scale; None without answers."""
    values = _answers(scores)
    if values.size == 0:
        return None
    return 100.0 * np.count_nonzero(values >= SATISFIED_MIN) / values.size


def is_detractor(scores: pd.Series, scales: pd.Series) -> pd.Series:
    """True where an item is a detractor: NPS 0–6, or CSAT 1–2 (the unhappy end of 1–5)."""
    s = pd.to_numeric(scores, errors="coerce")
    return ((scales == NPS) & (s <= DETRACTOR_MAX)) | ((scales == CSAT) & (s <= 2))


def summarise(feedback: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """One row per group (all items when ``by`` is None): items, NPS answers, % promoters,
    % detractors, NPS, CSAT answers, CSAT. ``feedback`` has score, scale and ``by``."""
    if feedback.empty:
        return pd.DataFrame(columns=list(SUMMARY_COLUMNS))
    frame = feedback.assign(
        _score=pd.to_numeric(feedback["score"], errors="coerce").astype(float),
        _group="All feedback" if by is None else feedback[by].astype("object"))
    nps_rows = frame["scale"].eq(NPS) & frame["_score"].notna()
    csat_rows = frame["scale"].eq(CSAT) & frame["_score"].notna()
    frame = frame.assign(
        _nps_n=nps_rows.astype(int),
        _pro=(nps_rows & (frame["_score"] >= PROMOTER_MIN)).astype(int),
        _det=(nps_rows & (frame["_score"] <= DETRACTOR_MAX)).astype(int),
        _csat_n=csat_rows.astype(int),
        _sat=(csat_rows & (frame["_score"] >= SATISFIED_MIN)).astype(int))
    g = frame.groupby("_group", sort=True, dropna=False)[
        ["_nps_n", "_pro", "_det", "_csat_n", "_sat"]].sum()
    items = frame.groupby("_group", sort=True, dropna=False).size()
    n = g["_nps_n"].replace(0, np.nan)
    m = g["_csat_n"].replace(0, np.nan)
    out = pd.DataFrame({
        "group": g.index, "items": items.to_numpy(), "nps_answers": g["_nps_n"].to_numpy(),
        "promoters_pct": (100 * g["_pro"] / n).to_numpy(),
        "detractors_pct": (100 * g["_det"] / n).to_numpy(),
        "nps": (100 * (g["_pro"] - g["_det"]) / n).to_numpy(),
        "csat_answers": g["_csat_n"].to_numpy(), "csat": (100 * g["_sat"] / m).to_numpy()})
    return out.reset_index(drop=True)


def by_month(feedback: pd.DataFrame) -> pd.DataFrame:
    """``summarise`` per calendar month of ``given_on`` (items without a date left out),
    months in order, labelled "2026-03"."""
    dated = feedback[pd.notna(feedback["given_on"])] if not feedback.empty else feedback
    if dated.empty:
        return pd.DataFrame(columns=list(SUMMARY_COLUMNS))
    months = pd.to_datetime(dated["given_on"]).dt.strftime("%Y-%m")
    return summarise(dated.assign(month=months), "month")
