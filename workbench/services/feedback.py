"""Customer feedback as evidence: add it, assign it to needs (by hand, in bulk, suggested)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from workbench.domain.journey import SCALES
from workbench.domain.models import InvalidInput, UnknownItem
from workbench.domain.validate import clean_id, unique_ids
from workbench.engine.evidence import importance_in_use, need_evidence, with_importance
from workbench.engine.feedback_match import KEYWORD_THRESHOLD, best_matches, keyword_similarity
from workbench.engine.voice import by_month, summarise
from workbench.exchange.feedback import AUTO, guess_columns, pasted_feedback, read_feedback
from workbench.exchange.readers import read_table
from workbench.services.authority import gate
from workbench.similarity import engine, engine_status
from workbench.store import Store

# Feedback sentences against short need statements score lower than two idea titles do, so
# the semantic cut sits below the engine's duplicate threshold (checked on the demo's items).
SEMANTIC_FLOOR = 0.35


def _add(store: Store, workshop_id: int, actor_id: int | None, rows: pd.DataFrame) -> int:
    gate(store, workshop_id, actor_id, "edit_needs")
    return store.add_feedback(workshop_id, actor_id, rows)


def import_feedback(store: Store, workshop_id: int, actor_id: int | None, data: bytes,
                    filename: str, columns: Mapping[str, str | None] | None = None,
                    scale: str = AUTO) -> int:
    """Add every row of an uploaded CSV/XLSX (all or none); return how many were added."""
    if scale != AUTO and scale not in SCALES:
        raise InvalidInput("Choose the score scale: NPS (0–10) or CSAT (1–5).")
    return _add(store, workshop_id, actor_id, read_feedback(data, filename, columns, scale))


def paste_feedback(store: Store, workshop_id: int, actor_id: int | None, text: object,
                   segment: object = "", source: object = "") -> int:
    """Add pasted feedback, one item per line; return how many were added."""
    return _add(store, workshop_id, actor_id, pasted_feedback(text, segment, source))


def _items(store: Store, workshop_id: int, feedback_ids: Sequence[object]) -> tuple[int, ...]:
    ids = unique_ids(feedback_ids, "Feedback items")
    if not ids:
        raise InvalidInput("Select at least one feedback item.")
    known = set(store.feedback(workshop_id)["id"].astype(int))
    if missing := set(ids) - known:
        raise UnknownItem("feedback item", min(missing))
    return ids


def assign_feedback(store: Store, workshop_id: int, actor_id: int | None,
                    feedback_ids: Sequence[object], need_id: object) -> int:
    """Assign the selected items to one need (None: unassign them); return how many."""
    gate(store, workshop_id, actor_id, "edit_needs")
    ids = _items(store, workshop_id, feedback_ids)
    need = None if need_id is None else clean_id(need_id, "Need")
    store.assign_feedback(workshop_id, actor_id, [(i, need) for i in ids])
    return len(ids)


def delete_feedback(store: Store, workshop_id: int, actor_id: int | None,
                    feedback_ids: Sequence[object]) -> int:
    """Delete the selected feedback items; return how many."""
    gate(store, workshop_id, actor_id, "edit_needs")
    ids = _items(store, workshop_id, feedback_ids)
    store.delete_feedback(workshop_id, actor_id, ids)
    return len(ids)


@dataclass(frozen=True)
class Suggestion:
    """A need the matcher thinks a feedback item is about, and how alike they are (0–1)."""

    feedback_id: int
    need_id: int
    similarity: float


def suggestions(store: Store, workshop_id: int) -> list[Suggestion]:
    """For each unassigned item, the best-matching need not yet rejected for it, if any
    reaches the cut (semantic engine: cosine; lexical fallback: keyword share)."""
    def compute() -> list[Suggestion]:
        items = store.feedback(workshop_id)
        items = items[items["need_id"].isna()]
        needs = store.need_choices(workshop_id)
        if items.empty or needs.empty:
            return []
        need_ids = [int(n) for n in needs["id"]]
        col = {n: k for k, n in enumerate(need_ids)}
        texts, statements = list(items["text"]), list(needs["statement"])
        if engine_status().semantic:
            sim, cut = engine().embed(texts) @ engine().embed(statements).T, SEMANTIC_FLOOR
        else:
            sim, cut = keyword_similarity(texts, statements), KEYWORD_THRESHOLD
        rejected = [[col[int(n)] for n in r if int(n) in col] for r in items["rejected"]]
        best, score = best_matches(sim, cut, rejected)
        return [Suggestion(int(f), need_ids[b], float(s)) for f, b, s in
                zip(items["id"], best, score, strict=True) if b >= 0]
    return store.derived(("feedback_suggestions", workshop_id), compute)


def accept_suggestions(store: Store, workshop_id: int, actor_id: int | None,
                       pairs: Sequence[tuple[object, object]]) -> int:
    """Assign each (feedback id, need id) pair, in one write; return how many."""
    gate(store, workshop_id, actor_id, "edit_needs")
    clean = sorted({(clean_id(f, "Feedback item"), clean_id(n, "Need")) for f, n in pairs})
    if not clean:
        raise InvalidInput("Choose at least one suggestion to accept.")
    _items(store, workshop_id, [f for f, _ in clean])
    store.assign_feedback(workshop_id, actor_id, clean)
    return len(clean)


def reject_suggestions(store: Store, workshop_id: int, actor_id: int | None,
                       pairs: Sequence[tuple[object, object]]) -> int:
    """Never suggest these (feedback id, need id) pairs again; return how many."""
    gate(store, workshop_id, actor_id, "edit_needs")
    clean = sorted({(clean_id(f, "Feedback item"), clean_id(n, "Need")) for f, n in pairs})
    if not clean:
        raise InvalidInput("Choose at least one suggestion to reject.")
    _items(store, workshop_id, [f for f, _ in clean])
    store.reject_suggestions(workshop_id, actor_id, clean)
    return len(clean)


def set_evidence_importance(store: Store, workshop_id: int, actor_id: int | None,
                            on: object) -> None:
    """Let feedback evidence (True) or the stated rating (False) set need importance."""
    gate(store, workshop_id, actor_id, "edit_needs")
    if not isinstance(on, bool):
        raise InvalidInput("Choose whether evidence sets importance: on or off.")
    store.set_evidence_importance(workshop_id, actor_id, on)


@dataclass(frozen=True)
class FeedbackOverview:
    """The numbers of a workshop's feedback: overall, per segment, per need, per month."""

    overall: pd.DataFrame
    by_segment: pd.DataFrame
    by_month: pd.DataFrame
    evidence: pd.DataFrame   # per need (see engine.evidence.need_evidence)


