"""Figure extraction: numbers with what they measure, from trade-union work summaries.

``extract_figures(text)`` returns :class:`zongjie.records.Figure` objects with half-open
offsets into ``text``, in time linear in the text. Units, exceptions, subject words and
approximate markers are tables of the language layer (``zongjie/lang/zh/*.json``).
"""

from __future__ import annotations

from .extract import extract_figures, extract_view
from .rows import FIELDS, figures_to_rows

__all__ = ["extract_figures", "extract_view", "figures_to_rows", "FIELDS"]
