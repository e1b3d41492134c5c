"""From an existing summary back to a facts.json skeleton (``zongjie facts``).

The text goes through the pipeline (every paragraph's section, part, plan topic and confidence) and the
figures of each item are extracted (``zongjie.figures.extract_figures``). What comes out holds on real
documents:

- **organisation** from the title (``黄磷厂工会2010年工作总结`` -> ``黄磷厂工会``), the signature, or the
  subject of the opening (``xx年，黄磷厂工会在矿工会的领导……``); a year (``xx年``, ``2010年``) is never part
  of it; **year and half** from the title or the opening, else ``null`` with a warning (``draft`` then
  writes a 【待补充：年份】 prompt);
- **sections** keep the document's own headings and order: every heading of the summary part starts a
  section, headings below it are sub-headings (``{"heading": ...}`` items), a numbered paragraph that is
  a short heading followed by its text is a heading; a document without headings is grouped by the
  classifier's labels in the order they first appear. Each section goes to ``sections`` under the topic
  its paragraphs are about, or to ``outline`` as a section of its own when that topic is taken or the
  heading names work beyond the five (女职工工作, 经费审查, 安全生产 …); ``outline`` keeps the order;
- **items** are whole paragraphs of the source, repaired: a line broken in the source is joined to its
  continuation, a numbering token inside a paragraph after a full stop starts a new item and one inside
  a list (after ： or ；) is dropped, the leading numbering is cut once (``3、7、8月份`` keeps ``7、8月份``);
- a paragraph with figures becomes a sentence with slots (``{"text": "……走访慰问困难职工{1}", "figures":
  [{"what", "value", "unit"}]}``); ``what`` is a noun phrase or absent (never ``分别到厂``, ``并根据``),
  ``written`` keeps a figure written otherwise than the drafter would (``两次``);
- **problems** keep only the problem (an achievement before 但 and a resolution after it are cut);
  **plans** keep their lead-in as ``plans.intro`` and their headings;
- ``warnings`` lists what to check: a missing year, placeholders kept from the source (``xx年``), sections
  the classifier was unsure of, sentences left out.

Nothing is invented: a missing year is ``null`` for the user to fill in.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any, Callable, Optional

from .. import lang
from .model import PLACEHOLDER, strip_ordinal, wording

# (block, section, part, topic[, confidence]) for every non-noise block of the chosen document
Labels = list[tuple]

_SLOTTED_KINDS = ("count", "money", "percent")
_UNION = r"(?:工会委员会|工会|委员会|工委|女工委|分会|联合会)"
_ORG_TAIL = re.compile(_UNION + r"$")
_SUPERIORS = re.compile(r"在([^，。；]{2,60}?)的[^，。；的]{0,4}?(?:领导|指导)下")
_REPORT = re.compile(r"现[将把就]?.{0,20}(?:总结|汇报|报告)如下[。：:]?$")
_SPLIT_ORDINAL = re.compile(r"(?<=[；;。：:，,])\s*(?=[二三四五六七八九十]是)")
_TRAIL = "；;，,、。 \t\u3000"
_END = "。！？!?；;…"
_CLOSERS = "”’」』）)》"
PROMPT_MARK = "【待补充"
_DANGLING = "了的和与及或对把为在将从向以于着过等是到、，,；;"
_SALUTATION = re.compile(r"^(?:各位代表|各位委员|同志们|各位领导|各位来宾|尊敬的[^，。]{0,20})[、，,：:！!]*"
                         r"(?:同志们|朋友们)?[：:，,！!]*$")
LOW_CONFIDENCE = 0.5

_CN_DIGIT = {"〇": 0, "0": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_YEAR_TOKEN = re.compile(r"(?:\d{4}|\d{2}[xX×ｘＸ]{2}|[xX×ｘＸ]{2,4}|二[〇0零○ＯO][〇0零○ＯO一二三四五六七八九xX×]{2})\s*年度?")
_ARABIC_YEAR = re.compile(r"(?<![\d])(19[5-9]\d|2[01]\d\d)\s*年")
_CN_YEAR = re.compile(r"二[〇0零○ＯO][〇0零○ＯO一二三四五六七八九]{2}(?=年)")
_PERIOD_WORDS = re.compile(r"上半年|下半年|半年|年度|全年|工作总结|工作计划|工作要点|工作思路|工作报告|总结|计划")
_OPENING_SUBJECT = re.compile(
    r"^(?:[^，。；]{0,12}年(?:上半年|下半年|度|以来)?[，,]\s*)?(?P<org>[^，。；、“”《》（）()\s]{2,30}?" + _UNION + r")"
    r"(?=在|以|围绕|按照|坚持|紧紧|始终|认真|全面|积极|深入|立足|紧扣|结合|，|,)")
_OPENING_COMPANY = re.compile(
    r"^(?:[^，。；]{0,12}年(?:上半年|下半年|度|以来)?[，,]\s*)?(?P<org>[^，。；、“”《》（）()\s]{2,20}?)在[^，。；]{2,60}?的[^，。；]{0,6}(?:领导|指导|支持)")
_INLINE_SPLIT = re.compile(r"(?<=[。！？!?.])\s*(?=（\d{1,2}）|\(\d{1,2}\)|（[一二三四五六七八九十]{1,2}）|\d{1,2}[、.．](?!\d)"
                           r"|[一二三四五六七八九十]{1,3}、)")
_INLINE_DROP = re.compile(r"(?<=[：:；;，,、])\s*(?:（\d{1,2}）|\(\d{1,2}\)|[①②③④⑤⑥⑦⑧⑨⑩])\s*")
_NUMBER_TOKEN = re.compile(r"(?:^|(?<=[。！？!?；;：:]))\s*(?:（[一二三四五六七八九十\d]{1,3}）|\([一二三四五六七八九十\d]{1,3}\)"
                           r"|\d{1,2}[、.．](?!\d)|[一二三四五六七八九十]{1,3}、|[①②③④⑤⑥⑦⑧⑨⑩])")
"""A numbering token where an item's text starts or a sentence inside it starts (tests use it too)."""
_WHAT_BAD_START = re.compile(r"^(?:分别|并|要求|根据|按照|每|共|约|达|对|向|在|为|把|将|已|又|还|也|均|都|再|和|及|与|其中|有|是|"
                             r"到|从|由|经|让|使|给|被|以|通过|组织|开展|进行|其|这|该|此|其它|其他|另|超|近|累计|合计|总计|先后|全年|今年)")
