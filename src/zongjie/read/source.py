"""Where the bytes come from: a regular file, standard input, or bytes given by the caller.

Every failure is one :class:`~zongjie.errors.InputError` line naming the file. A file is opened
without blocking and refused unless it is a regular file, so a FIFO or a device never hangs the
reader. File names are shown with undecodable bytes and control characters escaped, so the
message is always one printable line.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Union

from ..errors import InputError
from ..records import ReadResult

_KINDS = ((stat.S_ISDIR, "is a directory"), (stat.S_ISFIFO, "is a FIFO"), (stat.S_ISSOCK, "is a socket"),
          (stat.S_ISCHR, "is a character device"), (stat.S_ISBLK, "is a block device"))


def display_name(path: Union[str, os.PathLike]) -> str:
    """``path`` fit for a one-line message: bytes that are not UTF-8 as ``\\xff``, controls as ``\\n``."""
    raw = os.fsencode(path).decode("utf-8", errors="backslashreplace")
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in raw)


def _kind(mode: int) -> str:
    for test, words in _KINDS:
        if test(mode):
            return words
    return "is not a regular file"


def read_file_bytes(path: Union[str, os.PathLike], name: str) -> bytes:
    """The bytes of the regular file ``path``; :class:`InputError` (naming ``name``) otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except ValueError:  # an embedded NUL byte
        raise InputError(f"{name}: not a valid file name") from None
    except OSError as err:
        raise InputError(f"{name}: cannot read ({err.strerror})") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"{name}: {_kind(mode)}, not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read()
    except OSError as err:
        raise InputError(f"{name}: cannot read ({err.strerror})") from None
    finally:
        os.close(fd)


def read_stdin_bytes() -> bytes:
    """All of standard input; :class:`InputError` when it is closed or unreadable."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError("<stdin>: standard input is closed")
    try:
        return stream.read()
    except (OSError, ValueError) as err:  # ValueError: a closed Python file object
        reason = getattr(err, "strerror", None) or "closed"
        raise InputError(f"<stdin>: cannot read standard input ({reason})") from None


def read_text(source: Union[str, os.PathLike, bytes]) -> ReadResult:
    """Read a path, ``"-"`` (standard input) or raw bytes; return text and encoding.

    Word (``.docx``, ``.doc``), PDF and HTML files are read as their text (``ReadResult.format``
    says which; see :mod:`zongjie.read.document`); text files as before. An empty or blank file
    reads as its (empty or blank) text. Raises :class:`~zongjie.errors.InputError` with a
    one-line message naming the file.
    """
    from .document import decode_document

    if isinstance(source, (bytes, bytearray)):
        return decode_document(bytes(source))
    if str(source) == "-":
        return decode_document(read_stdin_bytes(), "<stdin>")
    name = display_name(source)
    return decode_document(read_file_bytes(Path(source), name), name, str(source))
