"""Large texts document by document: ``Pipeline.iter_analyse`` gives exactly ``analyse(text).documents``,
and a corpus run over one long file prints what the whole-text analysis gives.

The section classifier counts repeated lines over the whole page (``zongjie.structure.features.page_keys``);
``iter_analyse`` takes those counts once over the whole text, so every window's sections are the whole's."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest

from zongjie import batch
from zongjie.output import rows
from zongjie.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
# a fixed part of the corpus (writers w1-w9), so that new documents do not change the mixes below
TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "docs").glob("w[1-9]-*.txt"))]
PIPE = Pipeline()
PLAIN = Pipeline(sections=False)  # segmentation and figures: no page-wide classifier feature


def _mix(seed: int, n: int, markers: bool) -> str:
    rng = random.Random(seed)
    pool = TEXTS if markers else [t for t in TEXTS if "篇" not in t]
    sep = rng.choice(["\n", "", "\n\n\n", "\n- 3 -\n"])
    return sep.join(rng.choice(pool) for _ in range(n))


CASES = [(1, True, 3000), (2, False, 3000), (3, True, 15000), (4, False, 8000)]


@pytest.mark.parametrize("seed, markers, window", CASES)
def test_batch_streaming_iter_analyse_equals_analyse(seed, markers, window):
    text = _mix(seed, 25, markers)
    assert len(text) > 2 * window
    whole = PLAIN.analyse(text).documents
    streamed = list(PLAIN.iter_analyse(text, window=window))
    assert len(whole) >= 2 and streamed == list(whole)
    assert sum(len(d.figures) for d in whole) > 50


@pytest.mark.parametrize("seed, markers, window", CASES[:2])
def test_batch_streaming_sections_equal_without_page_counts(seed, markers, window, monkeypatch):
    """With the page-wide repeated-line counts limited to each document, the classifier's output of
    the windows is the whole text's: that count is the only thing a window does not see."""
    from collections import Counter

    from zongjie.structure import features as structure_features

    monkeypatch.setattr(structure_features, "page_keys", lambda views: Counter())
    text = _mix(seed, 25, markers)
    assert list(PIPE.iter_analyse(text, window=window)) == list(PIPE.analyse(text).documents)


def test_batch_streaming_sections_equal_with_page_counts():
    text = _mix(1, 25, True)
    assert list(PIPE.iter_analyse(text, window=3000)) == list(PIPE.analyse(text).documents)


def test_batch_streaming_marker_after_the_first_window():
    """Whether the text has a marker line (……篇一) is decided for the whole text, not per window."""
    plain = [t for t in TEXTS if "篇" not in t]
    text = "\n".join(plain[:12]) + "\n工会工作总结篇二\n" + plain[12] + "\n工会工作总结篇三\n" + plain[13]
    whole = PLAIN.analyse(text).documents
    assert list(PLAIN.iter_analyse(text, window=3000)) == list(whole)


def test_batch_streaming_short_text_is_one_pass():
    text = TEXTS[0]
    assert list(PIPE.iter_analyse(text)) == list(PIPE.analyse(text).documents)


@pytest.mark.parametrize("task", ["segment", "extract"])
def test_batch_streaming_run_of_one_long_file(tmp_path, monkeypatch, task):
    import zongjie.pipeline as P

    text = _mix(5, 30, True)
    f = tmp_path / "long.txt"
    f.write_text(text, encoding="utf-8")
    whole = Pipeline(sections=False, figures=task != "segment").analyse(text).documents
    expected = "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for d in whole for r in rows(task, d))
    monkeypatch.setattr(P, "WINDOW", 5000)  # so the run below goes window by window
    assert len(list(PLAIN.iter_analyse(text))) == len(whole) > 3
    out = io.StringIO()
    stats = batch.run(str(f), out, task, fmt="jsonl", with_id=False)
    assert stats.ok and out.getvalue() == expected
