"""Features for the section classifier: the text of a block and its place in the document.

Text features are character n-grams (1-3) over the normalised view (half-width, Simplified) with
every digit masked to ``0``, weighted by sublinear tf-idf and L2-normalised. The vectoriser is our
own and vectorised with numpy, so training and prediction compute exactly the same numbers and
prediction needs neither scikit-learn nor scipy.

Structure features (dense, in ``[0, 1]``) describe the block (kind, level, numbering, part,
length, date or signature shape), its position in the document and the document's title.
Context features for the second pass are the first-pass probabilities of the previous and next
blocks, of the enclosing heading, of the enclosing level-1 heading and the document mean.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

import numpy as np

from ..records import Block, Segmentation

NGRAM_MAX = 3
_SHIFT = 21  # code points fit in 21 bits; an n-gram (n <= 3) is one 63-bit key
_DIGITS = re.compile(r"[0-9]")
_PLACEHOLDER = re.compile(r"(?<![A-Za-z])[xX×]{1,4}(?![A-Za-z])")
_DATE_LINE = re.compile(r"^[\s(（]*([0-9]{2,4}|[0〇零一二三四五六七八九十○xX]{2,4})\s*年([0-9一二三四五六七八九十0xX]{1,2}月)?"
                        r"([0-9一二三四五六七八九十0xX]{1,3}日)?[\s)）]*$")
_SIGNATURE = re.compile(r"(工会|委员会|工会委员会|办公室|女职工委员会|联合会|分会)[\s]*$")
_END_PUNCT = set("。；;！!？?…")
_BLANKS = " \t\u3000"

STRUCT_NAMES = (
    "heading", "paragraph", "level0", "level1", "level2", "level3", "level4", "numbered",
    "plan_part", "first_block", "second_block", "first_paragraph", "last_block", "last3",
    "rel_pos", "log_len", "short", "ends_punct", "date_line", "signature", "title_plan", "title_summary",
    "doc_has_plan", "title_listing", "under_heading", "bias",
)
CONTEXT_SLOTS = ("prev", "next", "heading", "top", "doc")


def mask(view: str) -> str:
    """Digits and x-placeholders to ``0`` so numbers never become features."""
    return _PLACEHOLDER.sub(lambda m: "0" * len(m.group()), _DIGITS.sub("0", view))


@dataclass
class DocBlocks:
    """The non-noise blocks of one document with their masked views and structure."""

    doc: int
    indices: list[int]            # block index in the document
    blocks: list[Block]
    views: list[str]              # masked normalised text, one per block
    struct: np.ndarray            # (n, len(STRUCT_NAMES))
    heading_of: list[int]         # position (in this list) of the enclosing heading, -1 if none
    top_of: list[int]             # position of the enclosing level-1 heading, -1 if none
    title: str = ""


@dataclass
class Prepared:
    """A segmentation turned into per-document block lists (noise skipped)."""

    docs: list[DocBlocks] = field(default_factory=list)

    @property
    def n(self) -> int:
        return sum(len(d.blocks) for d in self.docs)

    def views(self) -> list[str]:
        return [v for d in self.docs for v in d.views]

    def struct(self) -> np.ndarray:
        if not self.docs:
            return np.zeros((0, len(STRUCT_NAMES)))
        return np.vstack([d.struct for d in self.docs])

    def heading_index(self) -> np.ndarray:
        """Row (over all blocks) of every block's enclosing heading, -1 where there is none."""
        out, pos = [], 0
        for d in self.docs:
            out.extend(pos + h if h >= 0 else -1 for h in d.heading_of)
            pos += len(d.blocks)
        return np.asarray(out, dtype=np.int64)


def _views_of(texts: Sequence[str]) -> list[str]:
    """Normalised, masked views of many short texts with one OpenCC call."""
    from ..read.view import normalize_view

    if not texts:
        return []
    joined = "\n".join(t.replace("\n", " ") for t in texts)
    view = mask(normalize_view(joined))
    out, pos = [], 0
    for t in texts:
        out.append(view[pos:pos + len(t)])
        pos += len(t) + 1
    return out


def prepare(seg: Segmentation) -> Prepared:
    """Blocks, views and structure features of every document of ``seg``."""
    per_doc: list[tuple[int, list[int], list[Block]]] = []
    texts: list[str] = []
    for d, doc in enumerate(seg.documents):
        idx = [i for i, b in enumerate(doc.blocks) if b.kind != "noise"]
        blocks = [doc.blocks[i] for i in idx]
        per_doc.append((d, idx, blocks))
        texts.extend(b.text for b in blocks)
        texts.append(doc.title or "")
    views = _views_of(texts)
    out = Prepared()
    pos = 0
    for d, idx, blocks in per_doc:
        bviews = views[pos:pos + len(blocks)]
        title = views[pos + len(blocks)]
        pos += len(blocks) + 1
        struct, heading_of, top_of = _structure(blocks, bviews, title)
        out.docs.append(DocBlocks(d, idx, blocks, bviews, struct, heading_of, top_of, title))
    return out


