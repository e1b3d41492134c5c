"""The docx draft: GB/T 9704-2012 page, fonts (with w:eastAsia), sizes, grid, page numbers (layout in
LibreOffice: test_draft_docx_layout.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Mm, Pt  # noqa: E402

from zongjie.draft import load_facts, render  # noqa: E402
from zongjie.draft import docx_writer as W  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def data() -> bytes:
    return render(load_facts(ROOT / "examples" / "facts.json"), "docx")


@pytest.fixture(scope="module")
def doc(data):
    return docx.Document(io.BytesIO(data))


def _close(a, b, tol=Mm(0.2)):
    return abs(int(a) - int(b)) <= tol


def test_docx_page_a4_and_margins(doc):
    sec = doc.sections[0]
    assert _close(sec.page_width, Mm(210)) and _close(sec.page_height, Mm(297))
    assert _close(sec.top_margin, Mm(37)) and _close(sec.bottom_margin, Mm(35))
    assert _close(sec.left_margin, Mm(28)) and _close(sec.right_margin, Mm(26))


def test_docx_grid_22_lines_28_chars(doc):
    grid = doc.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    assert grid.get(qn("w:linePitch")) == "579" == str(W.line_pitch_twips())
    assert int(grid.get(qn("w:charSpace"))) == W.char_space()
    # 22 lines of the pitch fit in the text height, 23 do not
    height_tw = (297 - 37 - 35) * 1440 / 25.4
    assert 22 * 579 <= height_tw < 23 * 579
    # 28 characters of the grid pitch fit in the text width
    width_pt = (210 - 28 - 26) * 72 / 25.4
    pitch = 16 + W.char_space() / 4096
    assert 28 * pitch <= width_pt < 29 * pitch
    normal = doc.styles["Normal"].paragraph_format
    assert normal.line_spacing == Pt(28.95)


def _fonts(rpr):
    rf = rpr.find(qn("w:rFonts"))
    return {a: rf.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} if rf is not None else {}


@pytest.mark.parametrize("style,font,size", [
    ("Title", "方正小标宋简体", 22), ("Normal", "仿宋_GB2312", 16), ("Heading 1", "黑体", 16),
    ("Heading 2", "楷体_GB2312", 16), ("Heading 3", "仿宋_GB2312", 16), ("Heading 4", "仿宋_GB2312", 16),
    ("Signature", "仿宋_GB2312", 16), ("Date", "仿宋_GB2312", 16), ("Footer", "宋体", 14),
])
def test_docx_styles_fonts_with_east_asia(doc, style, font, size):
    st = doc.styles[style]
    assert st.font.size == Pt(size)
    fonts = _fonts(st.element.rPr)
    assert fonts["eastAsia"] == font and fonts["ascii"] == font


def test_docx_every_run_sets_east_asia_font(doc):
    expected = {"Title": "方正小标宋简体", "Heading 1": "黑体", "Heading 2": "楷体_GB2312",
                "Heading 3": "仿宋_GB2312", "Normal": "仿宋_GB2312", "Signature": "仿宋_GB2312", "Date": "仿宋_GB2312"}
    seen = set()
    for p in doc.paragraphs:
        for r in p.runs:
            f = _fonts(r._r.rPr)
            assert f["eastAsia"] == expected[p.style.name], (p.style.name, r.text)
            assert r.font.size == (Pt(22) if p.style.name == "Title" else Pt(16))
        if p.runs:
            seen.add(p.style.name)
    assert seen >= {"Title", "Heading 1", "Heading 2", "Normal", "Signature", "Date"}


def test_docx_no_theme_fonts_override(data):
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
        document = z.read("word/document.xml").decode("utf-8")
    assert "eastAsiaTheme" not in document
    defaults = styles.split("<w:docDefaults>")[1].split("</w:docDefaults>")[0]
    assert 'w:eastAsia="仿宋_GB2312"' in defaults and "Theme" not in defaults


def test_docx_title_centred_and_text(doc):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    title = doc.paragraphs[0]
    # broken after the organisation's name with an explicit line break (GB/T 9704-2012 7.3.1)
    assert title.style.name == "Title" and title.text == "鑫钢集团炼钢厂工会\n2025年工作总结及2026年工作计划"
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    texts = [p.text for p in doc.paragraphs]
    assert "一、主要工作及成效" in texts and "1.共走访慰问困难职工56人次。" in texts
    assert texts[-1] == "2025年12月20日"


def test_docx_page_numbers_in_footer(doc, data):
    import zipfile

    sec = doc.sections[0]
    assert doc.settings.odd_and_even_pages_header_footer
    for footer in (sec.footer, sec.even_page_footer):
        p = footer.paragraphs[0]
        xml = p._p.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
        assert p.text.startswith("— ") and p.text.endswith(" —")
        for r in p.runs:
            assert _fonts(r._r.rPr)["eastAsia"] == "宋体" and r.font.size == Pt(14)


def test_docx_cli_writes_file(tmp_path):
    from typer.testing import CliRunner

    from zongjie.cli import app

    out = tmp_path / "draft.docx"
    res = CliRunner().invoke(app, ["draft", str(ROOT / "examples" / "facts-minimal.json"), "-f", "docx", "-o", str(out)])
    assert res.exit_code == 0, res.output
    d = docx.Document(str(out))
    prompts = [p for p in d.paragraphs if p.text.startswith("【待补充")]
    assert prompts and all(r.font.highlight_color is not None for p in prompts for r in p.runs)


def test_docx_paragraph_properties_in_schema_order(data):
    """Word refuses out-of-order children (w:ind must precede w:jc, w:outlineLvl follows both)."""
    import re
    import zipfile

    order = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "widowControl", "snapToGrid", "spacing", "ind",
             "jc", "outlineLvl", "rPr"]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/styles.xml").decode("utf-8") + z.read("word/document.xml").decode("utf-8")
    for ppr in re.findall(r"<w:pPr>(.*?)</w:pPr>", xml, flags=re.S):
        tags = [t for t in re.findall(r"<w:(\w+)", ppr) if t in order]
        top = [t for t in tags if t != "rPr"]
        assert top == sorted(top, key=order.index), tags
