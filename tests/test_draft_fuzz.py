"""Fuzzing facts.json: hostile values never give a traceback, and a draft never invents a number.

Facts are generated with hypothesis: well-formed most of the time, with non-finite, huge and tiny
numbers, integers of more than 4300 digits, control characters, lone surrogates, very long
strings, deep structures and unknown keys mixed in. ``parse_facts`` + ``render`` in every format
must either raise a one-line :class:`zongjie.errors.ZongjieError` or give a draft in which every
number, in Arabic digits or Chinese numerals, is one the facts gave: a figure's value (money may
be scaled to 万/亿), a number inside the user's own text, the period's years, the signature date,
or the list numbering. The oracles here (Chinese numerals, exact decimals) are written
independently of the drafter's code.

``pytest -m slow tests/test_draft_fuzz.py`` runs the longer profile (1000 examples, about 5 minutes).
"""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal

import pytest

from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from zongjie import lang
from zongjie.draft import FORMATS, parse_facts, render
from zongjie.draft.model import period_info, wording
from zongjie.errors import ZongjieError

from test_draft import _strings  # every string of a facts object

BIG_INT = "@@big-int@@"
_NUM = re.compile(r"-?\d+(?:\.\d+)?([万亿]?)")
_CN_RUN = re.compile(r"[〇零一二三四五六七八九十百千万亿两]+")
_LIST_NUMBER = re.compile(r"^\d+\.(?!\d)", re.M)
_SCALE = {"": 1, "万": 10 ** 4, "亿": 10 ** 8}


# --- an independent oracle for Chinese numerals ----------------------------------------------

_D = "〇一二三四五六七八九"


def cn(n: int) -> str:
    """1..999 as numbering writes them (十一, 二十, 一百零一, 一百一十)."""
    h, rest = divmod(n, 100)
    t, o = divmod(rest, 10)
    if not h:
        return ("" if t == 1 else _D[t]) + "十" + (_D[o] if o else "") if t else _D[o]
    tail = "" if not rest else ("零" + _D[o] if not t else _D[t] + "十" + (_D[o] if o else ""))
    return _D[h] + "百" + tail


