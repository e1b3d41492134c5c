"""A page a person can read: figures highlighted by kind, paragraphs coloured by section.

The figures look like spaCy's displacy span/entity style (a coloured mark with its label in small
capitals after the text); every paragraph and heading is a block with its section's colour on the
left and as a light background, and a legend lists the section ids with their Chinese names and
the figure kinds. The page is one self-contained HTML file (inline CSS, no scripts, no network),
rendered from the jinja2 template ``templates/page.html.j2`` with autoescaping on: the text of the
document is data passed to the template, never template source, so ``<script>`` or ``{{ 7*7 }}``
in a summary is shown as written.

The text shown is the original text of each block's pieces (offsets into the text as read), so
the marks sit exactly where the figures were found; noise (page numbers, navigation) is shown
greyed out. Machine-readable hooks for tests and tools: ``mark.zj-fig[data-kind]``,
``.zj-block[data-section]``, ``#zj-legend``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, Optional, Sequence

__all__ = ["SECTION_COLOURS", "FIGURE_COLOURS", "render_page", "page_for_text"]

SECTION_COLOURS = {
    "overview": "#9e9e9e", "organization": "#1e88e5", "democracy": "#8e24aa", "competitions": "#f4511e",
    "welfare": "#43a047", "culture": "#fdd835", "problems": "#e53935", "plans": "#00acc1", "other": "#6d4c41",
}
FIGURE_COLOURS = {
    "count": "#7aecec", "money": "#bfeeb7", "percent": "#e4e7d2", "date": "#bfe1d9",
    "ordinal": "#c887fb", "other": "#ddd",
}


@lru_cache(maxsize=1)
def _template() -> Any:
    """The page template (loaded once; autoescaping on, undefined names are errors)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("zongjie", "templates"), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True)
    return env.get_template("page.html.j2")


def _tip(fig: Any) -> str:
    value = "x" if fig.placeholder else (fig.date or fig.value)
    tip = f"{fig.kind}: {value} {fig.unit}".strip()
    if fig.approx:
        tip += " (approx)"
    if fig.subject:
        tip += f" — {fig.subject}"
    return tip


def figure_runs(text: str, pieces: Sequence[tuple[int, int]], figures: Sequence[Any],
                describe: Callable[[Any], dict[str, Any]]) -> list[dict[str, Any]]:
    """Runs of a block's original text (line ends removed), each plain (``fig`` None) or one figure
    clipped to its piece, with ``describe(figure)`` as its ``fig``; empty runs are dropped. The page
    written here and the web page's read-back both show figures this way, each with its own tooltip."""
    figs = sorted(figures, key=lambda f: (f.start, -f.end))
    out: list[dict[str, Any]] = []
    for a, e in pieces:
        pos = a
        for f in figs:
            fa, fe = max(f.start, a), min(f.end, e)
            if fe <= fa or fa < pos:
                continue
            out.append({"text": text[pos:fa], "fig": None})
            out.append({"text": text[fa:fe], "fig": describe(f)})
            pos = fe
        out.append({"text": text[pos:e], "fig": None})
    for run in out:
        run["text"] = run["text"].replace("\n", "")
    return [run for run in out if run["text"]]


def _describe(f: Any) -> dict[str, Any]:
    return {"kind": f.kind, "tip": _tip(f), "colour": FIGURE_COLOURS.get(f.kind, FIGURE_COLOURS["other"])}


def _block(text: str, lb: Any, sections: bool) -> dict[str, Any]:
    b = lb.block
    return {"index": lb.index, "noise": b.kind == "noise", "heading": b.kind == "heading",
            "section": lb.section if sections else None, "name": lb.name, "confidence": lb.confidence,
            "colour": SECTION_COLOURS.get(lb.section, "#ccc"),
            "segments": figure_runs(text, b.pieces, lb.figures, _describe)}


def render_page(analysis: Any, title: str = "zongjie", sections: bool = True) -> str:
    """The HTML page of an :class:`~zongjie.pipeline.Analysis` (``sections=False``: no section colours)."""
    from .lang import section_ids, section_name

    text = analysis.text
    documents = [{"doc": d.doc, "title": d.title or f"document {d.doc + 1}",
                  "blocks": [_block(text, lb, sections) for lb in d.blocks]} for d in analysis.documents]
    return _template().render(
        title=title, sections=sections,
        legend_sections=[{"id": s, "name": section_name(s), "colour": SECTION_COLOURS.get(s, "#ccc")}
                         for s in section_ids()],
        legend_kinds=[{"kind": k, "colour": c} for k, c in FIGURE_COLOURS.items()],
        n_figures=len(analysis.figures), documents=documents)


def page_for_text(text: str, encoding: Optional[str] = None, sections: bool = True,
                  title: str = "zongjie", model: Optional[str] = None) -> str:
    """Analyse ``text`` (classifying it when ``sections``) and render its page."""
    from .pipeline import Pipeline

    analysis = Pipeline(model, sections=sections).analyse(text, encoding=encoding)
    return render_page(analysis, title, sections)
