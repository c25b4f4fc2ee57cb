"""The fallback engine: hashed words and character trigrams, so it needs only numpy."""

from __future__ import annotations

import re
import zlib

import numpy as np

DIMENSIONS = 2048
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _features(text: str) -> list[str]:
    words = _WORD.findall(text.casefold())
    grams = [f"#{w[i:i + 3]}" for w in words for i in range(max(1, len(w) - 2))]
    return words + grams


class LexicalEngine:
    """Shared words and word pieces; catches "dark mode" vs "dark theme", not synonyms."""

    name = "lexical-hash-v1"
    semantic = False
    # Cosine of the hashed word+trigram counts; chosen on the labelled pairs (bench).
    threshold = 0.55

    def embed(self, texts: list[str]) -> np.ndarray:
        """Rows of L2-normalised hashed feature counts, one per text."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature in _features(text):
                out[row, zlib.crc32(feature.encode()) % DIMENSIONS] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)
