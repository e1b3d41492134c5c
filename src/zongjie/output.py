"""Rendering results as table, JSON, JSONL or CSV text for the command line."""

from __future__ import annotations

import csv
import io
import json
import sys
from typing import Any, Iterable, Sequence, TextIO

from .records import Segmentation


def _short(text: str, width: int = 36) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def dumps(obj: Any) -> str:
    """JSON with Chinese kept readable."""
    return json.dumps(obj, ensure_ascii=False)


def table(rows: Sequence[Sequence[Any]], header: Sequence[str]) -> str:
    """A plain aligned text table (East Asian characters count as two columns)."""
    def width(s: str) -> int:
        return sum(2 if ord(c) > 0x2E80 else 1 for c in s)

    cells = [[str(c) for c in header]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(width(r[i]) for r in cells) for i in range(len(header))]
    lines = []
    for n, r in enumerate(cells):
        lines.append("  ".join(c + " " * (widths[i] - width(c)) for i, c in enumerate(r)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def csv_text(rows: Iterable[Sequence[Any]], header: Sequence[str]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    return buf.getvalue()


def print_segmentation(seg: Segmentation, fmt: str, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    if fmt == "json":
        out.write(dumps(seg.to_dict()) + "\n")
        return
    if fmt == "jsonl":
        for d, doc in enumerate(seg.documents):
            for b, block in enumerate(doc.blocks):
                out.write(dumps({"doc": d, "block": b, "title": doc.title, **_block_dict(block)}) + "\n")
        return
    rows = []
    for d, doc in enumerate(seg.documents):
        for b, block in enumerate(doc.blocks):
            rows.append((d, b, block.kind, block.level if block.level is not None else "", block.part,
                         f"{block.start}-{block.end}", _short(block.text)))
    out.write(f"encoding: {seg.encoding}  documents: {len(seg.documents)}\n")
    out.write(table(rows, ("doc", "block", "kind", "level", "part", "offsets", "text")) + "\n")


def _block_dict(block) -> dict:
    return {"kind": block.kind, "level": block.level, "numbering": block.numbering, "text": block.text,
            "start": block.start, "end": block.end, "part": block.part,
            "pieces": [list(p) for p in block.pieces]}


def print_figures(found, fmt: str, out: TextIO | None = None) -> None:
    """Figures with their doc and block indices (``found``: :class:`zongjie.pipeline.BlockFigure`)."""
    from .figures import FIELDS, figures_to_rows

    out = out or sys.stdout
    flat = fmt in ("csv", "table")
    rows = figures_to_rows([bf.figure for bf in found], flat=flat)
    rows = [{"doc": bf.doc, "block": bf.block, **row} for bf, row in zip(found, rows)]
    header = ("doc", "block") + tuple(FIELDS)
    if fmt == "json":
        out.write(dumps(rows) + "\n")
    elif fmt == "jsonl":
        for row in rows:
            out.write(dumps(row) + "\n")
    elif fmt == "csv":
        out.write(csv_text(([r[k] for k in header] for r in rows), header))
    else:
        out.write(table([[r[k] for k in header] for r in rows], header) + "\n")
