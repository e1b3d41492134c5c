"""Speed of ``zongjie classify`` as a whole process, against ``jieba.lcut`` over the same text, in one run.

Both sides are whole processes started the same way, on the same file (our corpus, ``corpus/docs/*.txt``,
repeated to ``--mb`` megabytes of UTF-8): ``zongjie classify FILE --format jsonl`` (read, segment, structure,
sections, figures, rows written to /dev/null) against ``python -c "jieba.lcut(open(FILE).read())"``
(dictionary load and tokenising). The two are timed interleaved ``--repeat`` times (the machine may be
shared: both sides see the same load) and the best of each is kept; zongjie's modules are byte-compiled
first, as an installed package's are (see ``extract_speed.compile_bytecode``).

    ratio = jieba seconds / zongjie seconds     (>= 1.0: zongjie is no slower than tokenising alone)

Run from the repository root:  python benchmarks/classify_speed.py [--mb 3] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

# sibling script (benchmarks/ is sys.path[0]): one copy of the corpus text, the timing and the byte-compiling
from extract_speed import JIEBA_FILE, big_text, compile_bytecode, corpus_texts, timed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=3.0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    zongjie = Path(sys.executable).with_name("zongjie")
    cli = [str(zongjie)] if zongjie.exists() else [sys.executable, "-m", "zongjie"]
    print(compile_bytecode())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.txt"
        path.write_text(big_text(corpus_texts(), args.mb), encoding="utf-8")
        mb = path.stat().st_size / 1e6
        runs = {"zongjie": [*cli, "classify", str(path), "--format", "jsonl"],
                "jieba": [sys.executable, "-c", JIEBA_FILE, str(path)]}
        best = {name: (float("inf"), float("inf")) for name in runs}
        for _ in range(args.repeat):  # interleaved: both sides see the same load
            for name, cmd in runs.items():
                wall, cpu = timed(cmd)
                best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    (ours, ours_cpu), (theirs, theirs_cpu) = best["zongjie"], best["jieba"]
    print(f"input: {mb:.2f} MB of our corpus (UTF-8); best of {args.repeat}, interleaved")
    print(f"zongjie classify (whole process): {ours:.2f} s wall  {ours_cpu:.2f} s CPU  ({mb / ours:.2f} MB/s)")
    print(f"jieba.lcut (whole process):       {theirs:.2f} s wall  {theirs_cpu:.2f} s CPU  ({mb / theirs:.2f} MB/s)")
    print(f"ratio jieba / zongjie = {theirs / ours:.2f} wall, {theirs_cpu / ours_cpu:.2f} CPU   (target >= 1.0)")


if __name__ == "__main__":
    main()
