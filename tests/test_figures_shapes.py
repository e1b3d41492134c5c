"""Figure shapes of real web pages (redacted and spaced years, listing dates, quarters,
ASCII punctuation, meeting names, quoted slogans ...), in sentences of our own."""

from __future__ import annotations

import pytest

from zongjie.figures import extract_figures
from test_figures import gold


def found(text: str) -> list[tuple]:
    return [(f.surface, f.kind, gold(f), f.unit, f.placeholder, f.approx) for f in extract_figures(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # redacted years: underscores, an asterisk after digits
        ("根据《20__年工会工作要点》安排，", ("20__年", "date", None, "年", True, False)),
        ("__年工会经费预算如下", ("__年", "date", None, "年", True, False)),
        ("市总工会201*年上半年工作总结", ("201*年", "date", None, "年", True, False)),
        # years as converters leave them: spaces inside and around the number
        ("二 00 八年，工会在机修车间开展技术比武。", ("二 00 八年", "date", "2008", "年", False, False)),
        ("2009 年 3 月，公司工会换届。", ("2009 年 3 月", "date", "2009-03", "月", False, False)),
        ("每年 4 月份开展安全生产月活动", ("4 月份", "date", "--04", "月", False, False)),
        # bare years in titles and listings
        ("2023工会工作计划精选", ("2023", "date", "2023", "", False, False)),
        # zero-padded month-days of listing pages
        ("职工书屋读书活动方案 04-23", ("04-23", "date", "--04-23", "", False, False)),
        # quarters are dates, not ordinals
        ("第二季度，工会组织了技能比武。", ("第二季度", "date", "Q2", "季度", False, False)),
        # 苐, a variant of 第
        ("选举产生苐五届工会委员会", ("苐五届", "ordinal", 5, "届", False, False)),
        # ASCII commas used as Chinese punctuation
        ("经过激烈角逐,5名选手进入决赛", ("5名", "count", 5, "名", False, False)),
        ("经过激烈角逐,三个车间获得表彰", ("三个", "count", 3, "个", False, False)),
        # 一 as a duration before 里/来
        ("在刚刚过去的一个月里，我们走访了班组", ("一个月", "other", 1, "个月", False, False)),
        # 多 inside 个月
        ("历经两个多月的筹备，", ("两个多月", "other", 2, "个月", False, True)),
        # half a duration
        ("举办为期半天的心理健康讲座", ("半天", "other", 0.5, "天", False, False)),
        # W for 万 on web pages (decimal numbers only)
        ("浏览量(2.6W)", ("2.6W", "count", 26000, "", False, False)),
        # fractions with a decimal numerator (TAXONOMY: a fraction's value is a / b)
        ("食堂满意度测评平均7.5/10，", ("7.5/10", "other", 0.75, "", False, False)),
        # units: power, trains, file sizes, household visits, 千 as a multiplier
        ("新增装机容量60万千瓦，", ("60万千瓦", "other", 600000, "千瓦", False, False)),
        ("每天开行货运列车12列，", ("12列", "other", 12, "列", False, False)),
        ("附件大小:36KB", ("36KB", "other", 36, "KB", False, False)),
        ("走访慰问困难职工家庭120户次，", ("120户次", "count", 120, "户次", False, False)),
        ("覆盖职工x千人。", ("x千人", "count", None, "人", True, False)),
        ("兜底吸纳百余家小微企业职工入会", ("百余家", "count", 100, "家", False, True)),
        # placeholders after underscores
        ("共有__x个班组参赛", ("__x个", "count", None, "个", True, False)),
    ],
)
def test_figures_shapes_found(text, expected):
    assert expected in found(text), found(text)


@pytest.mark.parametrize(
    "text",
    [
        "第一篇：车间工会工作总结",  # list numbering
        "第3篇 工会工作计划",
        "认真学习党的二十届三中全会精神",  # meeting names without 第
        "贯彻落实市总工会十五届会议精神",
        "推进“四个全覆盖”工作",  # slogans in quotes
        "落实“两个清单”管理制度",
        "活动取得了一个很好的效果",  # indefinite 一个
        "争取达到一个新的高度",
        "由**年轻职工组成的突击队",  # ** redacts a name, not a year
        "功率(100W)",  # watts, not 万
        "电话0571-12345678",  # no month-day inside a number
        "4月份2号机组检修完成",  # 2号 is a machine number, not a day (the date is 4月份)
    ],
)
def test_figures_shapes_not_figures(text):
    figs = [f for f in extract_figures(text) if not (f.kind == "date" and f.surface == "4月份")]
    assert figs == [], [(f.surface, f.kind) for f in figs]


def test_figures_shapes_ordinal_meeting_kept():
    """A meeting with 第 is an ordinal; the session count after it is not a figure."""
    assert found("召开第十五届二次会议") == [("第十五届", "ordinal", 15, "届", False, False)]


def test_figures_shapes_count_of_terms_kept():
    """届 after a count that is not a meeting name stays a count."""
    assert ("三届", "count", 3, "届", False, False) in found("连续三届获得先进集体称号")


def test_figures_shapes_thousands_and_ranges_unchanged():
    assert ("34,500元", "money", 34500, "元", False, False) in found("筹集资金34,500元，")
    assert found("每组报名10-15人")[0][:3] == ("10-15人", "count", 10)
    assert found("跑了5千米")[0][2:4] == (5, "千米")
