"""``zongjie draft|schema|facts``: drafting from a facts.json, and a facts.json from a summary."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional, Union

import typer

from ..errors import ZongjieError
from .base import app, fail, output_path, print_text, read_input, usage, write_file
from .messages import msg


class DraftFormat(str, Enum):
    txt = "txt"
    md = "md"
    docx = "docx"
    json = "json"


class DateStyle(str, Enum):
    arabic = "arabic"
    chinese = "chinese"


def _write_or_print(result: Union[str, bytes], out: Optional[Path], force: bool) -> None:
    """Text or bytes to ``out`` (atomically, refusing to overwrite without ``force``), else to stdout."""
    if out is not None:
        write_file(out, result, force)
    else:
        print_text(result if isinstance(result, str) else result.decode("utf-8"))


@app.command()
def draft(
    facts: str = typer.Argument(..., help="A facts.json file (see `zongjie schema`), or - for standard input."),
    format: DraftFormat = typer.Option(DraftFormat.txt, "--format", "-f", help="Output format."),
    out: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here (atomically) instead of stdout; docx needs it."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing output file."),
    template: Optional[Path] = typer.Option(None, "--template", help="Your own jinja2 template (txt/md; rendered sandboxed)."),
    date_style: DateStyle = typer.Option(DateStyle.arabic, "--date-style", help="Signature date: 2025年12月20日 or 二〇二五年十二月二十日."),
) -> None:
    """Draft a summary and plan from a facts.json: title, opening, sections, problems, plans, signature."""
    from ..draft import load_facts, render

    if format == DraftFormat.docx and out is None:
        raise usage(msg("docx_needs_output"))
    if template is not None and format in (DraftFormat.docx, DraftFormat.json):
        raise usage(msg("template_formats"))
    if out is not None:
        output_path(out, force)
    try:
        result = render(load_facts(facts), format.value, date_style.value, str(template) if template else None)
    except ZongjieError as err:
        raise fail(err) from None
    _write_or_print(result, out, force)


@app.command()
def schema() -> None:
    """Print the JSON Schema of facts.json."""
    from ..draft import schema_text

    print_text(schema_text())


@app.command("facts")
def facts_cmd(
    file: str = typer.Argument(..., help="An existing summary (text file), or - for standard input."),
    out: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the facts.json here instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing output file."),
) -> None:
    """Turn an existing summary into a facts.json skeleton (sections, items, figures, problems, plans)."""
    import json

    from ..draft import facts_from_text

    if out is not None:
        output_path(out, force)
    try:
        read = read_input(file)
        facts = facts_from_text(read.text, read.encoding)
    except ZongjieError as err:
        raise fail(err) from None
    _write_or_print(json.dumps(facts, ensure_ascii=False, indent=2, allow_nan=False) + "\n", out, force)
