"""Views of a text with exactly the same length, so offsets need no mapping.

The stages that look at numbers, numbering and words work on ``normalize_view(text)``:
full-width ASCII becomes half-width and Traditional characters become Simplified,
one character for one character. Offsets found in the view are offsets into the original.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SURROGATE = re.compile("[\ud800-\udfff]")

# Digits, letters and the signs that belong to numbers; Chinese punctuation
# such as ，；：（） keeps its full-width form because it is ordinary punctuation.
_FW_TABLE = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９％＋－．／＿＃＠＆"}
_FW_TABLE.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})
_FW_TABLE.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})


def to_halfwidth(text: str) -> str:
    """Full-width digits, letters and number signs (Ａ１％．) to half-width; same length."""
    return text.translate(_FW_TABLE)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def has_traditional(text: str, sample: int = 20000) -> bool:
    """True when converting to Simplified changes the text (checked on a sample)."""
    chunk = _SURROGATE.sub("\ufffd", text[:sample])
    if not any(ord(c) >= 0x3400 for c in chunk):
        return False
    return _t2s().convert(chunk) != chunk


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
    """Half-width, Simplified view of ``text`` with ``len(view) == len(text)``.

    ``simplified=None`` converts only when the text holds Traditional characters.
    """
    view = to_halfwidth(text)
    if _SURROGATE.search(view):  # lone surrogates cannot pass through OpenCC; same length kept
        view = _SURROGATE.sub("\ufffd", view)
    if simplified is None:
        simplified = has_traditional(view)
    if simplified:
        view = to_simplified(view)
    assert len(view) == len(text)
    return view
