"""Find figures in text: numbers with what they measure (see ``corpus/GUIDE.md``).

Matching runs on the same-length half-width view of the text; each pattern family
(dates, percents, ordinals, fractions, quantities) proposes candidates, the longest
non-overlapping ones win (ties by family priority), and the exception table vetoes
words that only look numeric. Offsets are half-open and index the original text.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter
from typing import Any, Callable, Dict, FrozenSet, Iterator, NamedTuple, Optional, Tuple

from ..records import Figure
from . import numerals as N
from .data import Unit, approx_prefixes, exceptions, units
from .dates import Candidate, date_bare_year, date_iso, date_md, date_mm_dd, date_quarter, date_ymd
from .dates import numbering_list, same_script
from .patterns import anchors, approx_window, compiled, first_chars, veto_first
from .subject import subject_span


# --- tables and helpers the builders share ----------------------------------

class _Tables(NamedTuple):
    """The tables the builders look up per candidate, fetched once (not per call)."""

    units: Dict[str, Unit]
    approx_re: "re.Pattern[str]"  # compiled()["approx_before"]
    approx_window: int
    approx_ends: FrozenSet[str]
    range_sep: "re.Pattern[str]"
    lone_not_numbers: FrozenSet[str]
    quote_open: FrozenSet[str]


@lru_cache(maxsize=None)
def _tables() -> _Tables:
    """The shared tables, built once; checks the group order :func:`_quantity` relies on."""
    groups = compiled()["quantity"].groupindex
    if compiled()["quantity"].groups != 4 or sorted(groups, key=groups.__getitem__) != ["num", "mid", "unit", "post"]:
        raise RuntimeError(f"the quantity pattern's groups changed ({dict(groups)}): update _quantity")
    ex = exceptions()
    # approx_before's pattern ends in ``\Z``: a marker ends right before the number
    ends = frozenset(p.marker[-1] for p in approx_prefixes())
    return _Tables(dict(units()), compiled()["approx_before"], approx_window(), ends, compiled()["range_sep"],
                   ex["lone_not_numbers"], ex["quote_open"])


def approx_before(view: str, start: int) -> int:
    """Start of an approximate marker (约, 近, 超过 ...) right before ``start``, else ``start``
    (looked for in a window as long as the longest marker: constant work per candidate; not at
    all when the character before cannot end a marker)."""
    t = _tables()
    if start == 0 or view[start - 1] not in t.approx_ends:
        return start
    m = t.approx_re.search(view, max(0, start - t.approx_window), start)
    return m.start() if m else start


@lru_cache(maxsize=8192)
def _scaled(num: str, mult: int):
    """``tidy(parse_number(num) * mult)``, None when ``num`` is no number (cached: the same few
    hundred number strings recur all through a text)."""
    v = N.parse_number(num)
    return None if v is None else N.tidy(v * mult)


# --- percents, ordinals, fractions ----------------------------------------

def _percent_word(view: str, mt) -> Optional[Candidate]:
    start0 = approx_before(view, mt.start())
    pre = start0 < mt.start()
    num = mt["num"]
    approx = bool(pre or mt["post"])
    marker = _spans(mt, (start0, mt.start()), "post")
    if N.is_placeholder(num):
        return Candidate(start0, mt.end(), "percent", None, (), "%", True, approx, 4, marker)
    v = N.parse_number(num)
    if v is None:
        return None
    return Candidate(start0, mt.end(), "percent", N.tidy(v), (), "%", False, approx, 4, marker)


def _percent_cheng(view: str, mt) -> Optional[Candidate]:
    start0 = approx_before(view, mt.start())
    pre = start0 < mt.start()
    v = N.parse_chinese(mt["num"])
    if v is None:
        return None
    approx = bool(pre or mt["post"])
    marker = _spans(mt, (start0, mt.start()), "post")
    return Candidate(start0, mt.end(), "percent", N.tidy(v * 10), (), "%", False, approx, 4, marker)


def _ordinal(view: str, mt) -> Optional[Candidate]:
    num = mt["num"]
    if mt["first"]:  # 首届
        return Candidate(mt.start(), mt.end(), "ordinal", 1, (), mt["unit"], False, False, 3)
    if N.is_placeholder(num):
        return Candidate(mt.start(), mt.end(), "ordinal", None, (), mt["unit"], True, False, 3)
    v = N.parse_number(num)
    if v is None:
        return None
    return Candidate(mt.start(), mt.end(), "ordinal", N.tidy(v), (), mt["unit"], False, False, 3)


def _fraction(view: str, mt) -> Optional[Candidate]:
    start0 = approx_before(view, mt.start())
    pre = start0 < mt.start()
    if mt["a"] is not None:
        a, b = Decimal(mt["a"]), Decimal(mt["b"])
    else:
        ca, cb = N.parse_chinese(mt["ca"]), N.parse_chinese(mt["cb"])
        if ca is None or cb is None or mt["cb"] in ("百", "佰"):
            return None
        a, b = ca, cb
    if b == 0:
        return None
    return Candidate(start0, mt.end(), "other", N.tidy(a / b), (), "", False, pre, 2, _spans(mt, (start0, mt.start())))


# --- quantities ---------------------------------------------------------------

def _keeps_bare_one(view: str, start: int, end: int, unit) -> bool:
    """A bare 一+unit is indefinite (一支小分队, 一次培训) unless it ends a clause
    (召开职工大会一次，), follows a word such as 为期 (not after 一个: 达到一个较好的效果),
    or is a duration before 内/后/里."""
    ex = exceptions()
    if end >= len(view) or view[end] in ex["tally_end"]:
        return True
    if unit.kind == "other" and view.startswith(ex["one_keep_before"], end):
        return True
    if unit.surface in ex["one_indefinite_units"]:
        return False
    head = view[max(0, start - 4):start]
    return any(head.endswith(w) for w in ex["one_keep_after"])


_RANGE_CHARS = frozenset("至到~-—、")  # the characters of patterns.RANGE_SEP
_BARE_BIG = frozenset(("百", "千", "佰", "仟"))
_new = tuple.__new__  # Candidate(...) without the keyword handling of a NamedTuple's __new__


class _QuantityCore(NamedTuple):
    """What a quantity match's own text decides (its number, unit, markers), cached: the same few
    thousand of them recur all through a text. What the context decides is left to :func:`_quantity`."""

    multi: bool  # a range or list (1至2, 7、8)
    first_ascii: bool  # the first number is Arabic or a placeholder
    self_approx: bool  # approximate by an infix or suffix marker or by the unit (个多月)
    is_one: bool  # a bare 一/壹: a figure only in some contexts
    needs_pre: bool  # a bare 百/千: a number only after a prefix marker (or before 余)
    unit: Unit
    value: Any
    values: Tuple[Any, ...]
    placeholder: bool


def _quantity_core(num_text: str, mid: Optional[str], unit_text: str, post: Optional[str]) -> Optional[_QuantityCore]:
    """The context-free part of :func:`_quantity`; None when the text alone rules the match out."""
    t = _tables()
    unit = t.units[unit_text]
    if _RANGE_CHARS.isdisjoint(num_text):
        nums = [num_text]  # one number (nearly always): no split, one script
    else:
        nums = [n for n in t.range_sep.split(num_text) if n]
        if not nums or not same_script(nums):
            return None
    if not t.lone_not_numbers.isdisjoint(nums):
        return None  # 队伍年龄: a lone 伍 ends a word
    ph = not N.PLACEHOLDER_CHARS.isdisjoint(num_text)  # the separators are no placeholder characters
    if unit.duration_only and (ph or any(N.year_digits(n) for n in nums)):
        return None  # 20xx年 / 2024年 are dates, found by the date patterns
    if unit.duration_only and any("." in n and len(n.split(".")[1]) >= 3 for n in nums):
        return None  # 7.2025年: numbering "7." before a year
    multi = len(nums) > 1
    if ph:
        value, values = None, (tuple(None for _ in nums) if multi else ())
    else:
        mult = unit.mult if unit.kind != "percent" else 1
        vals = tuple(_scaled(n, mult) for n in nums)
        if any(v is None for v in vals):
            return None
        value, values = vals[0], (vals if multi else ())
    return _QuantityCore(
        multi, nums[0][0].isascii(), bool(mid or post or unit.approx),
        not multi and nums[0] in ("一", "壹"), not mid and not _BARE_BIG.isdisjoint(nums),
        unit, value, values, ph)


_CORES: dict = {}  # (num, mid, unit, post) -> _quantity_core(...), emptied when it grows large
_MISSING = object()


def _quantity(view: str, mt) -> Optional[Candidate]:
    t = _tables()
    key = mt.groups()  # (num, mid, unit, post): checked against the pattern by _tables
    core = _CORES.get(key, _MISSING)
    if core is _MISSING:
        if len(_CORES) >= 8192:
            _CORES.clear()  # a bound on memory for texts with ever new numbers
        core = _CORES[key] = _quantity_core(*key)
    if core is None:
        return None
    multi, first_ascii, self_approx, is_one, needs_pre, unit, value, values, placeholder = core
    s = mt.start()
    start0 = approx_before(view, s) if s and view[s - 1] in t.approx_ends else s
    pre = start0 < s
    if needs_pre and not pre:
        return None  # 千家万户, 百花: a bare 百/千 is a number only after 近/约 or before 余 (百余家)
    if multi and numbering_list(view, mt, "num"):
        return None  # 1、4月 at a line start: list numbering
    if start0 and not first_ascii and view[start0 - 1] in t.quote_open:
        return None  # “两个覆盖”, “三项制度”: the name of a slogan
    approx = pre or self_approx
    end = mt.end()
    if is_one and not approx:
        if unit.duration_only:
            return None  # 新的一年, 一年来
        if not _keeps_bare_one(view, mt.start("num"), end, unit):
            return None
    # an exact figure has no marker spans (every part below is empty then)
    marker = _spans(mt, (start0, s), "mid", _unit_marker(mt, unit), "post") if approx else ()
    return _new(Candidate, (start0, end, unit.kind, value, values, unit.base, placeholder, approx, 1, marker))


def _unit_marker(mt, unit) -> tuple[int, int]:
    """The span of the marker a unit holds itself (个多月 -> 多), empty for an exact unit."""
    if not unit.approx:
        return (0, 0)
    k = next((i for i, c in enumerate(unit.surface) if c not in unit.base), 0)
    a = mt.start("unit") + k
    return (a, a + len(unit.surface) - len(unit.base))


def _spans(mt, *parts) -> tuple[tuple[int, int], ...]:
    """Non-empty spans of an approximate marker: ``(a, b)`` pairs as given, group names looked up."""
    out = []
    for p in parts:
        span = mt.span(p) if isinstance(p, str) else p
        if span[1] > span[0]:
            out.append(span)
    return tuple(out)


def _bare_wan(view: str, mt) -> Optional[Candidate]:
    """``阅读量累计超过15万。``, ``阅读(1.45W)``: a number in 万 (web pages also write a
    decimal number of 万 as W) that ends a clause, no unit."""
    nb = compiled()["arabic_before"].search(view, max(0, mt.start() - 16), mt.start())
    if nb is None:
        return None
    mult = view[mt.start()]
    if mult in "wW":
        if "." not in nb.group():
            return None  # 100W is a power (watts); only 1.45W reads as 1.45万
        mult = "万"
    num = nb.group() + mult
    v = N.parse_number(num)
    if v is None:
        return None
    start0 = approx_before(view, nb.start())
    approx = start0 < nb.start() or mt.end() - mt.start() > 1
    marker = _spans(mt, (start0, nb.start()), "mid")
    return Candidate(start0, mt.end(), "count", N.tidy(v), (), "", False, approx, 0, marker)


def _half(view: str, mt) -> Optional[Candidate]:
    """``为期半天``, ``历时半个月``: half a duration, value 0.5."""
    unit = units()[mt["unit"]]
    return Candidate(mt.start(), mt.end(), unit.kind, 0.5, (), unit.base, False, False, 1)


_BUILDERS: tuple[tuple[str, Callable], ...] = (
    ("date_iso", date_iso),
    ("date_ymd", date_ymd),
    ("date_md", date_md),
    ("date_bare_year", date_bare_year),
    ("date_mm_dd", date_mm_dd),
    ("date_quarter", date_quarter),
    ("percent_word", _percent_word),
    ("percent_cheng", _percent_cheng),
    ("ordinal", _ordinal),
    ("fraction", _fraction),
    ("quantity", _quantity),
    ("bare_wan", _bare_wan),
    ("half", _half),
)


def _windows(view: str, anchor) -> list[tuple[int, int]]:
    """The ``(pos, endpos)`` stretches of ``view`` where a family's match can start: all of it, or
    with an :class:`~.patterns.Anchor` the stretches at most ``width`` characters before an
    occurrence of the anchor (merged where they meet)."""
    if anchor is None:
        return [(0, len(view))]
    width = anchor.width
    if anchor.run is not None:  # a run of anchors, each near enough to the previous one, is one stretch
        return [(max(0, m.start() - width), m.end()) for m in anchor.run.finditer(view)]
    out: list[tuple[int, int]] = []
    lo = hi = -1
    for a in anchor.pattern.finditer(view):
        p = a.start()
        if hi < 0 or p - width > hi + 1:  # the first, or apart from the previous stretch
            if hi >= 0:
                out.append((lo, hi + 1))
            lo = max(0, p - width)
        hi = p
    if hi >= 0:
        out.append((lo, hi + 1))
    return out


_match_start = re.Match.start  # mapped over the start scan: no bound method per start


def _candidates(view: str) -> Iterator[Candidate]:
    pats, firsts, anchor = compiled(), first_chars(), anchors()
    for name, build in _BUILDERS:
        match, first = pats[name].match, firsts[name]
        pos = 0
        # the same as searching from pos again and again, but the pattern is only tried where
        # a match can start (patterns.FIRST, patterns.ANCHOR): a rejected match is tried again
        # one start later
        for lo, hi in _windows(view, anchor.get(name)):
            for s in map(_match_start, first.finditer(view, max(lo, pos), hi)):
                if s < pos:
                    continue
                mt = match(view, s)
                if mt is None:
                    continue
                c = build(view, mt)
                if c is not None:
                    yield c
                    pos = mt.end()
                # rejected (4、九月份 -> 九月份): the next start is tried


def _candidates_by_search(view: str) -> Iterator[Candidate]:
    """:func:`_candidates` as plain searches (the reference the scan of starts is tested against)."""
    pats = compiled()
    for name, build in _BUILDERS:
        pat = pats[name]
        pos = 0
        while (mt := pat.search(view, pos)) is not None:
            c = build(view, mt)
            if c is not None:
                yield c
                pos = mt.end()
            else:  # rejected: try again one character later (4、九月份 -> 九月份)
                pos = mt.start() + 1


_VETO_WINDOW = 8  # characters either side of a candidate that _vetoed looks at


def _vetoed(view: str, c: Candidate, pos: int = -1) -> bool:
    """True when a word of the exception table overlaps the candidate (checked in a
    small window around it: cheaper than scanning the whole text). ``pos``: where in the window
    the search may begin, when no veto can start before it (the matches found are the same)."""
    veto = compiled()["veto"]
    lo = pos if pos >= 0 else max(0, c.start - _VETO_WINDOW)
    for m in veto.finditer(view, lo, min(len(view), c.end + _VETO_WINDOW)):
        if m.start() >= c.end:
            return False  # this and every later match lie after the candidate
        if m.end() > c.start:
            return True
    return False


_by_start, _by_end, _by_prio = (itemgetter(Candidate._fields.index(f)) for f in ("start", "end", "prio"))


def _resolve(view: str, cands: list[Candidate], gated: bool = True) -> list[Candidate]:
    """Longest first at each position, then family priority; drop vetoed spans (a candidate whose
    veto window holds no character a veto can start with is not searched, unless ``gated`` is False:
    then every candidate is, as the test of that shortcut needs)."""
    # by start, then longest (latest end) first, then priority: three stable sorts on fields (itemgetter
    # keys, no Python call per candidate) give the order of one sort on (start, -length, -prio)
    cands.sort(key=_by_prio, reverse=True)
    cands.sort(key=_by_end, reverse=True)
    cands.sort(key=_by_start)
    first = veto_first() if gated else None
    out: list[Candidate] = []
    append = out.append
    last_end = 0
    if first is None:
        for c in cands:
            if c.start >= last_end and not _vetoed(view, c):
                append(c)
                last_end = c.end
        return out
    gate = list(map(_match_start, first.finditer(view)))
    n_gate = len(gate)
    for c in cands:
        start, end = c.start, c.end
        if start < last_end:
            continue
        i = bisect_left(gate, start - _VETO_WINDOW)
        if i < n_gate and gate[i] < end and _vetoed(view, c, gate[i]):
            continue
        append(c)
        last_end = end
    return out


def _join_ranges(view: str, cands: list[Candidate]) -> list[Candidate]:
    """``7月至9月``, ``3%-5%``: two figures of one kind and unit joined by 至/-/~ are one."""
    join = compiled()["range_join"]
    out: list[Candidate] = []
    for c in cands:
        p = out[-1] if out else None
        if (
            p is not None and p.kind == c.kind and p.unit == c.unit and p.kind != "ordinal"
            and not p.values and not c.values and join.fullmatch(view, p.end, c.start)
            and (p.kind != "date" or (p.value or "").startswith("--") == (c.value or "--").startswith("--"))
        ):
            vals = (p.value, c.value)
            out[-1] = p._replace(end=c.end, values=vals, placeholder=p.placeholder or c.placeholder,
                                 approx=p.approx or c.approx, value=None if p.placeholder or c.placeholder else p.value,
                                 marker=p.marker + c.marker)
            continue
        out.append(c)
    return out


def extract_view(text: str, view: str, with_subject: bool = True) -> list[Figure]:
    """Figures of ``text`` found on its same-length ``view`` (the public, documented entry points are
    :func:`zongjie.figures.extract_figures` and :func:`zongjie.figures.extract_view`: this module may
    be compiled, and compiled functions carry no docstring)."""
    if len(view) != len(text):
        raise ValueError("the view must have the same length as the text")
    chosen = _join_ranges(view, _resolve(view, list(_candidates(view))))
    if not with_subject:
        return [_figure(text, c, "") for c in chosen]
    figs = []
    for c in chosen:
        span = subject_span(view, c.start, c.end, c.kind, c.unit)
        # the original characters (Traditional stays Traditional)
        figs.append(_figure(text, c, text[span[0]:span[1]] if span else ""))
    return figs


#: the one NaN of every figure without a number, typed Any so that a compiled module keeps this object and
#: does not box a new float per figure: figures made from the same text then compare equal, NaN and all
#: (tuple and dataclass equality take an identical object as equal)
NAN: Any = math.nan

_FIGURE_FIELDS = ("surface", "start", "end", "value", "unit", "kind", "placeholder", "approx", "subject",
                  "values", "date", "approx_marker")


@lru_cache(maxsize=1)
def _positional_figure() -> bool:
    """True when :class:`Figure`'s fields are :data:`_FIGURE_FIELDS` in that order: figures are then
    built with positional arguments (matching a dozen keywords costs as much as the rest of
    :func:`_figure`); otherwise by keyword, as before."""
    import dataclasses

    return tuple(f.name for f in dataclasses.fields(Figure)) == _FIGURE_FIELDS


def _figure(text: str, c: Candidate, subject: str) -> Figure:
    """The typed figure of a candidate: numbers stay numbers (NaN when there is none), a date's
    ISO-like text goes to ``date`` (a range joined by ``/``)."""
    start, end, kind, value, values, unit, placeholder, approx, _, marker = c
    if kind == "date":
        date = ("" if placeholder else ("/".join(values) if values else value)) or ""
        value = NAN
        values = (NAN,) * len(values)
    else:
        date = ""
        if value is None:
            value = NAN
        if values:
            values = tuple(NAN if v is None else v for v in values)
    marker_text = "".join([text[a:b] for a, b in marker]) if approx else ""
    if _positional_figure():
        return Figure(text[start:end], start, end, value, unit, kind, placeholder, approx, subject, values, date,
                      marker_text)
    return Figure(surface=text[start:end], start=start, end=end, value=value, unit=unit, kind=kind,
                  placeholder=placeholder, approx=approx, subject=subject, values=values, date=date,
                  approx_marker=marker_text)
