"""Section classification: every heading and paragraph gets one of the nine section labels.

``classify(text_or_segmentation, model=None)`` returns one :class:`~zongjie.records.LabelledBlock` per
non-noise block, in document order. The model is a two-pass linear model over character n-grams
and document structure (see ``features.py`` and ``models/README.md``); it is read from a JSON-lines
file without executing code (``model.py``). Training and evaluation (``train.py``,
``evaluate.py``) need scikit-learn; prediction needs numpy only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional, Union

from ..records import LabelledBlock, Segmentation

if TYPE_CHECKING:
    from .model import SectionModel

__all__ = ["classify", "load_model", "default_model_path"]

TOPICAL = ("organization", "democracy", "competitions", "welfare", "culture")


def load_model(path: Union[str, Path, None] = None) -> "SectionModel":
    """The model at ``path`` (file or directory), else the default one (see :func:`default_model_path`)."""
    from .model import load_model as _load

    return _load(path)


def default_model_path() -> Path:
    from .model import default_model_path as _default

    return _default()


def classify(text_or_segmentation: Union[str, Segmentation],
             model: Union["SectionModel", str, Path, None] = None) -> list[LabelledBlock]:
    """Label every heading and paragraph (noise blocks are skipped) with a section, scores and topic."""
    from ..sections import section_name
    from ..segment import segment
    from .features import prepare
    from .model import SectionModel

    seg = text_or_segmentation if isinstance(text_or_segmentation, Segmentation) else segment(text_or_segmentation)
    if not isinstance(model, SectionModel):
        model = load_model(model)
    prepared = prepare(seg)
    probs, topic_probs = model.predict(prepared)
    labels = model.labels
    out: list[LabelledBlock] = []
    row = 0
    for d in prepared.docs:
        for i, block in zip(d.indices, d.blocks):
            p = probs[row]
            j = int(p.argmax())
            section = labels[j]
            topic: Optional[str] = None
            if section == "plans" and not _heads_plan_part(block):
                topic = _topic(model, p, topic_probs[row] if len(topic_probs) else None)
            role = "chrome" if section == "other" else "title" if block.level == 0 and section == "overview" else "body"
            out.append(LabelledBlock(
                block=block, doc=d.doc, index=i, section=section, name=section_name(section),
                confidence=round(float(p[j]), 4), role=role, part="plan" if section == "plans" else "summary",
                topic=topic, scores={lab: round(float(x), 4) for lab, x in zip(labels, p)},
            ))
            row += 1
    return out


def _heads_plan_part(block) -> bool:
    """A heading or lead-in over the whole plan part (``2025年工作计划``, ``下半年重点做好以下工作：``):
    it is about no single topic, so it gets none."""
    from ..segment.lines import patterns

    pat = patterns()
    view = block.text.strip()
    num = pat.numbering_of(view)
    body = view[num[1]:].strip() if num else view
    if block.kind == "heading":
        return bool(pat.plan_heading.search(body)) or body.endswith(("：", ":"))
    return bool(pat.plan_intro.search(view))


def _topic(model: "SectionModel", section_probs, topic_probs) -> Optional[str]:
    """The section a plan paragraph is about: the topic model's best topical label, else the best section score."""
    if topic_probs is not None and len(model.topic_labels):
        best = max((float(topic_probs[k]), lab) for k, lab in enumerate(model.topic_labels) if lab in TOPICAL)
        return best[1]
    best = max((float(section_probs[k]), lab) for k, lab in enumerate(model.labels) if lab in TOPICAL)
    return best[1]
