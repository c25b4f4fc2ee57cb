"""Spotting near-duplicate ideas by title (pure; rapidfuzz token-set similarity, 0–100)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process, utils

SIMILAR_AT = 70.0  # token-set similarity; catches reworded duplicates in the demo data


def similar_titles(title: str, existing: Sequence[str], limit: int = 3,
                   threshold: float = SIMILAR_AT) -> list[tuple[str, float]]:
    """Existing titles that look like ``title``, most similar first, with their similarity."""
    matches = process.extract(title, list(existing), scorer=fuzz.token_set_ratio,
                              processor=utils.default_process, limit=limit,
                              score_cutoff=threshold)
    return [(match, float(score)) for match, score, _ in matches]


def duplicate_pairs(ids: Sequence[int], titles: Sequence[str], threshold: float = SIMILAR_AT,
                    limit: int = 20) -> list[tuple[int, int, float]]:
    """Pairs of ideas (id_a, id_b, similarity) whose titles look alike, most similar first."""
    if len(titles) < 2:
        return []
    matrix = process.cdist(list(titles), list(titles), scorer=fuzz.token_set_ratio,
                           processor=utils.default_process, score_cutoff=threshold,
                           workers=1)
    upper = np.triu(matrix, k=1)
    rows, cols = np.nonzero(upper)
    pairs = sorted(((int(ids[r]), int(ids[c]), float(upper[r, c])) for r, c in
                    zip(rows, cols, strict=True)), key=lambda p: (-p[2], p[0], p[1]))
    return pairs[:limit]
