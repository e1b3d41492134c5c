"""Keyword-rule baseline: section keywords as data (``keywords.json``), one point per hit.

Only a yardstick for ``zongjie evaluate``; the shipped classifier is the learned model.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Sequence

import numpy as np

from ..lang import section_ids

SECTION_IDS = section_ids()


@lru_cache(maxsize=1)
def keywords() -> dict:
    raw = resources.files("zongjie.classify").joinpath("keywords.json").read_text(encoding="utf-8")
    return json.loads(raw)


def rule_scores(views: Sequence[str], labels: Sequence[str] = SECTION_IDS) -> np.ndarray:
    """Keyword scores (n, labels); a plan marker adds to plans, no hit leaves overview on top."""
    kw = keywords()
    out = np.zeros((len(views), len(labels)))
    col = {lab: j for j, lab in enumerate(labels)}
    for i, v in enumerate(views):
        row = out[i]
        row[col["overview"]] = 0.5
        for lab, words in kw["sections"].items():
            row[col[lab]] += sum(len(w) / 2 for w in words if w in v)
        if any(m in v for m in kw["plans_markers"]):
            row[col["plans"]] += 100.0
    return out


def rule_predict(views: Sequence[str], labels: Sequence[str] = SECTION_IDS) -> list[str]:
    scores = rule_scores(views, labels)
    return [labels[j] for j in scores.argmax(axis=1)]
