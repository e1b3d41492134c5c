"""Regex parts for figures, composed from named pieces and the units table.

Every pattern runs on the half-width view (see :func:`zongjie.read.view.normalize_view`)
so that full-width digits and ％ need no special case. :func:`compiled` returns every
pattern with named groups that :mod:`.extract` and :mod:`.dates` turn into candidates.
The approximate markers come from ``lang/zh/approx.json``, the units and vetoes from
``units.json`` and ``exceptions.json`` (through :mod:`.data`).

Linear time: every repetition is bounded (see :mod:`.numerals`) and every number starts
behind a look-behind that forbids starting inside a run of digits, x or numerals, so one
match attempt costs a constant and a search is linear in the text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple, Optional

from . import numerals as N
from .. import lang
from .data import approx_prefixes, exceptions, units

# --- approximate markers (lang/zh/approx.json) -------------------------------

def _first_guard(words) -> str:
    """A look-ahead for the first characters of ``words``, put before their alternation: where none
    follows, the match fails at one class test instead of trying every word (the same matches, about
    half the time of a quantity match, which tries its units after each length of a number)."""
    firsts = sorted({w[0] for w in words if w})
    if not firsts or any(not w for w in words):
        return ""  # no words, or an empty one (then the alternation matches anywhere)
    return "(?=[" + "".join(re.escape(c) for c in firsts) + "])"


def _alternation(words) -> str:
    """Literal words as one non-capturing alternation, longest first, behind a guard of first characters."""
    words = sorted(words, key=len, reverse=True)
    return _first_guard(words) + "(?:" + "|".join(re.escape(w) for w in words) + ")"


def approx_pre() -> str:
    """Prefix markers (约, 近, 超过 ...), each behind a look-behind for the characters it may not
    follow (签约 and 附近 are words, not markers)."""
    parts = []
    for p in sorted(approx_prefixes(), key=lambda p: -len(p.marker)):
        look = f"(?<![{re.escape(p.not_after)}])" if p.not_after else ""
        parts.append(look + re.escape(p.marker))
    return "(?:" + "|".join(parts) + ")"


@lru_cache(maxsize=1)
def approx_window() -> int:
    """Length of the longest prefix marker (不少于: 3), the window ``approx_before`` looks in."""
    return max(len(p.marker) for p in approx_prefixes())


def approx_mid() -> str:
    """Infix markers between number and unit (1900余名, 30来人)."""
    return _alternation(lang.approx_markers().infix)


def approx_post() -> str:
    """Suffix markers after the unit (90%以上, 20人左右)."""
    return _alternation(lang.approx_markers().suffix)


# --- number boundaries -----------------------------------------------------
# A number never starts inside a run of digits, letters, x or numerals (nor right after 第:
# 第一篇 is numbering, 第三届 an ordinal): with the bounded parts of numerals.py this keeps
# every search linear. Ordinary numerals only: 伍/陆/拾 also end ordinary words (队伍8支, 陆续).
_CN_ALL = "零〇一二两三四五六七八九十百千万亿"
ORDINAL_MARK = "第苐"  # 苐: a common variant (and misprint) of 第
# An ASCII comma or point ends a number only after a digit (34,500; 96.45): pages that use
# them as Chinese punctuation (角逐,6名) still start a number after them.
NOT_AFTER_NUM = rf"(?<![\dA-Za-z×_{_CN_ALL}{ORDINAL_MARK}])(?<!\d[.,])"
SPACE = r"[ \t\u3000]?"

#: One number of any form (Arabic with optional 万/亿, placeholder, Chinese numeral).
NUMBER = rf"(?:{N.ARABIC}{N.MULTIPLIER}?|{N.PLACEHOLDER}{N.MULTIPLIER}?|{N.CHINESE})"
#: Separators of a range or list: 1至2, 3-5, 7、8.
RANGE_SEP = r"(?:至|到|~|-|—|、)"
NUMBER_LIST = rf"(?:{NUMBER}(?:{RANGE_SEP}{NUMBER}){{0,5}})"

# --- dates -------------------------------------------------------------------
# a year: 2024, 二〇二四 (also spaced as converters leave it: 二 00 一), or redacted in part
# (20xx, 201*, 20__, __); a redaction by * alone (**年) is rejected by the builder
_YEAR_PH = r"[\dxX×_*]"
YEAR = (
    rf"(?:[12]\d{{3}}|[一二](?: ?[〇零0-9一二三四五六七八九]){{3}}"
    rf"|(?={_YEAR_PH}{{0,3}}[xX×_*]){_YEAR_PH}{{2,4}})"
)
MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]|[xX×]{1,2})"
DAY = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]|[xX×]{1,2})"
_DATE_LEFT = rf"(?<![\dxX×_A-Za-z{_CN_ALL}{ORDINAL_MARK}])"
DATE_YMD = (
    rf"{_DATE_LEFT}(?P<y>{YEAR}){SPACE}年"
    rf"(?:{SPACE}(?P<m>{MONTH}){SPACE}月(?:份)?(?:{SPACE}(?P<d>{DAY}){SPACE}[日号])?)?"
)
DATE_MD = (
    rf"{_DATE_LEFT}(?P<ms>{MONTH}(?:(?:、|-|—|至|到|~){MONTH}){{0,3}}){SPACE}"
    rf"(?:月份|月(?:(?P<d>{DAY})[日号](?:(?:至|到|-|~)(?P<d2>{DAY})[日号])?)?)"
)
DATE_ISO = (
    r"(?<![\d.])(?P<y>[12]\d{3})(?P<s>[-./])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})"
    r"(?:[ T](?P<t>\d{1,2}:\d{2}(?::\d{2})?))?(?![\d.])"
)
#: a bare year before a word, as in titles and listings (2024工会工作总结); 1950-2049 only
DATE_BARE_YEAR = r"(?<![\d.,:/\-A-Za-z_*])(?P<y>19[5-9]\d|20[0-4]\d)(?=[\u4e00-\u9fff（(])"
#: a zero-padded month-day, as listings date their items (计划 03-19)
DATE_MM_DD = r"(?<![\d.,:/\-A-Za-z])(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d.,:/\-])"
#: a quarter: 第一季度 ... 第四季度
DATE_QUARTER = rf"[{ORDINAL_MARK}](?P<q>[一二三四1-4])季度"

# --- percents, ordinals, fractions ----------------------------------------
# Patterns below match from the number on; an approximate marker before it (约, 近,
# 超过) is looked up by ``approx_before`` afterwards: a leading optional group would
# stop the regex engine from scanning fast for the first character.
PERCENT_CHENG_NOT_BEFORE = "为员绩果立本功效长熟就交型品不功"
FRACTION = (
    r"(?:(?<![\d/.])(?P<a>\d{1,9}(?:\.\d{1,4})?)/(?P<b>\d{1,9})(?![\d/.])"
    rf"|(?<![{_CN_ALL}])(?P<cb>{N.CHINESE})分之(?P<ca>{N.CHINESE}))"
)


#: the words a half duration follows (为期半天, 历时半个月)
HALF_LEFT = r"(?<=为期|历时|用时)"


def unit_alternation(pred) -> str:
    """The units accepted by ``pred`` as one alternation, longest first, each with a
    negative look-ahead for the words that start with it but are not it (人员, 期间)."""
    parts, surfaces = [], []
    for u in sorted(units().values(), key=lambda u: -len(u.surface)):
        if not pred(u):
            continue
        tails = [w[len(u.surface):] for w in u.not_before if w.startswith(u.surface) and len(w) > len(u.surface)]
        look = f"(?!{'|'.join(map(re.escape, tails))})" if tails else ""
        parts.append(re.escape(u.surface) + look)
        surfaces.append(u.surface)
    return _first_guard(surfaces) + "(?:" + "|".join(parts) + ")"


def _family_patterns() -> dict[str, str]:
    """The pattern of each family whose parts come from the tables (units, markers)."""
    post = approx_post()
    qty_units = unit_alternation(lambda u: not u.ordinal_only)
    ord_units = unit_alternation(lambda u: u.ordinal)
    num_one = rf"(?:{N.ARABIC}|{N.CHINESE}|{N.PLACEHOLDER})"
    return {
        "percent_word": rf"百分之(?P<num>{num_one})(?P<post>{post})?",
        "percent_cheng": (
            rf"(?<![{_CN_ALL}])(?P<num>[一二两三四五六七八九十])成"
            rf"(?![{PERCENT_CHENG_NOT_BEFORE}])(?P<post>{post})?"
        ),
        "ordinal": rf"(?:[{ORDINAL_MARK}](?P<num>{num_one})|(?P<first>首)(?=届))(?P<unit>{ord_units})",
        "quantity": (
            rf"{NOT_AFTER_NUM}(?P<num>{NUMBER_LIST})(?P<mid>{approx_mid()})?"
            rf"{SPACE}(?P<unit>{qty_units})(?P<post>{post})?"
        ),
        # 为期半天, 历时半个月: a half of a duration
        "half": rf"{HALF_LEFT}半(?P<unit>个月|天|小时|年)",
        # found from its literal 万/亿/W (fast to scan for), the number is read backwards
        "bare_wan": rf"(?<=\d)(?:万|亿|[wW])(?P<mid>{approx_mid()})?(?=[，。；,;)）+])",
    }


# --- where a match can start ---------------------------------------------------
# The characters a match of each family can start with (a superset is fine: a start is only a place
# to try the pattern). The patterns begin with look-behinds, which keep the regex engine from
# scanning for their first character; scanning for these classes and trying the pattern there
# finds the same matches several times faster. A class may look ahead at what must follow (a bare
# year, 成 after the numeral of 三成), but not in a family with an ANCHOR: those are scanned in
# stretches that end early.
# tests/test_figures_linear.py checks that the scan finds exactly what a plain search finds.
_CN_FIRST = f"{N.CN_DIGITS}十拾百佰千仟"
FIRST = {
    "date_iso": r"[12](?=\d{3}[-./]\d)",
    "date_ymd": r"[\d一二xX×_*](?=[^年\n]{0,8}年)",  # 年 after a year of at most 7 characters and a space
    "date_md": r"[\d十一二三四五六七八九xX×]",
    "date_bare_year": r"[12](?=[09]\d\d[\u4e00-\u9fff（(])",  # 19xx / 20xx before a word (DATE_BARE_YEAR)
    "date_mm_dd": r"[01]",
    "date_quarter": rf"[{ORDINAL_MARK}]",
    "percent_word": r"百",
    "percent_cheng": r"[一二两三四五六七八九十](?=成)",
    "ordinal": rf"[{ORDINAL_MARK}首]",
    "fraction": rf"[\d{_CN_FIRST}]",
    "quantity": rf"[\d_xX×{_CN_FIRST}]",
    "bare_wan": r"[万亿wW]",
    "half": r"半",
}


#: The left boundary each family's pattern starts with (the same strings as in the patterns), checked
#: right after the start character so that a run of digits or numerals is tried once, at its start.
LEFT = {
    "date_iso": r"(?<![\d.])",
    "date_ymd": _DATE_LEFT,
    "date_md": _DATE_LEFT,
    "date_bare_year": r"(?<![\d.,:/\-A-Za-z_*])",
    "date_mm_dd": r"(?<![\d.,:/\-A-Za-z])",
    "bare_wan": r"(?<=\d)",
    "half": HALF_LEFT,
    "fraction": None,  # two alternatives with different boundaries
    "quantity": NOT_AFTER_NUM,
}


#: A text every match of a family contains, and the family's greatest match width (an upper bound:
#: ``re`` reports 22 for date_md, 40 for fraction). The anchors are found once per text and the family
#: is tried only at starts at most that width before one: a text without 月 is not scanned for months
#: at every digit. Worth it where the anchor is a literal (found much faster than a class of start
#: characters) rarer than the starts; a short distance to the anchor is a look-ahead in FIRST instead
#: (三成, ISO dates, the 年 of a year). Families not listed are tried at every start.
#: tests/test_figures_linear.py checks the candidates against plain searches, test_figures_shortcuts.py
#: the widths against the patterns.
ANCHOR = {
    "date_md": ("月", 22),
    "date_mm_dd": ("-", 5),
    "date_quarter": ("季度", 4),
    "fraction": ("/|分之", 40),
}


class Anchor(NamedTuple):
    """A family's anchor compiled: the pattern, the family's greatest match width, and for a
    one-character anchor a pattern of a run of anchors each at most ``width`` characters after the
    previous one (one match per stretch of starts instead of one per anchor)."""

    pattern: re.Pattern[str]
    width: int
    run: Optional[re.Pattern[str]]


@lru_cache(maxsize=None)
def anchors() -> dict[str, Anchor]:
    """:data:`ANCHOR` compiled, by family name."""
    out = {}
    for name, (a, width) in ANCHOR.items():
        run = None
        if len(a) == 1 and not a.isascii():  # one literal character (年, 月, 成)
            c = re.escape(a)
            run = re.compile(f"{c}(?:[^{c}]{{0,{width}}}{c})*")
        out[name] = Anchor(re.compile(a), width, run)
    return out


def _first_of(items) -> "Optional[tuple[frozenset[str], bool]]":
    """(characters a match of the parsed regex ``items`` can start with, whether it can match
    empty); None for a construct this does not read (then nothing is skipped on its account)."""
    out: set[str] = set()
    for op, av in items:
        name = str(op)
        if name in ("ASSERT", "ASSERT_NOT", "AT"):
            continue  # zero width: the first character comes after it
        if name == "LITERAL":
            return frozenset(out | {chr(av)}), False
        if name == "IN":
            chars = set()
            for kind, arg in av:
                if str(kind) == "LITERAL":
                    chars.add(chr(arg))
                elif str(kind) == "RANGE" and arg[1] - arg[0] < 4096:
                    chars.update(map(chr, range(arg[0], arg[1] + 1)))
                else:
                    return None  # NEGATE, CATEGORY (\d, \w): too wide to be worth it
            return frozenset(out | chars), False
        if name == "SUBPATTERN":
            parts = [av[-1]]
        elif name == "BRANCH":
            parts = list(av[1])
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            parts = [av[2]]
        elif name == "ATOMIC_GROUP":
            parts = [av]
        else:
            return None
        nullable = name.endswith("REPEAT") and av[0] == 0
        for part in parts:
            got = _first_of(part)
            if got is None:
                return None
            out |= got[0]
            nullable = nullable or got[1]
        if not nullable:
            return frozenset(out), False
    return frozenset(out), True


def _veto_source() -> str:
    """The vetoes of ``exceptions.json`` as one alternation (in table order: the first that matches wins)."""
    return "|".join(f"(?:{v})" for v in exceptions()["vetoes"])


@lru_cache(maxsize=None)
def _veto_first_class() -> Optional[str]:
    """The characters a veto match can start with as a character class, or None when the vetoes use a
    construct :func:`_first_of` does not read, ignore case or could match empty."""
    source = _veto_source()
    try:
        from re import _parser as sre_parse  # type: ignore[attr-defined]
    except ImportError:  # Python 3.10
        import sre_parse  # type: ignore[no-redef]
    try:
        parsed = sre_parse.parse(source)  # parsed, not compiled: compiling it twice cost 3 ms at every start
        if parsed.state.flags & re.IGNORECASE:
            return None
        got = _first_of(parsed)
    except Exception:  # an internal module of re: a change there only costs the shortcut
        return None
    if got is None or got[1] or not got[0]:
        return None
    return "[" + "".join(re.escape(c) for c in sorted(got[0])) + "]"


@lru_cache(maxsize=None)
def veto_first() -> "Optional[re.Pattern[str]]":
    """The characters a veto match (``exceptions.json``) can start with, compiled: a candidate with none
    of them in its veto window cannot be vetoed. None when they are not known (then every candidate
    is checked). The veto pattern itself starts with the same class as a look-ahead."""
    first = _veto_first_class()
    return re.compile(first) if first else None


@lru_cache(maxsize=None)
def first_chars() -> dict[str, re.Pattern[str]]:
    """Where each family's matches can start (see FIRST and LEFT), compiled: the start character,
    then the family's left boundary looked at from just after it."""
    out = {}
    for name, first in FIRST.items():
        left = LEFT.get(name)
        out[name] = re.compile(f"{first}(?<=(?:{left}).)" if left else first)
    return out


@lru_cache(maxsize=None)
def compiled() -> dict[str, re.Pattern[str]]:
    """All figure patterns, compiled once, keyed by name (``date_ymd`` ... ``quantity``)."""
    first = _veto_first_class()
    vetoes = f"(?={first})(?:{_veto_source()})" if first else _veto_source()
    fixed = {
        "date_iso": DATE_ISO, "date_ymd": DATE_YMD, "date_md": DATE_MD, "date_bare_year": DATE_BARE_YEAR,
        "date_mm_dd": DATE_MM_DD, "date_quarter": DATE_QUARTER, "fraction": FRACTION,
    }
    out = {name: re.compile(p) for name, p in {**fixed, **_family_patterns()}.items()}
    out.update({
        "range_join": re.compile(r"(?:至|到|~|-|—)"),
        "veto": re.compile(vetoes),
        "approx_before": re.compile(rf"{approx_pre()}\Z"),  # \Z: a marker on the line before is not this figure's
        "arabic_before": re.compile(rf"{NOT_AFTER_NUM}{N.ARABIC}$"),
        "range_sep": re.compile(RANGE_SEP),
        "number": re.compile(NUMBER),
    })
    return out
