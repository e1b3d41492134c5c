"""Speed of ``zongjie extract`` as whole processes against ``jieba.lcut`` over the same texts, in one run.

Three comparisons, each side a whole process started the same way (interpreter start, imports, dictionary
or table load, reading, work, output to /dev/null), timed interleaved ``--repeat`` times (the machine may
be shared: the best of each side is kept, and both sides see the same load):

1. one large file (our corpus, ``corpus/docs/*.txt``, repeated to ``--mb`` MB of UTF-8):
   ``zongjie extract FILE --format jsonl`` (read, segment, figures with subjects, rows) against
   ``python -c "jieba.lcut(open(FILE).read())"``;
2. a JSONL stream of small documents (the corpus cut at line ends into documents of about
   ``--doc-kb`` KB): ``zongjie extract FILE.jsonl --format jsonl --jobs 1`` against a script that reads
   the same lines and runs ``jieba.lcut`` on each text;
3. the same stream with ``--jobs 2`` against ``--jobs 1``; beside it, the start-up (``zongjie extract`` of one
   short line: interpreter, imports, tables, compiled patterns), which happens once before any worker is
   forked, and the speed-up two perfect workers would give with that much serial time (Amdahl's bound);
   and the stream split by hand: its two halves given to two ``zongjie extract --jobs 1`` processes
   started at once (no coordination at all, each with its own start-up), what this machine's two cores
   give this work when nothing is shared.

    ratio = jieba seconds / zongjie seconds      (target >= 3 for 1 and 2)
    speed-up = --jobs 1 seconds / --jobs 2 seconds (target >= 1.7 on two cores)

With ``--repeat`` above 1 the median of each round's own ratios is printed too: the runs of one round
follow each other within seconds (``--jobs 2`` right after ``--jobs 1``), so when the machine's speed drifts
from round to round, as a shared VM's does, pairing them is fairer than setting one side's best round
against the other's.

Wall-clock seconds are the ratios' basis; the CPU seconds of each process (user + system, from
``getrusage``) are printed beside them, as they are less disturbed by other work on the machine.

Run from the repository root:  python benchmarks/extract_speed.py [--mb 3] [--doc-kb 4] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

JIEBA_FILE = ("import jieba, sys; jieba.setLogLevel(60); "
              "jieba.lcut(open(sys.argv[1], encoding='utf-8').read())")
JIEBA_JSONL = ("import jieba, json, sys; jieba.setLogLevel(60)\n"
               "for line in open(sys.argv[1], encoding='utf-8'):\n"
               "    jieba.lcut(json.loads(line)['text'])\n")


def corpus_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "docs").glob("*.txt"))]


def big_text(texts: list[str], megabytes: float) -> str:
    out, size, k = [], 0, 0
    while size < megabytes * 1_000_000:
        t = texts[k % len(texts)]
        out.append(t)
        size += len(t.encode("utf-8")) + 2
        k += 1
    return "\n\n".join(out)


def small_docs(texts: list[str], megabytes: float, doc_kb: float) -> list[str]:
    """The corpus, its documents one after another, cut at line ends into documents of about ``doc_kb``
    KB each, up to ``megabytes`` MB."""
    docs, size, k = [], 0, 0
    limit = doc_kb * 1000
    cur: list[str] = []
    n = 0
    while size < megabytes * 1_000_000:
        for line in texts[k % len(texts)].splitlines(keepends=True):
            cur.append(line)
            n += len(line.encode("utf-8"))
            if n >= limit:
                docs.append("".join(cur))
                size += n
                cur, n = [], 0
        k += 1
    return docs


def size_arguments(description: str, repeat: int) -> argparse.Namespace:
    """``--mb``, ``--doc-kb`` and ``--repeat`` parsed: the texts of :func:`big_text` and :func:`small_docs`
    (the same arguments for every benchmark that times them)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--mb", type=float, default=3.0, help="size of the large file and of the stream (MB)")
    ap.add_argument("--doc-kb", type=float, default=4.0, help="size of one document of the stream (KB)")
    ap.add_argument("--repeat", type=int, default=repeat, help=f"rounds; the best is kept (default {repeat})")
    return ap.parse_args()


