"""From an existing summary back to a facts.json skeleton (``zongjie facts``).

The text goes through the pipeline (every paragraph's section, part and plan topic) and the figures of
each item are extracted (``zongjie.figures.extract_figures``). Summary paragraphs of the five topic sections
become items of ``sections``; a paragraph with figures becomes a sentence with slots
(``{"text": "……走访慰问困难职工{1}", "figures": [{"what", "value", "unit"}]}``), so that the
drafter writes the same figures back; dates, ordinals, ranges and redacted numbers stay in the text
as written. Problems become ``problems``, the plan part ``plans`` (by the topic of each plan line),
the opening gives superiors and focus, the title the organisation and period, the last lines the
signature and date. Nothing is invented: a missing year is ``null`` for the user to fill in.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Optional

from .. import lang
from .model import strip_ordinal

# (block, section, part, topic) for every non-noise block of the chosen document
Labels = list[tuple[Any, str, str, Optional[str]]]

_SLOTTED_KINDS = ("count", "money", "percent")
_ORG_TAIL = re.compile(r"(?:工会|委员会|工会委员会|工委|女工委|职代会)$")
_SUPERIORS = re.compile(r"在([^，。；]{2,60}?)的[^，。；的]{0,4}?(?:领导|指导)下")
_REPORT = re.compile(r"现[将把就]?.{0,20}(?:总结|汇报|报告)如下[。：:]?$")
_SPLIT_ORDINAL = re.compile(r"(?<=[；;。])\s*(?=[二三四五六七八九十]是)")
_TRAIL = "；;，,、。 \t\u3000"
PROMPT_MARK = "【待补充"


def analysis_labels(analysis) -> list[Labels]:
    """``(block, section, part, topic)`` of every non-noise block, per document, from a pipeline
    :class:`~zongjie.pipeline.Analysis`."""
    return [[(lb.block, lb.section, lb.part, lb.topic or _best_topic(lb.scores))
             for lb in doc.blocks if lb.role != "noise"] for doc in analysis.documents]


def _best_topic(scores: dict) -> Optional[str]:
    topics = lang.topical_sections()
    cands = [(v, k) for k, v in (scores or {}).items() if k in topics]
    return max(cands)[1] if cands else None


def _body(block) -> str:
    text = block.text.strip()
    if block.numbering and text.startswith(block.numbering):
        text = text[len(block.numbering):]
    from ..segment.lines import patterns

    return patterns().strip_numbering(text)


def _approx(surface: str) -> Optional[str]:
    """The approximate marker of a figure's surface (``lang.approx_markers()``), where the drafter
    writes it back: ``约540万元`` -> 约, ``30来人`` -> 来, ``90%以上`` -> 以上."""
    markers = lang.approx_markers()
    for m in sorted(markers.prefix, key=len, reverse=True):
        if surface.startswith(m):
            return m
    for m in markers.infix:  # the table lists 多 as infix first, as the drafter writes it
        if re.search(rf"[0-9.零〇一二三四五六七八九十百千万两]{re.escape(m)}", surface):
            return m
    for m in sorted(markers.suffix, key=len, reverse=True):
        if surface.endswith(m):
            return m
    return None


def _slottable(f) -> bool:
    """Counts, money and percents with one plain value are slotted; the rest stays in the text as
    written (dates, ordinals, durations, ranges, redactions, 万 counts such as 1.2万人)."""
    if f.kind not in _SLOTTED_KINDS or f.placeholder or f.values or not f.unit:
        return False
    if not isinstance(f.value, (int, float)) or isinstance(f.value, bool) or "/" in f.surface:
        return False
    return f.unit == "元" or not re.search(r"[万亿]", f.surface)


def item_of(text: str) -> Any:
    """A facts item for one sentence or paragraph: plain text, or text with figure slots."""
    from ..figures import extract_figures

    text = text.strip()
    figs = [f for f in extract_figures(text) if _slottable(f)]
    if not figs:
        return text
    out, pos, objs = [], 0, []
    for k, f in enumerate(figs, 1):
        out.append(text[pos:f.start])
        out.append(f"{{{k}}}")
        pos = f.end
        obj: dict[str, Any] = {"what": f.subject or "", "value": f.value, "unit": f.unit}
        if f.approx and _approx(f.surface):
            obj["approx"] = _approx(f.surface)
        if not obj["what"]:
            del obj["what"]
        objs.append(obj)
    out.append(text[pos:])
    return {"text": "".join(out), "figures": objs}


def _year_half(text: str) -> tuple[Optional[int], Optional[str]]:
    from ..figures import extract_figures

    year = None
    for f in extract_figures(text):
        if f.kind == "date" and re.fullmatch(r"\d{4}", f.date[:4]):
            year = int(f.date[:4])
            break
    half = None
    m = re.search(r"(上|下)?半年", text)
    if m:
        half = "second" if m.group(1) == "下" else "first"
    return year, half


def _date_of(text: str) -> Optional[str]:
    from ..figures import extract_figures

    for f in extract_figures(text):
        if f.kind == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", f.date):
            return f.date
    return None


def _pick_document(seg, labels: list[Labels]) -> int:
    """The document with most classified characters outside ``other``."""
    def weight(i: int) -> int:
        return sum(len(b.text) for b, s, _, _ in labels[i] if s != "other")
    return max(range(len(seg.documents)), key=weight) if seg.documents else 0


def _problem_items(text: str) -> list[str]:
    return [p for p in (strip_ordinal(x).rstrip(_TRAIL) for x in _SPLIT_ORDINAL.split(text.strip())) if p]


def facts_from_labels(seg, labels: list[Labels]) -> dict:
    """A facts dict from a segmentation and its labels (see :func:`facts_from_text`)."""
    topics = lang.topical_sections()
    if not seg.documents:
        return {"organization": "xx工会", "period": {"year": None}}
    d = _pick_document(seg, labels)
    rows = [(b, s, p, t) for b, s, p, t in labels[d]
            if b.kind != "noise" and s != "other" and not b.text.lstrip().startswith(PROMPT_MARK)]
    doc = seg.documents[d]
    title = doc.title.strip()
    if not title and rows and rows[0][0].level == 0:
        title = rows[0][0].text.strip()

    facts: dict[str, Any] = {"organization": "", "superiors": [], "period": {}, "sections": {},
                             "problems": [], "plans": {"sections": {}}, "signature": {}}
    # the tail: signature and date (short overview lines at the end)
    tail = []
    while rows and rows[-1][1] in ("overview", "plans") and len(rows[-1][0].text) <= 30 \
            and not re.search(r"[，。；]", rows[-1][0].text) and rows[-1][0].level != 0:
        tail.insert(0, rows.pop())
    for b, *_ in tail:
        date = _date_of(b.text)
        if date:
            facts["signature"]["date"] = date
        elif _ORG_TAIL.search(b.text.strip()):
            facts["signature"]["name"] = b.text.strip()

    year, half = _year_half(title)
    org = ""
    m = re.match(r"^(.*?)(?:(?:\d{4}|20[xX×]{2}|二[〇0零○][^年]{2})年|年度|上半年|下半年|半年|工作总结|工作计划)", title)
    if m and m.group(1).strip():
        org = m.group(1).strip()
    org = org or facts["signature"].get("name", "") or "xx工会"
    facts["organization"] = org

    opening_done = False
    overview: list[Any] = []
    closing: list[str] = []
    plan_intro: list[str] = []
    in_plan = False
    for b, sec, part, topic in rows:
        if b.level == 0 and b.text.strip() == title:
            continue
        body = _body(b)
        if not body:
            continue
        # the plan part starts at a heading labelled plans; a single future-tense paragraph inside
        # the summary part is a plan item but does not end the summary (the segmenter's own part
        # guess is not used: a title with 计划 or a 第一部分 heading can mislead it)
        if b.kind == "heading" and sec == "plans" and (b.level or 0) <= 2:
            in_plan = True
        if b.kind == "heading" and (b.level or 0) <= 2:  # 1. and (1) headings are content
            if sec in topics and not in_plan:
                facts["sections"].setdefault(sec, {}).setdefault("title", body)
            elif sec == "plans" and topic in topics and (b.level or 0) >= 2:
                facts["plans"]["sections"].setdefault(topic, {}).setdefault("title", body)
            continue
        if sec == "overview" and not opening_done and not in_plan:
            opening_done = True
            if year is None:
                year, half2 = _year_half(body)
                half = half or half2
            sentences = [x for x in re.split(r"(?<=。)", body) if x.strip()]
            rest = [x for x in sentences if not _REPORT.search(x.strip())]
            first = rest[0] if rest else ""
            sm = _SUPERIORS.search(first)
            lead = re.match(r"^(?:\d{4}|20[xX×]{2})年(?:上半年|下半年|度)?[，,]", first)
            if sm and lead and sm.start() - lead.end() <= 25:
                facts["superiors"] = [x for x in re.split(r"[和、及与]", sm.group(1)) if x]
                focus = first[sm.end():].lstrip("，, ").rstrip(_TRAIL)
                if focus and isinstance(item_of(focus), str):
                    facts["focus"] = focus
                elif focus:  # figures in the first sentence: kept as an overview item
                    overview.append(item_of(focus))
                overview.extend(item_of(x.rstrip(_TRAIL)) for x in rest[1:] if x.strip().rstrip(_TRAIL))
            elif lead and org and first[lead.end():].startswith(org) and not _SUPERIORS.search(body):
                focus = first[lead.end() + len(org):].lstrip("，, ").rstrip(_TRAIL)
                if focus and isinstance(item_of(focus), str):
                    facts["focus"] = focus
                elif focus:
                    overview.append(item_of(focus))
                overview.extend(item_of(x.rstrip(_TRAIL)) for x in rest[1:] if x.strip().rstrip(_TRAIL))
            elif rest:  # an opening of another shape is kept as written
                facts["opening"] = "".join(rest)
            continue
        if sec == "overview":
            if in_plan or closing:
                closing.append(body)
            else:
                overview.append(body)
            continue
        if sec == "problems":
            facts["problems"].extend(item_of(p) for p in _problem_items(body))
            continue
        if in_plan or sec == "plans":
            t = topic if topic in topics else (sec if sec in topics else None)
            if t is None or (not facts["plans"]["sections"] and not re.match(r"^[一二三四五六七八九十]+是", body)
                             and re.match(r"^(?:\d{4}年|新的一年|下半年|明年|今后|下一步|20[xX]{2}年)", body)):
                plan_intro.append(body)
                continue
            text = strip_ordinal(body).rstrip(_TRAIL)
            facts["plans"]["sections"].setdefault(t, {}).setdefault("items", []).append(item_of(text))
            continue
        if sec in topics:
            facts["sections"].setdefault(sec, {}).setdefault("items", []).append(item_of(body.rstrip(_TRAIL)))

    facts["period"] = {"year": year}
    if half:
        facts["period"]["half"] = half
    if overview:
        facts["overview"] = [o if not isinstance(o, str) else item_of(o.rstrip(_TRAIL)) for o in overview]
    if plan_intro:
        facts["plans"]["intro"] = "".join(s if s.endswith("。") else s.rstrip(_TRAIL) + "。" for s in plan_intro)
    if closing:
        facts["closing"] = "".join(s if s.endswith("。") else s.rstrip(_TRAIL) + "。" for s in closing)
    return _prune(facts)


def _prune(facts: dict) -> dict:
    order = ["organization", "superiors", "period", "opening", "focus", "overview", "sections", "problems", "plans",
             "closing", "signature"]
    topics = lang.topical_sections()
    facts["sections"] = {k: facts["sections"][k] for k in topics if k in facts["sections"]}
    ps = facts["plans"]["sections"]
    facts["plans"]["sections"] = {k: ps[k] for k in topics if k in ps}
    out = {}
    for k in order:
        v = facts.get(k)
        if k == "plans":
            v = {kk: vv for kk, vv in v.items() if vv}
        if v or k in ("organization", "period"):
            out[k] = v
    return out


def facts_from_text(text: str, encoding: Optional[str] = None,
                    labeller: Optional[Callable[[Any], list[Labels]]] = None) -> dict:
    """A facts.json skeleton from the text of an existing summary.

    The text goes through the pipeline (:class:`zongjie.pipeline.Pipeline`); ``labeller`` may instead map
    a segmentation to ``(block, section, part, topic)`` rows per document (tests use it). The result
    validates against the schema unless the text has no year (then ``period.year`` is ``null``).
    """
    if labeller is not None:
        from ..segment import segment

        seg = segment(text, encoding)
        return facts_from_labels(seg, labeller(seg))
    from ..pipeline import Pipeline

    analysis = Pipeline(figures=False).analyse(text, encoding=encoding)
    return facts_from_labels(analysis.segmentation, analysis_labels(analysis))
