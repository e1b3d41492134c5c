"""The draft as a .docx following GB/T 9704-2012 (党政机关公文格式).

- A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm: a 156 mm x 225 mm text area.
- 22 lines of 28 characters. The section has a ``w:docGrid`` of type ``linesAndChars`` with
  ``linePitch`` 579 twips (225 mm / 22, rounded down) and every paragraph exact line spacing of
  that pitch. Character pitch: 156 mm = 442.2 pt / 28 = 15.79 pt, 0.207 pt under the 16 pt body
  font, written as ``charSpace`` = -848 (1/4096 pt relative to the Normal font size, ECMA-376).
  Word and WPS add that delta to each character: 28 characters a line.
- LibreOffice (7.4) reads the same pitch (15.73 pt after its rounding) but gives every character,
  digits included, a whole number of grid cells: a 16 pt character takes two, so the grid alone
  shows 14 a line there, and no ``charSpace`` fixes it (a pitch of 16 pt or more fits only 27 in
  Word). So the body paragraphs carry ``w:snapToGrid w:val="0"``: LibreOffice then lays them out
  off its cell grid, while in Word and WPS the paragraph setting only concerns the line grid (the
  run's ``snapToGrid`` governs characters, in ECMA-376) and exact spacing keeps
  22 lines. The body text is 98 % wide (``w:w``, 15.68 pt): 28 a line in LibreOffice (442.2 / 15.68
  = 28.2), still 28 on Word's grid (29 x 15.47 pt > 442.2 pt), and 28 even where an application
  drops the grid for such paragraphs.
- Title 方正小标宋简体 二号 (22 pt), centred, off the character grid, broken into 梯形/菱形 lines at
  sensible places (:mod:`.title_lines`) with explicit line breaks; body 仿宋_GB2312 三号 (16 pt)
  with a two-character first-line indent; ``Heading 1`` 黑体, ``Heading 2`` 楷体_GB2312, levels 3-4
  仿宋_GB2312, all 16 pt. Style names are Word's built-in ones (Normal, Title, Heading 1-4,
  Signature, Date, Footer) so that Word's navigation pane and a Chinese UI (标题, 标题 1 ...) know them.
- Fonts are set on document defaults, styles and every run for ascii, hAnsi, eastAsia and cs, with
  ``w:lang`` eastAsia zh-CN and ``themeFontLang`` zh-CN (python-docx's template says ja-JP); the
  Western language stays en-US (with zh-CN there LibreOffice breaks lines inside numbers such as
  93.5%). The font table lists each font with its alternative name (仿宋, 小标宋, SimHei, 楷体,
  SimSun), GB2312 charset and family. Nothing is embedded: without the GB fonts LibreOffice falls
  back through fontconfig, by the zh-CN language, to Noto Sans CJK SC for all of them (fonts-noto-cjk;
  the font table's names and families do not change its choice). ``pdffonts`` calls that font
  ``NotoSansCJKjp-...`` because the collection's faces share one CFF named after JP; the glyphs
  are the SC face's (tests/test_draft_docx_layout.py).
- The last body paragraph keeps its lines together and stays with the blank line, the signature
  and the date (7.3.5.1): the date right-aligned four characters in from the right margin, the
  organisation centred over it.
- Page numbers ``— 1 —`` in 四号 (14 pt) 宋体 under the text area on the outer side: odd pages
  right, even pages left, one character in (a PAGE field in the footer).
- 【待补充】 prompts are highlighted yellow so they are not missed.
- Core properties: title, author and last-modified-by the organisation, created/modified now
  (``SOURCE_DATE_EPOCH`` when set), language zh-CN. python-docx's template leftovers (thumbnail,
  customXml, stylesWithEffects, its description and dates) are dropped. The zip entries carry a
  fixed date, so the same facts and time give the same bytes.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import re
import zipfile
from typing import Optional
from xml.sax.saxutils import escape

from .title_lines import em_width, title_lines

PAGE_W_MM, PAGE_H_MM = 210, 297
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
BODY_PT, TITLE_PT, PAGE_NUMBER_PT = 16, 22, 14
BODY_SCALE = 98  # percent; see the module docstring (LibreOffice's grid cells)
DATE_RIGHT_CHARS = 4  # GB/T 9704-2012 7.3.5.1: 成文日期一般右空四字

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_H1 = "黑体"
FONT_H2 = "楷体_GB2312"
FONT_PAGE = "宋体"
HEADING_FONTS = {1: FONT_H1, 2: FONT_H2, 3: FONT_BODY, 4: FONT_BODY}

# the font table: name, alternative name, panose, family, pitch (GB2312 charset 86 for all)
FONT_TABLE = (
    (FONT_BODY, "仿宋", "02010609030101010101", "modern", "fixed"),
    (FONT_TITLE, "小标宋", "02000000000000000000", "script", "variable"),
    (FONT_H1, "SimHei", "02010609060101010101", "modern", "fixed"),
    (FONT_H2, "楷体", "02010609030101010101", "modern", "fixed"),
    (FONT_PAGE, "SimSun", "02010600030101010101", "auto", "variable"),
    ("Times New Roman", None, "02020603050405020304", "roman", "variable"),
)

_TWIPS_PER_MM = 1440 / 25.4
_RPR_AFTER_RFONTS = ("w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
                     "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
                     "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position",
                     "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText",
                     "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish",
                     "w:oMath")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def line_pitch_twips() -> int:
    """579: the text height divided by 22 lines, rounded down to whole twips."""
    height = PAGE_H_MM - MARGINS_MM["top"] - MARGINS_MM["bottom"]
    return int(height * _TWIPS_PER_MM / LINES_PER_PAGE)


def text_width_pt() -> float:
    return (PAGE_W_MM - MARGINS_MM["left"] - MARGINS_MM["right"]) * 72 / 25.4


def char_space() -> int:
    """-848: (text width / 28 - 16 pt) in 1/4096 pt, rounded down so that 28 characters fit."""
    import math

    return math.floor((text_width_pt() / CHARS_PER_LINE - BODY_PT) * 4096)


def title_max_em() -> float:
    """Title line width in em of the title font, with a margin for proportional digits: 19."""
    return float(int(text_width_pt() / TITLE_PT) - 1)


# --- low-level XML helpers -------------------------------------------------------------

def _el(parent, tag: str, before: tuple = (), **attrs):
    """Get or add child ``w:tag`` of ``parent`` (in schema order when ``before`` is given), set attributes."""
    from docx.oxml.ns import qn

    child = parent.find(qn(tag))
    if child is None:
        child = parent.makeelement(qn(tag), {})
        if before and hasattr(parent, "insert_element_before"):
            parent.insert_element_before(child, *before)
        else:
            parent.append(child)
    for k, v in attrs.items():
        child.set(qn("w:" + k), str(v))
    return child


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


def _set_lang(rpr) -> None:
    from docx.oxml.ns import qn

    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)  # w:lang follows everything a style here sets
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")


def _reset(style) -> None:
    """Drop a built-in style's own paragraph and run properties (colours, borders, theme fonts...)."""
    from docx.oxml.ns import qn

    for tag in ("w:pPr", "w:rPr"):
        for el in style.element.findall(qn(tag)):
            style.element.remove(el)


