"""The files users have: which format bytes are in, and the text of each.

The format is decided by content first (a zip archive holding ``word/document.xml``, ``%PDF-``,
the OLE header of old Office files, an HTML document's first tag) and by the name's suffix when
the content says nothing (an empty ``x.pdf`` is a broken PDF, not an empty text). Anything else
is text and takes exactly the text path (:func:`~zongjie.read.decode.decode_bytes`). A Word
file, PDF or web page without any text is an error, where a blank text file reads as blank.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Optional, Union

from ..errors import InputError
from ..records import ReadResult

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DOCX = (".docx", ".docm", ".dotx", ".dotm")
_HTML = (".html", ".htm", ".xhtml", ".shtml")
FORMATS = ("text", "docx", "html", "pdf", "doc")
#: file names a directory walk reads (``zongjie classify DIR``): text and every format above
SUFFIXES = (".txt",) + _DOCX + _HTML + (".pdf", ".doc", ".rtf")


def _suffix(name: Optional[str]) -> str:
    return os.path.splitext(name or "")[1].lower()


def sniff(data: bytes, name: Optional[str] = None) -> str:
    """``docx``, ``pdf``, ``doc``, ``rtf``, ``html``, ``zip`` (not Word), ``ole`` (not Word),
    ``damaged-doc`` (an OLE file named .doc without Word's stream), ``encrypted`` (a
    password-protected Office file) or ``text``."""
    from .docx import is_docx
    from .webpage import looks_like_html

    suffix = _suffix(name)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "docx" if is_docx(data) or suffix in _DOCX else "zip"
    if data.lstrip()[:5] == b"%PDF-" or (suffix == ".pdf" and b"%PDF-" in data[:1024]):
        return "pdf"
    if data.startswith(OLE):
        if "EncryptedPackage".encode("utf-16-le") in data:
            return "encrypted"
        if "WordDocument".encode("utf-16-le") in data:
            return "doc"
        return "damaged-doc" if suffix == ".doc" else "ole"
    if data.startswith(b"{\\rtf") and suffix in (".rtf", ".doc"):
        return "rtf"
    if suffix in _HTML or looks_like_html(data):
        return "html"
    if suffix in _DOCX:
        return "docx"
    if suffix == ".pdf":
        return "pdf"
    if suffix == ".doc":
        return "doc"
    return "text"


def decode_document(data: bytes, source: str = "<bytes>", name: Optional[str] = None) -> ReadResult:
    """The text of ``data`` in whatever format it is (``name``'s suffix helps); errors name ``source``."""
    from .decode import _result, decode_bytes

    kind = sniff(data, name if name is not None else source)
    if kind == "text":
        return decode_bytes(data, source)
    if kind == "html":
        from .webpage import html_read

        return _not_blank(html_read(data, source), "web page")
    if kind == "encrypted":
        raise InputError(f"{source}: the Office file is password-protected (encrypted); save a copy without a password")
    if kind == "zip":
        raise InputError(f"{source}: a zip archive, not a Word .docx (it holds no word/document.xml)")
    if kind == "ole":
        raise InputError(f"{source}: an old Office file that is not a Word document (Excel or PowerPoint?)")
    if kind == "damaged-doc":
        raise InputError(f"{source}: not a readable Word .doc (damaged: no WordDocument stream)")
    if not data:
        raise InputError(f"{source}: empty file, not a {_label(kind)}")
    if kind == "docx":
        from .docx import docx_text

        if not data.startswith(b"PK"):
            raise InputError(f"{source}: not a valid .docx (not a zip archive)")
        text, fmt = docx_text(data, source), "docx"
    elif kind == "pdf":
        from .pdf import pdf_text

        if b"%PDF-" not in data[:1024]:
            raise InputError(f"{source}: not a PDF (no %PDF- header)")
        text, fmt = pdf_text(data, source), "pdf"
    else:  # doc, rtf
        from .doc import doc_text

        if kind == "doc" and not data.startswith(OLE):
            raise InputError(f"{source}: not a Word .doc file (no OLE header)")
        text, fmt = doc_text(data, source, rtf=kind == "rtf"), "doc"
    return _not_blank(replace(_result(text, "utf-8", source), format=fmt), _label(kind))


def _not_blank(read: ReadResult, what: str) -> ReadResult:
    """A Word file, PDF or page with no text at all is an error (a text file may be blank)."""
    if not read.text.strip():
        raise InputError(f"{read.source}: no text in the {what}")
    return read


def _label(kind: str) -> str:
    return {"docx": "Word .docx", "pdf": "PDF", "doc": "Word .doc", "rtf": "RTF file"}.get(kind, kind)


def read_document(source: Union[str, os.PathLike, bytes], name: Optional[str] = None) -> ReadResult:
    """Read a path, ``"-"`` (standard input) or bytes in any supported format (``text``, ``docx``,
    ``html``, ``pdf``, ``doc``); ``name`` (e.g. an upload's file name) names bytes in messages and
    gives its suffix. Raises a one-line :class:`~zongjie.errors.InputError` naming the file."""
    from .source import display_name, read_file_bytes, read_stdin_bytes

    if isinstance(source, (bytes, bytearray)):
        shown = display_name(name) if name else "<bytes>"
        return decode_document(bytes(source), shown, name)
    if str(source) == "-":
        shown = display_name(name) if name else "<stdin>"
        return decode_document(read_stdin_bytes(), shown, name)
    shown = display_name(source)
    return decode_document(read_file_bytes(Path(source), shown), shown, name or str(source))
