"""Scoring on labelled real pages: a directory of ``pages/<id>.txt`` and ``sections.jsonl``.

The format is that of the team's real dev pages (``../shared/realdev``): a paragraph is a non-empty line
after ``.strip()``, numbered from 0 per page, and ``sections.jsonl`` holds ``{"page", "para", "label"}``.
A paragraph's prediction is the section of the first block (noise included) that overlaps it, as in the
set's own scorer. Structure is scored per page against what the labels imply: the genre (``plan`` when
every body paragraph is ``plans``, ``mixed`` when there are plans and topics, else ``summary``), the
paragraph where the plan part starts, and the title paragraph.

These pages are for evaluation and model selection only, never for training.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence, Union

from ..errors import InputError
from ..lang import section_ids

_BODY = frozenset(section_ids()) - {"overview", "other"}
_TOPICAL = _BODY - {"plans"}


@dataclass(frozen=True)
class Page:
    """One labelled page: its text, its paragraphs (offset, text) and their gold labels (or None)."""

    id: str
    text: str
    paragraphs: tuple[tuple[int, str], ...]
    gold: tuple[Optional[str], ...]


def paragraphs_of(text: str) -> list[tuple[int, str]]:
    """Non-empty stripped lines with their start offsets."""
    pos, rows = 0, []
    for raw in text.split("\n"):
        s = raw.strip()
        if s:
            rows.append((pos + raw.index(s), s))
        pos += len(raw) + 1
    return rows


def load_pages(directory: Union[str, Path]) -> list[Page]:
    """The labelled pages of ``directory``; a one-line :class:`InputError` if it is not such a directory."""
    directory = Path(directory)
    labels_path = directory / "sections.jsonl"
    if not labels_path.is_file() or not (directory / "pages").is_dir():
        raise InputError(f"{directory}: not a labelled page set (want pages/*.txt and sections.jsonl)")
    gold: dict[tuple[str, int], str] = {}
    for n, line in enumerate(labels_path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rec = json.loads(line)
                gold[(str(rec["page"]), int(rec["para"]))] = str(rec["label"])
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as err:
                raise InputError(f"{labels_path}:{n}: bad label record ({type(err).__name__})") from None
    pages = []
    for f in sorted((directory / "pages").glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        paras = tuple(paragraphs_of(text))
        pages.append(Page(f.stem, text, paras, tuple(gold.get((f.stem, i)) for i in range(len(paras)))))
    return pages


def predict_page(page: Page, pipeline) -> tuple[list[str], list[str]]:
    """Predicted section and role of every paragraph of ``page`` (``?`` where no block overlaps it)."""
    blocks = [(lb.block.start, lb.block.end, lb.section, lb.role) for lb in pipeline.analyse(page.text).blocks]
    sections, roles = [], []
    for start, s in page.paragraphs:
        hit = next((b for b in blocks if b[0] <= start < b[1] or start <= b[0] < start + len(s)), None)
        sections.append(hit[2] if hit else "?")
        roles.append(hit[3] if hit else "?")
    return sections, roles


def structure_of(labels: Sequence[Optional[str]], texts: Sequence[str],
                 roles: Optional[Sequence[str]] = None) -> dict[str, Any]:
    """Genre, plan start and title implied by a page's labels (for a prediction: by its roles).

    The gold title is the first title-shaped ``overview`` paragraph before the body: 60 characters at most,
    no sentence punctuation, not a numbered heading (``一、主要工作``) and not a lead-in ending in a colon
    (``我们主要抓了以下几点：``). ``title`` is that paragraph's text (stripped), so a title printed twice
    is found whichever copy is taken."""
    body = [i for i, lab in enumerate(labels) if lab in _BODY]
    plans = [i for i in body if labels[i] == "plans"]
    topics = [i for i in body if labels[i] in _TOPICAL]
    genre = "mixed" if plans and topics else "plan" if plans else "summary"
    first_body = next((i for i, lab in enumerate(labels) if lab in _BODY), len(labels))
    if roles is not None:
        title = next((i for i, r in enumerate(roles) if r == "title"), None)
    else:
        title = next((i for i in range(first_body) if labels[i] == "overview" and _title_shaped(texts[i])), None)
    return {"genre": genre, "plan_start": plans[0] if plans else None,
            "title": None if title is None else texts[title].strip()}


def _title_shaped(text: str) -> bool:
    from ..read.view import to_halfwidth
    from ..segment.lines import patterns

    t = text.strip()
    return (len(t) <= 60 and not any(p in t for p in "。！？；") and not t.endswith(("：", ":"))
            and patterns().numbering_of(to_halfwidth(t)) is None)


def evaluate_pages(pages: Sequence[Page], model=None) -> dict[str, Any]:
    """Section accuracy and macro-F1 over every labelled paragraph, and per-page structure accuracy."""
    from ..pipeline import Pipeline
    from .evaluate import metrics

    nlp = Pipeline(model, figures=False, sentences=False)
    gold_all, pred_all, errors = [], [], []
    hits = {"genre": 0, "plan_start": 0, "title": 0}
    for page in pages:
        pred, roles = predict_page(page, nlp)
        for i, (g, p) in enumerate(zip(page.gold, pred)):
            if g is None:
                continue
            gold_all.append(g)
            pred_all.append(p)
            if p != g:
                errors.append(f"{page.id}:{i} gold={g} pred={p} {page.paragraphs[i][1][:30]}")
        texts = [t for _, t in page.paragraphs]
        want, got = structure_of(page.gold, texts), structure_of(pred, texts, roles)
        for key in hits:
            hits[key] += want[key] == got[key]
    out = metrics(gold_all, pred_all)
    out["pages"] = len(pages)
    out["structure"] = {k: round(v / len(pages), 4) if pages else 0.0 for k, v in hits.items()}
    out["errors"] = errors
    return out
