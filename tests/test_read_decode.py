"""Reading bytes: NULs anywhere, BOM-less UTF-16/UTF-32, and files with a few undecodable lines."""

from __future__ import annotations

import codecs
import random
import warnings

import pytest

from zongjie.errors import DecodeError
from zongjie.read import ReplacedBytesWarning, decode_bytes, read_text, replacement_warning

LINE = "一、组织建设工作稳步推进，全年发展会员12人，走访慰问困难职工36户。"
LATIN1 = "Café résumé signed by José"


def _gbk_with_latin1(n_lines: int, bad_lines: tuple[int, ...]) -> bytes:
    """``n_lines`` GBK lines; the 1-based lines in ``bad_lines`` are Latin-1."""
    parts = [LATIN1.encode("latin-1") if i + 1 in bad_lines else f"{i + 1}{LINE}".encode("gbk")
             for i in range(n_lines)]
    return b"\n".join(parts) + b"\n"


def _first_bad(data: bytes, line: int) -> int:
    """Byte offset of the é of ``Caf\\xe9 `` on 1-based ``line`` (E9 20 is not GB18030)."""
    start = sum(len(x) + 1 for x in data.split(b"\n")[: line - 1])
    return data.index(b"Caf\xe9", start) + 3


# -- 1. NULs after the first 8 KB ----------------------------------------------------------------

def test_read_nul_after_first_8k_is_binary():
    text = (LINE + "\n") * 200  # far more than 8 KB of UTF-8
    assert len(text.encode("utf-8")) > 2 * 8192
    data = text.encode("utf-8") + b"\x00\x01\x02PK\x00\x00" + text.encode("utf-8")
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(data, "late.bin")


