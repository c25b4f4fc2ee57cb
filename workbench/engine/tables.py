"""Tables of the Decide and Needs pages, shaped from engine results and store rows (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from workbench.domain.models import MOSCOW, MOSCOW_LABELS, Criterion
from workbench.domain.scales import SCALES
from workbench.engine.pareto import pareto_front
from workbench.engine.portfolio import Portfolio

# Text (idea titles, names, reasons) is copied verbatim: escaping for Markdown or HTML is
# the job of whoever displays it.

BUCKET_LABELS = {b: MOSCOW_LABELS[b] for b in MOSCOW}  # in Must → Won't order
SPREAD_COLUMNS = ["title", "raters", "min", "max", "spread", "agreement"]
BAND_COLUMNS = ["title", "p_top_n", "p_first", "rank_low", "rank_median", "rank_high"]


def lookup(frame: pd.DataFrame, key: str, value: str) -> dict[int, object]:
    """``frame[key]`` (as int) → ``frame[value]``; a repeated key keeps its last row."""
    return dict(zip(frame[key].astype(int), frame[value], strict=True))


def titles_by_id(*frames: pd.DataFrame, key: str = "idea_id") -> dict[int, str]:
    """Idea id → title over ``frames``, a later frame winning (the shortlist: key="id")."""
    titles: dict[int, str] = {}
    for frame in frames:
        titles.update(lookup(frame, key, "title"))  # type: ignore[arg-type]
    return titles


def still_listed(ids: Iterable[int], titles: Mapping[int, str]) -> list[int]:
    """The ``ids`` that are still in ``titles``, in the given order (deleted ones drop out)."""
    return [i for i in ids if i in titles]


def rater_count(scores: pd.DataFrame) -> int:
    """How many different raters the score rows come from (0 for no rows)."""
    return int(scores["rater_id"].nunique()) if not scores.empty else 0


def rater_labels(scores: pd.DataFrame, people: pd.DataFrame, show_names: bool
                 ) -> dict[int, str]:
    """Rater id → name, or "Rater k" (k-th by id) when names are hidden or unknown."""
    rater_ids = sorted(scores["rater_id"].unique()) if not scores.empty else []
    names = lookup(people, "id", "name")
    return {int(r): (str(names.get(int(r), f"Rater {i}")) if show_names else f"Rater {i}")
            for i, r in enumerate(rater_ids, start=1)}


def ranking_table(table: pd.DataFrame, inputs: pd.DataFrame | None, moscow: bool
                  ) -> pd.DataFrame:
    """rank, title, score, raters, each formula input by idea, then the bucket if any/MoSCoW."""
    view = table[["rank", "title", "score", "raters"]].copy()
    if inputs is not None:
        lined_up = inputs.reindex(table["idea_id"])
        for role in lined_up.columns:
            view[role] = lined_up[role].to_numpy()
    if moscow or table["bucket"].notna().any():
        view["bucket"] = table["bucket"].map(MOSCOW_LABELS).fillna("—").to_numpy()
    return view


def moscow_grid(ideas: Iterable[int], buckets: Mapping[int, str] | pd.Series,
                titles: Mapping[int, str]) -> pd.DataFrame:
    """Index idea_id; title (the id as text when unknown) and bucket label (NaN for none)."""
    ids = list(ideas)
    grid = pd.DataFrame({"title": [titles.get(i, str(i)) for i in ids],
                         "bucket": [buckets.get(i) for i in ids]},
                        index=pd.Index(ids, name="idea_id"))
    grid["bucket"] = grid["bucket"].map(BUCKET_LABELS)
    return grid


def bucket_changes(grid: pd.DataFrame, edited: pd.DataFrame) -> dict[int, str | None]:
    """Idea id → new bucket key (None = cleared) for the rows whose label was changed."""
    back = {label: key for key, label in BUCKET_LABELS.items()}
    changes: dict[int, str | None] = {}
    for i in grid.index:
        old, new = grid.at[i, "bucket"], edited.at[i, "bucket"]
        if new != old and not (pd.isna(new) and pd.isna(old)):
            changes[int(i)] = back.get(new)
    return changes


def cost_criterion(criteria: Sequence[Criterion], chosen: int | None) -> Criterion | None:
    """The criterion budgets are counted in: the chosen one, else the first cost criterion."""
    by_id = {c.id: c for c in criteria}
    if chosen in by_id:
        return by_id[chosen]
    return next((c for c in criteria if c.is_cost), None)


def scale_midpoint(criterion: Criterion) -> float | None:
    """The middle of a criterion's scale (1–5 → 3.0); None for free numbers (no top)."""
    if SCALES.get(criterion.scale, SCALES["custom"]).open_top:
        return None
    return (criterion.scale_min + criterion.scale_max) / 2


