"""`zongjie corpus stats`: counts on the real corpus (the issue's bar) and on a tiny corpus."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from zongjie.cli import app
from zongjie.corpus.loader import load_corpus
from zongjie.corpus.stats import ISSUE_BAR, corpus_stats, stats_table
from zongjie.lang import section_ids

from test_corpus_check import MARKUP, OTHER, write_doc

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def test_corpus_stats_real_corpus_meets_the_issue_bar():
    st = corpus_stats(load_corpus(CORPUS))
    assert st.documents >= ISSUE_BAR["documents"] == 60
    assert st.paragraphs >= ISSUE_BAR["paragraphs"] == 1200
    assert st.figures >= ISSUE_BAR["figures"] == 600
    for label in section_ids():
        need = 30 if label == "other" else 60
        assert st.labels[label] >= need, (label, st.labels[label])
    assert st.shortfalls() == []


def test_corpus_stats_tiny_counts(tmp_path: Path):
    write_doc(tmp_path, MARKUP)
    write_doc(tmp_path, OTHER)
    seen = []
    st = corpus_stats(load_corpus(tmp_path), progress=seen.append)
    assert [d.id for d in seen] == ["tiny-annual", "tiny-plan"]
    assert st.documents == 2
    assert st.figures == 7
    assert st.figure_kinds == {"count": 3, "money": 1, "percent": 1, "date": 2, "ordinal": 0, "other": 0}
    assert st.orgs == {"factory": 1, "school": 1}
    assert st.genres == {"annual": 1, "plan": 1}
    assert list(st.labels) == list(section_ids())
    assert st.paragraphs == sum(st.labels.values())
    assert st.labels["welfare"] == 2 and st.labels["other"] == 0
    assert st.labels["plans"] == 3
    assert st.plan_topics == {"culture": 1, "none": 1, "welfare": 1}
    assert st.characters == sum(len(p.read_text(encoding="utf-8")) for p in tmp_path.glob("*.txt"))
    assert "label" in stats_table(st) and "issue bar: missed" in stats_table(st)


def test_corpus_stats_cli_json(tmp_path: Path):
    write_doc(tmp_path, MARKUP)
    result = CliRunner().invoke(app, ["corpus", "stats", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["documents"] == 1 and data["figures"] == 7
    assert set(data) >= {"paragraphs", "characters", "labels", "figure_kinds", "orgs", "genres"}
    assert result.stderr == ""  # no progress bar when stderr is not a terminal


def test_corpus_stats_cli_table_and_bad_dir(tmp_path: Path):
    write_doc(tmp_path, OTHER)
    result = CliRunner().invoke(app, ["corpus", "stats", str(tmp_path)])
    assert result.exit_code == 0 and "documents" in result.stdout and "文体宣传" in result.stdout
    result = CliRunner().invoke(app, ["corpus", "stats", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and "not a corpus directory" in result.stderr
