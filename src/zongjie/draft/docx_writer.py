"""The draft as a .docx following GB/T 9704-2012 (党政机关公文格式) conventions.

- A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm: a 156 mm x 225 mm text area.
- 22 lines of 28 characters per page. Line pitch: 225 mm = 12755.9 twips / 22 = 579.8, taken down
  to 579 twips (28.95 pt) so that 22 lines always fit; every paragraph has exact line spacing of
  that pitch and the section a ``w:docGrid`` of type ``linesAndChars`` with ``linePitch=579``.
  Character pitch: 156 mm = 442.2 pt / 28 = 15.79 pt, i.e. 0.207 pt narrower than the 16 pt body
  font, expressed as ``charSpace`` in 1/4096 pt relative to the Normal font size: -848.
- Title 方正小标宋简体 二号 (22 pt) centred; body 仿宋_GB2312 三号 (16 pt) with a two-character
  first-line indent; level-1 headings 黑体, level-2 楷体_GB2312, levels 3-4 仿宋_GB2312, all 16 pt.
- Page numbers ``— 1 —`` in 四号 (14 pt) 宋体 under the text area, on the outer side: odd pages
  right, even pages left, one character in from the edge (a PAGE field in the footer).
- Fonts are set on styles, document defaults and every run for ascii, hAnsi, eastAsia and cs
  (``w:eastAsia`` is what Word and WPS use for Chinese; python-docx's ``font.name`` does not set it).
  Nothing is embedded: a machine without the GB fonts falls back (see README).
- 【待补充】 prompts are highlighted yellow so they are not missed.
- LibreOffice (7.4) does not tighten characters to a grid pitch below the font size: it gives each
  character two cells, so its PDFs of this grid show about 14 characters per line; Word and WPS show 28.
"""

from __future__ import annotations

import io
from typing import Optional

PAGE_W_MM, PAGE_H_MM = 210, 297
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
BODY_PT, TITLE_PT, PAGE_NUMBER_PT = 16, 22, 14

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_H1 = "黑体"
FONT_H2 = "楷体_GB2312"
FONT_PAGE = "宋体"
HEADING_FONTS = {1: FONT_H1, 2: FONT_H2, 3: FONT_BODY, 4: FONT_BODY}

_TWIPS_PER_MM = 1440 / 25.4
_RPR_AFTER_RFONTS = ("w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
                     "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
                     "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position",
                     "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText",
                     "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish",
                     "w:oMath")


def line_pitch_twips() -> int:
    """579: the text height divided by 22 lines, rounded down to whole twips."""
    height = PAGE_H_MM - MARGINS_MM["top"] - MARGINS_MM["bottom"]
    return int(height * _TWIPS_PER_MM / LINES_PER_PAGE)


def char_space() -> int:
    """-848: (text width / 28 - 16 pt) in 1/4096 pt, rounded down so that 28 characters fit."""
    import math

    width_pt = (PAGE_W_MM - MARGINS_MM["left"] - MARGINS_MM["right"]) * 72 / 25.4
    return math.floor((width_pt / CHARS_PER_LINE - BODY_PT) * 4096)


def _set_fonts(rpr, name: str) -> None:
    """Set ascii/hAnsi/eastAsia/cs fonts on a ``w:rPr`` element, dropping theme fonts that override them."""
    from docx.oxml.ns import qn

    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        if hasattr(rpr, "insert_element_before"):  # python-docx element classes keep the schema order
            rpr.insert_element_before(rfonts, *_RPR_AFTER_RFONTS)
        else:
            rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _style(doc, name: str, font: str, size: float, base: Optional[str] = "Normal"):
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if base:
        st.base_style = doc.styles[base]
    st.font.name = font
    st.font.size = Pt(size)
    st.font.bold = False
    st.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(st.element.get_or_add_rPr(), font)
    st.quick_style = True
    return st


def _indent_chars(pf_element, first_line_chars: int = 0, right_chars: int = 0) -> None:
    """Indents in characters (``w:firstLineChars`` = 100 per character), as Word and WPS write them."""
    from docx.oxml.ns import qn

    ind = pf_element.get_or_add_pPr().get_or_add_ind()  # keeps the schema's element order
    if first_line_chars:
        ind.set(qn("w:firstLineChars"), str(first_line_chars * 100))
        ind.set(qn("w:firstLine"), str(first_line_chars * BODY_PT * 20))
    if right_chars:
        ind.set(qn("w:rightChars"), str(right_chars * 100))
        ind.set(qn("w:right"), str(right_chars * BODY_PT * 20))


