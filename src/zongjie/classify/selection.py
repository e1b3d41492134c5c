"""Model selection on real pages: fit one model per candidate setting, score each on labelled real pages.

The candidates are hyper-parameter settings of :class:`~zongjie.classify.estimator.SectionClassifier`
(a JSON list of objects, each the parameters that differ from the defaults). Every candidate is fitted on
the corpus and scored on the real pages (section accuracy, macro-F1, genre / plan start / title per page);
the table is what the model card prints. The real pages choose between settings; they are never trained on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Optional, Sequence, Union


def load_grid(path: Union[str, Path]) -> list[dict[str, Any]]:
    """The candidate settings of a JSON file (a list of objects); a one-line InputError otherwise."""
    from ..errors import InputError

    try:
        grid = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: not a JSON list of settings ({type(err).__name__})") from None
    if not isinstance(grid, list) or not all(isinstance(g, dict) for g in grid):
        raise InputError(f"{path}: want a JSON list of objects (one per candidate setting)")
    return grid


def select(corpus_dir: Union[str, Path], realdev: Union[str, Path], grid: Sequence[dict[str, Any]],
           progress: Optional[Callable[[str], None]] = None) -> list[dict[str, Any]]:
    """One row per candidate: its parameters and its scores on the real pages, best accuracy first."""
    from .estimator import SectionClassifier
    from .realdev import evaluate_pages, load_pages
    from .train import fit_model, load_corpus_inputs

    corpus = load_corpus_inputs(corpus_dir)
    pages = load_pages(realdev)
    rows = []
    for k, params in enumerate(grid, 1):
        SectionClassifier(**params)._validate_params()
        r = evaluate_pages(pages, fit_model(corpus, params))
        rows.append({"params": params, "accuracy": r["accuracy"], "macro_f1": r["macro_f1"], **r["structure"]})
        if progress is not None:
            progress(f"candidate {k}/{len(grid)}: accuracy {r['accuracy']:.3f}")
    return sorted(rows, key=lambda row: (-row["accuracy"], -row["macro_f1"]))


def table(rows: Sequence[dict[str, Any]]) -> str:
    """The selection as a Markdown table."""
    out = ["| setting (differences from the defaults) | accuracy | macro-F1 | genre | plan start | title |",
           "|---|---|---|---|---|---|"]
    for r in rows:
        setting = ", ".join(f"{k}={v}" for k, v in r["params"].items()) or "defaults"
        out.append(f"| {setting} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} | {r['genre']:.3f} | "
                   f"{r['plan_start']:.3f} | {r['title']:.3f} |")
    return "\n".join(out)
