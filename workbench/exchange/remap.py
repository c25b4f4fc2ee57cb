"""Fresh ids for a restored copy: every id a snapshot holds, and its rows rewritten with new
ones (pure)."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.exchange.snapshot import Rows, Snapshot, columns_of
from workbench.exchange.tables import TABLES


def _every(snapshot: Snapshot) -> dict[str, list[tuple]]:
    workshop = tuple(snapshot.workshop[c] for c in columns_of(TABLES[0]))
    return {"workshops": [workshop], **snapshot.tables}


def old_ids(snapshot: Snapshot) -> list[int]:
    """Every id the copy needs a fresh one for, ascending (rows, then history ids)."""
    ids: set[int] = set()
    for spec in TABLES:
        rows = _every(snapshot)[spec.name] if spec.name == "workshops" else \
            snapshot.tables[spec.name]
        at = {c: k for k, c in enumerate(columns_of(spec))}
        if spec.key:
            ids.update(row[0] for row in rows)
        for column in spec.soft:
            k = at[column]
            for row in rows:
                value = row[k]
                ids.update(value if isinstance(value, list) else
                           [] if value is None else [value])
        for column, hook in spec.json.items():
            k = at[column]
            for row in rows:
                ids.update(hook.ids(row[k]))
    return sorted(ids)


def remap(snapshot: Snapshot, new_ids: Sequence[int]) -> dict[str, Rows]:
    """The snapshot's rows with fresh ids, ``workshop_id`` added; ``workshops`` holds one row.

    ``new_ids`` (at least ``len(old_ids(snapshot))``) are paired in ascending order with the
    old ones, so rows keep their order.
    """
    old = old_ids(snapshot)
    if len(new_ids) < len(old):
        raise ValueError("not enough fresh ids")
    mapping = dict(zip(old, sorted(new_ids), strict=False))
    new = mapping.__getitem__
    workshop_id = new(snapshot.workshop["id"])
    out: dict[str, Rows] = {}
    for spec, rows in ((spec, _every(snapshot)[spec.name] if spec.name == "workshops"
                        else snapshot.tables[spec.name]) for spec in TABLES):
        columns = list(columns_of(spec))
        at = {c: k for k, c in enumerate(columns)}
        single = ([0] if spec.key else []) + [at[c] for c in spec.refs]
        lists = [at[c] for c in spec.list_refs]
        texts = [(at[c], hook) for c, hook in spec.json.items()]
        records = []
        for row in rows:
            values = list(row)
            for k in single:
                if values[k] is not None:
                    values[k] = mapping[values[k]]
            for k in lists:
                values[k] = [mapping[i] for i in values[k]]
            for k, hook in texts:
                values[k] = hook.remap(values[k], new)
            records.append(tuple(values) if spec.name == "workshops"
                           else (workshop_id, *values))
        if spec.name != "workshops":
            columns = ["workshop_id"] + columns
        out[spec.name] = (columns, records)
    return out
