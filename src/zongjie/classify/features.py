"""Inputs of the section classifier: each document's blocks, their views, structure features, n-grams.

Text features are character n-grams (1-3) over the normalised view (half-width, Simplified) with every
digit and x-placeholder masked to ``0`` and ASCII punctuation folded to its full-width form (real pages
mix ``,`` and ``，``), weighted by sublinear tf-idf and L2-normalised. The vectoriser is our own and
vectorised with numpy, so training and prediction compute the same numbers and prediction needs
neither scikit-learn nor scipy. Structure features come from :mod:`zongjie.structure.features`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Optional, Sequence

import numpy as np

from ..records import Block, Segmentation
from ..structure import features as structure_features

NGRAM_MAX = 3
_SHIFT = 21  # code points fit in 21 bits; an n-gram (n <= 3) is one 63-bit key
_DIGITS = re.compile(r"[0-9]")
_PLACEHOLDER = re.compile(r"(?<![A-Za-z])[xX×]{1,4}(?![A-Za-z])")
_FOLD_PAIRS = ((",", "，"), (":", "："), (";", "；"), ("!", "！"), ("?", "？"), ("(", "（"), (")", "）"))
_BLANKS = " \t\u3000"


def mask(view: str) -> str:
    """Digits and x-placeholders to ``0`` (numbers never become features), ASCII punctuation folded."""
    out = _PLACEHOLDER.sub(lambda m: "0" * len(m.group()), _DIGITS.sub("0", view))
    for a, b in _FOLD_PAIRS:
        out = out.replace(a, b)
    return out


@dataclass
class DocInput:
    """One document's non-noise blocks as the classifier sees them.

    ``views`` are the normalised texts (same length as the block texts), ``struct`` the structure
    feature matrix (rows = blocks, columns = ``structure.features.NAMES``), ``heading_of`` the position of
    each block's enclosing heading (-1 for none)."""

    doc: int
    indices: list[int]
    blocks: list[Block]
    views: list[str]
    struct: np.ndarray
    heading_of: list[int]
    masked: list[str]

    @property
    def n(self) -> int:
        return len(self.blocks)

    def heading_views(self) -> list[str]:
        return [self.views[h] if h >= 0 else "" for h in self.heading_of]

    def masked_headings(self) -> list[str]:
        return [self.masked[h] if h >= 0 else "" for h in self.heading_of]


def _views_of(texts: Sequence[str]) -> list[str]:
    """Normalised views of many short texts with one OpenCC call."""
    from ..read.view import normalize_view

    if not texts:
        return []
    joined = "\n".join(t.replace("\n", " ") for t in texts)
    view = normalize_view(joined)
    out, pos = [], 0
    for t in texts:
        out.append(view[pos:pos + len(t)])
        pos += len(t) + 1
    return out


def heading_positions(blocks: Sequence[Block]) -> list[int]:
    """Position of each block's enclosing heading: a heading closes the headings of its level and deeper."""
    out: list[int] = []
    stack: list[tuple[int, int]] = []
    for k, b in enumerate(blocks):
        if b.kind == "heading" and b.level == 0:
            stack = []
            out.append(-1)
        elif b.kind == "heading" and b.level is not None:
            while stack and stack[-1][0] >= b.level:
                stack.pop()
            out.append(stack[-1][1] if stack else -1)
            stack.append((b.level, k))
        else:
            out.append(stack[-1][1] if stack else -1)
    return out


def prepare(seg: Segmentation, page_keys: Optional[Mapping[str, int]] = None) -> list[DocInput]:
    """The classifier's input for every document of ``seg`` (noise blocks left out).

    ``page_keys`` counts repeated lines over the page (:func:`zongjie.structure.features.page_keys`, of
    ``seg.text`` by default); a window of a longer text passes the counts of the whole."""
    per_doc: list[tuple[int, list[int], list[Block]]] = []
    for d, doc in enumerate(seg.documents):
        idx = [i for i, b in enumerate(doc.blocks) if b.kind != "noise"]
        per_doc.append((d, idx, [doc.blocks[i] for i in idx]))
    views = _views_of([b.text for _, _, blocks in per_doc for b in blocks])
    joined = "\n".join(views)
    masked = _split_like(mask(joined), views)  # one pass each: masking and folding keep lengths
    folded = _split_like(structure_features.fold(joined), views)
    if page_keys is None:
        page_keys = structure_features.page_keys(seg.text)
    counts = structure_features.page_counts(folded)
    out, pos = [], 0
    for d, idx, blocks in per_doc:
        v = views[pos:pos + len(blocks)]
        mv = masked[pos:pos + len(blocks)]
        here = {name: a[pos:pos + len(blocks)] for name, a in counts.items()}
        struct = structure_features.block_matrix(blocks, folded[pos:pos + len(blocks)], page_keys, here)
        pos += len(blocks)
        out.append(DocInput(d, idx, blocks, v, struct, heading_positions(blocks), mv))
    return out


