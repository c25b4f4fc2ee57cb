"""What a person can do: each service validates, checks authority, then makes one store write.

Pages call ``services.<verb>(store, workshop_id, actor_id, …)``; bad input or a missing right
raises a named ``WorkbenchError`` before anything is written.
"""

from workbench.services.activity import (
    PAGE_SIZE,
    ActivityPage,
    activity,
    kind_groups,
    people_filter,
    visibility,
)
from workbench.services.authority import ParticipantRemoved, authorise, gate, is_facilitator
from workbench.services.backup import (
    MAX_BACKUP_MB,
    Restored,
    backup_file_name,
    backup_workshop,
    read_backup,
    restore_backup,
    take_restored_seat,
)
from workbench.services.decide import (
    add_framework_criteria,
    engine_settings,
    set_moscow,
    update_engine,
)
from workbench.services.decisions import (
    current_decisions,
    decision_view,
    record_decision,
    selected_idea_ids,
)
from workbench.services.demo import (
    create_demo_workshop,
    ensure_demo_workshop,
    recreate_demo_workshop,
)
from workbench.services.facilitator import (
    TIMER_MAX_MINUTES,
    clear_timer,
    open_next_round,
    set_anonymous,
    set_dots,
    set_phase,
    set_revealed,
    set_timer,
)
from workbench.services.feedback import (
    FeedbackOverview,
    Suggestion,
    accept_suggestions,
    assign_feedback,
    delete_feedback,
    feedback_file_columns,
    import_feedback,
    need_ratings,
    overview,
    paste_feedback,
    reject_suggestions,
    set_evidence_importance,
    suggestions,
)
from workbench.services.focus import set_focus_need
from workbench.services.ideas import (
    add_idea,
    add_ideas_bulk,
    delete_idea,
    edit_idea,
    merge_ideas,
    set_shortlist,
    unmerge_ideas,
)
from workbench.services.imports import (
    ImportPreview,
    ImportRefused,
    ImportResult,
    NotImportOwner,
    apply_import,
    plan_import,
    problems_text,
    read_backlog,
)
from workbench.services.journey import (
    add_stage,
    delete_stage,
    journey,
    move_stage,
    place_needs,
    rename_stage,
)
from workbench.services.kpis import (
    add_kpi,
    delete_kpi,
    link_idea_kpi,
    unlink_idea_kpi,
    workshop_kpis,
)
from workbench.services.live import (
    GO_LIVE_RULE,
    LiveStart,
    NotWorkshopOwner,
    ProjectorView,
    Seat,
    claim_facilitator,
    go_live,
    heartbeat,
    join_with_code,
    projector_view,
    reclaim_facilitator_seat,
    reissue_rejoin_link,
    rejoin,
    remove_participant,
    revoke_rejoin_link,
    rotate_facilitator_key,
    start_live_workshop,
)
from workbench.services.needs import (
    add_evidence,
    add_need,
    add_need_with_segment,
    add_segment,
    delete_need,
    delete_segment,
    edit_need,
    edit_segment,
)
from workbench.services.outcomes import (
    Calibration,
    calibration,
    coverage_of,
    outcome_table,
    record_outcome,
)
from workbench.services.ranked_export import (
    XLSX_MIME,
    Download,
    ResultsHidden,
    export_file_stem,
    ranked_export,
)
from workbench.services.report import decision_report, report_data, report_file_name
from workbench.services.scoring import (
    add_criterion,
    delete_criterion,
    save_scores,
    update_criteria,
)
from workbench.services.similarity import (
    Group,
    Match,
    add_note,
    duplicate_groups,
    engine_status,
    similar_to,
)
from workbench.services.techniques import (
    clear_technique,
    push_technique,
    pushed_technique,
)
from workbench.services.themes import (
    default_theme_count,
    join_themes,
    move_idea,
    rename_theme,
    split_theme,
    suggest_themes,
)
from workbench.services.throttle import wait_seconds
from workbench.services.votes import place_dot, remove_dot
from workbench.services.workshops import (
    create_with_code,
    create_workshop,
    delete_workshop,
    edit_workshop,
    join,
    set_archived,
)

__all__ = [
    "TIMER_MAX_MINUTES", "LiveStart", "Seat", "add_criterion", "add_evidence",
    "add_framework_criteria", "add_idea", "add_ideas_bulk", "add_need", "add_need_with_segment",
    "add_segment",
    "authorise", "claim_facilitator", "clear_timer", "create_demo_workshop", "create_with_code",
    "create_workshop", "delete_criterion", "delete_idea", "delete_need", "delete_segment",
    "delete_workshop", "edit_idea", "edit_need", "edit_segment", "edit_workshop",
    "engine_settings", "ensure_demo_workshop", "gate", "go_live", "heartbeat", "is_facilitator",
    "join", "join_with_code", "merge_ideas", "open_next_round", "place_dot",
    "reclaim_facilitator_seat", "recreate_demo_workshop", "rejoin", "remove_dot", "save_scores",
    "set_anonymous", "set_archived", "set_dots", "set_moscow", "set_phase", "set_revealed",
    "set_shortlist", "set_timer", "start_live_workshop", "unmerge_ideas", "update_criteria",
    "update_engine", "wait_seconds",
    # similar ideas
    "Group", "Match", "add_note", "duplicate_groups", "engine_status", "similar_to",
    # themes
    "default_theme_count", "join_themes", "move_idea", "rename_theme", "split_theme",
    "suggest_themes",
    # needs coverage
    "set_focus_need",
    # seats, keys and the projector
    "GO_LIVE_RULE", "NotWorkshopOwner", "ParticipantRemoved", "ProjectorView", "projector_view",
    "reissue_rejoin_link", "remove_participant", "revoke_rejoin_link", "rotate_facilitator_key",
    # importing a backlog
    "ImportPreview", "ImportRefused", "ImportResult", "NotImportOwner", "apply_import",
    "plan_import", "problems_text", "read_backlog",
    # exports, backup and restore
    "MAX_BACKUP_MB", "XLSX_MIME", "Download", "Restored", "ResultsHidden", "backup_file_name",
    "backup_workshop", "export_file_stem", "ranked_export", "read_backup", "restore_backup",
    "take_restored_seat",
    # decisions, activity and the decision report
    "PAGE_SIZE", "ActivityPage", "activity", "current_decisions", "decision_view", "kind_groups",
    "people_filter",
    "decision_report", "record_decision", "report_data", "report_file_name", "selected_idea_ids",
    "visibility",
    # KPIs, outcomes, calibration and technique cards
    "Calibration", "add_kpi", "calibration", "clear_technique", "coverage_of", "delete_kpi",
    "link_idea_kpi", "outcome_table", "push_technique", "pushed_technique", "record_outcome",
    "unlink_idea_kpi", "workshop_kpis",
    # journey map and customer feedback
    "FeedbackOverview", "Suggestion", "accept_suggestions", "add_stage", "assign_feedback",
    "delete_feedback", "delete_stage", "feedback_file_columns", "import_feedback", "journey",
    "move_stage", "need_ratings", "overview", "paste_feedback", "place_needs", "reject_suggestions",
    "rename_stage", "set_evidence_importance", "suggestions",
]
