"""The figure step's shortcuts change nothing: each is checked against the plain way it replaces.

Anchored start scans (``patterns.ANCHOR``), the veto gate (``patterns.veto_first``), the gate of
``approx_before``, the cached context-free part of a quantity and positional figure construction are
compared with direct computations on corpus text and on random strings of the characters they
depend on. (The start scans as a whole are compared with plain searches in test_figures_linear.py.)
"""

from __future__ import annotations

import math
import random
import re
from decimal import Decimal
from pathlib import Path

import pytest

from zongjie.figures import extract as E
from zongjie.figures import numerals as N
from zongjie.figures import patterns as P
from zongjie.figures.data import exceptions, units
from zongjie.figures.dates import Candidate, numbering_list, same_script
from zongjie.read.view import normalize_view

ROOT = Path(__file__).resolve().parents[1]

#: characters and words the shortcuts depend on: numbers, units, markers, vetoes, quotes, newlines
_PIECES = list("0123456789一二两三四五六七八九十百千万亿零〇伍年月日人个元%第届xX×_*-至、.,/")
_PIECES += ["约", "近", "超过", "不少于", "签约", "附近", "左右", "以上", "余", "多", "来", "个多月", "小时",
            "名", "次", "场", "一线", "一是", "三八", "五一", "十四五", "千家万户", "零部件", "个方面",
            "两项制度", "届", "成", "分之", "季度", "“", "”", "\n", " ", "，", "。", "为期", "达到"]


def _random_texts(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(_PIECES) for _ in range(rnd.randint(1, 25))) for _ in range(n)]


def _corpus_views(k: int = 25) -> list[str]:
    return [normalize_view(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "corpus" / "docs").glob("*.txt"))[:k]]


def _parser():
    try:
        from re import _parser as sre_parse  # type: ignore[attr-defined]
    except ImportError:  # Python 3.10
        import sre_parse  # type: ignore[no-redef]
    return sre_parse


def test_figures_shortcuts_anchor_widths_cover_their_patterns():
    """A family's match is never wider than its ANCHOR width, so no start before an anchor is missed;
    anchored families' start classes do not look ahead (their stretches end early)."""
    sre_parse = _parser()
    for name, (_anchor, width) in P.ANCHOR.items():
        widest = sre_parse.parse(P.compiled()[name].pattern).getwidth()[1]
        assert widest <= width, (name, widest, width)
        assert "(?=" not in P.FIRST[name], name


def test_figures_shortcuts_anchor_runs_equal_one_stretch_per_anchor():
    """A run of one-character anchors found by one match gives the stretches the anchor-by-anchor merge gives."""
    rnd = random.Random(3)
    texts = ["".join(rnd.choice("年月成ab1") for _ in range(rnd.randint(0, 80))) for _ in range(3000)]
    texts += _corpus_views(10)
    runs = {name: a for name, a in P.anchors().items() if a.run is not None}
    assert "date_md" in runs
    for name, a in runs.items():
        loop = P.Anchor(a.pattern, a.width, None)
        for t in texts:
            assert E._windows(t, a) == E._windows(t, loop), (name, t[:60])


def test_figures_shortcuts_veto_gate():
    """Every veto match starts with a character of ``veto_first``; resolving with the gate keeps and drops
    exactly what resolving without it does."""
    gate = P.veto_first()
    assert gate is not None  # the shortcut is live for the shipped vetoes
    plain, guarded = re.compile(P._veto_source()), P.compiled()["veto"]  # the same vetoes, with the guard
    assert guarded.pattern != plain.pattern
    views = _corpus_views() + _random_texts(4000, 5)
    for v in views:
        for m in plain.finditer(v):
            assert gate.match(v, m.start()), (v[m.start():m.end()], gate.pattern)
        for i in range(0, len(v), 7):
            spans = [m.span() for m in guarded.finditer(v, i, i + 30)]
            assert spans == [m.span() for m in plain.finditer(v, i, i + 30)], v[i:i + 30]
    cands = [list(E._candidates(v)) for v in views]
    with_gate = [E._resolve(v, list(c)) for v, c in zip(views, cands)]
    without = [E._resolve(v, list(c), gated=False) for v, c in zip(views, cands)]  # every candidate searched
    assert with_gate == without
    assert sum(map(len, cands)) > sum(map(len, without)) > 1000  # something was vetoed or overlapped


