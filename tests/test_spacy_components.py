"""spaCy integration: components by name, one Pipeline analysis per Doc, zj_* extensions, the model saved along."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample_summary.txt"
TWO_DOCS = ("范文精选\n某公司工会工作总结篇1\n一、维权帮扶\n为23名职工子女发放金秋助学金4.6万元。\n"
            "【第二篇】某学校工会工作计划\n一、组织建设\n全年计划发展会员20人，召开职代会1次。\n")

# Everything a Doc carries from the components, as JSON (run here and in fresh interpreters alike).
SUMMARY = r"""
def summary(doc):
    def ext(span, names):
        return {n: getattr(span._, n) for n in names}
    return {
        "figures": [dict(text=s.text, label=s.label_, start=s.start_char, end=s.end_char,
                         **ext(s, ["zj_value", "zj_values", "zj_unit", "zj_kind", "zj_placeholder",
                                   "zj_approx", "zj_subject"])) for s in doc.spans["figures"]],
        "sections": [dict(text=s.text, label=s.label_, start=s.start_char, end=s.end_char,
                          **ext(s, ["zj_name", "zj_confidence", "zj_scores", "zj_role", "zj_part",
                                    "zj_topic", "zj_doc"])) for s in doc.spans["sections"]],
        "cats": doc.cats, "structure": doc._.zj_structure,
    }
"""
exec(SUMMARY)  # defines summary(doc) here too

# A fresh interpreter that never imports zongjie itself: spaCy finds the factories through the
# ``spacy_factories`` entry point of the installed package.
BY_NAME = SUMMARY + r"""
import json, sys
import jieba
import spacy
before = jieba.lcut("召开职代会，开展金秋助学和送温暖活动")
nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
nlp.add_pipe("zongjie_figures")
nlp.add_pipe("zongjie_sections")
out = summary(nlp(open(sys.argv[1], encoding="utf-8").read()))
out.update(before=before, after=jieba.lcut("召开职代会，开展金秋助学和送温暖活动"), pipe_names=nlp.pipe_names,
           tokens=[t.text for t in nlp("召开职代会，开展金秋助学和送温暖工作")])
