"""Blank the bracketed pinyin a converter leaves after Chinese characters (工會(huì)) in the matching view.

A candidate is an opening bracket right after a CJK character, then at most ``max_group_length``
pinyin letters, tone marks, tone digits and separators, then a closing bracket. The scan from each
bracket is bounded, so the search is linear in the length of the text. A candidate is blanked
(replaced by spaces of the same length) only when every token splits into pinyin syllables of
``lang/zh/pinyin.json`` and at least one syllable carries a tone mark or digit, so ordinary
parentheses such as （一）, (2024年), (精选6篇), (ABC) or an unmarked (de) stay.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .. import lang

# CJK unified ideographs (extension A, the main block, compatibility, extensions B and later).
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_LONGEST_SYLLABLE = 6  # zhuang, chuang, shuang


class _Matcher(NamedTuple):
    candidate: "re.Pattern[str]"
    separators: "re.Pattern[str]"
    table: lang.Pinyin


def _cls(chars: str) -> str:
    return "".join(re.escape(c) for c in chars)


@lru_cache(maxsize=1)
def _matcher() -> _Matcher:
    p = lang.pinyin()
    inner = "a-zü" + _cls("".join(p.u_umlaut_spellings) + "".join(p.tone_marks) + p.combining_tone_marks
                          + p.tone_digits + p.separators)
    opening = f"[{_cls(p.open_brackets)}]"
    # the bracket first and the CJK character checked behind it: the engine skips to brackets quickly
    candidate = re.compile(
        f"{opening}(?<=[{_CJK}]{opening})([{inner}]{{1,{p.max_group_length}}})[{_cls(p.close_brackets)}]"
    )
    return _Matcher(candidate, re.compile(f"[{_cls(p.separators)}]+"), p)


def _plain(token: str, p: lang.Pinyin) -> tuple[str, bool]:
    """The token with tone marks removed and v spelled ü; True when it held a tone mark."""
    out = []
    marked = False
    for ch in token:
        if ch in p.tone_marks:
            out.append(p.tone_marks[ch])
            marked = True
        elif ch in p.combining_tone_marks:
            marked = True
        elif ch in p.u_umlaut_spellings:
            out.append("ü")
        else:
            out.append(ch)
    return "".join(out), marked


def _splits(base: str, p: lang.Pinyin) -> bool:
    """True when ``base`` is a run of syllables, each optionally followed by one tone digit."""
    n = len(base)
    reach = [False] * (n + 1)
    reach[0] = True
    for i in range(n):
        if not reach[i]:
            continue
        for j in range(i + 1, min(n, i + _LONGEST_SYLLABLE) + 1):
            if base[i:j] in p.syllables:
                reach[j] = True
                if j < n and base[j] in p.tone_digits:
                    reach[j + 1] = True
    return reach[n]


def is_reading(group: str) -> bool:
    """True when ``group`` (the text between the brackets) is pinyin with at least one tone mark or digit."""
    m = _matcher()
    tokens = [t for t in m.separators.split(group) if t]
    toned = False
    for token in tokens:
        base, marked = _plain(token, m.table)
        if not _splits(base, m.table):
            return False
        toned = toned or marked or any(c in m.table.tone_digits for c in base)
    return toned


def blank_pinyin(text: str) -> str:
    """``text`` with every bracketed pinyin reading right after a CJK character replaced by spaces.

    The result has the same length as ``text``; anything else is left as it is.
    """
    m = _matcher()
    if not any(b in text for b in m.table.open_brackets):
        return text

    known: dict[str, bool] = {}  # a document repeats the same few readings

    def blank(match: "re.Match[str]") -> str:
        group = match.group(1)
        reading = known.get(group)
        if reading is None:
            reading = known[group] = is_reading(group)
        return " " * len(match.group(0)) if reading else match.group(0)

    return m.candidate.sub(blank, text)
