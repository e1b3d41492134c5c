"""Segmentation: the seed's documents, headings, repairs and parts; losslessness."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from zongjie.segment import segment

REPAIRED = [
    "xx年工会工作总结及xx年工会工作计划",
    "对厂的安全生产情况",
    "努力为职工做好事",
    "充分发挥工会的桥梁和纽带作用",
    "3、7、8月份开展职工体检",
    "科学发展”为理念",
]


def assert_lossless(seg, text):
    covered = sorted(p for b in seg.blocks for p in b.pieces)
    pos = 0
    for a, b in covered:
        assert a == pos, (a, pos)
        assert b > a
        pos = b
    assert pos == len(text)


def test_segment_seed_seven_documents(seed_seg):
    titles = [d.title for d in seed_seg.documents]
    assert len(titles) == 7
    for title, n in zip(titles, "一二三四五六七"):
        assert title.endswith("篇" + n)


def test_segment_seed_lossless(seed_seg, seed_text):
    assert_lossless(seed_seg, seed_text)


def test_segment_seed_teaser_and_pagination_are_noise(seed_seg, seed_text):
    doc3 = seed_seg.documents[2]
    noise = [b for b in doc3.blocks if b.kind == "noise"]
    teaser = [b for b in noise if b.text.endswith("......")]
    assert len(teaser) == 5
    assert not any(b.kind != "noise" and b.text.endswith("......") for b in seed_seg.blocks)
    last5 = seed_seg.documents[4].blocks[-1]
    assert last5.kind == "noise" and last5.text == "123下一页"


def test_segment_seed_no_page_number_in_text(seed_seg):
    import re

    for b in seed_seg.blocks:
        if b.kind == "noise":
            continue
        assert not re.search(r"[\u4e00-\u9fff] \d{1,2}$", b.text), b.text
        assert "下一页" not in b.text
    for frag in ("安 3", "职 13", "工会 5"):
        assert not any(frag in b.text for b in seed_seg.blocks if b.kind != "noise")


def test_segment_seed_repairs(seed_seg):
    texts = [b.text for b in seed_seg.blocks if b.kind != "noise"]
    for want in REPAIRED:
        assert any(want in t for t in texts), want


def test_segment_seed_heading_levels(seed_seg):
    doc3 = seed_seg.documents[2]
    h2 = [b for b in doc3.blocks if b.text.startswith("（一）组织开展")]
    assert h2 and h2[0].kind == "heading" and h2[0].level == 2 and h2[0].numbering == "（一）"
    h1 = [b for b in doc3.blocks if b.text == "六、加强工会财务管理。"]
    assert h1 and h1[0].kind == "heading" and h1[0].level == 1


def test_segment_seed_yishi_is_not_heading(seed_seg):
    for b in seed_seg.blocks:
        if b.text.startswith("一是"):
            assert b.kind == "paragraph" and b.numbering is None


def _plan_start(doc):
    for b in doc.blocks:
        if b.part == "plan" and b.kind != "noise":
            return b
    return None


def test_segment_seed_plan_parts(seed_seg):
    d1, d3 = seed_seg.documents[0], seed_seg.documents[2]
    assert _plan_start(d1).text == "20xx年下半年工作安排"
    assert _plan_start(d3).text == "xx年工作计划"
    before = [b for b in d1.blocks if b.end <= _plan_start(d1).start and b.kind != "noise"]
    assert before and all(b.part == "summary" for b in before)


def test_segment_seed_reencoded_identical(seed_path, seed_text, seed_seg):
    from zongjie.read import decode_bytes

    for enc in ("gb18030", "utf-16"):
        r = decode_bytes(seed_text.encode(enc), f"seed.{enc}")
        assert r.text == seed_text
        assert segment(r.text, r.encoding).documents == seed_seg.documents


def test_segment_empty():
    assert segment("").documents == ()


def test_segment_one_paragraph():
    text = "全年共走访慰问困难职工56人次，发放慰问金12万元。"
    seg = segment(text)
    assert len(seg.documents) == 1
    blocks = [b for b in seg.blocks if b.kind != "noise"]
    assert len(blocks) == 1 and blocks[0].kind == "paragraph" and blocks[0].text == text


def test_segment_sentences_keep_quotes():
    text = "工会开展“读书月。好书大家读！”活动。参加人数达到120人；效果良好……下一步继续。"
    seg = segment(text)
    sents = [s.text for s in seg.blocks[0].sentences]
    assert sents[0] == "工会开展“读书月。好书大家读！”活动。"
    assert sents[1] == "参加人数达到120人；"
    assert sents[2] == "效果良好……"
    for s in seg.blocks[0].sentences:
        assert text[s.start:s.end] == s.text


def test_segment_marker_styles():
    body = "今年以来，工会围绕中心工作，扎实开展各项活动，取得了较好成效。\n"
    text = ("范文精选\n某公司工会工作总结篇1\n" + body + "【第二篇】某学校工会工作计划\n" + body
            + "第三篇 社区工会工作总结\n" + body)
    seg = segment(text)
    assert len(seg.documents) == 3
    assert_lossless(seg, text)


def test_segment_unmarked_documents_split_after_signature():
    text = ("甲公司工会2024年工作总结\n今年以来，工会扎实开展各项工作。\n甲公司工会\n2024年12月20日\n"
            "乙学校工会2025年工作计划\n新的一年，工会将继续围绕学校中心工作开展活动。\n")
    seg = segment(text)
    assert [d.title for d in seg.documents] == ["甲公司工会2024年工作总结", "乙学校工会2025年工作计划"]
    assert all(b.part == "plan" for b in seg.documents[1].blocks if b.kind != "noise")


def test_segment_fullwidth_numbering_and_stuck_page_numbers():
    text = ("单位工会工作总结\n１、组织建设\n今年新发展会员１２人，会员总数达到３４５人，入会率保持在很高水平，对工会的建 7\n"
            "设起到了推动作用。\n- 2 -\n（２）文体活动\n组织职工开展登山比赛。\n")
    seg = segment(text)
    blocks = seg.blocks
    heads = [b for b in blocks if b.kind == "heading" and b.level]
    assert [(b.level, b.numbering) for b in heads] == [(3, "１、"), (4, "（２）")]
    para = [b for b in blocks if "对工会的建设起到了推动作用。" in b.text]
    assert para and len(para[0].pieces) == 2
    noise = sorted(b.text for b in blocks if b.kind == "noise")
    assert noise == ["- 2 -", "7"]
    assert_lossless(seg, text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("工会总结计划篇一二三１2（）()、。，；：\n \r\t x年月日3下一页......“”【】第")) | st.characters(), max_size=300))
def test_segment_hypothesis_lossless(text):
    text = text.replace("\r", "\n")
    seg = segment(text)
    if not text:
        assert seg.documents == ()
        return
    assert_lossless(seg, text)
    for d in seg.documents:
        for b in d.blocks:
            assert d.start <= b.start < b.end <= d.end
            for s in b.sentences:
                assert 0 <= s.start < s.end <= len(text)


def _noise_scores(docs):
    """(gold noise spans found as noise, gold noise spans, labelled lines wrongly touched by noise).

    A line labelled ``other`` (page chrome) that the segmenter calls noise is not wrongly touched: noise
    blocks are labelled ``other`` too."""
    found = total = touched = 0
    for d in docs:
        mask = bytearray(len(d.text))
        for b in d.segmentation.blocks:
            if b.kind == "noise":
                for a, e in b.pieces:
                    mask[a:e] = b"\x01" * (e - a)
        inline = [(n["start"], n["end"]) for n in d.noise]
        for a, e in [(ln.start, ln.end) for ln in d.lines if ln.label == "noise"] + inline:
            total += 1
            chars = [i for i in range(a, e) if not d.text[i].isspace()]
            found += bool(chars) and all(mask[i] for i in chars)
        for ln in d.lines:
            if ln.label in ("noise", "other"):
                continue
            own = [i for i in range(ln.start, ln.end) if not d.text[i].isspace()
                   and not any(a <= i < e for a, e in inline)]
            touched += any(mask[i] for i in own)
    return found, total, touched


def test_segment_corpus_noise_matches_annotation():
    """On our annotated corpus, noise found by the segmenter agrees with the hand annotation."""
    from tests.conftest import CORPUS
    from zongjie.corpus.loader import load_corpus

    docs = load_corpus(CORPUS)
    found, total, touched = _noise_scores(docs)
    assert total >= 60
    assert found / total >= 0.95, (found, total)
    assert touched <= 2, touched


def test_segment_corpus_lossless():
    from tests.conftest import CORPUS
    from zongjie.corpus.loader import load_corpus

    for d in load_corpus(CORPUS):
        assert_lossless(d.segmentation, d.text)


def test_segment_markdown_marks_are_numbering_not_text():
    """``#### 一、`` and ``- `` are a heading's and an item's numbering (offsets still into the original)."""
    from zongjie.segment import segment

    text = "### 工会2025年工作计划\n#### 一、加强组织建设\n1. **完善组织体系**：健全基层工会。\n- **信息化建设**：建立系统。\n"
    blocks = segment(text).documents[0].blocks
    heading = next(b for b in blocks if b.text.startswith("####"))
    assert heading.kind == "heading" and heading.level == 1 and heading.numbering == "#### 一、"
    bullet = next(b for b in blocks if b.text.startswith("- "))
    assert bullet.numbering.startswith("- ") and bullet.level == 4
    assert all(text[b.start:b.end].strip().startswith(b.text[:4]) for b in blocks)


