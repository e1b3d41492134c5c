"""The one composition point: read -> segment -> structure and sections -> figures, per document.

Every consumer (the CLI, corpus runs, the HTML page, the spaCy components, ``zongjie facts``) calls
:func:`analyse` or a :class:`Pipeline` and reads the typed result; none of them calls the stages itself::

    from zongjie.pipeline import Pipeline
    nlp = Pipeline()                         # the shipped model; Pipeline(model="models/") for another
    result = nlp.analyse(text)               # or nlp.read_and_analyse("summary.txt")
    for doc in result.documents:
        print(doc.structure.genre, doc.structure.plan_start)
        for lb in doc.blocks:                # every block, noise included, in text order
            print(lb.section, lb.name, lb.role, lb.part, lb.topic, [f.surface for f in lb.figures])

A :class:`Pipeline` owns nothing mutable: the model it holds is read-only and shared through a cache
keyed by path and modification time, so two pipelines over the same file read it once. Offsets are
half-open ``[start, end)`` character offsets into ``result.text``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Mapping, NamedTuple, Optional, Union

from .records import Block, DocStructure, Document, Figure, LabelledBlock, ReadResult, Segmentation

if TYPE_CHECKING:  # pragma: no cover
    from .classify.model import SectionModel

__all__ = ["Analysis", "BlockFigure", "DocAnalysis", "Pipeline", "analyse", "figures_by_block"]

ModelLike = Union["SectionModel", str, Path, None]
WINDOW = 1_000_000  # characters per window of Pipeline.iter_analyse


@dataclass(frozen=True)
class DocAnalysis:
    """One document of a text: its segmentation, structure and labelled blocks."""

    doc: int
    document: Document
    structure: DocStructure
    blocks: tuple[LabelledBlock, ...]

    @property
    def title(self) -> str:
        return self.document.title

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(f for lb in self.blocks for f in lb.figures)


@dataclass(frozen=True)
class Analysis:
    """The result of :func:`analyse`: the text (offsets point into it) and one entry per document."""

    text: str
    segmentation: Segmentation
    documents: tuple[DocAnalysis, ...]
    encoding: Optional[str] = None
    source: str = "<text>"

    @property
    def blocks(self) -> Iterator[LabelledBlock]:
        for d in self.documents:
            yield from d.blocks

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(f for d in self.documents for f in d.figures)


class Pipeline:
    """read -> segment -> classify -> figures, configured once, applied to many texts.

    ``model`` is a loaded section model, a path to one (file or directory), or None for the shipped
    model; ``sections=False`` skips classification (every block gets section ``other`` with
    confidence 0, role from the segmenter), ``figures=False`` skips figure extraction, ``sentences=False``
    skips sentence splitting (every block's ``sentences`` stays empty; sections and figures do not use them).
    """

    def __init__(self, model: ModelLike = None, *, sections: bool = True, figures: bool = True,
                 sentences: bool = True) -> None:
        self.model_source = model
        self.sections = sections
        self.figures = figures
        self.sentences = sentences
        self._model: Optional["SectionModel"] = None

    @property
    def model(self) -> "SectionModel":
        """The section model, loaded on first use (and checked: a bad file raises ModelError)."""
        if self._model is None:
            from .classify import load_model
            from .classify.model import SectionModel

            src = self.model_source
            self._model = src if isinstance(src, SectionModel) else load_model(src)
        return self._model

    def read_and_analyse(self, source: Union[str, Path, bytes]) -> Analysis:
        """Read a path (``-`` for stdin) or bytes with :func:`zongjie.read.read_text`, then analyse."""
        from .read import read_text

        read = read_text(source)
        return self.analyse(read.text, encoding=read.encoding, source=read.source, read=read)

    def analyse(self, text: str, *, encoding: Optional[str] = None, source: str = "<text>",
                read: Optional[ReadResult] = None, page_keys: Optional[Mapping[str, int]] = None) -> Analysis:
        """Analyse one text (it may hold several documents). ``page_keys``: the repeated-line counts of a
        larger text this one is a window of (see :func:`zongjie.structure.features.page_keys`)."""
        from .lang import section_name
        from .segment import segment

        seg = segment(text, encoding, sentences=self.sentences)
        figs = self._figures(seg) if self.figures else {}
        labels = self._labels(seg, page_keys, figs)
        docs = []
        other = section_name("other")
        for d, doc in enumerate(seg.documents):
            blocks = []
            for i, block in enumerate(doc.blocks):
                lb = labels.get((d, i)) or _unlabelled(block, d, i, figs.get((d, i), ()), other)
                blocks.append(lb)
            docs.append(DocAnalysis(d, doc, _structure(blocks), tuple(blocks)))
        return Analysis(text, seg, tuple(docs), encoding, source)

    __call__ = analyse

    def iter_analyse(self, text: str, *, encoding: Optional[str] = None,
                     window: Optional[int] = None) -> Iterator[DocAnalysis]:
        """The documents of :meth:`analyse` one at a time, in flat memory for a text of any size.

        Yields what ``analyse(text).documents`` holds (offsets into ``text``, ``doc`` numbered over
        the whole text), worked out over windows of about ``window`` characters, so a 50 MB file
        never has all its blocks, features and figures in memory at once. A text shorter than two
        windows is analysed in one go; see :func:`_windows` for why the documents cut from a
        window are those of the whole text. ``window`` defaults to :data:`WINDOW`.

        The section classifier counts repeated lines over the whole page
        (``zongjie.structure.features.page_keys``): those counts are taken once over the whole text and
        given to every window, so the sections too are those of the whole-text analysis.
        """
        window = window or WINDOW
        if len(text) < 2 * window:
            yield from self.analyse(text, encoding=encoding).documents
            return
        n = 0
        keys = None
        if self.sections:
            from .structure.features import page_keys

            keys = page_keys(text)
        for start, analysis, first, last in _windows(self, text, encoding, window, keys):
            for da in analysis.documents[first:last]:
                yield _shifted(da, start, n)
                n += 1

    def _labels(self, seg: Segmentation, page_keys: Optional[Mapping[str, int]] = None,
                figures: Optional[Mapping[tuple[int, int], tuple[Figure, ...]]] = None
                ) -> dict[tuple[int, int], LabelledBlock]:
        if not self.sections:
            return {}
        from .classify import classify

        return {(lb.doc, lb.index): lb for lb in classify(seg, self.model, page_keys, figures)}

    @staticmethod
    def _figures(seg: Segmentation) -> dict[tuple[int, int], tuple[Figure, ...]]:
        """Figures of the whole text, each given to the block whose pieces hold its start.

        Figures starting in noise blocks (page numbers, pagination) belong to no block and are dropped."""
        from .figures import extract_figures

        owners: list[tuple[int, int, int, int, str]] = []
        for d, doc in enumerate(seg.documents):
            for b, block in enumerate(doc.blocks):
                for a, e in block.pieces:
                    owners.append((a, e, d, b, block.kind))
        owners.sort()
        starts = [o[0] for o in owners]
        out: dict[tuple[int, int], list[Figure]] = {}
        for fig in extract_figures(seg.text):
            k = bisect.bisect_right(starts, fig.start) - 1
            if k < 0:
                continue
            a, e, d, b, kind = owners[k]
            if kind != "noise" and fig.start < e:
                out.setdefault((d, b), []).append(fig)
        return {key: tuple(v) for key, v in out.items()}


def _unlabelled(block: Block, doc: int, index: int, figs: tuple[Figure, ...], name: str) -> LabelledBlock:
    """A block the classifier did not label (noise, or every block when sections are off): ``other``."""
    role = "noise" if block.kind == "noise" else "chrome"
    return LabelledBlock(block, doc, index, "other", name, 1.0 if role == "noise" else 0.0,
                         role, block.part, None, {"other": 1.0}, figs)


def _structure(blocks: list[LabelledBlock]) -> DocStructure:
    """The document's structure as read off its labelled blocks."""
    title = next((k for k, lb in enumerate(blocks) if lb.role == "title"), None)
    body = [k for k, lb in enumerate(blocks) if lb.role == "body"]
    if not body:
        return DocStructure("empty", title, None, None)
    plan = [k for k in body if blocks[k].part == "plan"]
    summary = [k for k in body if blocks[k].part != "plan" and blocks[k].section != "overview"]
    if not plan:
        genre = "summary"
    elif not summary or plan[0] == body[0]:
        genre = "plan"
    else:
        genre = "mixed"
    return DocStructure(genre, title, body[0], plan[0] if plan else None)


def analyse(text: str, model: ModelLike = None, *, encoding: Optional[str] = None) -> Analysis:
    """Analyse ``text`` with a :class:`Pipeline` over ``model`` (the shipped one by default)."""
    return Pipeline(model).analyse(text, encoding=encoding)


class BlockFigure(NamedTuple):
    """A figure with the document and block it lies in (the rows of ``zongjie extract``)."""

    doc: int
    block: int
    figure: Figure


def figures_by_block(seg: Segmentation) -> list[BlockFigure]:
    """Figures of ``seg`` in text order with their document and block (noise blocks have none)."""
    found = Pipeline._figures(seg)
    return [BlockFigure(d, b, f) for (d, b), figs in sorted(found.items()) for f in figs]


# -- streaming: documents of a long text from windows ------------------------------------------
#
# Why a window's documents are the whole text's: the segmenter decides each line from the line
# itself and its neighbouring text lines (page numbers stuck to either end, teaser listings), and
# starts a document at a marker line (……篇一) or, in a text without markers, at a title line
# after a date or signature line; a document's blocks depend only on its own lines. So a window
# that starts at a document boundary with one whole document before the ones it yields (context
# for their first lines) and at least MARGIN non-noise blocks after them cuts them as the whole
# text does. The one global decision, whether the text has any marker line, is taken first
# (``_first_marker``) and a window is never cut before the first marker. Figures are per block,
# with whole documents around them; sections are per document except for the classifier's count of
# lines repeated on the page, which only covers the window (see Pipeline.iter_analyse).

MARGIN = 4  # non-noise blocks a window must hold after the last document it yields


def _windows(pipe: Pipeline, text: str, encoding: Optional[str], window: int,
             page_keys: Optional[Mapping[str, int]] = None) -> Iterator[tuple[int, Analysis, int, int]]:
    """``(offset, analysis of text[offset:end], first, last)``: yield ``documents[first:last]``."""
    first_marker = _first_marker(text, window)
    start, first, size = 0, 0, window  # first: documents of the window already yielded (context)
    while True:
        end = _line_end(text, max(start + size, (first_marker or 0) + 1))
        analysis = pipe.analyse(text[start:end], encoding=encoding, page_keys=page_keys)
        docs = analysis.documents
        if end >= len(text):
            yield start, analysis, first, len(docs)
            return
        last = _safe_end(docs)
        if last <= first:  # no whole document with enough text after it: a wider window
            size *= 2
            continue
        yield start, analysis, first, last
        start, first, size = start + docs[last - 1].document.start, 1, window


def _safe_end(docs: tuple[DocAnalysis, ...]) -> int:
    """How many leading documents end at least MARGIN non-noise blocks before the window's end
    (never the last document, which the window may cut short)."""
    after, k = 0, len(docs) - 1
    while k > 0:
        after += sum(1 for lb in docs[k].blocks if lb.block.kind != "noise")
        if after >= MARGIN:
            return k
        k -= 1
    return 0


def _line_end(text: str, pos: int) -> int:
    """The offset just after the line holding ``pos`` (the text's end when there is none)."""
    if pos >= len(text):
        return len(text)
    nl = text.find("\n", pos)
    return len(text) if nl < 0 else nl + 1


def _first_marker(text: str, chunk: int) -> Optional[int]:
    """The offset of the first document-marker line (……篇一) of ``text``, or None.

    Lines are analysed as the segmenter does, chunk by chunk; each chunk starts a few lines early
    so that its first lines see the lines before them."""
    from .read.view import has_traditional, normalize_view
    from .segment.lines import analyse, patterns, split_lines

    pat, simplified, pos = patterns(), has_traditional(text), 0
    while pos < len(text):
        a, b = _lines_back(text, pos, 4), _line_end(text, pos + chunk)
        part = text[a:b]
        view = normalize_view(part, simplified)
        lines = split_lines(part, view)
        analyse(lines, view, pat)
        hit = next((a + ln.start for ln in lines if ln.marker and a + ln.start >= pos), None)
        if hit is not None:
            return hit
        pos = b
    return None


def _lines_back(text: str, pos: int, n: int) -> int:
    """The start of the ``n``-th non-blank line before ``pos`` (``pos`` is a line start)."""
    a = pos
    while n > 0 and a > 0:
        b, a = a, text.rfind("\n", 0, a - 1) + 1
        if text[a:b].strip():
            n -= 1
    return a


def _shifted(da: DocAnalysis, offset: int, doc: int) -> DocAnalysis:
    """``da`` of a window starting at ``offset`` as document ``doc`` of the whole text."""
    if offset == 0 and da.doc == doc:
        return da

    def block(b: Block) -> Block:
        return replace(b, start=b.start + offset, end=b.end + offset,
                       pieces=tuple((x + offset, y + offset) for x, y in b.pieces),
                       sentences=tuple(replace(s, start=s.start + offset, end=s.end + offset)
                                       for s in b.sentences))

    blocks = tuple(block(b) for b in da.document.blocks)
    document = replace(da.document, start=da.document.start + offset, end=da.document.end + offset,
                       blocks=blocks)
    labelled = tuple(replace(lb, block=blocks[k], doc=doc,
                             figures=tuple(replace(f, start=f.start + offset, end=f.end + offset)
                                           for f in lb.figures))
                     for k, lb in enumerate(da.blocks))
    return DocAnalysis(doc, document, da.structure, labelled)
