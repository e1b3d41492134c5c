"""Training the section model on the annotated corpus (scikit-learn is used here only).

Deterministic: documents in file-name order, a sorted vocabulary, lbfgs logistic regression
(no randomness), GroupKFold without shuffling, rounded floats in the saved file.

The second pass is stacked honestly: its context features come from out-of-fold first-pass
probabilities (GroupKFold by document), so it learns how far to trust a neighbour's guess as
it will be at prediction time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence

import numpy as np

from ..sections import SECTION_IDS
from .features import CharNgrams, Prepared, context, prepare
from .model import Linear, SectionModel

# Hyper-parameters (chosen by grouped cross-validation on the corpus; see models/README.md).
PARAMS: dict[str, Any] = {
    "min_df": 5,
    "max_features": 40000,
    "C_first": 1.0,
    "C_second": 10.0,
    "C_topic": 10.0,
    "inner_folds": 5,
    "struct_scale": 0.25,
}
TOPIC_LABELS = ("organization", "democracy", "competitions", "welfare", "culture", "problems", "overview", "other")


@dataclass
class Sample:
    """One annotated document ready for training: its prepared blocks and gold labels."""

    id: str
    prepared: Prepared
    labels: list[Optional[str]]   # None for blocks whose lines are all noise
    topics: list[Optional[str]]


@dataclass
class Data:
    samples: list[Sample] = field(default_factory=list)

    def subset(self, idx: Sequence[int]) -> "Data":
        return Data([self.samples[i] for i in idx])

    def prepared(self) -> Prepared:
        return Prepared([d for s in self.samples for d in s.prepared.docs])

    def labels(self) -> list[Optional[str]]:
        return [y for s in self.samples for y in s.labels]

    def topics(self) -> list[Optional[str]]:
        return [t for s in self.samples for t in s.topics]


def sample_of(doc) -> Sample:
    """An :class:`AnnotatedDoc` as a training sample."""
    seg = doc.segmentation
    prep = prepare(seg)
    gold = {(lb.doc, lb.index): (lb.label, lb.topic) for lb in doc.labelled_blocks()}
    labels, topics = [], []
    for d in prep.docs:
        for i in d.indices:
            y, t = gold.get((d.doc, i), (None, None))
            labels.append(y)
            topics.append(t)
    return Sample(doc.id, prep, labels, topics)


def load_data(corpus_dir) -> Data:
    from ..corpus.loader import load_corpus

    return Data([sample_of(doc) for doc in load_corpus(Path(corpus_dir))])


# -- fitting ------------------------------------------------------------------------------------

def _design(vec: CharNgrams, prepared: Prepared, extra: Optional[np.ndarray] = None):
    import scipy.sparse as sp

    views = prepared.views()
    rows, cols, vals = vec.transform(views)
    text = sp.csr_matrix((vals, (rows, cols)), shape=(len(views), vec.size))
    blocks = [text, sp.csr_matrix(prepared.struct() * PARAMS["struct_scale"])]
    if extra is not None:
        blocks.append(sp.csr_matrix(extra))
    return sp.hstack(blocks, format="csr")


def _fit_linear(X, y: Sequence[str], classes: Sequence[str], C: float, vocab: int, has_context: bool) -> Linear:
    from sklearn.linear_model import LogisticRegression

    y = np.asarray(y)
    present = [c for c in classes if c in set(y.tolist())]
    k, width = len(classes), X.shape[1]
    coef = np.zeros((width, k))
    intercept = np.full(k, -30.0)
    if len(present) == 1:
        intercept[classes.index(present[0])] = 0.0
    else:
        from threadpoolctl import threadpool_limits

        clf = LogisticRegression(C=C, solver="newton-cg", max_iter=300, tol=1e-5)
        with threadpool_limits(1):  # small problems: threads only thrash
            clf.fit(X, y)
        if len(clf.classes_) == 2:  # one logit for the second class against zero for the first
            intercept[classes.index(clf.classes_[0])] = 0.0
            coef[:, classes.index(clf.classes_[1])] = clf.coef_[0]
            intercept[classes.index(clf.classes_[1])] = clf.intercept_[0]
        else:
            for j, c in enumerate(clf.classes_):
                coef[:, classes.index(c)] = clf.coef_[j]
                intercept[classes.index(c)] = clf.intercept_[j]
    n_struct = _n_struct()
    text, struct = coef[:vocab], coef[vocab:vocab + n_struct] * PARAMS["struct_scale"]
    ctx = coef[vocab + n_struct:] if has_context else None
    return Linear(text, struct, intercept, ctx)


def _n_struct() -> int:
    from .features import STRUCT_NAMES

    return len(STRUCT_NAMES)


def _mask(values: Sequence[Optional[str]]) -> np.ndarray:
    return np.array([v is not None for v in values], dtype=bool)


def fit_first(vec: CharNgrams, data: Data, labels: Sequence[str] = SECTION_IDS) -> Linear:
    X = _design(vec, data.prepared())
    y = data.labels()
    m = _mask(y)
    return _fit_linear(X[m], [v for v in y if v is not None], list(labels), PARAMS["C_first"], vec.size, False)


def predict_linear(layer: Linear, vec: CharNgrams, prepared: Prepared, extra: Optional[np.ndarray] = None) -> np.ndarray:
    from .model import _softmax

    z = vec.scores(prepared.views(), layer.text) + prepared.struct() @ layer.struct + layer.intercept
    if extra is not None:
        z = z + extra @ layer.context
    return _softmax(z)


def oof_first(vec: CharNgrams, data: Data, folds: int, labels: Sequence[str] = SECTION_IDS) -> np.ndarray:
    """Out-of-fold first-pass probabilities for every block of ``data`` (GroupKFold by document)."""
    from sklearn.model_selection import GroupKFold

    n_docs = len(data.samples)
    sizes = [s.prepared.n for s in data.samples]
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    out = np.zeros((int(offsets[-1]), len(labels)))
    folds = min(folds, n_docs)
    if folds < 2:
        layer = fit_first(vec, data, labels)
        return predict_linear(layer, vec, data.prepared())
    for tr, te in GroupKFold(n_splits=folds).split(np.zeros(n_docs), groups=np.arange(n_docs)):
        layer = fit_first(vec, data.subset(tr), labels)
        for i in te:
            out[offsets[i]:offsets[i + 1]] = predict_linear(layer, vec, data.samples[i].prepared)
    return out


def fit_second(vec: CharNgrams, data: Data, p1: np.ndarray, labels: Sequence[str] = SECTION_IDS) -> Linear:
    prep = data.prepared()
    ctx = context(prep, p1)
    X = _design(vec, prep, ctx)
    y = data.labels()
    m = _mask(y)
    return _fit_linear(X[m], [v for v in y if v is not None], list(labels), PARAMS["C_second"], vec.size, True)


def fit_topic(vec: CharNgrams, data: Data) -> Linear:
    X = _design(vec, data.prepared())
    y, t = data.labels(), data.topics()
    m = np.array([yy == "plans" and tt in TOPIC_LABELS for yy, tt in zip(y, t)], dtype=bool)
    yt = [tt for yy, tt in zip(y, t) if yy == "plans" and tt in TOPIC_LABELS]
    return _fit_linear(X[m], yt, list(TOPIC_LABELS), PARAMS["C_topic"], vec.size, False)


def fit_vectorizer(data: Data) -> CharNgrams:
    return CharNgrams.fit(data.prepared().views(), min_df=PARAMS["min_df"], max_features=PARAMS["max_features"])


def fit_model(data: Data, meta: Optional[dict[str, Any]] = None) -> SectionModel:
    """The full two-pass model and the topic model, trained on all of ``data``."""
    vec = fit_vectorizer(data)
    first = fit_first(vec, data)
    p1 = oof_first(vec, data, PARAMS["inner_folds"])
    second = fit_second(vec, data, p1)
    topic = fit_topic(vec, data)
    info = {"params": PARAMS, "documents": len(data.samples), "blocks": sum(y is not None for y in data.labels())}
    info.update(meta or {})
    return SectionModel(list(SECTION_IDS), vec, first, second, list(TOPIC_LABELS), topic, info)


def train(corpus_dir, out_dir) -> Path:
    """Train on ``corpus_dir`` and write ``<out_dir>/classifier.jsonl`` (never uses the seed)."""
    data = load_data(corpus_dir)
    model = fit_model(data, {"corpus_documents": sorted(s.id for s in data.samples)})
    return model.save(out_dir)
