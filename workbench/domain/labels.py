"""Labels for pickers: Streamlit treats options with the same label as one, so keep them apart."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping


def distinct(labels: Mapping[int, str]) -> dict[int, str]:
    """The same labels, with ' (#id)' added wherever two items would read the same."""
    counts = Counter(labels.values())
    return {key: f"{label} (#{key})" if counts[label] > 1 else label
            for key, label in labels.items()}
