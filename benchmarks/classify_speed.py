"""Speed of ``zongjie classify`` as a whole process, against ``jieba.lcut`` over the same text, in one run.

Both sides are whole processes started the same way, on the same file (our corpus, ``corpus/docs/*.txt``,
repeated to ``--mb`` megabytes of UTF-8): ``zongjie classify FILE --format jsonl`` (read, segment, structure,
sections, figures, rows written to /dev/null) against ``python -c "jieba.lcut(open(FILE).read())"``
(dictionary load and tokenising). Each is timed ``--repeat`` times, the best kept.

    ratio = jieba seconds / zongjie seconds     (>= 1.0: zongjie is no slower than tokenising alone)

Run from the repository root:  python benchmarks/classify_speed.py [--mb 3] [--repeat 2]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus_text(megabytes: float) -> str:
    """The corpus repeated to ``megabytes`` of UTF-8 (the same text ``extract_speed.py`` uses)."""
    from extract_speed import big_text, corpus_texts  # a sibling script: benchmarks/ is sys.path[0]

    return big_text(corpus_texts(), megabytes)


def best_seconds(cmd: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        took = time.perf_counter() - t0
        if proc.returncode != 0:
            sys.exit(f"{cmd[0]} failed: {proc.stderr.strip()[-300:]}")
        best = min(best, took)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=3.0)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    zongjie = Path(sys.executable).with_name("zongjie")
    cli = [str(zongjie)] if zongjie.exists() else [sys.executable, "-m", "zongjie"]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.txt"
        path.write_text(corpus_text(args.mb), encoding="utf-8")
        mb = path.stat().st_size / 1e6
        ours = best_seconds([*cli, "classify", str(path), "--format", "jsonl"], args.repeat)
        code = f"import jieba; jieba.setLogLevel(60); jieba.lcut(open({str(path)!r}, encoding='utf-8').read())"
        theirs = best_seconds([sys.executable, "-c", code], args.repeat)
    print(f"input: {mb:.2f} MB of our corpus (UTF-8)")
    print(f"zongjie classify (whole process): {ours:.2f} s   ({mb / ours:.2f} MB/s)")
    print(f"jieba.lcut (whole process):       {theirs:.2f} s   ({mb / theirs:.2f} MB/s)")
    print(f"ratio jieba / zongjie = {theirs / ours:.2f}   (target >= 1.0)")


if __name__ == "__main__":
    main()
