"""The work on one item, the same in the parent and in worker processes: pipeline, rows, rendering."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import IO, Any, Callable, Iterator, Optional, Union

from ..errors import ZongjieError
from .items import Bad, Record, parse_line, read_file_record

@dataclass(frozen=True)
class Job:
    """What a run does to each item (picklable: it is what worker processes get)."""

    task: str = "extract"
    fmt: str = "jsonl"
    model: Optional[str] = None
    with_id: bool = True
    width: Optional[int] = None  # table width
    spool_dir: Optional[str] = None
    empty_ok: bool = False  # an empty file is no error (the one file of a single-file run)

    def pipeline(self) -> Any:
        return _pipeline(self.task, self.model)


@lru_cache(maxsize=4)
def _pipeline(task: str, model: Optional[str]) -> Any:
    """The pipeline of a task, its model loaded (one per process and task)."""
    from ..pipeline import Pipeline

    # the rows of extract and classify hold no sentences: only segment's rows need them split
    pipe = Pipeline(model, sections=task == "classify", figures=task != "segment", sentences=task == "segment")
    if pipe.sections:
        pipe.model  # load and check now, not on the first document
    return pipe


#: a short text with a heading, Traditional characters and figures of each kind
WARM_TEXT = "一、組織建設\n2024年3月，工会开展活动3次，参与职工约100人，发放慰问金1.5万元，入会率达到98%。\n"


def warm_up(pipe: Any) -> None:
    """Run ``pipe`` once on :data:`WARM_TEXT`: its patterns are compiled and its tables read (a tenth of a
    second), so that worker processes forked afterwards start with them instead of each doing it."""
    pipe.analyse(WARM_TEXT)


def _record(item: Any, empty_ok: bool = False) -> Union[Record, Bad, None]:
    """A work item as a :class:`Record` (or :class:`Bad`, or None for a blank line)."""
    if isinstance(item, (Record, Bad)):
        return item
    kind = item[0]
    if kind == "line":
        return parse_line(item[1], item[2])
    if kind == "file":
        return read_file_record(item[1], item[2], empty_ok)
    if kind == "bad":
        return Bad(item[1], item[2], item[3] if len(item) > 3 else None)
    raise ValueError(f"unknown work item {kind!r}")


def _doc_rows(job: Job, pipe: Any, rec: Record) -> Iterator[tuple[list[dict[str, Any]], int]]:
    """Rows of each document of ``rec`` with how far into the text it ends."""
    from ..output import NO_ID, rows

    ident = rec.id if job.with_id else NO_ID
    for da in pipe.iter_analyse(rec.text):
        yield rows(job.task, da, ident), da.document.end


def process_item(item: Any, task: str = "extract", model: Optional[str] = None) -> Union[list[dict[str, Any]], Bad]:
    """Run ``task`` on one item; any failure of this one item becomes a :class:`Bad`.

    ``item`` is a :class:`Record`, a :class:`Bad` (passed through), a ``("line", bytes, where)``
    tuple (a raw JSONL line, parsed here so that parsing happens in the workers) or a
    ``("file", path, id)`` tuple. Rows carry the document's ``id`` first."""
    rec = _record(item)
    if rec is None:
        return []
    if isinstance(rec, Bad):
        return rec
    job = Job(task, "jsonl", model)
    try:
        return [r for doc_rows, _ in _doc_rows(job, job.pipeline(), rec) for r in doc_rows]
    except ZongjieError as err:
        return Bad(rec.where, str(err), rec.id)
    except Exception as err:  # a bug on one document must not end a corpus run
        return Bad(rec.where, f"internal error {type(err).__name__}: {err}", rec.id)


def process_line(line: Union[str, bytes], task: str = "extract", where: str = "",
                 model: Optional[str] = None) -> Union[list[dict[str, Any]], Bad]:
    """One JSONL line in, its output rows (or a :class:`Bad`) out -- for Dask and friends."""
    return process_item(("line", line, where), task, model)


@dataclass
class _Done:
    """One item's rendered output (or its :class:`Bad`), as the parent writes it: each document's rows
    as UTF-8 bytes, in ``chunks`` or, from a worker, as ``(offset, length)`` ``pieces`` of the file
    ``spool``."""

    units: int = 0
    chunks: list[bytes] = field(default_factory=list)
    rows: int = 0
    warning: Optional[str] = None
    spool: Optional[str] = None
    pieces: list[tuple[int, int]] = field(default_factory=list)
    bad: Optional[Bad] = None
    blank: bool = False