def _outline(style, level: int) -> None:
    from docx.oxml.ns import qn

    ppr = style.element.get_or_add_pPr()
    el = ppr.makeelement(qn("w:outlineLvl"), {qn("w:val"): str(level - 1)})
    # w:outlineLvl comes after w:jc/w:textAlignment... and before w:divId, w:rPr, w:sectPr, w:pPrChange
    ppr.insert_element_before(el, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _setup_styles(doc) -> dict:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt, Twips

    pitch = Twips(line_pitch_twips())
    # document defaults: fonts and East Asian language
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _set_fonts(rpr, FONT_BODY)
            lang = rpr.find(qn("w:lang"))
            if lang is not None:
                lang.set(qn("w:eastAsia"), "zh-CN")
    normal = doc.styles["Normal"]
    normal.font.name = FONT_BODY
    normal.font.size = Pt(BODY_PT)
    _set_fonts(normal.element.get_or_add_rPr(), FONT_BODY)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = pitch
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.widow_control = False

    styles = {}
    title = _style(doc, "ZJ Title", FONT_TITLE, TITLE_PT)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["title"] = title
    body = _style(doc, "ZJ Body", FONT_BODY, BODY_PT)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _indent_chars(body.element, first_line_chars=2)
    styles["paragraph"] = styles["prompt"] = body
    for level, font in HEADING_FONTS.items():
        h = _style(doc, f"ZJ Heading {level}", font, BODY_PT, base="ZJ Body")
        h.paragraph_format.keep_with_next = True
        _outline(h, level)
        styles[("heading", level)] = h
    sig = _style(doc, "ZJ Signature", FONT_BODY, BODY_PT)
    sig.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _indent_chars(sig.element, right_chars=2)
    styles["signature"] = styles["date"] = sig
    footer = _style(doc, "ZJ Page Number", FONT_PAGE, PAGE_NUMBER_PT)
    footer.paragraph_format.line_spacing = Pt(PAGE_NUMBER_PT + 2)
    styles["footer"] = footer
    return styles


def _run(paragraph, text: str, font: str, size: float, highlight: bool = False):
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = Pt(size)
    _set_fonts(run._r.get_or_add_rPr(), font)
    if highlight:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return run


def _page_field(paragraph) -> None:
    """``— PAGE —`` with a complex field (cached result 1), all runs in 宋体 四号."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    _run(paragraph, "— ", FONT_PAGE, PAGE_NUMBER_PT)
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"), ("end", None)):
        run = _run(paragraph, "", FONT_PAGE, PAGE_NUMBER_PT)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            run._r.append(el)
        elif kind == "text":
            run.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
    _run(paragraph, " —", FONT_PAGE, PAGE_NUMBER_PT)


def _setup_section(doc, styles: dict) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(PAGE_W_MM), Mm(PAGE_H_MM)
    sec.top_margin, sec.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    sec.left_margin, sec.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    # the page number's top sits 7 mm under the text area
    sec.footer_distance = Mm(MARGINS_MM["bottom"] - 7) - Pt(PAGE_NUMBER_PT + 2)
    sec.header_distance = Mm(15)
    sect_pr = sec._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = sect_pr.makeelement(qn("w:docGrid"), {})
        sect_pr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(line_pitch_twips()))
    grid.set(qn("w:charSpace"), str(char_space()))
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align, side in ((sec.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        p.style = styles["footer"]
        p.alignment = align
        if side == "right":
            p.paragraph_format.right_indent = Pt(PAGE_NUMBER_PT)
        else:
            p.paragraph_format.left_indent = Pt(PAGE_NUMBER_PT)
        _page_field(p)


def build_document(draft):
    """A python-docx Document of the draft."""
    try:
        import docx
    except ImportError as err:  # pragma: no cover - python-docx is a dependency
        from ..errors import InputError

        raise InputError("docx output needs python-docx (pip install python-docx)") from err
    doc = docx.Document()
    styles = _setup_styles(doc)
    _setup_section(doc, styles)
    # the default template starts with one empty paragraph: reuse it for the title
    body = doc.element.body
    for p in list(body.iterchildren(docx.oxml.ns.qn("w:p"))):
        body.remove(p)
    for b in draft.blocks:
        if b.kind == "heading":
            style = styles[("heading", b.level)]
        else:
            style = styles[b.kind]
        if b.kind == "signature":
            doc.add_paragraph(style=styles["paragraph"])  # a blank line before the signature
        font = style.font.name
        size = style.font.size.pt
        p = doc.add_paragraph(style=style)
        _run(p, b.line, font, size, highlight=b.kind == "prompt")
        if b.kind == "title":
            doc.add_paragraph(style=styles["paragraph"])  # one blank line after the title
    doc.core_properties.title = " ".join(draft.title.split())[:255]  # the format allows 255 characters; the page keeps all
    doc.core_properties.language = "zh-CN"
    return doc


def docx_bytes(draft) -> bytes:
    buf = io.BytesIO()
    build_document(draft).save(buf)
    return buf.getvalue()
