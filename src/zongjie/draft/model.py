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

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "period": dict(self.period), "date_style": self.date_style,
                "blocks": [b.to_dict() for b in self.blocks]}


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

def period_info(facts: dict) -> dict:
    """Year, half and the phrases derived from them (the only numbers a draft adds)."""
    year = int(facts["period"]["year"])
    half = facts["period"].get("half")
    nxt = year + 1
    if half == "first":
        label, span, plan_label, plan_kind = f"{year}年上半年", "上半年", "下半年", "工作安排"
    elif half == "second":
        label, span, plan_label, plan_kind = f"{year}年下半年", "下半年", f"{nxt}年上半年", "工作安排"
    else:
        label, span, plan_label, plan_kind = f"{year}年", "一年来", f"{nxt}年", "工作计划"
    return {"year": year, "half": half, "next_year": nxt if half != "first" else None,
            "label": label, "span": span, "plan_label": plan_label, "plan_kind": plan_kind}


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
    return figure_text(fig["value"], fig["unit"], fig.get("approx"))


def item_text(item: Any) -> str:
    """One item of facts.json written as a sentence."""
    w = wording()
    if isinstance(item, str):
        return sentence(item)
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


def prompt_text(topic_key: str, section: Optional[str], bank: Optional[dict]) -> str:
    w = wording()
    about = w["prompt_topics"][topic_key]
    sugg = phrase_suggestions(section, bank) if section else []
    if not sugg:
        return f"【待补充：{about}】"
    return f"【待补充：{about}。{w['suggestion_label']}：{'；'.join(sugg)}。】"


# --- the draft -----------------------------------------------------------------------

def build_draft(facts: dict, date_style: str = "arabic", bank: Optional[dict] = None) -> Draft:
    """The draft of a validated facts dict (see :func:`zongjie.draft.load_facts`)."""
    from .layout import render_fragment

    if date_style not in ("arabic", "chinese"):
        raise ValueError(f"unknown date style {date_style!r}: expected arabic or chinese")
    w = wording()
    per = period_info(facts)
    org = facts["organization"].strip()
    ctx = {"org": org, "period": per, "superiors": [s.strip() for s in facts.get("superiors", [])],
           "focus": (facts.get("focus") or w["default_focus"]).strip().rstrip(_TRAIL + "。"),
           "overview": [item_text(i) for i in facts.get("overview", [])]}
    title = facts.get("title", "").strip() or render_fragment("title.txt.j2", ctx)
    blocks: list[DraftBlock] = [DraftBlock("title", title, "overview", level=0, source="title" if facts.get("title") else None)]
    if facts.get("opening"):
        opening, source = sentence(facts["opening"]), "opening"
    else:
        opening, source = render_fragment("opening.txt.j2", ctx), ("overview" if facts.get("overview") else None)
    blocks.append(DraftBlock("paragraph", opening, "overview", source=source))

    top = 0
    top += 1
    blocks.append(DraftBlock("heading", w["summary_heading"], "overview", 1, numbering(1, top)))
    sections = facts.get("sections", {})
    for n, sid in enumerate(lang.topical_sections(), 1):
        sec = sections.get(sid, {})
        head = sec.get("title", "").strip() or w["summary_headings"][sid]
        blocks.append(DraftBlock("heading", head, sid, 2, numbering(2, n),
                                 source=f"sections.{sid}.title" if sec.get("title") else None))
        items = sec.get("items", [])
        if not items:
            blocks.append(DraftBlock("prompt", prompt_text(sid, sid, bank), sid))
        for i, item in enumerate(items):
            blocks.append(DraftBlock("paragraph", item_text(item), sid, 3, numbering(3, i + 1),
                                     source=f"sections.{sid}.items[{i}]"))

    top += 1
    blocks.append(DraftBlock("heading", w["problems_heading"], "problems", 1, numbering(1, top)))
    problems = facts.get("problems", [])
    if not problems:
        blocks.append(DraftBlock("prompt", prompt_text("problems", "problems", bank), "problems"))
    for i, item in enumerate(problems):
        body = strip_ordinal(item_text(item)).rstrip(_END + _TRAIL)
        end = "。" if i == len(problems) - 1 else "；"
        blocks.append(DraftBlock("paragraph", f"{cn_number(i + 1)}是{body}{end}", "problems",
                                 source=f"problems[{i}]"))

    top += 1
    plans = facts.get("plans", {})
    blocks.append(DraftBlock("heading", per["plan_label"] + per["plan_kind"], "plans", 1, numbering(1, top),
                             part="plan"))
    if plans.get("intro"):
        blocks.append(DraftBlock("paragraph", sentence(plans["intro"]), "plans", part="plan", source="plans.intro"))
    plan_secs = plans.get("sections", {})
    n = 0
    for sid in lang.topical_sections():
        sec = plan_secs.get(sid, {})
        items = sec.get("items", [])
        if not items and not sec.get("title"):
            continue
        n += 1
        head = sec.get("title", "").strip() or w["plan_headings"][sid]
        blocks.append(DraftBlock("heading", head, "plans", 2, numbering(2, n), "plan", sid,
                                 f"plans.sections.{sid}.title" if sec.get("title") else None))
        if not items:
            blocks.append(DraftBlock("prompt", prompt_text(sid, "plans", bank), "plans", part="plan", topic=sid))
        for i, item in enumerate(items):
            blocks.append(DraftBlock("paragraph", item_text(item), "plans", 3, numbering(3, i + 1), "plan", sid,
                                     f"plans.sections.{sid}.items[{i}]"))
    if n == 0 and not plans.get("intro"):
        blocks.append(DraftBlock("prompt", prompt_text("plans", "plans", bank), "plans", part="plan"))

    if facts.get("closing"):
        blocks.append(DraftBlock("paragraph", sentence(facts["closing"]), "overview", part="plan", source="closing"))
    sig = facts.get("signature", {})
    blocks.append(DraftBlock("signature", sig.get("name", "").strip() or org, "overview", part="plan",
                             source="signature.name" if sig.get("name") else "organization"))
    date = sig.get("date")
    blocks.append(DraftBlock("date", date_text(_dt.date.fromisoformat(date), date_style) if date else BLANK_DATE,
                             "overview", part="plan", source="signature.date" if date else None))
    return Draft(title, per, tuple(blocks), date_style)