def _run_props(style, font: str, size: float, scale: int = BODY_SCALE, grid: bool = True) -> None:
    """Fonts, size, scale, language of a style, in ``w:rPr`` schema order."""
    from docx.shared import Pt

    rpr = style.element.get_or_add_rPr()
    _set_fonts(rpr, font)
    if not grid:
        _el(rpr, "w:snapToGrid", _RPR_AFTER_RFONTS[_RPR_AFTER_RFONTS.index("w:snapToGrid") + 1:], val=0)
    style.font.bold = False
    style.font.italic = False
    _el(rpr, "w:color", _RPR_AFTER_RFONTS[_RPR_AFTER_RFONTS.index("w:color") + 1:], val="000000")
    _el(rpr, "w:w", _RPR_AFTER_RFONTS[_RPR_AFTER_RFONTS.index("w:w") + 1:], val=scale)
    style.font.size = Pt(size)
    _el(rpr, "w:szCs", _RPR_AFTER_RFONTS[_RPR_AFTER_RFONTS.index("w:szCs") + 1:], val=int(size * 2))
    _set_lang(rpr)


def _indent_chars(ppr_owner, first_line_chars: float = 0, right_chars: float = 0) -> None:
    """Indents in characters (``w:firstLineChars`` = 100 per character) as Word and WPS write them,
    plus the same in twips (at 16 pt a character) for applications that read only those."""
    from docx.oxml.ns import qn

    ind = ppr_owner.get_or_add_pPr().get_or_add_ind()  # keeps the schema's element order
    ind.set(qn("w:firstLineChars"), str(round(first_line_chars * 100)))
    ind.set(qn("w:firstLine"), str(round(first_line_chars * BODY_PT * 20)))
    if right_chars:
        ind.set(qn("w:rightChars"), str(round(right_chars * 100)))
        ind.set(qn("w:right"), str(round(right_chars * BODY_PT * 20)))


