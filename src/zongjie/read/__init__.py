"""Reading: bytes to text (encoding detection) and normalised views with offset-stable mapping."""

from .decode import decode_bytes, read_text
from .view import normalize_view, to_halfwidth

__all__ = ["read_text", "decode_bytes", "normalize_view", "to_halfwidth"]
