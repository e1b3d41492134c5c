"""Structure features: what a reader sees of a block's role on the page, as dense numbers.

Nothing here is about a block's topic. The columns describe a block's shape (kind, level, numbering,
length, punctuation, Markdown markers), its cue-word groups (``lang/zh/cues.json``: page chrome, title
words, tense), its line shapes (``lang/zh/lines.json``: title, plan heading, plan lead-in, date and
signature lines), its place (the title slot right before the body), repetition on the page (a listing
title repeated, a teaser that repeats the next lines), its neighbours' shape and its document's (the
tense of the whole document, its title words). Every column is in ``[0, 1]``; one row per block.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Mapping, Optional, Sequence

import numpy as np

from .. import lang
from ..records import Block

CHROME_GROUPS = ("navigation", "byline", "listing", "filler", "related", "footer", "docsite", "web")
_SITE_GROUPS = ("navigation", "byline", "related", "footer", "docsite", "web")

SHAPE = (
    "heading", "paragraph", "level0", "level1", "level2", "level3", "level4", "numbered",
    "md_heading", "bullet", "table_row",
    "len_log", "len_le8", "len_le20", "len_le40", "len_gt80", "len_gt200",
    "ends_punct", "ends_colon", "has_comma", "sentences",
)
CUES = (
    *(f"chrome_{g}" for g in CHROME_GROUPS), "chrome_any2", "chrome_line",
    "title_like", "marker", "marker_cue", "title_plan", "title_summary", "title_genre", "title_listing",
    "date_line", "signature_line", "plan_heading", "plan_intro", "plan_start", "plan_turn",
    "future", "resolve", "past", "future_lead", "resolve_lead", "plan_section", "summary_opener",
    "plan_opener", "figures", "speech", "report",
)
REPETITION = ("repeated", "repeat_later", "teaser")
POSITION = ("first", "second", "rel_pos", "before_body", "title_slot", "slot_marker", "slot_plain",
            "after_slot", "last", "last3")
NEIGHBOUR = ("prev_chromeish", "next_chromeish", "prev_titleish", "next_titleish", "next_body", "prev_body",
             "next_filler", "next_heading")
DOCUMENT = ("doc_title_plan", "doc_title_summary", "doc_future", "doc_past", "doc_plan_heading", "doc_n_log")
NAMES = SHAPE + CUES + REPETITION + POSITION + NEIGHBOUR + DOCUMENT + ("bias",)
COL = {name: k for k, name in enumerate(NAMES)}

_MD_LEAD = re.compile(r"^(?:#{1,6}\s*|[-–—*•·]\s+)")
_MD_STRONG = re.compile(r"\*\*|__")
_FOLD_PAIRS = ((",", "，"), (":", "："), (";", "；"), ("!", "！"), ("?", "？"))
_FIG = re.compile(r"\d{1,12}(?:\.\d{1,6})?\s?(?:%|人次|人|名|次|元|万元|家|户|场|个|项|期|份|篇|件|条|支|所)")
_CHROME_SPAN = 160
_FILLER_BODY = 0.25  # a paragraph with this much filler cue (two hits in a long one) is editors' filler
_INTRO_SPAN = 300
_KEY_DROP = re.compile(r"[\s\dxX×*#>·•\-–—_]+")
_KEY_LEN = 80


def _alternation(words: Sequence[str], regex: bool = False) -> re.Pattern[str]:
    parts = list(words) if regex else [re.escape(w) for w in sorted(words, key=len, reverse=True)]
    return re.compile("|".join(f"(?:{p})" for p in parts))


@lru_cache(maxsize=1)
def cues() -> Mapping[str, re.Pattern[str]]:
    """The cue groups of ``cues.json`` compiled: ``chrome_byline``, ``title_plan_words``, ``tense_past`` ..."""
    t = lang.table("cues")
    groups: dict[str, re.Pattern[str]] = {}
    for section in ("chrome", "title", "tense"):
        for name, words in t[section].items():
            groups[f"{section}_{name.removesuffix('_re')}"] = _alternation(words, name.endswith("_re"))
    for name, words in t["genre"].items():
        groups[f"genre_{name}"] = _alternation(words)
    groups["speech"] = _alternation(t["speech_re"], True)
    groups["report"] = _alternation(t["report_re"], True)
    return groups


def _count(rx: re.Pattern[str], s: str) -> int:
    return sum(1 for _ in rx.finditer(s))


def _squash(x: float, scale: float) -> float:
    """``x >= 0`` to ``[0, 1)``: about ``x / scale`` for small x, saturating."""
    return 1.0 - math.exp(-x / scale)


def line_key(view: str) -> str:
    """What two copies of a line share: the text without spaces, digits, placeholders and markers (its
    first 80 characters; dropping characters is local, so a long line's head is enough when it yields them)."""
    if len(view) > 2 * _KEY_LEN:
        head = _KEY_DROP.sub("", view[:2 * _KEY_LEN])
        if len(head) >= _KEY_LEN:
            return head[:_KEY_LEN]
    return _KEY_DROP.sub("", view)[:_KEY_LEN]


def page_keys(text: str) -> Counter[str]:
    """How often each line's key occurs in the whole text (every document of a page): a listing title said
    three times, a title repeated in the body. Computed on the text's lines, so a long text analysed window
    by window can be given the counts of the whole (``Pipeline.iter_analyse``)."""
    from ..read.view import normalize_view

    return Counter(k for k in (line_key(fold(line.strip())) for line in normalize_view(text).split("\n")) if k)


def fold(view: str) -> str:
    """ASCII punctuation to full-width (``,`` -> ``，``): the line shapes are written for the full-width forms
    and real pages mix both. Same length."""
    for a, b in _FOLD_PAIRS:
        view = view.replace(a, b)
    return view


def _plain(view: str) -> tuple[str, Optional[str]]:
    """The block's (folded) text without Markdown heading/bullet markers and bold marks, and the marker."""
    raw = view.strip()
    md = _MD_LEAD.match(raw)
    body = raw[md.end():] if md else raw
    if "*" in body or "_" in body:
        body = _MD_STRONG.sub(lambda x: " " * len(x.group()), body)
    return body.strip(), (md.group().strip() if md else None)


def _shape(row: list, b: Block, raw: str, s: str, marker: Optional[str], pat) -> None:
    c = COL
    row[c["heading"]] = b.kind == "heading"
    row[c["paragraph"]] = b.kind == "paragraph"
    if b.level is not None and 0 <= b.level <= 4:
        row[c[f"level{b.level}"]] = 1.0
    row[c["md_heading"]] = marker is not None and marker.startswith("#")
    row[c["bullet"]] = marker is not None and not marker.startswith("#")
    row[c["table_row"]] = raw.count("|") >= 2
    n = len(s)
    row[c["len_log"]] = min(math.log1p(n) / 7.0, 1.0)
    row[c["len_le8"]], row[c["len_le20"]], row[c["len_le40"]] = n <= 8, n <= 20, n <= 40
    row[c["len_gt80"]], row[c["len_gt200"]] = n > 80, n > 200
    row[c["ends_punct"]] = pat.ends_sentence(s)
    row[c["ends_colon"]] = s.endswith("：")
    row[c["has_comma"]] = "，" in s


_COUNTED = tuple(f"chrome_{g}" for g in CHROME_GROUPS) + (
    "tense_future", "tense_past", "tense_resolve", "figures", "sentences", "summary_opener", "plan_opener",
    "plan_turn", "speech")


def page_counts(views: Sequence[str]) -> dict[str, np.ndarray]:
    """Cue counts of every block of a page, each regex run once over the joined page (linear, in C).

    Chrome cues count in a block's first ``_CHROME_SPAN`` characters only (chrome sits in short lines and
    at the start of lines); the others over the whole block."""
    from ..segment.lines import patterns

    cue, pat = cues(), patterns()
    lengths = np.fromiter((len(v) + 1 for v in views), dtype=np.int64, count=len(views))
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if len(views) else np.zeros(0, dtype=np.int64)
    joined = "\n".join(views)
    regex = {name: cue[name] for name in _COUNTED if name in cue}
    regex.update(figures=_FIG, sentences=pat.sentence_end, summary_opener=cue["genre_summary_openers"],
                 plan_opener=cue["genre_plan_openers"], plan_turn=pat.plan_turn, speech=cue["speech"])
    out = {}
    for name, rx in regex.items():
        pos = np.fromiter((m.start() for m in rx.finditer(joined)), dtype=np.int64)
        owner = np.searchsorted(starts, pos, side="right") - 1
        if name.startswith("chrome_"):
            owner = owner[pos - starts[owner] < _CHROME_SPAN] if len(pos) else owner
        out[name] = np.bincount(owner, minlength=len(views)).astype(float) if len(views) else np.zeros(0)
    return out


def _cues(row: list, b: Block, s: str, marker: Optional[str], pat, count: Mapping[str, float]) -> None:
    c, cue = COL, cues()
    n = len(s)
    num = pat.numbering_of(s)
    body = s[num[1]:].strip() if num else s
    row[c["numbered"]] = num is not None
    bulleted = marker is None or not marker.startswith("#")  # a list bullet (- 标签:) is no heading
    row[c["chrome_line"]] = bulleted and num is None and pat.is_chrome_line(s[:_CHROME_SPAN])
    n_sent = count["sentences"]
    row[c["sentences"]] = _squash(n_sent, 3.0)
    short = n <= 60 and (n_sent == 0 or (n <= 40 and n_sent == 1 and "，" not in s))  # a headline with a 。
    head = s[:60]
    row[c["title_like"]] = bool(pat.title_like.match(s))
    row[c["marker"]] = pat.is_marker(s)
    row[c["marker_cue"]] = n <= 60 and bool(cue["title_marker"].search(s))
    row[c["title_plan"]] = short and bool(cue["title_plan_words"].search(head))
    row[c["title_summary"]] = short and bool(cue["title_summary_words"].search(head))
    row[c["title_genre"]] = n <= 80 and bool(cue["title_genre_words"].search(head))
    row[c["title_listing"]] = bool(cue["title_listing"].search(head))
    row[c["date_line"]] = bool(pat.date_line.match(s))
    row[c["signature_line"]] = bool(pat.signature_line.match(s))
    row[c["plan_heading"]] = (b.kind == "heading" or short) and bool(pat.plan_heading.search(body))
    row[c["plan_intro"]] = n <= _INTRO_SPAN and bool(pat.plan_intro.search(s))
    row[c["plan_start"]] = bool(pat.plan_start_para.match(body))
    row[c["plan_turn"]] = count["plan_turn"] > 0
    per = max(n_sent, 1)
    row[c["future"]] = _squash(count["tense_future"] / per, 2.0)
    row[c["past"]] = _squash(count["tense_past"] / per, 2.0)
    row[c["resolve"]] = _squash(count["tense_resolve"] / per, 2.0)
    row[c["future_lead"]] = bool(cue["tense_future"].match(body))
    row[c["resolve_lead"]] = bool(cue["tense_lead"].search(body))
    row[c["plan_section"]] = n <= 40 and bool(cue["genre_plan_sections"].search(s))
    row[c["summary_opener"]] = count["summary_opener"] > 0
    row[c["plan_opener"]] = count["plan_opener"] > 0
    row[c["figures"]] = _squash(count["figures"], 2.0)
    row[c["speech"]] = count["speech"] > 0
    row[c["report"]] = bool(cue["report"].search(s[:40]))


def _chrome(m: np.ndarray, counts: Mapping[str, np.ndarray], lengths: np.ndarray) -> None:
    """The chrome cue columns of all blocks at once: each group's squashed count, damped in long blocks."""
    c = COL
    damp = np.where(lengths <= 120, 1.0, 0.3)
    hits = np.zeros(len(m))
    for g in CHROME_GROUPS:
        k = np.asarray(counts[f"chrome_{g}"], dtype=float)
        m[:, c[f"chrome_{g}"]] = (1.0 - np.exp(-k)) * damp
        hits += k > 0
    m[:, c["chrome_any2"]] = hits >= 2


def _repetition(m: np.ndarray, keys: Sequence[str], on_page: Optional[Mapping[str, int]]) -> None:
    """Repeated lines (a listing title said twice, a title repeated in the body) and teasers (a line that
    holds the start of the lines after it)."""
    c, n = COL, len(keys)
    here = Counter(keys)
    seen: Counter[str] = Counter()
    for i, key in enumerate(keys):
        seen[key] += 1
        if not key:
            continue
        m[i, c["repeated"]] = here[key] > 1 or (on_page is not None and on_page.get(key, 0) > 1)
        m[i, c["repeat_later"]] = here[key] > seen[key]
        if len(key) >= 12 and i + 2 < n:
            m[i, c["teaser"]] = keys[i + 2][:10] in key or keys[i + 1][:10] in key[10:]


def _position(m: np.ndarray) -> None:
    c, n = COL, len(m)
    for i in range(n):
        m[i, c["first"]], m[i, c["second"]] = i == 0, i == 1
        m[i, c["rel_pos"]] = i / (n - 1) if n > 1 else 0.0
        m[i, c["last"]], m[i, c["last3"]] = i == n - 1, i >= n - 3
    _title_slot(m)


def _site_chrome(m: np.ndarray, i: int) -> bool:
    return bool(m[i, COL["chrome_line"]] or max(m[i, COL[f"chrome_{g}"]] for g in _SITE_GROUPS) >= 0.5)


def _titleish(m: np.ndarray, i: int) -> bool:
    c = COL
    return bool(m[i, c["title_like"]] or m[i, c["marker"]] or m[i, c["marker_cue"]]
                or (m[i, c["len_le40"]] and not m[i, c["ends_punct"]] and not m[i, c["has_comma"]]))


def body_start(m: np.ndarray) -> int:
    """The first block that reads as text: a numbered item, a long paragraph or a sentence, not editors'
    filler or site chrome (``len(m)`` when there is none)."""
    c = COL
    for i in range(len(m)):
        headline = m[i, c["title_summary"]] or m[i, c["title_plan"]]
        texty = (m[i, c["numbered"]] and not m[i, c["marker_cue"]]) or m[i, c["len_gt80"]] or (
            not m[i, c["len_le8"]] and m[i, c["ends_punct"]] and not headline)
        if texty and m[i, c["chrome_filler"]] < _FILLER_BODY and not _site_chrome(m, i):
            return i
    return len(m)


def _title_slot(m: np.ndarray) -> None:
    """The title slot: the last title-like block before the body with only short site chrome (bylines,
    dates, sizes) between them; ``after_slot`` marks the blocks between it and the body. A headline
    followed by editors' filler is not in the slot (the filler is not short chrome)."""
    c = COL
    start = body_start(m)
    m[:start, c["before_body"]] = 1.0
    j = start - 1
    while j >= 0 and _site_chrome(m, j) and not m[j, c["marker"]] and not m[j, c["len_gt80"]]:
        j -= 1
    if j < 0 or not _titleish(m, j) or _site_chrome(m, j) or (m[j, c["chrome_filler"]] and not m[j, c["len_le40"]]):
        return
    if m[j, c["title_listing"]] and not (m[j, c["marker"]] or m[j, c["marker_cue"]]):
        return  # a listing page's title (……精选8篇) heads no document
    strong = lambda i: bool(m[i, c["title_like"]] or m[i, c["marker"]] or m[i, c["marker_cue"]])
    if not strong(j) and j > 0 and strong(j - 1) and not _site_chrome(m, j - 1):
        j -= 1  # a section word under the title (#### 引言) is not the title
    marked = bool(m[j, c["marker"]] or m[j, c["marker_cue"]])
    m[j, c["title_slot"]] = 1.0
    m[j, c["slot_marker"]], m[j, c["slot_plain"]] = marked, not marked
    m[j + 1:start, c["after_slot"]] = 1.0


def _neighbours(m: np.ndarray, blocks: Sequence[Block]) -> None:
    c, n = COL, len(m)
    chromeish = np.maximum(m[:, [c[f"chrome_{g}"] for g in CHROME_GROUPS]].max(axis=1), m[:, c["chrome_line"]])
    titleish = np.maximum(m[:, c["title_like"]], m[:, c["marker"]])
    bodyish = m[:, c["len_gt80"]] * m[:, c["ends_punct"]]
    filler = m[:, c["chrome_filler"]]
    m[1:, c["prev_chromeish"]], m[1:, c["prev_titleish"]], m[1:, c["prev_body"]] = \
        chromeish[:-1], titleish[:-1], bodyish[:-1]
    m[:-1, c["next_chromeish"]], m[:-1, c["next_titleish"]], m[:-1, c["next_body"]] = \
        chromeish[1:], titleish[1:], bodyish[1:]
    m[:-1, c["next_filler"]] = filler[1:]
    m[:-1, c["next_heading"]] = [b.kind == "heading" for b in blocks[1:n]]


def _document(m: np.ndarray, plains: Sequence[str]) -> None:
    c, cue, n = COL, cues(), len(m)
    start = body_start(m)
    chromeish = m[:, [c[f"chrome_{g}"] for g in CHROME_GROUPS]].max(axis=1)
    titles = [i for i in range(min(n, start + 1)) if _titleish(m, i) and not chromeish[i]]
    title_text = "".join(plains[i] for i in titles)
    m[:, c["doc_title_plan"]] = bool(cue["title_plan_words"].search(title_text))
    m[:, c["doc_title_summary"]] = bool(cue["title_summary_words"].search(title_text))
    body = (m[:, c["len_gt80"]] * m[:, c["ends_punct"]]) > 0
    if body.any():
        m[:, c["doc_future"]] = m[body, c["future"]].mean()
        m[:, c["doc_past"]] = m[body, c["past"]].mean()
    m[:, c["doc_plan_heading"]] = m[:, c["plan_heading"]].max()
    m[:, c["doc_n_log"]] = min(math.log1p(n) / 5.0, 1.0)
    m[:, c["bias"]] = 1.0


def block_matrix(blocks: Sequence[Block], views: Sequence[str], on_page: Optional[Mapping[str, int]] = None,
                 counts: Optional[Mapping[str, np.ndarray]] = None) -> np.ndarray:
    """The feature matrix ``(len(blocks), len(NAMES))`` of one document's non-noise blocks.

    ``views`` are the blocks' normalised texts with punctuation folded (:func:`fold`); ``on_page`` counts line keys over the whole page
    (:func:`page_keys`), so a line repeated in another document of the page counts as repeated; ``counts``
    are this document's rows of :func:`page_counts` (computed here when not given)."""
    from ..segment.lines import patterns

    pat = patterns()
    m = np.zeros((len(blocks), len(NAMES)))
    if not blocks:
        return m
    counts = counts if counts is not None else page_counts(views)
    plains = []
    rows = [dict(zip(counts, vals)) for vals in zip(*(a.tolist() for a in counts.values()))]
    width = len(NAMES)
    for i, (b, v) in enumerate(zip(blocks, views)):
        s, marker = _plain(v)
        plains.append(s)
        row = [0.0] * width  # filled as a list, stored once: item writes into numpy rows cost far more
        _shape(row, b, v.strip(), s, marker, pat)
        _cues(row, b, s, marker, pat, rows[i])
        m[i] = row
    _chrome(m, counts, np.array([len(s) for s in plains]))
    _repetition(m, [line_key(v) for v in views], on_page)
    _position(m)
    _neighbours(m, blocks)
    _document(m, plains)
    return m
