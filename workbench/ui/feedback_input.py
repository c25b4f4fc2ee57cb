"""Adding customer feedback (upload or paste) and assigning it to needs, by hand or suggested."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from workbench import services
from workbench.domain.journey import SCALE_LABELS
from workbench.domain.models import NAME_MAX, Workshop
from workbench.domain.safe_text import md, shorten
from workbench.exchange.feedback import AUTO, FIELDS
from workbench.store import Store
from workbench.ui.widgets import (
    ask_confirmation,
    cancel,
    clear_on_success,
    close_confirmation,
    done,
    pending_confirmation,
    reporting,
)

NONE = ""            # column picker: "not in this file"
UNASSIGN = 0         # need picker: take the items off their need
SHOWN_MAX = 300      # items listed (and selectable at once) after filtering
SUGGESTIONS_SHOWN = 8
FIELD_LABELS = {"text": "Text column", "score": "Score column", "date": "Date column",
                "segment": "Segment column", "source": "Source column"}
SHOW = {"unassigned": "Unassigned", "all": "All", "assigned": "Assigned"}


def upload_tab(store: Store, workshop: Workshop, actor: int | None) -> None:
    """Upload a CSV/XLSX, check which column holds what, add every row (or none)."""
    round_no = st.session_state.setdefault("feedback_upload_round", 0)
    upload = st.file_uploader("Feedback file (CSV or XLSX)", type=["csv", "tsv", "txt", "xlsx"],
                              key=f"feedback_file_{round_no}",
                              help="One row per item: text, and optionally a score (NPS 0–10 "
                              "or CSAT 1–5), a date, a segment and a source.")
    if upload is None:
        return
    with reporting():
        data = upload.getvalue()
        headers, guess = services.feedback_file_columns(data, upload.name)
        with st.form("feedback_upload"):
            chosen = {}
            cols = st.columns(len(FIELDS))
            for col, name in zip(cols, FIELDS, strict=True):
                options = [NONE, *headers]
                default = guess[name] if guess[name] in options else NONE
                chosen[name] = col.selectbox(FIELD_LABELS[name], options,
                                             index=options.index(default),
                                             format_func=lambda h: h or "(none)",
                                             key=f"feedback_col_{name}_{round_no}") or None
            if not guess["text"]:
                st.warning("No column is called text, feedback or comment: choose the column "
                           "that holds the feedback in “Text column”.")
            scale = st.radio("Scores are", [AUTO, *SCALE_LABELS], horizontal=True,
                             format_func=lambda s: "Detect" if s == AUTO else SCALE_LABELS[s],
                             key=f"feedback_scale_{round_no}")
            if st.form_submit_button("Add feedback from the file", type="primary"):
                added = services.import_feedback(store, workshop.id, actor, data, upload.name,
                                                 chosen, scale)
                clear_on_success(feedback_upload_round=round_no + 1)
                done(f"Added {added:,} feedback item(s) from {upload.name}")


def paste_tab(store: Store, workshop: Workshop, actor: int | None) -> None:
    """Paste feedback, one item per line."""
    with st.form("feedback_paste"):
        text = st.text_area("Feedback, one item per line", height=120, key="feedback_paste_text",
                            placeholder="Setting up took me a whole afternoon\n…")
        left, right = st.columns(2)
        segment = left.text_input("Segment (optional)", max_chars=NAME_MAX,
                                  key="feedback_paste_segment")
        source = right.text_input("Source (optional)", max_chars=NAME_MAX * 2,
                                  key="feedback_paste_source", placeholder="e.g. Sales call")
        if st.form_submit_button("Add pasted feedback", type="primary"):
            with reporting():
                added = services.paste_feedback(store, workshop.id, actor, text, segment, source)
                clear_on_success(feedback_paste_text="")
                done(f"Added {added} feedback item(s)")


def _label(row) -> str:
    score = "" if pd.isna(row.score) else f" · {int(row.score)}"
    return f"#{row.id}{score} · {shorten(row.text, 70)}"


def assign_section(store: Store, workshop: Workshop, actor: int | None,
                   need_labels: dict[int, str]) -> None:
    """Find items, select some (or all shown) and assign them to one need."""
    items = store.feedback(workshop.id)
    left, right = st.columns([3, 2])
    find = left.text_input("Find feedback", key="feedback_find", placeholder="a word or two")
    show = right.segmented_control("Show", list(SHOW), format_func=SHOW.get,
                                   default="unassigned", key="feedback_show") or "all"
    if show != "all":
        items = items[items["need_id"].isna() == (show == "unassigned")]
    if find.strip():
        items = items[items["text"].str.contains(find.strip(), case=False, regex=False)]
    shown = items.head(SHOWN_MAX)
    st.caption(f"{len(items):,} item(s) match" + (f"; the first {SHOWN_MAX} are listed"
                                                   if len(items) > SHOWN_MAX else ""))
    if shown.empty:
        return
    st.dataframe(pd.DataFrame({
        "#": shown["id"], "Feedback": shown["text"], "Score": shown["score"],
        "Segment": shown["segment"], "Source": shown["source"], "Date": shown["given_on"],
        "Need": [need_labels.get(int(n), "") if pd.notna(n) else "" for n in shown["need_id"]]}),
        hide_index=True, height=min(38 + 35 * len(shown), 300), width="stretch")
    labels = {int(r.id): _label(r) for r in shown.itertuples()}
    with st.form("assign_feedback"):
        picked = st.multiselect("Feedback items", list(labels), format_func=labels.__getitem__,
                                key="feedback_picked", placeholder="Choose items")
        every = st.checkbox(f"All {len(labels)} listed above", key="feedback_all_shown")
        options = [*need_labels, UNASSIGN]
        need = st.selectbox("Need", options, key="feedback_need",
                            format_func=lambda n: "No need (unassign)" if n == UNASSIGN
                            else need_labels[n])
        assign = st.form_submit_button("Assign to need", type="primary")
        delete = st.form_submit_button("Delete items…")
    chosen = list(labels) if every else picked
    if assign:
        with reporting():
            n = services.assign_feedback(store, workshop.id, actor, chosen,
                                         None if need == UNASSIGN else need)
            clear_on_success(feedback_picked=[], feedback_all_shown=False)
            done(f"Assigned {n} item(s) to “{need_labels[need]}”" if need != UNASSIGN
                 else f"Unassigned {n} item(s)")
    if delete:
        with reporting():
            if not chosen:
                services.delete_feedback(store, workshop.id, actor, [])
            ask_confirmation("delete_feedback", ids=chosen)


@st.dialog("Delete feedback items?", on_dismiss=close_confirmation)
def _confirm_delete(store: Store, workshop: Workshop, actor: int | None, ids: list[int]) -> None:
    st.markdown(f"{len(ids)} feedback item(s) will be deleted, with their need assignments.")
    left, right = st.columns(2)
    if left.button("Delete", type="primary", width="stretch"):
        with reporting():
            n = services.delete_feedback(store, workshop.id, actor, ids)
            clear_on_success(feedback_picked=[], feedback_all_shown=False)
            done(f"Deleted {n} feedback item(s)")
    if right.button("Cancel", width="stretch"):
        cancel()


def feedback_dialogs(store: Store, workshop: Workshop, actor: int | None) -> None:
    """Open the delete dialog while its confirmation is pending."""
    if (pending := pending_confirmation("delete_feedback")) is not None:
        _confirm_delete(store, workshop, actor, pending["ids"])


def suggestions_section(store: Store, workshop: Workshop, actor: int | None,
                        need_labels: dict[int, str]) -> None:
    """The need each unassigned item seems to be about: accept or reject, one or all."""
    found = services.suggestions(store, workshop.id)
    status = services.engine_status()
    how = ("by meaning" if status.semantic
           else "by shared keywords (the meaning-based engine is not available here)")
    if not found:
        st.caption(f"No suggestions: every item is assigned, or none matches a need {how}.")
        return
    texts = store.feedback(workshop.id).set_index("id")["text"]
    st.caption(f"{len(found):,} suggestion(s), matched {how}. Accepting assigns the item; "
               "rejecting keeps that need from being suggested for it again.")
    if st.button(f"Accept all {len(found):,} suggestions", key="accept_all_suggestions"):
        with reporting():
            n = services.accept_suggestions(store, workshop.id, actor,
                                            [(s.feedback_id, s.need_id) for s in found])
            done(f"Assigned {n} item(s) as suggested")
    for s in found[:SUGGESTIONS_SHOWN]:
        with st.container(border=True):
            st.markdown(f"“{md(shorten(texts.get(s.feedback_id, ''), 240))}”")
            st.caption(f"→ {md(need_labels.get(s.need_id, ''))} · match {s.similarity:.2f}")
            yes, no = st.columns(2)
            if yes.button("Accept", key=f"accept_{s.feedback_id}_{s.need_id}",
                          icon=":material/check:", width="stretch"):
                with reporting():
                    services.accept_suggestions(store, workshop.id, actor,
                                                [(s.feedback_id, s.need_id)])
                    done("Assigned as suggested")
            if no.button("Reject", key=f"reject_{s.feedback_id}_{s.need_id}",
                         icon=":material/close:", width="stretch"):
                with reporting():
                    services.reject_suggestions(store, workshop.id, actor,
                                                [(s.feedback_id, s.need_id)])
                    done("Suggestion rejected")