def _render_item(job: Job, pipe: Any, item: Any, flush: Optional[Callable[[_Done], None]] = None,
                 progress: Optional[Callable[[int], None]] = None, spool: Optional[IO[bytes]] = None) -> _Done:
    """Rows of one item rendered in ``job.fmt``, document by document.

    In the parent each document goes to ``flush`` (the sink) as soon as it is done and ``progress``
    hears how far into the item it is; in a worker each goes to the chunk's ``spool`` file, which
    the parent copies to its output (the rows never pass through a pipe, nor through the parent's
    memory). Rows already done are kept when a later document of the same item fails (the item is
    then also reported bad)."""
    units = len(item[1]) if isinstance(item, tuple) and item[0] == "line" else 0
    rec = _record(item, job.empty_ok)
    if rec is None or isinstance(rec, Bad):
        return _Done(units, blank=rec is None, bad=rec)
    done, state = _Done(units or rec.size, warning=rec.warning), _Held(spool=spool)
    try:
        with _no_cycle_collector():
            _render_docs(job, pipe, rec, done, state, flush, progress)
    except _SpoolFailed:
        raise
    except Exception as err:
        done.bad = Bad(rec.where, _reason(err), rec.id)
    done.units -= state.reported
    if done.pieces and spool is not None:
        done.spool = spool.name
    return done


@contextmanager
def _no_cycle_collector() -> Iterator[None]:
    """The cyclic garbage collector paused while one item is analysed.

    An analysis allocates millions of small objects that hold no reference cycles (lines, blocks,
    figures, rows); the collector would walk them again and again as they pile up (about a quarter
    of the time of ``zongjie extract`` on a large file). Objects are still freed by reference
    counting; the collector runs again between items."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _render_docs(job: Job, pipe: Any, rec: Record, done: "_Done", state: "_Held",
                 flush: Optional[Callable[["_Done"], None]], progress: Optional[Callable[[int], None]]) -> None:
    """The documents of one record, rendered and flushed (or kept, or spooled) one by one."""
    for doc_rows, end in _doc_rows(job, pipe, rec):
        _keep(job, done, state, doc_rows)
        if flush is not None:
            flush(done)
        if progress is not None and rec.text:
            step = done.units * end // len(rec.text) - state.reported
            state.reported += step
            progress(step)


@dataclass
class _Held:
    reported: int = 0
    spool: Optional[IO[bytes]] = None


def _keep(job: Job, done: _Done, state: _Held, doc_rows: list[dict[str, Any]]) -> None:
    from ..output import render

    data = render(job.fmt, job.task, doc_rows, job.with_id, job.width).encode("utf-8")
    # a row that cannot be written (a lone surrogate) fails above, as this item's error
    done.rows += len(doc_rows)
    if not data:
        return
    if state.spool is None:
        done.chunks.append(data)
    else:
        try:
            done.pieces.append((state.spool.tell(), len(data)))
            state.spool.write(data)
        except OSError as err:
            raise _SpoolFailed(err) from None


def _reason(err: Exception) -> str:
    if isinstance(err, ZongjieError):
        return str(err)
    if isinstance(err, UnicodeEncodeError):
        return "holds a lone surrogate"
    return f"internal error {type(err).__name__}: {err}"


def _spool_file(directory: Optional[str]) -> IO[bytes]:
    import tempfile

    return tempfile.NamedTemporaryFile("wb", dir=directory, prefix="zongjie-", suffix=".spool", delete=False)


class WorkerError(ZongjieError):
    """A worker process could not start, write its temporary file or ended abruptly; the run stops."""


class _SpoolFailed(Exception):
    """A worker could not write its spool file (a full disk): no item's fault, so the run stops."""

    def __init__(self, err: OSError):
        super().__init__(err)
        self.err = err


def _init_worker(job: Job) -> None:
    """Load the pipeline once per worker; Ctrl-C is the parent's to handle."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        job.pipeline()
    except Exception:  # reported by the first chunk, as one line
        pass
    gc.freeze()  # the worker's modules, tables and model: never garbage, so no collector walks them again


def _work_chunk(job: Job, items: list[Any]) -> list[_Done]:
    """A chunk of items in a worker, their rows in one spool file of ``job.spool_dir`` that the parent
    removes once written (a pipeline that does not load ends the run, not the item)."""
    import os

    try:
        pipe = job.pipeline()
    except Exception as err:
        raise WorkerError(f"a worker process could not start: {err}") from None
    try:
        with _spool_file(job.spool_dir) as spool:
            results = [_render_item(job, pipe, item, spool=spool) for item in items]
    except (OSError, _SpoolFailed) as failed:
        err = failed.err if isinstance(failed, _SpoolFailed) else failed
        raise WorkerError(f"a worker could not write its temporary file in {job.spool_dir}: "
                          f"{err.strerror or err}") from None
    if not any(done.pieces for done in results):
        os.unlink(spool.name)
    return results
