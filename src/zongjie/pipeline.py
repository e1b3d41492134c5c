"""Joining the stages: figures assigned to the blocks of a segmentation."""

from __future__ import annotations

import bisect
from typing import NamedTuple

from .records import Figure, Segmentation


class BlockFigure(NamedTuple):
    """A figure with the document and block it lies in."""

    doc: int
    block: int
    figure: Figure


def figures_by_block(seg: Segmentation) -> list[BlockFigure]:
    """Figures of the whole text, each assigned to the block whose pieces hold its start.

    Figures that fall in noise blocks (page numbers, pagination, teaser listings) are dropped.
    """
    from .figures import extract_figures

    owners: list[tuple[int, int, int, int, str]] = []  # (piece start, piece end, doc, block, kind)
    for d, doc in enumerate(seg.documents):
        for b, block in enumerate(doc.blocks):
            for a, e in block.pieces:
                owners.append((a, e, d, b, block.kind))
    owners.sort()
    starts = [o[0] for o in owners]
    out: list[BlockFigure] = []
    for fig in extract_figures(seg.text):
        i = bisect.bisect_right(starts, fig.start) - 1
        if i < 0:
            continue
        a, e, d, b, kind = owners[i]
        if kind != "noise" and fig.start < e:
            out.append(BlockFigure(d, b, fig))
    return out
