"""Grouped cross-validation of three systems on the same folds, and accuracy on the seed dev labels.

Systems: ``keywords`` (rules from ``keywords.json``), ``bow`` (char n-gram tf-idf + logistic
regression on the block's text alone), ``full`` (text + structure + stacked context, two passes).
Two groupings of the folds, both reported:

- ``document``: GroupKFold by document (no document is in both train and test);
- ``writer``: leave-one-writer-out (every document of a writer, the corpus id prefix before the
  first ``-``, is held out together). Writers have their own habits of wording and layout, so this
  is the closer stand-in for real summaries nobody has seen, and the model-selection criterion.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional, Sequence

import numpy as np

from ..lang import section_ids

SECTION_IDS = section_ids()
from .rules import rule_predict
from .train import Data, _design, _fit_linear, _mask, fit_model, fit_vectorizer, groups_of, load_data, sample_of

SYSTEMS = ("keywords", "bow", "full")


def metrics(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] = SECTION_IDS) -> dict[str, Any]:
    """Per-label precision/recall/F1, macro-F1 (labels with gold or predicted blocks), accuracy, confusion."""
    idx = {lab: j for j, lab in enumerate(labels)}
    cm = np.zeros((len(labels), len(labels)), dtype=int)
    for g, p in zip(gold, pred):
        cm[idx[g], idx[p]] += 1
    per: dict[str, dict[str, float]] = {}
    f1s = []
    for lab, j in idx.items():
        tp, fp, fn = cm[j, j], cm[:, j].sum() - cm[j, j], cm[j, :].sum() - cm[j, j]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        per[lab] = {"precision": round(float(p), 4), "recall": round(float(r), 4), "f1": round(float(f), 4), "support": int(cm[j, :].sum())}
        if cm[j, :].sum() or cm[:, j].sum():
            f1s.append(f)
    n = int(cm.sum())
    return {
        "n": n,
        "accuracy": round(float(np.trace(cm)) / n, 4) if n else 0.0,
        "macro_f1": round(float(np.mean(f1s)), 4) if f1s else 0.0,
        "per_label": per,
        "labels": list(labels),
        "confusion": cm.tolist(),
    }


def fit_bow(data: Data, vec=None):
    """Text-only baseline: tf-idf char n-grams + logistic regression, no structure."""
    from .train import PARAMS

    vec = vec or fit_vectorizer(data)
    X = _design(vec, data.prepared())[:, :vec.size]
    y = data.labels()
    m = _mask(y)
    layer = _fit_linear(X[m], [v for v in y if v is not None], list(SECTION_IDS), PARAMS["C_first"], vec.size, False)
    return vec, layer


def predict_bow(bow, prepared) -> list[str]:
    vec, layer = bow
    scores = vec.scores(prepared.views(), layer.text) + layer.intercept
    return [SECTION_IDS[j] for j in scores.argmax(axis=1)]


def _predict_all(train: Data, test_prepared, model=None, systems: Sequence[str] = SYSTEMS) -> tuple[dict[str, list[str]], Any]:
    model = model or fit_model(train)
    p, pt = model.predict(test_prepared)
    preds = {"full": [model.labels[j] for j in p.argmax(axis=1)]}
    if "keywords" in systems:
        preds["keywords"] = rule_predict(test_prepared.views())
    if "bow" in systems:
        preds["bow"] = predict_bow(fit_bow(train, model.vectorizer), test_prepared)
    topics = [model.topic_labels[j] if len(model.topic_labels) else None for j in pt.argmax(axis=1)] if len(pt) else []
    return preds, topics


def cross_validate(data: Data, folds: int = 5, progress=None, group: str = "document",
                   systems: Sequence[str] = SYSTEMS) -> dict[str, Any]:
    """Cross-validation grouped by ``document`` (``folds`` folds) or ``writer`` (one fold per writer)."""
    from sklearn.model_selection import GroupKFold

    n_docs = len(data.samples)
    groups = groups_of(data, group)
    n_groups = len(set(groups.tolist()))
    folds = n_groups if group == "writer" else min(folds, n_groups)
    if folds < 2:
        raise ValueError(f"cross-validation by {group} needs at least two groups")
    gold: list[str] = []
    pred: dict[str, list[str]] = {s: [] for s in systems}
    topic_gold, topic_pred = [], []
    for k, (tr, te) in enumerate(GroupKFold(n_splits=folds).split(np.zeros(n_docs), groups=groups)):
        train, test = data.subset(tr), data.subset(te)
        preds, topics = _predict_all(train, test.prepared(), systems=systems)
        keep = _mask(test.labels())
        ys = test.labels()
        gold.extend(y for y in ys if y is not None)
        for s in systems:
            pred[s].extend(p for p, m in zip(preds[s], keep) if m)
        for y, t, full, tp in zip(ys, test.topics(), preds["full"], topics):
            if y == "plans" and t is not None:
                topic_gold.append(t)
                topic_pred.append(tp)
        if progress:
            progress(k + 1, folds)
    out: dict[str, Any] = {s: metrics(gold, pred[s]) for s in systems}
    out["topic_accuracy"] = round(float(np.mean([a == b for a, b in zip(topic_gold, topic_pred)])), 4) if topic_gold else None
    out["topic_n"] = len(topic_gold)
    out["group"] = group
    out["folds"] = folds
    out["groups"] = n_groups
    return out


def seed_dev(data: Data, seed_path: Path) -> dict[str, Any]:
    """Accuracy on the hand-labelled seed file of models trained on the corpus only (never the seed)."""
    from ..corpus.loader import load_seed_dev

    sample = sample_of(load_seed_dev(seed_path))
    preds, topics = _predict_all(data, sample.prepared)
    keep = _mask(sample.labels)
    gold = [y for y in sample.labels if y is not None]
    out = {s: metrics(gold, [p for p, m in zip(preds[s], keep) if m]) for s in SYSTEMS}
    pairs = [(t, tp) for y, t, tp in zip(sample.labels, sample.topics, topics) if y == "plans" and t is not None]
    out["topic_accuracy"] = round(float(np.mean([a == b for a, b in pairs])), 4) if pairs else None
    return out


def default_seed_path() -> Optional[Path]:
    p = Path(__file__).resolve().parents[3].parent / "shared" / "seed" / "000_c17b3569a10509d4.txt"
    return p if p.is_file() else None


def evaluate(corpus_dir, folds: int = 5, seed_path: Optional[Path] = None, progress=None,
             groups: Sequence[str] = ("document", "writer")) -> dict[str, Any]:
    """Cross-validation of the three systems (by document -> ``cv``, by writer -> ``cv_writer``),
    plus seed dev accuracy when the seed is available."""
    data = load_data(corpus_dir)
    result: dict[str, Any] = {"documents": len(data.samples), "folds": folds}
    for group in groups:
        key = "cv" if group == "document" else f"cv_{group}"
        n_groups = len(set(groups_of(data, group).tolist()))
        if n_groups >= 2:
            result[key] = cross_validate(data, folds, progress, group=group)
    seed_path = seed_path or default_seed_path()
    if seed_path is not None and Path(seed_path).is_file():
        result["seed_dev"] = seed_dev(data, Path(seed_path))
    return result


def report(result: dict[str, Any], fmt: str = "table") -> str:
    """The evaluation as JSON, or as Markdown tables (what models/README.md shows)."""
    import json

    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=1)
    lines: list[str] = []
    for key in ("cv", "cv_writer"):
        if key in result:
            lines.extend(_cv_tables(result, result[key]))
            lines.append("")
    seed = result.get("seed_dev")
    if seed:
        lines.append(f"Seed dev set ({seed['full']['n']} hand-labelled blocks; models trained on the corpus only)\n")
        lines.append("| system | macro-F1 | accuracy |")
        lines.append("|---|---|---|")
        for s in SYSTEMS:
            lines.append(f"| {s} | {seed[s]['macro_f1']:.3f} | {seed[s]['accuracy']:.3f} |")
        if seed.get("topic_accuracy") is not None:
            lines.append(f"\nSeed plan topic accuracy: {seed['topic_accuracy']:.3f}")
        lines.append("\nSeed confusion matrix of the full model:\n")
        lines.extend(_confusion(seed["full"]))
    else:
        lines.append("Seed dev set: not available (../shared/seed absent)")
    return "\n".join(lines)


def _cv_tables(result: dict[str, Any], cv: dict[str, Any]) -> list[str]:
    systems = [s for s in SYSTEMS if s in cv]
    if cv.get("group") == "writer":
        title = (f"Leave-one-writer-out cross-validation ({cv['folds']} writers) over {result['documents']} documents "
                 f"({cv['full']['n']} labelled blocks)")
    else:
        title = (f"Grouped {cv.get('folds', result['folds'])}-fold cross-validation by document over "
                 f"{result['documents']} documents ({cv['full']['n']} labelled blocks)")
    lines = [title, "", "| system | macro-F1 | accuracy |", "|---|---|---|"]
    for s in systems:
        lines.append(f"| {s} | {cv[s]['macro_f1']:.3f} | {cv[s]['accuracy']:.3f} |")
    if cv.get("topic_accuracy") is not None:
        lines.append(f"\nPlan topic accuracy (full model, {cv['topic_n']} plan blocks with a gold topic): "
                     f"{cv['topic_accuracy']:.3f}")
    lines.append("\nPer label (P / R / F1):\n")
    lines.append("| label | support | " + " | ".join(systems) + " |")
    lines.append("|---|---|" + "---|" * len(systems))
    for lab in SECTION_IDS:
        cells = []
        for s in systems:
            m = cv[s]["per_label"][lab]
            cells.append(f"{m['precision']:.2f} / {m['recall']:.2f} / {m['f1']:.2f}")
        lines.append(f"| {lab} | {cv['full']['per_label'][lab]['support']} | " + " | ".join(cells) + " |")
    lines.append("\nConfusion matrix of the full model (rows gold, columns predicted):\n")
    lines.extend(_confusion(cv["full"]))
    return lines


def _confusion(m: dict[str, Any]) -> list[str]:
    short = [lab[:5] for lab in m["labels"]]
    out = ["| gold \\ pred | " + " | ".join(short) + " |", "|---|" + "---|" * len(short)]
    for lab, row in zip(m["labels"], m["confusion"]):
        out.append(f"| {lab} | " + " | ".join(str(x) for x in row) + " |")
    return out
