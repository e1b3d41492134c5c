"""The three decisions behind a section (role, part, topic): their names, the gold ones implied by section
labels, and the small rules and counts the estimator decodes with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np

from ..lang import topical_sections
from ..structure import features as sf
from .features import DocInput

ROLES = ("chrome", "title", "body")
TOPICS = ("overview", *topical_sections(), "problems")  # what a body block of a summary is about
PARTS = ("summary", "plan")


@dataclass(frozen=True)
class Decision:
    """What the classifier decided for one document's blocks (parallel lists) and the document."""

    roles: list[str]
    parts: list[str]
    topics: list[Optional[str]]
    sections: list[str]
    scores: np.ndarray   # (n, 9) section probabilities, columns in ``section_ids()`` order
    genre: str
    plan_start: Optional[int]


def gold_states(doc: DocInput, labels: Sequence[str], topics: Sequence[Optional[str]]
                ) -> tuple[list[str], list[str], list[Optional[str]]]:
    """Roles, parts and topics implied by a document's section labels.

    An ``overview`` block before the body that is title-shaped (short, no sentence punctuation) is the
    title; ``plans`` is the plan part (its topic is the plan topic); ``other`` is chrome."""
    roles, parts, tops = [], [], []
    seen_body = False
    for j, (lab, top) in enumerate(zip(labels, topics)):
        row = doc.struct[j]
        title_shaped = not row[sf.COL["len_gt80"]] and not row[sf.COL["sentences"]]
        if lab == "other":
            roles.append("chrome"); parts.append("summary"); tops.append(None)
            continue
        if lab == "overview" and not seen_body and title_shaped:
            roles.append("title"); parts.append("summary"); tops.append(None)
            continue
        seen_body = True
        roles.append("body")
        parts.append("plan" if lab == "plans" else "summary")
        tops.append(top if lab == "plans" else lab)
    return roles, parts, tops


def heads_plan_part(row: np.ndarray, block) -> bool:
    """A heading or lead-in over the whole plan part (``2025年工作计划``, ``下半年重点做好以下工作：``) is
    about no single topic."""
    c = sf.COL
    if row[c["plan_intro"]]:
        return True
    return block.kind == "heading" and bool(row[c["plan_heading"]] or row[c["ends_colon"]])


def plan_cue(rows: np.ndarray) -> bool:
    """Does a document say anywhere that it is a plan? Plan words in its title, a plan heading, lead-in
    or plan-document section (指导思想, 活动时间 ...), a plan opener, or future-tense wording."""
    c = sf.COL
    cols = [c[k] for k in ("doc_title_plan", "plan_heading", "plan_intro", "plan_start", "plan_section",
                           "plan_opener", "future_lead", "resolve_lead")]
    return bool(rows[:, cols].max() > 0 or rows[:, c["future"]].max() >= 0.3)


def genre_of(roles: Sequence[str], parts: Sequence[str]) -> str:
    body = [p for r, p in zip(roles, parts) if r == "body"]
    if body and all(p == "plan" for p in body):
        return "plan"
    return "mixed" if "plan" in body else "summary"


def transitions(sequences: Sequence[Sequence[str]], states: Sequence[str], smoothing: float
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Log transition and start probabilities estimated from state sequences (add-``smoothing``)."""
    k = len(states)
    idx = {s: i for i, s in enumerate(states)}
    trans = np.full((k, k), smoothing)
    start = np.full(k, smoothing)
    for seq in sequences:
        ids = [idx[s] for s in seq]
        if ids:
            start[ids[0]] += 1
        for a, b in zip(ids, ids[1:]):
            trans[a, b] += 1
    return np.log(trans / trans.sum(axis=1, keepdims=True)), np.log(start / start.sum())


