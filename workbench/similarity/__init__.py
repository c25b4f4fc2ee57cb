"""Similar ideas on the machine: text → unit vectors → look-alikes and duplicate groups (pure)."""

from workbench.similarity.engines import Engine, EngineStatus, engine, engine_status
from workbench.similarity.search import Pair, best_matches, connected_groups, text_hash

__all__ = ["Engine", "EngineStatus", "Pair", "best_matches", "connected_groups", "engine",
           "engine_status", "text_hash"]
