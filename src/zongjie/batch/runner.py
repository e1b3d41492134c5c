"""Running: items through the pipeline in order, in the parent or in worker processes."""

from __future__ import annotations

import os
import sys
from collections import deque
from dataclasses import dataclass, field
from typing import IO, Any, Callable, Iterable, Iterator, Optional, Sequence, Union

from .items import Bad, Record, Source, count_units, iter_items
from .work import Job, WorkerError, _Done, _init_worker, _render_item, _work_chunk, warm_up

TASKS = ("segment", "extract", "classify")
#: what every worker imports: loaded once by the fork server rather than by each worker
WORKER_MODULES = ("zongjie.batch.work", "zongjie.pipeline", "zongjie.read", "zongjie.segment.segmenter",
                  "zongjie.figures.extract", "zongjie.output")


@dataclass
class Stats:
    """Counts of a run: documents done, bad ones (the first KEEP_BAD reports kept) and rows."""

    done: int = 0
    rows: int = 0
    n_bad: int = 0
    bad: list[Bad] = field(default_factory=list)

    KEEP_BAD = 1000

    @property
    def ok(self) -> bool:
        return self.n_bad == 0


class _Emitter:
    """Writes results in order to the sink and tells the caller about warnings, bad items, progress."""

    def __init__(self, sink: Any, stats: Stats, on_bad: Optional[Callable[[Bad], None]],
                 on_warning: Optional[Callable[[str], None]], on_progress: Optional[Callable[[int], None]]):
        self.sink, self.stats = sink, stats
        self.on_bad, self.on_warning, self.on_progress = on_bad, on_warning, on_progress
        self._spool: Optional[int] = None  # the open spool file of the chunk being written

    def emit_chunk(self, results: list[_Done]) -> None:
        """A worker's chunk of results, in order; its spool file (one per chunk) is read once, then removed."""
        path = next((done.spool for done in results if done.spool is not None), None)
        if path is None:
            for done in results:
                self.emit(done)
            return
        try:
            with open(path, "rb", buffering=0) as fh:
                self._spool = fh.fileno()
                if self.sink.joins and not any(done.chunks for done in results):
                    # the whole chunk's rows in one copy (each item's warning still comes before them)
                    for done in results:
                        self._warn(done)
                    self.sink.copy(self._spool, [piece for done in results for piece in done.pieces])
                    for done in results:
                        done.spool, done.pieces = None, []
                for done in results:
                    self.emit(done)
        finally:
            self._spool = None
            try:
                os.unlink(path)
            except OSError:
                pass

    def _warn(self, done: _Done) -> None:
        if done.warning is not None and self.on_warning is not None:
            self.on_warning(done.warning)
            done.warning = None

    def flush(self, done: _Done) -> None:
        self._warn(done)
        if done.pieces and self._spool is not None:
            self.sink.copy(self._spool, done.pieces)
            done.spool, done.pieces = None, []
        for chunk in done.chunks:
            self.sink.write(chunk)
        done.chunks = []

    def emit(self, done: _Done) -> None:
        self.flush(done)
        if done.bad is not None:
            self.stats.n_bad += 1
            if len(self.stats.bad) < self.stats.KEEP_BAD:
                self.stats.bad.append(done.bad)
            if self.on_bad is not None:
                self.on_bad(done.bad)
        elif not done.blank:
            self.stats.done += 1
        self.stats.rows += done.rows
        if self.on_progress is not None and done.units:
            self.on_progress(done.units)


def run(source: Union[Source, Sequence[Source]], out: IO[str], task: str = "extract", jobs: int = 1,
        chunksize: Optional[int] = None, jsonl: Optional[bool] = None, model: Optional[str] = None,
        on_bad: Optional[Callable[[Bad], None]] = None, on_progress: Optional[Callable[[int], None]] = None,
        fmt: str = "jsonl", with_id: bool = True, on_warning: Optional[Callable[[str], None]] = None,
        width: Optional[int] = None) -> Stats:
    """Process every document of ``source`` with ``task``, writing ``fmt`` rows to ``out`` as it goes.

    ``jobs`` > 1 uses that many worker processes (0: one per CPU this process may run on), given chunks
    of ``chunksize`` items (None: chunks sized by input bytes, shrinking as the input runs out, see
    :func:`_sized_chunks`); ``on_bad`` is called once for each bad item,
    ``on_warning`` with each reading warning, ``on_progress`` with input bytes done, all in input
    order. Raises :class:`~zongjie.errors.ModelError` before reading anything when the model is
    bad, :class:`WorkerError` when a worker cannot start or dies."""
    from ..output import Sink

    if task not in TASKS:
        raise ValueError(f"task must be one of {TASKS}, not {task!r}")
    job = Job(task, fmt, str(model) if model is not None else None, with_id, width, empty_ok=not with_id)
    pipe = job.pipeline()  # the model is checked here, once, before any worker starts
    stats, sink = Stats(), Sink(out, fmt, task, with_id)
    emitter = _Emitter(sink, stats, on_bad, on_warning, on_progress)
    jobs = available_cpus() if int(jobs) == 0 else max(1, int(jobs))
    items = iter_items(source, jsonl)
    sink.begin()
    if jobs == 1:
        for item in items:
            emitter.emit(_render_item(job, pipe, item, emitter.flush, on_progress))
    else:
        chunks = (_chunks(items, max(1, int(chunksize))) if chunksize is not None
                  else _sized_chunks(items, jobs, count_units(source, jsonl)))
        _run_pool(job, chunks, jobs, emitter)
    sink.end()
    return stats


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the system has one, as in a container
    limited to some cores), at least 1: what ``jobs=0`` (``--jobs 0``) means."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