def test_read_control_bytes_after_first_8k_are_binary():
    head = ((LINE + "\n") * 200).encode("utf-8")
    blob = bytes(random.Random(1).choice(b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f") for _ in range(len(head) // 10))
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(head + blob)


def test_read_few_control_bytes_in_long_text_are_text():
    data = ((LINE + "\n") * 200).encode("utf-8") + b"\x1a"  # a DOS end-of-file mark
    assert decode_bytes(data).text.endswith("\x1a")


# -- 2. UTF-16 and UTF-32 without a BOM ----------------------------------------------------------

CJK_TEXT = "工会工作总结\n一、组织建设\n全年发展会员12人，走访慰问困难职工36户。\n"
ASCII_TEXT = "Trade union annual summary 2024\nMembers: 1200\nVisits: 36\n"


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("text", [CJK_TEXT, ASCII_TEXT, "一、工会一最一一一工作"], ids=["cjk", "ascii", "no-ascii"])
def test_read_bomless_wide_unicode(enc, text):
    result = decode_bytes(text.encode(enc), "w.txt")
    assert result.text == text
    assert result.encoding == enc


def test_read_bomless_utf16_traditional_and_crlf():
    text = "工會工作總結\r\n黃磷廠工會積極開展送溫暖活動\r\n"
    result = decode_bytes(text.encode("utf-16-le"))
    assert result.text == text.replace("\r\n", "\n") and result.traditional


@pytest.mark.parametrize("seed", range(5))
def test_read_random_bytes_with_nuls_still_binary(seed):
    data = random.Random(seed).randbytes(4096)
    data = data[:100] + b"\x00\x00" + data[102:]
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(data)


def test_read_ascii_with_one_nul_is_binary_not_utf16():
    data = ("Members and visits in the year " * 20).encode("ascii") + b"\x00!"
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(data)


# -- 3. a few undecodable lines ------------------------------------------------------------------

def test_read_gbk_with_one_latin1_line_read_with_replacement():
    data = _gbk_with_latin1(120, (88,))
    with pytest.warns(ReplacedBytesWarning) as caught:
        result = decode_bytes(data, "x.txt")
    byte = _first_bad(data, 88)
    assert result.encoding == "gb18030"
    assert result.replaced == ((88, byte),)
    lines = result.text.split("\n")
    assert "\ufffd" in lines[87] and lines[87].startswith("Caf")
    assert all(lines[i] == f"{i + 1}{LINE}" for i in range(120) if i != 87)
    assert caught[0].filename == __file__  # the warning names the caller's line, not the library's
    message = str(caught[0].message)
    assert message == replacement_warning(result)
    assert "\n" not in message and "x.txt" in message and "line 88" in message and f"byte {byte}" in message


def test_read_replaced_offsets_are_offsets_into_the_text():
    data = _gbk_with_latin1(250, (3, 240))
    with pytest.warns(ReplacedBytesWarning):
        result = decode_bytes(data, "x.txt")
    assert [line for line, _ in result.replaced] == [3, 240]
    assert [byte for _, byte in result.replaced] == [_first_bad(data, 3), _first_bad(data, 240)]
    # a character offset found in the text is the character of that line
    start = result.text.index("\ufffd")
    assert result.text.count("\n", 0, start) + 1 == 3
    assert "2 lines" in replacement_warning(result)


def test_read_utf8_with_one_bad_byte_read_with_replacement():
    lines = [f"{i}{LINE}" for i in range(1, 101)]
    data = "\n".join(lines).encode("utf-8")
    at = data.index(b"\n50") + 3
    data = data[:at] + b"\xff" + data[at:]
    with pytest.warns(ReplacedBytesWarning):
        result = decode_bytes(data, "u.txt")
    assert result.encoding == "utf-8" and result.replaced == ((50, at),)
    assert result.text.split("\n")[49] == "50\ufffd" + LINE


def test_read_crlf_and_lone_cr_line_numbers_of_replacement():
    pieces = _gbk_with_latin1(120, (88,)).split(b"\n")
    ends = [b"\r\n"] * 40 + [b"\r"] * 10 + [b"\n"] * (len(pieces) - 51)
    data = b"".join(p + e for p, e in zip(pieces, ends)) + pieces[-1]
    with pytest.warns(ReplacedBytesWarning):
        result = decode_bytes(data)
    line, byte = result.replaced[0]
    assert result.text.split("\n")[line - 1].startswith("Caf\ufffd")
    assert line == 88 and data[byte:byte + 2] == b"\xe9 "


def test_read_too_many_bad_lines_error_names_byte_and_line():
    data = _gbk_with_latin1(20, (5, 9, 13, 17))
    with pytest.raises(DecodeError) as info:
        decode_bytes(data, "x.txt")
    msg = str(info.value)
    assert msg.startswith(f"x.txt: not valid GB18030 at byte {_first_bad(data, 5)} (line 5); ")
    assert "\n" not in msg


def test_read_one_bad_line_in_short_file_replaced(tmp_path):
    path = tmp_path / "short.txt"
    path.write_bytes(_gbk_with_latin1(6, (2,)))
    with pytest.warns(ReplacedBytesWarning) as caught:
        result = read_text(path)
    assert caught[0].filename == __file__
    assert result.replaced == ((2, _first_bad(path.read_bytes(), 2)),) and result.source == str(path)


def test_read_clean_file_has_no_replacement():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = decode_bytes(("\n".join([LINE] * 50)).encode("gbk"))
    assert result.replaced == () and replacement_warning(result) is None


def test_read_utf16_bom_with_lone_surrogate_names_byte_and_line():
    data = codecs.BOM_UTF16_LE + "工会\n一、组织\n".encode("utf-16-le") + b"\x00\xd8" + "工作".encode("utf-16-le")
    with pytest.raises(DecodeError) as info:
        decode_bytes(data, "b.txt")
    assert "b.txt: not valid UTF-16-LE after its byte-order mark at byte 18 (line 3)" in str(info.value)


def test_read_utf8_bom_with_one_bad_byte_read_with_replacement():
    body = ("\n".join(f"{i}{LINE}" for i in range(1, 31))).encode("utf-8")
    at = body.index(b"\n7") + 2
    data = codecs.BOM_UTF8 + body[:at] + b"\xc3" + body[at:]
    with pytest.warns(ReplacedBytesWarning):
        result = decode_bytes(data)
    assert result.text.startswith("1" + LINE) and result.replaced == ((7, at + 3),)


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_read_bomless_utf16_lone_surrogate_names_byte_and_line(enc):
    head = "工会工作总结\n一、组织建设\n".encode(enc)
    data = head + "\ud800".encode(enc, errors="surrogatepass") + "全年发展会员12人。\n".encode(enc)
    with pytest.raises(DecodeError) as info:
        decode_bytes(data, "w.txt")
    assert str(info.value).startswith(f"w.txt: not valid {enc.upper()} at byte {len(head)} (line 3); ")


def test_read_bomless_utf16_missing_last_byte_names_byte():
    data = "工会工作总结\n一、组织建设\n".encode("utf-16-le")[:-1]
    with pytest.raises(DecodeError, match=f"not valid UTF-16-LE at byte {len(data) - 1} "):
        decode_bytes(data, "w.txt")


def test_read_utf8_bom_with_nul_is_binary():
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(codecs.BOM_UTF8 + (LINE * 400).encode("utf-8") + b"\x00")