def _outline(style, level: int) -> None:
    from docx.oxml.ns import qn

    ppr = style.element.get_or_add_pPr()
    el = ppr.makeelement(qn("w:outlineLvl"), {qn("w:val"): str(level - 1)})
    # w:outlineLvl comes after w:jc/w:textAlignment... and before w:divId, w:rPr, w:sectPr, w:pPrChange
    ppr.insert_element_before(el, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _para_off_grid(ppr) -> None:
    """``w:snapToGrid w:val=0`` in a ``w:pPr`` (after keep/widow settings, before spacing)."""
    _el(ppr, "w:snapToGrid", ("w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                              "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
                              "w:sectPr", "w:pPrChange"), val=0)


# --- styles --------------------------------------------------------------------------------

def _paragraph_style(doc, name: str, base: Optional[str] = "Normal"):
    from docx.enum.style import WD_STYLE_TYPE

    try:
        st = doc.styles[name]
    except KeyError:
        st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    _reset(st)
    if base:
        st.base_style = doc.styles[base]
    st.next_paragraph_style = doc.styles["Normal"]
    st.quick_style = True
    st.hidden = False
    st.unhide_when_used = False
    return st


def _setup_styles(doc) -> dict:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt, Twips

    pitch = Twips(line_pitch_twips())
    styles_el = doc.styles.element
    # document defaults: fonts, size, East Asian language; no spacing after paragraphs
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    _set_fonts(rpr, FONT_BODY)
    for tag in ("w:sz", "w:szCs"):
        _el(rpr, tag, val=BODY_PT * 2)
    _set_lang(rpr)
    ppr_default = defaults.find(qn("w:pPrDefault") + "/" + qn("w:pPr"))
    spacing = ppr_default.find(qn("w:spacing"))
    if spacing is not None:
        ppr_default.remove(spacing)
    # every other style of the template: no theme fonts (the theme's East Asian fonts are Japanese)
    for rfonts in styles_el.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if rfonts.get(qn(attr)) is not None:
                del rfonts.attrib[qn(attr)]

    normal = doc.styles["Normal"]
    _reset(normal)
    pf = normal.paragraph_format
    pf.widow_control = False
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = pitch
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    _para_off_grid(normal.element.get_or_add_pPr())
    _indent_chars(normal.element, first_line_chars=2)
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _run_props(normal, FONT_BODY, BODY_PT)

    styles = {"paragraph": normal, "prompt": normal}
    title = _paragraph_style(doc, "Title")
    title.paragraph_format.keep_with_next = True
    _para_off_grid(title.element.get_or_add_pPr())
    _indent_chars(title.element, first_line_chars=0)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run_props(title, FONT_TITLE, TITLE_PT, scale=100, grid=False)
    styles["title"] = title
    for level, font in HEADING_FONTS.items():
        h = _paragraph_style(doc, f"Heading {level}")
        h.paragraph_format.keep_with_next = True
        _outline(h, level)
        _run_props(h, font, BODY_PT)
        styles[("heading", level)] = h
    for name in ("Signature", "Date"):
        st = _paragraph_style(doc, name)
        st.paragraph_format.keep_with_next = name == "Signature"
        st.paragraph_format.keep_together = True
        _indent_chars(st.element, first_line_chars=0, right_chars=DATE_RIGHT_CHARS)
        st.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run_props(st, FONT_BODY, BODY_PT)
        styles[name.lower()] = st
    footer = _paragraph_style(doc, "Footer")
    fpf = footer.paragraph_format
    fpf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fpf.line_spacing = Pt(PAGE_NUMBER_PT + 2)
    _para_off_grid(footer.element.get_or_add_pPr())
    _indent_chars(footer.element, first_line_chars=0)
    _run_props(footer, FONT_PAGE, PAGE_NUMBER_PT, scale=100, grid=False)
    styles["footer"] = footer
    return styles


# --- package parts -------------------------------------------------------------------------

def _font_table_xml() -> bytes:
    fonts = []
    for name, alt, panose, family, pitch in FONT_TABLE:
        alt_el = f'<w:altName w:val="{escape(alt)}"/>' if alt else ""
        charset = "00" if name == "Times New Roman" else "86"
        fonts.append(f'<w:font w:name="{escape(name)}">{alt_el}<w:panose1 w:val="{panose}"/>'
                     f'<w:charset w:val="{charset}"/><w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>')
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            f'<w:fonts xmlns:w="{_W}">' + "".join(fonts) + "</w:fonts>").encode("utf-8")


def _app_xml(company: str) -> bytes:
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            "<Template>Normal.dotm</Template><TotalTime>0</TotalTime><Application>zongjie</Application>"
            "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
            f"<Company>{escape(company)}</Company><LinksUpToDate>false</LinksUpToDate>"
            "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>").encode("utf-8")


