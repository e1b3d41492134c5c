"""Reading: bytes to text (encoding detection; Word, PDF and web page files as their text, see
:mod:`zongjie.read.document`) and normalised views with offset-stable mapping."""

from .decode import ReplacedBytesWarning, decode_bytes, replacement_warning
from .pinyin import blank_pinyin
from .document import read_document
from .source import read_text
from .view import normalize_view, to_halfwidth

__all__ = ["read_text", "read_document", "decode_bytes", "normalize_view", "to_halfwidth", "blank_pinyin",
           "replacement_warning", "ReplacedBytesWarning"]
