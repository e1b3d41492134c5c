"""Speed of the section classifier as ratios against jieba, measured in the same process.

1. Throughput: the seed file repeated to 6 MB, the whole pipeline (segmentation + features +
   two-pass model) against ``jieba.lcut`` over the same text. ratio = jieba time / our time
   (target >= 1.0: we are no slower than tokenising alone).
2. Cold start: ``zongjie classify`` on a 2 KB file in a fresh process against
   ``python -c "import jieba; jieba.initialize()"``. ratio = our time / jieba time (target <= 1.5).

Run from the repository root:  python benchmarks/classify_speed.py [--mb 6] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "000_c17b3569a10509d4.txt"
FALLBACK = ROOT / "examples" / "sample_summary.txt"


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def throughput(mb: float, repeat: int) -> dict:
    import jieba

    from zongjie.classify import classify, load_model
    from zongjie.read import read_text

    src = SEED if SEED.exists() else FALLBACK
    base = read_text(src).text
    text = (base + "\n") * max(1, int(mb * 1_000_000 / len((base + "\n").encode("utf-8"))))
    model = load_model()
    jieba.setLogLevel(60)
    jieba.initialize()
    classify(base, model)  # warm up (OpenCC, regexes)
    ours = _best(lambda: classify(text, model), repeat)
    theirs = _best(lambda: jieba.lcut(text), 1)
    size = len(text.encode("utf-8")) / 1e6
    return {"source": src.name, "mb": round(size, 2), "classify_s": round(ours, 2), "jieba_s": round(theirs, 2),
            "classify_mb_per_s": round(size / ours, 2), "ratio": round(theirs / ours, 2)}


def cold_start(repeat: int) -> dict:
    src = SEED if SEED.exists() else FALLBACK
    data = src.read_bytes()
    sample = data[:2048].decode("utf-8", errors="ignore").encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "small.txt"
        f.write_bytes(sample)
        exe = Path(sys.executable)
        zj = [str(exe), "-m", "zongjie", "classify", str(f), "--format", "jsonl"]
        jb = [str(exe), "-c", "import jieba; jieba.setLogLevel(60); jieba.initialize()"]
        env = dict(os.environ)

        def run(cmd):
            return lambda: subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)

        run(zj)()  # warm the file cache
        run(jb)()
        ours = _best(run(zj), repeat)
        theirs = _best(run(jb), repeat)
    return {"classify_s": round(ours, 3), "jieba_init_s": round(theirs, 3), "ratio": round(ours / theirs, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=6.0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    t = throughput(args.mb, max(1, args.repeat - 2) if args.mb > 2 else args.repeat)
    print(f"throughput: {t['mb']} MB of {t['source']}: classify {t['classify_s']} s ({t['classify_mb_per_s']} MB/s), "
          f"jieba.lcut {t['jieba_s']} s -> ratio {t['ratio']} (target >= 1.0)")
    c = cold_start(args.repeat)
    print(f"cold start: zongjie classify 2 KB {c['classify_s']} s, jieba.initialize {c['jieba_init_s']} s "
          f"-> ratio {c['ratio']} (target <= 1.5)")


if __name__ == "__main__":
    main()
