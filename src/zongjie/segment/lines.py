"""Line analysis: physical lines, noise inside and around them, numbering tokens.

Everything here looks at the same-length view (half-width, Simplified), so the
offsets it finds are offsets into the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping, Optional, Sequence


@dataclass
class Line:
    """A physical line. ``[start, nl_end)`` covers it with its newline; ``[ks, ke)`` is its
    content once whitespace and noise at either end are removed."""

    index: int
    start: int
    nl_end: int
    ks: int
    ke: int
    view: str  # the view of [ks, ke)
    kind: str = "text"  # text | blank | noise
    head_noise: Optional[tuple[int, int]] = None
    tail_noise: Optional[tuple[int, int]] = None
    numbering: Optional[tuple[int, int, int]] = None  # (level, token length in the view, rank)
    marker: bool = False  # a document marker line (……篇一)
    chrome: bool = False  # site chrome kept as text: breadcrumbs, bylines, navigation
    notes: list[str] = field(default_factory=list)

    @property
    def bare_numbering(self) -> bool:
        return self.numbering is not None and self.numbering[1] >= len(self.view.rstrip())


class Patterns:
    """The compiled line shapes of the language table ``lang/zh/lines.json``."""

    def __init__(self, raw: Mapping[str, Any], words: Mapping[str, Sequence[str]],
                 site_words: Sequence[str] = ()):
        self.raw = raw
        self.site_words = re.compile("|".join(re.escape(w) for w in sorted(site_words, key=len, reverse=True))
                                     or r"(?!x)x")
        alt = {k: "|".join(re.escape(w) for w in sorted(v, key=len, reverse=True)) for k, v in words.items()}
        alt["title_words"] = "|".join(re.escape(w) for w in sorted({*words["plan_words"], *words["summary_words"]},
                                                                     key=len, reverse=True))
        fill = lambda key: raw[key].replace("{title_words}", alt["title_words"]).replace(
            "{plan_words}", alt["plan_words"]).replace("{summary_words}", alt["summary_words"])
        self.numbering = [(p["level"], p.get("rank", p["level"]), re.compile(p["regex"])) for p in raw["numbering"]]
        self.not_numbering_after = re.compile(raw["not_numbering_after"])
        self.document_marker = [re.compile(p) for p in raw["document_marker"]]
        self.title_like = re.compile(fill("title_like"))
        self.plan_heading = re.compile(raw["plan_heading"])
        self.plan_intro = re.compile(raw["plan_intro"])
        self.plan_start_para = re.compile(raw["plan_start_para"])
        self.plan_turn = re.compile(raw["plan_turn"])
        self.plan_only_title = re.compile(fill("plan_only_title"))
        self.summary_title = re.compile(fill("summary_title"))
        self.terminal = set(raw["terminal"])
        self.closers = set(raw["closers"])
        self.page_number_line = re.compile(raw["page_number_line"])
        self.pagination = re.compile(raw["pagination"])
        self.pagination_tail = re.compile(raw["pagination_tail"])
        self.page_stuck_end = re.compile(raw["page_stuck_end"])
        self.page_stuck_start = re.compile(raw["page_stuck_start"])
        self.quantity_suffix = set(raw["quantity_suffix"])
        self.stray_tail = re.compile(raw["stray_tail"])
        self.teaser_snippet = re.compile(raw["teaser_snippet"])
        self.chrome_line = re.compile(raw["chrome_line"])
        self.chrome_breadcrumbs = re.compile(raw["chrome_breadcrumbs"])
        self.sentence_end = re.compile(raw["not_a_sentence"])
        self.date_line = re.compile(raw["date_line"])
        self.signature_line = re.compile(raw["signature_line"])
        self.enumeration = re.compile(raw["enumeration"])
        self.markdown_lead = re.compile(raw["markdown_lead"])
        self.url_end = re.compile(raw["url_end"])
        self._numbering_seen: dict[str, Optional[tuple[int, int, int]]] = {}

    def numbering_of(self, view: str) -> Optional[tuple[int, int, int]]:
        """(level, token length, rank) of a numbering token at the start of ``view``, if any.

        ``rank`` orders nesting: 第一部分 (rank 0) holds 一、 (rank 1), though both are level 1. Markdown
        heading marks and bold marks before the token (``#### 一、``, ``**1.**``) are part of the token.
        Answers are kept per view: segmentation asks about the same line several times."""
        seen = self._numbering_seen
        if view in seen:
            return seen[view]
        if len(seen) > 50_000:
            seen.clear()
        seen[view] = got = self._numbering_of(view)
        return got

    def _numbering_of(self, view: str) -> Optional[tuple[int, int, int]]:
        lead = self.markdown_lead.match(view)
        off = lead.end() if lead else 0
        rest = view[off:] if off else view
        for level, rank, rx in self.numbering:
            m = rx.match(rest)
            if m and not self.not_numbering_after.match(rest, m.end()):
                end = off + m.end()
                if rest.startswith(("**", "__"), m.end()):
                    end += 2
                return level, end, rank
        return None

    def strip_numbering(self, text: str) -> str:
        """``text`` without its leading list numbering (``一、``, ``（二）``, ``3.``, ``①``, nested ones too) and
        enumeration lead (``一是``, ``首先，``), so what the item says remains. A token of the same rank as
        the one just cut is the item's own text, not a nested numbering (``3、7、8月份`` -> ``7、8月份``)."""
        from ..read.view import to_halfwidth

        text = text.strip()
        rank = None
        for _ in range(3):
            view = to_halfwidth(text)
            num = self.numbering_of(view)
            if num is not None and num[2] == rank:
                break
            m = self.enumeration.match(view) if num is None else None
            cut = num[1] if num is not None else (m.end() if m else 0)
            if not cut:
                break
            rank = num[2] if num is not None else None
            text = text[cut:].lstrip(" \t\u3000、，,：:．.")
        return text

    def ends_sentence(self, view: str) -> bool:
        """True when the line ends a sentence (terminal punctuation, maybe before closers)."""
        s = view.rstrip()
        while s and s[-1] in self.closers:
            s = s[:-1]
            if s and s[-1] in self.terminal:
                return True
        return bool(s) and s[-1] in self.terminal

    def is_chrome_line(self, view: str) -> bool:
        """Site chrome kept as text (a byline, breadcrumbs, a page counter): ``chrome_line`` holds at the
        start of ``view`` or ``chrome_breadcrumbs`` anywhere in it (two patterns: one match and one
        search for a rare first character cost a fraction of one search of their union)."""
        return bool(self.chrome_line.match(view) or self.chrome_breadcrumbs.search(view))

    def is_marker(self, view: str) -> bool:
        return any(rx.search(view) for rx in self.document_marker)


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    from .. import lang

    cues = lang.table("cues")
    title, chrome = cues["title"], cues["chrome"]
    site = [w for group in ("navigation", "docsite", "template", "listing", "related") for w in chrome.get(group, ())]
    return Patterns(lang.table("lines"), {"plan_words": title["plan_words"], "summary_words": title["summary_words"]},
                    site)


_WS = " \t\u3000\xa0\f\v"


def split_lines(text: str, view: str) -> list[Line]:
    """Physical lines with content bounds; no noise analysis yet."""
    lines: list[Line] = []
    pos = 0
    n = len(text)
    idx = 0
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        nl_end = n if nl < 0 else nl + 1
        ks, ke = pos, end
        while ks < ke and text[ks] in _WS:
            ks += 1
        while ke > ks and text[ke - 1] in _WS:
            ke -= 1
        line = Line(idx, pos, nl_end, ks, ke, view[ks:ke])
        if ks == ke:
            line.kind = "blank"
        lines.append(line)
        idx += 1
        pos = nl_end
    return lines


def _set_content(line: Line, text_view: str, ks: int, ke: int) -> None:
    while ks < ke and text_view[ks] in _WS:
        ks += 1
    while ke > ks and text_view[ke - 1] in _WS:
        ke -= 1
    line.ks, line.ke = ks, ke
    line.view = text_view[ks:ke]


def analyse(lines: list[Line], view: str, pat: Patterns) -> None:
    """Mark noise lines, noise stuck to line ends, teaser listings and numbering, in place."""
    prev_text: Optional[Line] = None
    for line in lines:
        if line.kind == "blank":
            continue
        v = line.view
        if pat.page_number_line.match(v) or pat.pagination.fullmatch(v):
            line.kind = "noise"
            continue
        # The tail patterns end in \s*$: each is searched only when the line's last character could
        # end a match (a search of a $-anchored pattern tries every position of the line).
        m = pat.pagination_tail.search(v) if "页" in v else None
        if m and m.start() > 0 and ("页" in m.group(0)):
            line.tail_noise = (line.ks + m.start(), line.ke)
            _set_content(line, view, line.ks, line.ks + m.start())
            v = line.view
        last = v[-1:]
        m = pat.stray_tail.search(v) if (last.isascii() and last.isalnum()) or last.isspace() else None
        if m:
            line.tail_noise = (line.ks + m.start(1), line.tail_noise[1] if line.tail_noise else line.ke)
            _set_content(line, view, line.ks, line.ks + m.start(1))
            v = line.view
        last = v[-1:]
        m = pat.page_stuck_end.search(v) if last.isdigit() or last.isspace() else None
        if m and not line.tail_noise:
            line.tail_noise = (line.ks + m.start(1), line.ke)
            line.notes.append("page-end")
            _set_content(line, view, line.ks, line.ks + m.start(1))
            v = line.view
        if prev_text is not None and not pat.ends_sentence(prev_text.view) and prev_text.kind == "text":
            m = pat.page_stuck_start.match(v)
            if m and v[m.end():m.end() + 1] not in pat.quantity_suffix and pat.numbering_of(v) is None:
                line.head_noise = (line.ks, line.ks + m.end())
                _set_content(line, view, line.ks + m.end(), line.ke)
                v = line.view
        if not v:
            line.kind = "noise"
            continue
        line.chrome = pat.is_chrome_line(v)
        line.marker = not line.chrome and pat.is_marker(v)
        line.numbering = pat.numbering_of(v)
        prev_text = line
    # Teaser listings: a snippet cut off with ...... after a short unpunctuated title line.
    text_lines = [ln for ln in lines if ln.kind == "text"]
    for i, ln in enumerate(text_lines):
        last = ln.view[-1:]
        if ln.marker or not (last in ".…。" or last.isspace()) or not pat.teaser_snippet.search(ln.view):
            continue
        body = pat.teaser_snippet.sub("", ln.view).rstrip()
        if not body or body[-1] in pat.terminal:
            continue
        ln.kind = "noise"
        ln.notes.append("teaser")
        if i > 0:
            prev = text_lines[i - 1]
            if (prev.kind == "text" and not prev.marker and prev.numbering is None
                    and len(prev.view) <= 40 and not pat.ends_sentence(prev.view)):
                prev.kind = "noise"
                prev.notes.append("teaser-title")
