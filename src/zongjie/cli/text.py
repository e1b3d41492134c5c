"""``zongjie text FILE``: the text zongjie reads from a file, as every other command sees it.

A Word (``.docx``, ``.doc``), PDF or web page file prints as its extracted text (offsets of the
other commands are into exactly this text); a text file as decoded. The text goes to standard
output in UTF-8, or atomically to ``-o PATH`` (never over a file without ``--force``); one line
on stderr says how the file was read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .base import app, fail, output_path, print_text, read_input, say, stdout, write_failed, write_file
from .messages import msg

def _note(key: str, **kwargs: object) -> str:
    """This command's note (``text_read``, ``text_dropped``, ``text_empty`` of the catalog)."""
    return msg("text_" + key, **kwargs)


def _write_stdout(text: str) -> None:
    """``text`` in UTF-8 on standard output, whatever the locale's encoding."""
    out = stdout()
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        return print_text(text)
    try:
        out.flush()
        buffer.write(text.encode("utf-8", errors="surrogateescape"))
        buffer.flush()
    except OSError as err:
        raise write_failed(err) from None


@app.command()
def text(
    file: str = typer.Argument(..., help="A text, Word (.docx, .doc), PDF or web page (.html) file, or - for standard input."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the text here (UTF-8) instead of standard output."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing -o file."),
) -> None:
    """Print the text zongjie reads from FILE (a Word, PDF or web page file as its extracted text)."""
    from ..errors import ZongjieError

    if output is not None:
        output_path(output, force)
    try:
        read = read_input(file)
    except ZongjieError as err:
        raise fail(err) from None
    if not read.text.strip():
        raise fail(_note("empty", source=read.source))
    note = _note("read", source=read.source, format=read.format, encoding=read.encoding)
    if read.format == "html":
        note += _note("dropped", n=len(read.dropped))
    say(note)
    if output is None:
        _write_stdout(read.text)
        return
    from ..read.source import display_name

    write_file(output, read.text.encode("utf-8", errors="surrogateescape"), force)
    say(msg("wrote", path=display_name(output)))

