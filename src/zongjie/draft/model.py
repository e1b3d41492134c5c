"""From validated facts to a draft: a title and a list of blocks with section ids and levels.

The draft is plain data (``Draft.to_dict()`` is the ``--format json`` output); the text formats
lay its blocks out with jinja2 templates, the docx writer styles them. User text from facts.json
is only ever passed to templates as data, never made part of a template's source.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Optional

from .. import lang
from .figure_text import BLANK_DATE, cn_number, date_text, figure_text
from .phrases import suggestions as phrase_suggestions

BlockKind = str  # title | heading | paragraph | prompt | signature | date


@dataclass(frozen=True)
class DraftBlock:
    """One line of the draft. ``section`` is the label the paragraph is drafted for (a section id of
    data/sections.json); ``topic`` the section a plan line is about; ``source`` the facts.json path
    it was drafted from (``None`` for fixed wording)."""

    kind: BlockKind
    text: str
    section: str
    level: Optional[int] = None
    numbering: str = ""
    part: str = "summary"
    topic: Optional[str] = None
    source: Optional[str] = None

    @property
    def line(self) -> str:
        return self.numbering + self.text

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["line"] = self.line
        return d


@dataclass(frozen=True)
class Draft:
    title: str
    period: dict
    blocks: tuple[DraftBlock, ...]
    date_style: str = "arabic"
    placeholders: tuple[dict, ...] = ()
    """Every placeholder left in the text (:func:`placeholders_of`): what the clerk still fills in."""

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "period": dict(self.period), "date_style": self.date_style,
                "blocks": [b.to_dict() for b in self.blocks],
                "placeholders": [dict(p) for p in self.placeholders]}


@lru_cache(maxsize=1)
def wording() -> dict:
    return json.loads(resources.files("zongjie.draft").joinpath("wording.json").read_text(encoding="utf-8"))


# --- numbering -------------------------------------------------------------------

def numbering(level: int, n: int) -> str:
    """GB/T 9704-2012 heading numbers: 一、 （一） 1. （1）."""
    if level == 1:
        return f"{cn_number(n)}、"
    if level == 2:
        return f"（{cn_number(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"no numbering for heading level {level}")


# --- period ------------------------------------------------------------------------

YEAR_PROMPT = "【待补充：年份】"


def period_info(facts: dict) -> dict:
    """Year, half and the phrases derived from them (the only numbers a draft adds). A year that is
    not known (``null``) is written as the prompt 【待补充：年份】, the next one as 下一年度."""
    raw = facts["period"].get("year")
    half = facts["period"].get("half")
    if raw is None:
        ytxt, nxt, ntxt = YEAR_PROMPT, None, "下一年度"
    else:
        year = int(raw)
        ytxt, nxt = f"{year}年", year + 1
        ntxt = f"{nxt}年"
    year = None if raw is None else int(raw)
    if half == "first":
        label, span, plan_label, plan_kind = f"{ytxt}上半年", "上半年", "下半年", "工作安排"
    elif half == "second":
        label, span, plan_label, plan_kind = f"{ytxt}下半年", "下半年", f"{ntxt}上半年", "工作安排"
    else:
        label, span, plan_label, plan_kind = ytxt, "一年来", ntxt, "工作计划"
    plan_year = year if half == "first" else nxt
    return {"year": year, "half": half, "next_year": nxt if half != "first" else None,
            "plan_year": plan_year, "label": label, "span": span, "plan_label": plan_label,
            "plan_kind": plan_kind}


# --- sentences ---------------------------------------------------------------------

_END = "。！？!?"
_TRAIL = "；;，,、：: \t\u3000"
SLOT = re.compile(r"\{([0-9]+)\}")  # {1}, {2}: ASCII digits only (facts_schema checks the numbers)


def sentence(text: str) -> str:
    """A sentence ending in 。 (kept as is when it already ends a sentence)."""
    text = text.strip()
    if text.endswith(tuple(_END)) or text.endswith(("。”", "。」", "！”", "？”")):
        return text
    return text.rstrip(_TRAIL) + "。"


def figure_phrase(fig: dict) -> str:
    """A figure as text: as the source wrote it (``written``, e.g. 两次) while it still says the
    figure's value and unit, else from value and unit."""
    written = fig.get("written")
    if written and _says(written.strip(), fig.get("value"), fig.get("unit", ""), fig.get("approx")):
        return written.strip()
    return figure_text(fig["value"], fig["unit"], fig.get("approx"))


