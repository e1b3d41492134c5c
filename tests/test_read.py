"""Reading: encodings, newlines, binary refusal, offset-stable views."""

from __future__ import annotations

import codecs

import pytest

from zongjie.errors import DecodeError, InputError
from zongjie.read import decode_bytes, normalize_view, read_text, to_halfwidth

SHORT = ["工会工作总结", "走访慰问困难职工12人", "职代会提案", "全年共慰问", "金秋助学", "送温暖", "会员"]
TRAD = ["職工代表大會", "黃磷廠工會積極開展送溫暖活動", "會員", "工會經費審查"]


@pytest.mark.parametrize("text", SHORT + TRAD)
def test_read_short_gbk_snippets(text):
    assert decode_bytes(text.encode("gbk")).text == text


@pytest.mark.parametrize("text", TRAD + ["工會工作總結", "慰問困難職工"])
def test_read_short_big5_snippets(text):
    result = decode_bytes(text.encode("big5"))
    assert result.text == text
    assert result.encoding == "big5"


@pytest.mark.parametrize("enc,bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-8", codecs.BOM_UTF8)])
def test_read_bom(enc, bom):
    text = "工会工作总结\n二、组织建设"
    r = decode_bytes(bom + text.encode(enc))
    assert r.text == text


def test_read_newlines_normalised():
    assert decode_bytes("一\r\n二\r三\n".encode("utf-8")).text == "一\n二\n三\n"


def test_read_binary_refused(tmp_path):
    png = tmp_path / "x.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    with pytest.raises(DecodeError) as info:
        read_text(png)
    assert str(png) in str(info.value) and "\n" not in str(info.value)


def test_read_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")


def test_read_empty_bytes():
    assert decode_bytes(b"").text == ""


def test_read_traditional_flag():
    assert decode_bytes("工會積極開展送溫暖活動".encode("utf-8")).traditional
    assert not decode_bytes("工会积极开展送温暖活动".encode("utf-8")).traditional


def test_view_same_length_halfwidth_and_simplified():
    text = "黃磷廠參與率達到８６％，共１２人（一）"
    view = normalize_view(text)
    assert len(view) == len(text)
    assert view == "黄磷厂参与率达到86%，共12人（一）"
    assert to_halfwidth("ＡＢ１２．５") == "AB12.5"


def test_read_traditional_table_is_what_opencc_changes():
    """``lang/zh/traditional.json`` (read at start instead of asking OpenCC) must be OpenCC's own answer:
    when an OpenCC release changes its tables, ``python scripts/traditional_table.py`` writes it again."""
    from zongjie import lang
    from zongjie.read.view import has_traditional, opencc_changed_chars

    chars = lang.table("traditional")["chars"]
    assert len(chars) > 2000 and chars == opencc_changed_chars()
    assert has_traditional("工會組織職工") and not has_traditional("工会组织职工") and not has_traditional("abc")
