"""Corpus-scale run: throughput and peak memory of ``zongjie extract|classify FILE.jsonl --format jsonl --jobs N``.

    python benchmarks/corpus_scale.py                 # 200 MB of JSONL, --jobs 1 and --jobs 2
    python benchmarks/corpus_scale.py --mb 20 --task classify

The input is generated from corpus/docs (documents repeated with fresh ids) into /tmp and reused
when it already has the right size. Each run is the real command line in a subprocess with its
output to /dev/null; memory is sampled every 0.1 s over the whole process tree (main process and
workers): ``peak tree`` is the largest sum of RSS seen, ``peak proc`` the largest single process.
With ``--repeat N`` the runs are interleaved N times (``--jobs 1``, ``--jobs 2``, ``--jobs 1`` ...: every
side sees the same load on a shared machine) and the best time of each is kept; the machine check of
``extract_speed.py`` (two processes of plain Python work against one) is printed beside the speed-up.
``--split`` adds, in each round, the input split by hand: its two halves given to two ``--jobs 1``
processes started at once (nothing shared, each with its own start-up), what the machine's two cores
give this work when nothing is coordinated: the reference ``--jobs 2`` cannot beat.
Targets: peak memory under 500 MB whatever the input size; --jobs 2 at least 1.7x --jobs 1 on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_input(mb: float, path: Path) -> Path:
    """JSONL of about ``mb`` megabytes of corpus documents (``{"id", "text"}`` per line)."""
    target = int(mb * 1_000_000)
    if path.exists() and abs(path.stat().st_size - target) < 200_000:
        return path
    docs = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "corpus" / "docs").glob("*.txt"))]
    size, i = 0, 0
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        while size < target:
            stem, text = docs[i % len(docs)]
            line = json.dumps({"id": f"{stem}-{i}", "text": text}, ensure_ascii=False) + "\n"
            fh.write(line)
            size += len(line.encode("utf-8"))
            i += 1
    os.replace(tmp, path)
    return path


def _tree_rss(proc) -> tuple[int, int]:
    import psutil

    try:
        procs = [proc] + proc.children(recursive=True)
    except psutil.Error:
        return 0, 0
    rss = []
    for p in procs:
        try:
            rss.append(p.memory_info().rss)
        except psutil.Error:
            pass
    return sum(rss), max(rss, default=0)


def run(path: Path, task: str, jobs: int) -> dict:
    import psutil

    exe = shutil.which("zongjie") or str(Path(sys.executable).with_name("zongjie"))
    cmd = [exe, task, str(path), "--format", "jsonl", "--jobs", str(jobs)]
    t0 = time.perf_counter()
    with open(os.devnull, "w") as devnull:
        popen = subprocess.Popen(cmd, stdout=devnull, stderr=subprocess.PIPE)
        proc = psutil.Process(popen.pid)
        peak_tree = peak_proc = 0
        while popen.poll() is None:
            tree, single = _tree_rss(proc)
            peak_tree, peak_proc = max(peak_tree, tree), max(peak_proc, single)
            time.sleep(0.1)
        err = popen.stderr.read().decode("utf-8", "replace")
    secs = time.perf_counter() - t0
    if popen.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({popen.returncode}): {err[-500:]}")
    mb = path.stat().st_size / 1e6
    return {"jobs": jobs, "seconds": secs, "mb_per_s": mb / secs, "peak_tree_mb": peak_tree / 1e6,
            "peak_proc_mb": peak_proc / 1e6}


def halves(path: Path) -> list[Path]:
    """The input's first and second half (by lines), written beside it."""
    lines = path.read_bytes().splitlines(keepends=True)
    out = [path.with_name(path.stem + ".half1.jsonl"), path.with_name(path.stem + ".half2.jsonl")]
    out[0].write_bytes(b"".join(lines[: len(lines) // 2]))
    out[1].write_bytes(b"".join(lines[len(lines) // 2:]))
    return out


def run_split(parts: list[Path], task: str) -> float:
    """Wall seconds until two ``--jobs 1`` processes, one per part, started at once, have both ended."""
    exe = shutil.which("zongjie") or str(Path(sys.executable).with_name("zongjie"))
    t0 = time.perf_counter()
    with open(os.devnull, "w") as devnull:
        procs = [subprocess.Popen([exe, task, str(p), "--format", "jsonl", "--jobs", "1"], stdout=devnull,
                                  stderr=subprocess.PIPE) for p in parts]
        errors = [proc.communicate()[1] for proc in procs]
    for proc, err in zip(procs, errors):
        if proc.returncode != 0:
            raise SystemExit(f"split run failed ({proc.returncode}): {err.decode('utf-8', 'replace')[-500:]}")
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=200.0, help="input size in MB (default 200)")
    ap.add_argument("--task", choices=("extract", "classify"), default="extract")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--input", type=Path, default=None, help="where to write the generated JSONL (default /tmp)")
    ap.add_argument("--repeat", type=int, default=1, help="interleaved rounds; the best time is kept (default 1)")
    ap.add_argument("--split", action="store_true", help="also time the input split by hand between two processes")
    args = ap.parse_args()
    path = args.input or Path("/tmp") / f"zongjie_corpus_{args.mb:g}mb.jsonl"
    t0 = time.perf_counter()
    make_input(args.mb, path)
    lines = sum(1 for _ in open(path, "rb"))
    print(f"input: {path} {path.stat().st_size / 1e6:.1f} MB, {lines} documents "
          f"(ready in {time.perf_counter() - t0:.1f} s); task {args.task}; {os.cpu_count()} CPUs")
    best: dict[int, dict] = {}
    parts = halves(path) if args.split else []
    split_best = float("inf")
    rounds: dict[str, list[float]] = {}
    for round_ in range(max(1, args.repeat)):
        if parts:
            secs = run_split(parts, args.task)
            rounds.setdefault("split", []).append(secs)
            split_best = min(split_best, secs)
            print(f"{'' if args.repeat <= 1 else f'round {round_ + 1}: '}split by hand, two --jobs 1 at once: "
                  f"{secs:.1f} s")
        for jobs in args.jobs:
            r = run(path, args.task, jobs)
            rounds.setdefault(str(jobs), []).append(r["seconds"])
            print(f"{'' if args.repeat <= 1 else f'round {round_ + 1}: '}--jobs {jobs}: {r['seconds']:.1f} s, "
                  f"{r['mb_per_s']:.2f} MB/s, {lines / r['seconds']:.0f} docs/s, peak memory "
                  f"{r['peak_tree_mb']:.0f} MB (all processes), {r['peak_proc_mb']:.0f} MB (largest process)")
            kept = best.setdefault(jobs, r)
            if r["seconds"] < kept["seconds"]:
                best[jobs] = r = {**r, "peak_tree_mb": max(r["peak_tree_mb"], kept["peak_tree_mb"]),
                                  "peak_proc_mb": max(r["peak_proc_mb"], kept["peak_proc_mb"])}
            else:
                kept.update(peak_tree_mb=max(r["peak_tree_mb"], kept["peak_tree_mb"]),
                            peak_proc_mb=max(r["peak_proc_mb"], kept["peak_proc_mb"]))
    results = list(best.values())
    if args.repeat > 1:
        print(f"best of {args.repeat}: " + ", ".join(f"--jobs {r['jobs']} {r['seconds']:.2f} s" for r in results))
    if len(results) >= 2:
        base = results[0]
        for r in results[1:]:
            print(f"speed-up --jobs {r['jobs']} vs --jobs {base['jobs']}: {base['seconds'] / r['seconds']:.2f}x"
                  f"{'  (target >= 1.7 on two cores)' if (base['jobs'], r['jobs']) == (1, 2) else ''}")
        if parts and 1 in best:
            print(f"split by hand against --jobs 1: {best[1]['seconds'] / split_best:.2f}x (the machine's bound"
                  f" for this work); " + ", ".join(f"--jobs {r['jobs']} gives {split_best / r['seconds']:.2f} of it"
                                                   for r in results if r["jobs"] > 1))
        from extract_speed import cores_available, paired_ratios

        if args.repeat > 1 and {"1", "2"} <= set(rounds):
            print("median of the rounds' own ratios (the two runs of a round are seconds apart): "
                  + paired_ratios(rounds, (("--jobs 2 vs --jobs 1", "1", "2"),
                                           *((("split by hand vs --jobs 1", "1", "split"),) if parts else ()))))

        print(f"machine check: two processes of pure-Python work run {cores_available():.2f}x as fast as one "
              f"(2.0 on two idle cores)")
    worst = max(r["peak_tree_mb"] for r in results)
    print(f"peak memory target (< 500 MB): {'met' if worst < 500 else 'MISSED'} ({worst:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
