"""Plain typed objects passed between the pipeline stages.

Every offset is a half-open ``[start, end)`` character offset into the original
text that was read (after newline normalisation), never into a converted view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Optional, Union

BlockKind = Literal["heading", "paragraph", "noise"]
Part = Literal["summary", "plan"]
FigureKind = Literal["count", "money", "percent", "date", "ordinal", "other"]
FigureValue = Union[int, float]


@dataclass(frozen=True)
class Sentence:
    """A sentence of a block; ``text`` is the repaired text, offsets are original."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Block:
    """A heading, paragraph or noise span of a document.

    ``pieces`` are the original spans the block was assembled from: a paragraph
    broken over two lines, or with a page number stuck inside it, has several.
    ``text`` is the repaired text (pieces joined, line ends and stray page
    numbers removed). ``level`` is 0 for a document title, 1-4 for numbered
    headings (一、 / （一） / 1、 / （1）) and ``None`` otherwise.
    """

    kind: BlockKind
    text: str
    start: int
    end: int
    pieces: tuple[tuple[int, int], ...]
    level: Optional[int] = None
    numbering: Optional[str] = None
    part: Part = "summary"
    sentences: tuple[Sentence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "level": self.level, "numbering": self.numbering, "text": self.text,
            "start": self.start, "end": self.end, "part": self.part,
            "pieces": [list(p) for p in self.pieces],
            "sentences": [{"text": s.text, "start": s.start, "end": s.end} for s in self.sentences],
        }


@dataclass(frozen=True)
class Document:
    """One document of a corpus; ``title`` is its repaired title text (may be empty)."""

    title: str
    start: int
    end: int
    blocks: tuple[Block, ...]

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind != "noise")

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "blocks": [b.to_dict() for b in self.blocks],
        }


@dataclass(frozen=True)
class Segmentation:
    """The result of :func:`zongjie.segment`: the text and its documents."""

    text: str
    documents: tuple[Document, ...]
    encoding: Optional[str] = None

    @property
    def blocks(self) -> tuple[Block, ...]:
        return tuple(b for d in self.documents for b in d.blocks)

    def to_dict(self) -> dict[str, Any]:
        return {
            "encoding": self.encoding,
            "documents": [d.to_dict() for d in self.documents],
        }


@dataclass(frozen=True)
class Figure:
    """A number found in text, with what it measures.

    ``value`` is always a number (int or float), normalised: money in yuan, percents as the
    number before %; it is ``math.nan`` when the text gives no number -- a redaction
    placeholder (``placeholder`` is then True) or a date. A date's normalised form is ``date``,
    ISO-like text (``2011``, ``2011-11``, ``2011-11-02``, ``--07``, ``Q1``; a range joined by
    ``/``: ``--01/--06``), empty for a redacted date and for every other kind. ``values`` lists
    every number of a range or list (``1至2篇`` -> ``(1, 2)``; NaN for each item of a date range
    or a redacted one); for a single number it is empty.
    ``approx_marker`` is the marker text of an approximate figure (``约``, ``余``, ``多``,
    ``以上``; several joined in text order), empty when ``approx`` is False. So
    ``sum(f.value for f in figs if f.kind == "count" and not f.placeholder)`` is a number.
    ``to_dict`` writes ``null`` where the value is NaN (JSON has no NaN).
    """

    surface: str
    start: int
    end: int
    value: FigureValue
    unit: str
    kind: FigureKind
    placeholder: bool = False
    approx: bool = False
    subject: str = ""
    values: tuple[FigureValue, ...] = ()
    date: str = ""
    approx_marker: str = ""

    @property
    def known(self) -> bool:
        """True when ``value`` is a number read from the text (not NaN)."""
        return self.value == self.value

    def to_dict(self) -> dict[str, Any]:
        return {"surface": self.surface, "start": self.start, "end": self.end, "value": _json_number(self.value),
                "unit": self.unit, "kind": self.kind, "placeholder": self.placeholder, "approx": self.approx,
                "subject": self.subject, "values": [_json_number(v) for v in self.values], "date": self.date,
                "approx_marker": self.approx_marker}


def _json_number(v: FigureValue) -> Optional[FigureValue]:
    """A figure number for JSON: NaN (no number) becomes None."""
    return None if v != v else v


@dataclass(frozen=True)
class ReadResult:
    """Decoded text and the encoding it was read with.

    ``replaced`` lists ``(line, byte_offset)`` of the first undecodable byte of each line that was
    read with U+FFFD in place of its undecodable bytes (1-based line of the text, byte offset
    into the input); empty when every byte decoded. ``format`` is what the file was read as
    (``text``, ``docx``, ``html``, ``pdf`` or ``doc``: offsets are into the text extracted from it);
    ``dropped`` lists the lines of a web page that main-text extraction left out (its chrome).
    """

    text: str
    encoding: str
    source: str = "<bytes>"
    traditional: bool = False
    replaced: tuple[tuple[int, int], ...] = ()
    format: str = "text"
    dropped: tuple[str, ...] = ()

    def __str__(self) -> str:  # convenient in f-strings and print
        return self.text


@dataclass(frozen=True)
class DocStructure:
    """What a reader sees of a document before reading it: its genre, title and plan part.

    ``genre`` is ``summary`` (no plan part), ``plan`` (a plan from its first line), ``mixed`` (a summary
    followed by a plan part), or ``empty``; ``title`` is the index of the title block (or None),
    ``body_start`` the index of the first body block, ``plan_start`` the index of the first block of the
    plan part (None when there is none). Indices are into ``DocAnalysis.blocks``.
    """

    genre: str
    title: Optional[int]
    body_start: Optional[int]
    plan_start: Optional[int]

    def to_dict(self) -> dict[str, Any]:
        return {"genre": self.genre, "title": self.title, "body_start": self.body_start,
                "plan_start": self.plan_start}


@dataclass(frozen=True)
class LabelledBlock:
    """A block with its section and the figures that start in it.

    ``role`` is ``title``, ``body``, ``chrome`` (page chrome kept as text) or ``noise`` (page numbers,
    pagination); ``part`` is ``summary`` or ``plan``; ``topic`` is the topic a plan block is about
    (None for the plan part's headings and lead-ins and for non-plan blocks); ``scores`` are the
    section probabilities (they sum to 1); ``name`` is the section's Chinese name.
    """

    block: Block
    doc: int
    index: int
    section: str
    name: str
    confidence: float
    role: str
    part: str
    topic: Optional[str] = None
    scores: dict[str, float] = field(default_factory=dict)
    figures: tuple[Figure, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        b = self.block
        return {"doc": self.doc, "block": self.index, "kind": b.kind, "start": b.start, "end": b.end,
                "text": b.text, "section": self.section, "name": self.name, "confidence": self.confidence,
                "role": self.role, "part": self.part, "topic": self.topic,
                "figures": [f.to_dict() for f in self.figures]}
