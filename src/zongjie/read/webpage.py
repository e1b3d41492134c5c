"""Main text of a web page: the article without the site's navigation, footer and related links.

The bytes are decoded like a text file, except that a ``<meta charset>`` (or ``http-equiv``
content type) is believed first when it decodes the page strictly. The page's visible lines are
ours (a block element or ``<br>`` ends a line, table cells are joined by a tab); trafilatura
decides which of them are the main text, and the others are returned as ``dropped`` (the page
chrome, reported the way the read stage reports other noise). When it finds nothing, the
visible text is read whole, so a page that has text never reads as empty.
"""

from __future__ import annotations

import codecs
import logging
import re
from contextlib import contextmanager
from typing import Iterator, NamedTuple, Optional

from ..errors import DecodeError

_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_HTML_START = re.compile(rb"""^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])""",
                         re.I | re.S)
_SUBSTRING_MIN = 10
_CELL = "\x1f"
_HEADING = "\x1e"
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_TITLE_LOOKBACK = 4  # the article's title is at most this many lines above its first kept line
_NOT_TEXT = re.compile(r"[\s|\x1e\x1f\u00a0\u3000]+")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "cp936": "gb18030",
            "x-euc-cn": "gb18030", "euc-cn": "gb18030", "big5": "big5hkscs", "x-x-big5": "big5hkscs",
            "cp950": "big5hkscs"}
# Declarations believed before detection; a page declared ISO-8859-1 is often Chinese all the same.
_BELIEVED = ("utf-8", "gb18030", "big5hkscs")
_INVISIBLE = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object", "select", "canvas",
              "button", "textarea")
_BLOCKS = frozenset("""address article aside blockquote body caption center dd details dialog dir div dl dt fieldset
figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary table
tbody tfoot thead tr ul br title""".split())


def looks_like_html(data: bytes) -> bool:
    """Bytes that start (after a BOM, comments, an XML declaration) with an HTML document's tag."""
    head = data[:4096]
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom):].decode(enc, errors="ignore").encode("ascii", errors="ignore")
            break
    return bool(_HTML_START.match(head.removeprefix(codecs.BOM_UTF8)))


def decode_html(data: bytes, source: str):
    """A :class:`ReadResult` of the page's markup: BOM, then ``<meta charset>``, then detection."""
    from .decode import _BOMS, _result, decode_bytes

    m = None if any(data.startswith(bom) for bom, _ in _BOMS) else _META_CHARSET.search(data[:8192])
    name = m.group(1).decode("ascii").lower() if m else ""
    enc = _ALIASES.get(name, name)
    if enc in _BELIEVED:
        try:
            return _result(data.decode(enc), "big5" if enc == "big5hkscs" else enc, source)
        except UnicodeDecodeError:
            pass
    try:
        return decode_bytes(data, source)
    except DecodeError as err:
        failed = err
    try:  # a page declared in another (single-byte) encoding that detection does not try
        codecs.lookup(enc)
        return _result(data.decode(enc), enc, source)
    except (LookupError, UnicodeDecodeError, ValueError):
        raise failed from None


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    """Trafilatura logs what it discards; the read stage reports that itself."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _clean(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


class Page(NamedTuple):
    """The visible lines of a page, which of them are headings (``<h1>``-``<h6>``), its ``<title>``."""

    lines: list[str]
    headings: frozenset[int]
    title: str


def visible_lines(markup: str) -> list[str]:
    """Every visible line of the page, in order: text between block elements, ``<br>`` a line
    break, the cells of a table row joined by a tab; scripts, styles and the head left out."""
    return visible_page(markup).lines


def visible_page(markup: str) -> Page:
    """:func:`visible_lines` with the headings marked and the page's title."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return Page([], frozenset(), "")
    title = _clean(root.findtext(".//title") or "")
    for bad in list(root.iter(*_INVISIBLE)):
        if bad.getparent() is not None:
            bad.drop_tree()
    pieces: list[str] = []

    def walk(el) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        block = tag in _BLOCKS  # a table cell only ends with a cell mark
        if block:
            pieces.append("\n")
        if tag in _HEADINGS:
            pieces.append(_HEADING)
        if tag and el.text:
            pieces.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
        if tag in ("td", "th"):
            pieces.append(_CELL)
        elif block:
            pieces.append("\n")

    walk(root)
    out: list[str] = []
    headings = set()
    for raw in "".join(pieces).split("\n"):
        heading = _HEADING in raw
        cells = [c for c in (_clean(x.replace(_HEADING, "")) for x in raw.split(_CELL)) if c]
        if cells:
            if heading:
                headings.add(len(out))
            out.append("\t".join(cells))
    return Page(out, frozenset(headings), title)


def extract_main(markup: str) -> Optional[str]:
    """Trafilatura's main text of the page (None when it finds none)."""
    import trafilatura

    with _quiet("trafilatura"):
        try:
            return trafilatura.extract(markup, include_comments=False, include_tables=True, include_images=False,
                                       favor_precision=True, deduplicate=False, with_metadata=False,
                                       output_format="txt")
        except (ValueError, TypeError, RecursionError):
            return None


def _squeeze(text: str) -> str:
    return _NOT_TEXT.sub("", text)


def main_lines(visible: list[str], main: str) -> list[bool]:
    """Which visible lines are main text: a long line found (spaces aside) in the extractor's text,
    a short one only as a whole line or table cell of it (so a menu word inside a sentence is not)."""
    squeezed = _squeeze(main)
    whole = {_squeeze(cell) for line in main.split("\n") for cell in re.split(r"\|", line)}
    whole.discard("")
    keys = [_squeeze(line) for line in visible]
    keep = [bool(k) and (k in squeezed if len(k) >= _SUBSTRING_MIN else k in whole) for k in keys]
    # a short line the extractor ran into a longer one (a heading in a layout-table cell) is kept
    # when it is in the main text and next to a line that is
    for _ in range(2):
        for i, k in enumerate(keys):
            if not keep[i] and k and k in squeezed and ((i and keep[i - 1]) or (i + 1 < len(keep) and keep[i + 1])):
                keep[i] = True
    return keep


def _keep_title(page: Page, keep: list[bool]) -> None:
    """The article's title, which the extractor takes as metadata: the nearest line above the first
    kept line (within a few) that is a heading or begins the page's ``<title>``, kept too."""
    first = next((i for i, k in enumerate(keep) if k), None)
    if first is None:
        return
    title = _squeeze(page.title)
    for i in range(first - 1, max(-1, first - 1 - _TITLE_LOOKBACK), -1):
        key = _squeeze(page.lines[i])
        if i in page.headings or (len(key) >= 4 and title.startswith(key)):
            keep[i] = True
            return


def html_read(data: bytes, source: str):
    """``ReadResult`` of a web page: main text, ``format="html"``, dropped chrome lines."""
    from dataclasses import replace

    from .view import has_traditional

    page = decode_html(data, source)
    markup = _XML_DECL.sub("", page.text, count=1)  # lxml refuses a str with an encoding declaration
    seen = visible_page(markup)
    visible = seen.lines
    main = extract_main(markup) if visible else None
    keep = main_lines(visible, main) if main and main.strip() else [True] * len(visible)
    if visible and not any(keep):
        keep = [True] * len(visible)
    _keep_title(seen, keep)
    lines = [line for line, k in zip(visible, keep) if k]
    dropped = tuple(line for line, k in zip(visible, keep) if not k)
    text = "\n".join(lines) + ("\n" if lines else "")
    return replace(page, text=text, traditional=has_traditional(text), format="html", dropped=dropped)
