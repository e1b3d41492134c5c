"""Loading the annotated corpus: ``<id>.txt`` + ``<id>.ann.jsonl`` pairs, and the seed dev labels.

Labels are stored per line; a segmented block takes the label of the line(s) whose
characters it covers most (a paragraph joined from two broken lines has one label).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator, Optional

from ..errors import CorpusError
from ..records import Block, Segmentation


@dataclass(frozen=True)
class LineLabel:
    """A labelled line: ``[start, end)``, section id (or ``noise``) and plan topic."""

    start: int
    end: int
    label: str
    topic: Optional[str] = None


@dataclass(frozen=True)
class LabelledBlock:
    """A segmented block with its gold label."""

    doc: int
    index: int
    block: Block
    label: str
    topic: Optional[str]


@dataclass
class AnnotatedDoc:
    """One corpus file: its text, line labels, figures and noise spans."""

    id: str
    path: Path
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    lines: list[LineLabel] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    noise: list[dict[str, Any]] = field(default_factory=list)

    @cached_property
    def segmentation(self) -> Segmentation:
        from ..segment import segment

        return segment(self.text, "utf-8")

    def labelled_blocks(self) -> list[LabelledBlock]:
        """Every non-noise block of the segmentation with the label of the lines it covers."""
        return list(iter_labelled_blocks(self.segmentation, self.lines))


def block_label(block: Block, lines: list[LineLabel], starts: Optional[list[int]] = None) -> tuple[str, Optional[str]]:
    """Majority label (by characters) of the lines a block's pieces overlap; ``noise`` lines count last."""
    import bisect

    if starts is None:
        starts = [ln.start for ln in lines]
    weight: dict[tuple[str, Optional[str]], int] = {}
    for a, b in block.pieces:
        i = max(0, bisect.bisect_right(starts, a) - 1)
        while i < len(lines) and lines[i].start < b:
            ln = lines[i]
            overlap = min(b, ln.end) - max(a, ln.start)
            if overlap > 0:
                key = (ln.label, ln.topic)
                weight[key] = weight.get(key, 0) + overlap
            i += 1
    if not weight:
        return "noise", None
    real = {k: v for k, v in weight.items() if k[0] != "noise"}
    pool = real or weight
    return max(pool.items(), key=lambda kv: kv[1])[0]


def iter_labelled_blocks(seg: Segmentation, lines: list[LineLabel]) -> Iterator[LabelledBlock]:
    starts = [ln.start for ln in lines]
    for d, doc in enumerate(seg.documents):
        for i, b in enumerate(doc.blocks):
            if b.kind == "noise":
                continue
            label, topic = block_label(b, lines, starts)
            if label == "noise":
                continue
            yield LabelledBlock(d, i, b, label, topic)


def load_doc(txt_path: Path) -> AnnotatedDoc:
    """Load ``<id>.txt`` and its ``<id>.ann.jsonl``; errors name the file and line."""
    txt_path = Path(txt_path)
    ann_path = txt_path.with_name(txt_path.name[: -len(".txt")] + ".ann.jsonl")
    try:
        text = txt_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise CorpusError(f"{txt_path}: cannot read as UTF-8 ({err})") from None
    if not ann_path.exists():
        raise CorpusError(f"{txt_path}: no annotation file {ann_path.name}")
    doc = AnnotatedDoc(id=txt_path.name[: -len(".txt")], path=txt_path, text=text)
    for lineno, raw in enumerate(ann_path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            rec = json.loads(raw)
        except json.JSONDecodeError as err:
            raise CorpusError(f"{ann_path}:{lineno}: invalid JSON ({err.msg})") from None
        kind = rec.get("type")
        if kind == "doc":
            doc.meta = rec
        elif kind == "line":
            doc.lines.append(LineLabel(rec["start"], rec["end"], rec["label"], rec.get("topic")))
        elif kind == "figure":
            doc.figures.append(rec)
        elif kind == "noise":
            doc.noise.append(rec)
        else:
            raise CorpusError(f"{ann_path}:{lineno}: unknown record type {kind!r}")
    doc.lines.sort(key=lambda ln: ln.start)
    return doc


def corpus_files(directory: Path) -> list[Path]:
    """The ``.txt`` files of a corpus directory (``docs/`` inside it when present), sorted."""
    directory = Path(directory)
    if (directory / "docs").is_dir():
        directory = directory / "docs"
    if not directory.is_dir():
        raise CorpusError(f"{directory}: not a corpus directory")
    return sorted(p for p in directory.glob("*.txt"))


def load_corpus(directory: Path) -> list[AnnotatedDoc]:
    """All documents of a corpus directory, in file-name order."""
    return [load_doc(p) for p in corpus_files(directory)]


def load_seed_dev(seed_path: Path, labels_path: Path) -> AnnotatedDoc:
    """The seed file with the hand labels of ``corpus/dev/seed.labels.jsonl`` (checked by hash)."""
    seed_path = Path(seed_path)
    text = seed_path.read_text(encoding="utf-8")
    doc = AnnotatedDoc(id="seed", path=seed_path, text=text)
    for lineno, raw in enumerate(labels_path.read_text(encoding="utf-8").splitlines(), 1):
        rec = json.loads(raw)
        if rec.get("type") == "meta":
            if hashlib.sha1(text.encode("utf-8")).hexdigest() != rec["sha1"]:
                raise CorpusError(f"{labels_path}:{lineno}: the seed file has changed (sha1 differs)")
            continue
        line_text = text[rec["start"]:rec["end"]]
        if hashlib.sha1(line_text.encode("utf-8")).hexdigest()[:12] != rec["sha1"]:
            raise CorpusError(f"{labels_path}:{lineno}: span does not match the seed text")
        doc.lines.append(LineLabel(rec["start"], rec["end"], rec["label"], rec.get("topic")))
    doc.lines.sort(key=lambda ln: ln.start)
    return doc
