"""The docx draft's GB/T 9704-2012 layout: the XML (grid, fonts, language, styles, properties, title
lines, closing) and, when LibreOffice is installed, the PDF it makes of it.

One LibreOffice run (module fixture) converts two documents: the example draft and a synthetic one
built so that page 1 is exactly 22 full lines and the last paragraph ends on the last line of page
2, where the signature and date would be alone on page 3 if they were not kept with it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402

from zongjie.draft import build_draft, load_facts  # noqa: E402
from zongjie.draft import docx_writer as W  # noqa: E402
from zongjie.draft.model import Draft, DraftBlock  # noqa: E402
from zongjie.draft.title_lines import em_width, title_lines  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOW = dt.datetime(2026, 12, 1, 8, 30, 0)
ORG = "鑫钢集团炼钢厂工会"


@pytest.fixture(scope="module")
def draft():
    return build_draft(load_facts(ROOT / "examples" / "facts.json"))


@pytest.fixture(scope="module")
def data(draft) -> bytes:
    return W.docx_bytes(draft, now=NOW)


@pytest.fixture(scope="module")
def parts(data) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.fixture(scope="module")
def doc(data):
    return docx.Document(io.BytesIO(data))


def _xml(parts, name) -> str:
    return parts[name].decode("utf-8")


# --- the XML -------------------------------------------------------------------------------

def test_grid_gives_22_lines_of_28_characters(doc):
    grid = doc.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    pitch, space = int(grid.get(qn("w:linePitch"))), int(grid.get(qn("w:charSpace")))
    height_tw = (297 - 37 - 35) * 1440 / 25.4
    width_pt = (210 - 28 - 26) * 72 / 25.4
    assert 22 * pitch <= height_tw < 23 * pitch
    char_pt = 16 + space / 4096  # Word/WPS: the Normal font size plus charSpace (ECMA-376 17.6.5)
    assert 28 * char_pt <= width_pt < 29 * char_pt
    # the body at 98 % width still gives 28 in Word (grid delta added to each character) ...
    scaled = 16 * W.BODY_SCALE / 100
    assert 28 * (scaled + space / 4096) <= width_pt < 29 * (scaled + space / 4096)
    # ... and 28 where characters keep their own width (LibreOffice, the body being off its cell grid)
    assert 28 * scaled <= width_pt < 29 * scaled
    normal = doc.styles["Normal"].element.pPr
    assert normal.find(qn("w:spacing")).get(qn("w:lineRule")) == "exact"
    assert normal.find(qn("w:spacing")).get(qn("w:line")) == str(pitch)


def test_fonts_language_east_asian_everywhere(parts):
    styles = _xml(parts, "word/styles.xml")
    defaults = styles.split("<w:docDefaults>")[1].split("</w:docDefaults>")[0]
    for attr in ("ascii", "hAnsi", "eastAsia"):
        assert f'w:{attr}="仿宋_GB2312"' in defaults
    assert 'w:eastAsia="zh-CN"' in defaults
    for name in ("Normal", "Title", "Heading1", "Heading2", "Heading3", "Heading4", "Signature", "Date", "Footer"):
        m = re.search(rf'<w:style [^>]*w:styleId="{name}".*?</w:style>', styles, flags=re.S)
        assert m, name
        assert re.search(r'<w:rFonts [^>]*w:eastAsia="[^"]+"', m.group()), name
        assert '<w:lang w:val="en-US" w:eastAsia="zh-CN"' in m.group(), name
    settings = _xml(parts, "word/settings.xml")
    assert re.search(r'<w:themeFontLang [^>]*w:eastAsia="zh-CN"', settings)
    for name in ("word/styles.xml", "word/settings.xml", "word/document.xml"):
        text = _xml(parts, name)
        assert "ja-JP" not in text and "eastAsiaTheme" not in text and "asciiTheme" not in text, name


def test_font_table_lists_the_fonts_with_fallback_names(parts):
    table = _xml(parts, "word/fontTable.xml")
    fonts = dict(re.findall(r'<w:font w:name="([^"]+)">(.*?)</w:font>', table, flags=re.S))
    used = set(re.findall(r'w:eastAsia="([^"]+)"', _xml(parts, "word/document.xml") + _xml(parts, "word/styles.xml")))
    used.discard("zh-CN")
    assert used and used <= set(fonts)
    alt = {n: re.search(r'<w:altName w:val="([^"]+)"', body).group(1) for n, body in fonts.items() if "altName" in body}
    assert alt["仿宋_GB2312"] == "仿宋" and alt["楷体_GB2312"] == "楷体" and alt["黑体"] == "SimHei"
    assert all('<w:charset w:val="86"/>' in fonts[n] for n in used)
    assert "ＭＳ" not in table  # python-docx's template lists Japanese fonts


def test_style_names_are_built_in_ones(doc, parts):
    names = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Normal", "Heading 1", "Heading 2", "Signature", "Date"} <= names
    assert names <= {"Title", "Normal", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Signature", "Date"}
    assert "ZJ" not in _xml(parts, "word/styles.xml")
    for level in (1, 2, 3, 4):
        st = doc.styles[f"Heading {level}"]
        assert st.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == str(level - 1)
        assert st.font.bold is False and st.font.color.rgb == docx.shared.RGBColor(0, 0, 0)
    # Word's own template look is gone: no border under the title, no colour, no space after
    title = doc.styles["Title"].element
    assert title.find(qn("w:pPr")).find(qn("w:pBdr")) is None
    assert doc.styles["Normal"].paragraph_format.space_after == 0


def test_core_and_app_properties(doc, parts):
    cp = doc.core_properties
    assert cp.title == "鑫钢集团炼钢厂工会2025年工作总结及2026年工作计划"
    assert cp.author == ORG and cp.last_modified_by == ORG
    utc = NOW.replace(tzinfo=dt.timezone.utc)  # python-docx reads W3CDTF "Z" times as UTC
    assert cp.created == utc and cp.modified == utc
    assert cp.language == "zh-CN" and cp.comments == "" and cp.revision == 1
    blob = b"".join(parts[n] for n in parts if n.startswith("docProps/"))
    assert b"python-docx" not in blob and b"2013" not in blob
    assert b"<Application>zongjie</Application>" in parts["docProps/app.xml"]
    assert not any(n.startswith(("customXml/", "docProps/thumbnail")) or n.endswith("stylesWithEffects.xml")
                   for n in parts)


def test_same_facts_same_bytes_but_the_time(draft, data, monkeypatch):
    """Byte comparison: equal ``now`` gives equal files; another ``now`` changes docProps/core.xml only."""
    assert W.docx_bytes(draft, now=NOW) == data
    other = W.docx_bytes(draft, now=NOW + dt.timedelta(days=1))
    with zipfile.ZipFile(io.BytesIO(data)) as a, zipfile.ZipFile(io.BytesIO(other)) as b:
        assert a.namelist() == b.namelist()
        assert [n for n in a.namelist() if a.read(n) != b.read(n)] == ["docProps/core.xml"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")  # 2026-12-01T00:00:00Z
    stamped = docx.Document(io.BytesIO(W.docx_bytes(draft))).core_properties
    assert stamped.created == dt.datetime(2026, 12, 1, 0, 0, 0, tzinfo=dt.timezone.utc)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    fresh = docx.Document(io.BytesIO(W.docx_bytes(draft))).core_properties
    assert before <= fresh.modified <= before + dt.timedelta(minutes=5)


def test_title_broken_after_the_organisation_with_a_line_break(doc):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    title = doc.paragraphs[0]
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert len(title._p.findall(".//" + qn("w:br"))) == 1
    lines = title.text.split("\n")
    assert lines == ["鑫钢集团炼钢厂工会", "2025年工作总结及2026年工作计划"]
    assert em_width(lines[0]) < em_width(lines[1])  # 梯形: the shorter line on top
    assert doc.styles["Title"].element.rPr.find(qn("w:snapToGrid")).get(qn("w:val")) == "0"


@pytest.mark.parametrize("title,org", [
    ("鑫钢集团炼钢厂工会2025年工作总结及2026年工作计划", None),
    ("市第一人民医院工会2025年上半年工作总结及下半年工作安排", "市第一人民医院工会"),
    ("中国铁路某某局集团有限公司某某机务段工会委员会2025年度工会工作总结暨2026年工作计划要点", None),
    ("关于开展2025年度职工职业技能竞赛暨第十二届技术能手评选活动情况的总结", None),
    ("某某区总工会2025年工作总结", None),
    ("某某工会" + "职工" * 9 + "总结", None),
])
def test_title_lines_are_whole_and_never_leave_two_characters(title, org):
    lines = title_lines(title, org, W.title_max_em())
    assert "".join(lines) == title
    assert all(em_width(x) <= W.title_max_em() for x in lines)
    if len(lines) > 1:
        assert all(len(x) > 2 for x in lines), lines
        assert not any(re.search(r"\d$", a) and re.match(r"\d", b) for a, b in zip(lines, lines[1:]))
    if em_width(title) <= W.title_max_em():
        assert lines == [title]


def test_title_lines_keep_the_titles_own_breaks_and_join_no_numerals():
    assert title_lines("甲一\n一乙2025年工作总结") == ["甲一", "一乙2025年工作总结"]
    assert title_lines("某某 工会2025年工作总结") == ["某某 工会2025年工作总结"]
    long = "某某市某某区总工会 机关工会委员会2025年工作总结及2026年工作计划"
    assert "".join(title_lines(long, None, W.title_max_em())) == long


def test_title_lines_property():
    """Random titles (seeded): the lines give back the title; none runs over; no stub last line."""
    import random

    rng = random.Random(15)
    alphabet = list("工会职工总结计划年度及暨和（）《》，、") + list("0123456789") + ["2025年", "工作总结", "ab", " 一"]
    for _ in range(300):
        title = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 45)))
        lines = title_lines(title, None, W.title_max_em())
        assert "".join(lines) == title.strip(), title
        assert all(em_width(x) <= W.title_max_em() for x in lines), (title, lines)
        if len(lines) > 1:
            assert len(lines[-1]) > 2, (title, lines)


def _last_body_line(draft) -> str:
    return [b.line for b in draft.blocks if b.kind not in ("signature", "date")][-1]


def test_closing_kept_with_the_last_paragraph_and_laid_out(doc, draft):
    paras = doc.paragraphs
    sig, date = paras[-2], paras[-1]
    assert (sig.style.name, date.style.name) == ("Signature", "Date")
    assert date.text == "2025年12月20日" and sig.text == ORG
    blank, last = paras[-3], paras[-4]
    assert blank.text == "" and blank.paragraph_format.keep_with_next
    assert last.text == _last_body_line(draft)
    assert last.paragraph_format.keep_with_next and last.paragraph_format.keep_together
    assert sig.style.paragraph_format.keep_with_next
    # the date four characters in from the right; the signature centred over it
    date_ind = date.style.element.pPr.find(qn("w:ind"))
    assert date_ind.get(qn("w:rightChars")) == "400"
    sig_ind = sig._p.pPr.find(qn("w:ind"))
    right = int(sig_ind.get(qn("w:rightChars"))) / 100
    assert right + em_width(sig.text) / 2 == pytest.approx(4 + em_width(date.text) / 2)
    assert sig.style.paragraph_format.alignment == date.style.paragraph_format.alignment == 2  # right


def test_page_numbers_outer_side(doc):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    sec = doc.sections[0]
    assert sec.footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert sec.even_page_footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert doc.styles["Footer"].font.size.pt == 14


def test_run_properties_in_schema_order(parts):
    order = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "snapToGrid", "color", "spacing", "w", "kern", "sz", "szCs",
             "highlight", "u", "lang"]
    xml = _xml(parts, "word/styles.xml") + _xml(parts, "word/document.xml")
    for rpr in re.findall(r"<w:rPr>(.*?)</w:rPr>", xml, flags=re.S):
        tags = [t for t in re.findall(r"<w:(\w+)", rpr) if t in order]
        assert tags == sorted(tags, key=order.index), tags


# --- LibreOffice ---------------------------------------------------------------------------

_FILL = "职工之家建设扎实推进维权服务提质增效凝心聚力"


def _para(lines: int, k: int) -> str:
    """Pure CJK text that makes exactly ``lines`` full lines of 28 (the first indented two)."""
    n = 26 + 28 * (lines - 1)
    text = (_FILL[k % len(_FILL):] + _FILL * 40)[:n - 1]
    return text + "。"


def tight_draft(base: Draft) -> Draft:
    """Page 1: title, blank, 10 two-line paragraphs (22 lines). Page 2: 22 lines, the last paragraph
    ending on its last line, so that the signature would start page 3 alone."""
    blocks = [DraftBlock("title", "某某工会工作总结", "overview", level=0)]
    blocks += [DraftBlock("paragraph", _para(2, k), "overview") for k in range(10)]
    blocks += [DraftBlock("paragraph", _para(4, k), "overview") for k in range(5)]
    blocks += [DraftBlock("paragraph", _para(2, 9)[:-5] + "再立新功。", "overview")]
    blocks += [DraftBlock("signature", "某某工会", "closing"), DraftBlock("date", "2026年12月1日", "closing")]
    return dataclasses.replace(base, title="某某工会工作总结", blocks=tuple(blocks))


@pytest.fixture(scope="module")
def pdf_pages(tmp_path_factory, data, draft):
    """LibreOffice's PDF text of both documents, page by page (``pdftotext -layout``), and the seconds."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    tmp = tmp_path_factory.mktemp("lo")
    (tmp / "example.docx").write_bytes(data)
    (tmp / "tight.docx").write_bytes(W.docx_bytes(tight_draft(draft), now=NOW))
    cmd = [soffice, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
           "--outdir", str(tmp), str(tmp / "example.docx"), str(tmp / "tight.docx")]
    start = time.perf_counter()
    try:
        subprocess.run(cmd, check=True, capture_output=True, timeout=240)
    except subprocess.TimeoutExpired:
        pytest.skip("LibreOffice timed out")
    seconds = time.perf_counter() - start
    out = {"seconds": seconds, "dir": tmp}
    for name in ("example", "tight"):
        pdf = tmp / f"{name}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF")
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        out[name] = [page.splitlines() for page in text.split("\f") if page.strip()]
    return out