_WHAT_BAD = re.compile(r"每|至少|不低于|不少于|分别|根据|要求|[，,。；;：:、（）()“”《》\s\d]|[xX×]")
_WHAT_BAD_END = re.compile(r"(?:到|至|在|为|达|达到|约|了|于|的|和|与|及|是|有|将|向|对|共|计|占|超过|近|以上|左右|余|多)$")
_PROBLEM_CUE = re.compile(r"不足|问题|差距|不够|有待|欠缺|薄弱|滞后|不强|不高|不到位|尚未|尚需|还需|较少|很少|不多|不平衡|不完善|不健全|短板|困难")
_RESOLUTION = re.compile(r"^(?:在今后|今后|下一步|我们将|将会|在新的一年|新的一年|在[^，。]{0,12}的工作中|也是我们|请各位|请大家|我们一定)")
_ACHIEVEMENT = re.compile(r"虽然|虽|取得了|做了|成绩|成效")
_PLAN_LEAD = re.compile(r"(?:以下|如下)[^。]{0,12}[：:]$|[：:]$|^(?:\d{4}|20[xX]{2}|[xX]{2})年[^。]{0,6}(?:工作|，)|^(?:新的一年|下半年|明年|今后|下一步)")


# --- labels -----------------------------------------------------------------------------------------

def analysis_labels(analysis) -> list[Labels]:
    """``(block, section, part, topic, confidence)`` of every non-noise block, per document, from a
    pipeline :class:`~zongjie.pipeline.Analysis`."""
    return [[(lb.block, lb.section, lb.part, lb.topic or _best_topic(lb.scores), lb.confidence)
             for lb in doc.blocks if lb.role != "noise"] for doc in analysis.documents]


def _best_topic(scores: dict) -> Optional[str]:
    topics = lang.topical_sections()
    cands = [(v, k) for k, v in (scores or {}).items() if k in topics]
    return max(cands)[1] if cands else None


# --- text helpers -------------------------------------------------------------------------------------

def _cut_numbering(text: str, numbering: Optional[str] = None) -> str:
    """``text`` without ONE leading numbering token (the block's own when known), so ``3、7、8月份``
    keeps ``7、8月份`` and ``一是`` stays (the drafter keeps such lists as they are)."""
    from ..read.view import to_halfwidth
    from ..segment.lines import patterns

    text = text.strip()
    if numbering and text.startswith(numbering):
        return text[len(numbering):].lstrip(" \t\u3000、，,：:．.")
    num = patterns().numbering_of(to_halfwidth(text))
    if num is not None:
        return text[num[1]:].lstrip(" \t\u3000、，,：:．.")
    return text


def _ends(text: str) -> bool:
    t = text.rstrip()
    while t and t[-1] in _CLOSERS:
        t = t[:-1]
    return bool(t) and t[-1] in _END + "：:"


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。！？!?])(?![”’」』])", text) if s.strip()]


def numbering_tokens(text: str) -> list[str]:
    """Numbering tokens inside an item's text (at its start or after a sentence or clause end)."""
    return [m.group().strip() for m in _NUMBER_TOKEN.finditer(text)]


def repair_item(text: str) -> list[str]:
    """One paragraph as items: split where a numbering token follows a full stop, tokens inside a
    list (after ： ；，、) dropped, each piece without its own leading token."""
    text = re.sub(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])", "", text.strip())
    out = []
    for k, piece in enumerate(_INLINE_SPLIT.split(text)):
        piece = _INLINE_DROP.sub("", _cut_numbering(piece) if k else piece).strip()
        if piece:
            out.append(piece)
    return out


