"""Corpus runs: many documents in, rows out as they are done, in input order and flat memory.

Sources are files (text, .docx, .html, .pdf, .doc), directories (those files, recursively, sorted), JSONL streams of
``{"id": ..., "text": ...}`` objects (a ``.jsonl`` name, ``jsonl=True``, ``-`` for stdin) or stdin.
Every document goes through one :class:`~zongjie.pipeline.Pipeline` and comes out as the rows of
:func:`zongjie.output.rows` in any format of :mod:`zongjie.output`, with its ``id`` first (a file's
path, a JSONL object's ``id``). Output keeps the input order whatever ``jobs`` is, so ``jobs=2``
writes the same bytes as ``jobs=1``.

Memory stays flat: input is read one line (or file) at a time, at most ``jobs * 4`` chunks are in
flight (each at most a megabyte of input or a thousand items), a long text is analysed document by
document (``Pipeline.iter_analyse``), and workers write their rows to a temporary file per chunk,
which the parent copies to the output (``os.sendfile``) and removes. The model is loaded
and checked once in the parent before any worker starts; a worker that cannot start ends the run
(:class:`~zongjie.errors.ZongjieError`) instead of being restarted forever.

Anything that goes wrong with one item -- bytes that are not UTF-8, malformed JSON, nesting too
deep, an integer of more than 4300 digits, a lone surrogate, a ``text`` that is not a string or is
empty, an undecodable file, an entry of a directory that is not a regular file -- makes it a
:class:`Bad` (reported once, with line number and id), and the run goes on. Ids that are ``NaN``,
``Infinity`` or overflow a float (``1e400``) are kept as the string written in the line.
:func:`process_line` and :func:`process_item` are pure and picklable, for Dask and friends.
"""

from __future__ import annotations

from .items import Bad, Record, count_units, iter_items, parse_line, read_file_record
from .runner import TASKS, Stats, run
from .work import Job, WorkerError, process_item, process_line

__all__ = ["Record", "Bad", "Stats", "Job", "TASKS", "WorkerError", "parse_line", "read_file_record",
           "process_line", "process_item", "iter_items", "count_units", "run"]
