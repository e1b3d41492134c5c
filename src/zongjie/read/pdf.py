"""Text of a PDF with a text layer: pdfplumber's lines, page by page, in page order.

The lines are given to the segmenter as they are, so a paragraph broken over lines (or over a
page break) is joined by the same line repair as a text file's. Spaces a justified line puts
between two Chinese characters are removed (Chinese has none). When pdfminer finds no text,
PDFium (``pypdfium2``, which pdfplumber installs) is asked too: it reads fonts pdfminer cannot
map. A PDF with no text at all (a scan), a password or a damaged file is a one-line error.
"""

from __future__ import annotations

import io
import re

from ..errors import InputError

_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) +(?=[{_CJK}])")
_CID = re.compile(r"\(cid:\d+\)")
_NO_TEXT = "no text layer (a scanned PDF?); zongjie needs a PDF with text"


def _clean(line: str) -> str:
    return _CJK_GAP.sub("", line.replace("\x00", "").rstrip())


def _password_error(err: BaseException) -> bool:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    seen = set()
    cur: BaseException | None = err
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, (PDFPasswordIncorrect, PDFEncryptionError)):
            return True
        inner = cur.args[0] if cur.args and isinstance(cur.args[0], BaseException) else None
        cur = inner or cur.__cause__ or cur.__context__
    return False


def _reason(err: BaseException) -> str:
    inner = err.args[0] if err.args and isinstance(err.args[0], BaseException) else err
    text = str(inner).strip().splitlines()[0] if str(inner).strip() else type(inner).__name__
    return text[:120]


def _pdfminer_pages(data: bytes, source: str) -> tuple[list[list[str]], int]:
    """Lines of each page and the number of images (pdfplumber); errors as one line."""
    import pdfplumber

    pages: list[list[str]] = []
    images = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                text = page.dedupe_chars().extract_text() or ""  # bold by overprinting: each char once
                pages.append([_clean(x) for x in text.split("\n")])
                images += len(page.images)
                page.close()
    except Exception as err:  # pdfminer raises many types on a damaged file; each is one line here
        if _password_error(err):
            raise InputError(f"{source}: the PDF is password-protected; save a copy without a password") from None
        raise InputError(f"{source}: not a readable PDF (damaged: {_reason(err)})") from None
    return pages, images


def _pdfium_pages(data: bytes) -> list[list[str]]:
    """Lines of each page as PDFium reads them ([] when PDFium is missing or fails)."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return []
    pages: list[list[str]] = []
    try:
        doc = pdfium.PdfDocument(data)
        try:
            for i in range(len(doc)):
                page = doc[i]
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                textpage.close()
                page.close()
                pages.append([_clean(x) for x in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")])
        finally:
            doc.close()
    except Exception:  # PDFium is only a second opinion: its failure leaves pdfminer's answer
        return []
    return pages


def _unusable(pages: list[list[str]]) -> bool:
    """No text, or text that is mostly ``(cid:N)``: glyph numbers of a font without a Unicode map."""
    text = "".join(line for page in pages for line in page)
    if not text.strip():
        return True
    cids = _CID.findall(text)
    return sum(map(len, cids)) > len(text) // 3


def pdf_text(data: bytes, source: str) -> str:
    """The text of the PDF bytes ``data``, pages in order, one line a line of the page."""
    pages, _images = _pdfminer_pages(data, source)
    if _unusable(pages):
        second = _pdfium_pages(data)
        if not _unusable(second) or not any(line.strip() for page in pages for line in page):
            pages = second
    if not any(line.strip() for page in pages for line in page):
        raise InputError(f"{source}: {_NO_TEXT}")
    if _unusable(pages):
        raise InputError(f"{source}: the PDF's fonts have no Unicode map, so its text cannot be read; "
                         "save it again as PDF from the original document")
    lines = [line for page in pages for line in page]
    return "\n".join(lines).strip("\n") + "\n"
