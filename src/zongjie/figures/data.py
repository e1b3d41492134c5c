"""Typed views of the figure tables of the language layer (``lang/zh/units.json``,
``exceptions.json``, ``subject.json``, ``approx.json``).

The tables themselves are read (duplicate keys rejected, read-only, comments dropped) by
:func:`zongjie.lang.table`; this module only gives them the shapes the extractor uses.
"""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType
from typing import Any, Mapping, NamedTuple

from .. import lang
from ..records import FigureKind


class Unit(NamedTuple):
    """One measure word or unit: what it implies and how to normalise the number."""

    surface: str
    kind: FigureKind
    base: str
    mult: int
    ordinal: bool
    ordinal_only: bool
    duration_only: bool
    approx: bool
    not_before: tuple[str, ...]


@lru_cache(maxsize=None)
def units() -> Mapping[str, Unit]:
    """The units table (``units.json``) keyed by surface."""
    table = {}
    for surface, spec in lang.table("units")["units"].items():
        table[surface] = Unit(
            surface=surface,
            kind=spec["kind"],
            base=spec.get("base", surface),
            mult=int(spec.get("mult", 1)),
            ordinal=bool(spec.get("ordinal", False)),
            ordinal_only=bool(spec.get("ordinal_only", False)),
            duration_only=bool(spec.get("duration_only", False)),
            approx=bool(spec.get("approx", False)),
            not_before=tuple(spec.get("not_before", ())),
        )
    return MappingProxyType(table)


@lru_cache(maxsize=None)
def exceptions() -> Mapping[str, Any]:
    """The exception table (``exceptions.json``): veto regexes and the 一 rules."""
    raw = lang.table("exceptions")
    return MappingProxyType(
        {
            "vetoes": tuple(raw["vetoes"]),
            "one_keep_after": tuple(raw["one_keep_after"]),
            "one_keep_before": tuple(raw["one_keep_before"]),
            "tally_end": frozenset(raw["tally_end"]),
            "one_indefinite_units": frozenset(raw["one_indefinite_units"]),
            "quote_open": frozenset(raw["quote_open"]),
            "lone_not_numbers": frozenset(raw["lone_not_numbers"]),
        }
    )


@lru_cache(maxsize=None)
def subject_words() -> Mapping[str, tuple[str, ...]]:
    """Verbs and function words that bound a subject phrase (``subject.json``)."""
    return MappingProxyType({k: tuple(v) for k, v in lang.table("subject").items()})


class ApproxPrefix(NamedTuple):
    """An approximate marker before the number and the characters it may not follow."""

    marker: str
    not_after: str


@lru_cache(maxsize=1)
def approx_prefixes() -> tuple[ApproxPrefix, ...]:
    """The prefix markers of ``approx.json`` with their ``not_after`` characters (签约, 附近)."""
    return tuple(ApproxPrefix(m["marker"], m.get("not_after", "")) for m in lang.table("approx")["prefix"])
