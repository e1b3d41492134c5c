"""The phrase bank: keywords, typical headings and sentence patterns per section, mined from the corpus.

For every drafting section (all section ids but ``other``, which is page chrome):

- ``keywords``: TF-IDF keywords of the section's paragraphs, computed with ``jieba.analyse.TFIDF``
  whose ``tokenizer`` and ``postokenizer`` are zongjie's own (:mod:`zongjie.lexicon`) and whose IDF
  is measured over the corpus paragraphs (so words every section uses, like 工会 and 职工, rank low);
- ``headings``: heading blocks with their numbering stripped, deduplicated, most frequent first; then
  the lead clauses of numbered items (``一是季节工流动快，……`` -> ``季节工流动快``) and, for overview,
  document titles without the organisation (``{date:年}工作总结``);
- ``patterns``: short sentences whose gold figures are replaced by typed slots
  (``{count:人次}``, ``{money:元}``, ``{percent:%}``, ``{date:年}`` ...), for example
  ``共走访慰问困难职工{count:人次}``. A pattern carries no literal number: sentences that still hold
  an Arabic digit, a Chinese numeral used as a quantity or a redaction placeholder (x, xx, ××, __)
  after slotting are dropped; an organisation's name before 工会 is cut (``鑫钢集团炼钢厂工会坚持`` ->
  ``工会坚持``), and sentences still naming a person, place or organisation are dropped.

``plans`` also gets ``topics``: plan patterns grouped by the section a plan line is about.
All text is Simplified (the same-length normalised view of each document); output is sorted and
stable, so regenerating on the same corpus gives the same file.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterable, Optional

from ..lang import section_ids
from .loader import AnnotatedDoc

BANK_VERSION = 1
KEYWORDS = 40
MAX_HEADINGS = 60
MAX_PATTERNS = 120
MAX_TOPIC_PATTERNS = 20
MIN_LEN, MAX_LEN = 8, 48
"""Patterns keep sentences of this many characters (slots counted as one), after trimming."""

KEYWORD_DROP_TAGS = frozenset("m q mq d p c u uj ul r rr rz f t x y e o z zg a ad ag b s nr nrfg ns".split())
"""Parts of speech never used as keywords (numerals, adverbs, pronouns, adjectives, names ...)."""
GENERIC_WORDS = frozenset("工作 工会 职工 员工 开展 组织 活动 进行 全部 人次 有限公司 一是 二是 三是 四是 五是".split())
"""Words every section uses: never keywords."""
SLOT = re.compile(r"\{[a-z]+(?::[^{}]*)?\}")

_NUM = "零〇○一二两三四五六七八九十百千万亿"
_CLASSIFIERS = ("个名人位次项件家场期届批户元块岁年月日天周篇条台套本册份所座支队组处类种轮")
_QUANTITY = re.compile(
    rf"第[{_NUM}\d]+|[{_NUM}]*[二两三四五六七八九十百千万亿〇○零][{_NUM}]*(?:多|余)?[{_CLASSIFIERS}]"
    rf"|[{_NUM}]+(?:成|倍|%|％)|百分之|[{_NUM}]{{2,}}(?:多|余)")
"""Chinese numerals used as quantities (``三次``, ``十二名``, ``两个``, ``第三届``, ``八成``);
a lone 一 is the indefinite article (``一次培训``) and is kept."""
_LITERAL = re.compile(r"[0-9０-９]|[xXｘＸ×＿_]|[a-zA-Z]")
_TRIM = "，,。；;：:、 　！!？?…"
_SPLIT_CLAUSES = re.compile(r"(?<=[；;])")
_BAD_CHARS = re.compile(r"[《》\"【】\[\]<>＜＞|｜/／—…（）()]|\.\.|\s|范文|作者|某某|篇[一二三四五六七八九十]")
_ORG_END = re.compile(r"(?:工会|工會|委员会|分会|联合会|女职委)$")
_DANGLING = "和的与及或对把为在将从向以于了着过等、是到"
_ORG_PREFIX = re.compile(r"^(?P<prefix>[^，。；：]{2,24}?)(?P<org>(?:联合|分)?工会)")
_FIRST_CLAUSE = re.compile(r"^[^，,。；;：:！？!?]+")
_PROPER_POS = ("nr", "ns", "nt", "nrfg", "nrt")
_GENERIC_OK = frozenset("公司 我校 我院 我局 我厂 我行 我所 本单位 单位 学校 医院 工会 厂 段 院 校 局 行 街道 社区 集团 集团公司 "
                        "分公司 车间 党委 上级工会 总工会 行政 政府 机关".split())


def _slot(fig: dict[str, Any]) -> str:
    from ..read.view import to_simplified

    unit = to_simplified(str(fig.get("unit") or ""))
    return "{" + str(fig.get("kind")) + (":" + unit if unit else "") + "}"


def _has_literal_number(pattern: str) -> bool:
    rest = SLOT.sub("", pattern)
    return bool(_LITERAL.search(rest) or _QUANTITY.search(rest))


def _plain_len(pattern: str) -> int:
    return len(SLOT.sub("#", pattern))


def strip_numbering(text: str) -> str:
    """``（一）夯实基层基础`` -> ``夯实基层基础``: list numbering and enumeration leads (the line shapes of
    ``lang/zh/lines.json``) and trailing punctuation removed."""
    from ..segment.lines import patterns

    return patterns().strip_numbering(text).strip(_TRIM)


def _is_item(text: str) -> bool:
    from ..read.view import to_halfwidth
    from ..segment.lines import patterns

    view = to_halfwidth(text.strip())
    return patterns().numbering_of(view) is not None or bool(patterns().enumeration.match(view))


class _Slotter:
    """Slotted, Simplified text of spans of one document (gold figures become slots)."""

    def __init__(self, doc: AnnotatedDoc) -> None:
        from ..read import normalize_view

        self.text = doc.text
        self.view = normalize_view(doc.text)
        self.figures = sorted((f for f in doc.figures if isinstance(f.get("start"), int)), key=lambda f: f["start"])

    def slotted(self, a: int, b: int) -> Optional[str]:
        """Text of ``[a, b)`` with figures as slots; None when a figure straddles the span's edge."""
        out, pos = [], a
        for f in self.figures:
            fs, fe = f["start"], f["end"]
            if fe <= a or fs >= b:
                continue
            if fs < a or fe > b or fs < pos:
                return None
            out.append(self.view[pos:fs])
            out.append(_slot(f))
            pos = fe
        out.append(self.view[pos:b])
        return "".join(out)