def _structure(blocks: list[Block], views: list[str], title: str) -> tuple[np.ndarray, list[int], list[int]]:
    n = len(blocks)
    s = np.zeros((n, len(STRUCT_NAMES)))
    col = {name: k for k, name in enumerate(STRUCT_NAMES)}
    title_plan = float(("计划" in title or "要点" in title or "安排" in title or "打算" in title) and "总结" not in title)
    title_summary = float("总结" in title or "报告" in title or "回顾" in title)
    title_listing = float(bool(re.search(r"(精选|合集|范文|大全|0+篇)", title)))
    doc_has_plan = float(any(b.part == "plan" for b in blocks))
    first_par = next((k for k, b in enumerate(blocks) if b.kind == "paragraph"), -1)
    heading_of, top_of = [], []
    stack: list[tuple[int, int]] = []  # (level, position)
    for k, (b, v) in enumerate(zip(blocks, views)):
        row = s[k]
        lvl = b.level
        row[col["heading"]] = b.kind == "heading"
        row[col["paragraph"]] = b.kind == "paragraph"
        if lvl is not None and 0 <= lvl <= 4:
            row[col[f"level{lvl}"]] = 1.0
        row[col["numbered"]] = b.numbering is not None
        row[col["plan_part"]] = b.part == "plan"
        row[col["first_block"]] = k == 0
        row[col["second_block"]] = k == 1
        row[col["first_paragraph"]] = k == first_par
        row[col["last_block"]] = k == n - 1
        row[col["last3"]] = k >= n - 3
        row[col["rel_pos"]] = k / (n - 1) if n > 1 else 0.0
        length = len(v.strip())
        row[col["log_len"]] = min(math.log1p(length) / 6.0, 1.0)
        row[col["short"]] = length <= 20
        stripped = v.rstrip()
        row[col["ends_punct"]] = bool(stripped) and stripped[-1] in _END_PUNCT
        row[col["date_line"]] = length <= 24 and bool(_DATE_LINE.match(v.strip()))
        row[col["signature"]] = length <= 30 and bool(_SIGNATURE.search(v))
        row[col["title_plan"]] = title_plan
        row[col["title_summary"]] = title_summary
        row[col["doc_has_plan"]] = doc_has_plan
        row[col["title_listing"]] = title_listing
        row[col["bias"]] = 1.0
        if n == 1:  # a lone block has no position: leave first/last/rel_pos neutral (mid-document)
            for name in ("first_block", "first_paragraph", "last_block", "last3", "rel_pos"):
                row[col[name]] = 0.0
        # enclosing headings: a block's own level closes deeper or equal levels
        own = lvl if (lvl is not None and lvl >= 1) else None
        if b.kind == "heading" or own is not None:
            level = own if own is not None else 1
            if lvl == 0:
                stack = []
            else:
                while stack and stack[-1][0] >= level:
                    stack.pop()
            heading_of.append(stack[-1][1] if stack else -1)
            top_of.append(next((p for l_, p in stack if l_ == 1), -1))
            if lvl != 0:
                stack.append((level, k))
        else:
            heading_of.append(stack[-1][1] if stack else -1)
            top_of.append(next((p for l_, p in stack if l_ == 1), -1))
        row[col["under_heading"]] = heading_of[-1] >= 0
    return s, heading_of, top_of


def context(prepared: Prepared, probs: np.ndarray) -> np.ndarray:
    """Second-pass context features from first-pass probabilities ``probs`` (n, labels)."""
    n, m = probs.shape
    out = np.zeros((n, m * len(CONTEXT_SLOTS) + len(CONTEXT_SLOTS)))
    pos = 0
    for d in prepared.docs:
        k = len(d.blocks)
        p = probs[pos:pos + k]
        mean = p.mean(axis=0) if k else np.zeros(m)
        for j in range(k):
            row = out[pos + j]
            refs = (j - 1 if j > 0 else -1, j + 1 if j + 1 < k else -1, d.heading_of[j], d.top_of[j])
            for s, r in enumerate(refs):
                if r >= 0:
                    row[s * m:(s + 1) * m] = p[r]
                else:
                    row[m * len(CONTEXT_SLOTS) + s] = 1.0  # "no such neighbour" flag
            row[4 * m:5 * m] = mean
        pos += k
    return out


# -- char n-grams ----------------------------------------------------------------------------

def ngram_key(gram: str) -> int:
    key = 0
    for i, ch in enumerate(gram):
        key |= ord(ch) << (_SHIFT * (2 - i))
    return key


class CharNgrams:
    """Sublinear tf-idf over character 1-3 grams with a fixed, sorted vocabulary.

    ``vocabulary`` is a sorted list of n-grams, ``idf`` their weights. ``transform`` returns the
    nonzero entries ``(rows, cols, values)`` of the L2-normalised matrix.
    """

    def __init__(self, vocabulary: Sequence[str], idf: Sequence[float]):
        self.vocabulary = list(vocabulary)
        keys = np.array([ngram_key(g) for g in self.vocabulary], dtype=np.uint64)
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self._cols = order.astype(np.int64)
        self.idf = np.asarray(idf, dtype=np.float64)

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
            idx = np.searchsorted(self._keys, key)
            idx[idx >= len(self._keys)] = 0
            hit = self._keys[idx] == key if len(self._keys) else np.zeros(len(key), dtype=bool)
            rows_l.append(r[hit])
            cols_l.append(self._cols[idx[hit]])
        rows = np.concatenate(rows_l)
        cols = np.concatenate(cols_l)
        width = max(self.size, 1)
        flat, counts = np.unique(rows * width + cols, return_counts=True)
        rows, cols = flat // width, flat % width
        vals = (1.0 + np.log(counts)) * self.idf[cols]
        norms = np.sqrt(np.bincount(rows, weights=vals * vals, minlength=len(texts)))
        norms[norms == 0] = 1.0
        return rows, cols, vals / norms[rows]

    def scores(self, texts: Sequence[str], weights: np.ndarray, chunk: int = 4000) -> np.ndarray:
        """``X @ weights`` for the tf-idf matrix X of ``texts`` (weights: vocab x labels)."""
        out = np.zeros((len(texts), weights.shape[1]))
        for a in range(0, len(texts), chunk):
            part = texts[a:a + chunk]
            rows, cols, vals = self.transform(part)
            for j in range(weights.shape[1]):
                out[a:a + len(part), j] = np.bincount(rows, weights=vals * weights[cols, j], minlength=len(part))
        return out
