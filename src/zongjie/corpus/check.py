"""Validation of an annotated corpus: ``<id>.txt`` + ``<id>.ann.jsonl`` pairs and the seed dev labels.

:func:`check_corpus` returns a list of :class:`Problem`; ``str(problem)`` is one line naming
the file and (when there is one) the annotation line: ``corpus/docs/x.ann.jsonl:12: ...``.
An empty list means the corpus is valid. What is checked, per file pair:

- both files exist, the text is UTF-8, every annotation line is a JSON object of a known type;
- one ``doc`` record, first, with ``id`` equal to the file stem (ids unique), ``org`` and ``genre``
  strings and ``noisy`` a boolean;
- ``line`` records: label a section id or ``noise``; topic only on ``plans`` and a section id;
  offsets equal to the bounds of a non-blank text line; every non-blank line labelled exactly once;
- ``figure`` and ``noise`` records: inside the text and inside one line, not overlapping, ``surface`` equal to
  the text at the offsets; figure kind valid; ``values`` a list; ``placeholder``/``approx``
  booleans; placeholders have value null; date values ISO-like strings (``2024``, ``2024-03``,
  ``2024-03-08``, ``--03``, ``--03-08``); numbers for the other kinds; money in 元;
- across files: no duplicate documents (identical text once whitespace is removed, or a large
  share of identical long lines).

With a ``dev/seed.labels.jsonl`` beside ``docs/`` and the seed file present (``../shared``), the
seed labels are checked too (hashes, line bounds, labels, every non-blank line labelled once).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional

from ..lang import section_ids

FIGURE_KINDS = ("count", "money", "percent", "date", "ordinal", "other")
DATE_VALUE = re.compile(r"(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|--\d{2}(?:-\d{2})?)(?:T\d{2}:\d{2}(?::\d{2})?)?")
"""ISO-like date values: year, year-month, full date, ``--MM``, ``--MM-DD`` (an optional time)."""

RECORD_TYPES = ("doc", "line", "figure", "noise")
DUPLICATE_LINE_SHARE = 0.5
"""Two documents sharing at least this share of their long lines are near-duplicates."""
LONG_LINE = 12
"""Lines shorter than this (headings, chrome) are not compared for near-duplicates."""


@dataclass(frozen=True)
class Problem:
    """One problem: the file, the annotation line (1-based, or ``None``) and a message."""

    path: str
    line: Optional[int]
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


def _show(path: Path) -> str:
    """A path as the user would write it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path) if Path(path).resolve().is_relative_to(Path.cwd().resolve()) else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


