"""Segmentation: corpus -> documents -> blocks (heading / paragraph / noise) -> sentences.

Lossless: the ``pieces`` of all blocks tile the text exactly once. A block's
``text`` is the repaired text: its pieces' content joined, with line ends,
indentation and noise stuck to line ends removed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

from ..read.view import normalize_view
from ..records import Block, BlockKind, Document, Part, Segmentation
from .lines import Line, Patterns, analyse, patterns, split_lines
from .sentences import split_sentences

_HEADING_MAX = 50  # a numbered line longer than this (after its token) is a paragraph
_UNNUMBERED_HEADING_MAX = 30
_SHORT_HEADING = 14


class _Unit:
    """Lines joined into one block while segmenting (mutable, internal)."""

    __slots__ = ("lines", "kind", "level", "numbering", "part", "_view", "_joined")

    def __init__(self, lines: list[Line], kind: BlockKind = "paragraph"):
        self.lines = lines
        self.kind = kind
        self.level: Optional[int] = None
        self.numbering: Optional[tuple[int, int, int]] = None
        self.part: Part = "summary"
        self._view = ""
        self._joined = 0  # how many lines _view was joined from (lines only ever grow)

    @property
    def view(self) -> str:
        if self._joined != len(self.lines):
            self._view = "".join(ln.view for ln in self.lines)
            self._joined = len(self.lines)
        return self._view

    @property
    def first(self) -> Line:
        return self.lines[0]


def segment(text: str, encoding: Optional[str] = None, *, sentences: bool = True) -> Segmentation:
    """Segment ``text`` into documents, blocks and sentences (offsets into ``text``).

    ``sentences=False`` leaves every block's ``sentences`` empty, for callers that never read them
    (figures and sections work on whole blocks): splitting is a fifth of the segmenting time."""
    if not text:
        return Segmentation(text, (), encoding)
    pat = patterns()
    view = normalize_view(text)
    lines = split_lines(text, view)
    analyse(lines, view, pat)
    doc_ranges = _split_documents(lines, pat)
    documents = []
    for a, b in doc_ranges:
        documents.append(_build_document(text, view, lines[a:b], pat, sentences))
    return Segmentation(text, tuple(documents), encoding)


# -- documents ---------------------------------------------------------------------------

def _split_documents(lines: list[Line], pat: Patterns) -> list[tuple[int, int]]:
    """Line index ranges of the documents; they tile all lines."""
    if not lines:
        return []
    starts = [ln.index for ln in lines if ln.kind == "text" and ln.marker]
    if starts:
        starts[0] = 0  # chrome before the first marker belongs to the first document
    else:
        starts = [0] + [s for s in _title_starts(lines, pat) if s != 0]
    bounds = starts + [len(lines)]
    return [(bounds[i], bounds[i + 1]) for i in range(len(starts))]


def _title_starts(lines: list[Line], pat: Patterns) -> list[int]:
    """Unmarked documents: a title line right after another document's date or signature line. A signature
    closes a document only after some body text: an organisation's name over a title (``××厂工会`` /
    ``2024年工作总结``) is the first line of a two-line title, not the end of a document."""
    starts: list[int] = []
    text_lines = [ln for ln in lines if ln.kind == "text"]
    body = False  # a sentence seen since the last document start
    for i in range(1, len(text_lines) - 1):
        ln, prev, nxt = text_lines[i], text_lines[i - 1], text_lines[i + 1]
        body = body or pat.ends_sentence(prev.view) or len(prev.view) > 60
        if body and ln.numbering is None and pat.title_like.match(ln.view) and (
                pat.date_line.match(prev.view) or pat.signature_line.match(prev.view)) and nxt.numbering is None:
            starts.append(ln.index)
            body = False
    return starts


def _is_title_line(ln: Line, pat: Patterns) -> bool:
    v = ln.view
    return (ln.numbering is None and not ln.chrome and len(v) <= 60 and not pat.ends_sentence(v)
            and not any(p in v for p in "，。；！？") and bool(pat.title_like.match(v) or ln.marker))


def _build_document(text: str, view: str, lines: list[Line], pat: Patterns, sentences: bool = True) -> Document:
    text_idx = [i for i, ln in enumerate(lines) if ln.kind == "text"]
    markers = [i for i in text_idx if lines[i].marker]
    # Chrome before a marker line (a listing title, breadcrumbs) belongs to the first document's body.
    plain = [i for i in text_idx if not lines[i].chrome]
    tz = markers[0] if markers else (plain[0] if plain else len(lines))
    units = _body_units(lines, 0, tz, pat)
    title = ""
    k = tz
    if tz < len(lines):
        first = lines[tz]
        if first.marker or _is_title_line(first, pat) or (
                len(text_idx) > 1 and first.numbering is None and len(first.view) <= _UNNUMBERED_HEADING_MAX
                and not pat.ends_sentence(first.view) and "，" not in first.view):
            title_unit = _Unit([first], "heading")
            title_unit.level = 0
            units.append(title_unit)
            k = tz + 1
            sub = _subtitle(lines, k, pat)
            if sub and pat.site_words.search(first.view) and not pat.title_like.match(first.view):
                sub = []  # site text before a title ("全文预览", "优秀范文分享") is not the title's first line
            if sub and first.marker:
                st = _Unit(sub, "heading")
                st.level = 0
                units.append(st)
            elif sub:
                title_unit.lines.extend(sub)
            if sub:
                k = sub[-1].index - lines[0].index + 1
            title = _repaired(text, title_unit.lines)
            if first.marker and len(title) <= 6 and sub:
                title = _repaired(text, sub)
    units.extend(_body_units(lines, k, len(lines), pat))
    units = _merge_broken_items(units, pat)
    _decide_kinds(units, pat)
    _decide_parts(units, pat)
    return _materialise(text, view, lines, units, title, sentences)


def _body_units(lines: list[Line], i: int, stop: int, pat: Patterns) -> list[_Unit]:
    """Join broken lines in ``lines[i:stop]`` into units."""
    units: list[_Unit] = []
    while i < stop:
        ln = lines[i]
        if ln.kind != "text":
            i += 1
            continue
        unit = _Unit([ln])
        j = i + 1
        while True:
            nxt_i = _next_text(lines, j)
            if nxt_i is None or nxt_i >= stop or not _should_join(unit.lines[-1], lines[nxt_i], lines[j:nxt_i], pat):
                break
            unit.lines.append(lines[nxt_i])
            j = nxt_i + 1
        units.append(unit)
        i = j
    return units


def _subtitle(lines: list[Line], k: int, pat: Patterns) -> list[Line]:
    """Up to two title-like lines right after a title line (a title may span two lines)."""
    got: list[Line] = []
    j = k
    while j < len(lines) and lines[j].kind == "blank":
        j += 1
    if j >= len(lines) or lines[j].kind != "text":
        return got
    a = lines[j]
    if a.numbering is not None or a.marker or a.chrome or pat.ends_sentence(a.view) or len(a.view) > 40 or "，" in a.view:
        return got
    b = lines[j + 1] if j + 1 < len(lines) and lines[j + 1].kind == "text" else None
    if (b is not None and b.numbering is None and not b.marker and not b.chrome and len(b.view) <= 40
            and not pat.ends_sentence(b.view) and "，" not in b.view
            and (pat.title_like.match(a.view + b.view) or b.view[:1] in "暨及和与—-("
                 or (not pat.title_like.match(a.view) and pat.title_like.match(b.view)))):  # b joins a
        return [a, b]
    if pat.title_like.match(a.view):
        return [a]
    return got


def _next_text(lines: list[Line], j: int) -> Optional[int]:
    while j < len(lines):
        if lines[j].kind == "text":
            return j
        j += 1
    return None


def _should_join(last: Line, nxt: Line, between: list[Line], pat: Patterns) -> bool:
    """Is ``nxt`` the continuation of a sentence broken at the end of ``last``?"""
    if nxt.marker or nxt.chrome or last.chrome or pat.url_end.search(last.view):
        return False  # a line that ends in a web address is complete
    if any(b.kind == "blank" for b in between) and not last.tail_noise:
        # a blank line ends a paragraph unless a page break was cut into it
        if not any(b.kind == "noise" for b in between):
            return False
    if last.bare_numbering:
        return True
    if "page-end" in last.notes:
        return True
    if nxt.head_noise is not None:
        return True
    v = last.view
    if pat.ends_sentence(v):
        return False
    if nxt.numbering is not None:
        return False
    if v and v[-1] in "，、,":
        return True
    if last.numbering is not None:
        body = len(v) - last.numbering[1]
        return body > _HEADING_MAX
    if len(v) <= _UNNUMBERED_HEADING_MAX and "，" not in v:
        return False
    if v and v[-1] in pat.closers:
        return False
    return True


# -- block kinds and parts ----------------------------------------------------------------

def _merge_broken_items(units: list[_Unit], pat: Patterns) -> list[_Unit]:
    """Join a list item broken after a short first line: its siblings are whole sentences
    (ending in 。), so an unpunctuated item followed by an unnumbered line is one item."""
    out: list[_Unit] = []
    i = 0
    while i < len(units):
        u = units[i]
        num = pat.numbering_of(u.view) if u.level != 0 else None
        if (num is not None and i + 1 < len(units) and out and not pat.ends_sentence(u.view)
                and not pat.ends_sentence(u.view[: num[1]] + "x")):
            prev, nxt = out[-1], units[i + 1]
            after = units[i + 2] if i + 2 < len(units) else None
            pnum = pat.numbering_of(prev.view)
            anum = pat.numbering_of(after.view) if after is not None else None
            if (pnum is not None and pnum[2] == num[2] and pat.ends_sentence(prev.view)
                    and pat.numbering_of(nxt.view) is None and pat.ends_sentence(nxt.view)
                    and (after is None or (anum is not None and anum[2] == num[2] and pat.ends_sentence(after.view)))):
                u.lines.extend(nxt.lines)
                out.append(u)
                i += 2
                continue
        out.append(u)
        i += 1
    return out


def _decide_kinds(units: list[_Unit], pat: Patterns) -> None:
    body = [u for u in units if u.level != 0]
    for n, u in enumerate(body):
        v = u.view
        num = pat.numbering_of(v)
        u.numbering = num
        if num is not None:
            u.level = num[0]
            rest = v[num[1]:].strip()
            inner = rest[:-1] if rest and rest[-1] in pat.terminal else rest
            one_sentence = not pat.sentence_end.search(inner) and len(rest) <= _HEADING_MAX
            prev = body[n - 1] if n > 0 else None
            if not rest:
                u.kind = "paragraph"
            elif prev is not None and prev.kind == "paragraph" and prev.numbering is not None \
                    and prev.numbering[2] == num[2] and _one_sentence(prev, pat):
                u.kind = "paragraph"  # the next item of a list of items
            elif one_sentence:
                nxt = body[n + 1] if n + 1 < len(body) else None
                nxt_num = pat.numbering_of(nxt.view) if nxt is not None else None
                if rest[-1:] in "；;，,、":
                    u.kind = "paragraph"  # an item of a list, cut by a semicolon
                elif rest[-1:] in "：:":
                    u.kind = "heading"
                elif nxt_num is not None and nxt_num[2] <= num[2]:
                    u.kind = "paragraph"  # a sibling item follows: this is an item, not a heading
                elif len(rest) <= _SHORT_HEADING:
                    u.kind = "heading"
                elif nxt is None:
                    u.kind = "paragraph"
                else:
                    u.kind = "heading"
            else:
                u.kind = "paragraph"
        elif _unnumbered_heading_shape(u, pat) and n + 1 < len(body) and not (
                _unnumbered_heading_shape(body[n + 1], pat)
                or (n > 0 and body[n - 1].numbering is None and _unnumbered_heading_shape(body[n - 1], pat))):
            u.kind = "heading"  # a lone short line over text; a run of such lines is a list of titles
            u.level = 1
        else:
            u.kind = "paragraph"
            u.level = None


def _unnumbered_heading_shape(u: _Unit, pat: Patterns) -> bool:
    """A short unnumbered line that could head what follows (not chrome, signature or date)."""
    v = u.view
    if u.level == 0 or pat.numbering_of(v) is not None or any(ln.chrome for ln in u.lines):
        return False
    if len(v) > _UNNUMBERED_HEADING_MAX or (("，" in v or "," in v) and len(v) > 20):
        return False
    if pat.signature_line.match(v) or pat.date_line.match(v):
        return False
    return not pat.ends_sentence(v) or v.endswith(("：", ":"))


def _one_sentence(u: _Unit, pat: Patterns) -> bool:
    rest = u.view[u.numbering[1]:].strip() if u.numbering else u.view
    inner = rest[:-1] if rest and rest[-1] in pat.terminal else rest
    return not pat.sentence_end.search(inner) and len(rest) <= _HEADING_MAX


def _decide_parts(units: list[_Unit], pat: Patterns) -> None:
    titles = [u for u in units if u.level == 0]
    title_view = "".join(u.view for u in titles)
    if title_view and pat.plan_only_title.search(title_view) and not pat.summary_title.search(title_view):
        for u in units:
            u.part = "plan"
        return
    plan = False
    for n, u in enumerate(units):
        if u.level == 0:
            continue
        if not plan and u.kind == "paragraph" and n + 1 < len(units) and units[n + 1].numbering is not None \
                and pat.plan_turn.search(u.view):
            plan = True  # problems turning to next year's work, followed by a list of items
        if not plan:
            v = u.view
            stripped = v[u.numbering[1]:].strip() if u.numbering else v
            if u.kind == "heading" and pat.plan_heading.search(stripped):
                plan = True
            elif pat.plan_intro.search(v) or pat.plan_start_para.match(stripped):
                plan = True
        if plan:
            u.part = "plan"


# -- materialising blocks ----------------------------------------------------------------

def _repaired(text: str, lines: list[Line]) -> str:
    return "".join(text[ln.ks:ln.ke] for ln in lines)


def _materialise(text: str, view: str, lines: list[Line], units: list[_Unit], title: str,
                 sentences: bool = True) -> Document:
    # owned spans per block: a list of [start, end) pieces; noise gets blocks of its own
    owner: dict[int, int] = {}  # line index -> position of its unit in ``units``
    for k, u in enumerate(units):
        for ln in u.lines:
            owner[ln.index] = k
    unit_pieces: list[list[list[int]]] = [[] for _ in units]
    unit_kept: list[list[tuple[int, int]]] = [[] for _ in units]
    noise: list[tuple[list[int], list[tuple[int, int]]]] = []
    all_pieces: list[list[int]] = []  # every piece, in text order (lines are, and so are a line's pieces)
    for ln in lines:
        if ln.kind == "blank":
            continue
        ko = owner.get(ln.index) if ln.kind != "noise" else None
        if ko is None:
            piece = [ln.start, ln.nl_end]
            noise.append((piece, [(ln.ks, ln.ke)] if ln.ke > ln.ks else []))
            all_pieces.append(piece)
            continue
        a, b = ln.start, ln.nl_end
        head, tail = ln.head_noise, ln.tail_noise
        if head:
            piece = [a, head[1]]
            noise.append((piece, [head]))
            all_pieces.append(piece)
            a = head[1]
        piece = [a, tail[0] if tail else b]
        unit_pieces[ko].append(piece)
        unit_kept[ko].append((ln.ks, ln.ke))
        all_pieces.append(piece)
        if tail:
            piece = [tail[0], b]
            noise.append((piece, [_strip(text, *tail)]))
            all_pieces.append(piece)
    # Blank lines (and anything uncovered) join the piece that ends where they start.
    spare: Optional[list[int]] = None
    if lines:
        lo, hi = lines[0].start, lines[-1].nl_end
        if not all_pieces:
            spare = [lo, hi]
        else:
            if all_pieces[0][0] > lo:
                all_pieces[0][0] = lo
            for p, q in zip(all_pieces, all_pieces[1:]):
                if p[1] < q[0]:
                    p[1] = q[0]
            if all_pieces[-1][1] < hi:
                all_pieces[-1][1] = hi
    blocks: list[Block] = []
    for k, u in enumerate(units):
        pieces_t = tuple((p[0], p[1]) for p in unit_pieces[k])
        kept = [kp for kp in unit_kept[k] if kp[1] > kp[0]]
        btext = "".join([text[a:b] for a, b in kept])
        numbering = None
        if u.numbering is not None and kept:
            numbering = text[kept[0][0]:kept[0][0] + u.numbering[1]].strip()
        blocks.append(Block(
            u.kind, btext, pieces_t[0][0], pieces_t[-1][1], pieces_t,
            level=u.level if u.kind == "heading" or u.numbering else None,
            numbering=numbering, part=u.part, sentences=split_sentences(btext, kept) if sentences else (),
        ))
    for piece, kept in noise:
        btext = "".join([text[a:b] for a, b in kept if b > a])
        blocks.append(Block("noise", btext, piece[0], piece[1], ((piece[0], piece[1]),)))
    if spare is not None:
        blocks.append(Block("noise", "", spare[0], spare[1], ((spare[0], spare[1]),)))
    blocks.sort(key=_start)
    part: Part = "summary"
    for k, blk in enumerate(blocks):
        if blk.kind == "noise":
            if blk.part != part:
                blocks[k] = replace(blk, part=part)
        else:
            part = blk.part
    start = blocks[0].start if blocks else (lines[0].start if lines else 0)
    end = max((b.end for b in blocks), default=start)
    return Document(title=title, start=start, end=end, blocks=tuple(blocks))


def _start(b: Block) -> int:
    return b.start


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
