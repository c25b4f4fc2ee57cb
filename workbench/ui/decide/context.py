"""What every Decide section reads (one DecideContext per run) and the helpers they share."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from workbench import services
from workbench.domain import phases
from workbench.domain.models import (
    Criterion,
    InvalidInput,
    Participant,
    WorkbenchError,
    Workshop,
)
from workbench.domain.safe_text import md
from workbench.engine.evaluation import Evaluation, evaluate
from workbench.engine.settings import EngineSettings, apply_changes, load_settings
from workbench.engine.tables import rater_labels
from workbench.engine.unranked import why_unranked
from workbench.store import Store

# Heavy results (evaluation, Monte-Carlo, portfolio, comparison, figures) go through
# ``store.derived`` keyed by the data version and the settings, so a widget click that
# changes nothing they depend on costs no recomputation.

PLOT_CONFIG = {"displaylogo": False}
WHAT_IF = "_decide_what_if"
PREVIEW = "_decide_preview"  # a method tried in this browser session only, never saved
# The Method form's widgets: cleared when a preview ends so they show the workshop's method.
METHOD_WIDGETS = ("decide_framework", "decide_normalisation", "decide_aggregation",
                  "decide_calibrate", "decide_needs_weight")
WEIGHTED_METHODS = ("weighted", "moscow")  # the methods that have weights to try


@dataclass(frozen=True, eq=False)
class DecideContext:
    """Everything the Decide sections read, gathered once per run of the page."""

    store: Store
    workshop: Workshop
    actor: int | None                  # the participant acting (None: not named yet)
    can_edit: bool                     # may change the method and the portfolio settings
    can_save_weights: bool             # may save tried weights for everyone
    settings: EngineSettings           # what this page uses: the preview's, else the saved
    saved_settings: EngineSettings     # the workshop's method, what everyone else sees
    saved_criteria: tuple[Criterion, ...]
    criteria: tuple[Criterion, ...]    # the saved criteria with the what-if weights applied
    tried: dict[int, float] | None     # what-if weights (weighted methods only), not saved
    shortlist: pd.DataFrame            # id, title of the shortlisted ideas
    round_no: int
    scores: pd.DataFrame               # every raw score row of the round
    key: tuple                         # derived-cache key: workshop, round, settings, weights
    rater_names: dict[int, str]        # rater id → name, or "Rater k" when names are hidden
    evaluation: Evaluation | None      # None only when the method cannot rank (``problem``)
    problem: str | None = None         # why there is no evaluation

    @property
    def previewing(self) -> bool:
        """True while this browser tries a method the workshop does not use."""
        return self.settings != self.saved_settings

    @property
    def result(self) -> Evaluation:
        """The evaluation; the page stops before any section that needs it when there is none."""
        if self.evaluation is None:
            raise RuntimeError(f"The Decide page has no evaluation: {self.problem}")
        return self.evaluation


def build_context(store: Store, workshop: Workshop, me: Participant | None,
                  shortlist: pd.DataFrame) -> DecideContext:
    """Read and evaluate once; a refused evaluation is kept as ``problem``, not raised."""
    is_facilitator = bool(me and me.is_facilitator)
    saved_settings = load_settings(workshop.engine)
    settings = previewed_settings(workshop.id, saved_settings)
    saved = tuple(store.list_criteria(workshop.id))
    # What-if weights belong to the weighted methods; a formula framework has none.
    tried = what_if_weights(workshop.id) if settings.framework in WEIGHTED_METHODS else None
    criteria = tuple(with_weights(saved, tried))
    round_no = workshop.score_round
    scores = store.all_scores(workshop.id, round_no)
    key = (workshop.id, round_no, settings.to_json(), tuple((c.id, c.weight) for c in criteria))
    evaluation, problem = evaluate_cached(store, workshop, shortlist, criteria, scores,
                                          settings, key)
    show_names = not workshop.anonymous and (not workshop.live or is_facilitator)
    return DecideContext(
        store=store, workshop=workshop, actor=me.id if me else None,
        can_edit=phases.allowed(workshop, "decide_settings", is_facilitator),
        can_save_weights=phases.allowed(workshop, "edit_criteria", is_facilitator),
        settings=settings, saved_settings=saved_settings, saved_criteria=saved,
        criteria=criteria, tried=tried,
        shortlist=shortlist, round_no=round_no, scores=scores, key=key,
        rater_names=rater_labels(scores, store.list_participants(workshop.id), show_names),
        evaluation=evaluation, problem=problem)


def evaluate_cached(store: Store, workshop: Workshop, shortlist: pd.DataFrame,
                    criteria: Sequence[Criterion], scores: pd.DataFrame,
                    settings: EngineSettings, key: tuple) -> tuple[Evaluation | None, str | None]:
    """(evaluation, None), or (None, why) when the method cannot rank at all."""
    try:
        return store.derived(("evaluation",) + key, lambda: evaluate(
            shortlist, criteria, scores, settings, services.need_ratings(store, workshop.id),
            store.moscow_buckets(workshop.id))), None
    except WorkbenchError as exc:
        return None, str(exc)


def saved_method_ranked(ctx: DecideContext) -> int | None:
    """How many ideas the workshop's own method ranks (None when it cannot rank)."""
    if not ctx.previewing:
        return len(ctx.evaluation.table) if ctx.evaluation is not None else None
    key = (ctx.workshop.id, ctx.round_no, ctx.saved_settings.to_json(),
           tuple((c.id, c.weight) for c in ctx.saved_criteria))
    evaluation, _ = evaluate_cached(ctx.store, ctx.workshop, ctx.shortlist,
                                    ctx.saved_criteria, ctx.scores, ctx.saved_settings, key)
    return len(evaluation.table) if evaluation is not None else None


