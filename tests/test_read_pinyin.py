"""Bracketed pinyin left by a converter (工會(huì)) is blanked in the view; ordinary parentheses stay."""

from __future__ import annotations

import time

import pytest

from zongjie import lang
from zongjie.read import blank_pinyin, normalize_view
from zongjie.read.pinyin import is_reading

POSITIVE = [
    ("工會(huì)", "工會" + " " * 5),
    ("總結(jié)", "總結" + " " * 5),
    ("領(lǐng)導(dǎo)", "領" + " " * 6 + "導" + " " * 5),
    ("開(kāi)展", "開" + " " * 5 + "展"),
    ("工会（gōng huì）", "工会" + " " * 10),
    ("工会(gōnghuì)", "工会" + " " * 9),
    ("工会(gong1 hui4)", "工会" + " " * 12),
    ("女(nǚ)工", "女    工"),
    ("女(nv3)", "女     "),
    ("西(xī'ān)", "西" + " " * 7),
    ("工(go\u0304ng)", "工" + " " * 7),  # decomposed tone mark
    ("𠀀(huì)", "𠀀" + " " * 5),  # extension B
]

NEGATIVE = [
    "（一）", "一、（一）组织建设", "(2024年)", "总结(2024年)", "工作总结(精选6篇)", "公司(ABC)",
    "公司(abc)", "的(de)", "工会(hui)", "abc(huì)", "工会 (huì)", "咖啡(café)", "工(gōngggg)",
    "工会()", "工会( )", "工会(1)", "工会(2)", "第(a)", "工会(huì", "工会huì)", "工会(Huì)",
    "工会(" + "ā" * 60 + ")",
]


@pytest.mark.parametrize("text,view", POSITIVE)
def test_read_pinyin_blanked(text, view):
    assert blank_pinyin(text) == view
    assert len(blank_pinyin(text)) == len(text)


@pytest.mark.parametrize("text", NEGATIVE)
def test_read_pinyin_ordinary_parentheses_kept(text):
    assert blank_pinyin(text) == text


def test_read_pinyin_in_view_same_length_and_simplified():
    text = "黃磷廠工會(huì)積極開(kāi)展送溫暖活動，慰問職工１２人（一）"
    view = normalize_view(text)
    assert len(view) == len(text)
    assert view == "黄磷厂工会     积极开     展送温暖活动，慰问职工12人（一）"


def test_read_pinyin_view_matches_the_words():
    view = normalize_view("工會(huì)總結(jié)")
    assert view.split() == ["工会", "总结"]


def test_read_pinyin_full_width_letters_are_read_half_width():
    assert normalize_view("工會（ｈｕì）") == "工会" + " " * 5


def test_read_pinyin_is_reading_needs_a_tone():
    assert is_reading("huì") and is_reading("hui4") and is_reading("gōng huì")
    assert not is_reading("hui") and not is_reading("gong hui") and not is_reading("xyz4")


def test_read_pinyin_table_syllables():
    syllables = lang.pinyin().syllables
    assert {"zhuang", "lü", "nüe", "yuan", "er", "a"} <= syllables
    assert not {"fe", "bü", "zhi" + "n", "ji" + "ong" + "g"} & syllables
    assert len(syllables) > 380


def _cost(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        blank_pinyin(text)
        best = min(best, time.perf_counter() - t0)
    return best


@pytest.mark.parametrize("unit", [
    "工(", "工(gōnggōnggōnggōnggōnggōnggōnggōnggōnggōng", "工(huì)", "(((工((", "工(xianxianxianxianxian",
])
def test_read_pinyin_linear_time(unit):
    small = unit * (100_000 // len(unit))
    large = unit * (1_000_000 // len(unit))
    ratio = _cost(large) / max(_cost(small), 1e-6)
    assert ratio < 25, f"10x the input took {ratio:.1f}x the time"
