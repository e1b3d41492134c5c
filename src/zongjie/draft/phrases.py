"""Suggested phrasings for sections without facts, from the corpus phrase bank.

The bank (``zongjie/data/phrases.json``) is written by ``zongjie corpus phrases``: sentence
patterns per section whose figures are typed slots (``共走访慰问困难职工{count:人次}``). A suggestion
is a pattern with every slot left EMPTY (``共走访慰问困难职工＿＿人次``): a draft never invents a number.
An ordinal slot keeps its 第 (``获团体总分第＿＿名``); a year slot is filled with the year when the
draft knows it (the period's year in the summary, the plan's year in the plan).

Suggestions fit the organisation: its kind (enterprise, school, hospital, office, community) comes
from its name with the table ``lang/zh/org_kinds.json`` (:func:`org_kind`), and phrasings come from
``phrases_by_kind.json``, a bank per kind built from the corpus documents of that kind
(``python -m zongjie.draft.phrases corpus/docs``); a phrasing naming another kind's words
(院务公开 for a factory) is never offered, and none is offered twice.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Optional, Union

from .figure_text import BLANK

_SLOT = re.compile(r"\{([a-z]+)(?::([^{}]*))?\}")
_CN_NUMERAL = re.compile(r"[〇零二三四五六七八九十百千万亿两]")
"""A Chinese numeral other than 一 (两节, 三八, 十四五): read as a number the user did not give, so never
suggested."""
_PERSONAL = re.compile(r"主持|同志|作了|我代表|我受|我把|讲话|致辞|报告工作|请予审议")
"""Phrasings that report one meeting or speak as one person (会议由……主持): never a suggestion."""
_UNION_TAIL = re.compile(r"(?:工会委员会|女职工委员会|女工委|工会|分会|工委|委员会)+$")
_DIGITS = re.compile(r"[0-9０-９]")


def _patterns_of(entry: Any) -> list[str]:
    """Sentence patterns of one section entry, whatever the bank's exact layout."""
    if isinstance(entry, list):
        raw = entry
    elif isinstance(entry, dict):
        raw = []
        for key in ("patterns", "sentences", "templates"):
            if isinstance(entry.get(key), list):
                raw = entry[key]
                break
    else:
        return []
    out = []
    for p in raw:
        if isinstance(p, dict):
            p = p.get("pattern") or p.get("text") or p.get("sentence")
        if isinstance(p, str) and p.strip():
            out.append(p.strip())
    return out


def parse_bank(data: Any) -> dict[str, list[str]]:
    """``{section id: [pattern, ...]}`` from a parsed phrases.json."""
    if not isinstance(data, dict):
        return {}
    table = data.get("sections", data)
    if not isinstance(table, dict):
        return {}
    return {sid: _patterns_of(entry) for sid, entry in table.items() if not sid.startswith("_")}


