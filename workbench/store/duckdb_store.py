"""The embedded DuckDB store: every kind of data over one core, in one class."""

from __future__ import annotations

from workbench.store.core import StoreCore
from workbench.store.decisions import DecisionRows
from workbench.store.events import EventRows
from workbench.store.exchange import ExchangeRows
from workbench.store.feedback import FeedbackRows
from workbench.store.ideas import IdeaRows
from workbench.store.imports import ImportRows
from workbench.store.journey import JourneyRows
from workbench.store.kpis import KpiRows
from workbench.store.merges import MergeRows
from workbench.store.needs import NeedRows
from workbench.store.people import PeopleRows
from workbench.store.scores import ScoreRows
from workbench.store.themes import ThemeRows
from workbench.store.vectors import VectorRows
from workbench.store.votes import VoteRows
from workbench.store.workshops import WorkshopRows


class DuckDBStore(WorkshopRows, PeopleRows, NeedRows, IdeaRows, MergeRows, ScoreRows, VoteRows,
                  VectorRows, ThemeRows, ImportRows, ExchangeRows, DecisionRows, KpiRows,
                  JourneyRows, FeedbackRows, EventRows, StoreCore):
    """One DuckDB file: one connection per process, a cursor per operation."""
