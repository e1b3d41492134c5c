"""zongjie's own jieba lexicon: union terms kept whole (职代会, 金秋助学, 劳模创新工作室 ...).

The terms live in ``data/union_words.txt`` (jieba user-dictionary format, ``word freq tag``
per line). :func:`tokenizer` builds a private :class:`jieba.Tokenizer` with them loaded; the
global ``jieba.dt`` (used by ``jieba.cut``) is never touched, so importing or using zongjie
does not change how jieba segments text for anyone else. jieba is imported lazily.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from typing import Any, Iterator

__all__ = ["tokenizer", "pos_tokenizer", "union_words", "cut"]

_DATA = "data/union_words.txt"
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def union_words() -> tuple[tuple[str, int, str], ...]:
    """The lexicon as ``(word, freq, tag)`` rows, in file order."""
    raw = resources.files("zongjie").joinpath(_DATA).read_text(encoding="utf-8")
    rows = []
    for line in raw.splitlines():
        parts = line.split()
        if not parts:
            continue
        word = parts[0]
        freq = int(parts[1]) if len(parts) > 1 else 3000
        tag = parts[2] if len(parts) > 2 else "n"
        rows.append((word, freq, tag))
    return tuple(rows)


@contextmanager
def _quiet_jieba() -> Iterator[None]:
    """Raise jieba's own logger to WARNING for the duration; restore the level afterwards."""
    log = logging.getLogger("jieba")
    old = log.level
    log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        log.setLevel(old)


@lru_cache(maxsize=1)
def tokenizer() -> Any:
    """A cached ``jieba.Tokenizer`` of our own, initialised, with the union terms added.

    Words are added with ``add_word`` on this private instance (never on ``jieba.dt``).
    """
    import jieba

    with _LOCK, _quiet_jieba():
        tk = jieba.Tokenizer()
        tk.initialize()
        for word, freq, tag in union_words():
            tk.add_word(word, freq, tag)
    return tk


@lru_cache(maxsize=1)
def pos_tokenizer() -> Any:
    """A ``jieba.posseg.POSTokenizer`` over :func:`tokenizer` (part-of-speech tags included)."""
    import jieba.posseg

    tk = tokenizer()
    with _LOCK, _quiet_jieba():
        return jieba.posseg.POSTokenizer(tk)


def cut(text: str, hmm: bool = True) -> list[str]:
    """Words of ``text`` by our tokenizer."""
    return tokenizer().lcut(text, HMM=hmm)
