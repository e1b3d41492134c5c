"""Laying a draft out as text with jinja2 templates.

Shipped templates (``templates/*.j2``) run in a normal environment with autoescape off (the
output is plain text or Markdown); user text reaches them only as variables, so ``{{ 7*7 }}``
in a facts value is printed literally. A user's ``--template`` runs in jinja2's
``ImmutableSandboxedEnvironment`` with ``StrictUndefined``: unsafe attributes (``__class__``,
``__subclasses__`` ...) and mutating the data raise ``SecurityError``, reported as a one-line error.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional, Union

from ..errors import InputError

TEXT_FORMATS = ("txt", "md")


class DraftTemplateError(InputError):
    """A user template that cannot be read, parsed or rendered (one-line message)."""


_MD_MARK = re.compile(r"^(\s*)([#>+*-])")
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])(?=\s)")


def md_escape(text: str) -> str:
    """Text from facts.json as a Markdown paragraph: a leading ``#``, ``>``, ``-``, ``+``, ``*`` or
    ``1. `` would start a heading, quote or list, so it is backslash-escaped."""
    text = _MD_MARK.sub(lambda m: m.group(1) + "\\" + m.group(2), str(text))
    return _MD_ORDERED.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


@lru_cache(maxsize=1)
def shipped_env():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("zongjie.draft", "templates"), autoescape=False,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["md"] = md_escape
    return env


def sandbox_env():
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(autoescape=False, undefined=StrictUndefined, trim_blocks=True,
                                         lstrip_blocks=True, keep_trailing_newline=True)


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
        return render_user_template(template, context(draft, facts))
    if fmt == "json":
        return json.dumps(draft.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt not in TEXT_FORMATS:
        raise ValueError(f"unknown text format {fmt!r}")
    out = shipped_env().get_template(f"draft.{fmt}.j2").render(**context(draft, facts))
    return out.rstrip("\n") + "\n"


def render_user_template(path: Union[str, Path], ctx: dict) -> str:
    from jinja2 import TemplateError, TemplateSyntaxError
    from jinja2.exceptions import SecurityError, UndefinedError

    p = Path(path)
    try:
        source = p.read_text(encoding="utf-8")
    except OSError as err:
        raise DraftTemplateError(f"{p}: cannot read template: {err.strerror or err}") from None
    except UnicodeDecodeError:
        raise DraftTemplateError(f"{p}: template is not UTF-8 text") from None
    env = sandbox_env()
    try:
        return env.from_string(source).render(**ctx)
    except TemplateSyntaxError as err:
        raise DraftTemplateError(f"{p}:{err.lineno}: template syntax error: {err.message}") from None
    except SecurityError as err:
        raise DraftTemplateError(f"{p}: template refused by the sandbox: {_one_line(err)}") from None
    except UndefinedError as err:
        raise DraftTemplateError(f"{p}: template uses an undefined value: {_one_line(err)}") from None
    except TemplateError as err:
        raise DraftTemplateError(f"{p}: template error: {_one_line(err)}") from None
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError,
            OverflowError, RecursionError) as err:
        raise DraftTemplateError(f"{p}: template failed: {type(err).__name__}: {_one_line(err)}") from None


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())
