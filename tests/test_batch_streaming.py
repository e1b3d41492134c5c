"""Large texts document by document: ``Pipeline.iter_analyse`` gives exactly ``analyse(text).documents``,
and a corpus run over one long file prints what the whole-text analysis gives."""

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
TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "docs").glob("*.txt"))]
PIPE = Pipeline()


def _mix(seed: int, n: int, markers: bool) -> str:
    rng = random.Random(seed)
    pool = TEXTS if markers else [t for t in TEXTS if "篇" not in t]
    sep = rng.choice(["\n", "", "\n\n\n", "\n- 3 -\n"])
    return sep.join(rng.choice(pool) for _ in range(n))


@pytest.mark.parametrize("seed, markers, window", [(1, True, 3000), (2, False, 3000), (3, True, 15000),
                                                   (4, False, 8000)])
def test_batch_streaming_iter_analyse_equals_analyse(seed, markers, window):
    text = _mix(seed, 25, markers)
    assert len(text) > 2 * window
    whole = PIPE.analyse(text).documents
    streamed = list(PIPE.iter_analyse(text, window=window))
    assert len(whole) > 3 and streamed == list(whole)


def test_batch_streaming_marker_after_the_first_window():
    """Whether the text has a marker line (……篇一) is decided for the whole text, not per window."""
    plain = [t for t in TEXTS if "篇" not in t]
    text = "\n".join(plain[:12]) + "\n工会工作总结篇二\n" + plain[12] + "\n工会工作总结篇三\n" + plain[13]
    whole = PIPE.analyse(text).documents
    assert list(PIPE.iter_analyse(text, window=3000)) == list(whole)


def test_batch_streaming_short_text_is_one_pass():
    text = TEXTS[0]
    assert list(PIPE.iter_analyse(text)) == list(PIPE.analyse(text).documents)


def test_batch_streaming_run_of_one_long_file(tmp_path, monkeypatch):
    import zongjie.pipeline as P

    text = _mix(5, 30, True)
    f = tmp_path / "long.txt"
    f.write_text(text, encoding="utf-8")
    expected = "".join(json.dumps(r, ensure_ascii=False) + "\n"
                       for d in PIPE.analyse(text).documents for r in rows("classify", d))
    monkeypatch.setattr(P, "WINDOW", 5000)
    assert len(list(PIPE.iter_analyse(text))) == len(PIPE.analyse(text).documents) > 3
    out = io.StringIO()
    stats = batch.run(str(f), out, "classify", fmt="jsonl", with_id=False)
    assert stats.ok and out.getvalue() == expected
