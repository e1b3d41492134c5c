"""Work items of a corpus run: sources read lazily, JSONL lines parsed, files read; a Bad for each failure."""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO, Iterator, Optional, Sequence, Union

from ..errors import ZongjieError

_SURROGATE = re.compile("[\ud800-\udfff]")
Source = Union[str, Path, BinaryIO]


@dataclass(frozen=True)
class Record:
    """A document to process: its id, text, where it came from and a reading warning, if any."""

    id: Any
    text: str
    where: str = ""
    warning: Optional[str] = None
    size: int = 0  # input bytes, for progress


@dataclass(frozen=True)
class Bad:
    """An item that could not be processed, and why (one line)."""

    where: str
    reason: str
    id: Any = None

    def __str__(self) -> str:
        shown = "" if self.id is None or self.id == self.where else f" (id {_show_id(self.id)})"
        return f"{self.where}{shown}: {self.reason}"


def _show_id(ident: Any) -> str:
    text = json.dumps(ident, ensure_ascii=False, default=str)
    if _SURROGATE.search(text) or not text.isprintable():
        text = json.dumps(ident, ensure_ascii=True, default=str)
    return text if len(text) <= 80 else text[:79] + "…"


class _Literal(str):
    """A number JSON cannot carry as a finite float (``NaN``, ``1e400``), kept as written."""


def _float(literal: str) -> Union[float, str]:
    value = float(literal)
    return value if value not in (float("inf"), float("-inf")) else _Literal(literal)


def parse_line(line: Union[str, bytes], where: str = "") -> Union[Record, Bad, None]:
    """One JSONL line -> :class:`Record`, :class:`Bad`, or ``None`` for a blank line.

    The ``id`` defaults to ``where`` (``file:line``) when the object has none."""
    size = len(line)
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as err:
            return Bad(where, f"not UTF-8 (byte {err.start})")
    line = line.strip().lstrip("\ufeff")
    if not line:
        return None
    try:
        obj = json.loads(line, parse_constant=_Literal, parse_float=_float)
    except json.JSONDecodeError as err:
        return Bad(where, f"malformed JSON ({err.msg}, column {err.colno})")
    except RecursionError:
        return Bad(where, "malformed JSON (nested too deeply)")
    except ValueError as err:  # an integer of more than 4300 digits
        return Bad(where, f"malformed JSON ({str(err).split(';')[0]})")
    if not isinstance(obj, dict):
        return Bad(where, f"not a JSON object ({type(obj).__name__})")
    ident = _plain(obj.get("id", where))
    if _unprintable_json(ident):
        return Bad(where, "\"id\" holds a lone surrogate", ident)
    if "text" not in obj:
        return Bad(where, "no \"text\"", ident)
    text = obj["text"]
    if type(text) is not str:
        kind = "number" if isinstance(text, _Literal) else type(text).__name__
        return Bad(where, f"\"text\" is not a string ({kind})", ident)
    bad = _SURROGATE.search(text)
    if bad:
        return Bad(where, f"\"text\" holds a lone surrogate at character {bad.start()}", ident)
    if not text.strip():
        return Bad(where, "empty text", ident)
    return Record(ident, text, where, size=size)


def _size(path: Union[str, Path]) -> int:
    """Input bytes of a file (0 for stdin), the unit of progress."""
    try:
        return 0 if str(path) == "-" else os.stat(path).st_size
    except OSError:
        return 0


def _plain(value: Any) -> Any:
    """``value`` with every :class:`_Literal` a plain string (picklable, printable)."""
    if isinstance(value, _Literal):
        return str(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _unprintable_json(value: Any) -> bool:
    return bool(_SURROGATE.search(json.dumps(value, ensure_ascii=False)))


def read_file_record(path: Union[str, Path], ident: Any = None, empty_ok: bool = False) -> Union[Record, Bad]:
    """A text file (or ``-``, stdin) as a :class:`Record` decoded like ``zongjie.read_text``, or :class:`Bad`
    (a blank file too, unless ``empty_ok``)."""
    import warnings

    from ..read import read_text, replacement_warning
    from ..read.decode import ReplacedBytesWarning
    from ..read.source import display_name

    where = "<stdin>" if str(path) == "-" else display_name(path)
    ident = where if ident is None else ident
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ReplacedBytesWarning)
            read = read_text(path)
    except (ZongjieError, OSError) as err:
        return Bad(where, str(err).replace(f"{where}: ", "", 1), ident)
    if not empty_ok and not read.text.strip():
        return Bad(where, "empty text", ident)
    return Record(ident, read.text, where, replacement_warning(read), _size(path))



