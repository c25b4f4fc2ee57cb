"""Download buttons for the ranked export, and the Workshops page's backup and restore."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from workbench import services
from workbench.domain import phases
from workbench.domain.models import NAME_MAX, Workshop
from workbench.domain.safe_text import md
from workbench.store import Store
from workbench.ui.context import display_name, select_workshop, take_seat
from workbench.ui.widgets import done, reporting

RESTORED = "_restored_live"  # a restored live workshop's code and key, until dismissed
UPLOADS = "_restore_uploads"  # restores done in this session: the uploader's key
COUNT_LABELS = {"participants": "participants", "segments": "segments", "needs": "needs",
                "evidence": "quotes", "ideas": "ideas (merged ones included)",
                "criteria": "criteria", "scores": "scores", "votes": "dots",
                "merges": "merges", "themes": "themes"}


def ranking_downloads(store: Store, workshop: Workshop, actor_id: int | None,
                      key: str) -> None:
    """CSV and Excel files of the ranking under the workshop's method, for whoever may see it
    (the facilitator always; others after the reveal). The files are built on click."""
    lead = services.is_facilitator(store, workshop, actor_id)
    if not phases.results_visible(workshop, lead):
        return
    stem = services.export_file_stem(workshop.title)
    with st.container(horizontal=True, gap="small"):
        for fmt, label, mime in (("csv", "Download ranking (CSV)", "text/csv"),
                                 ("xlsx", "Download ranking (Excel)",
                                  services.XLSX_MIME)):
            st.download_button(
                label, data=lambda fmt=fmt: services.ranked_export(
                    store, workshop.id, actor_id, fmt).data,
                file_name=f"{stem}.{fmt}", mime=mime, on_click="ignore",
                icon=":material/download:", key=f"{key}_{fmt}")
    st.caption("Every ranked idea with its criteria ratings and points, framework scores, "
               "agreement, theme and MoSCoW; the Excel file adds a sheet with the method and "
               "weights.")


def backup_button(store: Store, workshop: Workshop, actor_id: int | None) -> None:
    """"Back up this workshop": the whole workshop as JSON, built on click."""
    st.download_button(
        "Back up this workshop", data=lambda: services.backup_workshop(
            store, workshop.id, actor_id).data,
        file_name=services.backup_file_name(workshop.title), mime="application/json",
        on_click="ignore", icon=":material/cloud_download:", key=f"backup_{workshop.id}")
    st.caption("One JSON file with everything in it (settings, people, needs, ideas, criteria, "
               "scores, dots, merges, themes, notes). Restore it below as a new workshop.")


def restore_pending() -> bool:
    """Whether a restore is under way (a file chosen, or a new key to show): keep it open."""
    generation = st.session_state.get(UPLOADS, 0)
    return RESTORED in st.session_state or \
        st.session_state.get(f"restore_upload_{generation}") is not None


def restore_section(store: Store) -> None:
    """Upload a backup → preview → restore as a new workshop → open it."""
    if (restored := st.session_state.get(RESTORED)) is not None:
        _restored_live(store, restored)
        return
    st.caption(f"A backup made with *Back up this workshop* (.json, up to "
               f"{services.MAX_BACKUP_MB} MB) becomes a **new** workshop with new ids and join "
               "code; the original is not touched.")
    # A new key after each restore empties the uploader, so the same file is not offered
    # for restoring a second time.
    generation = st.session_state.get(UPLOADS, 0)
    upload = st.file_uploader("Backup file (.json)", type=["json"],
                              key=f"restore_upload_{generation}",
                              max_upload_size=services.MAX_BACKUP_MB)
    if upload is None:
        return
    data = upload.getvalue()
    with reporting():
        snap = services.read_backup(data, upload.name)
        counts = snap.counts()
        mode = "live workshop" if snap.workshop.get("live") else "free-mode workshop"
        st.markdown(f"**{md(snap.title)}** — a {mode}, backed up {md(_when(snap.exported_at))}"
                    + ("" if snap.names else " (names replaced by “Participant k”)"))
        st.markdown("It holds " + ", ".join(
            f"{counts[t]} {label}" for t, label in COUNT_LABELS.items()
            if counts[t] or t == "ideas") + ".")
        if st.button("Restore as a new workshop", type="primary", icon=":material/restore:"):
            result = services.restore_backup(store, data, upload.name)
            st.session_state[UPLOADS] = generation + 1
            if result.live:
                st.session_state[RESTORED] = {"id": result.workshop_id, "code": result.join_code,
                                              "key": result.facilitator_key,
                                              "title": result.title}
                done(f"Restored “{result.title}” as a new live workshop")
            select_workshop(result.workshop_id)
            done(f"Restored “{result.title}” as a new workshop — it is now open")


def _restored_live(store: Store, restored: dict) -> None:
    """A restored live workshop's new code and key (shown this once) and its facilitator seat."""
    st.success(f"Restored **{md(restored['title'])}** as a new live workshop. Its join code is "
               f"**{md(restored['code'])}**; its facilitator key (shown only now — keep it) is:",
               icon=":material/check_circle:")
    st.code(restored["key"], language=None)
    with st.form("restored_seat"):
        name = st.text_input("Your name", value=display_name() or "", max_chars=NAME_MAX,
                             help="A facilitator of that name in the backup gets her seat back; "
                                  "any other name joins as a new facilitator.")
        if st.form_submit_button("Take the facilitator seat", type="primary"):
            with reporting():
                seat = services.take_restored_seat(store, restored["code"], restored["key"],
                                                   name)
                take_seat(seat)
                st.session_state.pop(RESTORED, None)
                done(f"You are the facilitator of “{restored['title']}”")
    if st.button("I have saved the key: close this"):
        st.session_state.pop(RESTORED, None)
        st.rerun()


def _when(stamp: str) -> str:
    """An ISO export time as "2026-12-06 05:42 UTC" (as it is when it does not parse)."""
    try:
        return dt.datetime.fromisoformat(stamp).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return stamp
