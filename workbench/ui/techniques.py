"""Divergent aids on Brainstorm: the "How might we …?" prompt of a need, and technique cards
the facilitator pushes to everyone with the phase timer."""

from __future__ import annotations

import streamlit as st

from workbench import services
from workbench.domain import phases
from workbench.domain.models import Participant, Workshop
from workbench.domain.safe_text import md
from workbench.domain.techniques import TECHNIQUES, Technique
from workbench.engine.hmw import how_might_we
from workbench.store import Store
from workbench.ui.widgets import done, reporting


def hmw_prompts(store: Store, workshop_id: int) -> dict[int, str]:
    """Need id → its "How might we …?" prompt (for the need's segment), built per change."""
    def compute() -> dict[int, str]:
        needs = store.need_choices(workshop_id)
        return {int(n.id): how_might_we(str(n.statement), str(n.segment))
                for n in needs.itertuples()}
    return store.derived(("hmw", workshop_id), compute)


def hmw_line(store: Store, workshop_id: int, need_id: int) -> None:
    """The prompt of one need, as a caption under the focus note."""
    prompt = hmw_prompts(store, workshop_id).get(need_id)
    if prompt:
        st.markdown(f":material/psychology_alt: *{md(prompt)}*")


def hmw_list(store: Store, workshop_id: int) -> None:
    """Every need's prompt, folded away: a start when the page is blank."""
    prompts = hmw_prompts(store, workshop_id)
    if prompts:
        with st.expander("Stuck? “How might we …” prompts for each need"):
            st.markdown("\n".join(f"- {md(p)}" for p in prompts.values()))


def card_markdown(card: Technique) -> str:
    """The card as Markdown: name, minutes, the idea in one line, numbered steps."""
    steps = "\n".join(f"{k}. {md(s)}" for k, s in enumerate(card.steps, start=1))
    return (f"**:material/style: {md(card.name)}** · {card.minutes} min  \n{md(card.gist)}"
            f"\n\n{steps}")


def pushed_card(store: Store, workshop: Workshop) -> None:
    """The card the facilitator pushed, above the add form (nothing when there is none)."""
    card = services.pushed_technique(store, workshop.id)
    if card is None:
        return
    with st.container(border=True, key="technique_card"):
        st.caption("Technique now — from the facilitator" if workshop.live else
                   "Technique now")
        st.markdown(card_markdown(card))


def can_push(workshop: Workshop, me: Participant | None) -> bool:
    """Whether this person may push cards (anyone in free mode, else the facilitator)."""
    if not workshop.live:
        return True
    return me is not None and phases.allowed(workshop, "push_technique", me.is_facilitator)


def card_picker(store: Store, workshop: Workshop, me: Participant | None,
                key: str = "technique_pick") -> None:
    """Choose a card, read its how-to, and push it with its timer in one click."""
    actor = me.id if me else None
    names = {k: f"{t.name} · {t.minutes} min" for k, t in TECHNIQUES.items()}
    pick = st.selectbox("Technique card", list(names), format_func=names.__getitem__, key=key)
    card = TECHNIQUES[pick]
    st.markdown(card_markdown(card))
    # Stacked, not side by side: in the console's half-width column a long label is cut off.
    if st.button(f"Push to everyone + start {card.minutes}-min timer", type="primary",
                 icon=":material/send:", key=f"{key}_push", width="stretch"):
        with reporting():
            services.push_technique(store, workshop.id, actor, pick)
            done(f"{card.name} is on everyone's Brainstorm; {card.minutes}-minute timer "
                 "started")
    pushed = services.pushed_technique(store, workshop.id)
    if pushed is not None:
        st.caption(f":material/style: On everyone's Brainstorm now: **{md(pushed.name)}**")
        if st.button("Take the card down", key=f"{key}_clear", width="stretch"):
            with reporting():
                services.clear_technique(store, workshop.id, actor)
                done("Technique card taken down")
