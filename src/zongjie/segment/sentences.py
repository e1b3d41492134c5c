"""Sentences of a block: cut at 。！？； and …… outside quotes, offsets mapped back to the original text."""

from __future__ import annotations

import re

from ..records import Sentence

_SENT = re.compile(r"[“「《『]|[”」》』]|(?:[。！？；!?;]|……|\.{6})+[”’」』》）)]*")
_OPEN, _CLOSE = set("“「《『"), set("”」》』")
_QUOTE = re.compile(r"[“「《『”」》』]")
_END = re.compile(r"(?:[。！？；!?;]|……|\.{6})+[”’」』》）)]*")


def split_sentences(block_text: str, kept: list[tuple[int, int]]) -> tuple[Sentence, ...]:
    """Split at 。！？； and …… outside quotes (“” 「」 《》 『』); offsets map through ``kept``."""
    if not _QUOTE.search(block_text):  # no quotes: every run of end marks cuts
        cuts = [m.end() for m in _END.finditer(block_text)]
    else:
        cuts = _cuts_outside_quotes(block_text)
    if not cuts or cuts[-1] != len(block_text):
        cuts.append(len(block_text))
    out: list[Sentence] = []
    prev = 0
    for c in cuts:
        seg = block_text[prev:c]
        lead = len(seg) - len(seg.lstrip())
        s, e = prev + lead, c
        if e > s and block_text[s:e].strip():
            out.append(Sentence(block_text[s:e], _to_original(kept, s), _to_original(kept, e - 1) + 1))
        prev = c
    return tuple(out)


def _cuts_outside_quotes(block_text: str) -> list[int]:
    cuts: list[int] = []
    depth = 0
    for m in _SENT.finditer(block_text):
        tok = m.group(0)
        if tok in _OPEN:
            depth += 1
        elif tok in _CLOSE:
            depth = max(0, depth - 1)
        else:
            closers = sum(1 for c in tok if c in _CLOSE)
            if depth == 0:
                cuts.append(m.end())
            depth = max(0, depth - closers)
    return cuts


def _to_original(kept: list[tuple[int, int]], i: int) -> int:
    """Original offset of character ``i`` of the repaired text built from ``kept`` spans."""
    for a, b in kept:
        if i < b - a:
            return a + i
        i -= b - a
    return kept[-1][1] if kept else 0
