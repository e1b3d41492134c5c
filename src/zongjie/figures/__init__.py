"""Figure extraction: numbers with what they measure, from trade-union work summaries.

``extract_figures(text)`` returns :class:`zongjie.records.Figure` objects with half-open
offsets into ``text``, in time linear in the text. Units, exceptions, subject words and
approximate markers are tables of the language layer (``zongjie/lang/zh/*.json``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import extract as _extract
from .rows import FIELDS, figures_to_rows

if TYPE_CHECKING:
    from ..records import Figure


# The two entry points are defined here, in Python, even where ``extract`` is compiled (see setup.py):
# they keep their docstrings and signatures for help() and the API docs.

def extract_figures(text: str, with_subject: bool = True) -> list[Figure]:
    """All figures of ``text`` in order, offsets half-open into ``text``.

    >>> [f.surface for f in extract_figures("建立困难职工档案信息13人，参与率达到86%。")]
    ['13人', '86%']
    """
    from ..read.view import normalize_view

    if not text:
        return []
    return _extract.extract_view(text, normalize_view(text), with_subject)


def extract_view(text: str, view: str, with_subject: bool = True) -> list[Figure]:
    """Figures of ``text`` found on its same-length ``view`` (for callers that have one, such as the
    segmenter's normalised view); ``ValueError`` when the lengths differ."""
    return _extract.extract_view(text, view, with_subject)

__all__ = ["extract_figures", "extract_view", "figures_to_rows", "FIELDS"]
