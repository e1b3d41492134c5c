"""What ``zongjie segment|extract|classify`` print: rows built from a DocAnalysis, in four formats.

One output model for every input shape: a command turns each :class:`~zongjie.pipeline.DocAnalysis`
into rows (:func:`rows`), the same whether the document came from a file, a directory, a JSONL line
or stdin; multi-document inputs put the document's ``id`` first. A format renders the rows of one
document at a time (:func:`render`, pure, so worker processes can do it) and a :class:`Sink` writes
the chunks in order with what goes around them (the CSV header, the brackets and commas of a JSON
array), so every format streams. Every JSON printed is valid JSON (no ``NaN``/``Infinity``).
Tables are ``rich`` tables (East Asian characters are two columns wide), one per document.
"""

from __future__ import annotations

import codecs
import csv
import errno
import io
import json
import math
import os
from typing import IO, Any, Iterable, Optional, Sequence

from orjson import dumps as _orjson_dumps

__all__ = ["COMMANDS", "FORMATS", "FIELDS", "TABLE_FIELDS", "NO_ID", "dumps", "rows", "render", "Sink",
           "table", "csv_text", "cell"]

COMMANDS = ("segment", "extract", "classify")
FORMATS = ("table", "json", "jsonl", "csv")
_FIGURE_FIELDS = ("start", "end", "surface", "kind", "value", "values", "date", "unit", "placeholder", "approx",
                  "approx_marker", "subject")
FIELDS = {
    "segment": ("doc", "block", "title", "kind", "level", "numbering", "text", "start", "end", "part",
                "pieces", "sentences"),
    "extract": ("doc", "block") + _FIGURE_FIELDS,
    "classify": ("doc", "block", "kind", "start", "end", "text", "section", "name", "confidence", "role",
                 "part", "topic", "figures"),
}
TABLE_FIELDS = {
    "segment": ("doc", "block", "kind", "level", "part", "start", "end", "text"),
    "extract": ("doc", "block", "start", "end", "surface", "kind", "value", "date", "unit", "approx", "subject"),
    "classify": ("doc", "block", "kind", "section", "name", "confidence", "role", "topic", "figures", "text"),
}
TEXT_WIDTH = 40  # table cells of text are cut (…) to this many columns
NO_ID = object()  # rows of a single-document input carry no id


# rows are built here from records, never circular: the encoder skips the check (a quarter of its time)
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, check_circular=False, separators=(",", ":"))


def dumps(obj: Any) -> str:
    """Compact JSON (no spaces) with Chinese kept readable; never ``NaN``/``Infinity`` (ValueError).

    orjson writes a row in a third of the time of :mod:`json` (the row encoding was 0.3 s of a 3 MB
    extract); what it cannot write (integers over 64 bits, lone surrogates, a non-finite float, which it
    would silently make ``null``) goes to :mod:`json` with the same separators, which writes the first two
    and refuses the third."""
    try:
        out = _orjson_dumps(obj)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return _ENCODER.encode(obj)
    if b"null" in out and _non_finite(obj):
        return _ENCODER.encode(obj)  # raises ValueError
    return out.decode("utf-8")


def _non_finite(obj: Any) -> bool:
    """A NaN or infinity anywhere in ``obj`` (looked for only when orjson wrote a ``null``)."""
    if isinstance(obj, float):
        return not -math.inf < obj < math.inf
    if isinstance(obj, dict):
        return any(map(_non_finite, obj.values()))
    if isinstance(obj, (list, tuple)):
        return any(map(_non_finite, obj))
    return False


# -- rows --------------------------------------------------------------------------------------

def rows(command: str, da: Any, ident: Any = NO_ID) -> list[dict[str, Any]]:
    """The rows ``command`` prints for one document (``da``: a DocAnalysis), ``id`` first if given."""
    if command == "segment":
        out = [_segment_row(da, b, lb.block) for b, lb in enumerate(da.blocks)]
    elif command == "extract":
        out = [_figure_row(da.doc, lb.index, f) for lb in da.blocks for f in lb.figures]
    elif command == "classify":
        out = [lb.to_dict() for lb in da.blocks]
    else:
        raise ValueError(f"command must be one of {COMMANDS}, not {command!r}")
    if ident is NO_ID:
        return out
    return [{"id": ident, **r} for r in out]


