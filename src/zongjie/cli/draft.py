"""``zongjie draft|schema|facts``: drafting from a facts.json, and a facts.json from a summary."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional, Union

import typer

from ..errors import ZongjieError
from .base import app, fail, output_path, print_text, read_input, say, usage, write_file
from .messages import msg

def _word(key: str, **kw) -> str:
    """The words these commands add on stderr (``draft_*`` of the catalog, in the locale's language)."""
    return msg("draft_" + key, **kw)


def report_placeholders(placeholders) -> None:
    """Every placeholder left in a draft, on stderr (the same list is in ``--format json``)."""
    if not placeholders:
        return
    say(_word("placeholders", n=len(placeholders)))
    for p in placeholders:
        where = p.get("source") or f"block {p['block']}"
        say(_word("placeholder", where=where, text=p["context"]))


def report_warnings(warnings) -> None:
    """The ``warnings`` of a facts dict, on stderr."""
    if not warnings:
        return
    say(_word("warnings", n=len(warnings)))
    for w in warnings:
        key = "placeholder_kept" if w["what"] == "placeholder" else w["what"]
        say(_word(key, path=w["path"], text=w.get("text", ""), section=w.get("section", ""),
                  confidence=w.get("confidence", "")))


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
    year: Optional[int] = typer.Option(None, "--year", help="The year summarised, in place of period.year of the facts (e.g. when it is null)."),
) -> None:
    """Draft a summary and plan from a facts.json: title, opening, sections, problems, plans, signature.

    Every placeholder left in the draft (【待补充】 prompts, ＿＿ blanks, the source's xx年) is listed on
    stderr, and under ``placeholders`` in --format json."""
    from ..draft import build_draft, load_facts, render

    if format == DraftFormat.docx and out is None:
        raise usage(msg("docx_needs_output"))
    if template is not None and format in (DraftFormat.docx, DraftFormat.json):
        raise usage(msg("template_formats"))
    if year is not None and not 1949 <= year <= 2199:
        raise usage(_word("bad_year", year=year))
    if out is not None:
        output_path(out, force)
    try:
        data = load_facts(facts)
        if year is not None:
            data = {**data, "period": {**data["period"], "year": year}}
        result = render(data, format.value, date_style.value, str(template) if template else None)
        placeholders = build_draft(data, date_style=date_style.value).placeholders
    except ZongjieError as err:
        raise fail(err) from None
    _write_or_print(result, out, force)
    report_placeholders(placeholders)


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
    """Turn an existing summary into a facts.json skeleton (sections, items, figures, problems, plans).

    What to check before drafting (a missing year, placeholders kept from the source, unsure
    sections) is listed on stderr and under ``warnings`` in the facts."""
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
    report_warnings(facts.get("warnings"))
