"""Activity: every change in the workshop as a readable line, newest first, with filters."""

from workbench.ui.activity import render
from workbench.ui.context import current_participant
from workbench.ui.router import ensure_app_router
from workbench.ui.widgets import page_frame

ensure_app_router()

frame = page_frame("Activity", "who changed what and when — scores, phases, merges, decisions")
me = current_participant(frame.store, frame.workshop)
render(frame.store, frame.workshop, me.id if me else None)