def compile_bytecode() -> str:
    """Byte-compile zongjie's modules into their ``__pycache__`` (what ``pip install`` does for an installed
    package, and what jieba's installed modules already have): an editable checkout run with
    ``PYTHONDONTWRITEBYTECODE=1`` would otherwise compile every module again at each process start."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("zongjie")
    if spec is None or not spec.submodule_search_locations:
        return "bytecode: zongjie not found"
    pkg = list(spec.submodule_search_locations)[0]
    ok = compileall.compile_dir(pkg, quiet=1)
    return f"bytecode: zongjie's modules compiled in {pkg} ({'ok' if ok else 'some failed'})"


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of ``cmd`` with its output to /dev/null."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {proc.stderr.strip()[-300:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def timed_pair(cmds: list[list[str]]) -> tuple[float, float]:
    """(wall seconds until both end, CPU seconds of both) of ``cmds`` started at once."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for cmd in cmds]
    errors = [proc.communicate()[1] for proc in procs]
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    for cmd, proc, err in zip(cmds, procs, errors):
        if proc.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed: {err.strip()[-300:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _burn(n: int) -> float:
    t0 = time.process_time()
    s = 0
    for i in range(n):
        s += i * i
    return time.process_time() - t0


def cores_available(n: int = 2_000_000, tasks: int = 6) -> float:
    """How much faster two worker processes run pure-Python work than one process (2.0 on two idle
    cores): a check of the machine, printed beside the --jobs 2 speed-up."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    t0 = time.perf_counter()
    for _ in range(tasks):
        _burn(n)
    serial = time.perf_counter() - t0
    with ProcessPoolExecutor(2, mp_context=mp.get_context("spawn")) as ex:
        list(ex.map(_burn, [10, 10]))
        t0 = time.perf_counter()
        list(ex.map(_burn, [n] * tasks))
        pooled = time.perf_counter() - t0
    return serial / pooled


def main() -> None:
    args = size_arguments(__doc__.splitlines()[0], repeat=5)
    exe = Path(sys.executable).with_name("zongjie")
    cli = [str(exe)] if exe.exists() else [sys.executable, "-m", "zongjie"]
    py = sys.executable
    texts = corpus_texts()
    print(compile_bytecode())
    from zongjie import _build

    compiled = _build.compiled_modules()
    print(f"build: {len(compiled)} of {len(_build.COMPILED)} hot modules compiled with mypyc (setup.py)"
          if compiled else "build: pure Python (no compiled module)")
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "corpus.txt"
        big.write_text(big_text(texts, args.mb), encoding="utf-8")
        tiny = Path(tmp) / "line.txt"
        tiny.write_text("全年发放慰问金1.2万元。\n", encoding="utf-8")
        stream = Path(tmp) / "docs.jsonl"
        docs = small_docs(texts, args.mb, args.doc_kb)
        with open(stream, "w", encoding="utf-8") as fh:
            for i, d in enumerate(docs):
                fh.write(json.dumps({"id": f"d{i}", "text": d}, ensure_ascii=False) + "\n")
        halves = [Path(tmp) / "half1.jsonl", Path(tmp) / "half2.jsonl"]
        lines = stream.read_text(encoding="utf-8").splitlines(keepends=True)
        halves[0].write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
        halves[1].write_text("".join(lines[len(lines) // 2:]), encoding="utf-8")
        pair = [[*cli, "extract", str(h), "--format", "jsonl", "--jobs", "1"] for h in halves]
        runs = {
            "zongjie extract FILE": [*cli, "extract", str(big), "--format", "jsonl"],
            "jieba.lcut FILE": [py, "-c", JIEBA_FILE, str(big)],
            "zongjie extract JSONL --jobs 1": [*cli, "extract", str(stream), "--format", "jsonl", "--jobs", "1"],
            "zongjie extract JSONL --jobs 2": [*cli, "extract", str(stream), "--format", "jsonl", "--jobs", "2"],
            "two --jobs 1 on the halves": pair,
            "jieba.lcut JSONL texts": [py, "-c", JIEBA_JSONL, str(stream)],
            "zongjie extract one short line": [*cli, "extract", str(tiny), "--format", "jsonl"],
        }
        best = {name: (float("inf"), float("inf")) for name in runs}
        rounds: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.repeat):  # interleaved: every side sees the same load
            for name, cmd in runs.items():
                wall, cpu = timed_pair(cmd) if name == "two --jobs 1 on the halves" else timed(cmd)
                best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
                rounds[name].append(wall)
        print(f"large file: {big.stat().st_size / 1e6:.2f} MB; stream: {len(docs)} documents, "
              f"{stream.stat().st_size / 1e6:.2f} MB (mean {sum(len(d.encode()) for d in docs) / len(docs) / 1000:.1f} KB);"
              f" best of {args.repeat}, {os.cpu_count()} CPUs")
        for name, (wall, cpu) in best.items():
            print(f"  {name:32s} {wall:7.2f} s wall  {cpu:7.2f} s CPU")
        pairs = (("large file", "jieba.lcut FILE", "zongjie extract FILE"),
                 ("JSONL stream --jobs 1", "jieba.lcut JSONL texts", "zongjie extract JSONL --jobs 1"))
        for label, theirs, ours in pairs:
            print(f"ratio {label} (jieba / zongjie): {best[theirs][0] / best[ours][0]:.2f}x wall, "
                  f"{best[theirs][1] / best[ours][1]:.2f}x CPU  (target >= 3)")
        j1, j2 = best["zongjie extract JSONL --jobs 1"][0], best["zongjie extract JSONL --jobs 2"][0]
        print(f"speed-up --jobs 2 vs --jobs 1: {j1 / j2:.2f}x wall  (target >= 1.7 on two cores)")
        start = best["zongjie extract one short line"][0]  # start-up, tables and patterns: before any fork
        bound = j1 / (start + (j1 - start) / 2)
        print(f"start-up (one short line): {start:.2f} s; with that much serial, two perfect workers give at most "
              f"{bound:.2f}x")
        split = best["two --jobs 1 on the halves"][0]
        print(f"split by hand (two --jobs 1 processes on the halves at once): {j1 / split:.2f}x --jobs 1; "
              f"--jobs 2 gives {split / j2:.2f} of that")
        if args.repeat > 1:
            print("median of the rounds' own ratios (runs of one round are seconds apart, so a machine whose speed "
                  "drifts between rounds disturbs them less than the best times above): " + paired_ratios(rounds, (
                      ("large file", "jieba.lcut FILE", "zongjie extract FILE"),
                      ("JSONL stream --jobs 1", "jieba.lcut JSONL texts", "zongjie extract JSONL --jobs 1"),
                      ("--jobs 2 vs --jobs 1", "zongjie extract JSONL --jobs 1", "zongjie extract JSONL --jobs 2"),
                      ("split by hand vs --jobs 1", "zongjie extract JSONL --jobs 1", "two --jobs 1 on the halves"))))
        print(f"machine check: two processes of pure-Python work run {cores_available():.2f}x as fast as one "
              f"(2.0 on two idle cores)")


def paired_ratios(rounds: dict[str, list[float]], pairs: tuple[tuple[str, str, str], ...]) -> str:
    """``label median (each round's ratio, ...)`` for each ``(label, numerator, denominator)`` of ``pairs``:
    the ratio of two runs of the same round, whose machine speed is the same, then the median over rounds."""
    import statistics

    out = []
    for label, num, den in pairs:
        each = [a / b for a, b in zip(rounds[num], rounds[den])]
        out.append(f"{label} {statistics.median(each):.2f}x ({', '.join(f'{r:.2f}' for r in each)})")
    return "; ".join(out)


if __name__ == "__main__":
    main()