#: input bytes of a chunk given to a worker: at least, at most, and when the input's size is unknown
CHUNK_MIN, CHUNK_MAX, CHUNK_STREAM = 16_000, 1_000_000, 64_000
CHUNK_ITEMS = 1000  # items of a chunk, at most (one-line documents)


def _sized_chunks(items: Iterable[Any], jobs: int, total: Optional[int]) -> Iterator[list[Any]]:
    """Chunks of about ``remaining bytes / (jobs * 4)`` of input each, within [CHUNK_MIN, CHUNK_MAX]
    (guided self-scheduling). Every chunk costs the parent about a millisecond of the CPU it shares
    with the workers (futures, pickles, wake-ups: chunks of 8 documents made it a tenth of a 20 MB
    run), so chunks are large while much input is left, and small at the end, so that no worker
    waits long for the other's last chunk. ``total`` is the input's size (None for a stream:
    chunks of CHUNK_STREAM)."""
    chunk: list[Any] = []
    size, sent = 0, 0

    def target() -> int:
        if total is None:
            return CHUNK_STREAM
        return min(CHUNK_MAX, max(CHUNK_MIN, (total - sent) // (jobs * 4)))

    goal = target()
    for item in items:
        chunk.append(item)
        size += _weight(item)
        if size >= goal or len(chunk) >= CHUNK_ITEMS:
            yield chunk
            sent += size
            chunk, size = [], 0
            goal = target()
    if chunk:
        yield chunk


def _weight(item: Any) -> int:
    """Input bytes of a work item (a file's size, a line's length)."""
    if isinstance(item, Record):
        return len(item.text)
    if isinstance(item, tuple) and item[0] == "line":
        return len(item[1])
    if isinstance(item, tuple) and item[0] == "file":
        try:
            return 0 if item[1] == "-" else os.stat(item[1]).st_size
        except OSError:
            return 0
    return 0


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _context(mp: Any, out: Any) -> Any:
    """How workers start. On Linux, a process with no other thread forks them: they begin with the
    modules, tables and model this process has loaded, at no cost (one process fewer to start is a
    tenth of a short run on two cores). A process with threads (a progress bar's, a host
    application's) must not fork: a fork server then starts them, its modules imported once."""
    import threading

    methods = mp.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        for stream in (out, sys.stdout, sys.stderr):  # a forked worker flushes its copies of these at exit
            if stream is not None and hasattr(stream, "flush"):
                stream.flush()
        return mp.get_context("fork")
    if "forkserver" in methods:
        ctx = mp.get_context("forkserver")
        # the server imports the main module and the work's modules once; each worker forks from it
        ctx.set_forkserver_preload(["__main__", *WORKER_MODULES])
        return ctx
    return mp.get_context("spawn")


def _run_pool(job: Job, chunks: Iterator[list[Any]], jobs: int, emitter: _Emitter) -> None:
    """Chunks of items to ``jobs`` worker processes (no more than there are chunks: three documents
    with ``--jobs 0`` on a large machine start one or two), at most ``jobs * 4`` chunks in flight,
    results written in order; temporary spool files live in a directory removed at the end."""
    import multiprocessing as mp
    import shutil
    import tempfile
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from dataclasses import replace
    from itertools import islice

    # one chunk per worker is read before the workers start (their number depends on it); the rest of
    # the first ``jobs * 4`` are read while they work, not while both cores sit idle
    first = list(islice(chunks, jobs))
    if not first:
        return
    jobs = min(jobs, len(first))
    spool_dir = tempfile.mkdtemp(prefix="zongjie-run-")
    job = replace(job, spool_dir=spool_dir)
    ctx = _context(mp, emitter.sink.out)
    if ctx.get_start_method() == "fork":
        warm_up(job.pipeline())  # compiled once here, inherited by every worker
    pool = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker, initargs=(job,))
    try:
        pending: deque = deque(pool.submit(_work_chunk, job, chunk) for chunk in first)
        for chunk in islice(chunks, jobs * 4 - len(first)):
            pending.append(pool.submit(_work_chunk, job, chunk))
        while pending:
            try:
                results = pending.popleft().result()
            except BrokenProcessPool:
                raise WorkerError("a worker process ended abruptly (out of memory or killed?); the run stops") from None
            emitter.emit_chunk(results)
            for chunk in chunks:
                pending.append(pool.submit(_work_chunk, job, chunk))
                break
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(spool_dir, ignore_errors=True)