def _year_of(text: str) -> Optional[int]:
    m = _ARABIC_YEAR.search(text)
    if m:
        return int(m.group(1))
    m = _CN_YEAR.search(text)
    if m:
        return int("".join(str(_CN_DIGIT[c]) for c in m.group()))
    return None


def _half_of(text: str) -> Optional[str]:
    if re.search(r"上半年(?!工作计划|工作安排|工作打算)", text) or re.search(r"下半年(?:工作)?(?:计划|安排|打算|思路)", text):
        return "first"
    if re.search(r"下半年", text):
        return "second"
    return None


def _cn_int(s: str) -> Optional[int]:
    if s.isdigit():
        return int(s)
    if not s or any(c not in "〇零一二三四五六七八九十" for c in s):
        return None
    if "十" in s:
        a, _, b = s.partition("十")
        return (_CN_DIGIT.get(a, 1) if a else 1) * 10 + (_CN_DIGIT.get(b, 0) if b else 0)
    return _CN_DIGIT.get(s)


def _date_of(text: str) -> Optional[str]:
    """``2011-11-02`` from a signature date line (``二〇一一年十一月二日``, ``2011年11月2日``)."""
    import datetime as _dt

    t = text.strip()
    m = re.fullmatch(r"(\S{4})\s*年\s*(\S{1,3})\s*月\s*(\S{1,3})\s*日", t)
    if not m:
        return None
    year = _year_of(m.group(1) + "年")
    month, day = _cn_int(m.group(2)), _cn_int(m.group(3))
    if year is None or month is None or day is None:
        return None
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _clean_org(candidate: str) -> str:
    """An organisation name without year tokens and period words; empty when nothing is left."""
    c = _YEAR_TOKEN.sub("", candidate.strip())
    c = re.split(r"\s+", c.strip())[-1] if c.strip() else ""
    if not c or re.search(r"总结|计划|工作|篇[一二三四五六七八九十]|年$", c) or len(c) < 2 \
            or re.fullmatch(_UNION + "+", c):
        return ""
    return c


def _simplified(text: str) -> str:
    """The same-length Simplified view of ``text`` (OpenCC, via zongjie.read.view)."""
    from ..read.view import to_simplified

    return to_simplified(text)


def _as_written(found: str, view: str, original: str) -> str:
    """``found`` (text of the Simplified ``view``) as ``original`` writes it (same offsets)."""
    k = view.find(found)
    return original[k:k + len(found)] if k >= 0 and len(view) == len(original) else found


def organisation_of(titles: list[str], signature: str, opening: str) -> str:
    """The union named by the title, the signature or the opening (see the module docstring), as
    the text writes it (Traditional text is read through its Simplified view); ``""`` when none."""
    views = [_simplified(t) for t in titles]
    sig_v, open_v = _simplified(signature), _simplified(opening)
    org = _organisation_of(views, sig_v, open_v)
    if not org:
        return ""
    tail = org.endswith("工会") and not any(org in v for v in views + [sig_v, open_v])
    core = org[:-2] if tail else org
    for view, original in zip(views + [sig_v, open_v], titles + [signature, opening]):
        if core in view:
            written = _as_written(core, view, original)
            return written + ("工會" if tail and "會" in original else "工会" if tail else "")
    return org


def _organisation_of(titles: list[str], signature: str, opening: str) -> str:
    for t in titles:
        t = t.strip()
        lead = re.match(r"^(?:" + _YEAR_TOKEN.pattern + r"|上半年|下半年)+", t)
        if lead:
            t = t[lead.end():]
        m = _YEAR_TOKEN.search(t) or _PERIOD_WORDS.search(t)
        head = t[:m.start()] if m else ""
        org = _clean_org(head)
        if not org or re.search(r"[—，,：:“”！!]|在.+上的", org):
            continue
        if _ORG_TAIL.search(org):
            return org
        from .phrases import org_kind

        if org_kind(org):  # 惠万家连锁超市有限公司2024年工作总结: the company's union
            return org + "工会"
    if signature and _ORG_TAIL.search(signature.strip()):
        return signature.strip()
    first = _sentences(opening)[0] if opening.strip() else ""
    m = _OPENING_SUBJECT.match(first)
    if m and _clean_org(m.group("org")):
        return _clean_org(m.group("org"))
    m = _OPENING_COMPANY.match(first)
    if m and _clean_org(m.group("org")) and not re.search(r"工作|我们|全体|广大", m.group("org")):
        return _clean_org(m.group("org")) + "工会"
    for t in titles:  # a report's title: ——在东河机务段工会第五次会员代表大会上的工作报告
        m = re.search(r"(?:^|——|在)([^\s，,。；、“”《》（）()—在]{2,20}?" + _UNION + r")", t)
        if m and not re.search(r"总工会$|^(?:区|市|县|省|上级)", m.group(1)) and _clean_org(m.group(1)):
            return _clean_org(m.group(1))
    return ""


