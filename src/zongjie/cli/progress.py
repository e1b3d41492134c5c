"""The one place that writes to stderr: message lines and the progress bar.

The bar is ``rich.progress.Progress`` on a console bound to stderr, started only when stderr is a
terminal, with ``redirect_stdout=False`` and ``redirect_stderr=False`` so it never touches
``sys.stdout`` (rows redirected to a file stay in the file). While the bar is live, message lines
go through its console so they print above it instead of breaking it. Every line is made
printable first (a file name with undecodable bytes or control characters cannot garble the
terminal or fail to encode).
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import Any, Optional


REDRAW = 0.1  # seconds between redraws of the bar


def printable(line: str) -> str:
    """``line`` with lone surrogates, control characters and line breaks escaped (one line)."""
    if line.isprintable():
        return line
    out = []
    for ch in line:
        if ch.isprintable():
            out.append(ch)
        elif "\ud800" <= ch <= "\udfff":
            out.append(f"\\x{ord(ch) - 0xDC00:02x}" if ch >= "\udc80" else f"\\u{ord(ch):04x}")
        else:
            out.append(ch.encode("unicode_escape", "backslashreplace").decode("ascii"))
    return "".join(out)


def stderr_is_terminal() -> bool:
    err = sys.stderr
    try:
        return err is not None and err.isatty()
    except (ValueError, OSError):
        return False


class Reporter:
    """Message lines on stderr and, on a terminal, a progress bar (a context manager).

    ``total`` is the amount of work (None: unknown, the bar pulses); ``advance`` moves it."""

    def __init__(self, description: str = "", total: Optional[float] = None, bar: Optional[bool] = None) -> None:
        self.description, self.total = description, total
        self.bar = stderr_is_terminal() if bar is None else bar
        self._progress: Any = None
        self._task: Any = None
        self._drawn = 0.0  # time.monotonic() of the last redraw

    def __enter__(self) -> "Reporter":
        if self.bar:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

            console = Console(file=sys.stderr, stderr=True)
            # redrawn by advance(), not by rich's refresh thread: a process without threads can fork its
            # workers (``--jobs``), which start with everything this one has loaded
            self._progress = Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                                      TimeElapsedColumn(), console=console, transient=True, auto_refresh=False,
                                      redirect_stdout=False, redirect_stderr=False)
            self._task = self._progress.add_task(self.description, total=self.total)
            self._progress.start()
        return self

    def __exit__(self, kind: Optional[type], err: Optional[BaseException], tb: Optional[TracebackType]) -> None:
        self.close()

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def advance(self, amount: float = 1) -> None:
        if self._progress is not None:
            self._progress.advance(self._task, amount)
            now = time.monotonic()
            if now - self._drawn >= REDRAW:
                self._progress.refresh()
                self._drawn = now

    def say(self, line: str) -> None:
        """One line on stderr (above the bar when it is live); nothing when stderr is closed."""
        line = printable(line)
        if self._progress is not None:
            self._progress.console.print(line, markup=False, highlight=False, emoji=False, soft_wrap=True)
            return
        err = sys.stderr
        if err is None:
            return
        try:
            err.write(line + "\n")
            err.flush()
        except (OSError, ValueError):
            pass
