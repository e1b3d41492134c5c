"""The language layer: every fact about how union documents are written, as data, with one loader.

In the spirit of ``spacy/lang/zh/``: the tables live in ``lang/zh/*.json`` and every stage that needs a
fact reads it from here (segmentation, structure, classification, figures, drafting, the facts schema),
so each fact has exactly one copy. Tables are JSON; a duplicate key is an error (a hand-edited table
cannot silently lose an entry), keys starting with ``_`` are comments. Loaded tables are cached and
read-only.

    from zongjie import lang
    lang.section_ids()            # ('overview', 'organization', ...)
    lang.section_name("welfare")  # '维权帮扶'
    lang.approx_markers()         # ApproxMarkers(prefix=(...), infix=(...), suffix=(...))
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Mapping, NamedTuple

__all__ = [
    "ApproxMarkers", "LANG", "approx_markers", "section_ids", "section_name", "sections", "table",
    "topical_sections",
]

LANG = "zh"


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key {k!r} in a zongjie language table")
        out[k] = v
    return out


def _frozen(obj: Any) -> Any:
    if isinstance(obj, dict):
        return MappingProxyType({k: _frozen(v) for k, v in obj.items() if not k.startswith("_")})
    if isinstance(obj, list):
        return tuple(_frozen(v) for v in obj)
    return obj


@lru_cache(maxsize=None)
def table(name: str) -> Mapping[str, Any]:
    """The table ``lang/zh/<name>.json``: read-only (mappings and tuples), comments (``_*`` keys) dropped."""
    text = resources.files(__package__).joinpath(LANG, f"{name}.json").read_text(encoding="utf-8")
    return _frozen(json.loads(text, object_pairs_hook=_no_duplicates))


# -- sections ----------------------------------------------------------------------------------

def sections() -> tuple[Mapping[str, Any], ...]:
    """The nine section records (``id``, ``zh``, ``topical``, ``about``) in customary order."""
    return tuple(table("sections")["sections"])


def section_ids() -> tuple[str, ...]:
    """The nine section ids in customary order."""
    return tuple(s["id"] for s in sections())


def topical_sections() -> tuple[str, ...]:
    """The five topics of a summary's body (organization ... culture), in customary order."""
    return tuple(s["id"] for s in sections() if s.get("topical"))


def section_name(section_id: str) -> str:
    """The Chinese name of a section id (``welfare`` -> ``维权帮扶``); KeyError for an unknown id."""
    return _section_names()[section_id]


@lru_cache(maxsize=1)
def _section_names() -> Mapping[str, str]:
    return MappingProxyType({str(s["id"]): str(s["zh"]) for s in sections()})


# -- figures -----------------------------------------------------------------------------------

class ApproxMarkers(NamedTuple):
    """Approximate markers by where they stand: before the number (约), between number and unit
    (余, 多, 来), after the unit (以上, 左右)."""

    prefix: tuple[str, ...]
    infix: tuple[str, ...]
    suffix: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        """Every marker once, in table order (prefix, infix, suffix)."""
        seen: dict[str, None] = {}
        for m in self.prefix + self.infix + self.suffix:
            seen.setdefault(m, None)
        return tuple(seen)


@lru_cache(maxsize=1)
def approx_markers() -> ApproxMarkers:
    """The approximate markers of ``approx.json`` (read by the figure extractor, the drafter and the schema)."""
    t = table("approx")
    return ApproxMarkers(
        tuple(m["marker"] for m in t["prefix"]), tuple(t["infix"]), tuple(t["suffix"]),
    )


def figure_kinds() -> tuple[str, ...]:
    """The six figure kinds of ``figures.json`` in report order (count, money, percent, date, ordinal, other)."""
    return tuple(table("figures")["kinds"])


# -- pinyin ------------------------------------------------------------------------------------

class Pinyin(NamedTuple):
    """Hanyu Pinyin from ``pinyin.json``: toneless syllables (with ü) and the spellings of tones and groups."""

    syllables: frozenset[str]
    tone_marks: Mapping[str, str]  # ā -> a
    combining_tone_marks: str
    tone_digits: str
    u_umlaut_spellings: tuple[str, ...]  # v for ü
    open_brackets: str
    close_brackets: str
    separators: str
    max_group_length: int


@lru_cache(maxsize=1)
def pinyin() -> Pinyin:
    """The pinyin table, read by ``zongjie.read.pinyin`` to blank converter readings (工會(huì)) in the view."""
    t = table("pinyin")
    syllables = frozenset(ini + fin for ini, finals in t["syllables"].items() for fin in finals)
    return Pinyin(
        syllables, t["tone_marks"], "".join(t["combining_tone_marks"]), t["tone_digits"],
        tuple(t["u_umlaut_spellings"]), t["brackets"]["open"], t["brackets"]["close"], t["separators"],
        int(t["max_group_length"]),
    )
