"""Loading and validating ``facts.json`` against ``facts.schema.json``.

A small validator for the subset of JSON Schema (2020-12) the schema uses: ``type``, ``enum``,
``properties``, ``required``, ``additionalProperties``, ``items``, ``anyOf``, ``minLength``,
``minimum``, ``maximum``, ``format: date`` and local ``$ref``. Messages name the JSON path and
what was expected: ``sections.welfare.items[2].value: expected a number, got "十二"``.
No third-party validator is needed.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterator, Union

from ..errors import InputError


class FactsError(InputError):
    """A facts.json that cannot be read or breaks the schema; ``problems`` lists every message."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()):
        super().__init__(message)
        self.problems = problems or (message,)


@lru_cache(maxsize=1)
def schema_text() -> str:
    """The JSON Schema of facts.json, as shipped (``zongjie schema`` prints it)."""
    return resources.files("zongjie.draft").joinpath("facts.schema.json").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(schema_text())


# --- the validator -------------------------------------------------------------

_TYPE_WORDS = {"object": "an object", "array": "an array", "string": "a string", "number": "a number",
               "integer": "an integer", "boolean": "true or false", "null": "null"}


def _is(value: Any, t: str) -> bool:
    if t == "object":
        return isinstance(value, dict)
    if t == "array":
        return isinstance(value, list)
    if t == "string":
        return isinstance(value, str)
    if t == "boolean":
        return isinstance(value, bool)
    if t == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if t == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if t == "number":
        return isinstance(value, (int, float))
    raise ValueError(t)


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return json.dumps(value, ensure_ascii=False)


def _expected(types: list[str]) -> str:
    # number|null: null is the documented "blank" escape, the user meant a number
    shown = [t for t in types if t != "null"] or types
    return " or ".join(_TYPE_WORDS[t] for t in shown)


def _join(path: str, key: Union[str, int]) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _resolve(node: dict, root: dict) -> dict:
    while "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            raise ValueError(f"only local $ref is supported: {ref}")
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part]
        node = target
    return node


def iter_errors(value: Any, node: dict, root: dict, path: str = "") -> Iterator[str]:
    """Every problem of ``value`` against schema ``node``, as ``path: message`` lines."""
    node = _resolve(node, root)
    where = path or "(root)"
    if "anyOf" in node:
        branches = [_resolve(b, root) for b in node["anyOf"]]
        results = [list(iter_errors(value, b, root, path)) for b in branches]
        if any(not r for r in results):
            return
        typed = [(len(r), i) for i, (b, r) in enumerate(zip(branches, results))
                 if "type" not in b or any(_is(value, t) for t in _types(b))]
        if not typed:
            words = sorted({_expected(_types(b)) for b in branches})
            yield f"{where}: expected {' or '.join(words)}, got {_show(value)}"
            return
        if isinstance(value, dict) and len(typed) > 1:  # pick the branch whose keys fit best
            typed = [(_key_misfit(value, branches[i]), i) for _, i in typed]
        yield from results[min(typed)[1]]
        return
    if "type" in node:
        types = _types(node)
        if not any(_is(value, t) for t in types):
            yield f"{where}: expected {_expected(types)}, got {_show(value)}"
            return
    if "enum" in node and value not in node["enum"]:
        yield f"{where}: expected one of {', '.join(_show(v) for v in node['enum'])}, got {_show(value)}"
        return
    if isinstance(value, str):
        if len(value.strip()) < node.get("minLength", 0):
            yield f"{where}: expected a non-empty string"
        if node.get("format") == "date":
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                yield f"{where}: expected a date YYYY-MM-DD, got {_show(value)}"
            else:
                try:
                    _dt.date.fromisoformat(value)
                except ValueError:
                    yield f"{where}: no such date {_show(value)}"
    if _is(value, "number"):
        if "minimum" in node and value < node["minimum"]:
            yield f"{where}: expected a number >= {node['minimum']}, got {_show(value)}"
        if "maximum" in node and value > node["maximum"]:
            yield f"{where}: expected a number <= {node['maximum']}, got {_show(value)}"
    if isinstance(value, dict):
        props = node.get("properties", {})
        for key in node.get("required", []):
            if key not in value:
                yield f"{_join(path, key)}: missing (required)"
        for key, sub in value.items():
            if key in props:
                yield from iter_errors(sub, props[key], root, _join(path, key))
            elif node.get("additionalProperties") is False:
                what = node.get("x-unknown-key", "key")
                valid = ", ".join(k for k in props if not k.startswith("$"))
                yield f"{_join(path, key)}: unknown {what} {_show(key)}; valid: {valid}"
            elif isinstance(node.get("additionalProperties"), dict):
                yield from iter_errors(sub, node["additionalProperties"], root, _join(path, key))
    if isinstance(value, list) and "items" in node:
        for i, sub in enumerate(value):
            yield from iter_errors(sub, node["items"], root, _join(path, i))


def _types(node: dict) -> list[str]:
    t = node.get("type", [])
    return [t] if isinstance(t, str) else list(t)


def _key_misfit(value: dict, branch: dict) -> int:
    props = branch.get("properties", {})
    missing = sum(1 for k in branch.get("required", []) if k not in value)
    unknown = sum(1 for k in value if k not in props)
    return missing + unknown


# --- checks the schema cannot express ----------------------------------------

_SLOT = re.compile(r"\{(\d+)\}")


def _items(facts: dict) -> Iterator[tuple[str, Any]]:
    for i, item in enumerate(facts.get("overview", [])):
        yield f"overview[{i}]", item
    for sid, sec in facts.get("sections", {}).items():
        for i, item in enumerate(sec.get("items", [])):
            yield f"sections.{sid}.items[{i}]", item
    for i, item in enumerate(facts.get("problems", [])):
        yield f"problems[{i}]", item
    for sid, sec in facts.get("plans", {}).get("sections", {}).items():
        for i, item in enumerate(sec.get("items", [])):
            yield f"plans.sections.{sid}.items[{i}]", item


def iter_item_paths(facts: dict) -> Iterator[tuple[str, Any]]:
    """``(path, item)`` for every item of a valid facts dict, in document order."""
    return _items(facts)


def _semantic(facts: dict) -> Iterator[str]:
    for path, item in _items(facts):
        if isinstance(item, dict) and "text" in item:
            n = len(item["figures"])
            used = [int(m) for m in _SLOT.findall(item["text"])]
            for k in used:
                if not 1 <= k <= n:
                    yield f"{path}.text: slot {{{k}}} but {n} figure(s) given"
            for k in range(1, n + 1):
                if k not in used:
                    yield f"{path}.text: no slot {{{k}}} for figures[{k - 1}] (write {{{k}}} where it goes)"


def validate_facts(facts: Any) -> list[str]:
    """Every problem of a parsed facts.json, as ``path: message`` lines (empty when valid)."""
    problems = list(iter_errors(facts, schema(), schema()))
    if not problems:
        problems = list(_semantic(facts))
    return problems


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    out: dict = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key {json.dumps(k, ensure_ascii=False)}")
        out[k] = v
    return out


def parse_facts(text: str, source: str = "<facts>") -> dict:
    """Parse and validate facts.json text; raise :class:`FactsError` with a one-line message."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise FactsError(f"{source}: empty file, expected a JSON object (see `zongjie schema`)")
    try:
        facts = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as err:
        raise FactsError(f"{source}:{err.lineno}:{err.colno}: malformed JSON: {err.msg}") from None
    except ValueError as err:  # duplicate key
        raise FactsError(f"{source}: {err}") from None
    problems = validate_facts(facts)
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise FactsError(f"{source}: {shown}", tuple(problems))
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