def overview(store: Store, workshop_id: int) -> FeedbackOverview:
    """NPS/CSAT overall, per segment and per month, and the evidence of each need."""
    def compute() -> FeedbackOverview:
        items = store.feedback(workshop_id)
        segmented = items.assign(segment=items["segment"].replace("", "(no segment)"))
        return FeedbackOverview(summarise(items), summarise(segmented, "segment"),
                                by_month(items), need_evidence(items))
    return store.derived(("feedback_overview", workshop_id), compute)


def need_ratings(store: Store, workshop_id: int) -> pd.DataFrame:
    """The shortlisted ideas' need ratings for opportunity, with the importance the workshop
    uses (its feedback evidence when that is switched on)."""
    ratings = store.idea_need_ratings(workshop_id)
    if not store.evidence_sets_importance(workshop_id):
        return ratings
    needs = store.list_needs(workshop_id)
    importance = importance_in_use(needs, overview(store, workshop_id).evidence, True)
    return with_importance(ratings, importance)



def feedback_file_columns(data: bytes, filename: str) -> tuple[list[str], dict[str, str | None]]:
    """The columns of an uploaded feedback file and the column each field most likely is."""
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise InvalidInput(f"{filename or 'The file'} is empty: it needs a header row (text, "
                           "score, date, segment, source) and one row per feedback item.")
    table = read_table(data, filename)
    return list(table.headers), guess_columns(table.headers)
