"""The Typer app and what every command shares: one-line errors, output checks, exit codes.

Exit codes: 0 done, 1 bad input or an output that cannot be written (one line on stderr), 2 usage.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO, Optional, Union

import typer

from .messages import localised_group, msg
from .progress import Reporter

app = typer.Typer(
    cls=localised_group(),
    add_completion=False,
    no_args_is_help=True,
    help="zongjie (总结): read, segment, classify and draft Chinese trade-union work summaries.",
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """zongjie (总结): read, segment, classify and draft Chinese trade-union work summaries."""


def say(line: str) -> None:
    """One line on stderr, made printable."""
    Reporter(bar=False).say(line)


def fail(err: Union[Exception, str], code: Optional[int] = None) -> "typer.Exit":
    """``error: …`` on stderr; the exit to raise (the error's own code, else 1)."""
    say(msg("error", err))
    return typer.Exit(code if code is not None else getattr(err, "exit_code", 1))


def usage(message: str) -> "typer.Exit":
    """A usage error (exit 2) in one line."""
    return fail(message, 2)


def stdout() -> IO[str]:
    """Standard output, or a one-line error (exit 1) when it is closed."""
    if sys.stdout is None:
        raise fail(msg("stdout_closed"))
    return sys.stdout


def write_failed(err: OSError) -> "typer.Exit":
    """Standard output failed (a full disk, a closed pipe): one line, or quiet for a closed pipe."""
    if isinstance(err, BrokenPipeError):
        _silence_stdout()
        return typer.Exit(1)
    _silence_stdout()
    return fail(msg("stdout_failed", reason=err.strerror or err))


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's final flush cannot fail again at exit."""
    try:
        fd = sys.stdout.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    except (AttributeError, OSError, ValueError):
        pass


def output_path(path: Path, force: bool, exists: bool = True) -> Path:
    """Check an output path before any work: a name that is valid UTF-8 and, without ``force``
    (and when ``exists``), no existing file (one-line errors, exit 1)."""
    from ..read.source import display_name

    try:
        os.fsencode(path).decode("utf-8")
    except UnicodeDecodeError:
        raise fail(msg("name_not_utf8", path=display_name(path))) from None
    if exists and not force and os.path.lexists(path) and not path.is_dir():
        raise fail(msg("exists", path=display_name(path)))
    return path


def write_file(path: Path, data: Union[str, bytes], force: bool) -> None:
    """``data`` to ``path`` atomically (``write_atomic``), errors as one line."""
    from ..atomic import write_atomic
    from ..errors import ZongjieError

    output_path(path, force)
    try:
        write_atomic(path, data, force=force)
    except ZongjieError as err:
        raise fail(err) from None


def print_text(text: str) -> None:
    """``text`` to stdout as is; a closed or full stdout is one line, exit 1."""
    out = stdout()
    try:
        out.write(text)
        out.flush()
    except OSError as err:
        raise write_failed(err) from None


def read_input(name: str):
    """``read_text(name)`` with a replaced-bytes warning as one ``warning:`` line (errors raise)."""
    import warnings

    from ..read import read_text, replacement_warning
    from ..read.decode import ReplacedBytesWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReplacedBytesWarning)
        read = read_text(name)
    note = replacement_warning(read)
    if note:
        say(msg("warning", note))
    return read
