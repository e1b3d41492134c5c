"""The facts.json schema and its validation with the maintained ``jsonschema`` package.

``facts.schema.json`` holds the shape of facts.json; what the language layer knows is filled in
when the schema is loaded, so each fact has one copy: ``"x-from-lang": "approx_markers"`` becomes
the ``enum`` of ``lang.approx_markers().all``, ``"x-from-lang": "topical_sections"`` the
``properties`` of ``lang.topical_sections()``. ``zongjie schema`` prints the filled-in schema.

Every error is rendered as ``path: reason``, the path as jsonschema's ``json_path`` without ``$.``
(``sections.welfare.items[2].value: expected a number, got "十二"``); one line is printed, the
most relevant error (``jsonschema.exceptions.relevance``; inside ``anyOf`` the branch the value
was meant for: the one of its type whose keys fit best).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterator, Union

from .. import lang
from .facts_json import FactsError, one_line, parse_json, path_text, show, value_problems

__all__ = ["FactsError", "iter_item_paths", "load_facts", "parse_facts", "schema", "schema_text",
           "validate_facts"]

_FILLS = {
    "approx_markers": lambda node: node.__setitem__("enum", list(lang.approx_markers().all)),
    "topical_sections": lambda node: node.__setitem__(
        "properties", {sid: {"$ref": "#/$defs/section"} for sid in lang.topical_sections()}),
    "topical_enum": lambda node: node.__setitem__("enum", list(lang.topical_sections())),
    "org_kinds": lambda node: node.__setitem__("enum", list(lang.table("org_kinds")["order"])),
}


def _fill(node: Any) -> None:
    if isinstance(node, dict):
        kind = node.get("x-from-lang")
        if kind is not None:
            _FILLS[kind](node)
        for v in node.values():
            _fill(v)
    elif isinstance(node, list):
        for v in node:
            _fill(v)


@lru_cache(maxsize=1)
def schema_text() -> str:
    """The JSON Schema of facts.json with the language tables filled in (``zongjie schema``)."""
    raw = resources.files("zongjie.draft").joinpath("facts.schema.json").read_text(encoding="utf-8")
    node = json.loads(raw)
    _fill(node)
    return json.dumps(node, ensure_ascii=False, indent=2) + "\n"


def schema() -> dict:
    """The schema as a (fresh) dict."""
    return json.loads(schema_text())


def _check_date(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError(f"expected a date YYYY-MM-DD, got {show(value)}")
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"no such date {show(value)}") from None
    return True


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator, FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("date", raises=ValueError)(_check_date)
    return Draft202012Validator(schema(), format_checker=checker)  # the schema itself is checked by the tests


# --- messages ------------------------------------------------------------------------------

_TYPE_WORDS = {"object": "an object", "array": "an array", "string": "a string", "number": "a number",
               "integer": "an integer", "boolean": "true or false", "null": "null"}


def _expected(types: Union[str, list]) -> str:
    types = [types] if isinstance(types, str) else list(types)
    shown = [t for t in types if t != "null"] or types  # null is the documented blank: a number was meant
    return " or ".join(_TYPE_WORDS.get(t, t) for t in shown)


def _resolve(node: dict) -> dict:
    root = _validator().schema
    while isinstance(node, dict) and "$ref" in node:
        target: Any = root
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def _misfit(value: dict, branch: dict) -> int:
    props = branch.get("properties", {})
    return sum(1 for k in branch.get("required", []) if k not in value) + sum(1 for k in value if k not in props)


def _any_of(err) -> str:
    """The branch the value was meant for: of the value's type, with the keys that fit best."""
    from jsonschema.exceptions import relevance

    by_branch: dict[int, list] = {}
    for sub in err.context:
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)
    typed = {i: subs for i, subs in by_branch.items()
             if not any(s.validator == "type" and not s.relative_path for s in subs)}
    if not typed:
        words = sorted({_expected(s.validator_value) for subs in by_branch.values() for s in subs
                        if s.validator == "type" and not s.relative_path})
        return f"{path_text(err.absolute_path)}: expected {' or '.join(words)}, got {show(err.instance)}"
    if isinstance(err.instance, dict):
        pick = min(typed, key=lambda i: (_misfit(err.instance, _resolve(err.validator_value[i])), i))
    else:
        pick = min(typed)
    return describe(max(typed[pick], key=relevance))


