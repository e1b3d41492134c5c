"""Evaluation: real pages first, then the seed, then cross-validation over our own corpus.

- **real pages** (``realdev``): a labelled set of real web pages nobody on the team wrote; the headline
  number and the model-selection criterion (never training data);
- **seed**: the real seed summaries with our hand labels (``corpus/dev/seed.labels.jsonl``);
- **corpus CV**: GroupKFold by document, and leave-one-writer-out (every document of a writer held out
  together). CV over our own writing measures our style more than the task; it stands beside the others.

Scores come from ``sklearn.metrics``. A prediction that is no section (``?``: no block covers the
paragraph) counts as wrong everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Optional, Sequence, Union

import numpy as np

from ..lang import section_ids


def metrics(gold: Sequence[str], pred: Sequence[str], labels: Optional[Sequence[str]] = None) -> dict[str, Any]:
    """Accuracy, macro-F1 over the labels present in gold, per-label P/R/F1 and the confusion matrix."""
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

    labels = list(labels or section_ids())
    n = len(gold)
    if not n:
        return {"n": 0, "accuracy": 0.0, "macro_f1": 0.0, "per_label": {}, "labels": labels, "confusion": []}
    present = [lab for lab in labels if lab in set(gold)]
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=present, zero_division=0)
    per = {lab: {"precision": round(float(a), 4), "recall": round(float(b), 4), "f1": round(float(c), 4),
                 "support": int(d)} for lab, a, b, c, d in zip(present, p, r, f, s)}
    return {
        "n": n,
        "accuracy": round(float(accuracy_score(gold, pred)), 4),
        "macro_f1": round(float(np.mean(f)), 4) if len(f) else 0.0,
        "per_label": per,
        "labels": labels,
        "confusion": confusion_matrix(gold, pred, labels=labels).tolist(),
    }


def cross_validate(corpus, folds: int = 5, group: str = "document", params: Optional[dict[str, Any]] = None,
                   progress: Optional[Callable[[int, int], None]] = None) -> dict[str, Any]:
    """Out-of-fold section predictions of every corpus block, folds grouped by document or writer."""
    from sklearn.model_selection import GroupKFold, LeaveOneGroupOut

    from .train import fit_model

    keys = corpus.sources if group == "document" else corpus.writers
    names = sorted(set(keys))
    groups = np.array([names.index(k) for k in keys])
    splitter = LeaveOneGroupOut() if group == "writer" else GroupKFold(n_splits=min(folds, len(names)))
    gold, pred = [], []
    splits = list(splitter.split(np.zeros(len(groups)), groups=groups))
    for k, (tr, te) in enumerate(splits, 1):
        model = fit_model(corpus.subset(tr), params)
        for i in te:
            gold.extend(corpus.labels[i])
            pred.extend(model.decide(corpus.docs[i]).sections)
        if progress is not None:
            progress(k, len(splits))
    out = metrics(gold, pred)
    out["folds"] = len(splits)
    out["grouping"] = group
    return out


def seed_pages(seed_path: Union[str, Path], labels_path: Union[str, Path]):
    """The seed file as one labelled page (its hand-labelled lines; noise lines count as ``other``)."""
    from ..corpus.loader import load_seed_dev
    from .realdev import Page

    doc = load_seed_dev(Path(seed_path), Path(labels_path))
    paras = tuple((ln.start, doc.text[ln.start:ln.end].strip()) for ln in doc.lines)
    gold = tuple("other" if ln.label == "noise" else ln.label for ln in doc.lines)
    return [Page("seed", doc.text, paras, gold)]


def evaluate(corpus_dir: Union[str, Path, None] = None, folds: int = 5, realdev: Union[str, Path, None] = None,
             seed: Union[str, Path, None] = None, seed_labels: Union[str, Path, None] = None, model=None,
             writer_cv: bool = True, progress: Optional[Callable[[str], None]] = None) -> dict[str, Any]:
    """Every evaluation whose data is given: real pages and seed with ``model`` (the shipped one by
    default), cross-validation when ``corpus_dir`` is given."""
    from .realdev import evaluate_pages, load_pages

    say = progress or (lambda _msg: None)
    result: dict[str, Any] = {}
    if realdev is not None:
        say("real pages")
        result["realdev"] = evaluate_pages(load_pages(realdev), model)
    if seed is not None:
        say("seed")
        labels = seed_labels or Path(corpus_dir or "corpus") / "dev" / "seed.labels.jsonl"
        result["seed"] = evaluate_pages(seed_pages(seed, labels), model)
    if corpus_dir is not None:
        from .train import load_corpus_inputs

        corpus = load_corpus_inputs(corpus_dir)
        say("corpus CV by document")
        result["cv_document"] = cross_validate(corpus, folds, "document",
                                               progress=lambda k, n: say(f"fold {k}/{n}"))
        if writer_cv:
            say("corpus CV by writer")
            result["cv_writer"] = cross_validate(corpus, folds, "writer", progress=lambda k, n: say(f"writer {k}/{n}"))
    return result


_TITLES = {"realdev": "real pages", "seed": "seed dev labels", "cv_document":
           "corpus, CV grouped by document", "cv_writer": "corpus, leave-one-writer-out"}


def report(result: dict[str, Any], fmt: str = "table") -> str:
    """The evaluation as a Markdown table (the model card's) or JSON."""
    import json

    if fmt == "json":
        return json.dumps({k: {kk: vv for kk, vv in v.items() if kk != "errors"} for k, v in result.items()},
                          ensure_ascii=False, indent=1)
    lines = ["| evaluation | paragraphs | accuracy | macro-F1 |", "|---|---|---|---|"]
    for key in ("realdev", "seed", "cv_document", "cv_writer"):
        if key in result:
            r = result[key]
            lines.append(f"| {_TITLES[key]} | {r['n']} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} |")
    for key in ("realdev",):
        if key in result and "structure" in result[key]:
            s = result[key]["structure"]
            lines.append("")
            lines.append(f"Structure per page, {_TITLES[key]} ({result[key]['pages']} pages): genre {s['genre']:.3f}, "
                         f"plan start {s['plan_start']:.3f}, title {s['title']:.3f}")
    if "realdev" in result:
        lines += ["", "Per label on real pages:", "", "| section | precision | recall | F1 | paragraphs |",
                  "|---|---|---|---|---|"]
        for lab, v in result["realdev"]["per_label"].items():
            lines.append(f"| {lab} | {v['precision']:.2f} | {v['recall']:.2f} | {v['f1']:.2f} | {v['support']} |")
    return "\n".join(lines)
