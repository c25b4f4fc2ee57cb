"""Which engine turns text into vectors: the shipped static model, or the lexical fallback.

Loaded once per process. Nothing is downloaded: the model is a folder in the repository and
the Hugging Face libraries are told to stay offline before anything of theirs is imported.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from workbench.similarity.lexical import LexicalEngine

MODEL_NAME = "minilm-l6-static-256"
MODEL_DIR = Path(__file__).resolve().parents[2] / "data" / "models" / MODEL_NAME
_OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1",
            "HF_DATASETS_OFFLINE": "1"}


class Engine(Protocol):
    """Text → L2-normalised rows; two texts are alike when their cosine reaches ``threshold``."""

    name: str
    semantic: bool
    threshold: float

    def embed(self, texts: list[str]) -> np.ndarray:
        """One unit-length row per text."""


@dataclass(frozen=True)
class EngineStatus:
    """What finds similar ideas here, and in words why it is the fallback (None if not)."""

    name: str
    semantic: bool
    note: str | None


class StaticEngine:
    """A model2vec static model distilled from all-MiniLM-L6-v2: a token-vector lookup and a
    mean, so it needs numpy and the model2vec package, no torch."""

    semantic = True
    # Cosine at which two titles count as the same idea: the highest cut still finding 80% of
    # the duplicates, chosen leave-one-out on tests/data/similar_pairs.csv (median 0.46;
    # bench/bench_similarity.py). The best-F1 cut (0.39) held back adds on loose matches
    # ("Dark mode" ~ "Offline mode for the mobile app", 0.42).
    threshold = 0.46

    def __init__(self, folder: Path) -> None:
        for key, value in _OFFLINE.items():
            os.environ[key] = value  # never setdefault: an inherited "0" must not win
        from model2vec import StaticModel  # after the offline flags, on purpose

        self.name = f"{folder.name}"
        self._model = StaticModel.from_pretrained(str(folder), force_download=False)

    def embed(self, texts: list[str]) -> np.ndarray:
        """Mean token vectors, L2-normalised (zero rows for texts with no known token)."""
        if not texts:
            return np.zeros((0, self._model.dim), dtype=np.float32)
        out = np.asarray(self._model.encode(list(texts), show_progress_bar=False),
                         dtype=np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)


_lock = threading.Lock()
_loaded: tuple[Engine, EngineStatus] | None = None


def load(folder: Path = MODEL_DIR) -> tuple[Engine, EngineStatus]:
    """Build the engine from ``folder`` (no caching): the model, or the lexical fallback."""
    if not (folder / "model.safetensors").is_file():
        return LexicalEngine(), EngineStatus(
            LexicalEngine.name, False, "The similarity model is missing from this install "
            f"({folder.name}), so look-alikes are found by shared words only: ideas in other "
            "words may be missed.")
    try:
        model = StaticEngine(folder)
        model.embed(["warm up"])
    except Exception as error:  # any failure to load means: fall back, and say so
        return LexicalEngine(), EngineStatus(
            LexicalEngine.name, False, "The similarity model could not be loaded "
            f"({type(error).__name__}), so look-alikes are found by shared words only: ideas "
            "in other words may be missed.")
    return model, EngineStatus(model.name, True, None)


def _current() -> tuple[Engine, EngineStatus]:
    global _loaded
    with _lock:
        if _loaded is None:
            _loaded = load()
        return _loaded


def engine() -> Engine:
    """The process's engine, loaded on first use."""
    return _current()[0]


def engine_status() -> EngineStatus:
    """Which engine runs and, if it is the fallback, why (for the screen)."""
    return _current()[1]