def describe(err) -> str:
    """One jsonschema error as ``path: reason``."""
    where = path_text(err.absolute_path)
    kind, val, inst = err.validator, err.validator_value, err.instance
    if kind == "anyOf":
        return _any_of(err)
    if kind == "type":
        return f"{where}: expected {_expected(val)}, got {show(inst)}"
    if kind == "enum":
        return f"{where}: expected one of {', '.join(show(v) for v in val)}, got {show(inst)}"
    if kind == "required":
        missing = next(k for k in val if k not in inst)
        return f"{path_text(list(err.absolute_path) + [missing])}: missing (required)"
    if kind == "additionalProperties":
        props = err.schema.get("properties", {})
        extra = [k for k in inst if k not in props]
        valid = ", ".join(k for k in props if not k.startswith("$"))
        what = err.schema.get("x-unknown-key", "key")
        more = f" (and {len(extra) - 1} more)" if len(extra) > 1 else ""
        return f"{path_text(list(err.absolute_path) + [extra[0]])}: unknown {what} {show(extra[0])}{more}; valid: {valid}"
    if kind in ("minLength", "pattern"):
        return f"{where}: expected a non-empty string"
    if kind in ("minimum", "maximum"):
        return f"{where}: expected a number {'>=' if kind == 'minimum' else '<='} {val}, got {show(inst)}"
    if kind == "format" and err.cause is not None:
        return f"{where}: {err.cause}"
    return f"{where}: {' '.join(err.message.split())[:120]}"


# --- checks the schema cannot express ---------------------------------------------------------

def iter_item_paths(facts: dict) -> Iterator[tuple[str, Any]]:
    """``(path, item)`` for every item of a valid facts dict, in document order (sub-headings
    included)."""
    for i, item in enumerate(facts.get("overview", [])):
        yield f"overview[{i}]", item
    for sid, sec in facts.get("sections", {}).items():
        for i, item in enumerate(sec.get("items", [])):
            yield f"sections.{sid}.items[{i}]", item
    for k, entry in enumerate(facts.get("outline", [])):
        if isinstance(entry, dict):
            for i, item in enumerate(entry.get("items", [])):
                yield f"outline[{k}].items[{i}]", item
    for i, item in enumerate(facts.get("problems", [])):
        yield f"problems[{i}]", item
    for sid, sec in facts.get("plans", {}).get("sections", {}).items():
        for i, item in enumerate(sec.get("items", [])):
            yield f"plans.sections.{sid}.items[{i}]", item
    for k, entry in enumerate(facts.get("plans", {}).get("outline", [])):
        if isinstance(entry, dict):
            for i, item in enumerate(entry.get("items", [])):
                yield f"plans.outline[{k}].items[{i}]", item


def _outline_problems(facts: dict) -> Iterator[str]:
    """A section id listed twice in an outline (its items would be drafted twice)."""
    for where, outline in (("outline", facts.get("outline", [])),
                           ("plans.outline", facts.get("plans", {}).get("outline", []))):
        seen: set = set()
        for k, entry in enumerate(outline):
            if isinstance(entry, str):
                if entry in seen:
                    yield f"{where}[{k}]: section id {show(entry)} listed twice"
                seen.add(entry)


def _slot_problems(facts: dict) -> Iterator[str]:
    from .model import SLOT

    for path, item in iter_item_paths(facts):
        if isinstance(item, dict) and "text" in item:
            n = len(item["figures"])
            used = set()
            for digits in SLOT.findall(item["text"]):
                k = int(digits) if len(digits) <= 6 else None
                if k is None or not 1 <= k <= n:
                    yield f"{path}.text: slot {{{one_line(digits, 12)}}} but {n} figure(s) given"
                else:
                    used.add(k)
            for k in range(1, n + 1):
                if k not in used:
                    yield f"{path}.text: no slot {{{k}}} for figures[{k - 1}] (write {{{k}}} where it goes)"


def validate_facts(facts: Any) -> list[str]:
    """Every problem of a parsed facts.json, as ``path: message`` lines (empty when valid), the most
    relevant first."""
    from jsonschema.exceptions import relevance

    problems = list(value_problems(facts))
    if problems:
        return problems
    errors = sorted(_validator().iter_errors(facts), key=relevance, reverse=True)
    if errors:
        return [describe(e) for e in errors]
    return list(_outline_problems(facts)) + list(_slot_problems(facts))


def parse_facts(text: str, source: str = "<facts>") -> dict:
    """Parse and validate facts.json text; raise :class:`FactsError` with a one-line message."""
    facts = parse_json(text, source)
    problems = validate_facts(facts)
    if problems:
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise FactsError(f"{source}: {problems[0]}{more}", tuple(problems))
    return facts


def load_facts(path: Union[str, Path]) -> dict:
    """Read and validate a facts.json file (``-`` for standard input)."""
    import sys

    if str(path) == "-":
        data = sys.stdin.buffer.read()
        source = "<stdin>"
    else:
        p = Path(path)
        source = str(p)
        try:
            data = p.read_bytes()
        except OSError as err:
            raise FactsError(f"{source}: cannot read: {err.strerror or err}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise FactsError(f"{source}: not UTF-8 text (byte {err.start}); save facts.json as UTF-8") from None
    return parse_facts(text, source)