def _noun_phrase(what: str) -> Optional[str]:
    """``what`` when it reads as a noun phrase (新发展会员, 困难职工); None for verb fragments
    (分别到厂, 并根据, 要求每月至少)."""
    w = (what or "").strip()
    if not 2 <= len(w) <= 14 or _WHAT_BAD.search(w) or _WHAT_BAD_START.match(w) or _WHAT_BAD_END.search(w):
        return None
    return w


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
    if isinstance(f.value, float) and not math.isfinite(f.value):
        return False
    return f.unit == "元" or not re.search(r"[万亿]", f.surface)


def item_of(text: str) -> Any:
    """A facts item for one sentence or paragraph: plain text, or text with figure slots."""
    from ..figures import extract_figures
    from .figure_text import figure_text

    text = text.strip()
    figs = [f for f in extract_figures(text) if _slottable(f)]
    if not figs:
        return text
    out, pos, objs = [], 0, []
    for k, f in enumerate(figs, 1):
        out.append(text[pos:f.start])
        out.append(f"{{{k}}}")
        pos = f.end
        obj: dict[str, Any] = {"value": f.value, "unit": f.unit}
        what = _noun_phrase(f.subject or "")
        if what:
            obj = {"what": what, **obj}
        if f.approx and _approx(f.surface):
            obj["approx"] = _approx(f.surface)
        if figure_text(f.value, f.unit, obj.get("approx")) != f.surface:
            obj["written"] = f.surface
        objs.append(obj)
    out.append(text[pos:])
    return {"text": "".join(out), "figures": objs}


def _item_plain(item: Any) -> str:
    if isinstance(item, str):
        return item
    if "heading" in item:
        return item["heading"]
    return item.get("text", "")


# --- problems ------------------------------------------------------------------------------------------

def _problem_text(text: str, left_out: list[str]) -> tuple[list[str], str]:
    """The problems a paragraph states, and what follows them that is a plan (for plans.intro).
    An achievement before the problem (虽然……取得了……，但) and a resolution after it are cut."""
    text = text.strip()
    plan = ""
    k = text.find("一是")
    if k > 0 and _PROBLEM_CUE.search(text[:k] + text[k:k + 40]):
        if text[:k].strip(_TRAIL):
            left_out.append(text[:k].strip())
        text = text[k:]
    listed = re.match(r"^[一二三四五六七八九十]+是", text)
    pieces = [strip_ordinal(x).strip() for x in _SPLIT_ORDINAL.split(text)] if listed else [text]
    out = []
    for piece in pieces:
        kept = []
        for s in _sentences(piece):
            st = s.strip()
            if _RESOLUTION.match(st) and not kept == [] or (_RESOLUTION.match(st) and not _PROBLEM_CUE.search(st)):
                left_out.append(st)
                continue
            if not kept and not _PROBLEM_CUE.search(st) and _ACHIEVEMENT.search(st):
                left_out.append(st)
                continue
            clauses = re.split(r"(?<=[，,])", st)
            # start at the 但 clause that carries the problem; a plan after the problem goes to plans
            for i, c in enumerate(clauses):
                if re.match(r"^但", c) and _PROBLEM_CUE.search("".join(clauses[i:i + 2])):
                    if i:
                        left_out.append("".join(clauses[:i]).strip())
                    clauses = clauses[i:]
                    clauses[0] = re.sub(r"^但(?:是|也|同时也看到[，,]?)?", "", clauses[0])
                    break
            for i, c in enumerate(clauses):
                if i and re.match(r"^(?:在[^，]{0,14}(?:工作|一年)中|今后|下一步|新的一年)", c):
                    plan = "".join(clauses[i:]).strip()
                    clauses = clauses[:i]
                    break
            for i, c in enumerate(clauses):
                if i and re.match(r"^请(?:各位|大家)", c):
                    left_out.append("".join(clauses[i:]).strip())
                    clauses = clauses[:i]
                    break
            s2 = "".join(clauses).strip().rstrip(_TRAIL)
            if s2:
                kept.append(s2 + ("" if s2.endswith(tuple(_END)) else "。"))
            if plan:
                break
        body = "".join(kept).rstrip(_TRAIL + "。")
        if body:
            out.append(body)
        if plan:
            break
    return out, plan


# --- structure ------------------------------------------------------------------------------------------

class _Sec:
    """A section being collected: its heading (or None), heading level, items and label weights."""

    def __init__(self, title: Optional[str], level: Optional[int], label: Optional[str] = None):
        self.title, self.level, self.items = title, level, []
        self.weights: Counter = Counter()
        self.conf: list[float] = []
        self.sublevel: Optional[int] = None
        self.label = label
        self.pending = ""
        self.item_conf: dict[int, float] = {}

    def add(self, text: str, label: Optional[str], conf: Optional[float]) -> None:
        if self.pending:
            text = self.pending + text
            self.pending = ""
        for piece in repair_item(text):
            if conf is not None:
                self.item_conf[len(self.items)] = conf
            self.items.append(piece)
        if label:
            self.weights[label] += len(text)
        if conf is not None:
            self.conf.append(conf)


