"""Figure extraction scores on the gold set: span+kind P/R/F1 per kind and overall,
value accuracy, placeholder/approx flag accuracy.

Run: python benchmarks/figures_eval.py [--errors]
Parts: own sentences (dev, eval), the seed (hand-reviewed, offsets only), the corpus
annotations split by a hash of the document id into dev and eval halves. Rules were tuned
on the dev parts; the eval parts are the held-out numbers.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zongjie.figures.gold import (KINDS, Scores, load_cases, load_corpus, load_seed, load_subjects, predict_ours, score,
                                  score_subjects, split_of)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "figures"
SEED_NAME = "000_c17b3569a10509d4.txt"


def seed_path() -> Path:
    for p in (ROOT.parent / "shared" / "seed" / SEED_NAME, Path("/work/shared/seed") / SEED_NAME):
        if p.exists():
            return p
    return ROOT.parent / "shared" / "seed" / SEED_NAME


def gold_parts() -> dict[str, list]:
    """Named parts of the gold set (a part is absent when its source is)."""
    corpus = load_corpus(ROOT / "corpus" / "docs")
    parts = {
        "own-dev": load_cases(DATA / "cases_dev.jsonl"),
        "own-eval": load_cases(DATA / "cases_eval.jsonl"),
        "corpus-dev": [d for d in corpus if split_of(d.id) == "dev"],
        "corpus-eval": [d for d in corpus if split_of(d.id) == "eval"],
    }
    seed = load_seed(DATA / "seed_gold.jsonl", seed_path())
    if seed is not None:
        parts["seed"] = [seed]
    return parts


def report(name: str, s: Scores, out=sys.stdout) -> None:
    n = sum(s.n_gold.values())
    print(f"\n== {name}: {n} gold figures", file=out)
    print(f"{'kind':8} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}", file=out)
    for k in KINDS:
        p, r, f = s.prf(k)
        print(f"{k:8} {s.n_gold[k]:5d} {s.n_pred[k]:5d} {p:6.3f} {r:6.3f} {f:6.3f}", file=out)
    p, r, f = s.prf()
    ph, ap = s.flag_accuracy()
    print(f"{'ALL':8} {n:5d} {sum(s.n_pred.values()):5d} {p:6.3f} {r:6.3f} {f:6.3f}", file=out)
    print(f"value accuracy {s.value_accuracy():.4f}  placeholder flag {ph:.4f}  approx flag {ap:.4f}", file=out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", action="store_true", help="list misses, extras and wrong values")
    ap.add_argument("--subjects-dev-errors", action="store_true",
                    help="only the subjects, and every inexact one of the design set with its context (never the held-out set)")
    args = ap.parse_args()
    if args.subjects_dev_errors:
        subjects(dev_errors=True)
        return
    parts = gold_parts()
    for name, docs in parts.items():
        s = score(docs, predict_ours)
        report(name, s)
        if args.errors:
            for m in s.misses:
                print("  MISS ", *m)
            for m in s.extras:
                print("  EXTRA", *m)
            for m in s.wrong_values:
                print("  VALUE", *m)
    held_out = parts["own-eval"] + parts["corpus-eval"]
    report("held-out (own-eval + corpus-eval)", score(held_out, predict_ours))
    subjects(args.errors)


def subjects(errors: bool = False, out=sys.stdout, dev_errors: bool = False) -> None:
    """Subject accuracy: the design set (tests/data/figures/subjects.jsonl, rules are built on it) and the
    held-out set (subjects_heldout.jsonl, annotated blind and never shown as errors).

    ``errors``/``dev_errors``: every inexact subject of the design set (``dev_errors`` with the text around
    it, to design rules on); the held-out set only ever gives its numbers."""
    docs = ROOT / "corpus" / "docs"
    print("\n== subjects (partial: one holds the other, or both empty)", file=out)
    for name, path in (("design set", DATA / "subjects.jsonl"), ("held out", DATA / "subjects_heldout.jsonl")):
        if dev_errors and path.name != "subjects.jsonl":
            continue  # rules are designed on the design set's errors, the held-out set is not even scored
        if not path.exists():
            print(f"{name:12s} {path.name}: absent", file=out)
            continue
        gold = load_subjects(path, docs)
        s = score_subjects(gold, docs)
        exact, partial = s.rates()
        print(f"{name:12s} {path.name:24s} {len(gold):3d} docs {s.n:5d} figures  exact {exact:.3f}  "
              f"partial {partial:.3f}", file=out)
        if path.name != "subjects.jsonl":
            continue
        if errors:
            for doc, surface, want, got in s.wrong:
                print(f"  SUBJ  {doc} {surface}: gold {want!r} ours {got!r}", file=out)
        if dev_errors:
            for doc, a, b, want, got in s.inexact:
                text = (docs / f"{doc}.txt").read_text(encoding="utf-8")
                ctx = (text[max(0, a - 22):a] + "[" + text[a:b] + "]" + text[b:b + 10]).replace("\n", "⏎")
                print(f"  DEV   {doc[:24]:24s} gold {want!r:14s} ours {got!r:14s} {ctx}", file=out)


if __name__ == "__main__":
    main()
