"""Importing a backlog (CSV, XLSX, JSON): preview with every problem listed, then one write."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from workbench.domain.models import Criterion, InvalidInput, WorkbenchError
from workbench.exchange import targets
from workbench.exchange.mapping import Plan, Problem, build_plan
from workbench.exchange.presets import PRESETS, Preset, detect
from workbench.exchange.readers import Table, read_table
from workbench.services.authority import gate
from workbench.store import ImportBatch, Store

SHOWN_PROBLEMS = 20


class ImportRefused(InvalidInput):
    """The file has problems; the message lists them by row and column. Nothing was written."""


class NotImportOwner(WorkbenchError):
    """Someone other than a free-mode workshop's creator tried to import into it."""

    def __init__(self) -> None:
        super().__init__("Only the person who started this workshop can import a backlog "
                         "into it. Ask them, or import into a workshop of your own.")


@dataclass(frozen=True)
class ImportPreview:
    """What importing ``filename`` with ``mapping`` would do (``plan.problems``: why not)."""

    filename: str
    preset: Preset
    table: Table
    mapping: dict[str, str]
    plan: Plan
    added: int = 0
    updated: int = 0
    criteria_added: tuple[str, ...] = field(default=())
    criteria: tuple[Criterion, ...] = field(default=(), repr=False)  # as checked against

    def summary(self) -> str:
        """One sentence: what would happen."""
        skipped = len(self.plan.skipped)
        parts = [f"add {self.added}", f"update {self.updated}"]
        if skipped:
            parts.append(f"skip {skipped} archived")
        return f"{self.filename} ({self.preset.name}): would " + ", ".join(parts) + "."


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    added: int
    updated: int
    skipped: int
    criteria_added: int
    scores: int
    skipped_merged: int = 0

    def summary(self) -> str:
        """The confirmation, e.g. "Added 38, updated 4, skipped 2 archived"."""
        text = f"Added {self.added}, updated {self.updated}"
        if self.skipped:
            text += f", skipped {self.skipped} archived"
        if self.skipped_merged:
            text += f", left {self.skipped_merged} merged into other ideas alone"
        if self.criteria_added:
            text += f"; {self.criteria_added} new criteria"
        return text + f"; {self.scores} scores by “Imported”."


def _owner_check(store: Store, workshop_id: int, actor_id: int | None) -> list[Criterion]:
    workshop = gate(store, workshop_id, actor_id, "import")
    if not workshop.live and actor_id is not None:
        people = store.list_seats(workshop_id)["id"].astype(int).tolist()
        if people and people[0] != actor_id:
            raise NotImportOwner()
    return store.list_criteria(workshop_id)


def read_backlog(data: bytes, filename: str, preset: str | None = None) -> tuple[Table, Preset]:
    """The upload as a prepared table and the preset that reads it (guessed unless named)."""
    raw = read_table(data, filename)
    if preset is None:
        chosen = detect(raw)
    elif preset in PRESETS:
        chosen = PRESETS[preset]
    else:
        raise InvalidInput(f"Unknown preset {preset!r}: use one of {', '.join(PRESETS)}.")
    return chosen.prepare(raw), chosen


def plan_import(store: Store, workshop_id: int, actor_id: int | None, data: bytes,
                filename: str, *, preset: str | None = None,
                mapping: Mapping[str, str] | None = None) -> ImportPreview:
    """Read and check the whole file (a dry run): nothing is written.

    ``mapping`` (column → target, see ``exchange.targets``) replaces the preset's guess for
    the columns it names; ``"ignore"`` leaves a column out."""
    criteria = _owner_check(store, workshop_id, actor_id)
    table, chosen = read_backlog(data, filename, preset)
    final = dict(chosen.guess(table))
    final.update(mapping or {})
    final = {c: v for c, v in final.items() if v != targets.IGNORE}
    plan = build_plan(table, final, criteria)
    keys = store.import_keys(workshop_id)
    updated = sum(1 for item in plan.items if item.key in keys)
    new = tuple(spec.name for spec in plan.criteria.values()
                if isinstance(spec, targets.NewCriterion))
    return ImportPreview(filename, chosen, table, final, plan, len(plan.items) - updated,
                         updated, new, tuple(criteria))


def problems_text(problems: list[Problem], limit: int = SHOWN_PROBLEMS) -> str:
    """The problems as lines (the first ``limit``, then how many more)."""
    lines = [f"- {p}" for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"- … and {len(problems) - limit} more.")
    return "\n".join(lines)


def apply_import(store: Store, workshop_id: int, actor_id: int | None, preview: ImportPreview,
                 *, shortlist: bool = True, only_imported_weights: bool = False
                 ) -> ImportResult:
    """Import a previewed file, checked again against the criteria as they are now; all or
    nothing, as one logged ``import`` event. ImportRefused lists every problem."""
    criteria = _owner_check(store, workshop_id, actor_id)
    # The plan depends only on the file, the mapping and the criteria: checked again only
    # when the criteria changed since the preview.
    plan = preview.plan if tuple(criteria) == preview.criteria else build_plan(
        preview.table, preview.mapping, criteria)
    if plan.problems:
        raise ImportRefused(f"{preview.filename} was not imported — {len(plan.problems)} "
                            "problem(s) to fix first:\n" + problems_text(plan.problems))
    items = plan.items
    existing = {ref: spec.id for ref, spec in plan.criteria.items()
                if isinstance(spec, Criterion)}
    new = {ref: (spec.name, spec.direction, spec.low, spec.high, spec.scale, spec.unit)
           for ref, spec in plan.criteria.items() if isinstance(spec, targets.NewCriterion)}
    workshop = store.get_workshop(workshop_id)
    batch = ImportBatch(
        keys=[i.key for i in items], titles=[i.title for i in items],
        descriptions=[i.description for i in items], statuses=[i.status for i in items],
        themes=[i.themes for i in items] if any(i.themes for i in items) else (),
        needs=[i.needs for i in items] if any(i.needs for i in items) else (),
        scores=[(n, ref, v) for n, i in enumerate(items) for ref, v in i.scores],
        criteria=existing, new_criteria=new, shortlist=bool(shortlist),
        only_imported_weights=bool(only_imported_weights), round_no=workshop.score_round,
        detail={"file": preview.filename, "preset": preview.preset.key,
                "skipped_archived": len(plan.skipped)})
    counts = store.apply_import(workshop_id, actor_id, batch)
    return ImportResult(counts["added"], counts["updated"], len(plan.skipped),
                        counts["criteria_added"], counts["scores"], counts["skipped_merged"])
