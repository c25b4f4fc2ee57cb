"""Previewing a method on the Decide page: for this browser only, checked, never saved."""

from __future__ import annotations

from dataclasses import asdict

from workbench.engine.frameworks import FRAMEWORKS
from workbench.engine.settings import EngineSettings, apply_changes
from workbench.ui.decide.context import (
    DecideContext,
    drop_preview,
    preview_method,
    previewed_changes,
)
from workbench.ui.widgets import done, reporting

# What the Method panel sets; the rest of the settings (budget, MoSCoW capacity …) belong to
# the Matrix & portfolio tab and are saved there.
METHOD_FIELDS = ("framework", "normalisation", "aggregation", "calibrate", "needs_weight",
                 "slots", "rescaled")


def method_fields(settings: EngineSettings) -> dict[str, object]:
    """The Method panel's part of the settings (what a preview changes and applying saves)."""
    data = asdict(settings)
    return {name: data[name] for name in METHOD_FIELDS}


def preview(ctx: DecideContext, **changes: object) -> None:
    """Preview the method with ``changes`` on top of any preview; the saved method ends it."""
    with reporting():
        wanted = {**previewed_changes(ctx.workshop.id), **changes}
        proposed = apply_changes(ctx.saved_settings, wanted)
        if proposed == ctx.saved_settings:
            drop_preview()
            done("This is the workshop's method")
        preview_method(ctx.workshop.id, method_fields(proposed))
        done(f"Previewing {FRAMEWORKS[proposed.framework].name} — only you see it")
