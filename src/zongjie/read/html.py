"""Main text of a web page: the article without the site's navigation, footer and related links.

The bytes are decoded like a text file, except that a ``<meta charset>`` (or ``http-equiv``
content type) is believed first when it decodes the page strictly. Trafilatura finds the main
text, one paragraph a line; the visible lines it leaves out are returned as ``dropped`` (the
page chrome, reported the way the read stage reports other noise). When it finds nothing, the
page's visible text is read whole, so a page that has text never reads as empty.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections import Counter
from contextlib import contextmanager
from typing import Iterator, Optional

_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_HTML_START = re.compile(rb"""^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])""",
                         re.I | re.S)
_SUBSTRING_MIN = 10
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "cp936": "gb18030",
            "x-euc-cn": "gb18030", "euc-cn": "gb18030", "big5": "big5hkscs", "x-x-big5": "big5hkscs",
            "cp950": "big5hkscs"}
_INVISIBLE = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object", "select", "canvas",
              "button", "textarea")
_BLOCKS = frozenset("""address article aside blockquote body caption center dd details dialog dir div dl dt fieldset
figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary table
tbody td tfoot th thead tr ul br title""".split())


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

    if not any(data.startswith(bom) for bom, _ in _BOMS):
        m = _META_CHARSET.search(data[:8192])
        if m:
            name = m.group(1).decode("ascii").lower()
            enc = _ALIASES.get(name, name)
            try:
                codecs.lookup(enc)
                return _result(data.decode(enc), _ALIASES.get(name, name).replace("big5hkscs", "big5"), source)
            except (LookupError, UnicodeDecodeError):
                pass
    return decode_bytes(data, source)


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


def visible_lines(markup: str) -> list[str]:
    """Every visible line of the page: text between block elements, ``<br>`` a line break,
    scripts, styles and the head left out."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return []
    for bad in root.iter(*_INVISIBLE):
        bad.drop_tree() if bad.getparent() is not None else None
    pieces: list[str] = []

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        block = tag.lower() in _BLOCKS
        if block:
            pieces.append("\n")
        if isinstance(el.tag, str) and el.text:
            pieces.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
        if block:
            pieces.append("\n")

    walk(root)
    return [c for c in (_clean(x) for x in "".join(pieces).split("\n")) if c]


def extract_main(markup: str) -> Optional[str]:
    """Trafilatura's main text of the page, one paragraph a line (None when it finds none)."""
    import trafilatura

    markup = _XML_DECL.sub("", markup, count=1)
    with _quiet("trafilatura"):
        try:
            text = trafilatura.extract(markup, include_comments=False, include_tables=True, include_images=False,
                                       favor_recall=True, deduplicate=False, with_metadata=False, output_format="txt")
        except (ValueError, TypeError, RecursionError):
            return None
    return text


def html_read(data: bytes, source: str):
    """``ReadResult`` of a web page: main text, ``format="html"``, dropped chrome lines."""
    from dataclasses import replace

    from .decode import normalize_newlines
    from .view import has_traditional

    page = decode_html(data, source)
    markup = page.text
    visible = visible_lines(markup)
    main = extract_main(markup) if visible else None
    lines = [_clean(x) for x in normalize_newlines(main or "").split("\n")]
    lines = [x for x in lines if x]
    if not lines:
        lines = visible
    text = "\n".join(lines) + ("\n" if lines else "")
    kept = Counter(lines)
    dropped = []
    for line in visible:
        if kept[line] > 0:
            kept[line] -= 1
        elif len(line) < _SUBSTRING_MIN or line not in text:  # a long line the extractor re-broke is kept
            dropped.append(line)
    return replace(page, text=text, traditional=has_traditional(text), format="html", dropped=tuple(dropped))
