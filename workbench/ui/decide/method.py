"""Decide's method panel: framework, normalisation, aggregation, calibration and inputs."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from workbench import services
from workbench.domain.models import Criterion
from workbench.domain.safe_text import md
from workbench.engine.frameworks import FRAMEWORKS, Framework, map_slots
from workbench.engine.scoring import NORMALISATIONS
from workbench.engine.settings import EngineSettings
from workbench.ui.decide.context import DecideContext, drop_what_if
from workbench.ui.widgets import done, reporting

AGGREGATIONS = {"mean": "Mean", "median": "Median", "trimmed": "Trimmed mean (20 %)"}


def render(ctx: DecideContext) -> None:
    """Framework, normalisation, aggregation, calibration and the needs criterion."""
    settings, can_edit = ctx.settings, ctx.can_edit
    framework = FRAMEWORKS[settings.framework]
    with st.expander(f"Method: **{framework.name}** · {settings.normalisation} normalisation · "
                     f"{settings.aggregation} of raters", expanded=False,
                     icon=":material/tune:"):
        if not can_edit:
            st.caption("The facilitator chooses the method; this is what everyone sees.")
        with st.form("decide_method", border=False):
            left, right = st.columns(2)
            keys = list(FRAMEWORKS)
            choice = left.selectbox("Framework", keys, index=keys.index(settings.framework),
                                    format_func=lambda k: FRAMEWORKS[k].name,
                                    disabled=not can_edit, key="decide_framework")
            normalisation = left.radio("Normalisation", list(NORMALISATIONS),
                                       index=list(NORMALISATIONS).index(settings.normalisation),
                                       format_func=str.capitalize, horizontal=True,
                                       disabled=not can_edit, key="decide_normalisation",
                                       help=" ".join(NORMALISATIONS.values()))
            aggregation = right.selectbox("Combine raters by", list(AGGREGATIONS),
                                          index=list(AGGREGATIONS).index(settings.aggregation),
                                          format_func=AGGREGATIONS.get,
                                          disabled=not can_edit, key="decide_aggregation")
            calibrate = right.toggle("Calibrate harsh and lenient raters (z-scores)",
                                     value=settings.calibrate, disabled=not can_edit,
                                     key="decide_calibrate")
            needs_weight = right.number_input(
                "Weight of “Serves important needs” (0 = off)", min_value=0.0,
                max_value=1000.0, value=float(settings.needs_weight), step=0.5,
                disabled=not can_edit, key="decide_needs_weight",
                help="Adds a criterion computed from the needs each idea is tagged to: the "
                     "highest opportunity = importance + max(importance − satisfaction, 0).")
            slot_choices = _slot_inputs(framework, ctx.saved_criteria, settings, can_edit)
            saved = st.form_submit_button("Apply method", type="primary", disabled=not can_edit)
        if saved:
            others = [s for s in settings.slots if s[0] != framework.key]
            mine = [(framework.key, role, cid) for role, cid in slot_choices.items()
                    if cid is not None]
            drop_what_if()
            with reporting():
                services.update_engine(ctx.store, ctx.workshop.id, ctx.actor, framework=choice,
                                      normalisation=normalisation, aggregation=aggregation,
                                      calibrate=bool(calibrate), needs_weight=needs_weight,
                                      slots=others + mine)
                done(f"Method set: {FRAMEWORKS[choice].name}")


def _slot_inputs(framework: Framework, criteria: Sequence[Criterion],
                 settings: EngineSettings, can_edit: bool) -> dict[str, int | None]:
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
            disabled=not can_edit, key=f"decide_slot_{framework.key}_{slot.role}",
            help=slot.hint)
    return choices