def _pattern_candidates(doc: AnnotatedDoc, slotter: _Slotter, block) -> Iterable[str]:
    """Slotted sentences (or clauses of long sentences) of a paragraph block, trimmed.

    Sentences repaired across a line break, or touching a break inside the block (a fragment of
    a paragraph cut by a broken line or a page number), are skipped.
    """
    inner = {a for a, _ in block.pieces[1:]} | {b for _, b in block.pieces[:-1]}
    for s in block.sentences:
        if doc.text[s.start:s.end] != s.text or s.start in inner or s.end in inner:
            continue
        pieces = [(s.start, s.end)]
        if s.end - s.start > MAX_LEN:
            pieces, pos = [], s.start
            for clause in _SPLIT_CLAUSES.split(s.text):
                pieces.append((pos, pos + len(clause)))
                pos += len(clause)
        for a, b in pieces:
            slotted = slotter.slotted(a, b)
            if slotted is None:
                continue
            cand = strip_numbering(slotted)
            if cand:
                yield cand


def _proper_names(text: str, pos_cut) -> list[str]:
    return [w.word for w in pos_cut(SLOT.sub("，", text))
            if w.flag in _PROPER_POS and w.word not in _GENERIC_OK and len(w.word) > 1]


_GENERIC_PREFIX = re.compile(
    r"(?:我|本|全|各)?(?:公司|集团公司|集团|厂|院|校|局|行|所|段|矿|车间|医院|学校|学院|街道|社区|机关|园区|支行|分行|中心)*"
    r"(?:联合|分|总)?")


def _org_prefix(prefix: str, pos_cut) -> bool:
    """True when ``prefix`` (the words before 工会) names one organisation: only nouns, not generic."""
    if SLOT.search(prefix) or _GENERIC_PREFIX.fullmatch(prefix) or prefix in _GENERIC_OK:
        return False
    return not any(w.flag[:1] in "vpdmrcutfqxyz" for w in pos_cut(prefix))