def _split_like(joined: str, parts: Sequence[str]) -> list[str]:
    """``joined`` (the parts joined by one separator character, same lengths) cut back into parts."""
    out, pos = [], 0
    for p in parts:
        out.append(joined[pos:pos + len(p)])
        pos += len(p) + 1
    return out


# -- char n-grams ----------------------------------------------------------------------------

def ngram_key(gram: str) -> int:
    key = 0
    for i, ch in enumerate(gram):
        key |= ord(ch) << (_SHIFT * (2 - i))
    return key


class _KeyTable:
    """The vocabulary's n-gram keys in an open-addressing hash table (linear probing, at most 1/8 full):
    looking up every n-gram of a page costs a gather or two per key, where a binary search of the sorted
    keys cost about twenty dependent steps."""

    _MULT = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the top bits of key * MULT

    def __init__(self, keys: Sequence[int]):
        bits = max(4, (8 * max(len(keys), 1) - 1).bit_length())
        self._shift = np.uint64(64 - bits)
        self._mask = (1 << bits) - 1
        self._keys = np.zeros(1 << bits, dtype=np.uint64)
        self._cols = np.full(1 << bits, -1, dtype=np.int64)
        homes = self._home(np.asarray(keys, dtype=np.uint64)).tolist()
        for col, (key, slot) in enumerate(zip(keys, homes)):
            while self._cols[slot] >= 0 and int(self._keys[slot]) != key:
                slot = (slot + 1) & self._mask
            if self._cols[slot] < 0:  # a repeated key keeps its first column
                self._keys[slot], self._cols[slot] = key, col

    def _home(self, keys: np.ndarray) -> np.ndarray:
        return ((keys * self._MULT) >> self._shift).astype(np.int64)

    def columns(self, keys: np.ndarray) -> np.ndarray:
        """The column of each key, -1 for a key not in the vocabulary."""
        out = np.full(len(keys), -1, dtype=np.int64)
        slot = self._home(keys)
        todo = np.arange(len(keys))
        while len(todo):
            cols = self._cols[slot]
            found = (cols >= 0) & (self._keys[slot] == keys[todo])
            out[todo[found]] = cols[found]
            more = (cols >= 0) & ~found  # the slot holds another key: probe the next one
            todo, slot = todo[more], (slot[more] + 1) & self._mask
        return out