def load_bank(path: Optional[Union[str, Path]] = None) -> dict[str, list[str]]:
    """The phrase bank; empty when it is not (yet) shipped or unreadable."""
    try:
        if path is None:
            return _shipped()
        return parse_bank(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


@lru_cache(maxsize=1)
def _shipped() -> dict[str, list[str]]:
    ref = resources.files("zongjie").joinpath("data/phrases.json")
    if not ref.is_file():
        return {}
    try:
        return parse_bank(json.loads(ref.read_text(encoding="utf-8")))
    except ValueError:
        return {}


def blank_slots(pattern: str, year: Optional[int] = None) -> str:
    """``共走访慰问困难职工{count:人次}`` -> ``共走访慰问困难职工＿＿人次``; ``获团体{ordinal:名}`` ->
    ``获团体第＿＿名`` (第 is part of an ordinal); ``{date:年}`` -> ``2025年`` when ``year`` is known."""
    def fill(m: re.Match) -> str:
        kind, unit = m.group(1), m.group(2) or ""
        if kind == "date" and unit == "年" and year is not None:
            return f"{int(year)}年"
        if kind == "ordinal" and not pattern[:m.start()].endswith("第"):
            return "第" + BLANK + unit
        return BLANK + unit

    return _SLOT.sub(fill, pattern)


# --- kinds of organisation --------------------------------------------------------------------

def _kinds_table():
    from .. import lang

    return lang.table("org_kinds")


def kinds() -> tuple[str, ...]:
    """The kinds of organisation of ``lang/zh/org_kinds.json``, in the table's order of trial."""
    return tuple(_kinds_table()["order"])


def org_kind(name: Optional[str]) -> Optional[str]:
    """The kind of organisation a union's name says (``黄磷厂工会`` -> ``enterprise``), or ``None``.

    The union's own words at the end (工会, 委员会 ...) are cut first, so that ``xx工会委员会`` is not
    an office; then each kind's name markers are tried in the table's order."""
    if not name:
        return None
    core = _UNION_TAIL.sub("", name.strip())
    table = _kinds_table()
    for kind in table["order"]:
        if any(m in core for m in sorted(table["kinds"][kind]["name"], key=len, reverse=True)):
            return kind
    return None


def text_kind(text: str) -> Optional[str]:
    """The kind of organisation a whole document is written for, by counting each kind's text
    markers (a corpus document's kind when its name says nothing); ``None`` below the threshold."""
    table = _kinds_table()
    hits = {k: sum(text.count(m) for m in table["kinds"][k]["text"]) for k in table["order"]}
    best = max(table["order"], key=lambda k: (hits[k], -table["order"].index(k)))
    return best if hits[best] >= table["min_text_hits"] else None


def document_kind(title: str, text: str) -> Optional[str]:
    """A document's kind: from the organisation in its title, else from its text."""
    return org_kind(title) or text_kind(text)


def _foreign(kind: str) -> tuple[str, ...]:
    table = _kinds_table()
    return tuple(w for k in table["order"] if k != kind for w in table["kinds"][k]["foreign"]
                 if w not in table["kinds"][kind]["foreign"])


@lru_cache(maxsize=1)
def _kind_banks() -> dict[str, dict[str, list[str]]]:
    ref = resources.files("zongjie.draft").joinpath("phrases_by_kind.json")
    try:
        data = json.loads(ref.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: parse_bank(v) for k, v in data.get("kinds", {}).items() if isinstance(v, dict)}


def kind_bank(kind: Optional[str]) -> dict[str, list[str]]:
    """The shipped bank of one kind of organisation (empty for an unknown kind)."""
    return _kind_banks().get(kind, {}) if kind else {}


def build_kind_banks(docs) -> dict:
    """``{"kinds": {kind: {"sections": {section: {"patterns": [...]}}}}}`` from annotated corpus
    documents, each kind's bank built (``zongjie.corpus.phrases.build_phrase_bank``) from the
    documents of that kind only; a pattern naming another kind's words is left out."""
    from ..corpus.phrases import build_phrase_bank

    groups: dict[str, list] = {}
    for doc in docs:
        first = next((ln for ln in doc.text.splitlines() if ln.strip()), "")
        kind = document_kind(first, doc.text)
        if kind:
            groups.setdefault(kind, []).append(doc)
    out: dict[str, Any] = {"_doc": "Phrase banks per kind of organisation (lang/zh/org_kinds.json), built by "
                                   "`python -m zongjie.draft.phrases corpus/docs` from the corpus documents of "
                                   "each kind.", "kinds": {}}
    for kind in kinds():
        if kind not in groups:
            continue
        bank = build_phrase_bank(groups[kind])
        foreign = _foreign(kind)
        secs = {}
        for sid, entry in bank["sections"].items():
            pats = [p for p in entry.get("patterns", []) if not any(w in p for w in foreign)]
            if pats:
                secs[sid] = {"patterns": pats}
        out["kinds"][kind] = {"documents": len(groups[kind]), "sections": secs}
    return out


def _has_number(text: str) -> bool:
    if _DIGITS.search(text):
        return True
    try:
        from ..figures import extract_figures
    except ImportError:  # pragma: no cover - figures ships with zongjie
        return False
    return any(not f.placeholder for f in extract_figures(text))


def _norm(s: str) -> str:
    return re.sub(r"[，,、。；;\s“”\"]", "", s)


def suggestions(section: str, bank: Optional[dict[str, list[str]]] = None, n: int = 3,
                max_len: int = 40, kind: Optional[str] = None, year: Optional[int] = None,
                avoid: Optional[set] = None) -> list[str]:
    """Up to ``n`` suggested sentences for ``section``, slots blank, no number in them.

    With ``bank`` None the shipped bank of ``kind`` is used when it has patterns for the section,
    else the general bank; a pattern naming another kind's words is skipped. Short patterns with
    at least one slot are preferred (they show what to fill in), then the bank's own order; the
    choice is deterministic. ``year`` fills year slots; ``avoid`` holds suggestions already given
    elsewhere in the draft (updated), so that none repeats.
    """
    if bank is None:
        bank = kind_bank(kind) if kind_bank(kind).get(section) else load_bank()
    foreign = _foreign(kind) if kind else ()
    out: list[str] = []
    seen = {_norm(a) for a in avoid} if avoid else set()
    cands = [p for p in bank.get(section, []) if len(p) <= max_len and not any(w in p for w in foreign)
             and not _PERSONAL.search(p) and not _CN_NUMERAL.search(_SLOT.sub("", p))]
    cands.sort(key=lambda p: (0 if _SLOT.search(p) else 1))
    for p in cands:
        s = blank_slots(p, year).rstrip("。；;，,")
        key = _norm(s)
        if "{" in s or "}" in s or "：" in s or ":" in s or key in seen or any(
                key in o or o in key for o in seen) or _has_number(blank_slots(p).rstrip("。；;，,")):
            continue
        seen.add(key)
        if avoid is not None:
            avoid.add(s)
        out.append(s)
        if len(out) == n:
            break
    return out


def main(argv: Optional[list[str]] = None) -> int:
    """``python -m zongjie.draft.phrases CORPUS_DIR [OUT]``: (re)build ``phrases_by_kind.json``."""
    import sys

    from ..atomic import write_atomic
    from ..corpus.loader import load_corpus

    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print("usage: python -m zongjie.draft.phrases CORPUS_DIR [OUT]", file=sys.stderr)
        return 2
    out = Path(args[1]) if len(args) > 1 else Path(__file__).with_name("phrases_by_kind.json")
    data = build_kind_banks(load_corpus(Path(args[0])))
    write_atomic(out, json.dumps(data, ensure_ascii=False, indent=1) + "\n", force=True)
    counts = ", ".join(f"{k} {v['documents']}" for k, v in data["kinds"].items())
    print(f"wrote {out} (documents per kind: {counts})", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