def _generic(text: str, pos_cut) -> Optional[str]:
    """``text`` without an organisation's name before its 工会 (``鑫钢集团炼钢厂工会坚持`` -> ``工会坚持``);
    None when a person, place or organisation is still named."""
    m = _ORG_PREFIX.match(text)
    if m and _org_prefix(m["prefix"], pos_cut):
        text = text[m.start("org"):]
    if _proper_names(text, pos_cut):
        return None
    return text


def _acceptable(pattern: str, pos_cut) -> Optional[str]:
    """The pattern, made generic, or None when it is not a usable pattern."""
    if not MIN_LEN <= _plain_len(pattern) <= MAX_LEN:
        return None
    if _has_literal_number(pattern) or _BAD_CHARS.search(SLOT.sub("", pattern)):
        return None
    if _ORG_END.search(pattern) or pattern[-1] in _DANGLING:
        return None
    return _generic(pattern, pos_cut)


def _heading(text: str, pos_cut) -> Optional[str]:
    """A heading, numbering stripped and made generic, or None when it is not usable."""
    text = strip_numbering(text)
    if not 2 <= _plain_len(text) <= 30 or _has_literal_number(text) or _BAD_CHARS.search(SLOT.sub("", text)):
        return None
    if _ORG_END.search(text) or text[-1] in _DANGLING:
        return None
    return _generic(text, pos_cut)


def _title(text: str, pos_cut) -> Optional[str]:
    """A document title without the organisation: ``XX公司工会{date:年}工作总结`` -> ``{date:年}工作总结``."""
    m = re.match(r"^.*(?:工会|工會|委员会|委員會)(?=.)", text)
    if m:
        text = text[m.end():]
    return _heading(text, pos_cut)


def _item_head(text: str, pos_cut) -> Optional[str]:
    """The first clause of a numbered list item (``一是季节工流动快，……`` -> ``季节工流动快``)."""
    if not _is_item(text):
        return None
    m = _FIRST_CLAUSE.match(strip_numbering(text))
    if not m or not 6 <= _plain_len(m.group(0)) <= 20:
        return None
    return _heading(m.group(0), pos_cut)


def _rank(counter: Counter, limit: int, after: Optional[Counter] = None) -> list[str]:
    """Most frequent first, then shorter, then by text; then the items of ``after`` not yet listed."""
    def order(c: Counter) -> list[str]:
        return [k for k, _ in sorted(c.items(), key=lambda kv: (-kv[1], _plain_len(kv[0]), kv[0]))]

    out = order(counter)
    if after:
        seen = set(out)
        out += [k for k in order(after) if k not in seen]
    return out[:limit]


