"""Speed of the figure step (``zongjie.figures.extract_view``) against ``jieba.lcut`` on the same text, one process.

Run from the repository root:  python benchmarks/figures_speed.py [--mb 3] [--repeat 3] [--against REV] [--seed]

The text is our corpus (``corpus/docs/*.txt``) repeated to about ``--mb`` megabytes of UTF-8, as
``benchmarks/extract_speed.py`` builds it (``--seed``: the seed file repeated instead). Its half-width view
is made once (that is the reader's work, not the figure step's). Each side is run once to warm up
(patterns compiled, tables read, cn2an imported, jieba's dictionary loaded), then ``--repeat`` rounds
interleave them and the best of each is kept (the machine may be shared: both sides see the same load):

- ``extract_view`` with subjects and without them (subjects are ``figures/subject.py``'s work);
- ``jieba.lcut`` over the same text;
- with ``--against REV``: ``extract_view`` (with and without subjects) of the figure code at git revision
  REV (its ``extract.py`` and ``patterns.py``; the other modules, subjects among them, are today's), to
  print the speed-up of the current code over it.

Wall-clock seconds are the ratios' basis; CPU seconds of this process are printed beside them.

    ratio    = jieba seconds / extract_view seconds     (the figure step's share of issue 14's 3x)
    speed-up = REV's extract_view seconds / current extract_view seconds
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _text(megabytes: float, seed: bool) -> str:
    if seed:
        from figures_eval import seed_path

        base = seed_path().read_text(encoding="utf-8")
        reps = max(1, int(megabytes * 1e6 / len(base.encode("utf-8"))))
        return "\n".join([base] * reps)
    from extract_speed import big_text, corpus_texts

    return big_text(corpus_texts(), megabytes)


def _module_at(rev: str, name: str, source_rewrites: dict[str, str], tmp: Path) -> ModuleType:
    """``zongjie/figures/<name>.py`` as it was at ``rev``, loaded as ``zongjie.figures._at_<name>`` (so that its
    relative imports resolve to today's modules, except the rewritten ones)."""
    src = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:src/zongjie/figures/{name}.py"],
                         capture_output=True, text=True, check=True).stdout
    for old, new in source_rewrites.items():
        src = src.replace(old, new)
    path = tmp / f"_at_{name}.py"
    path.write_text(src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"zongjie.figures._at_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w0, time.process_time() - c0, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=3.0, help="megabytes of text (default 3)")
    ap.add_argument("--repeat", type=int, default=3, help="rounds; the best of each side is kept (default 3)")
    ap.add_argument("--against", metavar="REV", help="also time the figure code of this git revision")
    ap.add_argument("--seed", action="store_true", help="repeat the seed file instead of the corpus")
    args = ap.parse_args()

    import jieba

    import zongjie.figures  # noqa: F401  # the package the old modules are loaded into
    from zongjie.figures import extract_view
    from zongjie.read.view import normalize_view

    text = _text(args.mb, args.seed)
    view = normalize_view(text)
    size = len(text.encode("utf-8")) / 1e6
    jieba.setLogLevel(60)
    tok = jieba.Tokenizer()
    tok.initialize()

    sides: dict[str, Callable[[], object]] = {
        "extract_view": lambda: extract_view(text, view),
        "extract_view, no subjects": lambda: extract_view(text, view, with_subject=False),
    }
    with tempfile.TemporaryDirectory() as tmp:
        if args.against:
            _module_at(args.against, "patterns", {}, Path(tmp))
            old = _module_at(args.against, "extract", {"from .patterns import": "from ._at_patterns import"},
                             Path(tmp))
            sides[f"extract_view at {args.against}"] = lambda: old.extract_view(text, view)
            sides[f"no subjects at {args.against}"] = lambda: old.extract_view(text, view, with_subject=False)
        sides["jieba.lcut"] = lambda: tok.lcut(text)

        counts = {name: len(fn()) for name, fn in sides.items()}  # warm-up
        best = {name: (float("inf"), float("inf")) for name in sides}
        for _ in range(args.repeat):
            for name, fn in sides.items():
                wall, cpu, _out = _timed(fn)
                best[name] = (min(best[name][0], wall), min(best[name][1], cpu))

    print(f"text: {size:.2f} MB ({len(text):,} characters, {'seed' if args.seed else 'corpus'}), "
          f"best of {args.repeat}")
    for name, (wall, cpu) in best.items():
        what = "words" if name == "jieba.lcut" else "figures"
        print(f"{name + ':':36s} {wall:6.3f} s  (CPU {cpu:6.3f} s)  {size / wall:6.2f} MB/s  {counts[name]:,} {what}")
    jieba_s = best["jieba.lcut"][0]
    print(f"ratio (jieba / extract_view):              {jieba_s / best['extract_view'][0]:.2f}x")
    print(f"ratio (jieba / extract_view, no subjects): {jieba_s / best['extract_view, no subjects'][0]:.2f}x")
    if args.against:
        old_s = best[f"extract_view at {args.against}"][0]
        old_n = best[f"no subjects at {args.against}"][0]
        print(f"speed-up over {args.against} (with subjects):  {old_s / best['extract_view'][0]:.2f}x")
        print(f"speed-up over {args.against} (no subjects):    {old_n / best['extract_view, no subjects'][0]:.2f}x")


if __name__ == "__main__":
    main()
