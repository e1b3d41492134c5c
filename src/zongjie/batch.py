"""Corpus-scale runs: many documents in, JSONL out, as it goes, in constant memory.

Input is a JSONL stream of ``{"id": ..., "text": ...}`` objects (a file, or ``-`` for stdin), or a
directory of text files (``id`` is the file's path, the directory as given joined with the file's
path inside it). Output is JSONL: the rows
of ``zongjie extract --format jsonl`` / ``zongjie classify --format jsonl`` with the document's
``id`` as first key, so every output object says which document it came from. Outputs keep the
input order whatever ``jobs`` is, so ``--jobs 4`` writes the same bytes as ``--jobs 1``.

Memory stays flat whatever the input size: input is read one line (or file) at a time, at most
``jobs * chunksize * 4`` documents are in flight between the reader and the workers, and each
result is written as soon as it is in order. Worker processes load the section model once and
reuse it.

A bad document -- a line that is not JSON or not an object, a ``text`` that is not a string or
is empty, bytes that are not UTF-8, a file that cannot be decoded -- is reported (line number or
path, and id when known) and skipped; the run goes on and :func:`run` counts it. The functions
that do the work (:func:`parse_line`, :func:`extract_record`, :func:`classify_record`,
:func:`process_line`) are pure, module-level and picklable, for ``multiprocessing`` or Dask.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, Callable, Iterable, Iterator, Optional, Union

from .errors import InputError, ZongjieError

__all__ = [
    "Record", "Bad", "Stats", "TASKS", "parse_line", "read_file_record", "extract_record",
    "classify_record", "process_line", "process_item", "iter_items", "run", "classify_segmentation",
]

TASKS = ("extract", "classify")


@dataclass(frozen=True)
class Record:
    """A document to process: its id, text and where it came from (``file:line`` or path)."""

    id: Any
    text: str
    where: str = ""


@dataclass(frozen=True)
class Bad:
    """A document that could not be processed, and why (one line)."""

    where: str
    reason: str
    id: Any = None

    def __str__(self) -> str:
        ident = "" if self.id is None else f" (id {json.dumps(self.id, ensure_ascii=False)})"
        return f"{self.where}{ident}: {self.reason}"


@dataclass
class Stats:
    """Counts of a run: documents done, bad ones (with their reports) and output rows."""

    done: int = 0
    rows: int = 0
    n_bad: int = 0
    bad: list[Bad] = field(default_factory=list)  # the first KEEP_BAD reports

    KEEP_BAD = 1000

    @property
    def ok(self) -> bool:
        return self.n_bad == 0


# -- parsing input ---------------------------------------------------------------------------

def parse_line(line: Union[str, bytes], where: str = "") -> Union[Record, Bad, None]:
    """One JSONL line -> :class:`Record`, :class:`Bad`, or ``None`` for a blank line.

    The ``id`` defaults to ``where`` (``file:line``) when the object has none.
    """
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as err:
            return Bad(where, f"not UTF-8 (byte {err.start})")
    line = line.strip().lstrip("\ufeff")
    if not line:
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        return Bad(where, f"malformed JSON ({err.msg}, column {err.colno})")
    if not isinstance(obj, dict):
        return Bad(where, f"not a JSON object ({type(obj).__name__})")
    ident = obj.get("id", where)
    if "text" not in obj:
        return Bad(where, "no \"text\"", ident)
    text = obj["text"]
    if not isinstance(text, str):
        return Bad(where, f"\"text\" is not a string ({type(text).__name__})", ident)
    if not text.strip():
        return Bad(where, "empty text", ident)
    return Record(ident, text, where)


def read_file_record(path: Union[str, Path], ident: Any = None) -> Union[Record, Bad]:
    """A text file as a :class:`Record` (decoded like ``zongjie.read_text``), or :class:`Bad`."""
    from .read import read_text

    where = str(path)
    ident = where if ident is None else ident
    try:
        text = read_text(path).text
    except (ZongjieError, OSError) as err:
        return Bad(where, str(err).replace(f"{where}: ", ""), ident)
    if not text.strip():
        return Bad(where, "empty text", ident)
    return Record(ident, text, where)


# -- the work --------------------------------------------------------------------------------

def classify_segmentation(seg: Any, model: Optional[str] = None) -> list:
    """Section labels of every non-noise block of ``seg`` (:class:`zongjie.records.Labelled`)."""
    from .classify import classify

    if model is None:
        return list(classify(seg))
    return list(classify(seg, model=model))


def extract_record(record: Record) -> list[dict[str, Any]]:
    """Figures of one document: the rows of ``zongjie extract --format jsonl`` plus ``id``."""
    from .figures import figures_to_rows
    from .pipeline import figures_by_block
    from .segment import segment

    found = figures_by_block(segment(record.text))
    rows = figures_to_rows([bf.figure for bf in found])
    return [{"id": record.id, "doc": bf.doc, "block": bf.block, **row} for bf, row in zip(found, rows)]


def classify_record(record: Record, model: Optional[str] = None) -> list[dict[str, Any]]:
    """Sections of one document: the rows of ``zongjie classify --format jsonl`` (one per heading
    or paragraph, with its figures), ``id`` in place of ``file``."""
    from .classify.figures import figures_by_block as figures_of_blocks
    from .segment import segment

    labelled = classify_segmentation(segment(record.text), model)
    figs = figures_of_blocks(record.text, [lb.block for lb in labelled])
    return [{"id": record.id, **lb.to_dict(), "figures": [f.to_dict() for f in fs]}
            for lb, fs in zip(labelled, figs)]


_WORK: dict[str, Callable[..., list[dict[str, Any]]]] = {"extract": extract_record, "classify": classify_record}


def process_item(item: Union[Record, Bad, tuple], task: str = "extract",
                 model: Optional[str] = None) -> Union[list[dict[str, Any]], Bad]:
    """Run ``task`` on one item; any failure of this one document becomes a :class:`Bad`.

    ``item`` is a :class:`Record`, a :class:`Bad` (passed through), a ``("line", bytes, where)``
    tuple (a raw JSONL line, parsed here so that parsing happens in the workers) or a
    ``("file", path, id)`` tuple.
    """
    if isinstance(item, tuple):
        if item[0] == "line":
            item = parse_line(item[1], item[2])
            if item is None:
                return []
        else:
            item = read_file_record(item[1], item[2])
    if isinstance(item, Bad):
        return item
    try:
        if task == "classify":
            return classify_record(item, model)
        return _WORK[task](item)
    except ZongjieError as err:
        return Bad(item.where, str(err), item.id)
    except Exception as err:  # a bug on one document must not end a corpus run
        return Bad(item.where, f"internal error {type(err).__name__}: {err}", item.id)


def process_line(line: Union[str, bytes], task: str = "extract", where: str = "",
                 model: Optional[str] = None) -> Union[list[dict[str, Any]], Bad]:
    """One JSONL line in, its output rows (or a :class:`Bad`) out -- for Dask and friends."""
    return process_item(("line", line, where), task, model)


# -- reading a source lazily -----------------------------------------------------------------

def iter_items(source: Union[str, Path, BinaryIO], jsonl: Optional[bool] = None,
               on_bytes: Optional[Callable[[int], None]] = None) -> Iterator[tuple]:
    """Lazy work items of a source: a JSONL file or stream (``-`` is stdin), or a directory.

    ``jsonl=None`` decides by the source: a directory is a directory, anything else is JSONL.
    ``on_bytes`` is told how many input units each item consumed (bytes of JSONL, or one file),
    for a progress bar. A source that cannot be opened raises :class:`InputError` here, at once.
    """
    if not isinstance(source, (str, Path)):
        return _iter_lines(source, "<stream>", on_bytes, close=False)
    name = str(source)
    if name == "-":
        return _iter_lines(sys.stdin.buffer, "<stdin>", on_bytes, close=False)
    path = Path(name)
    if path.is_dir() and not jsonl:
        return _iter_files(path, on_bytes)
    try:
        fh = open(path, "rb")
    except OSError as err:
        raise InputError(f"{path}: {err.strerror or err}") from None
    return _iter_lines(fh, name, on_bytes, close=True)


def _iter_files(path: Path, on_bytes: Optional[Callable[[int], None]]) -> Iterator[tuple]:
    for f in _files_of(path):
        if on_bytes is not None:
            on_bytes(1)
        yield ("file", str(f), str(f))


def _files_of(directory: Path) -> Iterator[Path]:
    """Regular files under ``directory``, sorted, hidden ones and annotation files skipped."""
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name.endswith((".ann.jsonl", ".json", ".jsonl")):
                continue
            yield Path(root) / name


def _iter_lines(fh: IO[bytes], name: str, on_bytes: Optional[Callable[[int], None]],
                close: bool) -> Iterator[tuple]:
    try:
        for n, raw in enumerate(fh, 1):
            if on_bytes is not None:
                on_bytes(len(raw))
            if raw.strip():
                yield ("line", raw, f"{name}:{n}")
    finally:
        if close:
            fh.close()


def count_units(source: Union[str, Path, BinaryIO], jsonl: Optional[bool] = None) -> Optional[int]:
    """The progress total of a source: bytes of a file, files of a directory, None for a stream."""
    if not isinstance(source, (str, Path)) or str(source) == "-":
        return None
    path = Path(source)
    if path.is_dir() and not jsonl:
        return sum(1 for _ in _files_of(path))
    try:
        return path.stat().st_size
    except OSError:
        return None


# -- running ---------------------------------------------------------------------------------

def _bounded(items: Iterable[Any], gate: threading.Semaphore, stop: threading.Event) -> Iterator[Any]:
    """Yield items only while fewer than the gate's count are in flight (until ``stop``)."""
    for item in items:
        gate.acquire()
        if stop.is_set():
            return
        yield item


