"""The ``zongjie`` command line: parse arguments, call the library, print.

One module per group of commands (``analyse``: segment, extract, classify; ``draft``: draft,
schema, facts; ``model``: train, evaluate; ``corpus``: corpus check, stats, phrases), all on the
Typer app of ``base``; messages in ``messages``, stderr and the progress bar in ``progress``.
Exit codes: 0 done, 1 bad input or output (one line on stderr), 2 usage.
"""

from __future__ import annotations

import sys
from typing import NoReturn

from . import analyse, corpus, draft, model, serve, text  # noqa: F401 (importing registers the commands)
from .base import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point: run the app, then end the process without tearing the interpreter
    down (see :func:`_end`)."""
    try:
        app()
    except BrokenPipeError:  # output piped into head and the like
        from .base import _silence_stdout

        _silence_stdout()
        _end(1)
    except SystemExit as stop:
        _end(stop.code)
    except OSError as err:  # one no command turned into its line (the help text written to a full disk)
        from .base import fail, write_failed

        if err.filename is None:  # a stream's write
            _end(write_failed(err).exit_code)
        _end(fail(f"{err.filename}: {err.strerror or err}").exit_code)
    _end(0)


def _end(code: object) -> NoReturn:
    """Exit with ``code`` as ``sys.exit`` would, but skip the interpreter's teardown when nothing else
    runs: the atexit handlers (temporary files, multiprocessing) run and the streams are flushed, then
    ``os._exit`` spares the tens of milliseconds Python takes to free every table and compiled pattern
    one by one -- a quarter of a short command's time, and serial time in every ``--jobs`` run. With
    another thread still alive the normal exit (which waits for it) is taken."""
    import atexit
    import os
    import threading

    if code is None:
        code = 0
    elif not isinstance(code, int):  # sys.exit("message"): the message on stderr, status 1
        print(code, file=sys.stderr)
        code = 1
    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except OSError as err:  # what was still buffered cannot be written: say so (quiet for a closed pipe)
        from .base import write_failed

        code = code or write_failed(err).exit_code
    except ValueError:  # closed
        pass
    try:
        if sys.stderr is not None:
            sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


if __name__ == "__main__":
    main()
