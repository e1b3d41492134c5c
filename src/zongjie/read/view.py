"""Views of a text with exactly the same length, so offsets need no mapping.

The stages that look at numbers, numbering and words work on ``normalize_view(text)``:
full-width ASCII becomes half-width, bracketed pinyin left by a converter after Chinese
characters (工會(huì)) becomes spaces, and Traditional characters become Simplified,
one character for one character. Offsets found in the view are offsets into the original.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .pinyin import blank_pinyin

_SURROGATE = re.compile("[\ud800-\udfff]")
# U+3400..U+FAFF, written as a negated class: re fills a big range one code point at a time when
# compiling (7 ms at every start for this one), the complement of the range costs a third of that
_CJK = re.compile("[^\x00-\u33ff\ufb00-\U0010ffff]")

# Digits, letters and the signs that belong to numbers; Chinese punctuation
# such as ，；：（） keeps its full-width form because it is ordinary punctuation.
_FW_TABLE = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９％＋－．／＿＃＠＆"}
_FW_TABLE.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})
_FW_TABLE.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})


_FW_CHARS = re.compile("[" + "".join(map(chr, _FW_TABLE)) + "]+")


def _halfwidth_run(m: "re.Match[str]") -> str:
    return m.group().translate(_FW_TABLE)


def to_halfwidth(text: str) -> str:
    """Full-width digits, letters and number signs (Ａ１％．) to half-width; same length.

    Only the runs of such characters are translated: most of a Chinese text has none, and
    ``str.translate`` over the whole text is the slower way (a dict lookup per character)."""
    return _FW_CHARS.sub(_halfwidth_run, text)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def opencc_changed_chars() -> str:
    """The CJK characters OpenCC's t2s changes one by one, in code point order (the source of
    ``lang/zh/traditional.json``; ``scripts/traditional_table.py`` writes it)."""
    ranges = list(range(0x3400, 0xA000)) + list(range(0xF900, 0xFB00))
    chars = "".join(map(chr, ranges))
    out = _t2s().convert(chars)
    return "".join(a for a, b in zip(chars, out) if a != b) if len(out) == len(chars) else ""


@lru_cache(maxsize=1)
def _traditional_chars() -> "re.Pattern[str]":
    """A character class of the characters of ``lang/zh/traditional.json`` (read from the table: asking
    OpenCC at every start cost about 50 ms)."""
    from .. import lang

    return re.compile("[" + lang.table("traditional")["chars"] + "]")


def has_traditional(text: str) -> bool:
    """True when the text holds characters that OpenCC converts to Simplified."""
    if not _CJK.search(text):
        return False
    return _traditional_chars().search(text) is not None


def to_simplified(text: str) -> str:
    """Traditional to Simplified with OpenCC, keeping the length: lines whose phrase
    conversion changes length are converted character by character."""
    if not any(ord(c) >= 0x3400 for c in text):
        return text
    conv = _t2s()
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    lines = text.split("\n")
    fixed = []
    for line in lines:
        c = conv.convert(line)
        if len(c) != len(line):
            c = "".join(ch2 if len(ch2 := conv.convert(ch)) == 1 else ch for ch in line)
        fixed.append(c)
    return "\n".join(fixed)


def normalize_view(text: str, simplified: bool | None = None) -> str:
    """Half-width, Simplified view of ``text`` with ``len(view) == len(text)``, converter pinyin blanked.

    ``simplified=None`` converts only when the text holds Traditional characters. The last few
    views are kept (strings are immutable): segmentation, figures and the classifier's page counts
    each ask for the view of the same text, which is then computed once.
    """
    return _view(text, simplified)


@lru_cache(maxsize=4)
def _view(text: str, simplified: bool | None) -> str:
    view = blank_pinyin(to_halfwidth(text))
    if _SURROGATE.search(view):  # lone surrogates cannot pass through OpenCC; same length kept
        view = _SURROGATE.sub("\ufffd", view)
    if simplified is None:
        simplified = has_traditional(view)
    if simplified:
        view = to_simplified(view)
    assert len(view) == len(text)
    return view
