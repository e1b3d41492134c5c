"""spaCy integration: components by name (entry points), figures as spans, sections as cats/spans."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample_summary.txt"

# Runs in a fresh interpreter that never imports zongjie itself: spaCy finds the factories
# through the ``spacy_factories`` entry point of the installed package.
BY_NAME = r"""
import json, sys
import jieba
import spacy
before = jieba.lcut("召开职代会，开展金秋助学和送温暖活动")
nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
nlp.add_pipe("zongjie_figures")
nlp.add_pipe("zongjie_sections")
imported_by_user = False  # the only zongjie import is spaCy's entry-point lookup
doc = nlp(open(sys.argv[1], encoding="utf-8").read())
figs = [{"text": s.text, "label": s.label_, "value": s._.value, "unit": s._.unit, "approx": s._.approx,
         "placeholder": s._.placeholder, "subject": s._.subject} for s in doc.spans["figures"]]
secs = [{"label": s.label_, "text": s.text, "conf": s._.confidence} for s in doc.spans["sections"]]
after = jieba.lcut("召开职代会，开展金秋助学和送温暖活动")
print(json.dumps({"figures": figs, "sections": secs, "cats": doc.cats, "before": before, "after": after,
                  "tokens": [t.text for t in nlp("召开职代会，开展金秋助学和送温暖工作")],
                  "pipe_names": nlp.pipe_names}, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def by_name() -> dict:
    res = subprocess.run([sys.executable, "-c", BY_NAME, str(SAMPLE)], capture_output=True, text=True,
                         timeout=120, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_spacy_components_by_name_without_importing_zongjie(by_name):
    assert by_name["pipe_names"] == ["zongjie_figures", "zongjie_sections"]
    assert len(by_name["figures"]) >= 20 and len(by_name["sections"]) >= 15


def test_spacy_figures_spans_have_kind_labels_and_values(by_name):
    figs = {f["text"]: f for f in by_name["figures"]}
    assert figs["86人"]["label"] == "COUNT" and figs["86人"]["value"] == 86 and figs["86人"]["unit"] == "人"
    assert figs["98.5%"]["label"] == "PERCENT" and figs["98.5%"]["value"] == 98.5
    assert figs["120余人次"]["approx"] is True
    assert {f["label"] for f in by_name["figures"]} <= {"COUNT", "MONEY", "PERCENT", "DATE", "ORDINAL", "OTHER"}
    assert any(f["placeholder"] and f["value"] is None for f in by_name["figures"])


def test_spacy_sections_cats_are_text_shares(by_name):
    cats = by_name["cats"]
    assert set(cats) == {"overview", "organization", "democracy", "competitions", "welfare", "culture",
                         "problems", "plans", "other"}
    assert abs(sum(cats.values()) - 1.0) < 1e-6
    labels = [s["label"] for s in by_name["sections"]]
    assert {"organization", "democracy", "welfare", "plans"} <= set(labels)
    assert all(0.0 <= s["conf"] <= 1.0 for s in by_name["sections"])


def test_spacy_tokenizer_keeps_union_terms_whole_global_jieba_unchanged(by_name):
    assert "职代会" in by_name["tokens"] and "金秋助学" in by_name["tokens"]
    assert by_name["before"] == by_name["after"]
    assert "金秋助学" not in by_name["after"]  # plain jieba still splits it: we never touched it


def test_spacy_load_returns_ready_pipeline_reused():
    import jieba

    import zongjie

    before = jieba.lcut("金秋助学和职代会")
    nlp = zongjie.load()
    assert nlp is zongjie.load()
    assert nlp.pipe_names == ["zongjie_figures", "zongjie_sections"]
    doc = nlp("一、维权帮扶\n为23名职工子女发放金秋助学金4.6万元。\n")
    money = [s for s in doc.spans["figures"] if s.label_ == "MONEY"]
    assert money and money[0]._.value == 46000 and money[0]._.unit == "元"
    assert [s.label_ for s in doc.spans["sections"]] and set(doc.cats) >= {"welfare", "plans"}
    sample = nlp(SAMPLE.read_text(encoding="utf-8"))
    assert "welfare" in {s.label_ for s in sample.spans["sections"]}
    assert "金秋助学金" in [t.text for t in doc] or "金秋助学" in [t.text for t in doc]
    assert jieba.lcut("金秋助学和职代会") == before


def test_spacy_pipeline_saves_and_loads_by_name(tmp_path):
    import spacy

    import zongjie

    zongjie.load().to_disk(tmp_path / "zj")
    code = ("import spacy, sys; nlp = spacy.load(sys.argv[1]); doc = nlp('全年发展会员12人。');"
            "print(len(doc.spans['figures']), type(nlp.tokenizer).__name__)")
    res = subprocess.run([sys.executable, "-c", code, str(tmp_path / "zj")], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["1", "UnionTokenizer"]
    assert spacy.__version__


def test_spacy_char_offsets_expand_to_tokens():
    import spacy

    nlp = spacy.blank("zh")  # character segmenter: every span aligns, the tokenizer is left alone
    nlp.add_pipe("zongjie_figures")
    doc = nlp("全年发展会员86人，入会率98.5%。")
    assert [(s.text, s.start_char, s.end_char) for s in doc.spans["figures"]] == [("86人", 6, 9), ("98.5%", 13, 18)]
