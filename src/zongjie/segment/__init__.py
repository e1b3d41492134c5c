"""Segmentation into documents, blocks and sentences; line shapes live in ``patterns.json``."""

from .segmenter import segment, split_sentences

__all__ = ["segment", "split_sentences"]
