"""Why a method ranks no idea, and what to do about it, in words (pure)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from workbench.engine.evaluation import Evaluation


def and_list(names: Sequence[str]) -> str:
    """'Reach', 'Reach and Impact', 'Reach, Impact and Effort'."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def why_unranked(evaluation: Evaluation) -> tuple[str, str]:
    """(why no idea is ranked, what to do); meant for an evaluation whose table is empty."""
    if evaluation.values.notna().sum().sum() == 0:
        return ("No idea has any score yet.",
                "Rate the shortlisted ideas on the Score page.")
    if evaluation.formula is not None:
        return _formula(evaluation)
    ranking = evaluation.weighted
    counting = [c for c in (ranking.criteria if ranking is not None else ())]
    if not counting:
        return ("Every criterion has weight 0.", "Give a criterion a weight on Criteria.")
    values = evaluation.values
    empty = [c.name for c in counting if c.id not in values or values[c.id].isna().all()]
    needs = f"{evaluation.framework.name} ranks an idea once it has a score on " \
            f"{and_list([c.name for c in counting])}"
    if empty:
        return (f"{needs}; no idea has {and_list(empty)} yet.",
                f"Score {and_list(empty)} on the Score page.")
    return (f"{needs}; every idea still misses at least one (see Incomplete).",
            "Score the missing criteria on the Score page.")


def _formula(evaluation: Evaluation) -> tuple[str, str]:
    result = evaluation.formula
    if result is None:  # the caller checked; keeps the type checker honest
        raise ValueError("not a formula framework")
    fw = result.framework
    needs = f"{fw.name} needs {and_list([s.label for s in fw.slots])} scores"
    if result.missing_slots:
        missing = and_list([s.label for s in result.missing_slots])
        return (f"{needs}; no criterion feeds {missing}.",
                f"Add criteria for {missing} (or pick existing ones under {fw.name} inputs "
                "in Method), then score them on the Score page.")
    inputs = result.inputs
    empty = [s.label for s in fw.slots if inputs[s.role].isna().all()]
    if empty:
        names = [result.mapping[s.role].name for s in fw.slots  # type: ignore[union-attr]
                 if s.label in empty]
        fed = "" if names == empty else f" (from {and_list(names)})"
        return (f"{needs}; no idea has {and_list(empty)}{fed} yet.",
                f"Score {and_list(names)} on the Score page.")
    complete = inputs.notna().all(axis=1).to_numpy()
    if not complete.any():
        return (f"{needs}; every idea misses at least one of them (see Incomplete).",
                "Score the missing inputs on the Score page.")
    bad = int(np.count_nonzero(complete))
    return (f"{needs}; the {bad} idea(s) that have all of them have a value the formula "
            "cannot use (see Incomplete).",
            "Check those ratings on the Score page.")