@lru_cache(maxsize=4096)
def _read_figure(text: str) -> Optional[tuple]:
    from ..figures import extract_figures

    figs = extract_figures(text)
    if len(figs) != 1 or figs[0].start != 0 or figs[0].end != len(text):
        return None
    return figs[0].date or (figs[0].value if figs[0].known else None), figs[0].unit, figs[0].approx


def _says(written: str, value: Any, unit: str, approx: Any = None) -> bool:
    got = _read_figure(written)
    if got is None or value is None or isinstance(value, bool):
        return False
    v, u, a = got
    return (isinstance(v, (int, float)) and not isinstance(v, bool) and v == value and u == unit
            and a == bool(approx))


def item_text(item: Any) -> str:
    """One item of facts.json written as a sentence."""
    w = wording()
    if isinstance(item, str):
        return sentence(item)
    if "heading" in item:  # a sub-heading is written as a heading, without a full stop
        return item["heading"].strip().rstrip(_TRAIL + "。")
    if "text" in item:
        figs = item["figures"]
        return sentence(SLOT.sub(lambda m: figure_phrase(figs[int(m.group(1)) - 1]), item["text"]))
    what = item["what"].strip()
    fig = figure_phrase(item)
    if item["unit"] in ("%", "个百分点"):
        verb = "" if what.endswith(("达到", "达", "为", "是", "提高", "增长", "下降", "保持在")) else w["percent_verb"]
        return sentence(what + verb + fig)
    lead = "" if what.startswith(("共", "全年", "累计", "上半年", "下半年")) else w["figure_lead"]
    return sentence(lead + what + fig)


def strip_ordinal(text: str) -> str:
    from ..segment.lines import patterns

    return patterns().enumeration.sub("", text.strip()).strip()


def prompt_text(topic_key: str, section: Optional[str], bank: Optional[dict], kind: Optional[str] = None,
                year: Optional[int] = None, avoid: Optional[set] = None, about: Optional[str] = None) -> str:
    """A 【待补充：……】 prompt, with suggested phrasings for ``section`` from documents of the same
    ``kind`` of organisation (none repeated across the draft: ``avoid``)."""
    w = wording()
    about = about or w["prompt_topics"][topic_key]
    sugg = phrase_suggestions(section, bank, kind=kind, year=year, avoid=avoid) if section else []
    if not sugg:
        return f"【待补充：{about}】"
    return f"【待补充：{about}。{w['suggestion_label']}：{'；'.join(sugg)}。】"


# --- placeholders --------------------------------------------------------------------

PLACEHOLDER = re.compile(r"【待补充[^】]*】|＿+年＿+月＿+日|＿+|_{2,}|(?<![A-Za-z])[xX×ｘＸ]{1,4}(?![A-Za-z])|某某|○○")


def placeholders_of(blocks) -> list[dict]:
    """Every placeholder left in the draft's text, in order: the prompts, blanks (＿＿) and the source's
    redactions (xx年, xxx工会), with the block index and facts path they are in."""
    out = []
    for i, b in enumerate(blocks):
        for m in PLACEHOLDER.finditer(b.text):
            text = m.group()
            if text.startswith("【待补充"):
                text = text.split("。")[0].rstrip("】") + "】"
            out.append({"block": i, "kind": b.kind, "source": b.source or b.kind, "text": text,
                        "context": b.text[max(0, m.start() - 8):m.end() + 8] if not text.startswith("【") else text})
    return out


# --- the draft -----------------------------------------------------------------------

_ENUMERATED = re.compile(r"^[一二三四五六七八九十]+是")


