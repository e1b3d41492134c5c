"""Word's automatic numbering (``word/numbering.xml``) turned into the text Word shows.

A paragraph with ``w:numPr`` (its own or its style's) has no number in its text: Word draws it
from the list definition. :class:`Numbering` keeps the counters the way Word does -- per list
(a ``w:num`` with a start override counts on its own, the others share their abstract list's
counters), deeper levels restarting when a higher level is used (``w:lvlRestart``) -- and
fills the level's ``w:lvlText`` (``%1、``, ``（%1）``, ``%1.%2``) with each level's format
(``chineseCounting`` 一, ``decimal`` 1, ``ideographTraditional`` 甲 ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PLACEHOLDER = re.compile(r"%([1-9])")
_NO_SEPARATOR = "、）)．：:】」，,"  # Chinese numbering runs into the text after these
_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_IDEOGRAPH_TRADITIONAL = "甲乙丙丁戊己庚辛壬癸"
_IDEOGRAPH_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _attr(el, name: str = "val") -> Optional[str]:
    return None if el is None else el.get(W + name)


def _int(el, default: Optional[int] = None) -> Optional[int]:
    value = _attr(el)
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _chinese_small(n: int, digits: str, units: str, tens_one: bool) -> str:
    """``n`` (1..9999) in Chinese with the units 十百千 (or 拾佰仟); ``tens_one`` writes 一十 for 10..19."""
    parts: list[str] = []
    zero = False
    for power in (3, 2, 1, 0):
        d = (n // 10 ** power) % 10
        if d == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append(digits[0])
            zero = False
        unit = units[power - 1] if power else ""
        if power == 1 and d == 1 and not parts and not tens_one:
            parts.append(unit)
        else:
            parts.append(digits[d] + unit)
    return "".join(parts)


def chinese_counting_thousand(n: int, digits: str = _CN_DIGITS, units: str = "十百千", myriad: str = "万",
                              legal: bool = False) -> str:
    """1 -> 一, 11 -> 十一, 110 -> 一百一十, 10000 -> 一万 (Word's ``chineseCountingThousand``);
    ``legal`` writes 壹拾贰 for 12, as financial numerals do."""
    if n <= 0:
        return str(n)
    if n < 10000:
        return _chinese_small(n, digits, units, tens_one=legal or n >= 100)
    high, low = divmod(n, 10000)
    text = chinese_counting_thousand(high, digits, units, myriad, legal) + myriad
    if low:
        text += (digits[0] if low < 1000 else "") + _chinese_small(low, digits, units, tens_one=True)
    return text


def chinese_counting(n: int) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 100 -> 一〇〇 (Word's ``chineseCounting``: digit by digit from 100)."""
    if n <= 0:
        return str(n)
    if n < 100:
        return _chinese_small(n, _CN_DIGITS, "十百千", tens_one=False)
    return "".join("〇" if c == "0" else _CN_DIGITS[int(c)] for c in str(n))


def _letters(n: int, alphabet: str) -> str:
    """1 -> a, 26 -> z, 27 -> aa, 28 -> bb (Word repeats the letter)."""
    if n <= 0:
        return str(n)
    return alphabet[(n - 1) % 26] * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _enclosed(n: int, first: int, count: int) -> str:
    return chr(first + n - 1) if 1 <= n <= count else str(n)


def _cycle(n: int, chars: str) -> str:
    return chars[(n - 1) % len(chars)] if n > 0 else str(n)


def format_number(n: int, fmt: str) -> str:
    """The counter value ``n`` in the Word number format ``fmt`` (unknown formats as decimal)."""
    if fmt in ("none", "bullet"):
        return ""
    if fmt in ("chineseCounting", "japaneseCounting", "koreanCounting", "taiwaneseCounting"):
        return chinese_counting(n)
    if fmt in ("chineseCountingThousand", "taiwaneseCountingThousand", "japaneseDigitalTenThousand",
               "koreanDigital", "ideographDigital"):
        return chinese_counting_thousand(n)
    if fmt == "chineseLegalSimplified":
        return chinese_counting_thousand(n, _CN_LEGAL, "拾佰仟", "万", legal=True)
    if fmt in ("ideographLegalTraditional", "japaneseLegal"):
        return chinese_counting_thousand(n, "零壹貳參肆伍陸柒捌玖", "拾佰仟", "萬", legal=True)
    if fmt == "ideographTraditional":
        return _cycle(n, _IDEOGRAPH_TRADITIONAL)
    if fmt == "ideographZodiac":
        return _cycle(n, _IDEOGRAPH_ZODIAC)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese" or fmt == "ideographEnclosedCircle":
        return _enclosed(n, 0x2460, 20)
    if fmt == "decimalEnclosedParen":
        return _enclosed(n, 0x2474, 20)
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(n, 0x2488, 20)
    if fmt == "lowerLetter":
        return _letters(n, "abcdefghijklmnopqrstuvwxyz")
    if fmt == "upperLetter":
        return _letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    return str(n)


@dataclass
class Level:
    """One level of a list definition."""

    start: int = 1
    fmt: str = "decimal"
    text: Optional[str] = None  # lvlText; None when absent
    restart: Optional[int] = None  # lvlRestart: 0 never, N after level N (1-based) or higher; None by default
    legal: bool = False  # isLgl: every number shown as decimal
    suffix: str = "tab"
    style: Optional[str] = None  # pStyle: the paragraph style this level belongs to


def _level(lvl) -> Level:
    out = Level()
    start = _int(lvl.find(W + "start"))
    out.start = 1 if start is None else start
    out.fmt = _attr(lvl.find(W + "numFmt")) or "decimal"
    text_el = lvl.find(W + "lvlText")
    out.text = _attr(text_el) if text_el is not None else None
    out.restart = _int(lvl.find(W + "lvlRestart"))
    legal = lvl.find(W + "isLgl")
    out.legal = legal is not None and _attr(legal) not in ("0", "false", "off")
    out.suffix = _attr(lvl.find(W + "suff")) or "tab"
    out.style = _attr(lvl.find(W + "pStyle"))
    return out


@dataclass
class _List:
    abstract: str
    levels: dict[int, Level] = field(default_factory=dict)
    starts: dict[int, int] = field(default_factory=dict)  # startOverride per level


class Numbering:
    """The numbering definitions of a document and the counters of its lists."""

    def __init__(self, root=None, style_links: Optional[dict[str, tuple[str, Optional[int]]]] = None) -> None:
        self.abstract: dict[str, dict[int, Level]] = {}
        self.lists: dict[str, _List] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.style_links = style_links or {}
        if root is None:
            return
        by_link: dict[str, str] = {}
        links: dict[str, str] = {}
        for ab in root.iter(W + "abstractNum"):
            levels = {}
            for lvl in ab.findall(W + "lvl"):
                ilvl = _int_attr(lvl, "ilvl")
                if ilvl is not None:
                    levels[ilvl] = _level(lvl)
            abid = ab.get(W + "abstractNumId", "")
            self.abstract[abid] = levels
            link = _attr(ab.find(W + "styleLink"))
            if link:
                by_link[link] = abid
            uses = _attr(ab.find(W + "numStyleLink"))
            if uses:
                links[abid] = uses
        for abid, name in links.items():  # a list that takes its levels from a numbering style
            target = by_link.get(name)
            if not self.abstract[abid] and target is not None and target in self.abstract:
                self.abstract[abid] = self.abstract[target]
        for num in root.iter(W + "num"):
            lst = _List(_attr(num.find(W + "abstractNumId")) or "")
            for ov in num.findall(W + "lvlOverride"):
                ilvl = _int_attr(ov, "ilvl")
                if ilvl is None:
                    continue
                start = ov.find(W + "startOverride")
                value = _int(start) if start is not None else None
                if value is not None:
                    lst.starts[ilvl] = value
                lvl = ov.find(W + "lvl")
                if lvl is not None:
                    lst.levels[ilvl] = _level(lvl)
            self.lists[num.get(W + "numId", "")] = lst

    def _level_of(self, lst: _List, ilvl: int) -> Level:
        return lst.levels.get(ilvl) or self.abstract.get(lst.abstract, {}).get(ilvl) or Level()

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counters for a paragraph of list ``num_id`` at level ``ilvl``; the number text
        Word shows before it (with the separator it draws: nothing after ``、``/``）``, else a space)."""
        lst = self.lists.get(num_id)
        if lst is None or num_id == "0" or not 0 <= ilvl <= 8:
            return ""
        if ilvl not in lst.levels and ilvl not in self.abstract.get(lst.abstract, {}):
            return ""  # a level the document does not define: Word shows no number
        key = f"num:{num_id}" if lst.starts else f"abstract:{lst.abstract}"
        counters = self.counters.setdefault(key, {})
        level = self._level_of(lst, ilvl)
        start = lst.starts.get(ilvl, level.start)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            restart = self._level_of(lst, deeper).restart
            if restart is None or (restart > 0 and ilvl < restart):
                del counters[deeper]
        if level.fmt == "none" and not level.text:
            return ""
        template = level.text if level.text is not None else f"%{ilvl + 1}."

        def fill(m: "re.Match[str]") -> str:
            k = int(m.group(1)) - 1
            other = self._level_of(lst, k)
            value = counters.get(k, lst.starts.get(k, other.start))
            fmt = "decimal" if level.legal and other.fmt not in ("none", "bullet") else other.fmt
            if fmt == "bullet":
                return ""
            return format_number(value, fmt)

        shown = _PLACEHOLDER.sub(fill, template)
        if level.fmt == "bullet":
            shown = "".join("•" if 0xE000 <= ord(c) <= 0xF8FF else c for c in template)
        if not shown:
            return ""
        return shown if level.suffix == "nothing" or shown[-1] in _NO_SEPARATOR else shown + " "

    def paragraph_label(self, p, style_id: Optional[str]) -> str:
        """The number text of paragraph element ``p`` (own ``w:numPr``, else its style's), or ''."""
        ppr = p.find(W + "pPr")
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        num_id: Optional[str] = None
        ilvl: Optional[int] = None
        if num_pr is not None:
            num_id = _attr(num_pr.find(W + "numId"))
            ilvl = _int(num_pr.find(W + "ilvl"))
        if (num_id is None or ilvl is None) and style_id in self.style_links:
            style_num, style_lvl = self.style_links[style_id]
            num_id = num_id if num_id is not None else style_num
            if ilvl is None:
                ilvl = style_lvl if style_lvl is not None else self._style_level(num_id, style_id)
        if num_id is None:
            return ""
        return self.label(num_id, ilvl or 0)

    def _style_level(self, num_id: str, style_id: Optional[str]) -> int:
        """The level of list ``num_id`` whose ``w:pStyle`` is ``style_id`` (0 when none is)."""
        lst = self.lists.get(num_id)
        levels = self.abstract.get(lst.abstract, {}) if lst is not None else {}
        return next((k for k, lv in sorted(levels.items()) if lv.style == style_id), 0)


def _int_attr(el, name: str) -> Optional[int]:
    value = el.get(W + name)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def style_links(styles_root) -> dict[str, tuple[str, Optional[int]]]:
    """``style id -> (numId, ilvl)`` for paragraph styles with numbering, following ``w:basedOn``."""
    own: dict[str, tuple[Optional[str], Optional[int]]] = {}
    based: dict[str, str] = {}
    if styles_root is None:
        return {}
    for st in styles_root.iter(W + "style"):
        sid = st.get(W + "styleId")
        if not sid:
            continue
        base = st.find(W + "basedOn")
        base_id = _attr(base)
        if base_id:
            based[sid] = base_id
        ppr = st.find(W + "pPr")
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        if num_pr is not None:
            own[sid] = (_attr(num_pr.find(W + "numId")), _int(num_pr.find(W + "ilvl")))
    out: dict[str, tuple[str, Optional[int]]] = {}
    for sid in set(own) | set(based):
        num_id: Optional[str] = None
        ilvl: Optional[int] = None
        seen = set()
        cur: Optional[str] = sid
        while cur is not None and cur not in seen:
            seen.add(cur)
            n, lv = own.get(cur, (None, None))
            num_id = num_id if num_id is not None else n
            ilvl = ilvl if ilvl is not None else lv
            cur = based.get(cur)
        if num_id is not None:
            out[sid] = (num_id, ilvl)
    return out
