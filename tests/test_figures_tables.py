"""The figure tables live in the language layer and each fact has one copy."""

from __future__ import annotations

import importlib
import re
import typing
from pathlib import Path

import pytest

import zongjie
from zongjie import _build, lang
from zongjie.figures import data, extract_figures, gold, patterns


def _figure_kind_type():
    """``FigureKind`` from the module ``zongjie`` says holds the records (``Figure``)."""
    module = importlib.import_module(zongjie._LAZY["Figure"][0])
    return module.FigureKind


def test_figures_tables_kinds_one_table():
    kinds = lang.figure_kinds()
    assert kinds == ("count", "money", "percent", "date", "ordinal", "other")
    assert typing.get_args(_figure_kind_type()) == kinds
    assert gold.KINDS == kinds
    from zongjie.corpus import markup

    assert markup.FIGURE_KINDS == kinds


def test_figures_tables_read_from_lang():
    """units / exceptions / subject words come from ``lang/zh`` (no JSON left in figures/)."""
    from importlib import resources

    assert not [p.name for p in resources.files("zongjie.figures").iterdir() if p.name.endswith(".json")]
    assert set(data.units()) == set(lang.table("units")["units"])
    assert data.exceptions()["vetoes"] == tuple(lang.table("exceptions")["vetoes"])
    assert data.subject_words()["verbs"] == tuple(lang.table("subject")["verbs"])


def test_figures_tables_no_hardcoded_markers():
    """No approximate marker is spelt out in the figures code (docstrings and comments aside)."""
    markers = [m for m in lang.approx_markers().all if len(m) > 1]
    for module in (patterns, importlib.import_module("zongjie.figures.extract"),
                   importlib.import_module("zongjie.figures.subject")):
        source = Path(_build.source_path(module))  # a compiled module's too
        code = [ln for ln in source.read_text(encoding="utf-8").splitlines()
                if ln.strip() and not ln.strip().startswith(("#", '"""', "``")) and '"""' not in ln]
        for m in markers:
            assert not [ln for ln in code if re.search(rf'"[^"]*{m}[^"]*"', ln)], (module.__name__, m)


@pytest.mark.parametrize("marker", lang.approx_markers().prefix)
def test_figures_tables_every_prefix_marker_extracted(marker):
    figs = extract_figures(f"组织职工{marker}30人参加。")
    assert [(f.surface, f.approx) for f in figs] == [(f"{marker}30人", True)]


@pytest.mark.parametrize("marker", lang.approx_markers().infix)
def test_figures_tables_every_infix_marker_extracted(marker):
    figs = extract_figures(f"组织职工30{marker}人参加。")
    assert [(f.surface, f.value, f.approx) for f in figs] == [(f"30{marker}人", 30, True)]


@pytest.mark.parametrize("marker", lang.approx_markers().suffix)
def test_figures_tables_every_suffix_marker_extracted(marker):
    figs = extract_figures(f"参与率达到90%{marker}。")
    assert [(f.surface, f.approx) for f in figs] == [(f"90%{marker}", True)]


@pytest.mark.parametrize("word", ["签约", "预约", "附近", "最近"])
def test_figures_tables_prefix_not_after(word):
    """签约30人 is not approximate: 约 follows a character its table entry forbids."""
    figs = extract_figures(f"本次{word}30人。")
    assert [(f.surface, f.approx) for f in figs] == [("30人", False)]