def _inline_title(body: str) -> Optional[tuple[str, str]]:
    """``(title, rest)`` of a numbered paragraph that starts with a short heading sentence."""
    ss = _sentences(body)
    if len(ss) < 2:
        return None
    head = ss[0].strip()
    if len(head) > 31 or re.search(r"[0-9０-９xX×]", head) or "：" in head[:-1]:
        return None
    return head.rstrip("。"), "".join(ss[1:]).strip()


def _rows_repaired(rows: list) -> list[list]:
    """Rows as ``[block, section, part, topic, conf, body, kind, level]``, a paragraph broken in the
    source joined to its continuation, a numbered short paragraph that heads the text after it made
    a heading."""
    out: list[list] = []
    for r in rows:
        b = r[0]
        conf = r[4] if len(r) > 4 else None
        body = _cut_numbering(b.text, b.numbering) if (b.numbering or b.level) else b.text.strip()
        if not body:
            continue
        kind = b.kind
        level = b.level
        if kind == "heading" and len(body) > 36 and _ends(body):  # a heading is short: this is an item
            kind = "paragraph"
        if _SALUTATION.match(body):
            continue  # 各位代表： (a speech's address) is no item
        if out and kind == "paragraph" and not b.numbering and r[2] == out[-1][2] and (
                body[0] in "，,、；;" or (not _ends(out[-1][5]) and (
                    out[-1][6] == "paragraph" or out[-1][5].rstrip()[-1:] in _DANGLING))):
            # a line broken in the source: joined to the line before it (a heading that breaks off
            # after 了/的/和 … was the first half of a paragraph)
            if body[0] in "，,、；;":
                out[-1][5] = out[-1][5].rstrip().rstrip("。") + body
            else:
                out[-1][5] = out[-1][5].rstrip() + body
            out[-1][6] = "paragraph"
            continue
        out.append([b, r[1], r[2], r[3], conf, body, kind, level])
    for i, r in enumerate(out):
        if not (r[6] == "paragraph" and r[7] and len(_sentences(r[5])) == 1 and len(r[5]) <= 31
                and not re.search(r"[0-9０-９]", r[5])):
            continue
        run = 0  # the unnumbered paragraphs after it
        while i + 1 + run < len(out) and out[i + 1 + run][6] == "paragraph" and not out[i + 1 + run][7]:
            run += 1
        prev = out[i - 1] if i else None
        first_of_list = prev is None or not (prev[6] == "paragraph" and prev[7] == r[7])
        if run >= 2 or (run == 1 and first_of_list):
            r[6] = "heading"
    return out


def _collect(rows: list[list], part: str, overview: list, problems: list, left_out: list[str],
             plan_intro: list[str]) -> list[_Sec]:
    """The sections of one part (summary or plan) in document order."""
    topics = lang.topical_sections()
    secs: list[_Sec] = []
    cur: Optional[_Sec] = None
    headed = False
    i = 0
    while i < len(rows):
        b, sec, _, topic, conf, body, kind, level = rows[i]
        label = (topic if topic in topics else (sec if sec in topics else None)) if part == "plan" else \
            (sec if sec in topics else None)
        i += 1
        if sec == "problems" and kind == "heading":
            continue  # 存在的问题: the drafter writes its own heading
        if sec == "problems" and part == "summary" or (part == "plan" and not secs and not headed
                                                      and _PROBLEM_CUE.search(body) and "存在" in body):
            found, plan = _problem_text(body, left_out)
            problems.extend(found)
            if plan:
                plan_intro.append(plan)
            continue
        if kind == "heading":
            lv = level or 1
            if part == "plan" and not headed and not secs and (
                    not b.numbering or re.search(r"计划|安排|打算|思路|要点|设想", body)):
                continue  # the plan part's own heading (xx年工作计划, 三、2025年工作计划)
            nxt = rows[i] if i < len(rows) else None
            if part == "summary" and sec == "overview" and cur is None and nxt is not None \
                    and nxt[6] == "heading" and (nxt[7] or 9) > lv:
                continue  # a heading over the sections (一、主要工作及成效): the drafter writes its own
            title = body.strip().rstrip("：:。")
            if not headed or cur is None or cur.level is None or lv <= cur.level:
                if cur is not None and cur.pending:
                    cur.items.append({"heading": cur.pending.rstrip("。")})
                    cur.pending = ""
                cur = _Sec(title, lv)
                cur.weights[label] += len(title) if label else 0
                if conf is not None:
                    cur.conf.append(conf)
                secs.append(cur)
                headed = True
            elif cur.sublevel is None or lv <= cur.sublevel:
                cur.sublevel = lv
                cur.items.append({"heading": title.rstrip("。")})
            else:  # deeper than a sub-heading: the first words of the paragraph after it
                cur.pending = title if _ends(title) else title + "。"
            continue
        # a paragraph
        if part == "plan" and not headed and not secs and not b.numbering and not re.match(r"^[一二三四五六七八九十]+是", body):
            plan_intro.append(body)
            continue
        if not headed:
            run_titles = None
            prev = rows[i - 2] if i >= 2 else None
            list_start = prev is None or not (prev[6] == "paragraph" and prev[7] == level and prev[0].numbering)
            if b.numbering and list_start:
                j = i - 1
                run = []
                while j < len(rows) and rows[j][6] == "paragraph" and rows[j][7] == level and rows[j][0].numbering:
                    run.append(rows[j])
                    j += 1
                titles = [_inline_title(r[5]) for r in run]
                if len(run) >= 2 and all(titles):
                    run_titles = (run, titles, j)
            if run_titles:
                run, titles, j = run_titles
                for r, (t, rest) in zip(run, titles):
                    lab = (r[3] if r[3] in topics else (r[1] if r[1] in topics else None)) if part == "plan" else \
                        (r[1] if r[1] in topics else None)
                    s = _Sec(t, r[7])
                    s.add(rest, lab, r[4])
                    secs.append(s)
                i = j
                cur = secs[-1]
                headed = True
                continue
            if label is None:  # overview or unlabelled: with the section before, else the opening's
                if secs:
                    secs[-1].add(body, None, conf)
                elif part == "plan":
                    plan_intro.append(body)
                else:
                    overview.append(body)
                continue
            found = next((s for s in secs if s.title is None and s.label == label), None)
            if found is None:
                found = _Sec(None, None, label)
                secs.append(found)
            found.add(body, label, conf)
            continue
        if cur is None:
            continue
        if cur.level is not None and level is not None and level <= cur.level and _inline_title(body):
            t, rest = _inline_title(body)
            cur = _Sec(t, level)
            secs.append(cur)
            cur.add(rest, label, conf)
            continue
        cur.add(body, label, conf)
    if cur is not None and cur.pending:
        cur.items.append(cur.pending.rstrip("。") + "。")
    return [s for s in secs if s.items or s.title]


