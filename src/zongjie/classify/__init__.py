"""Section classification: every heading and paragraph gets one of the nine section labels.

``classify(segmentation, model=None)`` returns one :class:`~zongjie.records.LabelledBlock` per non-noise
block, in document order, with its role (chrome / title / body), part (summary / plan), plan topic and
section probabilities; ``structure(...)`` gives each document's genre and plan start. The classifier is
:class:`~zongjie.classify.estimator.SectionClassifier` (section = role x part x topic, decoded per
document); the model is read from a JSON-lines file without executing code (``model.py``). Training
and evaluation (``train.py``, ``evaluate.py``) need scikit-learn; prediction needs numpy only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Mapping, Optional, Union

from ..records import Figure, LabelledBlock, Segmentation

if TYPE_CHECKING:  # pragma: no cover
    from .model import SectionModel

__all__ = ["classify", "load_model", "default_model_path"]

ModelLike = Union["SectionModel", str, Path, None]


def load_model(path: Union[str, Path, None] = None) -> "SectionModel":
    """The model at ``path`` (file or directory), else the shipped one (``$ZONGJIE_MODEL`` overrides)."""
    from .model import load_model as _load

    return _load(path)


def default_model_path() -> Path:
    from .model import default_model_path as _default

    return _default()


def classify(segmentation: Union[str, Segmentation], model: ModelLike = None,
             page_keys: Optional[Mapping[str, int]] = None,
             figures: Optional[Mapping[tuple[int, int], tuple[Figure, ...]]] = None) -> list[LabelledBlock]:
    """Label every heading and paragraph (noise blocks are skipped) with a section, role, part and topic.

    ``page_keys``: repeated-line counts of the whole page when ``segmentation`` is a part of it;
    ``figures``: the figures of each ``(doc, block)``, attached to the labelled blocks."""
    import numpy as np

    from ..lang import section_ids, section_name
    from ..segment import segment
    from .features import prepare
    from .model import SectionModel

    seg = segmentation if isinstance(segmentation, Segmentation) else segment(segmentation)
    mdl = model if isinstance(model, SectionModel) else load_model(model)
    labels = section_ids()
    figures = figures or {}
    out: list[LabelledBlock] = []
    docs = prepare(seg, page_keys)
    for doc, dec in zip(docs, mdl.decide_all(docs)):
        rounded = np.round(dec.scores, 4).tolist()  # one call per document, not one per score
        for j, (i, block) in enumerate(zip(doc.indices, doc.blocks)):
            section = dec.sections[j]
            scores = dict(zip(labels, rounded[j]))
            out.append(LabelledBlock(
                block=block, doc=doc.doc, index=i, section=section, name=section_name(section),
                confidence=scores[section], role=dec.roles[j], part=dec.parts[j], topic=dec.topics[j],
                scores=scores, figures=figures.get((doc.doc, i), ()),
            ))
    return out
