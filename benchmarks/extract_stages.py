"""Where the time of ``zongjie extract`` goes, stage by stage, for one large text and for the same text
cut into many small documents (the per-document cost of a JSONL stream).

In one process, after a warm-up (compiled patterns and tables are a start-up cost, measured by
``extract_speed.py`` as part of whole processes), each stage is timed over the same texts
``--repeat`` times and the best CPU time is kept:

- view:     ``normalize_view`` (half-width, pinyin blanked, Traditional to Simplified);
- segment:  ``segment(text, sentences=False)`` (the view included);
- figures:  ``extract_figures`` with subjects, and without (the subject rules are the difference);
- analyse:  ``Pipeline.iter_analyse`` for extract (segment + figures + blocks);
- rows:     the rows of ``zongjie extract``;
- render:   JSONL text of those rows;

and, in fresh processes, the start-up every run pays before its first document: imports, then the warm-up.

The ``stream - file`` column is the per-document overhead of many small documents, in seconds for all
of them and in milliseconds per document.

Run from the repository root:  python benchmarks/extract_stages.py [--mb 3] [--doc-kb 4] [--repeat 3]
"""

from __future__ import annotations

import gc
import time

from extract_speed import big_text, corpus_texts, size_arguments, small_docs


def _stages(texts: list[str]) -> dict[str, float]:
    from zongjie.batch.work import _pipeline
    from zongjie.figures import extract_figures
    from zongjie.output import render, rows
    from zongjie.read.view import normalize_view
    from zongjie.segment import segment

    pipe = _pipeline("extract", None)
    clock = time.process_time
    out: dict[str, float] = {}

    def timed(name, fn):
        a = clock()
        result = [fn(t) for t in texts]
        out[name] = clock() - a
        return result

    timed("view", lambda t: normalize_view(t + " "))  # a new string: the view cache must not answer
    timed("segment", lambda t: segment(t, sentences=False))
    timed("figures", extract_figures)
    timed("figures without subjects", lambda t: extract_figures(t, with_subject=False))
    analysed = timed("analyse", lambda t: list(pipe.iter_analyse(t)))
    a = clock()
    doc_rows = [rows("extract", da, k) for k, das in enumerate(analysed) for da in das]
    out["rows"] = clock() - a
    a = clock()
    for r in doc_rows:
        render("jsonl", "extract", r, True)
    out["render"] = clock() - a
    return out


def main() -> None:
    args = size_arguments(__doc__.splitlines()[0], repeat=3)
    from zongjie.batch.work import _pipeline, warm_up

    warm_up(_pipeline("extract", None))
    texts = corpus_texts()
    big = big_text(texts, args.mb)
    docs = small_docs(texts, args.mb, args.doc_kb)
    gc.disable()  # as in zongjie's own runs (batch.work pauses the cycle collector per item)
    best: dict[str, dict[str, float]] = {"file": {}, "stream": {}}
    for _ in range(args.repeat):
        for name, ts in (("file", [big]), ("stream", docs)):
            for stage, s in _stages(ts).items():
                best[name][stage] = min(best[name].get(stage, float("inf")), s)
            gc.collect()
    n = len(docs)
    print(f"one text of {len(big.encode('utf-8')) / 1e6:.2f} MB against {n} documents of about {args.doc_kb:g} KB; "
          f"best CPU seconds of {args.repeat}")
    print(f"{'stage':26s} {'file':>7s} {'stream':>7s} {'stream - file':>14s} {'per doc':>9s}")
    for stage in best["file"]:
        f, s = best["file"][stage], best["stream"][stage]
        print(f"{stage:26s} {f:7.3f} {s:7.3f} {s - f:+14.3f} {(s - f) / n * 1000:+7.3f} ms")
    # the floor of the per-document cost: the whole analysis of a one-line document
    pipe = _pipeline("extract", None)
    lines = [f"工会组织职工开展活动第{k}次。\n" for k in range(2000)]
    one = min(_timed_analyse(pipe, lines) for _ in range(args.repeat))
    print(f"one-line documents: {one / len(lines) * 1000:.3f} ms each (analyse, best of {args.repeat})")
    runs = [_start_up() for _ in range(args.repeat)]
    imports, warm = min(r[0] for r in runs), min(r[1] for r in runs)
    print(f"start-up in a fresh process (best of {args.repeat}): imports of the command line and pipeline {imports:.3f} s, "
          f"warm-up {warm:.3f} s (patterns compiled, tables read: what a forked worker inherits)")


_START_UP = r"""
import time
t0 = time.perf_counter()
import zongjie.cli, zongjie.pipeline, zongjie.figures, zongjie.segment, zongjie.read
from zongjie.batch.work import _pipeline, warm_up
t1 = time.perf_counter()
warm_up(_pipeline("extract", None))
print(t1 - t0, time.perf_counter() - t1)
"""


def _start_up() -> tuple[float, float]:
    """(imports, warm-up) seconds of a fresh interpreter: the serial part of every run."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", _START_UP], capture_output=True, text=True, check=True)
    imports, warm = out.stdout.split()
    return float(imports), float(warm)


def _timed_analyse(pipe, texts: list[str]) -> float:
    a = time.process_time()
    for t in texts:
        list(pipe.iter_analyse(t))
    return time.process_time() - a


if __name__ == "__main__":
    main()