def _init_worker(task: str, model: Optional[str]) -> None:
    """Load what the task needs once per worker process."""
    _warm(task, model)


def _warm(task: str, model: Optional[str]) -> None:
    from .segment import segment

    seg = segment("一、组织建设\n全年发展会员12人。\n")
    if task == "classify":
        classify_segmentation(seg, model)


class _Task:
    """A picklable ``item -> result`` callable bound to a task and model."""

    def __init__(self, task: str, model: Optional[str]) -> None:
        self.task, self.model = task, model

    def __call__(self, item: Any) -> Union[tuple[int, str], Bad]:
        result = process_item(item, self.task, self.model)
        if isinstance(result, Bad):
            return result
        # serialised here, in the worker, so the main process only writes
        return len(result), "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in result)


def run(source: Union[str, Path, BinaryIO], out: IO[str], task: str = "extract", jobs: int = 1,
        chunksize: int = 8, jsonl: Optional[bool] = None, model: Optional[str] = None,
        on_bad: Optional[Callable[[Bad], None]] = None,
        on_progress: Optional[Callable[[int], None]] = None) -> Stats:
    """Process every document of ``source`` with ``task``, writing JSONL rows to ``out`` as it goes.

    ``jobs`` > 1 uses that many worker processes (``multiprocessing.Pool.imap``, in order);
    ``on_bad`` is called at once for each bad document; ``on_progress`` with input units consumed.
    Raises :class:`InputError` only when the source itself cannot be opened.
    """
    if task not in TASKS:
        raise ValueError(f"task must be one of {TASKS}, not {task!r}")
    jobs = max(1, int(jobs))
    chunksize = max(1, int(chunksize))
    stats = Stats()
    work = _Task(task, model)
    items = iter_items(source, jsonl, on_progress)
    if jobs == 1:
        _warm(task, model)
        for item in items:
            _emit(work(item), out, stats, on_bad)
        return stats

    import multiprocessing as mp

    in_flight = jobs * chunksize * 4
    gate, stop = threading.Semaphore(in_flight), threading.Event()
    with mp.get_context(_start_method()).Pool(jobs, initializer=_init_worker, initargs=(task, model)) as pool:
        try:
            for result in pool.imap(work, _bounded(items, gate, stop), chunksize=chunksize):
                gate.release()
                _emit(result, out, stats, on_bad)
        finally:  # never leave the feeder thread waiting on the gate (broken pipe, Ctrl-C)
            stop.set()
            gate.release(in_flight + 1)
    return stats


def _start_method() -> str:
    import multiprocessing as mp

    methods = mp.get_all_start_methods()
    return "forkserver" if "forkserver" in methods else "spawn"


def _emit(result: Union[tuple[int, str], Bad], out: IO[str], stats: Stats,
          on_bad: Optional[Callable[[Bad], None]]) -> None:
    if isinstance(result, Bad):
        stats.n_bad += 1
        if len(stats.bad) < stats.KEEP_BAD:
            stats.bad.append(result)
        if on_bad is not None:
            on_bad(result)
        return
    stats.done += 1
    n_rows, text = result
    if n_rows:
        out.write(text)
        stats.rows += n_rows
