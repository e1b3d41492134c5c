"""Where the time of a ``--jobs 2`` run goes: the parent's CPU, the workers' CPU and how busy each worker is.

    python benchmarks/pool_profile.py [FILE.jsonl] [--mb 20] [--chunksize 8] [--repeat 3]

Runs ``zongjie.batch.run(FILE, devnull, "extract", jobs=2)`` in a fresh process per run, once with the
chunks sized by input bytes (the default) and once with a fixed ``--chunksize`` documents per chunk
(8 was the size before 2026-12-02), interleaved ``--repeat`` times; the median of each is printed:

- parent CPU: the process that reads the input, hands out chunks and writes the rows; it shares the two
  cores with the workers, so each of its CPU seconds is about half a second of wall time lost;
- workers CPU: both workers together (the same work as ``--jobs 1``, plus what two busy cores cost);
- busy: the share of the run (from the first chunk's start to the last one's end) each worker spends
  on chunks, and how far apart their last chunks end.

FILE defaults to a JSONL of our corpus documents (``corpus_scale.py``'s input, ``--mb`` MB).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, os, resource, sys, time
from zongjie.batch import runner, work
T0 = time.time()
spans = []
_chunk = work._work_chunk
def timed_chunk(job, items):  # runs in the worker (forked: it inherits this module's patch)
    start = time.time()
    results = _chunk(job, items)
    results[0].warning = json.dumps([os.getpid(), start - T0, time.time() - T0]) + "\x00" + (results[0].warning or "")
    return results
runner._work_chunk = timed_chunk
def on_warning(text):
    head, _, rest = text.partition("\x00")
    if head.startswith("["):
        spans.append(json.loads(head))
path, chunksize = sys.argv[1], (None if sys.argv[2] == "auto" else int(sys.argv[2]))
before = resource.getrusage(resource.RUSAGE_SELF)
with open(os.devnull, "w", encoding="utf-8") as out:
    runner.run(path, out, "extract", jobs=2, fmt="jsonl", chunksize=chunksize, on_warning=on_warning)
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"parent": me.ru_utime + me.ru_stime, "workers": kids.ru_utime + kids.ru_stime, "spans": spans}))
"""


def worker_stats(spans: list[list[float]]) -> tuple[float, float]:
    """(least busy share of the run over the workers, seconds between the workers' last ends)."""
    first, last = min(s[1] for s in spans), max(s[2] for s in spans)
    pids = {s[0] for s in spans}
    busy = [sum(s[2] - s[1] for s in spans if s[0] == p) / (last - first) for p in pids]
    ends = [max(s[2] for s in spans if s[0] == p) for p in pids]
    return min(busy), max(ends) - min(ends)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", type=Path, help="a JSONL file (default: corpus documents, --mb MB)")
    ap.add_argument("--mb", type=float, default=20.0)
    ap.add_argument("--chunksize", type=int, default=8, help="the fixed chunk size compared (default 8)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    path = args.file
    if path is None:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from corpus_scale import make_input

        path = make_input(args.mb, Path("/tmp") / f"zongjie_corpus_{args.mb:g}mb.jsonl")
    print(f"input: {path} ({path.stat().st_size / 1e6:.1f} MB); --jobs 2, {args.repeat} interleaved runs, medians")
    runs: dict[str, list[dict]] = {"sized by bytes": [], f"{args.chunksize} documents": []}
    for _ in range(args.repeat):
        for label, size in (("sized by bytes", "auto"), (f"{args.chunksize} documents", str(args.chunksize))):
            t0 = time.perf_counter()
            proc = subprocess.run([sys.executable, "-c", CHILD, str(path), size], capture_output=True, text=True)
            if proc.returncode != 0:
                sys.exit(f"run failed: {proc.stderr.strip()[-400:]}")
            got = json.loads(proc.stdout.strip().splitlines()[-1])
            got["wall"] = time.perf_counter() - t0
            runs[label].append(got)
    for label, got in runs.items():
        busy, apart = zip(*(worker_stats(g["spans"]) for g in got))
        print(f"chunks {label:16s} wall {statistics.median(g['wall'] for g in got):6.2f} s  "
              f"parent CPU {statistics.median(g['parent'] for g in got):5.2f} s  "
              f"workers CPU {statistics.median(g['workers'] for g in got):6.2f} s  "
              f"chunks {statistics.median(len(g['spans']) for g in got):5.0f}  "
              f"least busy worker {statistics.median(busy):.1%}  last ends {statistics.median(apart) * 1000:.0f} ms apart")


if __name__ == "__main__":
    main()