print(json.dumps(out, ensure_ascii=False))
"""

# Loads a saved pipeline in a fresh interpreter and prints what its Docs carry.
LOAD_SAVED = SUMMARY + r"""
import json, sys
import spacy
nlp = spacy.load(sys.argv[1])
out = summary(nlp(open(sys.argv[2], encoding="utf-8").read()))
out.update(tokenizer=type(nlp.tokenizer).__name__, model_path=nlp.get_pipe("zongjie_sections").model_path)
print(json.dumps(out, ensure_ascii=False))
"""


def _run(code: str, *args: str, env: dict | None = None) -> dict:
    res = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=180,
                         cwd=ROOT, env=env)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def _roundtrip(data: dict) -> dict:
    return json.loads(json.dumps(data, ensure_ascii=False))


@pytest.fixture(scope="module")
def by_name() -> dict:
    return _run(BY_NAME, str(SAMPLE))


@pytest.fixture
def count_analyses(monkeypatch):
    """Record every Pipeline.analyse call as (sections, figures)."""
    from zongjie.pipeline import Pipeline

    calls: list[tuple[bool, bool]] = []
    real = Pipeline.analyse

    def analyse(self, text, **kw):
        calls.append((self.sections, self.figures))
        return real(self, text, **kw)

    monkeypatch.setattr(Pipeline, "analyse", analyse)
    return calls


def _custom_model(directory: Path) -> Path:
    """The shipped model with a bias towards ``culture``, saved to ``directory`` (its cats differ)."""
    from zongjie.classify import load_model

    model = copy.deepcopy(load_model())  # the loaded model is shared: never change it in place
    topics = model.classifier.topics_
    topics.intercept[topics.classes.index("culture")] += 6.0
    model.save(directory)
    return directory


# -- by name, in a fresh interpreter ---------------------------------------------------------------


def test_spacy_components_by_name_without_importing_zongjie(by_name):
    assert by_name["pipe_names"] == ["zongjie_figures", "zongjie_sections"]
    assert len(by_name["figures"]) >= 20 and len(by_name["sections"]) >= 15


def test_spacy_figures_spans_have_kind_labels_and_values(by_name):
    figs = {f["text"]: f for f in by_name["figures"]}
    assert figs["86人"]["label"] == "COUNT" and figs["86人"]["zj_value"] == 86 and figs["86人"]["zj_unit"] == "人"
    assert figs["86人"]["zj_kind"] == "count"
    assert figs["98.5%"]["label"] == "PERCENT" and figs["98.5%"]["zj_value"] == 98.5
    assert figs["120余人次"]["zj_approx"] is True
    assert {f["label"] for f in by_name["figures"]} <= {"COUNT", "MONEY", "PERCENT", "DATE", "ORDINAL", "OTHER"}
    assert any(f["zj_placeholder"] and f["zj_value"] is None for f in by_name["figures"])


def test_spacy_sections_spans_roles_parts_and_structure(by_name):
    secs = by_name["sections"]
    assert {"organization", "democracy", "welfare", "plans"} <= {s["label"] for s in secs}
    assert all(0.0 <= s["zj_confidence"] <= 1.0 and abs(sum(s["zj_scores"].values()) - 1) < 1e-9 for s in secs)
    title = [s for s in secs if s["zj_role"] == "title"]
    assert [s["text"].strip() for s in title] == ["滨江机械制造有限公司工会2024年工作总结及2025年工作计划"]
    assert secs[0]["zj_role"] == "chrome" and secs[0]["label"] == "other"  # 当前位置：首页 > ...
    (structure,) = by_name["structure"]
    assert structure["genre"] == "mixed" and structure["title"] == title[0]["text"].strip()
    assert structure["title_start"] == title[0]["start"]
    plan = [s for s in secs if s["zj_part"] == "plan"]
    assert plan[0]["text"].strip() == "七、2025年工作计划" and plan[0]["start"] == structure["plan_start"]
    assert all(s["start"] >= structure["plan_start"] for s in plan)
    assert {s["zj_topic"] for s in plan[1:]} >= {"competitions", "welfare"} and plan[0]["zj_topic"] is None
    assert all(s["zj_topic"] is None for s in secs if s["zj_part"] != "plan")


def test_spacy_sections_cats_are_text_shares(by_name):
    cats = by_name["cats"]
    assert set(cats) == {"overview", "organization", "democracy", "competitions", "welfare", "culture",
                         "problems", "plans", "other"}
    assert abs(sum(cats.values()) - 1.0) < 1e-9
    weights = [len(s["text"].strip()) for s in by_name["sections"]]  # jieba tokens may take the line end along
    shares = {k: sum(w * s["zj_scores"].get(k, 0.0) for w, s in zip(weights, by_name["sections"])) / sum(weights)
              for k in cats}
    assert shares == pytest.approx(cats, abs=0.02)  # span text vs repaired block text may differ slightly


def test_spacy_tokenizer_keeps_union_terms_whole_global_jieba_unchanged(by_name):
    assert "职代会" in by_name["tokens"] and "金秋助学" in by_name["tokens"]
    assert by_name["before"] == by_name["after"]
    assert "金秋助学" not in by_name["after"]  # plain jieba still splits it: we never touched it


# -- what the components compute: Pipeline, once per Doc -------------------------------------------


def test_spacy_spans_and_cats_are_the_pipeline_analysis():
    import spacy

    from zongjie.pipeline import Pipeline

    text = SAMPLE.read_text(encoding="utf-8")
    nlp = spacy.blank("zh")  # character segmenter: every span aligns exactly
    nlp.add_pipe("zongjie_figures")
    nlp.add_pipe("zongjie_sections")
    doc = nlp(text)
    analysis = Pipeline().analyse(text)
    blocks = [lb for lb in analysis.blocks if lb.block.kind != "noise"]
    assert [(s.start_char, s.end_char, s.label_, s._.zj_role, s._.zj_part, s._.zj_topic)
            for s in doc.spans["sections"]] == [(lb.block.start, lb.block.end, lb.section, lb.role, lb.part, lb.topic)
                                                for lb in blocks]
    assert [(s.start_char, s.end_char, s._.zj_value) for s in doc.spans["figures"]] == [
        (f.start, f.end, f.date or (f.value if f.known else None)) for f in analysis.figures]
    weights = [max(len(lb.block.text), 1) for lb in blocks]
    for label, share in doc.cats.items():
        expected = sum(w * lb.scores.get(label, 0.0) / sum(lb.scores.values()) for w, lb in zip(weights, blocks))
        assert share == pytest.approx(expected / sum(weights), abs=1e-12), label


def test_spacy_one_analysis_per_doc_shared_then_removed(count_analyses):
    import spacy
    from spacy.tokens import Doc, DocBin

    for order in (["zongjie_figures", "zongjie_sections"], ["zongjie_sections", "zongjie_figures"]):
        nlp = spacy.blank("zh")
        for name in order:
            nlp.add_pipe(name)
        count_analyses.clear()
        docs = list(nlp.pipe([TWO_DOCS, TWO_DOCS, "全年发展会员12人。"]))
        assert count_analyses == [(True, True)] * 3, order  # one per Doc: no text is cached across Docs
        for doc in docs:
            assert not [k for k in doc.user_data if not isinstance(k, tuple)]  # only extension values
            assert doc.spans["figures"] and doc.spans["sections"]
        again = Doc(nlp.vocab).from_bytes(docs[0].to_bytes())
        assert summary(again) == summary(docs[0])
        bin_ = DocBin(store_user_data=True, docs=docs)  # msgpack gives tuples for lists: compare as JSON
        assert [_roundtrip(summary(d)) for d in bin_.get_docs(nlp.vocab)] == [_roundtrip(summary(d)) for d in docs]


def test_spacy_two_documents_in_one_text():
    import spacy

    nlp = spacy.blank("zh")
    nlp.add_pipe("zongjie_sections")
    doc = nlp(TWO_DOCS)
    structure = doc._.zj_structure
    assert [s["title"] for s in structure] == ["某公司工会工作总结篇1", "【第二篇】某学校工会工作计划"]
    assert structure[0]["end"] <= structure[1]["start"]
    assert {s._.zj_doc for s in doc.spans["sections"]} == {0, 1}
    for s in doc.spans["sections"]:
        st = structure[s._.zj_doc]
        assert st["start"] <= s.start_char and s.end_char <= st["end"]
    assert "figures" not in doc.spans


def test_spacy_held_analysis_is_harmless_when_the_later_component_is_skipped(count_analyses):
    import pickle

    import spacy
    from spacy.tokens import Doc

    from zongjie.spacy_components import HELD_KEY

    nlp = spacy.blank("zh")
    nlp.add_pipe("zongjie_figures")
    nlp.add_pipe("zongjie_sections")
    doc = nlp(TWO_DOCS, disable=["zongjie_sections"])  # the figures component expected a later reader
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())  # a held analysis must not break serialisation
    for copied in (pickle.loads(pickle.dumps(doc)), doc.copy()):  # nothing (and no pipeline) copied along
        assert type(copied.user_data[HELD_KEY]) is dict and not copied.user_data[HELD_KEY]
    assert [s.text for s in again.spans["figures"]] == [s.text for s in doc.spans["figures"]]
    count_analyses.clear()
    nlp.get_pipe("zongjie_sections")(again)  # what it finds in user_data ({} after msgpack) is no analysis
    assert count_analyses == [(True, False)] and again.spans["sections"]
    with nlp.select_pipes(disable=["zongjie_sections"]):
        count_analyses.clear()
        nlp(TWO_DOCS)
    assert count_analyses == [(False, True)]  # a disabled sections component is not computed for


def test_spacy_figures_alone_read_no_section_model(monkeypatch, tmp_path):
    import zongjie

    monkeypatch.setenv("ZONGJIE_MODEL", str(tmp_path / "absent" / "classifier.jsonl"))
    nlp = zongjie.load(sections=False)
    assert nlp.pipe_names == ["zongjie_figures"]
    doc = nlp("全年发展会员12人。")
    assert [s.text for s in doc.spans["figures"]] == ["12人"]
    with pytest.raises(zongjie.ModelError):
        zongjie.load()("全年发展会员12人。")  # the sections component does need it


def test_spacy_char_offsets_expand_to_tokens():
    import spacy

    nlp = spacy.blank("zh")  # character segmenter: every span aligns, the tokenizer is left alone
    nlp.add_pipe("zongjie_figures")
    doc = nlp("全年发展会员86人，入会率98.5%。")
    assert [(s.text, s.start_char, s.end_char) for s in doc.spans["figures"]] == [("86人", 6, 9), ("98.5%", 13, 18)]


# -- extensions -------------------------------------------------------------------------------------


def test_spacy_extensions_leave_other_packages_names_alone():
    import spacy
    from spacy.tokens import Span

    assert not Span.has_extension("value")
    Span.set_extension("value", default="theirs")
    try:
        nlp = spacy.blank("zh")
        nlp.add_pipe("zongjie_figures")
        doc = nlp("全年发展会员86人。")
        (span,) = doc.spans["figures"]
        assert span._.zj_value == 86 and span._.value == "theirs"
    finally:
        Span.remove_extension("value")


def test_spacy_extension_taken_with_a_getter_fails_loudly():
    import spacy
    from spacy.tokens import Span

    from zongjie.errors import ZongjieError

    saved = Span.get_extension("zj_unit") if Span.has_extension("zj_unit") else None
    if saved:
        Span.remove_extension("zj_unit")
    Span.set_extension("zj_unit", getter=lambda span: "元")
    try:
        with pytest.raises(ZongjieError, match=r"span\._\.zj_unit is already registered") as err:
            spacy.blank("zh").add_pipe("zongjie_figures")
        assert "\n" not in str(err.value)
    finally:
        Span.remove_extension("zj_unit")
        Span.set_extension("zj_unit", default=None)


# -- zongjie.load() ---------------------------------------------------------------------------------


def test_spacy_load_returns_a_new_pipeline_each_time():
    import jieba

    import zongjie

    before = jieba.lcut("金秋助学和职代会")
    a, b = zongjie.load(), zongjie.load()
    assert a is not b and a.pipe_names == b.pipe_names == ["zongjie_figures", "zongjie_sections"]
    assert a.get_pipe("zongjie_sections") is not b.get_pipe("zongjie_sections")
    a.get_pipe("zongjie_figures").spans_key = "mine"
    a.remove_pipe("zongjie_sections")
    assert b.pipe_names == ["zongjie_figures", "zongjie_sections"]
    doc = b("一、维权帮扶\n为23名职工子女发放金秋助学金4.6万元。\n")
    money = [s for s in doc.spans["figures"] if s.label_ == "MONEY"]
    assert money and money[0]._.zj_value == 46000 and money[0]._.zj_unit == "元"
    assert "welfare" in [s.label_ for s in doc.spans["sections"]] and set(doc.cats) >= {"welfare", "plans"}
    assert "金秋助学金" in [t.text for t in doc] or "金秋助学" in [t.text for t in doc]
    mine = a("全年发展会员12人。")
    assert "mine" in mine.spans and "figures" not in mine.spans and not mine.cats
    # the heavy part, the section model, is read once and shared read-only
    assert zongjie.load().get_pipe("zongjie_sections").section_model is b.get_pipe("zongjie_sections").section_model
    assert jieba.lcut("金秋助学和职代会") == before


# -- the section model travels with the pipeline ----------------------------------------------------


def test_spacy_to_disk_then_load_in_a_fresh_process_without_the_model_path(tmp_path):
    import shutil

    import zongjie

    custom = _custom_model(tmp_path / "custom")
    nlp = zongjie.load(model=custom)
    text = SAMPLE.read_text(encoding="utf-8")
    here = _roundtrip(summary(nlp(text)))
    shipped = _roundtrip(summary(zongjie.load()(text)))
    assert here["cats"]["culture"] > shipped["cats"]["culture"] + 0.01  # the custom model is in use
    nlp.to_disk(tmp_path / "saved")
    saved_model = tmp_path / "saved" / "zongjie_sections" / "classifier.jsonl"
    assert saved_model.read_bytes() == (custom / "classifier.jsonl").read_bytes()
    shutil.rmtree(custom)
    env = dict(os.environ, ZONGJIE_MODEL=str(tmp_path / "no-such-model.jsonl"))  # no fallback either
    there = _run(LOAD_SAVED, str(tmp_path / "saved"), str(SAMPLE), env=env)
    assert there.pop("tokenizer") == "UnionTokenizer"
    assert there.pop("model_path") == str(custom)  # the config still names it: the saved copy was used
    assert there == here


def test_spacy_to_bytes_from_bytes_carry_the_model(tmp_path):
    import zongjie
    from zongjie.errors import ModelError

    nlp = zongjie.load(model=_custom_model(tmp_path / "custom"))
    data = nlp.to_bytes()
    other = zongjie.load(model=tmp_path / "absent").from_bytes(data)
    text = SAMPLE.read_text(encoding="utf-8")
    assert summary(other(text)) == summary(nlp(text))
    sections = other.get_pipe("zongjie_sections")
    good = sections.to_bytes()
    bad = b'"lables"'.join(good.rsplit(b'"labels"', 1))  # in the payload, which the sha256 covers
    assert bad != good
    with pytest.raises(ModelError, match="zongjie_sections bytes") as err:
        sections.from_bytes(bad)
    assert "\n" not in str(err.value) and "tmp" not in str(err.value)


def test_spacy_corrupt_or_missing_model_is_one_line_model_error(tmp_path):
    import spacy

    import zongjie
    from zongjie.errors import ModelError

    zongjie.load().to_disk(tmp_path / "saved")
    model = tmp_path / "saved" / "zongjie_sections" / "classifier.jsonl"
    model.write_bytes(model.read_bytes()[:-100] + b"\n")
    with pytest.raises(ModelError, match="corrupt") as err:
        spacy.load(tmp_path / "saved")
    assert "\n" not in str(err.value)
    model.unlink()
    with pytest.raises(ModelError, match="no model file") as err:
        spacy.load(tmp_path / "saved")
    assert "\n" not in str(err.value)
    nlp = zongjie.load(model=tmp_path / "nowhere")  # a configured path is read on first use
    with pytest.raises(ModelError, match="nowhere") as err:
        nlp("全年发展会员12人。")
    assert "\n" not in str(err.value)