def _segment_row(da: Any, b: int, block: Any) -> dict[str, Any]:
    return {"doc": da.doc, "block": b, "title": da.title, "kind": block.kind, "level": block.level,
            "numbering": block.numbering, "text": block.text, "start": block.start, "end": block.end,
            "part": block.part, "pieces": [list(p) for p in block.pieces],
            "sentences": [{"text": s.text, "start": s.start, "end": s.end} for s in block.sentences]}


def _figure_row(doc: int, block: int, f: Any) -> dict[str, Any]:
    """The row of one figure: ``doc``, ``block``, then the figure's fields in ``_FIGURE_FIELDS`` order
    (the values of :meth:`~zongjie.records.Figure.to_dict`, NaN as None)."""
    value = f.value
    return {"doc": doc, "block": block, "start": f.start, "end": f.end, "surface": f.surface, "kind": f.kind,
            "value": None if value != value else value, "values": [None if v != v else v for v in f.values],
            "date": f.date, "unit": f.unit, "placeholder": f.placeholder, "approx": f.approx,
            "approx_marker": f.approx_marker, "subject": f.subject}


def columns(command: str, fmt: str, with_id: bool) -> tuple[str, ...]:
    """The columns of a CSV or table of ``command``."""
    cols = TABLE_FIELDS[command] if fmt == "table" else FIELDS[command]
    return (("id",) if with_id else ()) + cols


def cell(key: str, value: Any) -> str:
    """A value as one CSV or table cell: lists flattened, ``None`` empty, figures counted."""
    if value is None:
        return ""
    if key in ("figures", "sentences"):
        return str(len(value))
    if key == "pieces":
        return ";".join(f"{a}-{b}" for a, b in value)
    if key == "values":
        return ";".join("" if v is None else str(v) for v in value)
    if isinstance(value, (dict, list)):
        return dumps(value)
    return str(value)


# -- formats -----------------------------------------------------------------------------------

def render(fmt: str, command: str, doc_rows: Sequence[dict[str, Any]], with_id: bool,
           width: Optional[int] = None) -> str:
    """The text of one document's rows in ``fmt`` (pure: no header, no separators; see :class:`Sink`).

    ``width`` is the table width (None: as wide as the cells need)."""
    if not doc_rows:
        return ""
    if fmt == "jsonl":
        return "".join(dumps(r) + "\n" for r in doc_rows)
    if fmt == "json":
        return ",\n".join(dumps(r) for r in doc_rows)
    cols = columns(command, fmt, with_id)
    if fmt == "csv":
        return csv_text(([cell(k, r[k]) for k in cols] for r in doc_rows))
    if fmt == "table":
        return table([[cell(k, r[k]) for k in cols] for r in doc_rows], cols, width)
    raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")


