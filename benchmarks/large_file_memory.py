"""Peak memory of one large file: ``zongjie classify FILE`` (document by document) against the same
file analysed whole (``Pipeline().analyse(text)``, what the CLI did before), in the same run.

    python benchmarks/large_file_memory.py              # a 50 MB file
    python benchmarks/large_file_memory.py --mb 10 --task extract

The file is corpus/docs concatenated until it has the size asked for (written to /tmp and reused).
Each measurement is a subprocess whose resident memory is sampled every 0.05 s (psutil). Target:
the streaming run of a 50 MB file peaks under 300 MB. Prints both peaks, their ratio and the times.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WHOLE = ("import sys; from zongjie.pipeline import Pipeline; from zongjie.read import read_text; "
         "t = read_text(sys.argv[1]).text; a = Pipeline(sections=sys.argv[2] == 'classify').analyse(t); "
         "print(len(a.documents))")


def make_file(mb: float, path: Path) -> Path:
    """About ``mb`` megabytes of corpus documents, one after another (reused when the size fits)."""
    target = int(mb * 1_000_000)
    if path.exists() and abs(path.stat().st_size - target) < 200_000:
        return path
    docs = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "docs").glob("*.txt"))]
    tmp, size, i = path.with_suffix(".tmp"), 0, 0
    with open(tmp, "w", encoding="utf-8") as fh:
        while size < target:
            chunk = docs[i % len(docs)] + "\n"
            fh.write(chunk)
            size += len(chunk.encode("utf-8"))
            i += 1
    os.replace(tmp, path)
    return path


def peak(cmd: list[str]) -> tuple[float, float]:
    """(peak RSS in MB, seconds) of ``cmd`` and its children; output to /dev/null."""
    import psutil

    t0 = time.perf_counter()
    with open(os.devnull, "w") as devnull:
        popen = subprocess.Popen(cmd, stdout=devnull, stderr=subprocess.PIPE)
        proc, top = psutil.Process(popen.pid), 0
        while popen.poll() is None:
            try:
                top = max(top, sum(p.memory_info().rss for p in [proc] + proc.children(recursive=True)))
            except psutil.Error:
                pass
            time.sleep(0.05)
        err = popen.stderr.read().decode("utf-8", "replace")
    if popen.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({popen.returncode}): {err[-500:]}")
    return top / 1e6, time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=50.0, help="file size in MB (default 50)")
    ap.add_argument("--task", choices=("segment", "extract", "classify"), default="classify")
    ap.add_argument("--no-baseline", action="store_true", help="skip the whole-text run")
    args = ap.parse_args()
    path = make_file(args.mb, Path("/tmp") / f"zongjie_large_{args.mb:g}mb.txt")
    print(f"input: {path} {path.stat().st_size / 1e6:.1f} MB; task {args.task}")
    exe = str(Path(sys.executable).with_name("zongjie"))
    stream_mb, stream_s = peak([exe, args.task, str(path), "--format", "jsonl"])
    print(f"zongjie {args.task} FILE (document by document): peak {stream_mb:.0f} MB, {stream_s:.0f} s")
    if not args.no_baseline:
        whole_mb, whole_s = peak([sys.executable, "-c", WHOLE, str(path), args.task])
        print(f"Pipeline().analyse(whole text) (before):       peak {whole_mb:.0f} MB, {whole_s:.0f} s")
        print(f"peak memory ratio whole / streaming: {whole_mb / stream_mb:.1f}x")
    print(f"target (< 300 MB for 50 MB): {'met' if stream_mb < 300 else 'MISSED'} ({stream_mb:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
