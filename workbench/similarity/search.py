"""Look-alikes of one text and groups of look-alike ideas, from unit vectors (pure numpy)."""

from __future__ import annotations

import hashlib
import re

import numpy as np


def text_hash(title: str, description: str = "") -> str:
    """A short fingerprint of an idea's text: its vector is recomputed when this changes."""
    return hashlib.sha256(f"{title}\x00{description}".encode()).hexdigest()[:16]


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def number_key(text: str) -> str:
    """The numbers a text names, as one key ("" if none): "Phase 2, 10 users" → "10|2"."""
    return "|".join(sorted(set(_NUMBER.findall(text))))


def number_clash(keys_a: list[str], keys_b: list[str]) -> np.ndarray:
    """[i, j] is True when both texts name numbers and not the same ones.

    The model gives digits almost no weight ("Phase 1 rollout" and "Phase 2 rollout" have
    cosine 1.00), yet ideas that differ in their numbers are different proposals.
    """
    a, b = np.asarray(keys_a, dtype=str)[:, None], np.asarray(keys_b, dtype=str)[None, :]
    return (a != "") & (b != "") & (a != b)


def best_matches(query: np.ndarray, matrix: np.ndarray, threshold: float,
                 limit: int = 3, blocked: np.ndarray | None = None) -> list[tuple[int, float]]:
    """Rows of ``matrix`` whose cosine with ``query`` reaches ``threshold``, best first
    (rows where ``blocked`` is True never match)."""
    if matrix.shape[0] == 0:
        return []
    scores = np.clip(matrix @ query, 0.0, 1.0)
    if blocked is not None:
        scores[blocked] = 0.0
    top = np.flatnonzero(scores >= threshold)
    order = top[np.lexsort((top, -scores[top]))][:limit]
    return [(int(k), float(scores[k])) for k in order]


def alike_groups(matrix: np.ndarray, threshold: float, blocked: np.ndarray | None = None
                 ) -> list[tuple[tuple[int, ...], float]]:
    """Groups of rows in which every pair is at or above ``threshold`` (A~B, B~C and A~C);
    pairs where ``blocked`` is True never count as alike.

    Pairs are taken best first: a pair starts a group, and a row joins a group only when it
    is alike to every member — a chain A~B~C with A and C unlike stays A+B (a merge
    candidate must be one proposal, not a drift of topics). Each group lists its rows by
    their strongest link, best first, with its strongest pair as its score.
    """
    n = matrix.shape[0]
    if n < 2:
        return []
    sims = np.clip(matrix @ matrix.T, 0.0, 1.0)
    np.fill_diagonal(sims, 0.0)
    if blocked is not None:
        sims[blocked] = 0.0
    alike = sims >= threshold
    rows, cols = np.nonzero(np.triu(alike, k=1))
    order = np.argsort(-sims[rows, cols], kind="stable")
    group_of: dict[int, list[int]] = {}
    for r, c in zip(rows[order].tolist(), cols[order].tolist(), strict=True):
        if r in group_of and c in group_of:
            continue
        if r not in group_of and c not in group_of:
            group_of[r] = group_of[c] = [r, c]
            continue
        members, newcomer = (group_of[r], c) if r in group_of else (group_of[c], r)
        if all(alike[newcomer, m] for m in members):
            members.append(newcomer)
            group_of[newcomer] = members
    groups = []
    for ks in {id(g): g for g in group_of.values()}.values():
        sub = sims[np.ix_(ks, ks)]
        strongest = sub.max(axis=1)
        ranked = sorted(range(len(ks)), key=lambda m: (-strongest[m], ks[m]))
        groups.append((tuple(ks[m] for m in ranked), float(sub.max())))
    return sorted(groups, key=lambda g: (-g[1], g[0]))
