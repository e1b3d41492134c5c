"""Writing figures, dates and numbering the way trade-union summaries write them.

Rules (also in the README):

- Numbers are written in Arabic digits, exactly as given: no thousands separators, no exponent,
  integers without ``.0`` (``56人次``, ``2316人``, ``98.5%``). Arithmetic is exact (``Decimal``
  built from the digits, never rounded to a context precision), so a 40-digit sum stays 40 digits.
- Money with unit ``元`` is given in yuan and written with the largest of 亿元 / 万元 / 元 that
  needs at most two decimals: ``150000000`` -> ``1.5亿元``, ``125000`` -> ``12.5万元``,
  ``34500`` -> ``3.45万元``, ``3000`` -> ``3000元``, ``12345`` -> ``12345元`` (kept whole, since
  ``1.2345万元`` would be harder to read than the exact sum). A value under 10000 is always in 元.
  Money given with unit ``万元`` or ``亿元`` is written as given.
- Percents are the number before ``%``: ``98.5`` with unit ``%`` -> ``98.5%``.
- An approximate marker (the table ``lang/zh/approx.json``) goes where it is written: prefixes
  (``近``, ``约``, ``超过``, ``不少于`` ...) before the number, infixes (``余``, ``多``, ``来``) between
  the number and the unit (``1900余名``, ``8.5万余元``, ``30来人``), suffixes (``以上``, ``左右``)
  after the unit. A marker listed in two places (``多``) is written where the table lists it first.
- A ``null`` value is a blank to fill in: ``＿＿`` followed by the unit, never a number.
- Dates: Arabic ``2025年12月20日`` (GB/T 9704-2012), or Chinese ``二〇二五年十二月二十日``.
- Chinese numerals (numbering 一、 （一） 一是, months and days) come from cn2an.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Optional, Union

from .. import lang

Number = Union[int, float, None]

BLANK = "＿＿"
BLANK_DATE = "＿＿＿＿年＿＿月＿＿日"

_SCALES = ((8, "亿元"), (4, "万元"))


def exact(value: Union[int, float, Decimal]) -> Decimal:
    """The exact decimal of a facts number (a float by its shortest repr, as JSON gave it)."""
    if isinstance(value, Decimal):
        return value
    return Decimal(value) if isinstance(value, int) else Decimal(repr(float(value)))


def _shift(d: Decimal, places: int) -> Decimal:
    """``d * 10**places`` without rounding (``Decimal.scaleb`` rounds to the context precision)."""
    t = d.as_tuple()
    return Decimal((t.sign, t.digits, int(t.exponent) + places))


def _fixed(d: Decimal) -> str:
    """Positional digits of ``d`` with trailing fractional zeros dropped; never an exponent."""
    s = format(d, "f")  # exact: no precision given, no context rounding
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def plain(value: Union[int, float, Decimal]) -> str:
    """``56`` -> ``56``, ``98.50`` -> ``98.5``, ``12.0`` -> ``12``, ``1e20`` -> ``100000000000000000000``."""
    return _fixed(exact(value))


def _decimals(d: Decimal) -> int:
    s = _fixed(d)
    return len(s.split(".")[1]) if "." in s else 0


def money_parts(value: Union[int, float]) -> tuple[str, str]:
    """The number and unit for a sum in yuan: ``125000`` -> ``("12.5", "万元")``."""
    d = exact(value)
    for places, unit in _SCALES:
        scaled = _shift(d, -places)
        if abs(scaled) >= 1 and _decimals(scaled) <= 2:
            return _fixed(scaled), unit
    return _fixed(d), "元"


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
    markers = lang.approx_markers()
    if approx in markers.prefix:
        return approx + num + unit_text
    if approx in markers.infix:
        if unit_text in ("万元", "亿元"):  # 8.5万余元
            return num + unit_text[0] + approx + unit_text[1:]
        return num + approx + unit_text
    if approx in markers.suffix:
        return num + unit_text + approx
    raise ValueError(f"unknown approximate marker {approx!r}: expected one of {', '.join(markers.all)}")


def cn_number(n: int) -> str:
    """A count in Chinese as numbering and dates write it (cn2an): 三, 十, 十一, 二十, 一百零一."""
    import cn2an  # lazy: ~0.3 s to import

    return cn2an.an2cn(int(n), "low")


def cn_digits(n: int) -> str:
    """A year digit by digit, with 〇 for zero as documents write it: 2025 -> 二〇二五."""
    import cn2an

    return cn2an.an2cn(str(int(n)), "direct").replace("零", "〇")


def date_text(date: _dt.date, style: str = "arabic") -> str:
    """``2025年12月20日`` (arabic, the default of GB/T 9704-2012) or ``二〇二五年十二月二十日`` (chinese)."""
    if style == "arabic":
        return f"{date.year}年{date.month}月{date.day}日"
    if style == "chinese":
        return f"{cn_digits(date.year)}年{cn_number(date.month)}月{cn_number(date.day)}日"
    raise ValueError(f"unknown date style {style!r}: expected arabic or chinese")
