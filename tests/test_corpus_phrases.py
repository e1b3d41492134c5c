"""`zongjie corpus phrases`: the shipped phrase bank meets the issue's bar; building is stable and safe."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zongjie.cli import app
from zongjie.corpus.loader import load_corpus
from zongjie.corpus.phrases import (SLOT, _has_literal_number, build_phrase_bank, dumps_bank,
                                    load_bank, strip_numbering, write_bank)
from zongjie.errors import OutputExistsError
from zongjie.lang import section_ids

from test_corpus_check import MARKUP, OTHER, write_doc

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DRAFT_SECTIONS = [s for s in section_ids() if s != "other"]
KINDS = ("count", "money", "percent", "date", "ordinal", "other")


@pytest.fixture(scope="module")
def bank() -> dict:
    return load_bank()


def test_corpus_phrases_shipped_bank_is_what_load_bank_reads(bank):
    shipped = ROOT / "src" / "zongjie" / "data" / "phrases.json"
    assert json.loads(shipped.read_text(encoding="utf-8")) == bank
    assert shipped.read_text(encoding="utf-8") == dumps_bank(bank)  # stable formatting


def test_corpus_phrases_needs_an_output_path(tmp_path):
    result = CliRunner().invoke(app, ["corpus", "phrases", str(CORPUS)])
    assert result.exit_code == 2  # never writes into the installed package by default


@pytest.mark.parametrize("section", DRAFT_SECTIONS)
def test_corpus_phrases_issue_bar_per_section(bank, section):
    entry = bank["sections"][section]
    assert len(entry["headings"]) >= 20, len(entry["headings"])
    assert len(entry["patterns"]) >= 30, len(entry["patterns"])
    assert len(entry["keywords"]) >= 20
    for key in ("headings", "patterns", "keywords"):
        assert len(set(entry[key])) == len(entry[key]), f"duplicates in {key}"


def test_corpus_phrases_patterns_have_no_literal_numbers(bank):
    for section, entry in bank["sections"].items():
        for text in entry["patterns"] + entry["headings"]:
            rest = SLOT.sub("", text)
            assert not re.search(r"[0-9０-９xX×＿_]", rest), (section, text)
            assert not _has_literal_number(text), (section, text)
            for slot in SLOT.findall(text):
                assert slot[1:-1].split(":")[0] in KINDS, (section, text)
        for word in entry["keywords"]:
            assert not re.search(r"[0-9a-zA-Z]", word)


def test_corpus_phrases_plans_topics(bank):
    topics = bank["sections"]["plans"]["topics"]
    assert set(topics) <= set(section_ids())
    assert sum(len(v) for v in topics.values()) >= 30


def test_corpus_phrases_slots_and_typical_patterns(bank):
    welfare = bank["sections"]["welfare"]["patterns"]
    assert any("{count:人次}" in p for p in welfare)
    assert any("{money:元}" in p for p in welfare)
    assert any("{percent:%}" in p for s in bank["sections"].values() for p in s["patterns"])


@pytest.mark.parametrize("text, want", [
    ("（一）夯实基层基础", "夯实基层基础"),
    ("一、主要工作回顾", "主要工作回顾"),
    ("1.工会活动经费不足；", "工会活动经费不足"),
    ("第二部分 存在的问题", "存在的问题"),
    ("一是季节工流动快", "季节工流动快"),
    ("（3）建立帮扶档案。", "建立帮扶档案"),
])
def test_corpus_phrases_strip_numbering(text, want):
    assert strip_numbering(text) == want


@pytest.mark.parametrize("text, literal", [
    ("走访慰问困难职工{count:人次}", False),
    ("进行了一次培训", False),
    ("十分重视三八妇女节活动", False),
    ("召开三次会议", True),
    ("第三届职代会", True),
    ("两个方面", True),
    ("入会率八成以上", True),
    ("共有xx人参加", True),
    ("参加20人", True),
])
def test_corpus_phrases_literal_numbers(text, literal):
    assert _has_literal_number(text) is literal


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("tiny") / "docs"
    d.mkdir()
    write_doc(d, MARKUP)
    write_doc(d, OTHER)
    return d


def test_corpus_phrases_tiny_bank_slots_figures(tiny_corpus: Path):
    bank = build_phrase_bank(load_corpus(tiny_corpus))
    assert list(bank["sections"]) == DRAFT_SECTIONS
    welfare = bank["sections"]["welfare"]["patterns"]
    assert "走访慰问困难职工{count:人次}，发放慰问金{money:元}" in welfare
    assert "{date:日}组织女职工体检{count:人}" in welfare
    assert bank["sections"]["organization"]["patterns"] == ["全年新发展会员{count:人}，入会率达到{percent:%}"]
    assert bank["sections"]["plans"]["topics"]["culture"] == ["组织教职工读书分享会和健步走活动"]


def test_corpus_phrases_deterministic_on_real_corpus():
    docs = load_corpus(CORPUS)[:12]
    first = dumps_bank(build_phrase_bank(docs))
    again = dumps_bank(build_phrase_bank(list(reversed(load_corpus(CORPUS)[:12]))))
    assert first == again


def test_corpus_phrases_write_refuses_overwrite_without_force(tmp_path: Path):
    out = tmp_path / "bank.json"
    write_bank({"a": 1}, out)
    with pytest.raises(OutputExistsError):
        write_bank({"a": 2}, out)
    assert json.loads(out.read_text(encoding="utf-8")) == {"a": 1}
    write_bank({"a": 3}, out, force=True)
    assert json.loads(out.read_text(encoding="utf-8")) == {"a": 3}
    assert [p.name for p in tmp_path.iterdir()] == ["bank.json"]  # no temporary files left


def test_corpus_phrases_cli(tiny_corpus: Path, tmp_path: Path):
    out = tmp_path / "sub" / "phrases.json"
    runner = CliRunner()
    result = runner.invoke(app, ["corpus", "phrases", str(tiny_corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file() and "welfare" in json.loads(out.read_text(encoding="utf-8"))["sections"]
    result = runner.invoke(app, ["corpus", "phrases", str(tiny_corpus), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"error: {out}: exists; use --force to overwrite"]
    result = runner.invoke(app, ["corpus", "phrases", str(tiny_corpus), "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