def _clean_package(doc, company: str) -> None:
    """Drop python-docx's template leftovers; our font table, app properties, zh-CN theme language."""
    from docx.oxml.ns import qn

    pkg_rels = doc.part.package.rels
    for rId, rel in list(pkg_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            pkg_rels.pop(rId)
        elif rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = _app_xml(company)
    for rId, rel in list(doc.part.rels.items()):
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind in ("customXml", "stylesWithEffects"):
            doc.part.rels.pop(rId)
        elif kind == "fontTable":
            rel.target_part._blob = _font_table_xml()
    settings = doc.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    rsids = settings.find(qn("w:rsids"))
    if rsids is not None:
        settings.remove(rsids)
    for attr in ("w:savePreviewPicture",):
        el = settings.find(qn(attr))
        if el is not None:
            settings.remove(el)


# --- runs, fields, section -----------------------------------------------------------------

def _run(paragraph, text: str, font: str, size: float, highlight: bool = False):
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import Pt

    run = paragraph.add_run(text)
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


# --- document ------------------------------------------------------------------------------

def _now(now: Optional[_dt.datetime]) -> _dt.datetime:
    """``now`` in UTC, whole seconds; ``SOURCE_DATE_EPOCH`` (reproducible builds) when set."""
    if now is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if re.fullmatch(r"\d{1,12}", epoch):
            now = _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc)
        else:
            now = _dt.datetime.now(_dt.timezone.utc)
    if now.tzinfo is not None:
        now = now.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    return now.replace(microsecond=0)


def _signature_right_chars(signature: str, date: str) -> float:
    """Right indent (in characters) that centres the signature over a date indented four characters."""
    if not date:
        return float(DATE_RIGHT_CHARS)
    return max(0.0, DATE_RIGHT_CHARS + (em_width(date) - em_width(signature)) / 2)


def build_document(draft, now: Optional[_dt.datetime] = None):
    """A python-docx Document of the draft."""
    try:
        import docx
    except ImportError as err:  # pragma: no cover - python-docx is a dependency
        from ..errors import InputError

        raise InputError("docx output needs python-docx (pip install python-docx)") from err
    from docx.oxml.ns import qn

    blocks = list(draft.blocks)
    org = next((b.line for b in blocks if b.kind == "signature"), "")
    if "【" in org or "＿" in org:  # a prompt, not a name
        org = ""
    date = next((b.line for b in blocks if b.kind == "date"), "")
    doc = docx.Document()
    styles = _setup_styles(doc)
    _setup_section(doc, styles)
    _clean_package(doc, org or "zongjie")
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):  # the template's one empty paragraph
        body.remove(p)
    closing = next((i for i, b in enumerate(blocks) if b.kind in ("signature", "date")), len(blocks))
    for i, b in enumerate(blocks):
        if b.kind == "heading":
            style = styles[("heading", min(max(b.level or 1, 1), 4))]
        else:
            style = styles.get(b.kind, styles["paragraph"])  # a kind this writer does not know: body text
        font = style.font.name or FONT_BODY
        for rf in style.element.rPr.iter(qn("w:rFonts")):
            font = rf.get(qn("w:eastAsia")) or font
        size = style.font.size.pt
        if b.kind == "signature":
            blank = doc.add_paragraph(style=styles["paragraph"])  # a blank line before the signature
            blank.paragraph_format.keep_with_next = True
        p = doc.add_paragraph(style=style)
        if b.kind == "title":
            for n, line in enumerate(title_lines(b.line, org or None, title_max_em())):
                run = _run(p, line, font, size)
                if n:
                    run._r.insert(run._r.index(run._r.find(qn("w:t"))), run._r.makeelement(qn("w:br"), {}))
            doc.add_paragraph(style=styles["paragraph"])  # one blank line after the title
            continue
        _run(p, b.line, font, size, highlight=b.kind == "prompt")
        if b.kind == "signature":
            right = _signature_right_chars(b.line, date)
            _indent_chars(p._p, first_line_chars=0, right_chars=right)
        if i == closing - 1 and b.kind in ("paragraph", "prompt", "heading"):
            # the last body paragraph goes with the signature and date, its lines together
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.keep_together = True
    cp = doc.core_properties
    stamp = _now(now)
    cp.title = " ".join(draft.title.split())[:255]  # the format allows 255 characters; the page keeps all
    name = " ".join(org.split())[:255] or "zongjie"  # the format allows 255 characters
    cp.author = name
    cp.last_modified_by = name
    cp.created = stamp
    cp.modified = stamp
    cp.comments = ""
    cp.subject = ""
    cp.keywords = ""
    cp.category = ""
    cp.revision = 1
    cp.language = "zh-CN"
    return doc


def _fixed_zip(data: bytes) -> bytes:
    """The package rewritten with a fixed entry date, so that equal documents give equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def docx_bytes(draft, now: Optional[_dt.datetime] = None) -> bytes:
    """The .docx file of the draft; ``now`` stamps the core properties (default: the current time)."""
    buf = io.BytesIO()
    build_document(draft, now).save(buf)
    return _fixed_zip(buf.getvalue())