def _squeeze(line: str) -> str:
    return "".join(line.split())


_PAGE_NO = re.compile(r"^—\s*\d+\s*—$")


def _body_lines(page: list[str]) -> list[str]:
    return [line for line in page if line.strip() and not _PAGE_NO.match(line.strip())]


def test_lo_full_lines_have_28_characters(pdf_pages):
    print(f"LibreOffice converted 2 documents in {pdf_pages['seconds']:.1f} s")
    example = [_squeeze(x) for page in pdf_pages["example"] for x in _body_lines(page)]
    full = [x for x in example if len(x) >= 27]
    assert len(full) >= 15, sorted(map(len, example))[-10:]
    tight = [_squeeze(x) for x in _body_lines(pdf_pages["tight"][0])][1:]  # without the title
    assert [len(x) for x in tight] == [26, 28] * 10  # indented first line, full second line


def test_lo_22_lines_on_a_full_page(pdf_pages):
    page1 = pdf_pages["tight"][0]
    assert abs(len(_body_lines(page1)) + 1 - 22) <= 1  # + the blank line after the title
    assert any(_PAGE_NO.match(x.strip()) for x in page1)
    example = pdf_pages["example"]
    assert all(len(_body_lines(p)) <= 23 for p in example)
    assert max(len(_body_lines(p)) for p in example[:-1]) in (21, 22, 23)