SHORT = 8
"""An item under this many characters is a fragment: it is joined to its neighbour (开好教代会。)."""


def _bare_headings(items: list) -> list:
    """A sub-heading with no item under it is an item (the last line of a list, not a heading)."""
    out = []
    for k, x in enumerate(items):
        nxt = items[k + 1] if k + 1 < len(items) else None
        if isinstance(x, dict) and "heading" in x and (nxt is None or isinstance(nxt, dict) and "heading" in nxt):
            x = x["heading"] if _ends(x["heading"]) else x["heading"] + "。"
        out.append(x)
    return out


def _join_short(items: list) -> list:
    """Items with every short one joined to the item before it (else after it) with ；."""
    out: list = []
    for x in _bare_headings(items):
        if isinstance(x, str) and out and isinstance(out[-1], str) and (len(x) < SHORT or len(out[-1]) < SHORT):
            out[-1] = out[-1].rstrip(_TRAIL) + "；" + x
        else:
            out.append(x)
    return out


def _own_title(title: str) -> bool:
    return bool(re.search(wording()["own_section_words"], title))


def _place(secs: list[_Sec], part: str, warnings: list, base: str) -> tuple[dict, list]:
    """``(keyed sections, outline)``: each section under its topic, or a section of its own."""
    topics = lang.topical_sections()
    keyed: dict[str, dict] = {}
    outline: list = []
    for s in secs:
        weights = Counter({k: v for k, v in s.weights.items() if k in topics})
        sid = s.label if s.label in topics else (weights.most_common(1)[0][0] if weights else None)
        items = [item_of(x) if isinstance(x, str) else x for x in _join_short(s.items)]
        conf = sum(s.conf) / len(s.conf) if s.conf else None
        if sid is not None and sid not in keyed and not (s.title and _own_title(s.title)):
            entry: dict[str, Any] = {}
            if s.title:
                entry["title"] = s.title
            if items:
                entry["items"] = items
            keyed[sid] = entry
            outline.append(sid)
            where = f"{base}sections.{sid}"
        elif s.title:
            entry = {"title": s.title}
            if sid:
                entry["topic"] = sid
            if items:
                entry["items"] = items
            outline.append(entry)
            where = f"{base}outline[{len(outline) - 1}]"
        else:  # an untitled group whose topic is taken: its items join that section
            keyed[sid].setdefault("items", []).extend(items)
            where = f"{base}sections.{sid}"
        if conf is not None and conf < LOW_CONFIDENCE and sid:
            warnings.append({"path": where, "what": "low_confidence", "section": sid, "confidence": round(conf, 2)})
        offset = 0 if s.title or where.endswith("]") else len(keyed[sid].get("items", [])) - len(items)
        for k, c in sorted(s.item_conf.items()):
            if c < LOW_CONFIDENCE:
                warnings.append({"path": f"{where}.items[{offset + k}]", "what": "low_confidence",
                                 "section": sid or s.label or "overview", "confidence": round(c, 2)})
    return keyed, outline


