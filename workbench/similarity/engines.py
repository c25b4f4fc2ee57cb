"""Which engine turns text into vectors: the shipped sentence model, or the lexical fallback.

Loaded once per process. Nothing is downloaded: the model is a folder in the repository
(all-MiniLM-L6-v2 as an int8 ONNX graph and its tokenizer), run by onnxruntime on the CPU.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from workbench.similarity.lexical import LexicalEngine

MODEL_NAME = "all-minilm-l6-v2-int8"
MODEL_DIR = Path(__file__).resolve().parents[2] / "data" / "models" / MODEL_NAME
MAX_TOKENS = 128  # MiniLM was trained on 128-token inputs; an idea's title + text fits
# Nothing here downloads (the model and tokenizer are read from MODEL_DIR), but a Hugging Face
# library imported anywhere in the process must not either.
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


class SentenceEngine:
    """all-MiniLM-L6-v2 (a 6-layer sentence transformer) as a dynamically quantised int8 ONNX
    graph: onnxruntime + the tokenizers package, mean pooling, no torch."""

    semantic = True
    # Cosine at which two ideas count as the same proposal: the best-F1 cut on
    # tests/data/similar_pairs.csv rounded to 0.05 (bench/bench_similarity.py prints how it
    # holds leave-one-out and on held-out halves).
    threshold = 0.50

    def __init__(self, folder: Path) -> None:
        for key, value in _OFFLINE.items():
            os.environ[key] = value  # never setdefault: an inherited "0" must not win
        import onnxruntime
        from tokenizers import Tokenizer

        self.name = folder.name
        options = onnxruntime.SessionOptions()
        # One thread per text; texts run side by side instead (see ``embed``).
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.no_padding()
        self._workers = ThreadPoolExecutor(max_workers=os.cpu_count() or 1,
                                           thread_name_prefix="embed")

    def _one(self, text: str) -> np.ndarray:
        ids = np.array([self._tokenizer.encode(text).ids], dtype=np.int64)
        hidden = self._session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids),
                                          "token_type_ids": np.zeros_like(ids)})[0]
        return hidden[0].mean(axis=0)

    def embed(self, texts: list[str]) -> np.ndarray:
        """Mean of the last layer's token vectors, L2-normalised; one text per model run.

        Never batched: the int8 graph quantises activations with one scale per run, so a
        text's vector would shift (cosine ~0.985) with whatever shared its batch. Alone, the
        same text always gets the same vector; several texts run on several cores instead.
        """
        if len(texts) <= 2:
            rows = [self._one(text) for text in texts]
        else:
            rows = list(self._workers.map(self._one, texts))
        out = np.vstack(rows).astype(np.float32) if rows else np.zeros((0, 384), np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)


_lock = threading.Lock()
_loaded: tuple[Engine, EngineStatus] | None = None


def load(folder: Path = MODEL_DIR) -> tuple[Engine, EngineStatus]:
    """Build the engine from ``folder`` (no caching): the model, or the lexical fallback."""
    if not (folder / "model.onnx").is_file():
        return LexicalEngine(), EngineStatus(
            LexicalEngine.name, False, "The similarity model is missing from this install "
            f"({folder.name}), so look-alikes are found by shared words only: ideas in other "
            "words may be missed.")
    try:
        model = SentenceEngine(folder)
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
