"""Which need a feedback item is about: best match per item from similarities or keywords.

With a semantic engine the similarity is the cosine of unit vectors. With only the lexical
engine it is a keyword match: the share of a need statement's keywords (words of 4+ letters
that are not stop words, compared on their first 5 letters) that occur in the feedback text.
Example: need "Import contacts from spreadsheets" has keywords impor, conta, sprea; the text
"Importing my contacts took an hour" holds impor and conta: 2 of 3 = 0.67.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

KEYWORD_THRESHOLD = 0.5
STEM = 5
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STOP = """about above after again against also because been before being below
between both could does doing down during each every from further have having here into just
more most much need needs other over same should some such than that their them then there
these they this those through under until very want wants what when where which while will
with without would your yours"""
STOP_WORDS = frozenset(_STOP.split())


def keywords(text: str) -> set[str]:
    """The keyword stems of a text (see the module docstring)."""
    return {w[:STEM] for w in _WORD.findall(text.casefold())
            if len(w) >= 4 and w not in STOP_WORDS}


def keyword_similarity(texts: Sequence[str], statements: Sequence[str]) -> np.ndarray:
    """items × needs: share of each statement's keywords found in each text (0 … 1)."""
    need_words = [keywords(s) for s in statements]
    vocab = sorted(set().union(*need_words)) if need_words else []
    col = {w: k for k, w in enumerate(vocab)}
    needs = np.zeros((len(vocab), len(statements)), dtype=np.float32)
    for j, words in enumerate(need_words):
        for w in words:
            needs[col[w], j] = 1.0 / len(words)
    present = np.zeros((len(texts), len(vocab)), dtype=np.float32)
    for i, text in enumerate(texts):
        for w in keywords(text):
            k = col.get(w)
            if k is not None:
                present[i, k] = 1.0
    return present @ needs


def best_matches(similarity: np.ndarray, threshold: float,
                 rejected: Sequence[Sequence[int]] = ()) -> tuple[np.ndarray, np.ndarray]:
    """Per item (row) the best need column and its similarity; column −1 where no need
    reaches ``threshold``. ``rejected[i]`` lists columns item i must not be matched to."""
    sim = np.array(similarity, dtype=np.float32, copy=True)
    for i, cols in enumerate(rejected):
        if len(cols):
            sim[i, list(cols)] = -np.inf
    if sim.shape[1] == 0:
        return np.full(sim.shape[0], -1), np.zeros(sim.shape[0], dtype=np.float32)
    best = sim.argmax(axis=1)
    score = sim[np.arange(sim.shape[0]), best]
    return np.where(score >= threshold, best, -1), np.where(np.isfinite(score), score, 0.0)
