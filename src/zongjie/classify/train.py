"""Training the section model on the annotated corpus (scikit-learn is used here only).

Deterministic: documents in file-name order, a sorted vocabulary, lbfgs logistic regressions (no
randomness), GroupKFold without shuffling, quantised arrays in the saved file. The seed and the real
dev pages are never training data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence, Union

from ..errors import CorpusError, OutputExistsError
from .estimator import SectionClassifier
from .features import DocInput, prepare
from .model import FILENAME, SectionModel


@dataclass
class Corpus:
    """Training documents: inputs, per-block labels and plan topics, the corpus document and writer of each."""

    docs: list[DocInput] = field(default_factory=list)
    labels: list[list[str]] = field(default_factory=list)
    topics: list[list[Optional[str]]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    @property
    def writers(self) -> list[str]:
        return [writer_of(s) for s in self.sources]

    def subset(self, idx: Sequence[int]) -> "Corpus":
        return Corpus([self.docs[i] for i in idx], [self.labels[i] for i in idx], [self.topics[i] for i in idx],
                      [self.sources[i] for i in idx])


def writer_of(doc_id: str) -> str:
    """The writer of a corpus document: the id prefix before the first ``-`` (``w3-07-...`` -> ``w3``)."""
    return doc_id.split("-", 1)[0]


def labelled_inputs(annotated) -> tuple[list[DocInput], list[list[str]], list[list[Optional[str]]]]:
    """An annotated text as classifier inputs with the gold label and topic of every non-noise block
    (a block covering only noise lines is labelled ``other``: page chrome)."""
    from ..corpus.loader import block_label

    starts = [ln.start for ln in annotated.lines]
    docs = prepare(annotated.segmentation)
    labels, topics = [], []
    for d in docs:
        ys, ts = [], []
        for b in d.blocks:
            lab, top = block_label(b, annotated.lines, starts)
            ys.append("other" if lab == "noise" else lab)
            ts.append(top)
        labels.append(ys)
        topics.append(ts)
    return docs, labels, topics


def load_corpus_inputs(corpus_dir: Union[str, Path]) -> Corpus:
    from ..corpus.loader import load_corpus

    out = Corpus()
    for annotated in load_corpus(Path(corpus_dir)):
        docs, labels, topics = labelled_inputs(annotated)
        for d, y, t in zip(docs, labels, topics):
            if d.n:
                out.docs.append(d); out.labels.append(y); out.topics.append(t); out.sources.append(annotated.id)
    if not out.docs:
        raise CorpusError(f"{corpus_dir}: the corpus holds no annotated documents")
    return out


def fit_model(corpus: Corpus, params: Optional[dict[str, Any]] = None,
              meta: Optional[dict[str, Any]] = None) -> SectionModel:
    """A :class:`SectionModel` fitted on all of ``corpus`` (inner folds grouped by writer)."""
    clf = SectionClassifier(**(params or {}))
    clf.fit(corpus.docs, corpus.labels, corpus.topics, groups=corpus.writers)
    info = {"documents": len(set(corpus.sources)), "blocks": sum(len(y) for y in corpus.labels),
            "writers": len(set(corpus.writers))}
    info.update(meta or {})
    return SectionModel(clf, info)


def train(corpus_dir: Union[str, Path], out_dir: Union[str, Path], force: bool = False,
          params: Optional[dict[str, Any]] = None) -> Path:
    """Train on ``corpus_dir`` and write ``<out_dir>/classifier.jsonl`` (refusing to overwrite one
    without ``force``)."""
    target = Path(out_dir) / FILENAME
    if target.exists() and not force:
        raise OutputExistsError(f"{target}: exists; use --force to overwrite")
    return fit_model(load_corpus_inputs(corpus_dir), params).save(out_dir)
