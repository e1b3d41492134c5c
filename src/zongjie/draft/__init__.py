"""Drafting: from a facts.json of one period to a summary and plan skeleton, and back.

``load_facts(path)`` reads and validates facts.json (schema: ``schema_text()``, printed by
``zongjie schema``); ``build_draft(facts)`` makes the draft (title and blocks with section ids
and levels); ``render(facts, fmt)`` gives txt / md / json text or docx bytes;
``facts_from_text(text)`` goes the other way, from an existing summary to a facts skeleton.
Imports are light: jinja2, python-docx and the classifier load only when used.
"""

from __future__ import annotations

from typing import Optional, Union

from .model import Draft, DraftBlock, build_draft
from .facts_schema import FactsError, load_facts, parse_facts, schema_text, validate_facts

__all__ = ["Draft", "DraftBlock", "FactsError", "build_draft", "facts_from_text", "load_facts",
           "parse_facts", "render", "schema_text", "validate_facts", "FORMATS"]

FORMATS = ("txt", "md", "docx", "json")


def render(facts: dict, fmt: str = "txt", date_style: str = "arabic", template: Optional[str] = None,
           bank: Optional[dict] = None) -> Union[str, bytes]:
    """The draft of validated ``facts`` as txt / md / json text, or docx bytes.

    ``template`` is a user's jinja2 template (rendered sandboxed) for the text formats.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    draft = build_draft(facts, date_style=date_style, bank=bank)
    if fmt == "docx":
        from .docx_writer import docx_bytes

        return docx_bytes(draft)
    from .layout import render_text

    return render_text(draft, fmt, facts, template)


def facts_from_text(text: str, encoding: Optional[str] = None) -> dict:
    """A facts.json skeleton from an existing summary (segment, classify, extract figures)."""
    from .reverse import facts_from_text as run

    return run(text, encoding)
