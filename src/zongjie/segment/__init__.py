"""Segmentation into documents, blocks and sentences; line shapes live in the language table ``lang/zh/lines.json``."""

from .segmenter import segment
from .sentences import split_sentences

__all__ = ["segment", "split_sentences"]
