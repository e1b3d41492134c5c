"""Number strings to values: Arabic (with thousands separators and 万/亿), Chinese
numerals (via cn2an, cached), digit-by-digit years (二0一一) and placeholders.

Each pattern part here is a plain string so that :mod:`.patterns` can compose them;
each converter takes exactly the matched string.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Optional, Union

Number = Union[int, float]

# --- pattern parts (strings, composed in patterns.py) -------------------------
# Every repetition is bounded and no two adjacent parts can match the same characters, so
# one match attempt costs a constant: with the left boundaries of patterns.py (no number
# starts inside a run of digits, x or numerals) a search is linear in the text. A run
# longer than a bound is no number at all (a 20-digit string counts nothing).
#: Arabic number: 34,500 / 96.45 / 12 (on the half-width view).
ARABIC = r"(?:\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,6})?|\d{1,12}(?:\.\d{1,6})?)"
#: Redaction placeholder, alone or mixed with digits: x, xx, 20xx, xx0, ××, __.
PLACEHOLDER = r"(?:_{0,8}\d{0,4}[xX×][\dxX×]{0,7}(?:[.,][\dxX×]{1,4}){0,2}|_{2,8})"
#: Chinese numeral characters (ordinary and financial forms).
CN_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
CN_UNITS = "十百千万亿拾佰仟"
#: A Chinese numeral: starts with a digit, 十 or 百/千 (百 alone needs an approx marker).
CHINESE = rf"(?:[{CN_DIGITS}十拾百佰千仟][{CN_DIGITS}{CN_UNITS}]{{0,11}}(?:点[{CN_DIGITS}]{{1,6}})?)"
#: Multiplier after an Arabic number or placeholder: 1.2万, 9万, xx万, 3千.
MULTIPLIER = r"(?:千万|百万|万|亿|千(?![米克瓦卡]))"
PLACEHOLDER_CHARS = frozenset("xX×_*")

_MULT = {"万": 10_000, "亿": 100_000_000, "千万": 10_000_000, "百万": 1_000_000, "千": 1000}
_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def is_placeholder(s: str) -> bool:
    """True when the number string is (partly) redacted: ``xx``, ``20xx``, ``__``."""
    return not PLACEHOLDER_CHARS.isdisjoint(s)


def tidy(d: Decimal) -> Number:
    """A Decimal as int when integral, else a float rounded to 6 places."""
    if d == d.to_integral_value():
        return int(d)
    return round(float(d), 6)


def parse_arabic(s: str) -> Optional[Decimal]:
    """``34,500`` -> 34500, ``96.45`` -> 96.45 (half-width input)."""
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None


_CN_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")}
_CN_DIGIT.update({"〇": 0, "两": 2, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9})
_CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}


_D = "[一二两三四五六七八九壹贰叁肆伍陆柒捌玖]"
_Z = "[零〇]"
_TEN, _HUNDRED, _THOUSAND = "[十拾]", "[百佰]", "[千仟]"
#: 1 ... 9999 written out: 三, 十二, 二十, 三百零五, 两千零一十, 四千五百六十七
_SECTION = (rf"(?:{_D}{_THOUSAND}(?:{_D}{_HUNDRED}(?:{_D}{_TEN}{_D}?|{_Z}{_D})?|{_Z}{_D}{_TEN}{_D}?|{_Z}{_D})?"
            rf"|{_D}{_HUNDRED}(?:{_D}{_TEN}{_D}?|{_Z}{_D})?|{_D}?{_TEN}{_D}?|{_D})")
_FULL = rf"{_D}{_THOUSAND}(?:{_D}{_HUNDRED}(?:{_D}{_TEN}{_D}?|{_Z}{_D})?|{_Z}{_D}{_TEN}{_D}?|{_Z}{_D})?"
_TWO_DIGITS_UNIT = re.compile("[一二两三四五六七八九]{2}[十百千]")
# A plain integer is ``S万(F|零S)?``, ``S亿``, ``S`` or ``零``/``〇`` (S: a section, F: a full section):
# checked piece by piece with two small patterns (one pattern of the whole shape took 27 ms to compile
# at every start).
_SECTION_RX = re.compile(_SECTION)
_FULL_RX = re.compile(_FULL)


def _is_plain(s: str) -> bool:
    """``s`` is a written-out integer of a shape :func:`_plain_chinese` reads."""
    if s in ("零", "〇"):
        return True
    head, big, tail = s.partition("亿")
    if big:
        return not tail and _SECTION_RX.fullmatch(head) is not None
    head, big, tail = s.partition("万")
    if _SECTION_RX.fullmatch(head) is None:
        return False
    if not big or not tail:
        return True
    if tail[0] == "零":
        return _SECTION_RX.fullmatch(tail, 1) is not None
    return _FULL_RX.fullmatch(tail) is not None


def _section(s: str) -> int:
    total = num = 0
    for c in s:
        d = _CN_DIGIT.get(c)
        if d is not None:
            num = d
        else:
            total += (num or 1) * _CN_SMALL[c]
            num = 0
    return total + num


def _plain_chinese(s: str) -> Optional[int]:
    """A written-out Chinese integer (``三百零五``, ``十二``, ``两千``, ``三十万``, ``壹万叁仟伍佰``) read
    directly; None for any other shape (decimals with 点, shortened ``一百二``, ranges ``五六百``):
    those go to cn2an, whose import costs ~0.3 s per process."""
    if not _is_plain(s):
        return None
    for big, mult in _CN_BIG.items():
        if big in s:
            head, _, tail = s.partition(big)
            return _section(head) * mult + _section(tail.lstrip("零〇"))
    return _section(s.lstrip("零〇")) if s not in ("零", "〇") else 0


@lru_cache(maxsize=4096)
def parse_chinese(s: str) -> Optional[Decimal]:
    """A Chinese numeral to a Decimal with cn2an; ``百``/``千`` alone are 100/1000.

    Strings of bare digits (``一一``) are rejected: they are not quantities.
    """
    if s in ("百", "佰"):
        return Decimal(100)
    if s in ("千", "仟"):
        return Decimal(1000)
    if len(s) > 1 and not any(c in "十百千万亿拾佰仟点" for c in s):
        return None  # 一一, 三八, 五一: digit strings, not numbers
    if all(c in PLACEHOLDER_CHARS for c in s) or _TWO_DIGITS_UNIT.fullmatch(s):
        return None  # 五六百 (five or six hundred) is a range cn2an refuses: refused here without it
    plain = _plain_chinese(s)
    if plain is not None:
        return Decimal(plain)
    import cn2an  # type: ignore[import-untyped]  # lazy: keeps ``import zongjie`` fast

    try:
        v = cn2an.cn2an(s, "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return Decimal(str(v))


def parse_number(s: str) -> Optional[Decimal]:
    """Any matched number string (Arabic, Arabic+万/亿, Chinese) to a Decimal, or None."""
    if not s:
        return None
    for suffix in ("千万", "百万", "万", "亿", "千"):
        if s.endswith(suffix) and len(s) > len(suffix) and s[-len(suffix) - 1].isdigit():
            base = parse_arabic(s[: -len(suffix)])
            return None if base is None else base * _MULT[suffix]
    if s[0].isdigit() and s.isascii():
        return parse_arabic(s)
    return parse_chinese(s)


def year_digits(s: str) -> Optional[str]:
    """``二0一一`` / ``二〇二四`` / ``2024`` -> ``"2011"`` etc.; None for placeholders."""
    if is_placeholder(s):
        return None
    out = s.replace(" ", "").translate(_YEAR_DIGITS)
    return out if out.isdigit() and len(out) == 4 else None


def small_int(s: str) -> Optional[int]:
    """A month or day number (``12``, ``十一``, ``二十``) to int; None for placeholders."""
    if is_placeholder(s):
        return None
    if s.isdigit():
        return int(s)
    d = parse_chinese(s)
    return None if d is None else int(d)
