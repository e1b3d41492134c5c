"""Number strings to values: Arabic (with thousands separators and 万/亿), Chinese
numerals (via cn2an, cached), digit-by-digit years (二0一一) and placeholders.

Each pattern part here is a plain string so that :mod:`.patterns` can compose them;
each converter takes exactly the matched string.
"""

from __future__ import annotations

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
    return any(c in PLACEHOLDER_CHARS for c in s)


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
    import cn2an  # lazy: keeps ``import zongjie`` fast

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
