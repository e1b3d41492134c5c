"""Decode bytes to text: BOM, BOM-less UTF-32/UTF-16, then strict UTF-8, then the most plausible
legacy Chinese encoding, then (for a few undecodable lines) a lenient reading.

Generic detectors misread short GBK text and Big5 bytes often decode without error
as GB18030, so between the legacy encodings we choose the decoding whose characters
are most often common Chinese characters (GB2312 level 1 or Big5 frequent characters).

When no encoding decodes the bytes strictly, the most plausible of UTF-8, GB18030 and Big5
is decoded line by line. If that reading is overwhelmingly good Chinese text (plausibility
at least ``_REPLACE_MIN_PLAUSIBLE``) and at most one line in a hundred (at least one line)
holds undecodable bytes, the file is read with those bytes as U+FFFD: the result lists them
in ``ReadResult.replaced`` and a :class:`ReplacedBytesWarning` is issued. Otherwise the
error names the byte offset and line of the first undecodable byte. Offsets stay offsets
into the text as read, which holds the U+FFFD characters.
"""

from __future__ import annotations

import codecs
import os
import sys
import warnings
from functools import lru_cache
from typing import Optional

from ..errors import DecodeError
from ..records import ReadResult
from .lenient import Damaged, decode_lines, encoding_name, first_undecodable, line_of

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WIDE = ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be")
_LEGACY = ("gb18030", "big5")
_LENIENT = ("utf-8",) + _LEGACY
_PUNCT = set("，。、；：？！“”‘’（）《》【】—…·「」『』％＋－０１２３４５６７８９ \t\n")
_TEXT_CONTROLS = set("\t\n\r\f")
# Below this share of common characters no legacy decoding is believed.
_MIN_PLAUSIBLE = 0.6
# A reading with undecodable bytes replaced must be at least this plausible ...
_REPLACE_MIN_PLAUSIBLE = 0.8
# ... and at most one line in this many may hold undecodable bytes (one line always may).
_REPLACE_LINES_PER_BAD = 100
# A BOM-less UTF-32/UTF-16 decoding must be at least this share of ASCII text and common Chinese.
_MIN_WIDE_SHARE = 0.8
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B))
_OTHER_BYTES = bytes(b for b in range(0x100) if b not in _CONTROL_BYTES)


class ReplacedBytesWarning(UserWarning):
    """Some undecodable bytes were read as U+FFFD; ``ReadResult.replaced`` says where."""


def normalize_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; offsets refer to the result."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    """GB2312 level-1 hanzi (the 3755 most common simplified) and Big5 frequent hanzi (5401)."""
    chars = set()
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for hi in range(0xA4, 0xC7):
        for lo in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            if hi == 0xC6 and lo > 0x7E:
                break
            try:
                chars.add(bytes((hi, lo)).decode("big5"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


def plausibility(text: str) -> float:
    """Share of non-ASCII characters that are common Chinese characters or punctuation."""
    common = _common_chars()
    total = good = 0
    for ch in text:
        if ch < "\x80":
            continue
        total += 1
        if ch in common or ch in _PUNCT:
            good += 1
    return 1.0 if total == 0 else good / total


def _text_share(text: str) -> float:
    """Share of all characters that are printable ASCII, line and tab controls or common Chinese."""
    if not text:
        return 0.0
    common = _common_chars()
    good = sum(1 for ch in text if " " <= ch < "\x7f" or ch in _TEXT_CONTROLS or ch in common or ch in _PUNCT)
    return good / len(text)


def _wide_share(text: str) -> float:
    """:func:`_text_share` of a UTF-16/UTF-32 candidate; 0 when it holds U+0000 (NULs that are not text)."""
    if "\x00" in text or _text_share(text[:4096]) < _MIN_WIDE_SHARE:
        return 0.0
    return _text_share(text)


def _wide_unicode(data: bytes, source: str) -> Optional[tuple[str, str]]:
    """``(encoding, text)`` for BOM-less UTF-32 or UTF-16, else None.

    Only bytes holding NULs are tried: ASCII characters in UTF-16 put a NUL in every other
    byte, and most text in UTF-32 has two or three NULs a character. A candidate must decode
    strictly, hold no U+0000 and be mostly ASCII text and common Chinese; of the byte orders
    the more plausible one wins. Bytes that are such text except for some undecodable units
    (a lone surrogate, a missing last byte) raise :class:`DecodeError` naming the first one.
    """
    if b"\x00" not in data:
        return None
    best: Optional[tuple[float, str, str]] = None
    broken: Optional[tuple[str, int]] = None
    for enc in _WIDE:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as err:
            if broken is None and _wide_share(data[:16384].decode(enc, errors="replace")) >= _MIN_WIDE_SHARE \
                    and _wide_share(data.decode(enc, errors="replace")) >= _MIN_WIDE_SHARE:
                broken = (enc, err.start)
            continue
        share = _wide_share(text)
        if share >= _MIN_WIDE_SHARE and (best is None or share > best[0]):
            best = (share, enc, text)
    if best is not None:
        return best[1], best[2]
    if broken is not None:
        enc, byte = broken
        raise DecodeError(f"{source}: not valid {encoding_name(enc)} at byte {byte} (line {line_of(data, byte, enc)}); "
                          "it reads as UTF-16 or UTF-32 text without a byte-order mark")
    return None


def _control_count(chunk: bytes) -> int:
    return len(chunk.translate(None, _OTHER_BYTES))


def _looks_binary(data: bytes) -> bool:
    """NUL anywhere, or more than 1% control bytes in the first 8 KB or in the whole input."""
    if b"\x00" in data:
        return True
    head = data[:8192]
    if _control_count(head) > max(2, len(head) // 100):
        return True
    return _control_count(data) > max(2, len(data) // 100)


def decode_bytes(data: bytes, source: str = "<bytes>") -> ReadResult:
    """Decode ``data``; raise :class:`DecodeError` naming ``source`` when it is not text."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data, enc, source)
    if not data:
        return ReadResult("", "utf-8", source)
    wide = _wide_unicode(data, source)
    if wide is not None:
        return _result(wide[1], wide[0], source)
    if _looks_binary(data):
        raise DecodeError(f"{source}: binary file, not text")
    try:
        return _result(data.decode("utf-8"), "utf-8", source)
    except UnicodeDecodeError:
        pass
    best: tuple[float, str, str] | None = None
    for enc in _LEGACY:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = plausibility(text)
        if best is None or score > best[0]:
            best = (score, enc, text)
    if best is not None and best[0] >= _MIN_PLAUSIBLE:
        return _result(best[2], best[1], source)
    return _decode_damaged(data, source)


