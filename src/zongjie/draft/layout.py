"""Laying a draft out as text with jinja2 templates.

Shipped templates (``templates/*.j2``) run in a normal environment with autoescape off (the
output is plain text or Markdown); user text reaches them only as variables, so ``{{ 7*7 }}``
in a facts value is printed literally. A user's ``--template`` runs in jinja2's
``ImmutableSandboxedEnvironment`` with ``StrictUndefined`` and bounds on time, output and value
sizes (``sandbox.py``): unsafe attributes (``__class__``, ``__subclasses__`` ...), mutating the
data and spending the budget end with a one-line error. In Markdown every user value is escaped
on every line, titles and headings included (:func:`md_escape`).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional, Union

from .sandbox import DraftTemplateError

__all__ = ["DraftTemplateError", "context", "md_escape", "md_inline", "md_quote", "render_fragment",
           "render_text", "shipped_env"]

TEXT_FORMATS = ("txt", "md")


_MD_LINES = re.compile(r"\r\n|\r|\n")  # CommonMark's line endings
_MD_INLINE = re.compile(r"[\\`*_\[\]|~#$<>&]")
_MD_ENTITY = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_MD_LINE_START = re.compile(r"^(?:[-+=]|(\d{1,9})([.)])(?=\s|$))")


def _md_line(line: str) -> str:
    """One line of user text made inert: nothing in it can start a Markdown block or inline construct."""
    line = _MD_INLINE.sub(lambda m: _MD_ENTITY.get(m.group(), "\\" + m.group()), line.lstrip(" \t"))
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2) if m.group(1) else "\\" + m.group(), line)


def md_lines(text: str) -> list[str]:
    """The non-empty lines of a value, each escaped (see :func:`md_escape`)."""
    return [e for e in (_md_line(x) for x in _MD_LINES.split(str(text))) if e]


def md_escape(text: str) -> str:
    """User text as one Markdown paragraph that renders as written, on every line.

    Characters that make emphasis, code, links, tables, strike-through, math or headings
    (``\\ ` * _ [ ] | ~ # $``) are backslash-escaped and ``< > &`` written as entities, so no raw
    HTML (``<script>``, ``<img onerror>``) and no link (``[x](javascript:...)``) gets through; a line
    starting with ``-``, ``+``, ``=`` or ``1.`` / ``1)`` + space is escaped so that it cannot start
    a list or underline a heading. Leading spaces (indented code) are dropped; the value's line
    breaks are hard line breaks of the same paragraph, its blank lines are dropped.
    """
    return "\\\n".join(md_lines(text))


def md_inline(text: str) -> str:
    """User text inside a heading (one line): escaped as :func:`md_escape`, line breaks as spaces."""
    return " ".join(md_lines(text))


def md_quote(text: str) -> str:
    """User text as a Markdown block quote: every line escaped and quoted."""
    return "\\\n".join("> " + x for x in md_lines(text)) or ">"


@lru_cache(maxsize=1)
def shipped_env():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("zongjie.draft", "templates"), autoescape=False,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters.update(md=md_escape, md_inline=md_inline, md_quote=md_quote)
    return env


def render_fragment(name: str, ctx: dict) -> str:
    """A one-line shipped template (title, opening) rendered with ``ctx``; surrounding space stripped."""
    return shipped_env().get_template(name).render(**ctx).strip()


def context(draft, facts: Optional[dict] = None) -> dict[str, Any]:
    """The variables every document template gets: title, blocks (dicts), period, facts."""
    d = draft.to_dict()
    return {"title": d["title"], "blocks": d["blocks"], "period": d["period"], "facts": facts or {},
            "date_style": d["date_style"]}


def render_text(draft, fmt: str = "txt", facts: Optional[dict] = None,
                template: Optional[Union[str, Path]] = None) -> str:
    """The draft as text: ``txt`` or ``md`` with the shipped templates, ``json`` as the structured
    draft, or any text with a user's template (sandboxed)."""
    if template is not None:
        from .sandbox import render_user_template

        return render_user_template(template, context(draft, facts))
    if fmt == "json":
        return json.dumps(draft.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt not in TEXT_FORMATS:
        raise ValueError(f"unknown text format {fmt!r}")
    out = shipped_env().get_template(f"draft.{fmt}.j2").render(**context(draft, facts))
    return out.rstrip("\n") + "\n"
