"""``zongjie segment|extract|classify FILE…``: one output model over :class:`~zongjie.pipeline.Pipeline`.

Every input shape -- one file, several files, a directory, a JSONL stream, stdin -- goes through
``zongjie.batch.run`` and prints the rows of ``zongjie.output`` in the format asked for; inputs of
several documents put an ``id`` column first. ``--jobs`` spreads the documents over worker
processes without changing a byte of the output. ``--html`` writes the reading page of one file.
"""

from __future__ import annotations

import os
import shutil
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from ..errors import ZongjieError
from .base import app, fail, output_path, stdout, usage, write_failed, write_file
from .messages import msg
from .progress import Reporter


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


FILES = typer.Argument(..., help="Files (.txt in any encoding, .docx, .html, .pdf, .doc), directories (their such files), JSONL files of {\"id\", \"text\"} "
                                 "objects (.jsonl), or - for standard input.")
FORMAT = typer.Option(Format.table, "--format", "-f", help="Output format (the same rows in each).")
JSONL = typer.Option(False, "--jsonl", help="Read the inputs as JSONL ({\"id\", \"text\"} per line); implied by a .jsonl name.")
JOBS = typer.Option(1, "--jobs", "-j", min=0, help="Worker processes for several documents, 0 for one per CPU (the output is the same for any number).")
HTML = typer.Option(None, "--html", help="Write the reading page of one text file here instead (figures by kind, blocks by section).")
FORCE = typer.Option(False, "--force", help="Overwrite an existing --html file.")
MODEL = typer.Option(None, "--model", "-m", help="Model file or directory (default: the shipped model).")


def is_multi(files: List[str], jsonl: bool) -> bool:
    """Inputs of several documents (rows get an ``id``): several names, a directory or JSONL."""
    if len(files) != 1:
        return True
    name = files[0]
    return jsonl or name.endswith(".jsonl") or (name != "-" and os.path.isdir(name))


def run_command(command: str, files: List[str], fmt: Format, jsonl: bool, jobs: int,
                model: Optional[Path], html: Optional[Path], force: bool) -> None:
    """Parse-call-print for the three analysis commands (exit 1 when any input was bad)."""
    from .. import batch

    multi = is_multi(files, jsonl)
    if html is not None:
        if multi:
            raise usage(msg("html_one_file"))
        return write_page(command, files[0], html, force, model)
    out = stdout()
    width = shutil.get_terminal_size().columns if fmt is Format.table and _isatty(out) else None
    bar = _isatty(sys.stderr) and not _isatty(out)  # rows on the same terminal would break the bar
    total = batch.count_units(files, jsonl or None) if bar else None
    try:
        with Reporter(command, total, bar=bar) as rep:
            stats = batch.run(files if multi else files[0], out, command, jobs=jobs if multi else 1, jsonl=jsonl or None,
                              model=str(model) if model is not None else None, fmt=fmt.value, with_id=multi,
                              on_bad=lambda bad: rep.say(msg("error", bad)),
                              on_warning=lambda text: rep.say(msg("warning", text)),
                              on_progress=rep.advance, width=width)
            if multi and not stats.ok and (stats.done or stats.n_bad > 1):  # one failure alone says it all
                rep.say(msg("summary", bad=stats.n_bad, done=stats.done))
    except ZongjieError as err:
        raise fail(err) from None
    except OSError as err:
        raise write_failed(err) from None
    except KeyboardInterrupt:
        raise fail(msg("interrupted"), 130) from None
    if not stats.ok:
        raise typer.Exit(1)


def _isatty(stream) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):
        return False


def write_page(command: str, name: str, path: Path, force: bool, model: Optional[Path]) -> None:
    """The HTML page of one text file, written atomically (never over a file without --force)."""
    from ..batch import Bad, read_file_record
    from ..page import render_page
    from ..pipeline import Pipeline
    from ..read.source import display_name

    output_path(path, force)
    rec = read_file_record(name)
    if isinstance(rec, Bad):
        raise fail(rec)
    if rec.warning:
        Reporter(bar=False).say(msg("warning", rec.warning))
    sections = command != "segment"
    try:
        analysis = Pipeline(model, sections=sections).analyse(rec.text)
    except ZongjieError as err:
        raise fail(err) from None
    title = "zongjie" if name == "-" else display_name(Path(name).name)
    write_file(path, render_page(analysis, title, sections), force)
    Reporter(bar=False).say(msg("wrote", path=display_name(path)))


@app.command()
def segment(files: List[str] = FILES, format: Format = FORMAT, jsonl: bool = JSONL, jobs: int = JOBS,
            html: Optional[Path] = HTML, force: bool = FORCE) -> None:
    """Documents, headings (with level), paragraphs and noise; offsets into the text as read."""
    run_command("segment", files, format, jsonl, jobs, None, html, force)


@app.command()
def extract(files: List[str] = FILES, format: Format = FORMAT, jsonl: bool = JSONL, jobs: int = JOBS,
            model: Optional[Path] = MODEL, html: Optional[Path] = HTML, force: bool = FORCE) -> None:
    """Figures (counts, money, percents, dates ...) with value, unit, kind, placeholder/approx flags and subject."""
    run_command("extract", files, format, jsonl, jobs, model, html, force)


@app.command()
def classify(files: List[str] = FILES, format: Format = FORMAT, jsonl: bool = JSONL, jobs: int = JOBS,
             model: Optional[Path] = MODEL, html: Optional[Path] = HTML, force: bool = FORCE) -> None:
    """Every block with its section (组织建设, 维权帮扶 ...), confidence, role, topic and figures; noise too."""
    run_command("classify", files, format, jsonl, jobs, model, html, force)
