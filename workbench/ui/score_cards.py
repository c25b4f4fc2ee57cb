"""Score cards: one idea per card, one tap per rating, each tap saved at once.

Each card is its own fragment, so a tap reruns that card, not the whole sheet (~180 controls
on a 60-idea shortlist cost a full run ~100 ms, one card a few ms); only the tap that
completes an idea (or undoes that) reruns the sheet, to move the overall progress.

Every rating is its own widget whose change is saved by its ``on_change`` callback before the
page reruns, so nothing typed can wait in a grid and miss a submit (the data editor this
replaces dropped edits made just before "Save"). A refused rating goes back to what is stored
and the reason shows under that rating.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from workbench import services
from workbench.domain.models import Criterion, WorkbenchError
from workbench.domain.safe_text import md
from workbench.domain.scales import rating_label, scale_hint
from workbench.engine.score_entry import fully_scored, my_ratings, tap_options
from workbench.store import Store
from workbench.ui.widgets import form_error

COLUMNS = 3  # criteria side by side on a wide screen; a phone stacks them
# Rating buttons at least 44 px high: a thumb's target on a phone.
CSS = """<style>button[data-variant="segmented_control"] {min-height: 2.75rem;}</style>"""
SAVED = "_rating_saved"  # (idea id, what the last tap saved) for that card to confirm


def cell_key(round_no: int, idea_id: int, criterion_id: int) -> str:
    """The widget key of one rating (its error is kept under ``_error_<key>``)."""
    return f"rate_{round_no}_{idea_id}_{criterion_id}"


def sync(ratings: dict[tuple[int, int], float], idea_ids: Sequence[int],
         criteria: Sequence[Criterion], round_no: int) -> None:
    """Show what is stored: saved elsewhere (another device, a withdrawn round) wins."""
    for idea_id in idea_ids:
        for c in criteria:
            key = cell_key(round_no, idea_id, c.id)
            stored = ratings.get((idea_id, c.id))
            if st.session_state.get(key) != stored:
                st.session_state[key] = stored


def stray_errors(idea_ids: Sequence[int], criteria: Sequence[Criterion], round_no: int) -> None:
    """Refusals whose card is gone (the idea left the shortlist meanwhile): show them here."""
    shown = {f"_error_{cell_key(round_no, i, c.id)}" for i in idea_ids for c in criteria}
    for key in [k for k in st.session_state if str(k).startswith("_error_rate_")]:
        if key not in shown:
            form_error(key.removeprefix("_error_"))


def _save(store: Store, workshop_id: int, rater_id: int, idea_id: int, c: Criterion,
          key: str, stored: float | None) -> None:
    """Save one rating the moment it changes; on a refusal put the stored one back."""
    value = st.session_state.get(key)
    try:
        services.save_scores(store, workshop_id, rater_id, [(idea_id, c.id, value)])
    except WorkbenchError as exc:
        st.session_state[key] = stored
        st.session_state[f"_error_{key}"] = str(exc)
        return
    # Said in the card it belongs to (a toast per tap would bury the screen).
    said = f"{rating_label(value, c.scale)}" if value is not None else "withdrawn"
    st.session_state[SAVED] = (idea_id, f"Saved: {c.name} {said}")


@dataclass(frozen=True)
class Sheet:
    """One rater's score sheet: what every card of this run needs."""

    store: Store
    workshop_id: int
    rater_id: int
    round_no: int
    criteria: tuple[Criterion, ...]
    idea_ids: tuple[int, ...]


def show_progress(sheet: Sheet, ratings: dict[tuple[int, int], float]) -> None:
    """"You have fully scored 3 of 8 ideas", and a word of thanks when all are done."""
    filled = fully_scored(sheet.idea_ids, sheet.criteria, ratings)
    total = len(sheet.idea_ids)
    st.progress(filled / total, text=f"You have fully scored {filled} of {total} ideas.")
    if filled == total:
        st.success("All done — every idea has your rating on every criterion. You can still "
                   "change any of them.", icon=":material/check_circle:")


def _fragment_rerun() -> bool:
    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)


def cards(sheet: Sheet, shortlist: pd.DataFrame,
          ratings: dict[tuple[int, int], float]) -> None:
    """Every card, each its own fragment: a tap reruns one card, not the whole sheet."""
    for number, (_, idea) in enumerate(shortlist.iterrows(), start=1):
        st.fragment(_card)(sheet, idea, f"Idea {number} of {len(sheet.idea_ids)}", ratings)


def _card(sheet: Sheet, idea: pd.Series, position: str,
          ratings: dict[tuple[int, int], float]) -> None:
    """One idea: full title and description, a rating control per criterion, its progress."""
    idea_id = int(idea["id"])
    criteria = sheet.criteria
    if _fragment_rerun():
        # Only this card ran: read what is stored now.
        ratings = my_ratings(sheet.store.scores_of(sheet.workshop_id, sheet.rater_id,
                                                   sheet.round_no))
        sync(ratings, [idea_id], criteria, sheet.round_no)
    rated = sum((idea_id, c.id) in ratings for c in criteria)
    complete = rated == len(criteria)
    if _fragment_rerun() and st.session_state.get(f"_complete_{idea_id}") != complete:
        # The idea just became (or stopped being) fully scored: the overall progress above
        # the cards changes, so the whole sheet reruns — once per idea, not once per tap.
        # (A fragment writing into a container above it displaced the cards in 1.67.)
        st.session_state[f"_complete_{idea_id}"] = complete
        st.rerun(scope="app")
    st.session_state[f"_complete_{idea_id}"] = complete
    with st.container(border=True, key=f"score_card_{idea_id}"):
        mark = " :material/check_circle:" if rated == len(criteria) else ""
        st.caption(f"{position}{mark}")
        st.markdown(f"**{md(idea['title'])}**")
        if isinstance(idea.get("description"), str) and idea["description"].strip():
            st.caption(md(idea["description"]))
        for start in range(0, len(criteria), COLUMNS):
            row = criteria[start:start + COLUMNS]
            for column, c in zip(st.columns(COLUMNS), row, strict=False):
                with column:
                    _control(sheet, idea_id, c, ratings.get((idea_id, c.id)))
        saved = st.session_state.get(SAVED)
        progress = f"{rated} of {len(criteria)} rated" if 0 < rated < len(criteria) else ""
        if saved and saved[0] == idea_id:
            progress = " · ".join(p for p in (md(saved[1]), progress) if p)
            progress = f":material/check: {progress}"
        if progress:
            st.caption(progress)


def _control(sheet: Sheet, idea_id: int, c: Criterion, stored: float | None) -> None:
    key = cell_key(sheet.round_no, idea_id, c.id)
    better = "lower is better" if c.is_cost else "higher is better"
    label = f"{md(c.name)} · {md(scale_hint(c))}, {better}"
    args = (sheet.store, sheet.workshop_id, sheet.rater_id, idea_id, c, key, stored)
    options = tap_options(c, stored)
    if options is None:
        st.number_input(label, min_value=float(c.scale_min), value=None, key=key,
                        placeholder="type a number", on_change=_save, args=args,
                        help="Press Enter or leave the box to save; clear it to withdraw.")
    else:
        st.segmented_control(label, options, key=key, on_change=_save, args=args, width="stretch",
                             format_func=lambda v: rating_label(v, c.scale),
                             help="Tap to rate (saved at once); tap again to withdraw.")
    form_error(key)
