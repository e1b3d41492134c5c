"""Best-effort subject of a figure: the short noun phrase the number counts.

``建立困难职工档案信息13人`` -> ``困难职工档案信息``: look back from the number to the
nearest clause boundary or verb; when nothing is left, look forward after the unit
(``x家单位制定了`` -> ``单位``). Dates and percents get no subject.
"""

from __future__ import annotations

import re
from functools import lru_cache

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


_PRE_MARKERS = ("大约", "将近", "接近", "超过", "约", "逾", "近", "第")


def find_subject(view: str, start: int, end: int, kind: str) -> str:
    """The noun phrase before the figure (after the last verb), else the one after it."""
    if kind in ("date", "percent", "ordinal"):
        return ""
    back, fwd = _patterns()
    head = view[max(0, start - _WINDOW):start]
    cut = [m.end() for m in _CLAUSE.finditer(head)]
    if cut:
        head = head[cut[-1]:]
    last = None
    for m in back.finditer(head):
        last = m
    if last is not None:
        head = head[last.end():]
    head = head.strip()
    if 2 <= len(head) <= 10:
        return head
    tail = view[end:end + 10]
    m = _CLAUSE.search(tail)
    if m:
        tail = tail[:m.start()]
    m = fwd.search(tail)
    if m:
        tail = tail[:m.start()]
    return tail if 1 <= len(tail) <= 8 else ""
