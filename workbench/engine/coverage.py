"""Needs coverage: which needs the ideas serve, which need more ideas, which ideas serve none.

Only live ideas count (merged-away ideas are folded into their survivor, whose tags are the
union). A need with no idea is *uncovered*, one with fewer than ``thin_below`` ideas is
*thin*; both are listed most promising first, by Ulwick opportunity (``engine.opportunity``),
so the next brainstorm goes where an important, badly served need has least. An idea tagged
to no need of the workshop (none, or only to needs since deleted) is an *orphan*.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbench.engine.opportunity import opportunity

THIN_BELOW = 2  # fewer ideas than this and a need is "thin"
UNCOVERED, THIN, COVERED = "uncovered", "thin", "covered"
NEED_COLUMNS = ["need_id", "statement", "segment", "importance", "satisfaction", "opportunity",
                "ideas", "status"]


@dataclass(frozen=True)
class Coverage:
    """Per need its idea count and status; the needs × ideas matrix; the orphan ideas."""

    needs: pd.DataFrame    # NEED_COLUMNS, most opportunity first
    matrix: pd.DataFrame   # index need_id (as ``needs``), columns idea_id; NaN = not tagged
    orphans: pd.DataFrame  # idea_id, title of ideas that serve no need, oldest first
    titles: dict[int, str]  # idea id → title, for the matrix's columns

    @property
    def flagged(self) -> pd.DataFrame:
        """The uncovered and thin needs, most opportunity first."""
        return self.needs[self.needs["status"] != COVERED].reset_index(drop=True)


def _tags(ideas: pd.DataFrame, known: set[int]) -> pd.DataFrame:
    """One row per (idea, need) tag to a known need, duplicates dropped."""
    pairs = [(int(i), int(n)) for i, needs in zip(ideas["id"], ideas["need_ids"], strict=True)
             for n in (needs if needs is not None else ()) if int(n) in known]
    return pd.DataFrame(pairs, columns=["idea_id", "need_id"]).drop_duplicates()


def coverage(needs: pd.DataFrame, ideas: pd.DataFrame, thin_below: int = THIN_BELOW,
             scores: pd.Series | None = None) -> Coverage:
    """Coverage of ``needs`` (id, statement, segment, importance, satisfaction) by ``ideas``
    (id, title, need_ids: live ideas only). ``scores`` (idea id → score) colours a tagged
    cell with the idea's score; without it, or for an idea not scored, a tagged cell is 1."""
    if needs.empty:
        needs = pd.DataFrame(columns=["id", "statement", "segment", "importance",
                                      "satisfaction"])
    if ideas.empty:
        ideas = pd.DataFrame(columns=["id", "title", "need_ids"])
    need_ids = [int(n) for n in needs["id"]]
    tags = _tags(ideas, set(need_ids))
    counts = tags.groupby("need_id").size()
    table = pd.DataFrame({
        "need_id": need_ids,
        "statement": [str(s) for s in needs["statement"]],
        "segment": [str(s) for s in needs["segment"]],
        "importance": needs["importance"].astype(float).to_numpy(),
        "satisfaction": needs["satisfaction"].astype("float64").to_numpy(),
    })
    table["opportunity"] = opportunity(table["importance"].to_numpy(float),
                                       table["satisfaction"].to_numpy(float))
    table["ideas"] = [int(counts.get(n, 0)) for n in need_ids]
    table["status"] = [UNCOVERED if c == 0 else THIN if c < thin_below else COVERED
                       for c in table["ideas"]]
    # Ties: fewer ideas first (they need it more), then the needs page's order.
    table["order"] = range(len(table))
    table = table.sort_values(["opportunity", "ideas", "order"], ascending=[False, True, True],
                              kind="stable").drop(columns="order").reset_index(drop=True)
    table = table[NEED_COLUMNS]

    idea_ids = [int(i) for i in ideas["id"]]
    titles = dict(zip(idea_ids, (str(t) for t in ideas["title"]), strict=True))
    tagged = set(tags["idea_id"].astype(int))
    orphans = pd.DataFrame({"idea_id": [i for i in idea_ids if i not in tagged],
                            "title": [titles[i] for i in idea_ids if i not in tagged]})
    matrix = pd.DataFrame(np.nan, index=pd.Index(table["need_id"].tolist(), name="need_id"),
                          columns=pd.Index(_idea_order(table, tags, idea_ids), name="idea_id"))
    for idea_id, need_id in tags.itertuples(index=False):
        value = 1.0
        if scores is not None and idea_id in scores.index and pd.notna(scores[idea_id]):
            value = float(scores[idea_id])
        matrix.loc[need_id, idea_id] = value
    return Coverage(table, matrix, orphans, titles)


def _idea_order(table: pd.DataFrame, tags: pd.DataFrame, idea_ids: list[int]) -> list[int]:
    """Ideas grouped under the first (most promising) need they serve; orphans last."""
    rank = {int(n): k for k, n in enumerate(table["need_id"])}
    first = tags.assign(rank=tags["need_id"].map(rank)).groupby("idea_id")["rank"].min()
    position = {i: k for k, i in enumerate(idea_ids)}
    return sorted(idea_ids, key=lambda i: (first.get(i, len(rank)), position[i]))


def matrix_table(cov: Coverage) -> pd.DataFrame:
    """The heatmap as a table (its accessible alternative): per need, the ideas serving it."""
    names = []
    for need_id in cov.matrix.index:
        row = cov.matrix.loc[need_id]
        names.append("; ".join(cov.titles[int(i)] for i in row.index[row.notna()]))
    return pd.DataFrame({
        "Need": cov.needs["statement"].tolist(),
        "Opportunity": cov.needs["opportunity"].tolist(),
        "Ideas": cov.needs["ideas"].tolist(),
        "Status": cov.needs["status"].tolist(),
        "Ideas serving it": names,
    })
