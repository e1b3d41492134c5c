"""A page a person can read: figures highlighted by kind, paragraphs coloured by section.

The figures look like spaCy's displacy span/entity style (a coloured mark with its label in small
capitals after the text); every paragraph and heading is a block with its section's colour on the
left and as a light background, and a legend lists the section ids with their Chinese names and
the figure kinds. The page is one self-contained HTML file (inline CSS, no scripts, no network).

The text shown is the original text of each block's pieces (offsets into the text as read), so
the marks sit exactly where the figures were found; noise (page numbers, navigation) is shown
greyed out. Machine-readable hooks for tests and tools: ``mark.zj-fig[data-kind]``,
``.zj-block[data-section]``, ``#zj-legend``.
"""

from __future__ import annotations

import html
from typing import Optional, Sequence

from .records import Segmentation

__all__ = ["SECTION_COLOURS", "FIGURE_COLOURS", "render_page", "page_for_text"]

SECTION_COLOURS = {
    "overview": "#9e9e9e", "organization": "#1e88e5", "democracy": "#8e24aa", "competitions": "#f4511e",
    "welfare": "#43a047", "culture": "#fdd835", "problems": "#e53935", "plans": "#00acc1", "other": "#6d4c41",
}
FIGURE_COLOURS = {
    "count": "#7aecec", "money": "#bfeeb7", "percent": "#e4e7d2", "date": "#bfe1d9",
    "ordinal": "#c887fb", "other": "#ddd",
}

_CSS = """
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; max-width: 60em;
       margin: 2em auto; line-height: 2.1; color: #222; padding: 0 1em; }
h1 { font-size: 1.3em; } h2 { font-size: 1.15em; margin-top: 2em; }
#zj-legend { border: 1px solid #ddd; padding: .5em 1em; line-height: 1.8; font-size: .9em; }
#zj-legend .zj-key { display: inline-block; margin-right: 1.2em; white-space: nowrap; }
#zj-legend .zj-swatch { display: inline-block; width: 1em; height: 1em; vertical-align: -.15em;
       margin-right: .3em; border-radius: 2px; }
.zj-block { border-left: 6px solid var(--zj-colour, #ccc); padding: .2em .8em; margin: .6em 0;
       background: color-mix(in srgb, var(--zj-colour, #ccc) 12%, white); }
.zj-block .zj-sec { float: right; font-size: .7em; color: #555; margin-left: 1em; }
.zj-heading { font-weight: bold; }
.zj-noise { color: #999; font-size: .85em; border-left-style: dashed; background: #fafafa; }
mark.zj-fig { padding: .2em .35em; margin: 0 .1em; border-radius: .35em; line-height: 1;
       box-decoration-break: clone; -webkit-box-decoration-break: clone; }
mark.zj-fig .zj-fig-label { font-size: .6em; font-weight: bold; line-height: 1; border-radius: .35em;
       text-transform: uppercase; vertical-align: middle; margin-left: .4em; }
"""


def _esc(s: str) -> str:
    return html.escape(s, quote=True)


def _figure_mark(text: str, fig) -> str:
    colour = FIGURE_COLOURS.get(fig.kind, FIGURE_COLOURS["other"])
    value = "x" if fig.placeholder else fig.value
    tip = f"{fig.kind}: {value} {fig.unit}".strip()
    if fig.approx:
        tip += " (approx)"
    if fig.subject:
        tip += f" — {fig.subject}"
    return (f'<mark class="zj-fig zj-fig-{fig.kind}" data-kind="{fig.kind}" style="background: {colour}" '
            f'title="{_esc(tip)}">{_esc(text)}<span class="zj-fig-label">{fig.kind}</span></mark>')


def _piece_html(text: str, a: int, e: int, figures: Sequence) -> str:
    """Original text ``[a, e)`` with the figures inside it marked (clipped to the piece)."""
    out, pos = [], a
    for f in figures:
        fa, fe = max(f.start, a), min(f.end, e)
        if fe <= fa or fa < pos:
            continue
        out.append(_esc(text[pos:fa]))
        out.append(_figure_mark(text[fa:fe], f))
        pos = fe
    out.append(_esc(text[pos:e]))
    return "".join(out).replace("\n", "")


def render_page(seg: Segmentation, found: Sequence = (), labelled: Optional[Sequence] = None,
                title: str = "zongjie") -> str:
    """The HTML page of ``seg`` with figures (:class:`~zongjie.pipeline.BlockFigure`) and
    section labels (:class:`~zongjie.records.Labelled`, or None for a page without sections)."""
    from .sections import section_ids, section_name

    text = seg.text
    figs_of: dict[tuple[int, int], list] = {}
    for bf in found:
        figs_of.setdefault((bf.doc, bf.block), []).append(bf.figure)
    label_of = {(lab.doc, lab.index): lab for lab in (labelled or ())}

    parts = ['<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">',
             f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body>",
             f"<h1>{_esc(title)}</h1>", '<div id="zj-legend">']
    if labelled is not None:
        parts.append("<div><b>板块 sections</b>: ")
        for sid in section_ids():
            parts.append(f'<span class="zj-key zj-key-section" data-section="{sid}">'
                         f'<span class="zj-swatch" style="background: {SECTION_COLOURS.get(sid, "#ccc")}"></span>'
                         f"{sid} {_esc(section_name(sid))}</span>")
        parts.append("</div>")
    parts.append("<div><b>数字 figures</b>: ")
    for kind, colour in FIGURE_COLOURS.items():
        parts.append(f'<span class="zj-key zj-key-figure" data-kind="{kind}">'
                     f'<span class="zj-swatch" style="background: {colour}"></span>{kind}</span>')
    parts.append(f"</div><div>{len(found)} figures</div></div>")

    for d, doc in enumerate(seg.documents):
        parts.append(f'<section class="zj-doc" data-doc="{d}"><h2>{_esc(doc.title or f"document {d + 1}")}</h2>')
        for b, block in enumerate(doc.blocks):
            figs = sorted(figs_of.get((d, b), ()), key=lambda f: (f.start, -f.end))
            body = "".join(_piece_html(text, a, e, figs) for a, e in block.pieces)
            if block.kind == "noise":
                parts.append(f'<div class="zj-block zj-noise" data-block="{b}">{body}</div>')
                continue
            lab = label_of.get((d, b))
            cls = "zj-block zj-heading" if block.kind == "heading" else "zj-block"
            if lab is None:
                parts.append(f'<div class="{cls}" data-block="{b}">{body}</div>')
                continue
            colour = SECTION_COLOURS.get(lab.section, "#ccc")
            tag = f'<span class="zj-sec">{_esc(lab.section)} {_esc(section_name(lab.section))} {lab.confidence:.2f}</span>'
            parts.append(f'<div class="{cls} zj-sec-{lab.section}" data-block="{b}" data-section="{lab.section}" '
                         f'style="--zj-colour: {colour}">{tag}{body}</div>')
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "".join(parts)


def page_for_text(text: str, encoding: Optional[str] = None, sections: bool = True,
                  title: str = "zongjie", model: Optional[str] = None) -> str:
    """Segment, extract figures, classify (when ``sections``) and render one page."""
    from .pipeline import figures_by_block
    from .segment import segment

    seg = segment(text, encoding)
    labelled = None
    if sections:
        from .batch import classify_segmentation

        labelled = classify_segmentation(seg, model)
    return render_page(seg, figures_by_block(seg), labelled, title)
