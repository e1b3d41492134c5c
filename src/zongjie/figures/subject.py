"""Best-effort subject of a figure: the short noun phrase the number counts.

``建立困难职工档案信息13人`` -> ``困难职工档案信息``: look back from the number to the
nearest clause boundary or verb; when nothing is left, look forward after the unit
(``x家单位制定了`` -> ``单位``). Dates and percents get no subject.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from .data import subject_words

_WINDOW = 14
_CLAUSE = re.compile(r"[，。；：、,.;:！!？?（）()“”\"《》<>\[\]【】\s\d]")


@lru_cache(maxsize=None)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = subject_words()
    verbs = sorted(words["verbs"], key=len, reverse=True)
    stops = sorted(words["stops"], key=len, reverse=True)
    back = re.compile("(?:" + "|".join(map(re.escape, verbs)) + ")")
    fwd = re.compile("(?:" + "|".join(map(re.escape, stops)) + ")")
    return back, fwd


def subject_span(view: str, start: int, end: int, kind: str) -> Optional[tuple[int, int]]:
    """``[s, e)`` of the noun phrase before the figure (after the last verb), else of the one
    after it; ``None`` when unclear. Offsets are the view's, hence the original text's."""
    if kind in ("date", "percent", "ordinal"):
        return None
    back, fwd = _patterns()
    lo = max(0, start - _WINDOW)
    cut = [m.end() for m in _CLAUSE.finditer(view, lo, start)]
    if cut:
        lo = cut[-1]
    last = None
    for m in back.finditer(view, lo, start):
        last = m
    if last is not None:
        lo = last.end()
    a, b = lo, start
    while a < b and view[a].isspace():
        a += 1
    while b > a and view[b - 1].isspace():
        b -= 1
    if 2 <= b - a <= 10:
        return a, b
    hi = min(len(view), end + 10)
    m = _CLAUSE.search(view, end, hi)
    if m:
        hi = m.start()
    m = fwd.search(view, end, hi)
    if m:
        hi = m.start()
    return (end, hi) if 1 <= hi - end <= 8 else None
