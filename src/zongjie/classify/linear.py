"""Multinomial linear layers: fitted with scikit-learn, applied with numpy alone.

A :class:`Linear` holds the weights of one logistic regression over up to three feature blocks: the
n-grams of a block's own text, the n-grams of its enclosing heading (scaled by a weight) and dense
features. Prediction computes ``softmax(text @ W_text + heading @ W_head + dense @ W_dense + b)``
without building the sparse matrix, so loading a model and classifying needs no scikit-learn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np

from .features import CharNgrams, SparseRows


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@dataclass
class Linear:
    """Weights of one layer; ``classes`` name the columns. Absent blocks are ``None``."""

    classes: list[str]
    intercept: np.ndarray
    dense: Optional[np.ndarray] = None    # (n dense features, k)
    text: Optional[np.ndarray] = None     # (vocabulary, k)
    heading: Optional[np.ndarray] = None  # (vocabulary, k), applied to heading n-grams x heading_weight

    def logits(self, dense: Optional[np.ndarray] = None, text: Optional[SparseRows] = None,
               heading: Optional[SparseRows] = None, heading_weight: float = 0.0,
               extra: Optional[np.ndarray] = None) -> np.ndarray:
        """Scores of every row: ``dense`` features, tf-idf rows of the blocks' text and of their headings;
        ``extra`` is a text part computed beforehand (for many documents at once), added as it is."""
        n = len(dense) if dense is not None else (text.n if text is not None else len(extra) if extra is not None else 0)
        z = np.tile(self.intercept, (n, 1))
        if extra is not None:
            z += extra
        if self.dense is not None and dense is not None:
            z += dense @ self.dense
        if self.text is not None and text is not None:
            z += text.dot(self.text)
        if self.heading is not None and heading is not None and heading_weight:
            z += heading_weight * heading.dot(self.heading)
        return z

    def proba(self, *args, **kwargs) -> np.ndarray:
        """Class probabilities, one column per class (rows sum to 1)."""
        return softmax(self.logits(*args, **kwargs))


def design(vec: Optional[CharNgrams], dense: Optional[np.ndarray] = None, texts: Optional[Sequence[str]] = None,
           headings: Optional[Sequence[str]] = None, heading_weight: float = 0.0):
    """The sparse training matrix ``[text | heading x weight | dense]`` matching :meth:`Linear.logits`."""
    import scipy.sparse as sp

    blocks = []
    if texts is not None and vec is not None:
        blocks.append(_tfidf(vec, texts))
        if headings is not None and heading_weight:
            blocks.append(_tfidf(vec, headings) * heading_weight)
    if dense is not None:
        blocks.append(sp.csr_matrix(dense))
    return sp.hstack(blocks, format="csr")


def _tfidf(vec: CharNgrams, texts: Sequence[str]):
    import scipy.sparse as sp

    rows, cols, vals = vec.transform(list(texts))
    return sp.csr_matrix((vals, (rows, cols)), shape=(len(texts), vec.size))


def fit(X, y: Sequence[str], C: float, *, vocab: int = 0, heading: bool = False, dense: int = 0,
        class_weight: Optional[str] = "balanced") -> Linear:
    """A logistic regression on ``X`` (built by :func:`design`), split back into a :class:`Linear`.

    Deterministic (lbfgs). A label set of one class gives a constant layer."""
    from sklearn.linear_model import LogisticRegression

    classes = sorted(set(y))
    width = X.shape[1]
    if len(classes) < 2:
        coef = np.zeros((width, 1))
        return _split(classes, np.zeros(1), coef, vocab, heading, dense)
    lr = LogisticRegression(C=C, max_iter=5000, class_weight=class_weight)
    lr.fit(X, list(y))
    coef = lr.coef_.T
    intercept = lr.intercept_
    if len(classes) == 2:  # one column for the positive class; keep two for a uniform softmax
        coef = np.hstack([np.zeros_like(coef), coef])
        intercept = np.array([0.0, float(intercept[0])])
    return _split([str(c) for c in lr.classes_], intercept, coef, vocab, heading, dense)


def _split(classes: list[str], intercept: np.ndarray, coef: np.ndarray, vocab: int, heading: bool,
           dense: int) -> Linear:
    pos = 0
    text = head = None
    if vocab:
        text, pos = coef[:vocab], vocab
        if heading:
            head, pos = coef[pos:pos + vocab], pos + vocab
    dense_w = coef[pos:pos + dense] if dense else None
    return Linear(list(classes), np.asarray(intercept, dtype=float), dense_w, text, head)