def line_bounds(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every line of ``text`` (end excludes the newline)."""
    bounds = []
    pos = 0
    for line in text.split("\n"):
        bounds.append((pos, pos + len(line)))
        pos += len(line) + 1
    if text.endswith("\n"):
        bounds.pop()  # the empty remainder after the final newline
    return bounds


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


class _FileChecker:
    """Checks one ``.txt`` + ``.ann.jsonl`` pair; problems collect in ``self.problems``."""

    def __init__(self, txt: Path, ann: Path, labels: frozenset[str]) -> None:
        self.txt, self.ann = txt, ann
        self.ann_name = _show(ann)
        self.labels = labels
        self.problems: list[Problem] = []
        self.text: Optional[str] = None
        self.doc_id: Optional[str] = None

    def err(self, line: Optional[int], message: str) -> None:
        self.problems.append(Problem(self.ann_name, line, message))

    def run(self) -> None:
        try:
            self.text = self.txt.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            self.problems.append(Problem(_show(self.txt), None, f"cannot read as UTF-8 ({err.__class__.__name__})"))
            return
        try:
            raw_lines = self.ann.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as err:
            self.err(None, f"cannot read as UTF-8 ({err.__class__.__name__})")
            return
        text = self.text
        bounds = line_bounds(text)
        nonblank = {(a, b) for a, b in bounds if text[a:b].strip()}
        blank = {(a, b) for a, b in bounds} - nonblank
        starts = sorted(a for a, _ in bounds)
        labelled: dict[tuple[int, int], int] = {}
        spans: list[tuple[int, int, int]] = []  # figure and noise spans with their annotation line
        seen_doc = False
        first = True
        for lineno, rec, error in _records(raw_lines):
            if error is not None:
                self.err(lineno, error)
                first = False
                continue
            if not isinstance(rec, dict):
                self.err(lineno, "a record must be a JSON object")
                first = False
                continue
            kind = rec.get("type")
            if kind not in RECORD_TYPES:
                self.err(lineno, f"unknown record type {kind!r} (want one of {', '.join(RECORD_TYPES)})")
            elif kind == "doc":
                if seen_doc:
                    self.err(lineno, "a second doc record")
                elif not first:
                    self.err(lineno, "the doc record must be the first line")
                seen_doc = True
                self._doc(lineno, rec)
            elif self._span(lineno, rec, len(text)):
                if kind == "line":
                    self._line(lineno, rec, text, nonblank, blank, labelled)
                else:
                    spans.append((rec["start"], rec["end"], lineno))
                    self._inline(lineno, rec, text, bounds, starts)
                    if kind == "figure":
                        self._figure(lineno, rec)
            first = False
        if not seen_doc:
            self.err(None, "no doc record")
        spans.sort()
        for (a1, b1, n1), (a2, b2, n2) in zip(spans, spans[1:]):
            if a2 < b1:
                self.err(n2, f"span [{a2}, {b2}) overlaps the span at line {n1} [{a1}, {b1})")
        for a, b in sorted(nonblank - set(labelled)):
            lineno = text.count("\n", 0, a) + 1
            self.problems.append(Problem(_show(self.txt), lineno, f"line [{a}, {b}) is not labelled: {text[a:b][:20]!r}"))

    def _doc(self, lineno: int, rec: dict) -> None:
        stem = self.txt.name[: -len(".txt")]
        self.doc_id = rec.get("id")
        if rec.get("id") != stem:
            self.err(lineno, f"doc id {rec.get('id')!r} differs from the file stem {stem!r}")
        for key in ("org", "genre"):
            if not isinstance(rec.get(key), str) or not rec.get(key):
                self.err(lineno, f"doc record needs a non-empty string {key!r}")
        if not isinstance(rec.get("noisy"), bool):
            self.err(lineno, "doc record needs a boolean 'noisy'")

    def _span(self, lineno: int, rec: dict, size: int) -> bool:
        a, b = rec.get("start"), rec.get("end")
        if not (_is_int(a) and _is_int(b)):
            self.err(lineno, f"{rec['type']} record needs integer start and end")
            return False
        if not 0 <= a <= b <= size:
            self.err(lineno, f"{rec['type']} [{a}, {b}) is outside the text (length {size})")
            return False
        if a == b:
            self.err(lineno, f"{rec['type']} [{a}, {b}) is empty")
            return False
        return True

    def _line(self, lineno, rec, text, nonblank, blank, labelled) -> None:
        a, b = rec["start"], rec["end"]
        label, topic = rec.get("label"), rec.get("topic")
        if label != "noise" and label not in self.labels:
            self.err(lineno, f"unknown label {label!r}")
        if topic is not None:
            if label != "plans":
                self.err(lineno, f"topic {topic!r} on a {label!r} line (topics go on plans lines only)")
            elif topic not in self.labels:
                self.err(lineno, f"unknown topic {topic!r}")
        if (a, b) in blank:
            self.err(lineno, f"line [{a}, {b}) labels a blank line")
        elif (a, b) not in nonblank:
            self.err(lineno, f"line [{a}, {b}) does not match the bounds of a text line")
        elif (a, b) in labelled:
            self.err(lineno, f"line [{a}, {b}) is labelled twice (first at line {labelled[(a, b)]})")
        else:
            labelled[(a, b)] = lineno

    def _inline(self, lineno, rec, text, bounds, starts) -> None:
        import bisect

        a, b = rec["start"], rec["end"]
        if "\n" in text[a:b]:
            self.err(lineno, f"{rec['type']} [{a}, {b}) crosses a line end")
        surface = rec.get("surface")
        if surface != text[a:b]:
            self.err(lineno, f"surface {surface!r} differs from the text {text[a:b]!r} at [{a}, {b})")
        i = bisect.bisect_right(starts, a) - 1
        if i >= 0 and not text[bounds[i][0]:bounds[i][1]].strip():
            self.err(lineno, f"{rec['type']} [{a}, {b}) lies on a blank line")

    def _figure(self, lineno: int, rec: dict) -> None:
        kind = rec.get("kind")
        if kind not in FIGURE_KINDS:
            self.err(lineno, f"figure kind {kind!r} not one of {', '.join(FIGURE_KINDS)}")
            return
        value, values, unit = rec.get("value"), rec.get("values"), rec.get("unit")
        for flag in ("placeholder", "approx"):
            if not isinstance(rec.get(flag), bool):
                self.err(lineno, f"figure {flag!r} must be true or false")
        if not isinstance(values, list):
            self.err(lineno, "figure 'values' must be a list")
            values = []
        if not isinstance(unit, str):
            self.err(lineno, "figure 'unit' must be a string")
        if rec.get("placeholder") is True and value is not None:
            self.err(lineno, f"placeholder figure {rec.get('surface')!r} has value {value!r} (want null)")
        if kind == "money" and unit != "元":
            self.err(lineno, f"money unit {unit!r} (money is always in 元)")
        for v in [value, *values]:
            if v is None:
                continue
            if kind == "date":
                if not isinstance(v, str):
                    self.err(lineno, f"date value {v!r} must be a string (e.g. \"2024\", \"--03-08\")")
                elif not DATE_VALUE.fullmatch(v):
                    self.err(lineno, f"date value {v!r} is not ISO-like (2024, 2024-03, 2024-03-08, --03, --03-08)")
            elif not _is_number(v):
                self.err(lineno, f"{kind} value {v!r} must be a number")


def _near_text(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _long_lines(text: str) -> set[str]:
    return {s for s in (ln.strip() for ln in text.split("\n")) if len(s) >= LONG_LINE}


def _duplicates(texts: dict[str, tuple[Path, str]]) -> list[Problem]:
    """Identical documents (ignoring whitespace) and documents sharing most of their long lines."""
    problems = []
    by_hash: dict[str, str] = {}
    line_sets = {k: _long_lines(t) for k, (_, t) in texts.items()}
    owners: dict[str, set[str]] = {}
    for k, lines in line_sets.items():
        for s in lines:
            owners.setdefault(s, set()).add(k)
    for k in sorted(texts):
        path, text = texts[k]
        h = hashlib.sha1(_near_text(text).encode("utf-8")).hexdigest()
        if h in by_hash:
            problems.append(Problem(_show(path), None, f"duplicate document: same text as {by_hash[h]}"))
            continue
        by_hash[h] = k
    keys = sorted(texts)
    for i, k in enumerate(keys):
        mine = line_sets[k]
        if not mine:
            continue
        shared: dict[str, int] = {}
        for s in mine:
            for o in owners[s]:
                if o > k:
                    shared[o] = shared.get(o, 0) + 1
        for o, n in sorted(shared.items()):
            smaller = min(len(mine), len(line_sets[o]))
            if n / smaller >= DUPLICATE_LINE_SHARE and _near_text(texts[k][1]) != _near_text(texts[o][1]):
                problems.append(Problem(
                    _show(texts[o][0]), None,
                    f"near-duplicate of {k}: {n} of {smaller} long lines identical"))
    return problems


def check_seed_labels(labels_path: Path, seed_dir: Path, labels: Optional[Iterable[str]] = None) -> list[Problem]:
    """The seed dev labels: meta hash, per-line hash and bounds, labels, every non-blank line labelled once."""
    valid = frozenset(labels or section_ids())
    where = _show(labels_path)
    problems: list[Problem] = []
    text: Optional[str] = None
    bounds: list[tuple[int, int]] = []
    labelled: set[tuple[int, int]] = set()
    try:
        raw_lines = labels_path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        return [Problem(where, None, f"cannot read ({err.__class__.__name__})")]
    for lineno, rec, error in _records(raw_lines):
        if error is not None:
            problems.append(Problem(where, lineno, error))
            continue
        if rec.get("type") == "meta":
            src = seed_dir / str(rec.get("source", "")).removeprefix("seed/")
            if not src.is_file():
                return problems + [Problem(where, lineno, f"seed file {src} not found")]
            text = src.read_text(encoding="utf-8")
            if hashlib.sha1(text.encode("utf-8")).hexdigest() != rec.get("sha1"):
                return problems + [Problem(where, lineno, "the seed file has changed (sha1 differs)")]
            bounds = line_bounds(text)
            continue
        if text is None:
            return problems + [Problem(where, lineno, "labels before the meta record")]
        a, b, n = rec.get("start"), rec.get("end"), rec.get("line")
        if not (_is_int(a) and _is_int(b) and _is_int(n)) or not 1 <= n <= len(bounds) or bounds[n - 1] != (a, b):
            problems.append(Problem(where, lineno, f"[{a}, {b}) is not the bounds of text line {n}"))
            continue
        if hashlib.sha1(text[a:b].encode("utf-8")).hexdigest()[:12] != rec.get("sha1"):
            problems.append(Problem(where, lineno, f"line {n}: sha1 does not match the seed text"))
        label, topic = rec.get("label"), rec.get("topic")
        if label != "noise" and label not in valid:
            problems.append(Problem(where, lineno, f"unknown label {label!r}"))
        if topic is not None and (label != "plans" or topic not in valid):
            problems.append(Problem(where, lineno, f"topic {topic!r} not allowed on a {label!r} line"))
        if (a, b) in labelled:
            problems.append(Problem(where, lineno, f"line {n} is labelled twice"))
        labelled.add((a, b))
    if text is not None:
        for n, (a, b) in enumerate(bounds, 1):
            if text[a:b].strip() and (a, b) not in labelled:
                problems.append(Problem(where, None, f"seed line {n} is not labelled"))
    return problems


def default_seed_dir(corpus_dir: Path) -> Path:
    """``../shared/seed`` beside the repository that holds ``corpus_dir``."""
    return Path(corpus_dir).resolve().parent.parent / "shared" / "seed"


def check_corpus(directory: Path, seed_dir: Optional[Path] = None) -> list[Problem]:
    """All problems of the corpus in ``directory`` (``docs/`` inside it when present), in file order."""
    directory = Path(directory)
    docs_dir = directory / "docs" if (directory / "docs").is_dir() else directory
    if not docs_dir.is_dir():
        return [Problem(_show(directory), None, "not a corpus directory")]
    labels = frozenset(section_ids())
    problems: list[Problem] = []
    txts = {p.name[: -len(".txt")]: p for p in docs_dir.glob("*.txt")}
    anns = {p.name[: -len(".ann.jsonl")]: p for p in docs_dir.glob("*.ann.jsonl")}
    if not txts and not anns:
        problems.append(Problem(_show(docs_dir), None, "no documents (want <id>.txt + <id>.ann.jsonl pairs)"))
    texts: dict[str, tuple[Path, str]] = {}
    ids: dict[str, str] = {}
    for stem in sorted(set(txts) | set(anns)):
        if stem not in anns:
            problems.append(Problem(_show(txts[stem]), None, f"no annotation file {stem}.ann.jsonl"))
            continue
        if stem not in txts:
            problems.append(Problem(_show(anns[stem]), None, f"no text file {stem}.txt"))
            continue
        fc = _FileChecker(txts[stem], anns[stem], labels)
        fc.run()
        problems.extend(fc.problems)
        if fc.doc_id is not None:
            if fc.doc_id in ids:
                problems.append(Problem(fc.ann_name, 1, f"doc id {fc.doc_id!r} already used by {ids[fc.doc_id]}"))
            else:
                ids[fc.doc_id] = fc.ann_name
        if fc.text is not None:
            texts[stem] = (txts[stem], fc.text)
    problems.extend(_duplicates(texts))
    dev_labels = docs_dir.parent / "dev" / "seed.labels.jsonl"
    seed_dir = Path(seed_dir) if seed_dir is not None else default_seed_dir(docs_dir.parent)
    if dev_labels.is_file() and seed_dir.is_dir():
        problems.extend(check_seed_labels(dev_labels, seed_dir, labels))
    return problems


def _records(raw_lines: list[str]):
    """(line number, record, None) or (line number, None, error) for every non-blank JSONL line."""
    for lineno, raw in enumerate(raw_lines, 1):
        if not raw.strip():
            continue
        try:
            yield lineno, json.loads(raw), None
        except json.JSONDecodeError as err:
            yield lineno, None, f"invalid JSON ({err.msg})"
