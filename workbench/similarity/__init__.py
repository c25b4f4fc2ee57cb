"""Similar ideas on the machine: text → unit vectors → look-alikes and duplicate groups (pure)."""

from workbench.similarity.engines import Engine, EngineStatus, engine, engine_status
from workbench.similarity.search import (
    alike_groups,
    best_matches,
    number_clash,
    number_key,
    text_hash,
)

__all__ = ["Engine", "EngineStatus", "best_matches", "alike_groups", "engine",
           "engine_status", "number_clash", "number_key", "text_hash"]
