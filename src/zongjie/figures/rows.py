"""Flat rows of figures for table / csv / json output (used by the CLI)."""

from __future__ import annotations

from typing import Any, Iterable

from ..records import Figure

FIELDS = ("start", "end", "surface", "kind", "value", "values", "date", "unit", "placeholder", "approx",
          "approx_marker", "subject")


def figures_to_rows(figures: Iterable[Figure], flat: bool = False) -> list[dict[str, Any]]:
    """One dict per figure with the keys of :data:`FIELDS` (JSON values: ``None`` where there is no
    number); ``flat`` joins ``values`` with ``;`` and writes None as an empty string (csv, tables)."""
    rows = []
    for f in figures:
        d = f.to_dict()
        row = {k: d[k] for k in FIELDS}
        if flat:
            row["values"] = ";".join("" if v is None else str(v) for v in d["values"])
            row = {k: ("" if v is None else v) for k, v in row.items()}
        rows.append(row)
    return rows
