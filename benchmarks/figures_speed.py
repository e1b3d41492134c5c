"""Throughput of figure extraction against ``jieba.lcut`` on the same text, same process.

Run: python benchmarks/figures_speed.py [--mb 6]
The seed file is repeated to about ``--mb`` megabytes (UTF-8); each is timed once after a
warm-up on a small slice (jieba's dictionary load and our regex compilation are excluded).
Target: extraction at least 3x faster than jieba.
"""

from __future__ import annotations

import argparse
import time

from figures_eval import seed_path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=6.0)
    args = ap.parse_args()
    import jieba

    from zongjie.figures import extract_figures

    base = seed_path().read_text(encoding="utf-8")
    reps = max(1, int(args.mb * 1e6 / len(base.encode("utf-8"))))
    text = "\n".join([base] * reps)
    size = len(text.encode("utf-8")) / 1e6
    tok = jieba.Tokenizer()
    tok.initialize()
    tok.lcut(base[:2000])
    extract_figures(base[:2000])

    t0 = time.perf_counter()
    figs = extract_figures(text)
    t_fig = time.perf_counter() - t0
    t0 = time.perf_counter()
    words = tok.lcut(text)
    t_jieba = time.perf_counter() - t0
    print(f"text: {size:.2f} MB ({len(text):,} chars, seed x{reps})")
    print(f"extract_figures: {t_fig:7.2f} s  {size / t_fig:6.2f} MB/s  {len(figs):,} figures")
    print(f"jieba.lcut:      {t_jieba:7.2f} s  {size / t_jieba:6.2f} MB/s  {len(words):,} words")
    print(f"ratio (jieba time / extraction time): {t_jieba / t_fig:.2f}x  (target >= 3x)")


if __name__ == "__main__":
    main()
