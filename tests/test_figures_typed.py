"""``Figure.value`` is a number, a date's text lives in ``Figure.date``, an approximate figure keeps
its marker in ``Figure.approx_marker``; JSON output says ``null`` where there is no number."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from zongjie.figures import extract_figures

ROOT = Path(__file__).resolve().parents[1]


def by_surface(text: str) -> dict:
    return {f.surface: f for f in extract_figures(text)}


def test_figures_typed_numbers_are_numbers():
    figs = by_surface("共慰问职工56人次，发放慰问金3.5万元，参与率86%，2024年3月召开，x人未到。")
    assert figs["56人次"].value == 56 and type(figs["56人次"].value) is int
    assert figs["3.5万元"].value == 35000 and figs["86%"].value == 86
    d = figs["2024年3月"]
    assert d.date == "2024-03" and math.isnan(d.value) and not d.known
    p = figs["x人"]
    assert p.placeholder and math.isnan(p.value) and p.date == ""
    counts = [f for f in figs.values() if f.kind == "count" and f.known]
    assert sum(f.value for f in counts) == 56


@pytest.mark.parametrize(
    "text, surface, marker",
    [("参赛运动员三百余名。", "三百余名", "余"), ("约300人参加", "约300人", "约"), ("覆盖率达90%以上。", "90%以上", "以上"),
     ("历时3个多月。", "3个多月", "多"), ("超过三成职工", "超过三成", "超过"), ("共有近200余家单位", "近200余家", "近余"),
     ("參加職工約300餘人", "約300餘人", "約餘"), ("服务职工20人左右", "20人左右", "左右")],
)
def test_figures_typed_approx_marker_is_the_text(text, surface, marker):
    f = by_surface(text)[surface]
    assert f.approx and f.approx_marker == marker


def test_figures_typed_exact_figures_have_no_marker():
    assert all(f.approx_marker == "" and not f.approx for f in extract_figures("共有职工120人，经费3万元。"))


def test_figures_typed_date_ranges_and_redacted_ranges():
    figs = by_surface("1-6月完成任务，x-x月共计有，1至2篇心得。")
    assert figs["1-6月"].date == "--01/--06" and len(figs["1-6月"].values) == 2
    assert figs["x-x月"].date == "" and figs["x-x月"].placeholder and len(figs["x-x月"].values) == 2
    assert figs["1至2篇"].values == (1, 2) and figs["1至2篇"].date == ""


def test_figures_typed_json_has_null_for_no_number(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("2024年，慰问困难职工xx人，约300余人参加。\n", encoding="utf-8")
    exe = Path(sys.executable).with_name("zongjie")
    out = subprocess.run([str(exe), "extract", str(src), "--format", "jsonl"], capture_output=True, text=True,
                         check=True).stdout
    rows = {r["surface"]: r for r in map(json.loads, out.splitlines())}
    assert rows["2024年"]["value"] is None and rows["2024年"]["date"] == "2024"
    assert rows["xx人"]["value"] is None and rows["xx人"]["placeholder"] is True
    assert rows["约300余人"]["value"] == 300 and rows["约300余人"]["approx_marker"] == "约余"
    assert list(rows["2024年"]) == list(rows["xx人"])  # the same columns for every kind


def test_figures_typed_sum_passes_mypy_strict(tmp_path):
    """``sum(f.value for f in counts)`` type-checks; adding a date's text to a number does not."""
    pytest.importorskip("mypy")
    good = tmp_path / "good.py"
    good.write_text(
        "from zongjie.figures import extract_figures\n\n"
        "counts = [f for f in extract_figures('共56人次，32人') if f.kind == 'count' and f.known]\n"
        "total: float = sum(f.value for f in counts)\n"
        "first: str = extract_figures('2024年')[0].date\n", encoding="utf-8")
    bad = tmp_path / "bad.py"
    bad.write_text("from zongjie.figures import extract_figures\n\n"
                   "wrong: float = sum(f.date for f in extract_figures('2024年'))\n", encoding="utf-8")
    env = {**os.environ, "MYPYPATH": str(ROOT / "src")}
    res = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent",
                          "--cache-dir", str(tmp_path / "cache"), str(good), str(bad)],
                         capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    lines = [ln for ln in res.stdout.splitlines() if ": error:" in ln]
    assert lines and all(ln.startswith("bad.py") for ln in lines), res.stdout + res.stderr
