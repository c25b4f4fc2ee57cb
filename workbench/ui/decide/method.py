"""Decide's method panel: preview a framework for yourself, then apply it for everyone."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from workbench.domain.models import Criterion
from workbench.domain.safe_text import md
from workbench.engine.frameworks import FRAMEWORKS, Framework, map_slots
from workbench.engine.scoring import NORMALISATIONS
from workbench.engine.settings import EngineSettings
from workbench.ui.decide import fit_view, method_apply
from workbench.ui.decide.context import DecideContext
from workbench.ui.decide.preview import preview

AGGREGATIONS = {"mean": "Mean", "median": "Median", "trimmed": "Trimmed mean (20 %)"}


def render(ctx: DecideContext) -> None:
    """The preview banner, the Method form, the scale-fit findings and the apply dialog."""
    settings = ctx.settings
    framework = FRAMEWORKS[settings.framework]
    if ctx.previewing:
        method_apply.banner(ctx)
    label = (f"Method: **{framework.name}** · {settings.normalisation} normalisation · "
             f"{settings.aggregation} of raters")
    if ctx.previewing:
        label += " · previewing, only you see this"
    with st.expander(label, expanded=ctx.previewing, icon=":material/tune:"):
        if not ctx.can_edit:
            st.caption("The facilitator chooses the workshop's method. You can preview any "
                       "method here — only you see it.")
        else:
            st.caption("Choices are previewed for you first; nothing changes for anyone else "
                       "until you apply them.")
        _form(ctx, framework)
        fit_view.render(ctx)
    method_apply.confirm_if_pending(ctx)


def _form(ctx: DecideContext, framework: Framework) -> None:
    """The method's choices; submitting previews them on this page only."""
    settings = ctx.settings
    with st.form("decide_method", border=False):
        left, right = st.columns(2)
        keys = list(FRAMEWORKS)
        choice = left.selectbox("Framework", keys, index=keys.index(settings.framework),
                                format_func=lambda k: FRAMEWORKS[k].name,
                                key="decide_framework")
        normalisation = left.radio("Normalisation", list(NORMALISATIONS),
                                   index=list(NORMALISATIONS).index(settings.normalisation),
                                   format_func=str.capitalize, horizontal=True,
                                   key="decide_normalisation",
                                   help=" ".join(NORMALISATIONS.values()))
        aggregation = right.selectbox("Combine raters by", list(AGGREGATIONS),
                                      index=list(AGGREGATIONS).index(settings.aggregation),
                                      format_func=AGGREGATIONS.get, key="decide_aggregation")
        calibrate = right.toggle("Calibrate harsh and lenient raters (z-scores)",
                                 value=settings.calibrate, key="decide_calibrate")
        needs_weight = right.number_input(
            "Weight of “Serves important needs” (0 = off)", min_value=0.0,
            max_value=1000.0, value=float(settings.needs_weight), step=0.5,
            key="decide_needs_weight",
            help="Adds a criterion computed from the needs each idea is tagged to: the "
                 "highest opportunity = importance + max(importance − satisfaction, 0).")
        slot_choices = _slot_inputs(framework, ctx.saved_criteria, settings)
        submitted = st.form_submit_button("Preview this method", type="primary",
                                          icon=":material/visibility:")
    if submitted:
        others = [s for s in settings.slots if s[0] != framework.key]
        mine = [(framework.key, role, cid) for role, cid in slot_choices.items()
                if cid is not None]
        preview(ctx, framework=choice, normalisation=normalisation, aggregation=aggregation,
                calibrate=bool(calibrate), needs_weight=needs_weight, slots=others + mine)


def _slot_inputs(framework: Framework, criteria: Sequence[Criterion],
                 settings: EngineSettings) -> dict[str, int | None]:
    """One select box per formula input: which criterion feeds it (inside the form)."""
    if not framework.slots:
        return {}
    st.markdown(f"**{framework.name} inputs** — which criterion feeds each part of the formula")
    mapping = map_slots(framework, criteria, settings.slot_choice(framework.key))
    options = [None] + [c.id for c in criteria]
    names = {c.id: c.name for c in criteria}
    choices = {}
    for col, slot in zip(st.columns(len(framework.slots)), framework.slots, strict=True):
        current = mapping[slot.role]
        choices[slot.role] = col.selectbox(
            md(slot.label), options, index=options.index(current.id) if current else 0,
            format_func=lambda i: "— none —" if i is None else names[i],
            key=f"decide_slot_{framework.key}_{slot.role}", help=slot.hint)
    return choices