def _keywords(texts_by_section: dict[str, list[str]], all_blocks: list[str]) -> dict[str, list[str]]:
    """TF-IDF keywords per section with our tokenizer and an IDF over the corpus paragraphs."""
    import jieba.analyse

    from ..lexicon import pos_tokenizer, tokenizer

    tk, ptk = tokenizer(), pos_tokenizer()
    df: Counter = Counter()
    for text in all_blocks:
        df.update({w for w in tk.lcut(text) if len(w.strip()) >= 2})
    n = max(1, len(all_blocks))
    idf = {w: math.log((n + 1) / (c + 1)) + 0.1 for w, c in df.items()}
    extractor = jieba.analyse.TFIDF()
    extractor.tokenizer = tk
    extractor.postokenizer = ptk
    extractor.idf_freq = idf
    extractor.median_idf = sorted(idf.values())[len(idf) // 2] if idf else 1.0
    extractor.stop_words = extractor.stop_words | GENERIC_WORDS
    ptk.makesure_userdict_loaded()
    tags_of = ptk.word_tag_tab
    out = {}
    for section, texts in texts_by_section.items():
        # the plain tokenizer path (fast HMM); parts of speech are then looked up in our POS table
        tags = extractor.extract_tags("\n".join(texts), topK=None, withWeight=True)
        tags = [(w, round(weight, 6)) for w, weight in tags
                if tags_of.get(w, "n") not in KEYWORD_DROP_TAGS and not _LITERAL.search(w)
                and not _QUANTITY.search(w) and not re.search(rf"^[{_NUM}]+$", w) and not re.search(r"[^\u4e00-\u9fff]", w)]
        out[section] = [w for w, _ in sorted(tags, key=lambda t: (-t[1], t[0]))[:KEYWORDS]]
    return out


def build_phrase_bank(docs: Iterable[AnnotatedDoc]) -> dict[str, Any]:
    """The phrase bank of ``docs`` as a JSON-ready dict (see the module docstring)."""
    from ..lexicon import pos_tokenizer

    ptk = pos_tokenizer()

    def pos_cut(text: str) -> list:
        # without HMM: HMM-guessed words are too often tagged as names (荣获/nr)
        return ptk.lcut(text, HMM=False)

    sections = [s for s in section_ids() if s != "other"]
    headings: dict[str, Counter] = defaultdict(Counter)
    item_heads: dict[str, Counter] = defaultdict(Counter)
    patterns: dict[str, Counter] = defaultdict(Counter)
    topic_patterns: dict[str, Counter] = defaultdict(Counter)
    texts: dict[str, list[str]] = defaultdict(list)
    all_blocks: list[str] = []
    n_docs = 0
    for doc in docs:
        n_docs += 1
        slotter = _Slotter(doc)
        for lb in doc.labelled_blocks():
            block = lb.block
            view_text = "".join(slotter.view[a:b] for a, b in block.pieces)
            all_blocks.append(view_text)
            if lb.label not in sections:
                continue
            texts[lb.label].append(view_text)
            if block.kind == "heading":
                if len(block.pieces) != 1:
                    continue
                h = slotter.slotted(*block.pieces[0])
                if h is None:
                    continue
                if block.level == 0:  # a document title: only overview, without the organisation's name
                    h = _title(h, pos_cut) if lb.label == "overview" else None
                    if h is not None:
                        item_heads[lb.label][h] += 1
                    continue
                h = _title(h, pos_cut) if lb.label == "overview" else _heading(h, pos_cut)
                if h is not None:
                    headings[lb.label][h] += 1
                continue
            if len(block.pieces) == 1:
                head = slotter.slotted(*block.pieces[0])
                head = _item_head(head, pos_cut) if head is not None else None
                if head is not None:
                    item_heads[lb.label][head] += 1
            seen_here = set()
            for cand in _pattern_candidates(doc, slotter, block):
                cand = _acceptable(cand, pos_cut)
                if cand is None or cand in seen_here:
                    continue
                seen_here.add(cand)
                patterns[lb.label][cand] += 1
                if lb.label == "plans" and lb.topic:
                    topic_patterns[lb.topic][cand] += 1
    keywords = _keywords({s: texts.get(s, []) for s in sections}, all_blocks)
    bank: dict[str, Any] = {
        "_doc": "zongjie phrase bank, generated by `zongjie corpus phrases` from the annotated corpus. "
                "Slots: {kind:unit}, kind one of count, money, percent, date, ordinal, other.",
        "version": BANK_VERSION,
        "documents": n_docs,
        "sections": {},
    }
    for s in sections:
        entry: dict[str, Any] = {
            "keywords": keywords.get(s, []),
            "headings": _rank(headings[s], MAX_HEADINGS, after=item_heads[s]),
            "patterns": _rank(patterns[s], MAX_PATTERNS),
        }
        if s == "plans":
            entry["topics"] = {t: _rank(c, MAX_TOPIC_PATTERNS) for t, c in sorted(topic_patterns.items())}
        bank["sections"][s] = entry
    return bank


def dumps_bank(bank: dict[str, Any]) -> str:
    """Readable, stable JSON: two-space indent, one list item per line, Chinese as is."""
    return json.dumps(bank, ensure_ascii=False, indent=2) + "\n"


def write_bank(bank: dict[str, Any], path: Path, force: bool = False) -> Path:
    """Write the bank to ``path`` atomically; an existing file is only replaced with ``force``."""
    from ..atomic import write_atomic

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(path, dumps_bank(bank), force=force)


def load_bank(path: Optional[Path] = None) -> dict[str, Any]:
    """The phrase bank (the shipped one by default)."""
    if path is None:
        from importlib import resources

        raw = resources.files("zongjie").joinpath("data/phrases.json").read_text(encoding="utf-8")
    else:
        raw = Path(path).read_text(encoding="utf-8")
    return json.loads(raw)
