"""The ranked export (CSV or XLSX): what Rank and Decide show, as a file, for whoever may see it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from workbench.domain import phases
from workbench.domain.models import InvalidInput, NotFacilitator, UnknownItem
from workbench.engine.agreement import idea_spread
from workbench.engine.evaluation import evaluate
from workbench.engine.settings import load_settings
from workbench.exchange.ranked import method_frames, ranked_frame
from workbench.exchange.writers import XLSX_MIME, Sheet, file_stem, to_csv, to_xlsx
from workbench.services.authority import is_facilitator
from workbench.store import Store

FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Download:
    """A file to hand to a person: its bytes, a file name and its MIME type."""

    data: bytes
    file_name: str
    mime: str


class ResultsHidden(NotFacilitator):
    """Before the reveal, only the facilitator may export the ranking."""

    def __init__(self) -> None:
        super(NotFacilitator, self).__init__(
            "The ranking is hidden until the facilitator reveals the results, so it cannot be "
            "exported yet.")


def export_file_stem(title: str) -> str:
    """The ranked export's file name without extension."""
    return file_stem(title) + "-ranking"


def ranked_export(store: Store, workshop_id: int, actor_id: int | None,
                  fmt: object) -> Download:
    """The shortlist ranked by the workshop's Decide method, as CSV or XLSX.

    The facilitator (everyone in free mode) may export at any moment; anyone else only once
    results are revealed, and author names only when the workshop is not anonymous.
    """
    if fmt not in FORMATS:
        raise InvalidInput(f"Export as one of: {', '.join(FORMATS)} (got {fmt!r}).")
    workshop = store.get_workshop(workshop_id)
    if actor_id is not None:
        try:
            if store.get_participant(actor_id).workshop_id != workshop_id:
                raise InvalidInput("You are not a participant of this workshop.")
        except UnknownItem:
            raise InvalidInput("You are not a participant of this workshop.") from None
    lead = is_facilitator(store, workshop, actor_id)
    if not phases.results_visible(workshop, lead):
        raise ResultsHidden()
    round_no = workshop.score_round
    criteria = store.list_criteria(workshop_id)
    scores = store.all_scores(workshop_id, round_no)
    evaluation = evaluate(store.shortlist(workshop_id), criteria, scores,
                          load_settings(workshop.engine), store.idea_need_ratings(workshop_id),
                          store.moscow_buckets(workshop_id))
    ideas = store.list_ideas(workshop_id)
    show_names = lead if workshop.anonymous else True
    authors = ({int(i): ", ".join(map(str, a)) for i, a in zip(ideas["id"], ideas["authors"],
                                                                strict=True)}
               if show_names and "authors" in ideas.columns else None)
    themes = store.idea_themes(workshop_id)
    dots = store.dot_totals(workshop_id, round_no)
    frame = ranked_frame(
        evaluation, spread=idea_spread(scores, criteria),
        themes={int(i): str(t) for i, t in zip(themes["idea_id"], themes["theme"], strict=True)
                if isinstance(t, str)},
        dots={int(i): int(d) for i, d in zip(dots["idea_id"], dots["dots"], strict=True)},
        authors=authors)
    stem = export_file_stem(workshop.title)
    if fmt == "csv":
        return Download(to_csv(frame), stem + ".csv", "text/csv")
    note = ("Before the reveal: only the facilitator sees this." if workshop.live
            and not workshop.revealed else "")
    method = method_frames(evaluation, workshop=workshop.title, round_no=round_no,
                           exported_at=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M"),
                           note=note)
    data = to_xlsx([Sheet("Ranking", [frame], freeze="C2"), Sheet("Method", method)])
    return Download(data, stem + ".xlsx", XLSX_MIME)
