"""Bytes that are valid in an encoding except for some lines: where they break, and reading them anyway.

Used for UTF-8, GB18030 and Big5 only: in these encodings the bytes ``\\n`` and ``\\r`` are always
line breaks (no multibyte sequence holds a byte below 0x30), so the bytes can be cut into lines
first and each line decoded on its own, in linear time. Undecodable bytes are read as U+FFFD,
as Python's ``errors="replace"`` does; bytes that happen to form valid sequences stay as read.
"""

from __future__ import annotations

from typing import NamedTuple

_NAMES = {"utf-8": "UTF-8", "gb18030": "GB18030", "big5": "Big5", "utf-16-le": "UTF-16-LE",
          "utf-16-be": "UTF-16-BE", "utf-32-le": "UTF-32-LE", "utf-32-be": "UTF-32-BE"}


def encoding_name(encoding: str) -> str:
    """The customary spelling of a codec name for messages (``gb18030`` -> ``GB18030``)."""
    return _NAMES.get(encoding, encoding)


def line_of(data: bytes, offset: int, encoding: str) -> int:
    """The 1-based line, in the text as read, of byte ``offset`` (``\\r\\n``, ``\\r``, ``\\n`` end a line)."""
    before = data[:offset].decode(encoding, errors="replace")
    return before.count("\n") + before.count("\r") - before.count("\r\n") + 1


def first_undecodable(data: bytes, encoding: str) -> int | None:
    """Byte offset of the first undecodable byte of ``data``, or None when it decodes strictly."""
    try:
        data.decode(encoding)
    except UnicodeDecodeError as err:
        return err.start
    return None


class Damaged(NamedTuple):
    """``data`` decoded with U+FFFD for undecodable bytes.

    ``bad`` holds ``(line, byte_offset)`` of the first undecodable byte of each line that has one;
    ``lines`` is the number of lines of the text.
    """

    encoding: str
    text: str
    bad: tuple[tuple[int, int], ...]
    lines: int


def decode_lines(data: bytes, encoding: str) -> Damaged:
    """Decode ``data`` line by line in an ASCII-compatible ``encoding``, replacing undecodable bytes."""
    out: list[str] = []
    bad: list[tuple[int, int]] = []
    breaks = pos = 0
    for piece in data.split(b"\n"):
        try:
            out.append(piece.decode(encoding))
        except UnicodeDecodeError as err:
            # every \r before the error inside a piece is a lone \r, hence a line break of its own
            bad.append((breaks + piece.count(b"\r", 0, err.start) + 1, pos + err.start))
            out.append(piece.decode(encoding, errors="replace"))
        breaks += 1 + piece.count(b"\r") - piece.endswith(b"\r")
        pos += len(piece) + 1
    return Damaged(encoding, "\n".join(out), tuple(bad), breaks)