def _pick_document(seg, labels: list[Labels]) -> int:
    """The document with most classified characters outside ``other``."""
    def weight(i: int) -> int:
        return sum(len(r[0].text) for r in labels[i] if r[1] != "other")
    return max(range(len(seg.documents)), key=weight) if seg.documents else 0


def facts_from_labels(seg, labels: list[Labels]) -> dict:
    """A facts dict from a segmentation and its labels (see :func:`facts_from_text`)."""
    if not seg.documents:
        return {"organization": "【待补充：单位名称】", "period": {"year": None},
                "warnings": [{"path": "period.year", "what": "no_year"},
                             {"path": "organization", "what": "no_organization"}]}
    d = _pick_document(seg, labels)
    rows = [r for r in labels[d]
            if r[0].kind != "noise" and r[1] != "other" and not r[0].text.lstrip().startswith(PROMPT_MARK)]
    doc = seg.documents[d]
    titles = [r[0].text for r in labels[d] if r[0].level == 0 and r[0].kind != "noise"]
    if doc.title and doc.title not in titles:
        titles.insert(0, doc.title)
    titles = [t for t in titles if not re.search(r"篇[一二三四五六七八九十]+$", t.strip())]  # a site's own title
    warnings: list[dict] = []
    left_out: list[str] = []

    facts: dict[str, Any] = {"organization": "", "superiors": [], "period": {}, "sections": {},
                             "problems": [], "plans": {"sections": {}}, "signature": {}}
    # the tail: signature and date (short overview lines at the end)
    tail = []
    while rows and rows[-1][1] in ("overview", "plans") and len(rows[-1][0].text) <= 30 \
            and not re.search(r"[，。；]", rows[-1][0].text) and rows[-1][0].level != 0:
        tail.insert(0, rows.pop())
    for r in tail:
        date = _date_of(r[0].text)
        if date:
            facts["signature"]["date"] = date
        elif _ORG_TAIL.search(r[0].text.strip()):
            facts["signature"]["name"] = r[0].text.strip()
    for r in rows:  # a speech's address (各位代表：) and a scrap of a line (下。) are no facts
        t = r[0].text.strip()
        if r[0].kind == "paragraph" and (_SALUTATION.match(t) or len(t.strip(_TRAIL)) < 3):
            left_out.append(t)
    rows = [r for r in rows if not (r[0].kind == "paragraph" and (
        _SALUTATION.match(r[0].text.strip()) or len(r[0].text.strip().strip(_TRAIL)) < 3))]
    title_texts = {t.strip() for t in titles} | ({doc.title.strip()} if doc.title else set())
    rows = [r for r in rows if r[0].level != 0 and not (r[0].kind == "heading" and r[0].text.strip() in title_texts)]

    first_row = next((r for r in rows if r[0].kind == "paragraph"), None)
    opening_row = first_row if first_row is not None and first_row[1] == "overview" and first_row[2] != "plan" else None
    opening_text = first_row[0].text.strip() if first_row else ""
    org = organisation_of(titles, facts["signature"].get("name", ""), opening_text)
    if not org:
        org = "【待补充：单位名称】"
        warnings.append({"path": "organization", "what": "no_organization"})
    facts["organization"] = org

    year = next((y for y in (_year_of(_simplified(t)) for t in titles) if y), None)
    half = next((h for h in (_half_of(_simplified(t)) for t in titles) if h), None)
    if year is None and opening_text:
        year = _year_of(_sentences(opening_text)[0])
    if half is None and opening_text:
        half = _half_of(_sentences(opening_text)[0][:20])
    plan_heads = [r[0].text for r in rows if r[2] == "plan" and r[0].kind == "heading"][:1]
    if half is None and plan_heads and re.search(r"下半年", plan_heads[0]):
        half = "first"

    # the opening paragraph: superiors and focus, or kept as written
    if opening_row is not None:
        rows = [r for r in rows if r is not opening_row]
        _opening(facts, opening_text, org)

    summary_rows = _rows_repaired([r for r in rows if r[2] != "plan" and not (r[0].kind == "heading" and r[1] == "plans")])
    plan_rows = _rows_repaired([r for r in rows if r[2] == "plan" or (r[0].kind == "heading" and r[1] == "plans")])
    overview: list = []
    closing: list[str] = []
    plan_intro: list[str] = []
    problems: list[str] = []
    # closing remarks: overview paragraphs at the very end of the plan part
    while plan_rows and plan_rows[-1][1] == "overview" and plan_rows[-1][6] == "paragraph" and not plan_rows[-1][0].numbering:
        closing.insert(0, plan_rows.pop()[5])
    summary = _collect(summary_rows, "summary", overview, problems, left_out, plan_intro)
    plan = _collect(plan_rows, "plan", overview, problems, left_out, plan_intro)

    keyed, outline = _place(summary, "summary", warnings, "")
    facts["sections"] = keyed
    if outline:
        facts["outline"] = outline
    pkeyed, poutline = _place(plan, "plan", warnings, "plans.")
    facts["plans"]["sections"] = pkeyed
    if poutline:
        facts["plans"]["outline"] = poutline
    facts["problems"] = [item_of(p) for p in problems]

    facts["period"] = {"year": year}
    if half:
        facts["period"]["half"] = half
    if overview:
        facts.setdefault("overview", []).extend(item_of(o.rstrip(_TRAIL)) for o in overview)
    if plan_intro:
        facts["plans"]["intro"] = "".join(s if _ends(s) else s.rstrip(_TRAIL) + "。" for s in plan_intro)
    if closing:
        facts["closing"] = "".join(s if _ends(s) else s.rstrip(_TRAIL) + "。" for s in closing)
    out = _prune(facts)
    if year is None:
        warnings.insert(0, {"path": "period.year", "what": "no_year"})
    warnings.extend(_placeholder_warnings(out))
    warnings.extend({"path": "problems" if _PROBLEM_CUE.search(t) or _ACHIEVEMENT.search(t) or _RESOLUTION.match(t)
                     else "(text)", "what": "left_out", "text": t} for t in left_out if t.strip(_TRAIL))
    if warnings:
        out["warnings"] = warnings
    return out