class Sink:
    """Writes rendered chunks (UTF-8 bytes) to ``out`` in order with what surrounds them in ``fmt``.

    A text stream that encodes UTF-8 with no newline translation (stdout, a file opened by zongjie)
    gets the bytes on its binary buffer as they come, and a worker's spool file is copied to its file
    descriptor by the kernel (``os.sendfile``): in a ``--jobs 2`` run the parent, which shares the two
    cores with the workers, no longer decodes, re-encodes or even reads the rows. Any other stream (a
    ``StringIO``, a GBK console) gets them decoded."""

    def __init__(self, out: IO[str], fmt: str, command: str, with_id: bool) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
        self.out, self.fmt, self.chunks = out, fmt, 0
        self.head = csv_text([columns(command, fmt, with_id)]) if fmt == "csv" else "[" if fmt == "json" else ""
        self._raw = _utf8_buffer(out)
        self._fd = _fileno(self._raw) if self._raw is not None and hasattr(os, "sendfile") else None
        self._line_buffered = bool(getattr(out, "line_buffering", False))

    @property
    def joins(self) -> bool:
        """True when documents' rows follow each other with nothing between them (jsonl, csv) and
        the output is not line buffered (a terminal sees each document as it comes)."""
        return self.fmt not in ("json", "table") and not self._line_buffered

    def begin(self) -> None:
        if self.head:
            self.out.write(self.head)
        if self._raw is not None:
            self.out.flush()  # what the text layer holds goes first

    def write(self, chunk: bytes) -> None:
        """One document's rendered rows, UTF-8 (empty chunks are skipped)."""
        if not chunk:
            return
        self._separate()
        self._put(chunk)
        self._written()

    def copy(self, src: int, pieces: Sequence[tuple[int, int]]) -> None:
        """Documents' rendered rows from the open file ``src``, each an ``(offset, length)`` piece of it.

        Where the format puts nothing between documents (jsonl, csv) and the output is not line
        buffered, pieces that follow each other in ``src`` go out in one copy: a worker's chunk of
        a thousand small documents is one system call, not a thousand."""
        if not self.joins:
            for offset, length in pieces:
                if length:
                    self._separate()
                    self._send(src, offset, length)
                    self._written()
            return
        start = end = -1
        for offset, length in pieces:
            if not length:
                continue
            if offset != end:
                if end > start:
                    self._send(src, start, end - start)
                start = offset
            end = offset + length
            self.chunks += 1
        if end > start:
            self._send(src, start, end - start)

    def end(self) -> None:
        if self.fmt == "json":
            self._put(b"\n]\n" if self.chunks else b"]\n")
        self._flush()

    def _separate(self) -> None:
        if self.fmt == "json":
            self._put(b"\n" if self.chunks == 0 else b",\n")
        elif self.fmt == "table" and self.chunks:
            self._put(b"\n")

    def _written(self) -> None:
        self.chunks += 1
        if self._line_buffered:
            self._flush()

    def _put(self, data: bytes) -> None:
        if self._raw is not None:
            self._raw.write(data)
        else:
            self.out.write(data.decode("utf-8"))

    def _send(self, src: int, offset: int, length: int) -> None:
        if self._fd is not None and self._raw is not None:
            self._raw.flush()
            try:
                while length > 0:
                    sent = os.sendfile(self._fd, src, offset, length)
                    if sent == 0:
                        return  # the file is shorter than its pieces say: nothing more to copy
                    offset, length = offset + sent, length - sent
                return
            except OSError as err:
                if err.errno not in _NO_SENDFILE:
                    raise
                self._fd = None  # a stream sendfile cannot write to (a terminal, O_APPEND): copy through memory
        while length > 0:
            data = os.pread(src, min(length, 1 << 20), offset)
            if not data:
                return
            self._put(data)
            offset, length = offset + len(data), length - len(data)

    def _flush(self) -> None:
        if self._raw is not None:
            self._raw.flush()
        self.out.flush()


#: what ``os.sendfile`` says when the output cannot take it: then the bytes go through ``write``
_NO_SENDFILE = frozenset({errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ESPIPE, errno.EXDEV})


def _utf8_buffer(out: Any) -> Optional[IO[bytes]]:
    """The binary buffer under ``out`` when writing UTF-8 bytes there is what ``out.write`` would do."""
    buffer, encoding = getattr(out, "buffer", None), getattr(out, "encoding", None)
    if buffer is None or not isinstance(encoding, str) or os.linesep != "\n":
        return None
    try:
        return buffer if codecs.lookup(encoding).name == "utf-8" else None
    except LookupError:
        return None


def _fileno(stream: Any) -> Optional[int]:
    try:
        return int(stream.fileno())
    except (AttributeError, OSError, ValueError, TypeError):  # io.UnsupportedOperation is an OSError
        return None


def csv_text(rows_: Iterable[Sequence[Any]], header: Optional[Sequence[str]] = None) -> str:
    """CSV lines (``\\n``-terminated) of ``rows_``, after ``header`` when given."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    if header is not None:
        w.writerow(header)
    for r in rows_:
        w.writerow(r)
    return buf.getvalue()


def _printable(text: str) -> str:
    """Cell text a terminal cannot misread: line breaks as spaces, other controls escaped."""
    text = text.replace("\n", " ").replace("\t", " ")
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape", "backslashreplace").decode("ascii")
                   for ch in text)


def table(rows_: Sequence[Sequence[Any]], header: Sequence[str], width: Optional[int] = None) -> str:
    """A plain-text ``rich`` table (no colours, no markup read from the cells), East Asian aware.

    Text and id cells are cut with … at :data:`TEXT_WIDTH` columns; ``width`` caps the whole table
    (a terminal's width), None lets it be as wide as its cells."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    t = Table(box=box.MINIMAL, show_edge=False, pad_edge=False, highlight=False)
    for name in header:
        long = name in ("text", "id", "subject", "surface", "title")
        t.add_column(Text(str(name)), no_wrap=True, overflow="ellipsis",
                     max_width=TEXT_WIDTH if long else None, justify="left")
    for r in rows_:
        t.add_row(*(Text(_printable("" if c is None else str(c))) for c in r))
    buf = io.StringIO()
    console = Console(file=buf, width=width or 100_000, color_system=None, force_terminal=False,
                      markup=False, emoji=False, highlight=False, legacy_windows=False, soft_wrap=False)
    console.print(t)
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"
