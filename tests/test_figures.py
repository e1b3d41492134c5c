"""Unit tests of figure extraction, one per case of corpus/GUIDE.md."""

from __future__ import annotations

import pytest

from zongjie.figures import extract_figures, figures_to_rows
from zongjie.figures.data import units
from zongjie.figures.numerals import parse_number, year_digits


def gold(f):
    """A figure's value as the gold sets write it: a date's ISO-like text, None for no number."""
    if f.kind == "date":
        return f.date.split("/")[0] if f.date else None
    return f.value if f.known else None


def gold_values(f) -> tuple:
    if f.kind == "date" and "/" in f.date:
        return tuple(f.date.split("/"))
    return tuple(v if v == v else None for v in f.values)


def one(text: str):
    figs = extract_figures(text)
    assert len(figs) == 1, [f.surface for f in figs]
    return figs[0]


@pytest.mark.parametrize(
    "text, surface, kind, value, unit",
    [
        ("走访慰问困难职工56人次。", "56人次", "count", 56, "人次"),
        ("工会委员会议六次，", "六次", "count", 6, "次"),
        ("召开职工大会一次，", "一次", "count", 1, "次"),
        ("参赛职工1.2万人，", "1.2万人", "count", 12000, "人"),
        ("在岗职工１２人。", "１２人", "count", 12, "人"),
        ("在岗女职工 83 人。", "83 人", "count", 83, "人"),
        ("筹集资金34,500元。", "34,500元", "money", 34500, "元"),
        ("上级拨付3万元。", "3万元", "money", 30000, "元"),
        ("企业捐赠叁万元，", "叁万元", "money", 30000, "元"),
        ("总投资1.5亿元。", "1.5亿元", "money", 150000000, "元"),
        ("参与率86%。", "86%", "percent", 86, "%"),
        ("参与率８６％。", "８６％", "percent", 86, "%"),
        ("满意度96．45%，", "96．45%", "percent", 96.45, "%"),
        ("满意率百分之八十六。", "百分之八十六", "percent", 86, "%"),
        ("八成职工参加。", "八成", "percent", 80, "%"),
        ("提高了3个百分点。", "3个百分点", "percent", 3, "个百分点"),
        ("2024年，工会", "2024年", "date", "2024", "年"),
        ("二〇二四年，工会", "二〇二四年", "date", "2024", "年"),
        ("二0一一年，工会", "二0一一年", "date", "2011", "年"),
        ("3月，工会", "3月", "date", "--03", "月"),
        ("3月8日，工会", "3月8日", "date", "--03-08", "日"),
        ("2024年12月20日召开", "2024年12月20日", "date", "2024-12-20", "日"),
        ("二〇一一年十一月二日", "二〇一一年十一月二日", "date", "2011-11-02", "日"),
        ("九月份，会同行办", "九月份", "date", "--09", "月"),
        ("获第十期医疗互助", "第十期", "ordinal", 10, "期"),
        ("荣获第一名，", "第一名", "ordinal", 1, "名"),
        ("第三届职代会", "第三届", "ordinal", 3, "届"),
        ("为期三个月的培训", "三个月", "other", 3, "个月"),
        ("人均1.63天。", "1.63天", "other", 1.63, "天"),
        ("节约9万吨。", "9万吨", "other", 90000, "吨"),
        ("面积2000平方米。", "2000平方米", "other", 2000, "平方米"),
        ("年满60岁的职工", "60岁", "other", 60, "岁"),
        ("相当于近1/4。", "近1/4", "other", 0.25, ""),
        ("接待职工来访64批次，", "64批次", "count", 64, "批次"),
        ("改造职工宿舍2栋", "2栋", "count", 2, "栋"),
        ("新老教师结对28对，", "28对", "count", 28, "对"),
        ("为17名单亲困难女职工", "17名", "count", 17, "名"),
        ("共有8支队伍参赛", "8支", "count", 8, "支"),
    ],
)
def test_figures_case(text, surface, kind, value, unit):
    f = one(text)
    assert (f.surface, f.kind, gold(f), f.unit) == (surface, kind, value, unit)
    assert text[f.start:f.end] == f.surface


@pytest.mark.parametrize(
    "text, surface",
    [("慰问职工1500余人。", "1500余人"), ("组织近百名职工", "近百名"), ("约450人参加", "约450人"),
     ("培训100多人次。", "100多人次"), ("每场20人左右。", "20人左右"), ("覆盖超过30家企业", "超过30家"),
     ("八成以上的职工", "八成以上"), ("入会率95%以上。", "95%以上"), ("约一亩多的空地", "约一亩多"),
     ("全年培训不少于500人。", "不少于500人"), ("每年协商不低于2次", "不低于2次")],
)
def test_figures_approx_in_surface(text, surface):
    f = one(text)
    assert f.surface == surface and f.approx and not f.placeholder