def portfolio_items(table: pd.DataFrame, benefit: pd.Series, cost: pd.Series) -> pd.DataFrame:
    """idea_id, title, value, cost per ranked idea (table order; by-id series, gaps NaN)."""
    ids = table["idea_id"]
    return pd.DataFrame({"idea_id": ids.to_numpy(), "title": table["title"].to_numpy(),
                         "value": benefit.reindex(ids).to_numpy(dtype=float),
                         "cost": cost.reindex(ids).to_numpy(dtype=float)})


def matrix_points(items: pd.DataFrame, table: pd.DataFrame, chosen_ids: Iterable[int]
                  ) -> pd.DataFrame:
    """``portfolio_items`` as the matrix plots them: benefit, rank, score, front, chosen."""
    front = pareto_front(items["value"].to_numpy(), items["cost"].to_numpy())
    return items.rename(columns={"value": "benefit"}).assign(
        rank=table["rank"].to_numpy(), score=table["score"].to_numpy(),
        on_front=front,
        in_portfolio=items["idea_id"].isin(list(chosen_ids)))


def chosen_table(portfolio: Portfolio) -> pd.DataFrame:
    """The chosen ideas as listed: title, value, cost (best value first)."""
    return portfolio.chosen[["title", "value", "cost"]]


def skipped_rows(portfolio: Portfolio) -> list[tuple[str, str]]:
    """(title, reason) for each idea that was not a candidate."""
    skipped = portfolio.skipped
    return list(zip(skipped["title"], skipped["reason"], strict=True))


def spread_table(spread: pd.DataFrame, titles: Mapping[int, str]) -> pd.DataFrame:
    """The per-idea spread of the ranked ideas, titled; unranked ideas are left out."""
    titled = spread.assign(title=spread["idea_id"].map(dict(titles)))
    return titled.dropna(subset=["title"])[SPREAD_COLUMNS]


def reliability_columns(reliability: pd.DataFrame) -> list[str]:
    """The reliability columns to show; "note" only when some criterion has one."""
    shown = ["criterion", "raters", "ideas", "alpha", "reading"]
    if reliability["note"].fillna("").astype(bool).any():
        shown.append("note")
    return shown


def parallel_table(table: pd.DataFrame, normalised: pd.DataFrame,
                   criteria: Sequence[Criterion]) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Per ranked idea c<id> (0–1) per criterion, score, title; axes as (column, label)."""
    ids = table["idea_id"].to_numpy()
    frame = pd.DataFrame({f"c{c.id}": normalised.loc[ids, c.id].to_numpy() for c in criteria},
                         index=pd.RangeIndex(len(ids)))
    frame["score"] = table["score"].to_numpy()
    frame["title"] = table["title"].to_numpy()
    return frame, [(f"c{c.id}", c.name) for c in criteria] + [("score", "Score")]


NOT_KNOWN = "not known"


def rating_text(value: object) -> str:
    """A 1–5 need rating as "4 / 5", or "not known" when it is missing (None or NaN)."""
    return NOT_KNOWN if value is None or pd.isna(value) else f"{int(value)} / 5"  # type: ignore[arg-type]


def needs_table(needs: pd.DataFrame) -> pd.DataFrame:
    """The Needs page's table of one segment's needs: full statements, ratings as text."""
    return pd.DataFrame({
        "Need": needs["statement"].astype(str).to_numpy(),
        "Importance": [rating_text(v) for v in needs["importance"]],
        "Satisfaction": [rating_text(v) for v in needs["satisfaction"]],
        "Ideas": needs["ideas"].astype(int).to_numpy(),
        "Quotes": needs["evidence"].astype(int).to_numpy(),
    })
