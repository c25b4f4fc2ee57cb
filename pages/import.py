"""Import: a backlog from Jira, Trello, Linear or a spreadsheet, checked row by row first."""

from pathlib import Path

import streamlit as st

from workbench import services
from workbench.domain.models import WorkbenchError
from workbench.domain.safe_text import md
from workbench.ui.context import current_participant
from workbench.ui.importing import (
    HOW_TO_EXPORT,
    mapping_form,
    preset_picker,
    preview,
    show_problems,
    show_result,
    show_sample,
    state_key,
)
from workbench.ui.router import ensure_app_router
from workbench.ui.widgets import page_frame, reporting

ensure_app_router()
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_backlog_jira.csv"

ctx = page_frame("Import a backlog", "bring ideas and their numbers from Jira, Trello, Linear or "
                 "a spreadsheet")
store, workshop = ctx.store, ctx.workshop
me = current_participant(store, workshop)
actor = me.id if me else None

if workshop.live and not (me and me.is_facilitator):
    st.info("Only the facilitator imports a backlog into a live workshop. Ideas you add "
            "yourself go on the Brainstorm page.", icon=":material/lock:")
    st.page_link("pages/brainstorm.py", label="Go to Brainstorm", icon=":material/lightbulb:")
    st.stop()

results = st.session_state.setdefault("_import_results", {})
if workshop.id in results:
    show_result(results[workshop.id])
    if st.button("Import another file", icon=":material/upload_file:"):
        results.pop(workshop.id)
        st.rerun()
    st.stop()

uploads = st.session_state.setdefault("_import_uploader", 0)
upload = st.file_uploader("Backlog file (.csv, .tsv, .xlsx or .json)",
                          type=["csv", "tsv", "txt", "xlsx", "json"],
                          key=f"import_upload_{workshop.id}_{uploads}")
if upload is None:
    st.info(HOW_TO_EXPORT, icon=":material/upload_file:")
    st.download_button("Download a sample Jira export to try", SAMPLE.read_bytes(),
                       file_name=SAMPLE.name, mime="text/csv", icon=":material/download:",
                       on_click="ignore")
    st.caption(f"Files up to {st.get_option('server.maxUploadSize')} MB (the server's upload "
               "limit). The same import runs from a terminal: `python -m workbench import FILE "
               "--workshop …`.")
    st.stop()

data, name = upload.getvalue(), upload.name
key = state_key(workshop.id, data, name)
overrides = st.session_state.setdefault(f"{key}_overrides", {})
preset = preset_picker(key)
try:
    plan = preview(store, workshop.id, actor, data, name, preset, overrides)
except WorkbenchError as exc:
    st.error(md(exc), icon=":material/error:")
    st.stop()

st.markdown(f"**{md(name)}** read as **{md(plan.preset.name)}**: {len(plan.table.rows):,} rows, "
            f"{len(plan.table.headers)} columns.")
criteria = store.list_criteria(workshop.id)
left, right = st.columns([2, 3], gap="large")
with left:
    mapping_form(plan, criteria, key, overrides)
with right:
    show_problems(plan)
    show_sample(plan)

if plan.plan.ok:
    with st.form(f"{key}_apply", border=True):
        has_scores = bool(plan.plan.criteria)
        shortlist = st.checkbox("Put the imported ideas on the shortlist (to score and rank "
                                "them)", value=True, key=f"{key}_shortlist")
        # Ticked for a workshop nobody has scored yet whose numbers all go to new criteria;
        # where people scored, changing the weights is left to a deliberate tick.
        unscored = int(store.list_participants(workshop.id)["scores"].sum()) == 0
        only_imported = st.checkbox(
            "Rank on the imported numbers only (other criteria get weight 0)",
            value=has_scores and unscored and not any(k.startswith("criterion:")
                                                      for k in plan.plan.criteria),
            disabled=not has_scores, key=f"{key}_only_imported")
        go = st.form_submit_button(f"Import {len(plan.plan.items):,} items", type="primary",
                                   icon=":material/download:")
    if go:
        with reporting(), st.status(f"Importing {len(plan.plan.items):,} items…") as status:
            bar = st.progress(0.1, text="Checking every row against the criteria as they are "
                                        "now")
            bar.progress(0.4, text="Writing ideas, labels and scores in one transaction")
            result = services.apply_import(store, workshop.id, actor, plan,
                                           shortlist=shortlist,
                                           only_imported_weights=only_imported)
            bar.progress(1.0, text="Done")
            status.update(label="Imported", state="complete")
            results[workshop.id] = result
            st.session_state["_import_uploader"] = uploads + 1
            st.session_state.pop(f"{key}_overrides", None)
            st.rerun()