def test_lo_title_lines(pdf_pages):
    page1 = pdf_pages["example"][0]
    first_blank = next(i for i, x in enumerate(page1) if not x.strip() and i > 0)
    title = [_squeeze(x) for x in page1[:first_blank] if x.strip()]
    assert "".join(title) == "鑫钢集团炼钢厂工会2025年工作总结及2026年工作计划"
    assert len(title) == 2 and len(title[-1]) > 2


def test_lo_signature_on_the_page_of_the_last_body_line(pdf_pages, draft):
    for name, org, end in (("example", ORG, _last_body_line(draft)[-5:]), ("tight", "某某工会", "再立新功。")):
        pages = pdf_pages[name]
        where = {}
        for i, page in enumerate(pages):
            for line in page:
                s = _squeeze(line)
                if s == org:
                    where["signature"] = i
                if s.endswith(end):
                    where["last"] = i
                if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", s):
                    where["date"] = i
        assert where.get("signature") is not None and where["signature"] == where["last"] == where["date"], (name, where)
    # the tight document: the last paragraph went over with the signature (page 3), page 2 kept the rest
    tight = pdf_pages["tight"]
    assert len(tight) == 3 and len(_body_lines(tight[2])) == 2 + 2


def _noto_faces() -> dict:
    """cmaps of the installed Noto CJK collections by face name (fontconfig's files)."""
    ttlib = pytest.importorskip("fontTools.ttLib")
    if not shutil.which("fc-list"):
        pytest.skip("fc-list is not installed")
    listing = subprocess.run(["fc-list", ":lang=zh", "file", "family", "index"], capture_output=True, text=True).stdout
    faces = {}
    for line in listing.splitlines():
        # /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc: Noto Sans CJK SC,...:index=2
        m = re.match(r"(.+?\.tt[cf]): ([^:]+):index=(\d+)", line)
        if not m or "Regular" not in m.group(1):
            continue
        family = m.group(2).split(",")[0]
        if re.search(r"CJK (SC|JP)$", family) and "Mono" not in family and family not in faces:
            font = ttlib.TTFont(m.group(1), fontNumber=int(m.group(3)), lazy=True)
            faces[family] = font.getBestCmap()
    if not faces:
        pytest.skip("no Noto CJK collection (fonts-noto-cjk) installed")
    return faces


