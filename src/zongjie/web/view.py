"""What the page shows of a read document: blocks by section, figures, placeholders, structure.

A presentation of :class:`zongjie.pipeline.Analysis` for the template ``view.html.j2``: every value
here is data the template escapes; nothing is analysed again. Offsets are the analysis's own
(half-open, into the text as read).
"""

from __future__ import annotations

from typing import Any

from ..page import figure_runs

LOW_CONFIDENCE = 0.5  # below this the page marks a block's section as uncertain (把握不大)

GENRES = {"summary": "工作总结", "plan": "工作计划", "mixed": "工作总结及计划", "empty": "空文档"}
KIND_NAMES = {"count": "数量", "money": "金额", "percent": "比例", "date": "日期", "ordinal": "序数", "other": "其他"}


def _tip(fig: Any) -> str:
    if fig.placeholder:
        return f"{KIND_NAMES.get(fig.kind, fig.kind)}：待填写的占位（{fig.surface}）"
    value = getattr(fig, "date", "") if fig.kind == "date" else ""
    value = value or fig.value
    if isinstance(value, float) and value != value:  # no number (NaN): show the figure as written
        value, unit = fig.surface, ""
    else:
        unit = "" if fig.kind == "date" else fig.unit
    tip = f"{KIND_NAMES.get(fig.kind, fig.kind)}：{value} {unit}".rstrip()
    if fig.approx:
        marker = getattr(fig, "approx_marker", "")
        tip += f"（约数{'：' + marker if marker else ''}）"
    if fig.subject:
        tip += f" — {fig.subject}"
    return tip


def _describe(f: Any) -> dict[str, Any]:
    return {"kind": f.kind, "placeholder": bool(f.placeholder), "tip": _tip(f)}


def document_view(analysis: Any) -> list[dict[str, Any]]:
    """One entry per document: its structure and its blocks, ready for ``view.html.j2``."""
    from ..lang import section_name

    text = analysis.text
    docs = []
    for d in analysis.documents:
        st = d.structure
        blocks = []
        for lb in d.blocks:
            b = lb.block
            noise = b.kind == "noise" or lb.role in ("noise", "chrome")
            segs = figure_runs(text, b.pieces, lb.figures, _describe)
            blocks.append({
                "index": lb.index, "section": lb.section, "name": section_name(lb.section),
                "confidence": lb.confidence, "low": (not noise) and lb.confidence < LOW_CONFIDENCE,
                "heading": b.kind == "heading", "noise": noise, "title": st.title == lb.index,
                "plan_start": st.plan_start == lb.index, "part": lb.part, "segments": segs,
                "placeholders": sum(1 for s in segs if s["fig"] and s["fig"]["placeholder"]),
            })
        title = d.blocks[st.title].block.text.strip() if st.title is not None and st.title < len(d.blocks) else ""
        docs.append({"doc": d.doc, "genre": GENRES.get(st.genre, st.genre), "title": title,
                     "plan_start": None if st.plan_start is None else st.plan_start + 1,
                     "n_blocks": len(blocks), "n_figures": len(d.figures),
                     "n_placeholders": sum(b["placeholders"] for b in blocks),
                     "n_low": sum(1 for b in blocks if b["low"]), "blocks": blocks})
    return docs
