"""The preview banner and the "apply for everyone" confirmation of Decide's method panel."""

from __future__ import annotations

import streamlit as st

from workbench import services
from workbench.domain.safe_text import md
from workbench.engine.fit import DISTORTS, scale_fit
from workbench.engine.frameworks import FRAMEWORKS
from workbench.engine.method_change import method_changes, ranked_change
from workbench.engine.unranked import and_list, why_unranked
from workbench.ui.decide.context import (
    DecideContext,
    drop_preview,
    drop_what_if,
    saved_method_ranked,
)
from workbench.ui.decide.preview import method_fields
from workbench.ui.widgets import (
    ask_confirmation,
    cancel,
    close_confirmation,
    done,
    pending_confirmation,
    reporting,
)

CONFIRM = "apply_method"


def banner(ctx: DecideContext) -> None:
    """What is previewed, that only this person sees it, and the way to apply or go back."""
    name = FRAMEWORKS[ctx.settings.framework].name
    saved = FRAMEWORKS[ctx.saved_settings.framework].name
    lines = [f"**Previewing {md(name)} — only you see this.** Everyone else still sees the "
             f"workshop's method ({md(saved)})."]
    lines += [md(line) for line in _what_changes(ctx)]
    with st.container(border=True):
        st.info("  \n".join(lines), icon=":material/visibility:")
        apply_col, back_col = st.columns(2)
        if apply_col.button("Apply for everyone…", type="primary", disabled=not ctx.can_edit,
                            icon=":material/groups:", width="stretch",
                            help=None if ctx.can_edit else "Only the facilitator can change "
                                                           "the workshop's method."):
            ask_confirmation(CONFIRM)
        if back_col.button("Back to the workshop's method", icon=":material/undo:",
                           width="stretch"):
            drop_preview()
            close_confirmation()
            done(f"Back to the workshop's method ({saved})")


def _what_changes(ctx: DecideContext, why: bool = True) -> list[str]:
    """The preview's ranked count against the saved method's, and (``why``) why none."""
    name = FRAMEWORKS[ctx.settings.framework].name
    now = saved_method_ranked(ctx)
    ranked = len(ctx.evaluation.table) if ctx.evaluation is not None else 0
    lines = [ranked_change(name, ranked, now if now is not None else 0, len(ctx.shortlist))]
    if ctx.evaluation is None:
        lines.append(ctx.problem or "This method cannot rank the ideas.")
    elif ranked == 0 and why:
        lines.append(" ".join(why_unranked(ctx.evaluation)))
    return lines


def confirm_if_pending(ctx: DecideContext) -> None:
    """Open the confirmation while it waits for an answer (state, not a one-shot dialog)."""
    if pending_confirmation(CONFIRM) is None:
        return
    if not ctx.previewing:  # applied or dropped in another way meanwhile
        close_confirmation()
        return
    _confirm(ctx)


@st.dialog("Apply this method for everyone?", on_dismiss=close_confirmation)
def _confirm(ctx: DecideContext) -> None:
    name = FRAMEWORKS[ctx.settings.framework].name
    st.markdown("Applying changes what **everyone** in the workshop sees:")
    lines = method_changes(ctx.saved_settings, ctx.settings, ctx.saved_criteria)
    result = ctx.evaluation.formula if ctx.evaluation is not None else None
    missing_slots = bool(result is not None and result.missing_slots)
    lines += _what_changes(ctx, why=not missing_slots)
    if result is not None and missing_slots:
        missing = and_list([s.label for s in result.missing_slots])
        lines.append(f"{name} still has no criterion for {missing}. Applying does not add "
                     "them; “Add criteria” does, and that adds them to everyone's scoring.")
    distorted = [f for f in scale_fit(ctx.settings.framework, ctx.saved_criteria,
                                      ctx.settings.slot_choice(ctx.settings.framework),
                                      ctx.settings.rescaled_roles(ctx.settings.framework))
                 if f.verdict == DISTORTS]
    if distorted:
        where = ("a criterion on another scale" if len(distorted) == 1 else
                 "criteria on other scales")
        lines.append(f"{name} reads {and_list([f.label for f in distorted])} from {where}, "
                     "which distorts the ranking (see the findings under Method).")
    st.markdown("\n".join(f"- {md(line)}" for line in lines))
    left, right = st.columns(2)
    if left.button("Apply for everyone", type="primary", width="stretch",
                   key="decide_apply_confirmed"):
        with reporting():
            services.update_engine(ctx.store, ctx.workshop.id, ctx.actor,
                                   **method_fields(ctx.settings))
            drop_preview()
            drop_what_if()
            done(f"Method set for everyone: {name}")
    if right.button("Cancel", width="stretch", key="decide_apply_cancel"):
        cancel()
