"""Classification takes time linear in its input, also on hostile text (long runs of x, digits, numerals,
punctuation, one huge line, many tiny lines): time(10x the text) / time(the text) stays under ``BOUND``
(a linear pipeline takes about 10, a quadratic one 100). Ratios of CPU time measured in the same run."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

BOUND = 25.0
SMALL, LARGE = 10_000, 100_000


def _runs(unit: str, newline_every: int = 0) -> Callable[[int], str]:
    def make(n: int) -> str:
        text = (unit * (n // len(unit) + 1))[:n]
        if newline_every:
            text = "\n".join(text[i:i + newline_every] for i in range(0, len(text), newline_every))
        return text
    return make


HOSTILE = {
    "x": _runs("x"), "fullwidth-x": _runs("ｘ"), "digits": _runs("1"), "numerals": _runs("一二三四五六七八九十百千万"),
    "percent": _runs("%"), "punctuation": _runs("，。、；：（）“”"), "x-person": _runs("x人"),
    "list-numbering": _runs("1、"), "titles": _runs("工会工作总结篇1\n"), "short-lines": _runs("一、", 3),
    "chrome": _runs("当前位置:首页>范文>工作总结>"), "pinyin": _runs("工會(huì)"), "markdown": _runs("#### **1.**"),
}


def _cpu(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


@pytest.fixture(scope="module")
def pipeline():
    from zongjie.pipeline import Pipeline

    nlp = Pipeline()
    nlp.analyse("一、组织建设\n全年发展会员12人。\n")  # warm: model, tables, patterns
    return nlp


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_classify_linear_10k_to_100k(pipeline, name):
    small, large = HOSTILE[name](SMALL), HOSTILE[name](LARGE)
    t_small = _cpu(lambda: pipeline.analyse(small), 3)
    t_large = _cpu(lambda: pipeline.analyse(large), 2)  # best of two, like the small side: one GC pass is no trend
    ratio = t_large / max(t_small, 1e-3)
    assert ratio < BOUND, f"{name}: 10x the text took {ratio:.1f}x the time"


def test_classify_linear_cli(tmp_path: Path):
    """The command as people run it: ``zongjie classify FILE --format jsonl``, 10 KB against 100 KB."""
    script = Path(sys.executable).with_name("zongjie")
    cli = [str(script)] if script.exists() else [sys.executable, "-m", "zongjie"]
    times = []
    for n in (SMALL, LARGE):
        f = tmp_path / f"hostile{n}.txt"
        f.write_text(HOSTILE["x-person"](n) + "\n" + HOSTILE["titles"](n), encoding="utf-8")
        best = float("inf")
        for _ in range(2):
            t0 = time.perf_counter()
            proc = subprocess.run([*cli, "classify", str(f), "--format", "jsonl"], capture_output=True, text=True)
            best = min(best, time.perf_counter() - t0)
            assert proc.returncode == 0, proc.stderr[-300:]
        times.append(best)
    assert times[1] / times[0] < BOUND, times