def _opening(facts: dict, body: str, org: str) -> None:
    sentences = [x for x in re.split(r"(?<=。)", body) if x.strip()]
    rest = [x for x in sentences if not _REPORT.search(x.strip())]
    first = rest[0] if rest else ""
    sm = _SUPERIORS.search(first)
    lead = re.match(r"^(?:\d{4}|\d{2}[xX×]{2}|[xX×]{2,4}|二[〇0零○ＯO][〇0零○ＯO一二三四五六七八九]{2})年(?:上半年|下半年|度)?[，,]", first)
    overview = facts.setdefault("overview", [])
    if sm and lead and sm.start() - lead.end() <= 25 and first[lead.end():sm.start()].strip() == org:
        facts["superiors"] = [x for x in re.split(r"[和、及与]", sm.group(1)) if x]
        focus = first[sm.end():].lstrip("，, ").rstrip(_TRAIL)
        if focus and isinstance(item_of(focus), str) and not PLACEHOLDER.search(focus):
            facts["focus"] = focus
        elif focus:
            overview.append(item_of(focus))
        overview.extend(item_of(x.rstrip(_TRAIL)) for x in rest[1:] if x.strip().rstrip(_TRAIL))
    elif lead and org and first[lead.end():].startswith(org) and not _SUPERIORS.search(body):
        focus = first[lead.end() + len(org):].lstrip("，, ").rstrip(_TRAIL)
        if focus and isinstance(item_of(focus), str) and not PLACEHOLDER.search(focus):
            facts["focus"] = focus
        elif focus:
            overview.append(item_of(focus))
        overview.extend(item_of(x.rstrip(_TRAIL)) for x in rest[1:] if x.strip().rstrip(_TRAIL))
    elif rest:  # an opening of another shape is kept as written
        facts["opening"] = "".join(rest)
    if not overview:
        del facts["overview"]


def _placeholder_warnings(facts: dict) -> list[dict]:
    from .facts_schema import iter_item_paths

    out = []
    paths = list(iter_item_paths(facts))
    for key in ("opening", "focus", "closing"):
        if facts.get(key):
            paths.append((key, facts[key]))
    if facts.get("plans", {}).get("intro"):
        paths.append(("plans.intro", facts["plans"]["intro"]))
    for path, item in paths:
        text = _item_plain(item)
        found = sorted({m.group() for m in PLACEHOLDER.finditer(text)}, key=text.find)
        for p in found:
            out.append({"path": path, "what": "placeholder", "text": p})
    return out


def _prune(facts: dict) -> dict:
    order = ["organization", "superiors", "period", "opening", "focus", "overview", "outline", "sections",
             "problems", "plans", "closing", "signature"]
    out = {}
    for k in order:
        v = facts.get(k)
        if k == "plans":
            v = {kk: vv for kk, vv in (("intro", v.get("intro")), ("outline", v.get("outline")),
                                          ("sections", v.get("sections"))) if vv}
        if v or k in ("organization", "period"):
            out[k] = v
    return out


def facts_from_text(text: str, encoding: Optional[str] = None,
                    labeller: Optional[Callable[[Any], list[Labels]]] = None) -> dict:
    """A facts.json skeleton from the text of an existing summary.

    The text goes through the pipeline (:class:`zongjie.pipeline.Pipeline`); ``labeller`` may instead map
    a segmentation to ``(block, section, part, topic)`` rows per document (tests use it). The result
    validates against the schema; a missing year is ``null`` with a warning.
    """
    if labeller is not None:
        from ..segment import segment

        seg = segment(text, encoding)
        return facts_from_labels(seg, labeller(seg))
    from ..pipeline import Pipeline

    analysis = Pipeline(figures=False).analyse(text, encoding=encoding)
    return facts_from_labels(analysis.segmentation, analysis_labels(analysis))
