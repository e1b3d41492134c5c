"""Regex parts for figures, composed from named pieces and the units table.

Every pattern runs on the half-width view (see :func:`zongjie.read.view.normalize_view`)
so that full-width digits and ％ need no special case. Each public ``*_RE`` builder
returns one compiled pattern with named groups that :mod:`.extract` turns into figures.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import numerals as N
from .data import exceptions, units

# --- approximate markers --------------------------------------------------
APPROX_PRE = r"(?:大约|将近|接近|超过|突破|不少于|不低于|至少|(?<![节制签预公邀契合践条])约|逾|(?<![最附接将临])近)"
APPROX_MID = r"(?:余|多|来)"
APPROX_POST = r"(?:左右|以上|多)"

# --- number boundaries -----------------------------------------------------
# ordinary digits only: 伍/陆/拾 also end ordinary words (队伍8支, 陆续)
_CN_ALL = "零〇一二两三四五六七八九十百千万亿"
NOT_AFTER_NUM = rf"(?<![\d.,A-Za-z×{_CN_ALL}])"
SPACE = r"[ \t\u3000]?"

#: One number of any form (Arabic with optional 万/亿, placeholder, Chinese numeral).
NUMBER = rf"(?:{N.ARABIC}{N.MULTIPLIER}?|{N.PLACEHOLDER}{N.MULTIPLIER}?|{N.CHINESE})"
#: Separators of a range or list: 1至2, 3-5, 7、8.
RANGE_SEP = r"(?:至|到|~|-|—|、)"
NUMBER_LIST = rf"(?:{NUMBER}(?:{RANGE_SEP}{NUMBER}){{0,5}})"

# --- dates -------------------------------------------------------------------
YEAR = r"(?:[12]\d{3}|[一二][〇零0-9一二三四五六七八九]{3}|(?=[\dxX×]*[xX×])[\dxX×]{2,4})"
MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]|[xX×]{1,2})"
DAY = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]|[xX×]{1,2})"
_DATE_LEFT = rf"(?<![\dxX×A-Za-z{_CN_ALL}第])"
DATE_YMD = rf"{_DATE_LEFT}(?P<y>{YEAR})年(?:(?P<m>{MONTH})月(?:份)?(?:(?P<d>{DAY})[日号])?)?"
DATE_MD = (
    rf"{_DATE_LEFT}(?P<ms>{MONTH}(?:(?:、|-|—|至|到|~){MONTH}){{0,3}})"
    rf"(?:月份|月)(?:(?P<d>{DAY})[日号](?:(?:至|到|-|~)(?P<d2>{DAY})[日号])?)?"
)
DATE_ISO = (
    r"(?<![\d.])(?P<y>[12]\d{3})(?P<s>[-./])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})"
    r"(?:[ T](?P<t>\d{1,2}:\d{2}(?::\d{2})?))?(?![\d.])"
)

# --- percents, ordinals, fractions ----------------------------------------
# Patterns below match from the number on; an approximate marker before it (约, 近,
# 超过) is looked up by ``approx_before`` afterwards: a leading optional group would
# stop the regex engine from scanning fast for the first character.
PERCENT_WORD = (
    rf"百分之(?P<num>{N.ARABIC}|{N.CHINESE}|{N.PLACEHOLDER})(?P<post>左右|以上)?"
)
PERCENT_CHENG = (
    rf"(?<![{_CN_ALL}])(?P<num>[一二两三四五六七八九十])成"
    r"(?![为员绩果立本功效长熟就交型品不功])(?P<post>左右|以上|多)?"
)
FRACTION = (
    rf"(?:(?<![\d/.])(?P<a>\d+)/(?P<b>\d+)(?![\d/.])"
    rf"|(?<![{_CN_ALL}])(?P<cb>{N.CHINESE})分之(?P<ca>{N.CHINESE}))"
)


def unit_alternation(pred) -> str:
    """The units accepted by ``pred`` as one alternation, longest first, each with a
    negative look-ahead for the words that start with it but are not it (人员, 期间)."""
    parts = []
    for u in sorted(units().values(), key=lambda u: -len(u.surface)):
        if not pred(u):
            continue
        tails = [w[len(u.surface):] for w in u.not_before if w.startswith(u.surface) and len(w) > len(u.surface)]
        look = f"(?!{'|'.join(map(re.escape, tails))})" if tails else ""
        parts.append(re.escape(u.surface) + look)
    return "(?:" + "|".join(parts) + ")"


@lru_cache(maxsize=None)
def compiled() -> dict[str, re.Pattern[str]]:
    """All figure patterns, compiled once, keyed by name (``date_ymd`` ... ``quantity``)."""
    qty_units = unit_alternation(lambda u: not u.ordinal_only)
    ord_units = unit_alternation(lambda u: u.ordinal)
    quantity = (
        rf"{NOT_AFTER_NUM}(?P<num>{NUMBER_LIST})(?P<mid>{APPROX_MID})?"
        rf"{SPACE}(?P<unit>{qty_units})(?P<post>{APPROX_POST})?"
    )
    ordinal = rf"(?:第(?P<num>{N.ARABIC}|{N.CHINESE}|{N.PLACEHOLDER})|(?P<first>首)(?=届))(?P<unit>{ord_units})"
    # found from its literal 万/亿 (fast to scan for), the number is read backwards
    bare_wan = r"(?<=\d)(?:万|亿)(?:余|多)?(?=[，。；,;])"
    vetoes = "|".join(f"(?:{v})" for v in exceptions()["vetoes"])
    return {
        "date_iso": re.compile(DATE_ISO),
        "date_ymd": re.compile(DATE_YMD),
        "date_md": re.compile(DATE_MD),
        "percent_word": re.compile(PERCENT_WORD),
        "percent_cheng": re.compile(PERCENT_CHENG),
        "ordinal": re.compile(ordinal),
        "fraction": re.compile(FRACTION),
        "quantity": re.compile(quantity),
        "bare_wan": re.compile(bare_wan),
        "range_join": re.compile(r"(?:至|到|~|-|—)"),
        "veto": re.compile(vetoes),
        "approx_before": re.compile(rf"(?:{APPROX_PRE})$"),
        "arabic_before": re.compile(rf"{NOT_AFTER_NUM}{N.ARABIC}$"),
        # cheap pre-checks: a family whose trigger is absent from the text is skipped
        "has_iso": re.compile(r"\d[-./]\d"),
        "range_sep": re.compile(RANGE_SEP),
        "number": re.compile(NUMBER),
    }