def test_figures_shortcuts_first_of_reads_shapes():
    """``_first_of`` gives the characters a regex can start with, and None for what it does not read."""
    sre_parse = _parser()

    def first(p):
        return P._first_of(sre_parse.parse(p))

    assert first("(?<=届)[一二]+次|不漏一|(?:上|下)?篇") == (frozenset("一二不上下篇"), False)
    assert first("a?") == (frozenset("a"), True)
    assert first(r"\d+") is None and first("[^a]") is None and first(".") is None


def _approx_before_plain(view: str, start: int) -> int:
    m = P.compiled()["approx_before"].search(view, max(0, start - P.approx_window()), start)
    return m.start() if m else start


def test_figures_shortcuts_approx_before_gate():
    """The character test before the search never skips a marker (also before a newline: ``$``)."""
    for v in _random_texts(3000, 9) + ["约\n3人", "超过\n12名"]:
        for i in range(len(v) + 1):
            assert E.approx_before(v, i) == _approx_before_plain(v, i), (v, i)


def _quantity_plain(view: str, mt):
    """The quantity builder read straight through (as it was before its context-free part was cached)."""
    start0 = _approx_before_plain(view, mt.start())
    pre = start0 < mt.start()
    unit = units()[mt["unit"]]
    nums = [n for n in P.compiled()["range_sep"].split(mt["num"]) if n]
    if len(nums) > 1 and (not same_script(nums) or numbering_list(view, mt, "num")):
        return None
    ex = exceptions()
    if any(n in ex["lone_not_numbers"] for n in nums):
        return None
    if not nums[0][0].isascii() and start0 > 0 and view[start0 - 1] in ex["quote_open"]:
        return None
    approx = bool(pre or mt["mid"] or mt["post"] or unit.approx)
    marker = E._spans(mt, (start0, mt.start()), "mid", E._unit_marker(mt, unit), "post")
    ph = any(N.is_placeholder(n) for n in nums)
    end = mt.end()
    if unit.duration_only and (ph or any(N.year_digits(n) for n in nums)):
        return None
    if unit.duration_only and any("." in n and len(n.split(".")[1]) >= 3 for n in nums):
        return None
    if len(nums) == 1 and nums[0] in ("一", "壹") and not approx:
        if unit.duration_only or not E._keeps_bare_one(view, mt.start("num"), end, unit):
            return None
    if any(n in ("百", "千", "佰", "仟") for n in nums) and not (pre or mt["mid"]):
        return None
    if ph:
        vals = tuple(None for _ in nums) if len(nums) > 1 else ()
        return Candidate(start0, end, unit.kind, None, vals, unit.base, True, approx, 1, marker)
    parsed = [N.parse_number(n) for n in nums]
    if any(p is None for p in parsed):
        return None
    mult = unit.mult if unit.kind != "percent" else 1
    vals = tuple(N.tidy(p * mult) for p in parsed)
    return Candidate(start0, end, unit.kind, vals[0], vals if len(vals) > 1 else (), unit.base, False, approx, 1,
                     marker)


def test_figures_shortcuts_quantity_equals_plain_reading():
    pat = P.compiled()["quantity"]
    n = 0
    for v in _corpus_views() + _random_texts(4000, 13):
        for s in range(len(v)):
            mt = pat.match(v, s)
            if mt is not None:
                got, want = E._quantity(v, mt), _quantity_plain(v, mt)
                assert got == want and (got is None or type(got[3]) is type(want[3])), (v[max(0, s - 5):s + 15], got)
                n += 1
    assert n > 3000
    E._CORES.clear()  # the cache is rebuilt on demand
    assert E._quantity("共43人。", pat.match("共43人。", 1)).value == 43


def test_figures_shortcuts_scaled_value_types():
    """The cached ``tidy(parse_number(num) * mult)`` keeps ints ints and floats floats."""
    assert E._scaled("12", 1) == 12 and type(E._scaled("12", 1)) is int
    assert E._scaled("12.6万", 1) == 126000 and type(E._scaled("12.6万", 1)) is int
    assert E._scaled("1.5", 1) == 1.5 and E._scaled("三点五", 1) == 3.5
    assert E._scaled("一一", 1) is None
    assert Decimal(str(E._scaled("0.35", 10000))) == Decimal("3500")


