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

from ..lang import section_ids

SECTION_IDS = section_ids()
from .features import CONTEXT_SLOTS, CharNgrams, Prepared, context, prepare
from .model import Linear, SectionModel

# Hyper-parameters (chosen by leave-one-writer-out cross-validation on the corpus; see models/README.md).
PARAMS: dict[str, Any] = {
    "min_df": 5,
    "max_features": 40000,
    "C_first": 1.0,
    "C_second": 10.0,
    "C_topic": 10.0,
    "inner_folds": 5,
    "struct_scale": 0.25,
    "struct_drop": (),          # structure features left out (their weights are zero)
    "ctx_scale": 0.25,          # scale of the context features (smaller = more strongly regularised)
    "heading_text": 0.0,        # scale of the enclosing heading's n-grams as a feature block (0 = off)
    "heading_passes": ("first", "second"),
    "inner_group": "writer",    # grouping of the inner out-of-fold first pass (document or writer)
    "C_inner": None,            # C of the inner first pass that feeds the context (None = C_first)
    "class_weight": "balanced",
    "blend": 1.0,               # final = blend * second pass + (1 - blend) * first pass
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

def writer_of(doc_id: str) -> str:
    """The writer of a corpus document: the id prefix before the first ``-`` (``w3-07-...`` -> ``w3``)."""
    return doc_id.split("-", 1)[0]


def groups_of(data: Data, group: str) -> np.ndarray:
    """Group number of every document: itself (``document``) or its writer (``writer``)."""
    if group == "document":
        return np.arange(len(data.samples))
    if group == "writer":
        names = sorted({writer_of(s.id) for s in data.samples})
        return np.array([names.index(writer_of(s.id)) for s in data.samples])
    raise ValueError(f"unknown grouping {group!r} (document or writer)")


def _struct_mask() -> np.ndarray:
    from .features import STRUCT_NAMES

    return np.array([0.0 if n in PARAMS["struct_drop"] else 1.0 for n in STRUCT_NAMES])


def _design(vec: CharNgrams, prepared: Prepared, extra: Optional[np.ndarray] = None, heading: bool = False):
    """[text | struct | context (extra) | enclosing heading's text] as one sparse matrix."""
    import scipy.sparse as sp

    views = prepared.views()
    rows, cols, vals = vec.transform(views)
    text = sp.csr_matrix((vals, (rows, cols)), shape=(len(views), vec.size))
    blocks = [text, sp.csr_matrix(prepared.struct() * (PARAMS["struct_scale"] * _struct_mask()))]
    if extra is not None:
        blocks.append(sp.csr_matrix(extra * PARAMS["ctx_scale"]))
    if heading:
        hidx = prepared.heading_index()
        has = np.flatnonzero(hidx >= 0)
        pick = sp.csr_matrix((np.full(len(has), PARAMS["heading_text"]), (has, hidx[has])), shape=(len(views), len(views)))
        blocks.append(pick @ text)
    return sp.hstack(blocks, format="csr")


def _fit_linear(X, y: Sequence[str], classes: Sequence[str], C: float, vocab: int, has_context: bool,
                has_heading: bool = False) -> Linear:
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

        clf = LogisticRegression(C=C, solver="newton-cg", max_iter=300, tol=1e-5,
                                 class_weight=PARAMS["class_weight"])
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
    if len(struct):  # (the text-only baseline has no structure columns)
        struct = struct * _struct_mask()[:, None]
    pos = vocab + n_struct
    ctx = head = None
    if has_context:
        n_ctx = len(CONTEXT_SLOTS) * (k + 1)
        ctx = coef[pos:pos + n_ctx] * PARAMS["ctx_scale"]
        pos += n_ctx
    if has_heading:
        head = coef[pos:pos + vocab] * PARAMS["heading_text"]
    return Linear(text, struct, intercept, ctx, head)


def _n_struct() -> int:
    from .features import STRUCT_NAMES

    return len(STRUCT_NAMES)


def _mask(values: Sequence[Optional[str]]) -> np.ndarray:
    return np.array([v is not None for v in values], dtype=bool)


def _use_heading(pass_: str) -> bool:
    return PARAMS["heading_text"] > 0 and pass_ in PARAMS["heading_passes"]


def fit_first(vec: CharNgrams, data: Data, labels: Sequence[str] = SECTION_IDS, C: Optional[float] = None) -> Linear:
    head = _use_heading("first")
    X = _design(vec, data.prepared(), heading=head)
    y = data.labels()
    m = _mask(y)
    return _fit_linear(X[m], [v for v in y if v is not None], list(labels), C or PARAMS["C_first"], vec.size, False, head)


def predict_linear(layer: Linear, vec: CharNgrams, prepared: Prepared, extra: Optional[np.ndarray] = None) -> np.ndarray:
    from .model import _softmax

    views = prepared.views()
    mats = [layer.text] + ([layer.heading] if layer.heading is not None else [])
    sc = vec.scores(views, np.hstack(mats))
    k = layer.text.shape[1]
    z = sc[:, :k] + prepared.struct() @ layer.struct + layer.intercept
    if layer.heading is not None:
        hidx = prepared.heading_index()
        has = hidx >= 0
        z[has] += sc[:, k:][hidx[has]]
    if extra is not None:
        z = z + extra @ layer.context
    return _softmax(z)


def oof_first(vec: CharNgrams, data: Data, folds: int, labels: Sequence[str] = SECTION_IDS) -> np.ndarray:
    """Out-of-fold first-pass probabilities for every block of ``data``.

    Folds group documents by ``PARAMS["inner_group"]`` (by writer: the second pass then learns how
    far to trust a neighbour's guess on text by a writer the first pass has never seen)."""
    from sklearn.model_selection import GroupKFold

    n_docs = len(data.samples)
    sizes = [s.prepared.n for s in data.samples]
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    out = np.zeros((int(offsets[-1]), len(labels)))
    groups = groups_of(data, PARAMS["inner_group"])
    if len(set(groups.tolist())) < 2:
        groups = groups_of(data, "document")
    folds = min(folds, len(set(groups.tolist())))
    C = PARAMS["C_inner"]
    if folds < 2:
        layer = fit_first(vec, data, labels, C)
        return predict_linear(layer, vec, data.prepared())
    for tr, te in GroupKFold(n_splits=folds).split(np.zeros(n_docs), groups=groups):
        layer = fit_first(vec, data.subset(tr), labels, C)
        for i in te:
            out[offsets[i]:offsets[i + 1]] = predict_linear(layer, vec, data.samples[i].prepared)
    return out


def fit_second(vec: CharNgrams, data: Data, p1: np.ndarray, labels: Sequence[str] = SECTION_IDS) -> Linear:
    prep = data.prepared()
    ctx = context(prep, p1)
    head = _use_heading("second")
    X = _design(vec, prep, ctx, heading=head)
    y = data.labels()
    m = _mask(y)
    return _fit_linear(X[m], [v for v in y if v is not None], list(labels), PARAMS["C_second"], vec.size, True, head)


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
    return SectionModel(list(SECTION_IDS), vec, first, second, list(TOPIC_LABELS), topic, info, PARAMS["blend"])


def train(corpus_dir, out_dir) -> Path:
    """Train on ``corpus_dir`` and write ``<out_dir>/classifier.jsonl`` (never uses the seed)."""
    data = load_data(corpus_dir)
    model = fit_model(data, {"corpus_documents": sorted(s.id for s in data.samples)})
    return model.save(out_dir)