# -- reading sources lazily ------------------------------------------------------------------

def _is_jsonl(name: str, jsonl: Optional[bool]) -> bool:
    return bool(jsonl) or name.endswith(".jsonl")


def iter_items(source: Union[Source, Sequence[Source]], jsonl: Optional[bool] = None) -> Iterator[tuple]:
    """Lazy work items of one source or several, in order.

    A directory gives its ``*.txt``, ``.docx``, ``.html``, ``.pdf`` and ``.doc`` files (an entry that is neither a regular file nor a directory,
    such as a FIFO or a device, gives a ``bad`` item and is never opened); a ``.jsonl`` name (or
    any source with ``jsonl=True``, ``-`` included) gives its lines; any other name is a text file,
    ``-`` standard input. A JSONL source that cannot be opened gives a ``bad`` item."""
    sources = [source] if isinstance(source, (str, Path)) or hasattr(source, "read") else list(source)
    for src in sources:
        if not isinstance(src, (str, Path)):
            yield from _iter_lines(src, "<stream>")
            continue
        name = str(src)
        if name != "-" and os.path.isdir(name):
            yield from _iter_files(name)
        elif _is_jsonl(name, jsonl):
            yield from _iter_jsonl(name)
        else:
            yield ("file", name, None)


def _iter_jsonl(name: str) -> Iterator[tuple]:
    from ..read.source import display_name

    if name == "-":
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            yield ("bad", "<stdin>", "standard input is closed")
            return
        yield from _iter_lines(stream, "<stdin>")
        return
    shown = display_name(name)
    try:
        fh = open(name, "rb", buffering=1 << 16)  # lines of a few KB: fewer reads
    except OSError as err:
        yield ("bad", shown, err.strerror or str(err))
        return
    with fh:
        yield from _iter_lines(fh, shown)


def _iter_lines(fh: IO[bytes], name: str) -> Iterator[tuple]:
    try:
        for n, raw in enumerate(fh, 1):
            if raw.strip():
                yield ("line", raw, f"{name}:{n}")
    except (OSError, ValueError) as err:  # a stream that fails or is closed mid-way
        yield ("bad", name, f"cannot read ({getattr(err, 'strerror', None) or err})")


def _iter_files(directory: str) -> Iterator[tuple]:
    """``("file", path, None)`` for the files under ``directory`` zongjie reads (``*.txt``, ``.docx``,
    ``.html``, ``.pdf``, ``.doc`` ...: :data:`zongjie.read.document.SUFFIXES`; hidden ones skipped,
    sorted); ``("bad", path, reason)`` for entries that are not regular files."""
    from ..read.document import SUFFIXES
    from ..read.source import display_name

    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            try:
                mode = os.stat(path).st_mode
            except OSError as err:
                yield ("bad", display_name(path), f"skipped: {err.strerror or err}")
                continue
            if not stat.S_ISREG(mode):
                yield ("bad", display_name(path), f"skipped: {_kind(mode)}, not a regular file")
            elif name.lower().endswith(SUFFIXES):
                yield ("file", path, None)


def _kind(mode: int) -> str:
    for test, words in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                        (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return f"is {words}"
    return "is not a regular file"


def count_units(source: Union[Source, Sequence[Source]], jsonl: Optional[bool] = None) -> Optional[int]:
    """The progress total of the sources in input bytes (None when one is a stream)."""
    sources = [source] if isinstance(source, (str, Path)) or hasattr(source, "read") else list(source)
    total = 0
    for src in sources:
        if not isinstance(src, (str, Path)) or str(src) == "-":
            return None
        name = str(src)
        try:
            if os.path.isdir(name):
                total += sum(os.stat(item[1]).st_size for item in _iter_files(name) if item[0] == "file")
            else:
                st = os.stat(name)
                if not stat.S_ISREG(st.st_mode):
                    return None
                total += st.st_size
        except OSError:
            continue
    return total