def _decode_with_bom(data: bytes, enc: str, source: str) -> ReadResult:
    name = "utf-8" if enc == "utf-8-sig" else enc.split("-le")[0].split("-be")[0]
    if enc == "utf-8-sig" and _looks_binary(data[len(codecs.BOM_UTF8):]):
        raise DecodeError(f"{source}: binary file, not text (after a UTF-8 byte-order mark)")
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as err:
        if enc == "utf-8-sig":
            damaged = decode_lines(data, "utf-8")
            if _replaceable(damaged, plausibility(damaged.text)):
                return _replaced(damaged, source, damaged.text.lstrip("\ufeff"))
            byte, line = damaged.bad[0][1], damaged.bad[0][0]
        else:
            byte, line = err.start, line_of(data, err.start, enc)
        raise DecodeError(
            f"{source}: not valid {encoding_name(enc.replace('-sig', ''))} after its byte-order mark "
            f"at byte {byte} (line {line}): {err.reason}"
        ) from None
    return _result(text.lstrip("\ufeff"), name, source)


def _replaceable(damaged: Damaged, score: float) -> bool:
    """Overwhelmingly good text with few lines holding undecodable bytes."""
    allowed = max(1, damaged.lines // _REPLACE_LINES_PER_BAD)
    return score >= _REPLACE_MIN_PLAUSIBLE and 0 < len(damaged.bad) <= allowed


def _decode_damaged(data: bytes, source: str) -> ReadResult:
    """No encoding decodes ``data`` strictly: read it with replacements, fall back, or say where it breaks."""
    scored = [(plausibility(data.decode(enc, errors="replace")), enc) for enc in _LENIENT]
    score, enc = max(scored, key=lambda s: s[0])  # the first of equals: UTF-8, then GB18030
    if score >= _MIN_PLAUSIBLE:
        damaged = decode_lines(data, enc)
        if _replaceable(damaged, score):
            return _replaced(damaged, source, damaged.text)
        if damaged.bad:
            line, byte = damaged.bad[0]
            raise DecodeError(f"{source}: not valid {encoding_name(enc)} at byte {byte} (line {line}); "
                              f"{len(damaged.bad)} of {damaged.lines} lines hold undecodable bytes")
    fallback = _charset_normalizer(data, source)
    if fallback is not None:
        return fallback
    byte = first_undecodable(data, enc)
    where = "" if byte is None else f"not valid {encoding_name(enc)} at byte {byte} (line {line_of(data, byte, enc)}); "
    raise DecodeError(f"{source}: {where}cannot decode as UTF-8, UTF-16, GB18030 or Big5 text")


def _charset_normalizer(data: bytes, source: str) -> Optional[ReadResult]:
    """A generic detector for other encodings; None when it finds none or only implausible Chinese."""
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None or match.encoding is None:
        return None
    text = str(match)
    if plausibility(text) < _MIN_PLAUSIBLE and any(ord(c) > 0x2E80 for c in text):
        return None
    return _result(text, match.encoding, source)


def _replaced(damaged: Damaged, source: str, text: str) -> ReadResult:
    result = _result(text, damaged.encoding, source, damaged.bad)
    warnings.warn(ReplacedBytesWarning(replacement_warning(result)), stacklevel=_caller_level())
    return result


def _caller_level() -> int:
    """The ``stacklevel`` of the first caller outside this package, so a warning names the caller's line."""
    here = os.path.dirname(os.path.abspath(__file__))
    frame, level = sys._getframe(1), 1
    while frame is not None and os.path.dirname(os.path.abspath(frame.f_code.co_filename)) == here:
        frame, level = frame.f_back, level + 1
    return level


def replacement_warning(result: ReadResult) -> Optional[str]:
    """The one-line warning for a reading with replaced bytes (None when nothing was replaced)."""
    if not result.replaced:
        return None
    line, byte = result.replaced[0]
    enc = encoding_name(result.encoding)
    if len(result.replaced) == 1:
        return f"{result.source}: line {line} is not valid {enc} (byte {byte}); its undecodable bytes were read as U+FFFD"
    return (f"{result.source}: {len(result.replaced)} lines are not valid {enc} (first: line {line}, byte {byte}); "
            "their undecodable bytes were read as U+FFFD")


def _result(text: str, encoding: str, source: str, replaced: tuple[tuple[int, int], ...] = ()) -> ReadResult:
    from .view import has_traditional

    text = normalize_newlines(text)
    return ReadResult(text=text, encoding=encoding, source=source, traditional=has_traditional(text),
                      replaced=replaced)