def _items_blocks(items: list, section: str, path: str, part: str = "summary",
                  topic: Optional[str] = None) -> list[DraftBlock]:
    """The blocks of a section's items: numbered 1. 2. …; with sub-headings, the sub-headings are
    numbered 1. 2. and the items under them （1）（2）; an item that is itself a list (一是……二是……)
    is a paragraph of its own, not numbered again."""
    out: list[DraftBlock] = []
    has_sub = any(isinstance(i, dict) and "heading" in i for i in items)
    sub = n = 0
    for i, item in enumerate(items):
        src = f"{path}[{i}]"
        if isinstance(item, dict) and "heading" in item:
            sub += 1
            n = 0
            out.append(DraftBlock("heading", item["heading"].strip().rstrip(_TRAIL + "。"), section, 3,
                                  numbering(3, sub), part, topic, src))
            continue
        text = item_text(item)
        if _ENUMERATED.match(text) or (has_sub and sub == 0):
            out.append(DraftBlock("paragraph", text, section, None, "", part, topic, src))
            continue
        n += 1
        level = 4 if has_sub else 3
        out.append(DraftBlock("paragraph", text, section, level, numbering(level, n), part, topic, src))
    return out


def _outline(entries: list, keyed: dict) -> list[tuple[Any, str]]:
    """``(entry, path)`` in draft order: the outline's entries, then keyed sections with items it
    leaves out (in the usual order)."""
    out = [(e, f"[{k}]") for k, e in enumerate(entries)]
    listed = {e for e in entries if isinstance(e, str)}
    out += [(sid, "") for sid in lang.topical_sections()
            if sid not in listed and keyed.get(sid, {}).get("items")]
    return out


