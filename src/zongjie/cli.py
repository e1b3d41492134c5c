"""The ``zongjie`` command line: parse arguments, call the library, print.

Exit codes: 0 done, 1 bad input (one line on stderr), 2 usage.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .errors import ZongjieError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="zongjie (总结): read, segment, classify and draft Chinese trade-union work summaries.",
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """zongjie (总结): read, segment, classify and draft Chinese trade-union work summaries."""


class SegmentFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


def _fail(err: Exception) -> "typer.Exit":
    typer.echo(f"error: {err}", err=True)
    return typer.Exit(getattr(err, "exit_code", 1))


@app.command()
def segment(
    file: str = typer.Argument(..., help="A text file, or - for standard input."),
    format: SegmentFormat = typer.Option(SegmentFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Split a file into documents, headings, paragraphs and noise (offsets into the original text)."""
    from . import output
    from .read import read_text
    from .segment import segment as run

    try:
        read = read_text(file)
        seg = run(read.text, read.encoding)
    except ZongjieError as err:
        raise _fail(err)
    output.print_segmentation(seg, format.value)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except BrokenPipeError:  # output piped into head and the like
        sys.stderr.close()


if __name__ == "__main__":
    main()