def _embedded_glyphs(pdf: Path) -> dict:
    """Character -> glyph name of LibreOffice's embedded Type 1 fonts (named /cidNNNNN after the CFF)."""
    pytest.importorskip("pdfminer")
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    glyphs: dict = {}
    with open(pdf, "rb") as fh:
        document = PDFDocument(PDFParser(fh))
        manager = PDFResourceManager()
        for xref in document.xrefs:
            for oid in xref.get_objids():
                try:
                    obj = resolve1(document.getobj(oid))
                except Exception:  # noqa: BLE001 - free or broken objects are not fonts
                    continue
                if not (isinstance(obj, dict) and "FontDescriptor" in obj):
                    continue
                desc = resolve1(obj["FontDescriptor"])
                if "FontFile" not in desc:
                    continue
                stream = resolve1(desc["FontFile"])
                clear = stream.get_data()[: stream.attrs["Length1"]].decode("latin-1")
                font = manager.get_font(None, obj)
                for code, name in re.findall(r"dup (\d+) /(cid\d+) put", clear):
                    try:
                        glyphs[font.to_unichr(int(code))] = name
                    except Exception:  # noqa: BLE001 - a code without a Unicode mapping
                        continue
    return glyphs


def test_lo_fonts_are_simplified_chinese_not_japanese(pdf_pages):
    """pdffonts names the Noto CJK fonts ``NotoSansCJKjp-...`` whatever face is used (the collection
    shares one CFF named after JP), so the face is told by the glyphs: a character such as 直 or 说
    has a different glyph in the SC and JP faces, and the embedded glyph ids must be SC's."""
    pdf = pdf_pages["dir"] / "example.pdf"
    if shutil.which("pdffonts"):
        names = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        assert "CJK" in names or "GB" in names or "Song" in names
    faces = _noto_faces()
    glyphs = _embedded_glyphs(pdf)
    if not glyphs:
        pytest.skip("this LibreOffice embeds fonts without glyph names")
    sc = [f for f in faces if f.endswith("CJK SC") and "Mono" not in f]
    jp = [f for f in faces if f.endswith("CJK JP") and "Mono" not in f]
    assert sc and jp

    def matches(face):
        cmap = faces[face]
        return sum(1 for ch, name in glyphs.items() if len(ch) == 1 and cmap.get(ord(ch)) == name)

    best_sc, best_jp = max(map(matches, sc)), max(map(matches, jp))
    cjk = sum(1 for ch in glyphs if len(ch) == 1 and "\u4e00" <= ch <= "\u9fff")
    assert cjk > 100
    assert best_sc >= 0.9 * cjk and best_sc > best_jp + 50, (best_sc, best_jp, cjk)
