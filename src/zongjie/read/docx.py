"""Text of a Word ``.docx``: body paragraphs in order, automatic numbering as Word shows it, tables
as lines (cells joined by a tab), text boxes after the paragraph they are anchored in; headers,
footers, footnotes, comments, hidden and deleted text left out.

The package is read with :mod:`zipfile` and :mod:`lxml` directly (no external entities, no network),
so macro-enabled and template documents read too. Each paragraph is one line, as a text export of
the same document would be: the segmenter then sees the same lines whatever the format.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from typing import Optional

from ..errors import InputError
from .numbering import W, Numbering, style_links

_MAIN = "word/document.xml"
_MAX_PART = 256 * 1024 * 1024  # an XML part larger than this uncompressed is refused (a zip bomb)
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_SKIP = {W + t for t in ("pPr", "rPr", "del", "moveFrom", "delText", "instrText", "delInstrText", "drawing",
                         "pict", "object", "txbxContent", "footnoteReference", "endnoteReference",
                         "commentReference", "fldChar", "sectPr")} | {_MC + "Fallback"}
_CONTAINERS = {W + t for t in ("sdt", "sdtContent", "customXml", "smartTag", "ins", "moveTo", "bdo", "dir")}


def _parse(z: zipfile.ZipFile, name: str, source: str):
    from lxml import etree

    try:
        info = z.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_PART:
        raise InputError(f"{source}: not a readable .docx ({name} is too large)")
    try:
        data = z.read(info)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
        return etree.fromstring(data, parser)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, ValueError) as err:
        raise InputError(f"{source}: not a valid .docx (damaged zip archive: {_reason(err)})") from None
    except etree.XMLSyntaxError as err:
        raise InputError(f"{source}: not a valid .docx ({name} is not well-formed XML, line {err.lineno})") from None


def _reason(err: BaseException) -> str:
    return str(err).splitlines()[0] if str(err) else type(err).__name__


def _targets(z: zipfile.ZipFile, source: str) -> dict[str, str]:
    """Relationship type suffix (``numbering``, ``styles``) -> part name, from the main part's rels."""
    rels = _parse(z, "word/_rels/document.xml.rels", source)
    out = {"numbering": "word/numbering.xml", "styles": "word/styles.xml"}
    if rels is None:
        return out
    for rel in rels.iter(_REL + "Relationship"):
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        if kind in out and target and rel.get("TargetMode") != "External":
            out[kind] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("word", target))
    return out


def is_docx(data: bytes) -> bool:
    """A zip archive holding ``word/document.xml``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return _MAIN in z.NameToInfo
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return False


def docx_text(data: bytes, source: str) -> str:
    """The text of the ``.docx`` bytes ``data``; one-line :class:`InputError` naming ``source`` otherwise."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as err:
        raise InputError(f"{source}: not a valid .docx (damaged zip archive: {_reason(err)})") from None
    with z:
        root = _parse(z, _MAIN, source)
        if root is None:
            raise InputError(f"{source}: not a Word .docx (a zip archive without {_MAIN})")
        parts = _targets(z, source)
        styles = _parse(z, parts["styles"], source)
        numbering = Numbering(_parse(z, parts["numbering"], source), style_links(styles))
    body = root.find(W + "body")
    if body is None:
        return ""
    reader = _Body(numbering, _default_style(styles))
    reader.block(body)
    return "\n".join(reader.lines) + "\n" if reader.lines else ""


def _default_style(styles) -> Optional[str]:
    if styles is None:
        return None
    for st in styles.iter(W + "style"):
        if st.get(W + "type") == "paragraph" and st.get(W + "default") in ("1", "true", "on"):
            return st.get(W + "styleId")
    return None


class _Body:
    """Walks the body in document order, collecting lines."""

    def __init__(self, numbering: Numbering, default_style: Optional[str]) -> None:
        self.numbering = numbering
        self.default_style = default_style
        self.lines: list[str] = []

    def block(self, parent) -> None:
        for child in parent:
            tag = child.tag
            if tag == W + "p":
                self.lines.append(self.paragraph(child))
                self.text_boxes(child)
            elif tag == W + "tbl":
                self.table(child)
            elif tag in _CONTAINERS:
                self.block(child)

    def paragraph(self, p) -> str:
        ppr = p.find(W + "pPr")
        style_el = ppr.find(W + "pStyle") if ppr is not None else None
        style = style_el.get(W + "val") if style_el is not None else self.default_style
        label = self.numbering.paragraph_label(p, style)
        parts: list[str] = []
        _runs(p, parts)
        text = "".join(parts)
        return label + text if text.strip() or label else text

    def text_boxes(self, p) -> None:
        """The paragraphs of text boxes anchored in ``p``, as lines after it (the VML copy that
        ``mc:Fallback`` repeats for old readers is left out)."""
        for box in p.iter(W + "txbxContent"):
            if any(a.tag == _MC + "Fallback" for a in box.iterancestors()):
                continue
            if any(a.tag == W + "txbxContent" for a in box.iterancestors()):
                continue  # a box inside a box is read with its outer box
            self.block(box)

    def table(self, tbl) -> None:
        for tr in _children(tbl, W + "tr"):
            cells = []
            for tc in _children(tr, W + "tc"):
                tcpr = tc.find(W + "tcPr")
                vmerge = tcpr.find(W + "vMerge") if tcpr is not None else None
                if vmerge is not None and vmerge.get(W + "val") not in ("restart",):
                    cells.append("")  # the lower part of a vertically merged cell: shown once, above
                    continue
                inner = _Body(self.numbering, self.default_style)
                inner.block(tc)
                cells.append(" ".join(x.strip() for x in inner.lines if x.strip()))
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                self.lines.append("\t".join(c.replace("\t", " ") for c in cells))


def _children(el, tag: str):
    """The ``tag`` children of ``el`` (rows of a table, cells of a row), looking through the containers
    (content controls, custom XML) that may wrap them."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in _CONTAINERS:
            yield from _children(child, tag)


def _hidden(run) -> bool:
    rpr = run.find(W + "rPr")
    if rpr is None:
        return False
    vanish = rpr.find(W + "vanish")
    return vanish is not None and vanish.get(W + "val") not in ("0", "false", "off")


def _runs(el, out: list[str]) -> None:
    """The visible text under ``el`` in order: text, tabs, line breaks; skipped subtrees left out."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == W + "t":
            out.append(child.text or "")
        elif tag == W + "tab" or tag == W + "ptab":
            out.append("\t")
        elif tag == W + "br":
            if child.get(W + "type") not in ("page", "column"):
                out.append("\n")
        elif tag == W + "cr":
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "sym":
            code = child.get(W + "char") or ""
            try:
                ch = chr(int(code, 16))
            except ValueError:
                continue
            if ch.isprintable() and not 0xE000 <= ord(ch) <= 0xF8FF:
                out.append(ch)
        elif tag == W + "r":
            if not _hidden(child):
                _runs(child, out)
        elif tag == W + "p":  # a paragraph inside a run-level container (rare): its own line
            out.append("\n")
            _runs(child, out)
        else:
            _runs(child, out)