def test_figures_shortcuts_positional_figures_equal_keyword_figures():
    from zongjie.records import Figure

    assert E._positional_figure()  # Figure's fields are in the order _figure passes them
    text = "约3万余人参加，占全体职工的百分之九十以上。"
    for f in E.extract_view(text, normalize_view(text)):
        same = Figure(**{k: getattr(f, k) for k in E._FIGURE_FIELDS})
        assert same == f or (math.isnan(f.value) and same.to_dict() == f.to_dict())
        assert same.to_dict() == f.to_dict()


def test_figures_shortcuts_quantity_groups_checked():
    """``_quantity`` reads the pattern's groups by position: their order is checked where the tables are built."""
    groups = P.compiled()["quantity"].groupindex
    assert sorted(groups, key=groups.__getitem__) == ["num", "mid", "unit", "post"]
    assert P.compiled()["quantity"].groups == 4
    assert re.compile(P.compiled()["quantity"].pattern).groupindex == groups


@pytest.mark.parametrize("text", ["", "无数字。", "２０２４年３月，参与率９０％以上。"])
def test_figures_shortcuts_small_texts(text):
    from zongjie.figures import extract_figures

    assert [f.surface for f in extract_figures(text)] == {
        "": [], "无数字。": [], "２０２４年３月，参与率９０％以上。": ["２０２４年３月", "９０％以上"]}[text]


def test_figures_shortcuts_first_character_guards_change_no_match():
    """The look-ahead before an alternation of units or markers only fails where no word could start."""
    from zongjie import lang

    alternations = [P.unit_alternation(lambda u: not u.ordinal_only), P.unit_alternation(lambda u: u.ordinal),
                    P.approx_mid(), P.approx_post()]
    texts = _random_texts(1500, 21) + _corpus_views(3)
    for alt in alternations:
        assert alt.startswith("(?=[")
        guarded, plain = re.compile(alt), re.compile(alt[alt.index("])") + 2:])
        for t in texts:
            for i in range(len(t)):
                g, p = guarded.match(t, i), plain.match(t, i)
                assert (g and g.span()) == (p and p.span()), (alt[:40], t[i:i + 6])
    assert P._first_guard([]) == "" and P._first_guard(["", "约"]) == ""
    assert lang.approx_markers().infix  # the guards above were built from real tables


def test_figures_shortcuts_cjk_scans_are_the_regexes_they_replace():
    """The scans of CJK runs and gaps in ``subject`` find what the regexes they replace found."""
    from zongjie.figures import subject as S

    run = re.compile("[\u3400-\u9fff\uf900-\ufaff][\u3400-\u9fff\uf900-\ufaff ]*")
    only = re.compile("[\u3400-\u9fff\uf900-\ufaff]+")
    gap = re.compile("[\u3400-\u9fff] [\u3400-\u9fff]")
    gaps = re.compile(" {3,}|(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")
    rnd = random.Random(11)
    pieces = ["工", "會", "完", "成", "\uf900", "\ufa2d", "㐀", "\u9fff", "\ua000", " ", " ", " ", "a", "1", "，", "(", "𠀀"]
    texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 30))) for _ in range(3000)]
    texts += _corpus_views(5)
    for t in texts:
        for lo in sorted({0, len(t) // 3, max(0, len(t) - 5)}):
            for hi in sorted({lo, lo + 4, len(t), len(t) + 7}):
                if lo >= len(t):
                    continue
                m = run.match(t, lo, hi)
                assert S._cjk_end(t, lo, min(hi, len(t)), spaces=True) == (m.end() if m else lo), (t, lo, hi)
                m = only.match(t, lo, hi)
                assert S._cjk_end(t, lo, min(hi, len(t))) == (m.end() if m else lo), (t, lo, hi)
                assert S._han_gap(t, lo, hi) == bool(gap.search(t, lo, hi)), (t, lo, hi)
                h = min(hi, len(t))
                assert S._gaps(t, lo, h) == [g.span() for g in gaps.finditer(t, lo, h)], (t, lo, hi)