def test_segment_pinyin_left_by_a_converter_does_not_break_words():
    from zongjie.read.view import normalize_view

    text = "工會(huì)工作總結(jié)"
    view = normalize_view(text)
    assert len(view) == len(text) and "(" not in view and view.replace(" ", "") == "工会工作总结"


def test_an_organisation_line_over_a_title_is_one_document_but_a_closing_signature_ends_one():
    text = ("鑫钢集团炼钢厂工会\n2024年工作总结及2025年工作计划\n\n"
            "2024年，鑫钢集团炼钢厂工会在厂党委的领导下，围绕中心任务开展工作。现总结如下。\n\n"
            "全年新发展会员126人。\n\n鑫钢集团炼钢厂工会\n2024年12月20日\n\n"
            "另一单位工会2024年工作总结\n\n2024年，另一单位工会做了很多工作。\n")
    docs = segment(text).documents
    assert len(docs) == 2
    assert docs[0].title == "鑫钢集团炼钢厂工会2024年工作总结及2025年工作计划"
    assert docs[1].title == "另一单位工会2024年工作总结"


def test_segment_sentences_fast_path_is_the_quote_walk():
    """A block without quotes is cut in one pass; the cuts are those of the quote-aware walk."""
    import random

    from zongjie.segment.sentences import _cuts_outside_quotes, _END

    rnd = random.Random(3)
    alpha = "工会职工。！？；!?;……......）)’ ab"
    for _ in range(3000):
        text = "".join(rnd.choice(alpha) for _ in range(rnd.randint(0, 40)))
        assert [m.end() for m in _END.finditer(text)] == _cuts_outside_quotes(text), text