@pytest.mark.parametrize(
    "text, surface, unit",
    [("共有x家单位", "x家", "家"), ("慰问xx人", "xx人", "人"), ("发放xxx名", "xxx名", "名"), ("建议X条", "X条", "条"),
     ("慰问金××元", "××元", "元"), ("建档__人", "__人", "人"), ("建档＿＿人", "＿＿人", "人"),
     ("20xx年，工会", "20xx年", "年"), ("x月x日举行", "x月x日", "日"), ("慰问金xx万余元", "xx万余元", "元"),
     ("慰问金xx0元", "xx0元", "元"), ("组织了20xx余人参加", "20xx余人", "人")],
)
def test_figures_placeholder(text, surface, unit):
    f = one(text)
    assert (f.surface, gold(f), f.placeholder, f.unit) == (surface, None, True, unit)


@pytest.mark.parametrize(
    "text, surface, kind, value, values",
    [("每季交1至2篇读书心得", "1至2篇", "count", 1, (1, 2)),
     ("推荐3-5人参加", "3-5人", "count", 3, (3, 5)),
     ("在7、8月份开展", "7、8月份", "date", "--07", ("--07", "--08")),
     ("x-x月共计有", "x-x月", "date", None, (None, None)),
     ("将7月至9月的工作", "7月至9月", "date", "--07", ("--07", "--09")),
     ("增长幅度为3%-5%，", "3%-5%", "percent", 3, (3, 5))],
)
def test_figures_range_and_list(text, surface, kind, value, values):
    f = one(text)
    assert (f.surface, f.kind, gold(f), gold_values(f)) == (surface, kind, value, values)


@pytest.mark.parametrize(
    "text",
    ["一是加强建设，二是深化管理。", "深入一线，开展一系列活动。", "一手抓生产，一手抓服务。", "建立一对一帮扶机制。",
     "庆祝三八妇女节。", "荣获五一劳动奖章。", "“六一”儿童节活动。", "学习十七大精神。", "贯彻二十大精神。",
     "编制十四五规划。", "以“三个代表”重要思想为指导。", "开展四争四促活动。", "创建五型班组。", "获得五星级职工之家。",
     "组织一支小分队。", "进行了一次培训。", "开展一场比赛。", "一、加强组织建设", "（一）规范管理", "1、完善制度",
     "从三个方面入手。", "召开六届二次会议。", "千方百计为职工办实事。", "过去的一年，工会", "一年一度的运动会",
     "123下一页", "对厂的安 3\n全生产", "讲述xx人的故事", "三级工会网络", "两个文明建设"],
)
def test_figures_not_figures(text):
    assert extract_figures(text) == []


def test_figures_list_numbering_before_month():
    f = one("检活动。\n4、九月份，会同行办")
    assert (f.surface, f.date) == ("九月份", "--09")


def test_figures_offsets_into_original_text():
    text = "ＡＢ在岗职工１２人，满意度８６％。"
    for f in extract_figures(text):
        assert text[f.start:f.end] == f.surface


@pytest.mark.parametrize(
    "text, subject",
    [("建立困难职工档案信息13人，", "困难职工档案信息"), ("共收集职代会提案x条，", "职代会提案"),
     ("共有x家单位制定了方案", "单位"), ("其中女工3人，", "女工")],
)
def test_figures_subject(text, subject):
    assert extract_figures(text)[0].subject == subject


def test_figures_numerals():
    assert parse_number("34,500") == 34500
    assert parse_number("1.2万") == 12000
    assert parse_number("两千") == 2000
    assert parse_number("一一") is None
    assert year_digits("二0一一") == "2011"
    assert year_digits("20xx") is None


def test_figures_units_table_is_data():
    u = units()
    assert u["万元"].kind == "money" and u["万元"].mult == 10000 and u["万元"].base == "元"
    assert u["人次"].kind == "count" and u["个月"].kind == "other"
    assert all(w.startswith(s) for s, spec in u.items() for w in spec.not_before)


def test_figures_rows():
    rows = figures_to_rows(extract_figures("1至2篇，x人"), flat=True)
    assert rows[0]["values"] == "1;2" and rows[1]["value"] == "" and rows[1]["placeholder"] is True
    dates = figures_to_rows(extract_figures("1-6月，x-x月"), flat=True)
    assert dates[0]["values"] == ";" and dates[0]["date"] == "--01/--06" and dates[1]["date"] == ""


def test_figures_import_is_lazy():
    import subprocess
    import sys

    code = "import sys, zongjie.figures; print('cn2an' in sys.modules, 'jieba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_figures_subject_keeps_original_characters():
    """Matching runs on the Simplified view, but the subject is the original (Traditional) text."""
    f = extract_figures("建立困難職工檔案13人。")[0]
    assert f.surface == "13人" and f.subject == "困難職工檔案"


def test_figures_approx_marker_does_not_reach_across_a_line_break():
    """约 at the end of one line does not make the number that starts the next line approximate."""
    (f,) = extract_figures("参加人数约\n30人。")
    assert (f.surface, f.approx, f.approx_marker) == ("30人", False, "")
    (g,) = extract_figures("参加人数约30人。")
    assert (g.surface, g.approx, g.approx_marker) == ("约30人", True, "约")