class CharNgrams:
    """Sublinear tf-idf over character 1-3 grams with a fixed, sorted vocabulary.

    ``vocabulary`` is a sorted list of n-grams, ``idf`` their weights. ``transform`` returns the
    nonzero entries ``(rows, cols, values)`` of the L2-normalised matrix.
    """

    def __init__(self, vocabulary: Sequence[str], idf: Sequence[float]):
        self.vocabulary = list(vocabulary)
        self.idf = np.asarray(idf, dtype=np.float64)
        self._table = _KeyTable([ngram_key(g) for g in self.vocabulary])

    @property
    def size(self) -> int:
        return len(self.vocabulary)

    @staticmethod
    def grams(text: str) -> Iterable[str]:
        n = len(text)
        for i in range(n):
            for k in range(1, NGRAM_MAX + 1):
                if i + k <= n:
                    g = text[i:i + k]
                    if not any(c in _BLANKS for c in g):
                        yield g

    @classmethod
    def fit(cls, texts: Sequence[str], min_df: int = 2, max_features: Optional[int] = None) -> "CharNgrams":
        df: dict[str, int] = {}
        for t in texts:
            for g in set(cls.grams(t)):
                df[g] = df.get(g, 0) + 1
        items = [(g, c) for g, c in df.items() if c >= min_df]
        if max_features is not None and len(items) > max_features:
            items.sort(key=lambda gc: (-gc[1], gc[0]))
            items = items[:max_features]
        items.sort()
        n = len(texts)
        vocab = [g for g, _ in items]
        idf = [round(math.log((1 + n) / (1 + c)) + 1.0, 6) for _, c in items]
        return cls(vocab, idf)

    def transform(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if not texts:
            e = np.zeros(0, dtype=np.int64)
            return e, e, np.zeros(0)
        joined = "".join(texts)
        cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
        row_of = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        total = len(cps)
        space = (cps == 32) | (cps == 9) | (cps == 0x3000)
        rows_l, cols_l = [], []
        for k in range(1, NGRAM_MAX + 1):
            m = total - k + 1
            if m <= 0:
                break
            key = np.zeros(m, dtype=np.uint64)
            ok = np.ones(m, dtype=bool)
            for j in range(k):
                key |= cps[j:j + m] << np.uint64(_SHIFT * (2 - j))
                ok &= ~space[j:j + m]
            if k > 1:
                ok &= row_of[:m] == row_of[k - 1:k - 1 + m]
            key = key[ok]
            r = row_of[:m][ok]
            col = self._table.columns(key)
            hit = col >= 0
            rows_l.append(r[hit])
            cols_l.append(col[hit])
        if not rows_l:
            e = np.zeros(0, dtype=np.int64)
            return e, e, np.zeros(0)
        rows = np.concatenate(rows_l)
        cols = np.concatenate(cols_l)
        # counts per (row, column): one in-place sort of the flat keys (far cheaper than np.unique or a
        # COO -> CSR conversion), then the run lengths; the result is sorted by row, then column
        width = max(self.size, 1)
        flat = rows * width + cols
        if not len(flat):  # no n-gram of the texts is in the vocabulary
            e = np.zeros(0, dtype=np.int64)
            return e, e, np.zeros(0)
        flat.sort()
        first = np.flatnonzero(np.concatenate(([True], flat[1:] != flat[:-1])))
        counts = np.diff(np.concatenate((first, [len(flat)])))
        flat = flat[first]
        rows, cols = flat // width, flat % width
        vals = (1.0 + np.log(counts)) * self.idf[cols]
        norms = np.sqrt(np.bincount(rows, weights=vals * vals, minlength=len(texts)))
        norms[norms == 0] = 1.0
        return rows, cols, vals / norms[rows]

    def matrix(self, texts: Sequence[str]) -> "SparseRows":
        """The tf-idf rows of ``texts`` (computed once, applied to several weight matrices)."""
        rows, cols, vals = self.transform(list(texts))
        return SparseRows(rows, cols, vals, len(texts))

    def scores(self, texts: Sequence[str], weights: np.ndarray, chunk: int = 4000) -> np.ndarray:
        """``X @ weights`` for the tf-idf matrix X of ``texts`` (weights: vocab x labels)."""
        out = np.zeros((len(texts), weights.shape[1]))
        for a in range(0, len(texts), chunk):
            part = texts[a:a + chunk]
            rows, cols, vals = self.transform(part)
            for j in range(weights.shape[1]):
                out[a:a + len(part), j] = np.bincount(rows, weights=vals * weights[cols, j], minlength=len(part))
        return out


@dataclass(frozen=True)
class SparseRows:
    """A sparse matrix as (row, column, value) triples with ``n`` rows: tf-idf rows of some texts."""

    rows: np.ndarray
    cols: np.ndarray
    vals: np.ndarray
    n: int

    def dot(self, weights: np.ndarray) -> np.ndarray:
        """``self @ weights`` (weights: vocabulary x k), as a compressed sparse row product (scipy, in C)."""
        import scipy.sparse as sp

        if self.n == 0:
            return np.zeros((0, weights.shape[1]))
        shape = (self.n, weights.shape[0])
        if len(self.rows) and bool(np.all(self.rows[1:] >= self.rows[:-1])):  # row-sorted (as transform gives)
            indptr = np.concatenate(([0], np.cumsum(np.bincount(self.rows, minlength=self.n))))
            m = sp.csr_matrix((self.vals, self.cols, indptr), shape=shape)
        else:
            m = sp.csr_matrix((self.vals, (self.rows, self.cols)), shape=shape)
        return np.asarray(m @ weights)

    def take(self, index: Sequence[int]) -> "SparseRows":
        """Row ``j`` of the result is row ``index[j]`` of this matrix (an empty row where it is -1)."""
        index = np.asarray(index, dtype=np.int64)
        order = np.argsort(self.rows, kind="stable")
        rows, cols, vals = self.rows[order], self.cols[order], self.vals[order]
        starts = np.searchsorted(rows, np.arange(self.n + 1))
        pick_r, pick_i = [], []
        for j, src in enumerate(index):
            if src >= 0:
                a, b = starts[src], starts[src + 1]
                pick_i.append(np.arange(a, b))
                pick_r.append(np.full(b - a, j, dtype=np.int64))
        if not pick_i:
            e = np.zeros(0, dtype=np.int64)
            return SparseRows(e, e, np.zeros(0), len(index))
        sel = np.concatenate(pick_i)
        return SparseRows(np.concatenate(pick_r), cols[sel], vals[sel], len(index))
