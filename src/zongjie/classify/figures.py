"""Adapter to the figure extractor (``zongjie.figures``), imported lazily.

If the extractor is missing or fails to import, blocks simply have no figures; the rest of the
classification output is unaffected.
"""

from __future__ import annotations

import bisect
from typing import Any, Callable, Optional, Sequence

from ..records import Block


def _extractor() -> Optional[Callable[[str], list]]:
    try:
        from ..figures import extract_figures
    except Exception:  # not written yet, or broken: figures are optional here
        return None
    return extract_figures


def figures_by_block(text: str, blocks: Sequence[Block]) -> list[list[Any]]:
    """The figures of ``text`` grouped by the block whose pieces hold their start offset."""
    out: list[list[Any]] = [[] for _ in blocks]
    extract = _extractor()
    if extract is None or not blocks:
        return out
    try:
        figures = extract(text)
    except Exception:
        return out
    spans = sorted((a, b, k) for k, blk in enumerate(blocks) for a, b in blk.pieces)
    starts = [s[0] for s in spans]
    for f in figures:
        i = bisect.bisect_right(starts, f.start) - 1
        if i >= 0 and spans[i][0] <= f.start < spans[i][1]:
            out[spans[i][2]].append(f)
    return out
