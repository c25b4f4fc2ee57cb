"""Decide's scale-fit findings: does each framework input read a criterion on its scale?"""

from __future__ import annotations

import streamlit as st

from workbench.domain.safe_text import md
from workbench.engine.fit import DISTORTS, FITS, MAPPED, scale_fit
from workbench.engine.frameworks import FRAMEWORKS
from workbench.ui.decide.context import DecideContext
from workbench.ui.decide.preview import preview

ICONS = {DISTORTS: ":material/warning:", MAPPED: ":material/check_circle:"}


def render(ctx: DecideContext) -> None:
    """Each input that does not simply fit, with the fix on offer (mapping is previewed)."""
    settings = ctx.settings
    key = settings.framework
    findings = [f for f in scale_fit(key, ctx.saved_criteria, settings.slot_choice(key),
                                     settings.rescaled_roles(key)) if f.verdict != FITS]
    if not findings:
        return
    st.markdown(f"**Do your criteria fit {md(FRAMEWORKS[key].name)}'s scales?**")
    mapped = set(settings.rescaled_roles(key))
    for finding in findings:
        text = md(finding.text) + (f"  \n**Fix:** {md(finding.fix)}" if finding.fix else "")
        show = st.warning if finding.verdict == DISTORTS else st.info
        show(text, icon=ICONS.get(finding.verdict, ":material/info:"))
        if finding.can_map and st.button(f"Preview {finding.label} mapped",
                                         key=f"decide_map_{key}_{finding.role}",
                                         icon=":material/straighten:"):
            preview(ctx, rescaled=[*((key, r) for r in mapped | {finding.role}),
                                   *_other_frameworks(ctx)])
        if finding.verdict == MAPPED and st.button(f"Preview {finding.label} as rated",
                                                   key=f"decide_unmap_{key}_{finding.role}",
                                                   icon=":material/undo:"):
            preview(ctx, rescaled=[*((key, r) for r in mapped - {finding.role}),
                                   *_other_frameworks(ctx)])


def _other_frameworks(ctx: DecideContext) -> list[tuple[str, str]]:
    """Mapped inputs of the frameworks not shown, kept as they are."""
    return [pair for pair in ctx.settings.rescaled if pair[0] != ctx.settings.framework]
