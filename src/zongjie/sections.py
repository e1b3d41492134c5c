"""Section ids and names: a thin view of the language table ``lang/zh/sections.json``."""

from __future__ import annotations

from .lang import section_ids, section_name, topical_sections

__all__ = ["section_ids", "section_name", "topical_sections"]
