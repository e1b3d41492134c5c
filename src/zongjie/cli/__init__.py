"""The ``zongjie`` command line: parse arguments, call the library, print.

One module per group of commands (``analyse``: segment, extract, classify; ``draft``: draft,
schema, facts; ``model``: train, evaluate; ``corpus``: corpus check, stats, phrases), all on the
Typer app of ``base``; messages in ``messages``, stderr and the progress bar in ``progress``.
Exit codes: 0 done, 1 bad input or output (one line on stderr), 2 usage.
"""

from __future__ import annotations

import sys

from . import analyse, corpus, draft, model, serve, text  # noqa: F401 (importing registers the commands)
from .base import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except BrokenPipeError:  # output piped into head and the like
        from .base import _silence_stdout

        _silence_stdout()
        sys.exit(1)


if __name__ == "__main__":
    main()
