"""The language layer: one loader, read-only tables, one copy of each fact read by every stage."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from zongjie import lang


def _tables() -> list[str]:
    return sorted(p.name[:-5] for p in resources.files("zongjie.lang").joinpath("zh").iterdir()
                  if p.name.endswith(".json"))


@pytest.mark.parametrize("name", _tables())
def test_lang_every_table_loads_read_only(name):
    t = lang.table(name)
    assert t and not any(k.startswith("_") for k in t)
    with pytest.raises(TypeError):
        t["new"] = 1  # type: ignore[index]


def test_lang_duplicate_keys_are_refused():
    with pytest.raises(ValueError):
        json.loads('{"a": 1, "a": 2}', object_pairs_hook=lang._no_duplicates)


def test_lang_sections_are_read_by_every_stage():
    from zongjie.classify.estimator import TOPICS

    assert lang.section_ids()[0] == "overview" and lang.section_ids()[-1] == "other" and len(lang.section_ids()) == 9
    assert TOPICS == ("overview", *lang.topical_sections(), "problems")
    assert set(TOPICS) | {"plans", "other"} == set(lang.section_ids())


def test_lang_list_numbering_is_one_table_read_by_segment_corpus_and_draft():
    from zongjie.corpus.phrases import strip_numbering
    from zongjie.draft.model import strip_ordinal
    from zongjie.segment import segment
    from zongjie.segment.lines import patterns

    for text, body in [("一、加强组织建设", "加强组织建设"), ("（二）开展劳动竞赛", "开展劳动竞赛"), ("3、全年发展会员", "全年发展会员"),
                       ("①做好帮扶", "做好帮扶"), ("一是开展读书活动", "开展读书活动")]:
        assert patterns().strip_numbering(text) == body and strip_numbering(text) == body
    assert strip_ordinal("一是开展读书活动") == "开展读书活动" and strip_ordinal("首先，我们") == "我们"
    block = segment("一、加强组织建设\n全年发展会员12人。\n").documents[0].blocks[0]
    assert block.numbering == "一、" and block.level == 1


def test_lang_title_words_are_the_cue_table():
    from zongjie.segment.lines import patterns

    words = lang.table("cues")["title"]
    for w in (*words["plan_words"], *words["summary_words"]):
        assert patterns().title_like.match(f"某某公司工会2024年{w}")
    assert patterns().plan_only_title.search("某某工会2025年工作" + words["plan_words"][0])
