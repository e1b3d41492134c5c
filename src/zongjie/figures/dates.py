"""Date candidates: years, months and days, full dates, ISO dates, bare years of titles,
month-days of listings and quarters (see ``corpus/GUIDE.md``: one span per date).

Each builder takes the view and one match of the pattern of the same name in
:mod:`.patterns` and returns a :class:`Candidate` or ``None`` (rejected).
"""

from __future__ import annotations

from typing import Any, NamedTuple, Optional, Tuple

from ..records import FigureKind
from . import numerals as N
from .patterns import compiled

#: priority of dates among candidates of equal length (above percents, ordinals, counts)
DATE_PRIO = 5


class Candidate(NamedTuple):
    """A proposed figure before overlap resolution; ``prio`` breaks ties of equal length."""

    start: int
    end: int
    kind: FigureKind
    value: Any
    values: Tuple[Any, ...]
    unit: str
    placeholder: bool
    approx: bool
    prio: int
    marker: Tuple[Tuple[int, int], ...] = ()  # spans of the approximate marker (约, 余, 以上 ...), in text order


def _iso(y: Optional[str], m: Optional[int], d: Optional[int]) -> str:
    out = y if y else "-"
    if m is not None:
        out += f"-{m:02d}"
        if d is not None:
            out += f"-{d:02d}"
    return out


def _valid(m: Optional[int], d: Optional[int]) -> bool:
    return (m is None or 1 <= m <= 12) and (d is None or 1 <= d <= 31)


def _date(mt, value: object, unit: str, values: tuple = (), ph: bool = False) -> Candidate:
    return Candidate(mt.start(), mt.end(), "date", value, values, unit, ph, False, DATE_PRIO)


def same_script(nums: list[str]) -> bool:
    """Items of a range or list are all Arabic/placeholder or all Chinese: ``4、九月份``
    is list numbering followed by a month, not a list of months."""
    kinds = {n[0].isascii() or n[0] == "×" for n in nums}
    return len(kinds) == 1


_LINE_HEAD_BLANK = frozenset(" \t\u3000（）()")


def numbering_list(view: str, mt, group: str) -> bool:
    """``1、4月`` at a line start is list numbering plus a number; ``7、8月份`` (two
    consecutive numbers) stays a list. Looks back only over blanks and brackets, so
    the cost does not grow with the length of the line."""
    if "、" not in mt[group]:
        return False
    i = mt.start(group)
    j = i
    while j > 0 and view[j - 1] in _LINE_HEAD_BLANK:
        j -= 1
    if j > 0 and view[j - 1] != "\n":
        return False
    first, _, rest = mt[group].partition("、")
    a, b = N.parse_number(first), N.parse_number(rest.split("、")[0])
    return a is None or b is None or b != a + 1


def date_ymd(view: str, mt) -> Optional[Candidate]:
    """``2024年``, ``二〇二四年十二月二十日``, ``20xx年x月``, ``201*年``, ``2001 年 2 月``."""
    y, m, d = mt["y"], mt["m"], mt["d"]
    unit = "日" if d else ("月" if m else "年")
    if "*" in y and not any(c.isdigit() for c in y):
        return None  # **年: a redacted name, not a year
    if any(N.is_placeholder(s) for s in (y, m, d) if s):
        return _date(mt, None, unit, ph=True)
    year = N.year_digits(y)
    mi = N.small_int(m) if m else None
    di = N.small_int(d) if d else None
    if year is None or not _valid(mi, di):
        return None
    return _date(mt, _iso(year, mi, di), unit)


def date_md(view: str, mt) -> Optional[Candidate]:
    """``3月``, ``3月8日``, ``7、8月份``, ``3月28日至29日``, ``x月x日``."""
    months = [s for s in compiled()["range_sep"].split(mt["ms"]) if s]
    if not same_script(months) or numbering_list(view, mt, "ms"):
        return None
    d = mt["d"]
    unit = "日" if d else "月"
    if any(N.is_placeholder(s) for s in months) or (d is not None and N.is_placeholder(d)):
        return _date(mt, None, unit, tuple(None for _ in months) if len(months) > 1 else (), ph=True)
    ms = [N.small_int(s) for s in months]
    di = N.small_int(d) if d else None
    if any(m is None for m in ms) or not all(_valid(m, None) for m in ms) or not _valid(None, di):
        return None
    if len(ms) > 1 and di is not None:
        return None
    vals = tuple(_iso(None, m, None) for m in ms) if len(ms) > 1 else ()
    if mt["d2"]:  # 3月28日至29日
        d2 = N.small_int(mt["d2"])
        if d2 is None or not _valid(None, d2):
            return None
        vals = (_iso(None, ms[0], di), _iso(None, ms[0], d2))
    return _date(mt, _iso(None, ms[0], di), unit, vals)


def date_iso(view: str, mt) -> Optional[Candidate]:
    """``2022-03-03``, ``2024.3.8``, ``2022-03-03 09:14:55``."""
    m, d = int(mt["m"]), int(mt["d"])
    if not _valid(m, d):
        return None
    value = _iso(mt["y"], m, d)
    if mt["t"]:
        hh, _, rest = mt["t"].partition(":")
        value += f"T{int(hh):02d}:{rest}"
    return _date(mt, value, "日")


def date_bare_year(view: str, mt) -> Optional[Candidate]:
    """``2024工会工作总结``: a year without 年 before a word (titles, listings)."""
    return _date(mt, mt["y"], "")


def date_mm_dd(view: str, mt) -> Optional[Candidate]:
    """``03-19``: a zero-padded month-day as listings date their items."""
    return _date(mt, _iso(None, int(mt["m"]), int(mt["d"])), "")


def date_quarter(view: str, mt) -> Optional[Candidate]:
    """``第一季度`` ... ``第四季度``: a period of the year, value ``Q1`` ... ``Q4``."""
    q = mt["q"]
    n = int(q) if q.isdigit() else N.small_int(q)
    return _date(mt, f"Q{n}", "季度")
