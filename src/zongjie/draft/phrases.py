"""Suggested phrasings for sections without facts, from the corpus phrase bank.

The bank (``zongjie/data/phrases.json``) is written by ``zongjie corpus phrases``: sentence
patterns per section whose figures are typed slots (``共走访慰问困难职工{count:人次}``). A suggestion
is a pattern with every slot left EMPTY (``共走访慰问困难职工＿＿人次``): a draft never invents a number.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Optional, Union

from .figure_text import BLANK

_SLOT = re.compile(r"\{([a-z]+)(?::([^{}]*))?\}")
_DIGITS = re.compile(r"[0-9０-９]")


def _patterns_of(entry: Any) -> list[str]:
    """Sentence patterns of one section entry, whatever the bank's exact layout."""
    if isinstance(entry, list):
        raw = entry
    elif isinstance(entry, dict):
        raw = []
        for key in ("patterns", "sentences", "templates"):
            if isinstance(entry.get(key), list):
                raw = entry[key]
                break
    else:
        return []
    out = []
    for p in raw:
        if isinstance(p, dict):
            p = p.get("pattern") or p.get("text") or p.get("sentence")
        if isinstance(p, str) and p.strip():
            out.append(p.strip())
    return out


def parse_bank(data: Any) -> dict[str, list[str]]:
    """``{section id: [pattern, ...]}`` from a parsed phrases.json."""
    if not isinstance(data, dict):
        return {}
    table = data.get("sections", data)
    if not isinstance(table, dict):
        return {}
    return {sid: _patterns_of(entry) for sid, entry in table.items() if not sid.startswith("_")}


def load_bank(path: Optional[Union[str, Path]] = None) -> dict[str, list[str]]:
    """The phrase bank; empty when it is not (yet) shipped or unreadable."""
    try:
        if path is None:
            return _shipped()
        return parse_bank(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


@lru_cache(maxsize=1)
def _shipped() -> dict[str, list[str]]:
    ref = resources.files("zongjie").joinpath("data/phrases.json")
    if not ref.is_file():
        return {}
    try:
        return parse_bank(json.loads(ref.read_text(encoding="utf-8")))
    except ValueError:
        return {}


def blank_slots(pattern: str) -> str:
    """``共走访慰问困难职工{count:人次}`` -> ``共走访慰问困难职工＿＿人次``."""
    return _SLOT.sub(lambda m: BLANK + (m.group(2) or ""), pattern)


def _has_number(text: str) -> bool:
    if _DIGITS.search(text):
        return True
    try:
        from ..figures import extract_figures
    except ImportError:  # pragma: no cover - figures ships with zongjie
        return False
    return any(not f.placeholder for f in extract_figures(text))


def suggestions(section: str, bank: Optional[dict[str, list[str]]] = None, n: int = 3,
                max_len: int = 40) -> list[str]:
    """Up to ``n`` suggested sentences for ``section``, slots blank, no number in them.

    Short patterns with at least one slot are preferred (they show what to fill in), then
    the bank's own order; the choice is deterministic.
    """
    bank = load_bank() if bank is None else bank
    out: list[str] = []
    cands = [p for p in bank.get(section, []) if len(p) <= max_len]
    cands.sort(key=lambda p: (0 if _SLOT.search(p) else 1))
    for p in cands:
        s = blank_slots(p).rstrip("。；;，,")
        if "{" in s or "}" in s or "：" in s or ":" in s or _has_number(s) or s in out:
            continue
        out.append(s)
        if len(out) == n:
            break
    return out
