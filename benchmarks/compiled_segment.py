"""What compiling the segmenter with mypyc would buy: ``segment()`` as shipped (pure Python) against the
same source compiled, on the same texts in one run.

An experiment, not a build option: zongjie ships pure Python. The JSONL-stream target of issue 14 (3x
``jieba.lcut``) is out of reach of further tuning in Python (see the closing notes); this measures the
next lever. It copies the installed package's source to a temporary directory, compiles
``segment/lines.py`` and ``segment/segmenter.py`` there with mypyc (mypy is a test extra; a C compiler
and the Python headers are needed, about a minute on two cores), then times, in two fresh processes,
``segment(text, sentences=False)`` over one large text and over the same text as small documents (best
CPU seconds of ``--repeat``), and checks that both give the same blocks.

Run from the repository root:  python benchmarks/compiled_segment.py [--mb 3] [--doc-kb 4] [--repeat 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from extract_speed import size_arguments

MODULES = ("zongjie/segment/lines.py", "zongjie/segment/segmenter.py")

CHILD = r"""
import gc, hashlib, json, sys, time
sys.path.insert(0, sys.argv[1])
from extract_speed import big_text, corpus_texts, small_docs
import zongjie.segment.segmenter as S
from zongjie.segment import segment
mb, kb, repeat = float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
texts = corpus_texts()
sets = {"file": [big_text(texts, mb)], "stream": small_docs(texts, mb, kb)}
segment("一、组织建设\n工会开展活动3次。\n", sentences=False)  # patterns compiled before timing
gc.disable()
out = {"compiled": not S.__file__.endswith(".py")}
for name, docs in sets.items():
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        segs = [segment(d, sentences=False) for d in docs]
        best = min(best, time.process_time() - t0)
        digest = hashlib.sha256(repr([[(b.kind, b.start, b.end, b.pieces, b.part, b.level, b.numbering)
                                       for doc in s.documents for b in doc.blocks] for s in segs]).encode()).hexdigest()
        del segs
        gc.collect()
    out[name] = best
    out[name + "_digest"] = digest
    out[name + "_docs"] = len(docs)
print(json.dumps(out))
"""


def build(dest: Path) -> Path:
    """A copy of the installed zongjie source in ``dest`` with MODULES compiled by mypyc."""
    spec = importlib.util.find_spec("zongjie")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("zongjie is not installed")
    pkg = Path(list(spec.submodule_search_locations)[0])
    root = dest / "src"
    shutil.copytree(pkg, root / "zongjie", ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    mypyc = shutil.which("mypyc", path=str(Path(sys.executable).parent)) or shutil.which("mypyc")
    if mypyc is None:
        sys.exit("mypyc not found: pip install -e '.[test]' (mypy brings it)")
    proc = subprocess.run([mypyc, *MODULES], cwd=root, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit("mypyc failed:\n" + (proc.stdout + proc.stderr)[-2000:])
    return root


def run(pythonpath: str | None, args: argparse.Namespace) -> dict:
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    here = str(Path(__file__).resolve().parent)
    proc = subprocess.run([sys.executable, "-c", CHILD, here, str(args.mb), str(args.doc_kb), str(args.repeat)],
                          env=env, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    if proc.returncode != 0:
        sys.exit("timing run failed:\n" + proc.stderr[-2000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    args = size_arguments(__doc__.splitlines()[0], repeat=3)
    with tempfile.TemporaryDirectory(prefix="zongjie-mypyc-") as tmp:
        root = build(Path(tmp))
        plain = run(None, args)
        compiled = run(str(root), args)
    if plain["compiled"] or not compiled["compiled"]:
        sys.exit("the compiled modules were not the ones imported")
    print(f"segment(), best CPU seconds of {args.repeat}: pure Python against mypyc-compiled {', '.join(MODULES)}")
    for name in ("file", "stream"):
        same = "same blocks" if plain[name + "_digest"] == compiled[name + "_digest"] else "BLOCKS DIFFER"
        print(f"  {name:6s} ({plain[name + '_docs']:4d} documents)  {plain[name]:.3f} s -> {compiled[name]:.3f} s"
              f"  {plain[name] / compiled[name]:.2f}x  ({same})")


if __name__ == "__main__":
    main()