def test_segment_numbering_answers_are_kept_per_view():
    from zongjie.segment.lines import patterns

    pat = patterns()
    assert pat.numbering_of("一、加强组织建设") == pat._numbering_of("一、加强组织建设")
    assert pat.numbering_of("（二）规范管理") == pat._numbering_of("（二）规范管理")
    assert pat.numbering_of("加强组织建设") is None and "加强组织建设" in pat._numbering_seen


def test_segment_tail_patterns_keep_the_shapes_the_prechecks_assume():
    """lines.analyse searches the $-anchored tail patterns only when the line's last character can end
    them; that holds while the table's patterns keep these endings (change both together)."""
    from zongjie import lang

    raw = lang.table("lines")
    assert raw["page_stuck_end"].endswith(r"(\s+\d{1,3})\s*$")
    assert raw["stray_tail"].endswith(r"(\s+[A-Za-z0-9]{1,4})\s*$")
    assert raw["teaser_snippet"] == r"(?:\.\.\.+|……?|。。。+)\s*$"  # each branch starts with a literal: fast to search
    assert all(w.endswith("页") for w in ("上一页", "下一页", "首页", "尾页", "末页")) and "页" in raw["pagination_tail"]


def test_segment_without_sentences_is_the_same_segmentation(seed_text):
    """``sentences=False`` (what extract and classify use) changes nothing but the empty sentences."""
    from dataclasses import replace

    full, bare = segment(seed_text), segment(seed_text, sentences=False)
    assert any(b.sentences for d in full.documents for b in d.blocks)
    assert all(not b.sentences for d in bare.documents for b in d.blocks)
    assert [d.title for d in bare.documents] == [d.title for d in full.documents]
    assert [[replace(b, sentences=()) for b in d.blocks] for d in full.documents] == \
        [list(d.blocks) for d in bare.documents]


def test_pipeline_without_sentences_labels_and_figures_the_same(seed_text):
    from zongjie.pipeline import Pipeline

    def rows(a):
        return [(lb.doc, lb.index, lb.section, lb.role, lb.part, lb.figures) for lb in a.blocks]

    assert rows(Pipeline(sentences=False).analyse(seed_text)) == rows(Pipeline().analyse(seed_text))


def test_segment_parenthesised_and_stopped_digit_numbering_have_levels():
    """⑴ ⑵ (one character each) number like （1）, ⒈ ⒉ like 1.; both are read as numbering with a level."""
    seg = segment("一、组织建设\n⑴加强基层组织建设，新建工会3个。\n⑵开展会员实名制工作。\n⒈完善制度，建立台账。\n⒉落实责任。\n")
    blocks = seg.documents[0].blocks
    assert [(b.numbering, b.level) for b in blocks[1:]] == [("⑴", 4), ("⑵", 4), ("⒈", 3), ("⒉", 3)]


def test_strip_numbering_cuts_one_token_of_a_rank():
    from zongjie.segment.lines import patterns

    p = patterns()
    assert p.strip_numbering("3、7、8月份开展了活动") == "7、8月份开展了活动"
    assert p.strip_numbering("一、（一）加强组织") == "加强组织" and p.strip_numbering("⑴做好帮扶") == "做好帮扶"
