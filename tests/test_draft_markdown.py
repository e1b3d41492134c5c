"""--format md: every user value is escaped on every line, titles included; parsed back with a
CommonMark parser (markdown-it-py, with tables and strike-through on), the draft has exactly the
structure the drafter made and shows each value as written."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zongjie.draft import build_draft, parse_facts, render

markdown_it = pytest.importorskip("markdown_it")

HOSTILE = [
    "```", "~~~python", "# 真标题", "## 二级", "- 列表项", "* 星号", "+ 加号", "1. 有序", "2025) 年份",
    "> 引用", "<script>alert(1)</script>", "<iframe src=\"https://x\"></iframe>", "<img src=x onerror=alert(1)>",
    "[点我](javascript:alert(1))", "![图](javascript:alert(1))", "<javascript:alert(1)>", "| a | b |", "|---|---|",
    "---", "===", "***", "    缩进代码", "\t制表缩进", "**粗体** _斜体_ ~~删除~~ `代码`", "&copy; &#65; &lt;",
    "\\# 反斜杠", "[ref]: https://x", "$x^2$", "<!-- 注释 -->", "<div>块</div>", "a  ", "<https://x.example>",
]


def _parser():
    return markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _blocks(tokens):
    """Block tokens (type, tag) outside the inline content."""
    return [(t.type, t.tag) for t in tokens if t.type != "inline"]


def _inline_text(token) -> str:
    """The text an inline token shows; anything but text and line breaks (emphasis, a link, code,
    raw HTML) would be an escape that failed."""
    kinds = {c.type for c in token.children or []}
    assert kinds <= {"text", "softbreak", "hardbreak"}, (kinds, token.content)
    return "".join("\n" if c.type != "text" else c.content for c in token.children or [])


def _facts(values: list[str]) -> dict:
    return {
        "organization": "甲工会", "period": {"year": 2025}, "title": "标题" + values[0] + "尾",
        "superiors": ["厂党委"], "focus": "围绕" + values[1 % len(values)],
        "sections": {"welfare": {"title": "帮扶" + values[2 % len(values)], "items": [
            "甲" + v + "乙" for v in values]}},
        "problems": ["问" + v for v in values[:3]],
        "plans": {"intro": "计划" + values[-1], "sections": {"culture": {"title": "文体" + values[0]}}},
        "closing": "结束" + values[-1], "signature": {"name": "甲工会" + values[0]},
    }


def _check(values: list[str]) -> None:
    facts = parse_facts(__import__("json").dumps(_facts(values), ensure_ascii=False))
    draft = build_draft(facts, bank={})
    tokens = _parser().parse(render(facts, "md", bank={}))
    blocks = _blocks(tokens)
    forbidden = {"fence", "code_block", "html_block", "hr", "table_open", "bullet_list_open", "ordered_list_open"}
    assert not forbidden & {t for t, _ in blocks}, blocks
    headings = [tag for t, tag in blocks if t == "heading_open"]
    want = ["h1"] + [f"h{b.level + 1}" for b in draft.blocks if b.kind == "heading"]
    assert headings == want
    quotes = sum(1 for t, _ in blocks if t == "blockquote_open")
    assert quotes == sum(1 for b in draft.blocks if b.kind == "prompt")
    shown = [_inline_text(t) for t in tokens if t.type == "inline"]
    joined = "\n".join(shown)
    for b in draft.blocks:
        for line in re.split(r"\r\n|\r|\n", b.line):
            line = line.strip(" \t")
            if line:
                assert line in joined, (line, joined[:500])


def test_markdown_hostile_values_render_as_written():
    _check(HOSTILE)


def test_markdown_every_line_of_a_value_is_escaped():
    _check(["第一行\n# 标题\n- 列表\n\n    代码\n> 引用\n```\n<script>x</script>\n1. 有序\n2) 也是"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(list("#>-+*_=`~|[]()!<>&\\$:.) \t\n1a甲") + ["\r\n", "\r", "    ", "1. "]),
                        min_size=1, max_size=30).map("".join), min_size=3, max_size=6))
def test_markdown_property_no_structure_from_values(values):
    _check(values)


def test_markdown_escape_examples():
    from zongjie.draft.layout import md_escape, md_inline

    assert md_escape("<script>") == "&lt;script&gt;"
    assert md_escape("a & b") == "a &amp; b"
    assert md_escape("第一行\n# 第二行") == "第一行\\\n\\# 第二行"
    assert md_escape("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))"
    assert md_escape("    代码") == "代码"
    assert md_escape("98.5%") == "98.5%"
    assert md_inline("标题\n```") == "标题 \\`\\`\\`"
    assert html.unescape(md_escape("<b>&amp;</b>")) == "<b>&amp;</b>"
