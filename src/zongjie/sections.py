"""The section labels (ids, Chinese names), loaded from ``data/sections.json``."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _table() -> tuple[dict, ...]:
    raw = resources.files("zongjie").joinpath("data/sections.json").read_text(encoding="utf-8")
    return tuple(json.loads(raw)["sections"])


def section_ids() -> tuple[str, ...]:
    """The nine section ids in customary order."""
    return tuple(s["id"] for s in _table())


def section_name(section_id: str) -> str:
    """The Chinese name of a section id (``welfare`` -> ``维权帮扶``)."""
    for s in _table():
        if s["id"] == section_id:
            return s["zh"]
    raise KeyError(section_id)


SECTION_IDS = ("overview", "organization", "democracy", "competitions", "welfare", "culture", "problems", "plans", "other")
"""The same ids as a constant, for type hints and quick membership tests (checked against the data in tests)."""
