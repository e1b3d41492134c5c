"""Decode bytes to text: BOM, then strict UTF-8, then the most plausible legacy Chinese encoding.

Generic detectors misread short GBK text and Big5 bytes often decode without error
as GB18030, so between the legacy encodings we choose the decoding whose characters
are most often common Chinese characters (GB2312 level 1 or Big5 frequent characters).
"""

from __future__ import annotations

import codecs
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Union

from ..errors import DecodeError, InputError
from ..records import ReadResult

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_LEGACY = ("gb18030", "big5")
_PUNCT = set("，。、；：？！“”‘’（）《》【】—…·「」『』％＋－０１２３４５６７８９ \t\n")
# Below this share of common characters no legacy decoding is believed.
_MIN_PLAUSIBLE = 0.6


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


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return True
    sample = data[:8192]
    ctrl = sum(1 for b in sample if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B))
    return ctrl > max(2, len(sample) // 100)


def decode_bytes(data: bytes, source: str = "<bytes>") -> ReadResult:
    """Decode ``data``; raise :class:`DecodeError` naming ``source`` when it is not text."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as err:
                raise DecodeError(f"{source}: not valid {enc} after its byte-order mark ({err.reason} at byte {err.start})") from None
            return _result(text.lstrip("\ufeff"), "utf-8" if enc == "utf-8-sig" else enc.split("-le")[0].split("-be")[0], source)
    if not data:
        return ReadResult("", "utf-8", source)
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
    from charset_normalizer import from_bytes  # fallback for other encodings

    match = from_bytes(data).best()
    if match is None or match.encoding is None:
        raise DecodeError(f"{source}: cannot decode as UTF-8, UTF-16, GB18030 or Big5 text")
    text = str(match)
    if plausibility(text) < _MIN_PLAUSIBLE and any(ord(c) > 0x2E80 for c in text):
        raise DecodeError(f"{source}: cannot decode as UTF-8, UTF-16, GB18030 or Big5 text")
    return _result(text, match.encoding, source)


def _result(text: str, encoding: str, source: str) -> ReadResult:
    from .view import has_traditional

    text = normalize_newlines(text)
    return ReadResult(text=text, encoding=encoding, source=source, traditional=has_traditional(text))


def read_text(source: Union[str, os.PathLike, bytes]) -> ReadResult:
    """Read a path, ``"-"`` (standard input) or raw bytes; return text and encoding.

    Raises :class:`~zongjie.errors.InputError` with a one-line message naming the file.
    """
    if isinstance(source, (bytes, bytearray)):
        return decode_bytes(bytes(source))
    if str(source) == "-":
        return decode_bytes(sys.stdin.buffer.read(), "<stdin>")
    path = Path(source)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from None
    return decode_bytes(data, str(path))
