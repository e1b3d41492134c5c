"""Writing figures and dates the way trade-union summaries write them.

Rules (also in the README):

- Numbers are written in Arabic digits, without thousands separators, integers without ``.0``
  (``56人次``, ``2316人``, ``98.5%``).
- Money with unit ``元`` is given in yuan and written with the largest of 亿元 / 万元 / 元 that
  needs at most two decimals: ``150000000`` -> ``1.5亿元``, ``125000`` -> ``12.5万元``,
  ``34500`` -> ``3.45万元``, ``3000`` -> ``3000元``, ``12345`` -> ``12345元`` (kept whole, since
  ``1.2345万元`` would be harder to read than the exact sum). A value under 10000 is always in 元.
  Money given with unit ``万元`` or ``亿元`` is written as given.
- Percents are the number before ``%``: ``98.5`` with unit ``%`` -> ``98.5%``.
- An approximate marker goes where it is written: prefixes (``近``, ``约``, ``超过``, ``不少于`` ...) before the
  number, ``余`` / ``多`` between the number and the unit (``1900余名``, ``8.5万余元``), ``以上`` / ``左右``
  after the unit.
- A ``null`` value is a blank to fill in: ``＿＿`` followed by the unit, never a number.
- Dates: Arabic ``2025年12月20日`` (GB/T 9704-2012), or Chinese ``二〇二五年十二月二十日``.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Optional, Union

Number = Union[int, float, None]

BLANK = "＿＿"
APPROX_PREFIX = ("近", "约", "超过", "逾", "将近", "大约", "接近", "突破", "不少于", "不低于", "至少")
APPROX_INFIX = ("余", "多")
APPROX_SUFFIX = ("以上", "左右")
APPROX_MARKERS = APPROX_PREFIX + APPROX_INFIX + APPROX_SUFFIX

_WAN = Decimal(10000)
_YI = Decimal(100000000)


def plain(value: Union[int, float, Decimal]) -> str:
    """``56`` -> ``56``, ``98.50`` -> ``98.5``, ``12.0`` -> ``12``; never an exponent."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def _decimals(d: Decimal) -> int:
    exp = d.normalize().as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def money_parts(value: Union[int, float]) -> tuple[str, str]:
    """The number and unit for a sum in yuan: ``125000`` -> ``("12.5", "万元")``."""
    d = Decimal(str(value))
    for scale, unit in ((_YI, "亿元"), (_WAN, "万元")):
        if abs(d) >= scale and _decimals(d / scale) <= 2:
            return plain(d / scale), unit
    return plain(d), "元"


def figure_text(value: Number, unit: str, approx: Optional[str] = None) -> str:
    """A figure as written in a summary: ``(56, "人次")`` -> ``56人次``, ``(125000, "元")`` -> ``12.5万元``."""
    if value is None:
        num, unit_text = BLANK, unit
    elif unit == "元":
        num, unit_text = money_parts(value)
    else:
        num, unit_text = plain(value), unit
    if not approx:
        return num + unit_text
    if approx in APPROX_PREFIX:
        return approx + num + unit_text
    if approx in APPROX_INFIX:
        if unit_text in ("万元", "亿元"):  # 8.5万余元
            return num + unit_text[0] + approx + unit_text[1:]
        return num + approx + unit_text
    return num + unit_text + approx


_CN_DIGITS = "〇一二三四五六七八九"


def cn_small(n: int) -> str:
    """0..99 in Chinese as dates and numbering write them: 三, 十, 十一, 二十, 三十一."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def date_text(date: _dt.date, style: str = "arabic") -> str:
    """``2025年12月20日`` (arabic, the default of GB/T 9704-2012) or ``二〇二五年十二月二十日`` (chinese)."""
    if style == "arabic":
        return f"{date.year}年{date.month}月{date.day}日"
    if style == "chinese":
        year = "".join(_CN_DIGITS[int(c)] for c in str(date.year))
        return f"{year}年{cn_small(date.month)}月{cn_small(date.day)}日"
    raise ValueError(f"unknown date style {style!r}: expected arabic or chinese")


BLANK_DATE = "＿＿＿＿年＿＿月＿＿日"
