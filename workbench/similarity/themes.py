"""Themes: ideas grouped by meaning (Ward clustering of their vectors), named by telling words."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage

from workbench.domain.models import InvalidInput

MIN_IDEAS = 3
_WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)
# Words that name no theme: articles, prepositions and the verbs every sticky note starts with.
_STOP = frozenset({
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "at", "from",
    "as", "is", "are", "be", "it", "its", "this", "that", "our", "my", "your", "their", "we",
    "you", "they", "i", "me", "us", "them", "all", "any", "every", "each", "more", "less", "most",
    "new", "let", "lets", "make", "add", "allow", "offer", "get", "use", "using", "give", "show",
    "have", "can", "could", "should", "would", "will", "not", "no", "so", "up", "out", "into",
    "via", "per", "about", "over", "than", "then", "when", "what", "who", "how", "which", "one",
    "two", "before", "after", "instead"
})


@dataclass(frozen=True)
class Themes:
    """A theme number per idea (0 … n−1, largest theme first) and each theme's name."""

    labels: np.ndarray
    names: list[str]


def words(text: str) -> set[str]:
    """The distinct, lower-cased content words of a text (no stop words, no numbers)."""
    return {w for w in _WORD.findall(text.casefold()) if w not in _STOP and len(w) > 2}


def theme_names(texts: list[str], labels: np.ndarray, top: int = 2) -> list[str]:
    """Per theme, its ``top`` most telling words: common inside it, rare outside (lift)."""
    bags = [words(t) for t in texts]
    everywhere = Counter(w for bag in bags for w in bag)
    names = []
    for theme in range(int(labels.max()) + 1 if len(labels) else 0):
        members = [bags[k] for k in np.flatnonzero(labels == theme)]
        inside = Counter(w for bag in members for w in bag)
        outside = max(len(bags) - len(members), 1)
        lift = {w: (n / len(members) - (everywhere[w] - n) / outside, n, w)
                for w, n in inside.items()}
        best = sorted(inside, key=lift.__getitem__, reverse=True)[:top]
        names.append(" · ".join(best) if best else f"Theme {theme + 1}")
    return names


def suggest_themes(texts: list[str], vectors: np.ndarray, n_themes: int) -> Themes:
    """Group ``texts`` (with their unit ``vectors``) into at most ``n_themes`` themes."""
    if len(texts) < MIN_IDEAS:
        raise InvalidInput(f"Themes need at least {MIN_IDEAS} ideas; there are {len(texts)}.")
    if not 1 <= n_themes <= len(texts):
        raise InvalidInput(f"The number of themes must be between 1 and {len(texts)}.")
    # Ward on unit vectors: measured on tests/data/themes.csv it beat average/complete link
    # and spherical k-means (bench/bench_similarity.py, themes_ari).
    raw = fcluster(linkage(vectors.astype(np.float64), method="ward"), n_themes, "maxclust")
    sizes = Counter(raw.tolist())
    order = {c: k for k, (c, _) in enumerate(sorted(sizes.items(), key=lambda p: (-p[1], p[0])))}
    labels = np.array([order[c] for c in raw.tolist()], dtype=int)
    return Themes(labels, theme_names(texts, labels))
