"""Authoring markup for corpus documents, converted to ``<id>.txt`` + ``<id>.ann.jsonl``.

The stored corpus is the plain text a user would have plus offsets; this markup is
only the convenient way to write both at once. Format (one markup line = one line
of the document)::

    #meta {"id": "steel-2024-annual", "org": "enterprise", "genre": "annual"}
    @overview 2024年度XX钢铁公司工会工作总结
    @welfare 全年走访慰问困难职工[[56人次|count|56|人次]]，发放慰问金[[12.6万元|money|126000|元]]。
    @plans/welfare 继续做好“两节”送温暖工作。
    @noise 3
    @culture 组织职工读书[[~ 5]]活动        (``[[~ 5]]``: text " 5" is noise stuck in a line)

A blank markup line is a blank document line. Figures: ``[[surface|kind|value|unit|flags]]``
with ``value`` a number, ``null`` (placeholder), an ISO-like date string, or a list
``1;2`` (ranges and lists); ``flags`` a comma list of ``ph`` and ``approx``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from ..errors import CorpusError
from ..lang import figure_kinds, section_ids

SECTION_IDS = section_ids()

FIGURE_KINDS = figure_kinds()
_LINE = re.compile(r"^@(?P<label>[a-z]+)(?:/(?P<topic>[a-z]+))?(?: (?P<body>.*))?$")
_INLINE = re.compile(r"\[\[(.*?)\]\]")


_DATE_VALUE = re.compile(r"(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|--\d{2}(?:-\d{2})?)(?:T\d{2}:\d{2}(?::\d{2})?)?")


def _parse_value(raw: str, where: str, kind: str = "") -> tuple[Any, list[Any]]:
    raw = raw.strip()
    if raw in ("null", "", "None"):
        return None, []
    parts = [p.strip() for p in raw.split(";")]
    vals: list[Any] = []
    for p in parts:
        if p == "null":
            vals.append(None)
            continue
        if kind == "date":
            if not _DATE_VALUE.fullmatch(p):
                raise CorpusError(f"{where}: bad date value {p!r} (want 2024, 2024-03, 2024-03-08, --03 or --03-08)")
            vals.append(p)
            continue
        try:
            v: Any = int(p)
        except ValueError:
            try:
                v = float(p)
            except ValueError:
                raise CorpusError(f"{where}: bad figure value {p!r}") from None
        vals.append(v)
    return vals[0], (vals if len(vals) > 1 else [])


def convert(markup: str, source: str = "<markup>") -> tuple[str, list[dict[str, Any]]]:
    """Turn markup into (document text, annotation records)."""
    out: list[str] = []
    records: list[dict[str, Any]] = []
    meta: dict[str, Any] = {}
    pos = 0
    for lineno, line in enumerate(markup.split("\n"), 1):
        where = f"{source}:{lineno}"
        if line.startswith("#meta"):
            try:
                meta = json.loads(line[5:])
            except json.JSONDecodeError as err:
                raise CorpusError(f"{where}: bad #meta JSON ({err.msg})") from None
            continue
        if not line.strip():
            out.append(line)
            pos += len(line) + 1
            continue
        m = _LINE.match(line)
        if not m:
            raise CorpusError(f"{where}: a line must start with @label and a space")
        label, topic, body = m["label"], m["topic"], m["body"] or ""
        if label != "noise" and label not in SECTION_IDS:
            raise CorpusError(f"{where}: unknown label {label!r}; valid: {', '.join(SECTION_IDS)}, noise")
        if topic is not None and (topic not in SECTION_IDS or label != "plans"):
            raise CorpusError(f"{where}: a topic goes only after @plans and must be a section id")
        text_parts: list[str] = []
        line_start = pos
        cursor = 0
        for im in _INLINE.finditer(body):
            text_parts.append(body[cursor:im.start()])
            pos += im.start() - cursor
            cursor = im.end()
            inner = im.group(1)
            if inner.startswith("~"):
                surface = inner[1:]
                records.append({"type": "noise", "start": pos, "end": pos + len(surface), "surface": surface})
            else:
                fields = inner.split("|")
                if len(fields) not in (4, 5):
                    raise CorpusError(f"{where}: figure [[{inner}]] needs surface|kind|value|unit[|flags]")
                surface, kind, value_raw, unit = fields[:4]
                flags = {f.strip() for f in fields[4].split(",")} if len(fields) == 5 and fields[4].strip() else set()
                if kind not in FIGURE_KINDS:
                    raise CorpusError(f"{where}: figure kind {kind!r} not one of {', '.join(FIGURE_KINDS)}")
                if flags - {"ph", "approx"}:
                    raise CorpusError(f"{where}: unknown flags {sorted(flags - {'ph', 'approx'})}")
                value, values = _parse_value(value_raw, where, kind)
                records.append({
                    "type": "figure", "start": pos, "end": pos + len(surface), "surface": surface,
                    "kind": kind, "value": value, "values": values, "unit": unit,
                    "placeholder": "ph" in flags, "approx": "approx" in flags,
                })
            text_parts.append(surface)
            pos += len(surface)
        text_parts.append(body[cursor:])
        pos += len(body) - cursor
        text = "".join(text_parts)
        if "[[" in text or "]]" in text:
            raise CorpusError(f"{where}: unbalanced [[ ]]")
        records.append({"type": "line", "start": line_start, "end": pos, "label": label, "topic": topic})
        out.append(text)
        pos += 1
    doc_text = "\n".join(out)
    if not doc_text.endswith("\n"):
        doc_text += "\n"
    records.sort(key=lambda r: (r["start"], r["type"] != "line"))
    head = {"type": "doc", **meta}
    return doc_text, [head] + records


def build(src: Path, out_dir: Path) -> Path:
    """Convert one markup file; write ``<id>.txt`` and ``<id>.ann.jsonl`` into ``out_dir``."""
    text, records = convert(src.read_text(encoding="utf-8"), str(src))
    doc_id = records[0].get("id") or src.stem
    records[0]["id"] = doc_id
    for r in records:
        if r["type"] in ("figure", "noise") and text[r["start"]:r["end"]] != r["surface"]:
            raise CorpusError(f"{src}: internal offset error at {r}")
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    with (out_dir / f"{doc_id}.ann.jsonl").open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return out_dir / f"{doc_id}.txt"


def main(argv: list[str] | None = None) -> int:
    """``python -m zongjie.corpus.markup SRC... [--out corpus/docs]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    out = Path("corpus/docs")
    if "--out" in args:
        i = args.index("--out")
        out = Path(args[i + 1])
        del args[i:i + 2]
    status = 0
    for a in args:
        try:
            print(build(Path(a), out))
        except CorpusError as err:
            print(f"error: {err}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