def build_draft(facts: dict, date_style: str = "arabic", bank: Optional[dict] = None) -> Draft:
    """The draft of a validated facts dict (see :func:`zongjie.draft.load_facts`)."""
    from .layout import render_fragment
    from .phrases import org_kind

    if date_style not in ("arabic", "chinese"):
        raise ValueError(f"unknown date style {date_style!r}: expected arabic or chinese")
    w = wording()
    per = period_info(facts)
    org = facts["organization"].strip()
    kind = facts.get("org_kind") or org_kind(org)
    avoid: set = set()
    sup = [s.strip() for s in facts.get("superiors", [])]
    ctx = {"org": org, "period": per, "superiors": sup,
           "superiors_text": "、".join(sup[:-1]) + "和" + sup[-1] if len(sup) > 1 else "".join(sup),
           "focus": (facts.get("focus") or w["default_focus"]).strip().rstrip(_TRAIL + "。"),
           "overview": [item_text(i) for i in facts.get("overview", []) if not (isinstance(i, dict) and "heading" in i)]}
    title = facts.get("title", "").strip() or render_fragment("title.txt.j2", ctx)
    blocks: list[DraftBlock] = [DraftBlock("title", title, "overview", level=0, source="title" if facts.get("title") else None)]
    if facts.get("opening"):
        opening, source = sentence(facts["opening"]), "opening"
    else:
        opening, source = render_fragment("opening.txt.j2", ctx), ("overview" if facts.get("overview") else None)
    blocks.append(DraftBlock("paragraph", opening, "overview", source=source))

    def prompt(topic_key, section, year, about=None, part="summary", topic=None, sid=None):
        return DraftBlock("prompt", prompt_text(topic_key, section, bank, kind, year, avoid, about),
                          sid or section or "overview", part=part, topic=topic)

    top = 1
    blocks.append(DraftBlock("heading", w["summary_heading"], "overview", 1, numbering(1, top)))
    sections = facts.get("sections", {})
    if "outline" in facts:
        entries = _outline(facts["outline"], sections)
    else:
        entries = [(sid, "") for sid in lang.topical_sections()]
    for n, (entry, where) in enumerate(entries, 1):
        if isinstance(entry, str):
            sid, sec = entry, sections.get(entry, {})
            head = sec.get("title", "").strip() or w["summary_headings"][sid]
            blocks.append(DraftBlock("heading", head, sid, 2, numbering(2, n),
                                     source=f"sections.{sid}.title" if sec.get("title") else None))
            items = sec.get("items", [])
            if not items:
                blocks.append(prompt(sid, sid, per["year"]))
            blocks.extend(_items_blocks(items, sid, f"sections.{sid}.items"))
        else:
            topic = entry.get("topic")
            sid = topic or "overview"
            head = entry["title"].strip().rstrip(_TRAIL + "。")
            blocks.append(DraftBlock("heading", head, sid, 2, numbering(2, n), source=f"outline{where}.title"))
            items = entry.get("items", [])
            if not items:
                blocks.append(prompt(topic or "own", topic, per["year"], w["own_section_prompt"].format(title=head), sid=sid))
            blocks.extend(_items_blocks(items, sid, f"outline{where}.items"))

    top += 1
    blocks.append(DraftBlock("heading", w["problems_heading"], "problems", 1, numbering(1, top)))
    problems = [p for p in facts.get("problems", []) if not (isinstance(p, dict) and "heading" in p)]
    if not problems:
        blocks.append(prompt("problems", "problems", per["year"]))
    for i, item in enumerate(problems):
        body = strip_ordinal(item_text(item)).rstrip(_END + _TRAIL)
        end = "。" if i == len(problems) - 1 else "；"
        lead = f"{cn_number(i + 1)}是" if len(problems) > 1 else ""  # one problem is not a list
        blocks.append(DraftBlock("paragraph", f"{lead}{body}{end}", "problems", source=f"problems[{i}]"))

    top += 1
    plans = facts.get("plans", {})
    blocks.append(DraftBlock("heading", per["plan_label"] + per["plan_kind"], "plans", 1, numbering(1, top),
                             part="plan"))
    if plans.get("intro"):
        blocks.append(DraftBlock("paragraph", sentence(plans["intro"]), "plans", part="plan", source="plans.intro"))
    plan_secs = plans.get("sections", {})
    if "outline" in plans:
        entries = _outline(plans["outline"], plan_secs)
    else:
        entries = [(sid, "") for sid in lang.topical_sections()
                   if plan_secs.get(sid, {}).get("items") or plan_secs.get(sid, {}).get("title")]
    n = 0
    for entry, where in entries:
        n += 1
        if isinstance(entry, str):
            sid, sec = entry, plan_secs.get(entry, {})
            head = sec.get("title", "").strip() or w["plan_headings"][sid]
            blocks.append(DraftBlock("heading", head, "plans", 2, numbering(2, n), "plan", sid,
                                     f"plans.sections.{sid}.title" if sec.get("title") else None))
            items = sec.get("items", [])
            if not items:
                blocks.append(prompt(sid, "plans", per["plan_year"], part="plan", topic=sid, sid="plans"))
            blocks.extend(_items_blocks(items, "plans", f"plans.sections.{sid}.items", "plan", sid))
        else:
            topic = entry.get("topic")
            head = entry["title"].strip().rstrip(_TRAIL + "。")
            blocks.append(DraftBlock("heading", head, "plans", 2, numbering(2, n), "plan", topic,
                                     f"plans.outline{where}.title"))
            items = entry.get("items", [])
            if not items:
                blocks.append(prompt("plans", "plans", per["plan_year"], w["own_section_prompt"].format(title=head),
                                     part="plan", topic=topic, sid="plans"))
            blocks.extend(_items_blocks(items, "plans", f"plans.outline{where}.items", "plan", topic))
    if n == 0 and not plans.get("intro"):
        blocks.append(prompt("plans", "plans", per["plan_year"], part="plan", sid="plans"))

    if facts.get("closing"):
        blocks.append(DraftBlock("paragraph", sentence(facts["closing"]), "overview", part="plan", source="closing"))
    sig = facts.get("signature", {})
    blocks.append(DraftBlock("signature", sig.get("name", "").strip() or org, "overview", part="plan",
                             source="signature.name" if sig.get("name") else "organization"))
    date = sig.get("date")
    blocks.append(DraftBlock("date", date_text(_dt.date.fromisoformat(date), date_style) if date else BLANK_DATE,
                             "overview", part="plan", source="signature.date" if date else None))
    return Draft(title, per, tuple(blocks), date_style, tuple(placeholders_of(blocks)))
