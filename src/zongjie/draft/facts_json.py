"""Reading facts.json text into Python values that every later stage can handle.

JSON itself allows what a draft cannot carry, and Python's ``json`` turns some of it into
tracebacks; each is refused here with a one-line :class:`FactsError` naming the JSON path (or the
line and column of text that is not JSON):

- a duplicate key (the second value would silently win);
- ``NaN``, ``Infinity``, ``-Infinity`` and numbers out of float range (``1e400``): not figures;
- a number with more significant digits than a float keeps (``0.1000000000000000000001`` would
  be written ``0.1``), or too small to be told from 0 (``1e-400``): nothing may be written
  other than what was given;
- an integer of more than 4300 digits (Python will not write it out);
- lone surrogates (``"\\ud800"``) and control characters other than tab, line feed and carriage
  return, in values or keys: not text, and XML (docx) cannot hold them;
- nesting deeper than :data:`MAX_DEPTH` (a facts.json needs 7 levels); text nested too deeply
  for the parser is reported at the line and column where it passes that depth.
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from typing import Any, Iterable, Iterator, Union

from ..errors import InputError

MAX_DEPTH = 32
MAX_INT_DIGITS = 4300  # CPython's default limit for int <-> str conversion
_BIG = 10 ** MAX_INT_DIGITS
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)

PathPart = Union[str, int]


class FactsError(InputError):
    """A facts.json that cannot be read or breaks the schema; ``problems`` lists every message."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()):
        super().__init__(message)
        self.problems = problems or (message,)


class Unfit:
    """A JSON number that parsed but cannot be a fact (kept with its text until a path is known)."""

    __slots__ = ("text", "why")

    def __init__(self, text: str, why: str):
        self.text, self.why = text, why

    def __repr__(self) -> str:
        return f"Unfit({self.text!r})"


# --- messages ------------------------------------------------------------------------------

def one_line(text: str, limit: int = 60) -> str:
    """``text`` fit for a one-line message: control characters and surrogates escaped, cut at ``limit``."""
    out = _NOT_TEXT.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    out = out.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return out if len(out) <= limit else out[:limit] + "…"


def show(value: Any) -> str:
    """A value as a message shows it: ``"十二"``, ``3``, ``an object``, ``an array``."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, Unfit):
        return one_line(value.text, 30)
    if isinstance(value, str):
        return '"' + one_line(value) + '"'
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= _BIG:
        return f"an integer of more than {MAX_INT_DIGITS} digits"
    return one_line(json.dumps(value, ensure_ascii=False))


_PLAIN_KEY = re.compile(r"[A-Za-z_$][\w$-]*\Z", re.ASCII)


def path_text(parts: Iterable[PathPart]) -> str:
    """``sections.welfare.items[2].value`` (jsonschema's ``json_path`` without ``$.``); ``(root)`` for
    the whole document; keys that are not plain names are quoted: ``sections["a.b"]``."""
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        elif _PLAIN_KEY.match(p):
            out += f".{p}" if out else p
        else:
            out += '["' + one_line(p, 40).replace('"', '\\"') + '"]'
    return out or "(root)"


# --- parsing -------------------------------------------------------------------------------

def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    out: dict = {}
    for k, v in pairs:
        if k in out:
            raise _Duplicate(k)
        out[k] = v
    return out


class _Duplicate(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _parse_float(text: str) -> Union[float, Unfit]:
    f = float(text)
    if not math.isfinite(f):
        return Unfit(text, "is out of range for a number")
    exact = Decimal(text)
    if f == 0 and exact != 0:
        return Unfit(text, "is too small to be written as given")
    if Decimal(repr(f)) != exact:
        return Unfit(text, "has more significant digits than can be kept (at most 15 are safe)")
    return f


def _parse_int(text: str) -> Union[int, Unfit]:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        return Unfit(f"{text[:12]}…", f"is an integer of {len(text.lstrip('-'))} digits (at most {MAX_INT_DIGITS})")
    return int(text)


def _parse_constant(text: str) -> Unfit:
    return Unfit(text, "is not a number a draft can write (NaN and Infinity are not facts)")


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _too_deep(text: str, source: str) -> FactsError:
    """The error for text too deeply nested for the parser, at the first bracket past MAX_DEPTH."""
    depth = 0
    for m in _BRACKETS.finditer(text):
        tok = m.group()
        if tok in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line, col = _line_col(text, m.start())
                return FactsError(f"{source}:{line}:{col}: nested deeper than {MAX_DEPTH} levels")
        elif tok in "]}":
            depth -= 1
    return FactsError(f"{source}: nested too deeply")


def parse_json(text: str, source: str) -> Any:
    """facts.json text to Python values (see the module docstring for what is refused)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise FactsError(f"{source}: empty file, expected a JSON object (see `zongjie schema`)")
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_float=_parse_float,
                           parse_int=_parse_int, parse_constant=_parse_constant)
    except json.JSONDecodeError as err:
        raise FactsError(f"{source}:{err.lineno}:{err.colno}: malformed JSON: {err.msg}") from None
    except _Duplicate as err:
        raise FactsError(f"{source}: duplicate key {show(err.key)}") from None
    except RecursionError:
        raise _too_deep(text, source) from None
    check_values(value, source)
    return value


# --- values --------------------------------------------------------------------------------

def value_problems(value: Any) -> Iterator[str]:
    """``path: message`` for every value no draft can carry (see the module docstring), in document
    order; iterative, so that a deep structure cannot exhaust the stack."""
    stack: list[tuple[tuple[PathPart, ...], Any]] = [((), value)]
    while stack:
        path, v = stack.pop()
        if len(path) > MAX_DEPTH:
            yield f"{path_text(path[:MAX_DEPTH])}: nested deeper than {MAX_DEPTH} levels"
            continue
        if isinstance(v, dict):
            for k in v:
                if isinstance(k, str) and _NOT_TEXT.search(k):
                    yield f"{path_text(path + (k,))}: the key {_why_not_text(k)}"
            stack.extend((path + (k,), sub) for k, sub in reversed(list(v.items())))
        elif isinstance(v, (list, tuple)):
            stack.extend((path + (i,), sub) for i, sub in reversed(list(enumerate(v))))
        elif isinstance(v, Unfit):
            yield f"{path_text(path)}: {v.text} {v.why}"
        elif isinstance(v, str):
            if _NOT_TEXT.search(v):
                yield f"{path_text(path)}: {_why_not_text(v)}"
        elif isinstance(v, float) and not math.isfinite(v):
            yield f"{path_text(path)}: {v} is not a number a draft can write (NaN and Infinity are not facts)"
        elif isinstance(v, int) and not isinstance(v, bool) and abs(v) >= _BIG:
            yield f"{path_text(path)}: an integer of more than {MAX_INT_DIGITS} digits"


def _why_not_text(s: str) -> str:
    ch = _NOT_TEXT.search(s).group()
    what = "a lone surrogate" if "\ud800" <= ch <= "\udfff" else "a control character"
    return f"has {what} U+{ord(ch):04X} at offset {s.index(ch)}, which is not text (remove it)"


def check_values(value: Any, source: str) -> None:
    """Raise :class:`FactsError` for the first of :func:`value_problems`."""
    for problem in value_problems(value):
        raise FactsError(f"{source}: {problem}")
