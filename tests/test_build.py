"""The compiled modules (setup.py, ``zongjie._build``): fresh, and giving what the plain Python source gives."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from zongjie import _build

ROOT = Path(__file__).resolve().parents[1]


def test_build_compiled_list_names_modules_of_the_package():
    for name in _build.COMPILED:
        assert importlib.util.find_spec(name) is not None, name
    assert set(_build.compiled_modules()) <= set(_build.COMPILED)


def test_build_no_compiled_module_is_older_than_its_source():
    """An edited .py of an editable install is shadowed by its extension module until the next build."""
    stale = _build.stale_modules()
    assert not stale, f"rebuild with `pip install -e .`: {stale} changed after they were compiled"


_FIGURES = r"""
import json, sys
from zongjie import _build
from zongjie.figures import extract_figures
from zongjie.segment import segment
out = {"compiled": _build.compiled_modules(), "docs": []}
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    seg = segment(text, sentences=False)
    out["docs"].append({
        "blocks": [[b.kind, b.start, b.end, list(map(list, b.pieces)), b.part, b.level, b.numbering]
                   for doc in seg.documents for b in doc.blocks],
        "figures": [f.to_dict() for f in extract_figures(text)],
    })
print(json.dumps(out, ensure_ascii=False, allow_nan=True))
"""


def test_build_compiled_modules_give_what_the_plain_source_gives(tmp_path):
    """Blocks and figures (subjects included) of corpus documents, from this installation and from a copy of
    its source without extension modules, are the same."""
    if not _build.compiled_modules():
        pytest.skip("this installation runs no compiled module (built without mypy or a C compiler)")
    _build.plain_copy(str(tmp_path))
    docs = sorted((ROOT / "corpus" / "docs").glob("*.txt"))[::6]
    assert len(docs) >= 10
    args = [sys.executable, "-c", _FIGURES, *map(str, docs)]
    built = subprocess.run(args, capture_output=True, text=True, check=True)
    plain = subprocess.run(args, capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONPATH": str(tmp_path)})
    got, want = json.loads(built.stdout), json.loads(plain.stdout)
    assert got["compiled"] and not want["compiled"]
    assert sum(len(d["figures"]) for d in want["docs"]) > 200
    assert got["docs"] == want["docs"]
