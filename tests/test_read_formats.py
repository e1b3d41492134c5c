"""Reading the files users have: .docx (with Word's automatic numbering), .html, .pdf, .doc.

Every fixture is built here: docx files with python-docx (numbering written into its numbering
part), HTML pages with site chrome around the article, PDFs with fpdf2 (Chinese with the Noto CJK
font when installed) or LibreOffice (skipped without it).
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from zongjie.errors import InputError
from zongjie.read import read_document, read_text
from zongjie.read.document import sniff

NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


# -- building .docx files ------------------------------------------------------------------

def _lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>')


# The usual Chinese outline: 一、 / （一） / 1. / （1）, and a second list of other formats.
OUTLINE = [(0, "chineseCounting", "%1、"), (1, "chineseCounting", "（%2）"), (2, "decimal", "%3."),
           (3, "decimal", "（%4）")]
OTHERS = [(0, "ideographTraditional", "%1、"), (1, "decimalEnclosedParen", "%2"), (2, "lowerLetter", "%3)"),
          (3, "chineseCountingThousand", "第%4条"), (4, "decimal", "%4.%5")]


def numbering_xml(extra_nums: str = "") -> str:
    """Abstract list 1 (OUTLINE), abstract list 2 (OTHERS, level 2 never restarting), lists 1-3."""
    outline = "".join(_lvl(*x) for x in OUTLINE)
    others = "".join(_lvl(i, f, t, extra='<w:lvlRestart w:val="0"/>' if i == 2 else "") for i, f, t in OTHERS)
    return (f'<w:numbering {W_NS}><w:abstractNum w:abstractNumId="1">{outline}</w:abstractNum>'
            f'<w:abstractNum w:abstractNumId="2">{others}</w:abstractNum>'
            '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
            '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>'
            '<w:num w:numId="3"><w:abstractNumId w:val="1"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
            f'{extra_nums}</w:numbering>')


def make_docx(paragraphs, table=None, header=None, numbering=None, style_numbering=None) -> bytes:
    """A .docx: ``paragraphs`` are text or ``(text, numId, ilvl)`` or ``(text, style)``; ``table`` a
    list of rows; ``header`` text in the page header; ``numbering`` the numbering part's XML."""
    import docx
    from docx.oxml import parse_xml

    doc = docx.Document()
    if numbering is not None:
        part = doc.part.numbering_part
        new = parse_xml(numbering)
        old = part.element
        for child in list(old):
            old.remove(child)
        for child in list(new):
            old.append(child)
    if style_numbering is not None:
        style_id, num_id = style_numbering
        st = doc.styles.add_style(style_id, 1)
        st.element.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {W_NS}><w:numId w:val="{num_id}"/></w:numPr>'))
    for item in paragraphs:
        if isinstance(item, str):
            doc.add_paragraph(item)
        elif len(item) == 2:
            doc.add_paragraph(item[0], style=item[1])
        else:
            text, num_id, ilvl = item
            p = doc.add_paragraph(text)
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    if table is not None:
        t = doc.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                t.cell(r, c).text = cell
    if header is not None:
        doc.sections[0].header.paragraphs[0].text = header
        doc.sections[0].footer.paragraphs[0].text = "第 1 页"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def lines(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", x).strip() for x in text.splitlines() if x.strip()]


def test_read_formats_docx_word_numbering_becomes_text():
    paras = [("加强组织建设", 1, 0), ("发展会员", 1, 1), ("新发展会员120人。", 1, 2), ("建立台账。", 1, 2),
             ("规范管理", 1, 1), ("维护职工权益", 1, 0), ("民主管理", 1, 1), ("召开职代会2次。", 1, 3),
             "不编号的段落。",
             ("另起一个列表", 3, 0), ("续前一个列表", 1, 0)]
    got = read_document(make_docx(paras, numbering=numbering_xml()), "x.docx")
    assert got.format == "docx" and got.encoding == "utf-8"
    assert lines(got.text) == ["一、加强组织建设", "（一）发展会员", "1.新发展会员120人。", "2.建立台账。",
                               "（二）规范管理", "二、维护职工权益", "（一）民主管理", "（1）召开职代会2次。",
                               "不编号的段落。", "一、另起一个列表", "三、续前一个列表"]


def test_read_formats_docx_other_number_formats_and_restart_rules():
    paras = [("甲项", 2, 0), ("子项", 2, 1), ("细则", 2, 2), ("子项", 2, 1), ("细则", 2, 2), ("条文", 2, 3),
             ("款", 2, 4), ("款", 2, 4), ("乙项", 2, 0), ("子项", 2, 1), ("细则", 2, 2), ("条文", 2, 3)]
    got = read_document(make_docx(paras, numbering=numbering_xml()), "x.docx").text
    # level 2 (lowerLetter) has lvlRestart 0: it keeps counting under a new level 0 / 1
    assert lines(got) == ["甲、甲项", "⑴子项", "a)细则", "⑵子项", "b)细则", "第一条条文", "一.1款", "一.2款",
                          "乙、乙项", "⑴子项", "c)细则", "第一条条文"]


def test_read_formats_docx_style_numbering_table_and_no_header():
    paras = [("工会工作总结", "Title"), ("组织建设", "ZjHeading"), "全年发展会员12人。", ("文体活动", "ZjHeading")]
    table = [["项目", "人数"], ["新会员", "12"], ["困难职工", "3"]]
    data = make_docx(paras, table=table, header="某某公司工会文件", numbering=numbering_xml(),
                     style_numbering=("ZjHeading", 1))
    got = read_document(data, "x.docx").text
    assert lines(got) == ["工会工作总结", "一、组织建设", "全年发展会员12人。", "二、文体活动",
                          "项目 人数", "新会员 12", "困难职工 3"]
    assert "新会员\t12" in got.splitlines()  # cells joined by a tab, a row per line
    assert "某某公司工会文件" not in got and "第 1 页" not in got


@pytest.mark.parametrize("fmt, values, shown", [
    ("chineseCounting", (1, 10, 11, 20, 21, 100), "一 十 十一 二十 二十一 一〇〇"),
    ("chineseCountingThousand", (10, 19, 101, 110, 1010, 10001), "十 十九 一百零一 一百一十 一千零一十 一万零一"),
    ("chineseLegalSimplified", (1, 12, 101), "壹 壹拾贰 壹佰零壹"),
    ("ideographTraditional", (1, 10, 11), "甲 癸 甲"),
    ("decimalEnclosedParen", (1, 20, 21), "⑴ ⒇ 21"),
    ("decimalEnclosedCircle", (1, 10), "① ⑩"),
    ("lowerLetter", (1, 26, 27), "a z aa"),
    ("upperRoman", (4, 14), "IV XIV"),
    ("decimalZero", (3, 12), "03 12"),
    ("decimalFullWidth", (7,), "７"),
    ("madeUpFormat", (5,), "5"),
])
def test_read_formats_word_number_formats(fmt, values, shown):
    from zongjie.read.numbering import format_number

    assert " ".join(format_number(v, fmt) for v in values) == shown


def test_read_formats_docx_legal_numbering_and_level_start():
    legal = ('<w:num w:numId="4"><w:abstractNumId w:val="4"/></w:num>')
    abstract = (f'<w:abstractNum {W_NS} w:abstractNumId="4">' + _lvl(0, "chineseCounting", "第%1章", start=3)
                + _lvl(1, "chineseCounting", "%1.%2", extra='<w:isLgl/>') + "</w:abstractNum>")
    xml = numbering_xml(legal).replace("<w:num w:numId=\"1\">", abstract.replace(f" {W_NS}", "") + "<w:num w:numId=\"1\">")
    got = read_document(make_docx([("总则", 4, 0), ("目的", 4, 1), ("适用范围", 4, 1)], numbering=xml), "x.docx")
    assert lines(got.text) == ["第三章总则", "3.1目的", "3.2适用范围"]


def test_read_formats_pdf_glyph_numbers_are_not_text():
    from zongjie.read.pdf import _unusable

    assert _unusable([["(cid:12)(cid:13)(cid:14)"], [""]]) and _unusable([[" "]])
    assert not _unusable([["一、加强组织建设"], ["今年以来，公司工会认真贯彻落实上级工会的各项部署 (cid:3)"]])


def test_read_formats_docx_hidden_and_deleted_text_left_out_text_box_once():
    import docx
    from docx.oxml import parse_xml

    doc = docx.Document()
    p = doc.add_paragraph("保留")
    p._p.append(parse_xml(f'<w:del {W_NS} w:id="1" w:author="a"><w:r><w:delText>删除的字</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:r {W_NS}><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>'))
    p._p.append(parse_xml(f'<w:ins {W_NS} w:id="2" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins>'))
    box = ('<w:txbxContent><w:p><w:r><w:t>文本框里的标题</w:t></w:r></w:p></w:txbxContent>')
    p._p.append(parse_xml(
        f'<w:r {W_NS} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>'
        f'<mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    out = io.BytesIO()
    doc.save(out)
    assert read_document(out.getvalue(), "x.docx").text == "保留插入\n文本框里的标题\n"


def test_read_formats_plain_text_keeps_the_text_path(tmp_path):
    from zongjie.read import decode_bytes

    data = "一、组织建设\n全年发展会员12人。\n".encode("gbk")
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    assert read_text(path) == decode_bytes(data, str(path)) and read_text(path).format == "text"
    assert sniff(b"<p>not a page</p>", "a.txt") == "text"
    assert read_document(b"abc\n").text == "abc\n"


@pytest.mark.parametrize("name, data, words", [
    ("x.docx", b"", "empty file"),
    ("x.docx", b"PK\x03\x04broken zip", "damaged zip"),
    ("x.docx", "一、组织建设".encode(), "not a zip"),
    ("x.pdf", b"", "empty file"),
    ("x.pdf", b"%PDF-1.4\n1 0 obj garbage", "not a readable PDF"),
    ("x.pdf", b"hello", "no %PDF-"),
    ("x.doc", b"", "empty file"),
    ("x.doc", b"plain words", "no OLE header"),
    ("x.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8, "no WordDocument stream"),
    ("x.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le"),
     "password-protected"),
])
def test_read_formats_broken_files_are_one_line_errors(tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_text(path)
    message = str(err.value)
    assert "\n" not in message and message.startswith(str(path)) and words in message


def test_read_formats_zip_without_word_part_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("content.xml", "<x/>")
    with pytest.raises(InputError, match="no word/document.xml"):
        read_document(out.getvalue(), "x.zip")
    with pytest.raises(InputError, match="without word/document.xml"):
        read_document(out.getvalue(), "x.docx")


# -- HTML ----------------------------------------------------------------------------------

ARTICLE = ["某某公司工会2023年工作总结",
           "一、加强组织建设",
           "今年以来，公司工会认真贯彻落实上级工会的各项部署，积极开展职工之家建设活动，新发展会员120人，会员总数达到1500人。",
           "二、维护职工权益",
           "工会积极参与企业民主管理，召开职工代表大会2次，审议通过集体合同、工资专项集体合同等重要事项，职工满意度明显提高。"]
CHROME = ["首页", "工会动态", "范文大全", "相关文章", "2022年工会工作总结范文精选", "版权所有 某某范文网 京ICP备12345678号"]


def page(paragraphs, charset="utf-8", title="某某公司工会2023年工作总结 - 某某范文网") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs[1:])
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>'
            "<style>p{margin:0}</style><script>var nav = '首页';</script></head><body>"
            '<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/d">工会动态</a></li>'
            '<li><a href="/f">范文大全</a></li></ul></div>'
            f'<div class="main"><article><h1>{paragraphs[0]}</h1>{body}</article></div>'
            '<div class="related"><h3>相关文章</h3><ul><li><a href="/1">2022年工会工作总结范文精选</a></li></ul></div>'
            '<div class="footer">版权所有 某某范文网 京ICP备12345678号</div></body></html>')


def test_read_formats_html_article_kept_chrome_dropped():
    got = read_document(page(ARTICLE).encode("utf-8"), "x.html")
    assert got.format == "html" and got.encoding == "utf-8"
    assert lines(got.text) == ARTICLE
    for chrome in CHROME:
        assert chrome not in got.text and chrome in got.dropped
    assert "var nav" not in got.text and "var nav" not in " ".join(got.dropped)


def test_read_formats_html_sample_summary_in_a_busy_page():
    """The shipped example as a 范文 site shows it: menu, breadcrumb, meta line, prev/next links,
    print/close, comments, a sidebar of related titles, footer. Every line of the article and no
    other comes through; everything else is dropped."""
    import html as html_mod

    sample = (Path(__file__).resolve().parents[1] / "examples" / "sample_summary.txt").read_text(encoding="utf-8")
    article = [x.strip() for x in sample.splitlines()[1:] if x.strip()]
    body = "".join(f"<p>{html_mod.escape(x)}</p>" for x in article[1:])
    side = "".join(f'<li><a href="/a{i}">2024年{k}工会工作总结范文（精选{i}篇）</a></li>'
                   for i, k in enumerate(["学校", "医院", "社区", "企业", "街道"], 3))
    markup = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{article[0]}_范文网</title></head><body>'
              '<div class="header"><div class="logo">范文网</div><ul class="menu"><li><a href="/">首页</a></li>'
              '<li><a href="/zj">工作总结</a></li><li><a href="/jh">工作计划</a></li></ul></div>'
              '<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zj">工作总结</a> &gt; 工会工作总结</div>'
              f'<div class="wrap"><div class="left"><div class="article"><h1>{article[0]}</h1>'
              '<div class="info">发布时间：2024-12-21 来源：网友投稿 阅读：1234次</div>'
              f'<div class="content">{body}</div>'
              '<div class="page">上一篇：<a href="/p">2023年工会工作总结</a> 下一篇：<a href="/n">2025年工会工作计划范文</a></div>'
              '<div class="tools">【<a href="#">打印</a>】【<a href="#">关闭</a>】</div></div>'
              '<div class="comments"><h3>网友评论</h3><p>写得很好，很有参考价值！</p></div></div>'
              f'<div class="right"><h3>相关推荐</h3><ul>{side}</ul></div></div>'
              '<div class="footer"><p>Copyright © 2024 范文网 版权所有</p><p>备案号：京ICP备12345678号-1</p></div>'
              '</body></html>')
    got = read_document(markup.encode("utf-8"), "sample.html")
    assert got.text.splitlines() == article
    assert len(got.dropped) == 18 and "【打印】【关闭】" in got.dropped and "写得很好，很有参考价值！" in got.dropped


def test_read_formats_html_charset_from_meta_tag():
    data = page(ARTICLE, charset="gb2312").encode("gbk")
    got = read_text(data)  # no name: the content says HTML
    assert got.format == "html" and got.encoding == "gb18030" and lines(got.text) == ARTICLE
    # a Chinese page declared ISO-8859-1 (a common slip) is detected, not read as Latin letters
    got = read_document(page(ARTICLE, charset="iso-8859-1").encode("gbk"), "x.html")
    assert got.encoding == "gb18030" and lines(got.text) == ARTICLE
    # a page declared UTF-8 that is not: detection decides
    got = read_document(page(ARTICLE, charset="utf-8").encode("gbk"), "x.html")
    assert got.encoding == "gb18030" and lines(got.text) == ARTICLE


def test_read_formats_html_br_lines_xml_declaration_and_http_equiv():
    body = "<br>".join(f"&nbsp;&nbsp;&nbsp;&nbsp;{p}" for p in ARTICLE[1:])
    markup = ('<?xml version="1.0" encoding="gbk"?><!DOCTYPE html><html><head>'
              '<meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>范文</title></head><body>'
              '<div id="nav"><a href="/">首页</a> &gt; <a href="/x">工作总结</a></div>'
              f'<div id="content">{body}</div><div id="foot">Copyright 2023 某某范文网</div></body></html>')
    got = read_document(markup.encode("gbk"), "x.html")
    assert got.encoding == "gb18030" and lines(got.text) == ARTICLE[1:]
    assert got.dropped == ("首页 > 工作总结", "Copyright 2023 某某范文网")


def test_read_formats_html_layout_table_keeps_paragraphs_and_data_rows():
    paras = "".join(f"<p>{p}</p>" for p in ARTICLE[1:])
    markup = (f"<html><body><table><tr><td>{paras}</td></tr></table>"
              "<table><tr><th>项目</th><th>人数</th></tr><tr><td>新会员</td><td>120</td></tr></table></body></html>")
    got = read_document(markup.encode("utf-8"), "x.html")
    assert got.text.splitlines() == ARTICLE[1:] + ["项目\t人数", "新会员\t120"]


def test_read_formats_html_small_page_falls_back_to_visible_text():
    got = read_document("<html><body><p>工会</p><p>会员12人</p></body></html>".encode(), "x.htm")
    assert lines(got.text) == ["工会", "会员12人"] and got.dropped == ()
    with pytest.raises(InputError, match=r"^x\.html: no text in the web page$"):
        read_document(b"<html><body> <script>var x;</script></body></html>", "x.html")


# -- PDF -----------------------------------------------------------------------------------

BROKEN = ("今年以来，公司工会认真贯彻落实上级工会的各项部署，积极开展职工之家建设活动，"
          "新发展会员120人，会员总数达到1500人，为企业发展作出了积极贡献。")


def _fpdf_chinese() -> bytes:
    """Two pages: a heading, a paragraph fpdf2 breaks over lines, a heading (built once: the font is slow)."""
    if not NOTO.exists():
        pytest.skip(f"{NOTO} is not installed (fonts-noto-cjk)")
    pytest.importorskip("fpdf")
    return _fpdf_chinese_bytes()


@functools.lru_cache(maxsize=1)
def _fpdf_chinese_bytes(width: float = 120) -> bytes:
    import fpdf

    pdf = fpdf.FPDF()
    pdf.add_font("noto", "", str(NOTO), collection_font_number=2)
    pdf.set_font("noto", size=11)
    pdf.add_page()
    pdf.multi_cell(width, 7, "一、加强组织建设", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(width, 7, BROKEN, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.multi_cell(width, 7, "二、维护职工权益", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@pytest.fixture(scope="module")
def chinese_pdf() -> bytes:
    return _fpdf_chinese()


def test_read_formats_pdf_broken_paragraph_is_one_paragraph(chinese_pdf):
    from zongjie.segment import segment

    got = read_document(chinese_pdf, "x.pdf")
    assert got.format == "pdf"
    shown = got.text.splitlines()
    assert len(shown) >= 4 and shown[0] == "一、加强组织建设" and shown[-1] == "二、维护职工权益"  # lines, pages in order
    blocks = [b for b in segment(got.text).blocks if b.kind != "noise"]
    assert [b.text for b in blocks] == ["一、加强组织建设", BROKEN, "二、维护职工权益"]
    assert [b.level for b in blocks] == [1, None, 1]


def test_read_formats_pdf_without_text_layer_is_refused():
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a drawing, no text: what a scan looks like to a reader
    with pytest.raises(InputError, match=r"^scan\.pdf: no text layer \(a scanned PDF\?\)"):
        read_document(bytes(pdf.output()), "scan.pdf")


def test_read_formats_pdf_with_password_is_refused():
    fpdf = pytest.importorskip("fpdf")
    pytest.importorskip("cryptography")
    pdf = fpdf.FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="union report 2023")
    with pytest.raises(InputError, match=r"^locked\.pdf: the PDF is password-protected"):
        read_document(bytes(pdf.output()), "locked.pdf")


def test_read_formats_pdf_latin_text_through_pdfminer():
    """A PDF pdfminer reads itself (core font): lines in order, no second opinion needed."""
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Union work summary 2023", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(text="Members: 120", new_x="LMARGIN", new_y="NEXT")
    from zongjie.read.pdf import _pdfminer_pages

    data = bytes(pdf.output())
    assert _pdfminer_pages(data, "x.pdf")[0] == [["Union work summary 2023", "Members: 120"]]
    assert read_document(data, "x.pdf").text == "Union work summary 2023\nMembers: 120\n"


# -- LibreOffice: a Word-made PDF and an old .doc ------------------------------------------

@pytest.fixture(scope="module")
def office_files(tmp_path_factory):
    """A .docx converted by LibreOffice to .pdf and to .doc (one run for both)."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    tmp = tmp_path_factory.mktemp("office")
    src = tmp / "report.docx"
    src.write_bytes(make_docx(["工会工作总结", ("加强组织建设", 1, 0), BROKEN, ("维护职工权益", 1, 0)],
                              numbering=numbering_xml()))
    out = {}
    for fmt in ("pdf", "doc:MS Word 97"):
        subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
                        "--convert-to", fmt, "--outdir", str(tmp), str(src)], check=True, timeout=180,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ext = fmt.split(":")[0]
        out[ext] = tmp / f"report.{ext}"
    return out


def test_read_formats_libreoffice_pdf_reads_through_pdfplumber(office_files):
    from zongjie.read.pdf import _pdfminer_pages

    data = office_files["pdf"].read_bytes()
    pages, _ = _pdfminer_pages(data, "report.pdf")
    assert any("工会工作总结" in line for page in pages for line in page)  # pdfminer itself reads it
    got = read_text(office_files["pdf"])
    assert got.format == "pdf" and lines(got.text)[0] == "工会工作总结"
    assert "".join(lines(got.text)) == "工会工作总结一、加强组织建设" + BROKEN + "二、维护职工权益"


def test_read_formats_doc_through_a_converter(office_files):
    got = read_text(office_files["doc"])
    assert got.format == "doc"
    assert lines(got.text) == ["工会工作总结", "一、加强组织建设", BROKEN, "二、维护职工权益"]


def test_read_formats_doc_converter_garbage_is_an_error():
    """A damaged .doc that a converter reads as UTF-16 noise is refused, not printed."""
    import random

    from zongjie.read.doc import _checked

    rng = random.Random(7)
    noise = "".join(chr(rng.randrange(0x3400, 0xD7A3)) for _ in range(400))
    with pytest.raises(InputError, match=r"^x\.doc: not a readable Word \.doc \(damaged"):
        _checked(noise, "x.doc")
    assert _checked(BROKEN, "x.doc") == BROKEN and _checked("Union report 2023", "x.doc")


def test_read_formats_doc_without_converter_says_what_to_install(monkeypatch):
    import zongjie.read.doc as doc

    monkeypatch.setattr(doc.shutil, "which", lambda name: None)
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64 + "WordDocument".encode("utf-16-le")
    with pytest.raises(InputError, match=r"^old\.doc: reading a \.doc file needs a converter: install antiword"):
        read_document(data, "old.doc")


# -- the seed documents as .docx and .html read back to the same paragraphs ----------------

def _seed_docs(seed_text, seed_seg):
    docs = [seed_text[d.start:d.end] for d in seed_seg.documents]
    assert len(docs) == 7
    return docs


def test_read_formats_seed_documents_as_docx_and_html(seed_text, seed_seg):
    import html as html_mod

    for i, text in enumerate(_seed_docs(seed_text, seed_seg)):
        want = lines(text)
        docx_got = read_document(make_docx([x for x in text.splitlines()]), f"seed{i}.docx")
        assert lines(docx_got.text) == want, i
        body = "".join(f"<p>{html_mod.escape(x)}</p>" for x in text.splitlines() if x.strip())
        wrapped = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>范文</title></head><body>'
                   '<div class="nav"><a href="/">首页</a> <a href="/z">总结范文</a></div>'
                   f'<div class="content">{body}</div>'
                   '<div class="footer">版权所有 范文网</div></body></html>')
        html_got = read_document(wrapped.encode("utf-8"), f"seed{i}.html")
        assert lines(html_got.text) == want, i
        assert "版权所有 范文网" in html_got.dropped