def previewed_settings(workshop_id: int, saved: EngineSettings) -> EngineSettings:
    """The method previewed on this page (the saved one changed), else the saved one."""
    preview = st.session_state.get(PREVIEW)
    if not preview or preview.get("workshop") != workshop_id:
        return saved
    try:
        return apply_changes(saved, preview["changes"])
    except InvalidInput:  # e.g. a criterion it named was removed meanwhile
        drop_preview()
        return saved


def preview_method(workshop_id: int, changes: dict) -> None:
    """Use these method changes on this page from the next run on, without saving them."""
    st.session_state[PREVIEW] = {"workshop": workshop_id, "changes": changes}


def previewed_changes(workshop_id: int) -> dict:
    """The changes being previewed (empty when none)."""
    preview = st.session_state.get(PREVIEW)
    return dict(preview["changes"]) if preview and preview.get("workshop") == workshop_id \
        else {}


def drop_preview() -> None:
    """Back to the workshop's method: forget the preview and the form's choices."""
    st.session_state.pop(PREVIEW, None)
    for key in METHOD_WIDGETS:
        st.session_state.pop(key, None)
    for key in [k for k in st.session_state if str(k).startswith("decide_slot_")]:
        st.session_state.pop(key, None)


def what_if_weights(workshop_id: int) -> dict[int, float] | None:
    """The weights being tried on this page (not saved), if any."""
    tried = st.session_state.get(WHAT_IF)
    return tried.get("weights") if tried and tried.get("workshop") == workshop_id else None


def try_weights(workshop_id: int, weights: dict[int, float]) -> None:
    """Use ``weights`` on this page from the next run on, without saving them."""
    st.session_state[WHAT_IF] = {"workshop": workshop_id, "weights": weights}


def drop_what_if() -> None:
    """Go back to the saved weights."""
    st.session_state.pop(WHAT_IF, None)


def with_weights(criteria: Sequence[Criterion], weights: dict[int, float] | None
                 ) -> list[Criterion]:
    """Criteria with the tried weights applied."""
    if not weights:
        return list(criteria)
    return [dataclasses.replace(c, weight=weights.get(c.id, c.weight)) for c in criteria]


def table_key(table: pd.DataFrame) -> tuple:
    """A ranking as a cache key: its idea ids and scores (rounded to 9 decimals)."""
    return tuple(table["idea_id"].astype(int)), tuple(np.round(table["score"], 9))


def nothing_ranked(ctx: DecideContext) -> None:
    """The note a tab shows instead of its content while no idea is ranked: why, what to do."""
    why, todo = why_unranked(ctx.result)
    st.info(f"**Nothing is ranked under {md(ctx.result.framework.name)}.** {md(why)} "
            f"{md(todo)}", icon=":material/info:")
