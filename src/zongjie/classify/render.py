"""Running the classifier over files for the command line, and printing the results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence, TextIO

from ..errors import InputError

FIELDS = ("file", "doc", "block", "kind", "start", "end", "section", "name", "confidence", "part", "topic",
          "figures", "text")
LARGE_BYTES = 1_000_000
LARGE_FILES = 20


def expand(inputs: Sequence[str]) -> list[str]:
    """Files named on the command line; a directory stands for its ``*.txt`` files (recursive, sorted)."""
    out: list[str] = []
    for name in inputs:
        p = Path(name)
        if name != "-" and p.is_dir():
            found = sorted(str(f) for f in p.rglob("*.txt") if f.is_file())
            if not found:
                raise InputError(f"{name}: directory holds no .txt files")
            out.extend(found)
        else:
            out.append(name)
    return out


def classify_file(name: str, model) -> dict[str, Any]:
    """Read, segment, classify one file; its records carry the file name and figures."""
    from ..read import read_text
    from ..segment import segment
    from . import classify
    from .figures import figures_by_block

    read = read_text(name)
    seg = segment(read.text, read.encoding)
    labelled = classify(seg, model)
    figs = figures_by_block(read.text, [lb.block for lb in labelled])
    records = []
    for lb, fs in zip(labelled, figs):
        rec = {"file": name, **lb.to_dict()}
        rec["figures"] = [f.to_dict() for f in fs]
        records.append(rec)
    return {"file": name, "encoding": read.encoding, "documents": len(seg.documents), "blocks": records}


def is_large(files: Sequence[str]) -> bool:
    if len(files) > LARGE_FILES:
        return True
    total = 0
    for f in files:
        try:
            total += Path(f).stat().st_size if f != "-" else 0
        except OSError:
            pass
    return total > LARGE_BYTES


def _short(text: str, width: int = 30) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def write(results: Iterable[dict[str, Any]], fmt: str, out: TextIO) -> None:
    """Print results as they come (jsonl/csv stream; json and table are printed at the end)."""
    from .. import output

    if fmt == "jsonl":
        for r in results:
            for rec in r["blocks"]:
                out.write(output.dumps(rec) + "\n")
        return
    if fmt == "csv":
        import csv

        w = csv.writer(out, lineterminator="\n")
        w.writerow(FIELDS)
        for r in results:
            for rec in r["blocks"]:
                w.writerow([len(rec["figures"]) if k == "figures" else rec[k] for k in FIELDS])
        return
    results = list(results)
    if fmt == "json":
        out.write(output.dumps({"files": results}) + "\n")
        return
    for r in results:
        rows = [(rec["doc"], rec["block"], rec["kind"][0], rec["section"], rec["name"], f"{rec['confidence']:.2f}",
                 rec["topic"] or "", len(rec["figures"]), _short(rec["text"])) for rec in r["blocks"]]
        out.write(f"{r['file']}  encoding: {r['encoding']}  documents: {r['documents']}  blocks: {len(rows)}\n")
        out.write(output.table(rows, ("doc", "block", "k", "section", "名称", "conf", "topic", "figs", "text")) + "\n")