def _values(obj):
    if isinstance(obj, dict):
        if "value" in obj and "unit" in obj and obj["value"] is not None:
            v = obj["value"]
            yield Decimal(v) if isinstance(v, int) else Decimal(repr(v))
        for v in obj.values():
            yield from _values(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _values(v)


def _split(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """Arabic tokens (number, scale) and the Chinese numeral runs left once they are removed."""
    nums = [(m.group()[: len(m.group()) - len(m.group(1))], m.group(1)) for m in _NUM.finditer(text)]
    return nums, _CN_RUN.findall(_NUM.sub("\x00", text))


def invented(facts: dict, text: str, count: int) -> list[str]:
    """Numbers in ``text`` that the facts did not give."""
    values = set(_values(facts))
    user_nums, user_runs = set(), set()
    for s in _strings(facts):
        nums, runs = _split(s)
        user_nums.update(n for n, _ in nums)
        user_runs.update(runs)
    year = facts["period"]["year"]
    plain = {str(year), str(year + 1)}
    runs_ok = set(user_runs)
    runs_ok.update(cn(n) for n in range(1, max(count, len(lang.topical_sections())) + 2))  # list numbering
    for s in _strings(wording()):
        runs_ok.update(_split(s)[1])
    runs_ok.update(_split(period_info(facts)["span"])[1])
    date = facts.get("signature", {}).get("date")
    if date:
        y, m, d = (int(x) for x in date.split("-"))
        plain.update({str(y), str(m), str(d)})
        runs_ok.update({"".join(_D[int(c)] for c in str(y)), cn(m), cn(d)})
    bad = []
    nums, runs = _split(_LIST_NUMBER.sub("", text))
    for num, scale in nums:
        d = Decimal(num)
        if not (d in values or d * _SCALE[scale] in values or num in user_nums or (not scale and num in plain)):
            bad.append(num + scale)
    bad.extend(r for r in runs if r not in runs_ok)
    return bad


# --- strategies --------------------------------------------------------------------------------

_chars = st.one_of(
    st.sampled_from(list("走访慰问职工发放人次元约近余多来一二三四五六七八九十百千万亿两〇零0123456789.-%#*<>&\\{}[]`\n\t")),
    st.characters(exclude_categories=("Cc", "Cs")),
)
_text = st.lists(_chars, max_size=16).map("".join)
_str = st.one_of(*[_text] * 20, st.integers(300, 20_000).map(lambda n: "长" * n)).map(lambda s: "甲" + s + "乙")
_number = st.one_of(
    st.none(), st.integers(-10 ** 6, 10 ** 9), st.integers(-10 ** 60, 10 ** 60),
    st.floats(allow_nan=False, allow_infinity=False), st.floats(min_value=-1e-300, max_value=1e-300),
    st.sampled_from([10 ** 4299, 1e308, 5e-324, 0.1 + 0.2, 1e22, 125000, 34500, 150000000]),
)
_unit = st.sampled_from(["人", "人次", "元", "万元", "亿元", "%", "个百分点", "", "户", "名"])
_approx = st.one_of(st.none(), st.none(), st.sampled_from(lang.approx_markers().all))


@st.composite
def _figure(draw, slot: bool = False) -> dict:
    fig = {"what": draw(_str), "value": draw(_number), "unit": draw(_unit)}
    marker = draw(_approx)
    if marker:
        fig["approx"] = marker
    if slot and draw(st.booleans()):
        del fig["what"]
    return fig


@st.composite
def _sentence(draw) -> dict:
    figs = draw(st.lists(_figure(slot=True), min_size=1, max_size=3))
    return {"text": "".join(draw(_str) + "{" + str(i) + "}" for i in range(1, len(figs) + 1)) + draw(_str),
            "figures": figs}


_item = st.one_of(_str, _figure(), _sentence())
_items = st.one_of(*[st.lists(_item, max_size=4)] * 20, st.lists(_text.map(lambda s: "甲" + s + "乙"), min_size=99, max_size=102))
_section = st.fixed_dictionaries({}, optional={"title": _str, "items": _items})
_topics = st.dictionaries(st.sampled_from(lang.topical_sections()), _section, max_size=3)
_period = st.builds(lambda y, h: {"year": y, **({"half": h} if h else {})},
                    st.integers(1949, 2199), st.sampled_from([None, "first", "second"]))
_date = st.dates().map(lambda d: d.isoformat())
_facts = st.fixed_dictionaries(
    {"organization": _str, "period": _period},
    optional={"superiors": st.lists(_str, max_size=2), "title": _str, "focus": _str,
              "overview": st.lists(_item, max_size=2), "sections": _topics, "problems": _items,
              "plans": st.fixed_dictionaries({}, optional={"intro": _str, "sections": _topics}),
              "closing": _str, "signature": st.fixed_dictionaries({}, optional={"name": _str, "date": _date})})

# one fault, put at a place of the generated facts: (what to put, whether it goes on a string or a number)
_FAULTS = {
    "control": ("\x07", "string"), "nul": ("\x00", "string"), "c1": ("\x85", "string"),
    "surrogate": ("\ud800", "string"), "nan": (float("nan"), "number"), "inf": (float("-inf"), "number"),
    "big-int": (BIG_INT, "number"), "unknown-key": (None, "dict"), "deep": (None, "dict"),
    "bad-marker": ("大概", "figure"), "slot": ("{9}", "sentence"),
}


def _places(obj, kind: str, out: list) -> list:
    """(container, key) of every place a fault of ``kind`` can go, in document order."""
    items = obj.items() if isinstance(obj, dict) else enumerate(obj) if isinstance(obj, list) else ()
    if isinstance(obj, dict) and (kind == "dict" or (kind == "figure" and "unit" in obj)
                                  or (kind == "sentence" and "figures" in obj)):
        out.append((obj, None))
    for k, v in items:
        if (kind == "string" and isinstance(v, str)) or (kind == "number" and k == "value"):
            out.append((obj, k))
        _places(v, kind, out)
    return out


@st.composite
def _hostile(draw) -> str:
    facts = draw(_facts)
    fault = draw(st.sampled_from([None] * 6 + sorted(_FAULTS)))
    if fault:
        what, kind = _FAULTS[fault]
        places = _places(facts, kind, [])
        if places:
            obj, key = draw(st.sampled_from(places))
            if kind == "string":
                obj[key] = obj[key][:1] + what + obj[key][1:]
            elif kind == "number":
                obj[key] = what
            elif fault == "unknown-key":
                obj["colour"] = 1
            elif fault == "deep":
                obj["closing" if obj is facts else "colour"] = _deep(draw(st.integers(20, 60)))
            elif kind == "figure":
                obj["approx"] = what
            else:
                obj["text"] += what
    text = json.dumps(facts, ensure_ascii=draw(st.booleans()), allow_nan=True)
    return text.replace(json.dumps(BIG_INT), "9" * 4400)


def _deep(depth: int):
    v: object = "甲"
    for _ in range(depth):
        v = [v]
    return v


def _draft_text(out, fmt: str) -> str:
    if fmt == "json":
        return "\n".join(b["line"] for b in json.loads(out)["blocks"])
    if fmt == "docx":
        import docx

        return "\n".join(p.text for p in docx.Document(io.BytesIO(out)).paragraphs)
    return out


def _one_line(err: ZongjieError) -> None:
    msg = str(err)
    assert msg and "\n" not in msg and "\r" not in msg, msg
    msg.encode("utf-8")


def check_facts_text(text: str, date_style: str) -> None:
    """A one-line ZongjieError, or drafts in every format with only the facts' numbers."""
    try:
        facts = parse_facts(text, "f.json")
    except ZongjieError as err:
        _one_line(err)
        event(f"refused: {type(err).__name__}")
        return
    event("drafted")
    count = max([len(facts.get("problems", []))] + [len(s.get("items", [])) for s in facts.get("sections", {}).values()])
    for fmt in FORMATS:
        try:
            out = render(facts, fmt, date_style=date_style, bank={})
        except ZongjieError as err:
            _one_line(err)
            continue
        draft = _draft_text(out, fmt)
        assert not invented(facts, draft, count), (fmt, invented(facts, draft, count))


_FUZZ = dict(deadline=None, phases=[p for p in Phase if p is not Phase.explain],
             suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])


@settings(max_examples=25, **_FUZZ)
@given(text=_hostile(), date_style=st.sampled_from(["arabic", "chinese"]))
def test_fuzz_facts_give_a_one_line_error_or_a_draft_with_only_their_numbers(text, date_style):
    check_facts_text(text, date_style)


@pytest.mark.slow
@settings(max_examples=1000, **_FUZZ)
@given(text=_hostile(), date_style=st.sampled_from(["arabic", "chinese"]))
def test_fuzz_long_profile(text, date_style):
    check_facts_text(text, date_style)


def test_fuzz_oracle_catches_an_invented_number():
    """The check itself: a number the facts did not give is found (Arabic, scaled, Chinese)."""
    facts = {"organization": "甲工会乙", "period": {"year": 2025},
             "sections": {"welfare": {"items": [{"what": "甲发放乙", "value": 125000, "unit": "元"}]}}}
    assert invented(facts, "共甲发放乙12.5万元。", 1) == []
    assert invented(facts, "共甲发放乙12.6万元。", 1) == ["12.6万"]
    assert invented(facts, "共走访57人次。", 1) == ["57"]
    assert invented(facts, "共走访五十七人次。", 1) == ["五十七"]
    assert invented(facts, "一、二是甲工会乙2025年", 2) == []
    assert cn(101) == "一百零一" and cn(110) == "一百一十" and cn(20) == "二十" and cn(11) == "十一"
