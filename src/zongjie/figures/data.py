"""Loading the data tables that sit beside the code (units, exceptions, subject words).

Tables are JSON; duplicate keys are an error so that a table edited by hand cannot
silently lose an entry. Loaded tables are cached read-only (``MappingProxyType``).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Mapping, NamedTuple


class Unit(NamedTuple):
    """One measure word or unit: what it implies and how to normalise the number."""

    surface: str
    kind: str
    base: str
    mult: int
    ordinal: bool
    ordinal_only: bool
    duration_only: bool
    not_before: tuple[str, ...]


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key {k!r} in a figures table")
        out[k] = v
    return out


def load_json(name: str) -> Any:
    """Read one JSON table of this package, rejecting duplicate keys."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return json.loads(text, object_pairs_hook=_no_duplicates)


@lru_cache(maxsize=None)
def units() -> Mapping[str, Unit]:
    """The units table (``units.json``) keyed by surface."""
    raw = load_json("units.json")["units"]
    table = {}
    for surface, spec in raw.items():
        table[surface] = Unit(
            surface=surface,
            kind=spec["kind"],
            base=spec.get("base", surface),
            mult=int(spec.get("mult", 1)),
            ordinal=bool(spec.get("ordinal", False)),
            ordinal_only=bool(spec.get("ordinal_only", False)),
            duration_only=bool(spec.get("duration_only", False)),
            not_before=tuple(spec.get("not_before", ())),
        )
    return MappingProxyType(table)


@lru_cache(maxsize=None)
def exceptions() -> Mapping[str, Any]:
    """The exception table (``exceptions.json``): veto regexes and the 一 rules."""
    raw = load_json("exceptions.json")
    return MappingProxyType(
        {
            "vetoes": tuple(raw["vetoes"]),
            "one_keep_after": tuple(raw["one_keep_after"]),
            "one_keep_before": tuple(raw["one_keep_before"]),
            "tally_end": frozenset(raw["tally_end"]),
        }
    )


@lru_cache(maxsize=None)
def subject_words() -> Mapping[str, tuple[str, ...]]:
    """Verbs and function words that bound a subject phrase (``subject.json``)."""
    raw = load_json("subject.json")
    return MappingProxyType({k: tuple(v) for k, v in raw.items() if not k.startswith("_")})
