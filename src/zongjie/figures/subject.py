"""The subject of a figure: the short noun phrase naming what the number counts or measures.

Rules over the words of ``lang/zh/subject.json`` (see its ``_doc``), in a window of a few
characters either side of the figure, so the cost per figure is a constant:

- a count followed by its noun (``全行64名女员工``, ``36家企业的``) counts that noun;
- otherwise the phrase before the figure, after the last clause mark, conjunction or verb, with
  copulas, rates (每月, 人均) and comparisons (较上年) stripped from its end and time/place modifiers
  from its start (``全年受理职工投诉112件`` -> ``职工投诉``, ``建会单位达到412家`` -> ``建会单位``,
  ``发放慰问品和慰问金合计1.15万元`` -> ``慰问金``, ``结案率较去年同期提高6个百分点`` -> ``结案率``);
- a verb ending the phrase leaves it the doer only when the verb is taking part (``员工参与210人次``),
  the patient when the noun before is one (``代表提案立案27件``), the event a light verb organises
  (``组织职工体检300人``), the object of a transfer (``申请大病救助8000元``) or an item of expense
  (``道具购置650元``); otherwise nothing is named (``立案34件``, ``投保412人``);
- a verb right before a count of events is the event (``开展审查两次`` -> ``审查``), without its doer
  (``工会干部学习8次`` -> ``学习``), and none for verbs that only convene (``每季度召开一次``); a verb
  followed by a noun ending (救助金, 参保率, 培训班) or inside a keep word (在职, 务公开) is no boundary;
- a name in quotes or 《》 right before the figure is the subject (``新命名“园区工匠”10名``);
- a table row's first cell names the figures of the row (``走访慰问困难职工 | 83户`` -> ``困难职工``);
- a clause with 的 before a noun of people is part of it (``9名家庭困难的一线职工``, ``慰问家庭困难的会员17人``),
  unless it is one of taking part (``参加测评的中层干部共64人`` -> ``中层干部``); a quoted name keeps the noun
  it names (``“春风行动”招聘会``, ``“职工小家”建设达标率``); a rank inside a noun is part of it (``市级以上劳模``);
- a count of kinds before an event counts the kinds (``4个工种技能比武`` -> ``工种``); a measure with
  nothing before it names the noun after it (``修复了400米厂区道路``);
- dates and ordinals have none; nor a figure whose phrase is only a verb (``参检798人``), the second
  figure of a change (``由5名增加到7名``), a span of time (``为期一周``), the parts of a whole (``分三批``),
  a distance from a place (``离县城40公里``), a bare numeral and measure word (``两人一组``) or 一起 meaning
  'together' (``和大家一起``).

Blanked pinyin and spaces inside words (``开(kāi)展``, a PDF's ``完 成``) are skipped: the rules run on the
window without them and the offsets are mapped back. Offsets are the view's, hence the original text's
(the subject keeps Traditional characters and a converter's pinyin as written).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple, Optional

from .data import subject_words

_BACK = 20  # characters looked at before a figure
_FWD = 12  # and after it
_MAX = 14  # longest subject
_CLAUSE = "，。；：、,.;:！!？?（）()《》<>[]【】/|\n\t\r"
_OPEN_Q, _CLOSE_Q = "“「『\"", "”」』\""
_CLOSE_NAME = _CLOSE_Q + "》"
_CONJ = "和及与等"  # the nearest conjunct (慰问品和慰问金), the head after 等 (提案等建议)
_CONJ_RX = re.compile(f"[{_CONJ}]")
_PER_TIME = ("天", "日", "周", "月", "年", "季度", "季", "半年", "学期", "小时", "分钟")  # 每天 ... start a phrase
_KEEP_BACK = 3  # a keep word may start this many characters before a verb inside it (满意度测评)
_KEEP_LEN = 8  # no keep word is longer
_BAR = "|｜"  # table cells
_LAST_STOP = re.compile("(?s).*[" + re.escape(_CLAUSE + _OPEN_Q + _CLOSE_Q) + r"\d]")  # up to the last mark or digit
_TIME_CLAUSE = ("(?:[年月日天季峰节夏冬春秋]|前夕)(?:期间|以来|之际|时|内|后|里|间)|全年|上半年|下半年|今年|当年"  # 用工高峰时, 五年内
                "|[工员者人]中"  # 1460名员工中女职工: among them
                "|近[一二三四五六七八九十两]+年")  # 近三年基地新入职职工
_UNIT_CHARS = "个名家人项次条件份篇场期批户元位支间处台本册组队"  # a measure word right after a digit
_AGE = "岁歲年月天日"  # 45岁以上职工: 以上 after these bounds a range of ages or times, not a rank
_DATE_UNITS = "年月日号"  # 到2028年集团...: a date before the phrase is no part of it
_WITH = "和同与與跟"  # before a noun and 一起: 'together'
_NUMERALS = "一二三四五六七八九十两"  # 三四等小站: a grade, not 等
_EVENT_HEADS = "动会议赛课团队班"  # 宣讲活动, 公开领导小组会议: an event verb in a noun, not before its object
_PINYIN = re.compile(" {3,}")  # a converter's pinyin, blanked in the view (工會(huì))
# Runs and gaps of CJK characters are scanned by the small functions after _is_cjk, not by regexes: a class of
# a large range such as [\u3400-\u9fff] costs 1-2 ms to compile at every start (re's compiler visits each
# code point), more than these scans of a few characters ever cost in a run.


class _Suffix:
    """Words looked up at the end of a phrase: by last character, then by length, longest first (a set per
    length: cheaper than an anchored regex, and a phrase ending in no listed last character costs one lookup)."""

    def __init__(self, words) -> None:
        by: dict[str, dict[int, set[str]]] = {}
        for x in words:
            by.setdefault(x[-1], {}).setdefault(len(x), set()).add(x)
        self.by_last = {ch: tuple(sorted(((n, frozenset(ws)) for n, ws in d.items()), reverse=True))
                        for ch, d in by.items()}
        self.last = frozenset(self.by_last)

    def find(self, view: str, a: int, b: int) -> int:
        """Start of the longest listed word ending at ``b`` and starting at or after ``a``; -1 if none."""
        if b <= a:
            return -1
        lengths = self.by_last.get(view[b - 1])
        if lengths is None:
            return -1
        for n, words in lengths:
            if n == 1:
                return b - 1  # the last character is the word
            if b - n >= a and view[b - n:b] in words:
                return b - n
        return -1


class _Words(NamedTuple):
    verbs: "re.Pattern[str]"
    copula: _Suffix
    copula_any: "re.Pattern[str]"
    modifier: "re.Pattern[str]"
    noun_tail: "re.Pattern[str]"
    keep: "re.Pattern[str]"
    fwd_stop: "re.Pattern[str]"
    no_subject_before: _Suffix
    time_noun: _Suffix
    time_units: frozenset[str]
    event_units: frozenset[str]
    per_end: _Suffix
    inside: "re.Pattern[str]"
    comparison: "re.Pattern[str]"
    participation: frozenset[str]
    light: frozenset[str]
    bare: frozenset[str]
    patient: _Suffix
    expense: frozenset[str]
    transfer: frozenset[str]
    doer: "re.Pattern[str]"
    event_verb: _Suffix
    event_verb_any: "re.Pattern[str]"
    split: _Suffix
    relation: frozenset[str]
    person_units: frozenset[str]
    person_head: _Suffix
    rank: frozenset[str]
    object_marks: frozenset[str]
    distance: "re.Pattern[str]"
    distance_units: frozenset[str]
    end_last: frozenset[str]
    rank_last: frozenset[str]
    modifier_first: frozenset[str]
    fwd_heads: frozenset[str]
    tail_first: frozenset[str]
    group_units: frozenset[str]


def _alt(words) -> str:
    """One regex alternative per word, as a trie (发放(?:了)?): the longest word at a position wins, and a
    position is rejected after one comparison per distinct first character, not one per word. The top level
    is a bare alternation (wrap it to embed it in a larger pattern)."""
    root: dict = {}
    for w in set(words):
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and "" not in node else "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in node else body

    return "|".join(re.escape(ch) + emit(sub) for ch, sub in sorted(root.items()))  # top level: no group, faster


@lru_cache(maxsize=None)
def _words() -> _Words:
    w = subject_words()
    return _Words(
        verbs=re.compile(_alt(w["verbs"])),
        copula=_Suffix(w["copulas"]),
        copula_any=re.compile(_alt(c for c in w["copulas"] if len(c) >= 2)),
        modifier=re.compile(_alt(w['modifiers'])),
        noun_tail=re.compile(_alt(w['noun_tails'])),
        keep=re.compile(_alt(w["keep_words"])),
        fwd_stop=re.compile(_alt(w["forward_stops"])),
        no_subject_before=_Suffix(w["no_subject_before"]),
        event_units=frozenset(w["event_units"]),
        time_noun=_Suffix(w["time_nouns"]),
        time_units=frozenset(w["time_units"]),
        per_end=_Suffix(w["per_words"]),
        inside=re.compile(_alt(p for p in w["per_words"] if p.startswith("每") and p[1:] in _PER_TIME) + "|" + _TIME_CLAUSE),
        comparison=re.compile(_alt(w["comparisons"])),
        participation=frozenset(w["participation_verbs"]),
        light=frozenset(w["light_verbs"]),
        bare=frozenset(w["bare_words"]),
        patient=_Suffix(w["patient_tails"]),
        expense=frozenset(w["expense_verbs"]),
        transfer=frozenset(w["transfer_verbs"]),
        doer=re.compile(_alt(w["doer_tails"])),
        event_verb=_Suffix(w["event_verbs"]),
        event_verb_any=re.compile(_alt(w["event_verbs"])),
        split=_Suffix(w["split_words"]),
        relation=frozenset(w["relation_verbs"]),
        person_units=frozenset(w["person_units"]),
        person_head=_Suffix(w["person_heads"]),
        rank=frozenset(w["rank_words"]),
        object_marks=frozenset(w["object_marks"]),
        distance=re.compile(_alt(w["distance_words"])),
        distance_units=frozenset(w["distance_units"]),
        end_last=frozenset(x[-1] for x in w["copulas"] + w["per_words"]) | frozenset("的了"),
        rank_last=frozenset(x[-1] for x in w["rank_words"]),
        modifier_first=frozenset(x[0] for x in w["modifiers"]),
        fwd_heads=frozenset(w["forward_events"]),
        tail_first=frozenset(x[0] for x in w["noun_tails"]),
        group_units=frozenset(w["group_units"]),
    )


def _is_cjk(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"


def _is_han(c: str) -> bool:
    """A character of the two CJK blocks of U+3400-U+9FFF (not the compatibility ideographs)."""
    return "\u3400" <= c <= "\u9fff"


def _cjk_end(view: str, a: int, hi: int, spaces: bool = False) -> int:
    """End of the run of CJK characters starting at ``a`` (with ``spaces``, spaces after its first character
    too) and ending by ``hi``; ``a`` when ``view[a]`` is none."""
    if a >= hi or not _is_cjk(view[a]):
        return a
    b = a + 1
    while b < hi and (_is_cjk(view[b]) or (spaces and view[b] == " ")):
        b += 1
    return b


def _han_gap(view: str, lo: int, hi: int) -> bool:
    """True when one space between two Han characters (``完 成``) lies inside ``view[lo:hi]``."""
    hi = min(hi, len(view))
    if hi - lo < 3:
        return False  # (and no negative end for find below)
    i = view.find(" ", lo + 1, hi - 1)
    while i >= 0:
        if _is_han(view[i - 1]) and _is_han(view[i + 1]):
            return True
        i = view.find(" ", i + 1, hi - 1)
    return False


def _gaps(view: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The spans in ``view[lo:hi]`` that a figure's words are read across: runs of three or more spaces
    (a converter's blanked pinyin) and single spaces between two Han characters (a PDF's ``完 成``; the
    character before may lie before ``lo``)."""
    out: list[tuple[int, int]] = []
    i = view.find(" ", lo, hi)
    while i >= 0:
        j = i + 1
        while j < hi and view[j] == " ":
            j += 1
        if j - i >= 3:
            out.append((i, j))
            i = view.find(" ", j, hi)
            continue
        if i > 0 and i + 1 < hi and _is_han(view[i - 1]) and _is_han(view[i + 1]):
            out.append((i, i + 1))
        i = view.find(" ", i + 1, hi)
    return out


def _trim(view: str, a: int, b: int) -> tuple[int, int]:
    while a < b and view[a].isspace():
        a += 1
    while b > a and view[b - 1].isspace():
        b -= 1
    return a, b


def _kept(view: str, k: int, lo: int, hi: int, w: _Words, n: int = 0) -> bool:
    """True when a listed word at ``k`` (``n`` characters long, when known) is inside a keep word (在职, 行为,
    务公开): no boundary there. A keep word that is the listed word itself (现场) does not hide it."""
    hi = hi if hi < k + _KEEP_LEN else k + _KEEP_LEN  # a keep word starting by k ends by k + _KEEP_LEN
    km = w.keep.search(view, k - _KEEP_BACK if k - _KEEP_BACK > lo else lo, hi)
    while km is not None and km.start() <= k:
        if km.end() > k and not (km.start() == k and km.end() == k + n):
            return True
        km = w.keep.search(view, km.start() + 1, hi)
    return False


def _forward(view: str, end: int, unit_event: bool, w: _Words, person: bool = False) -> Optional[tuple[int, int]]:
    """The noun right after a count (``64名女员工``): CJK characters up to a stop word or mark; with a unit of
    people (``person``), a clause with 的 before a noun of people is part of it (``9名家庭困难的一线职工``)."""
    hi = end + _FWD if end + _FWD < len(view) else len(view)
    if end < hi and view[end] in _OPEN_Q:  # 10名“金牌工匠”: the name; 6个“工人先锋号”班组: name and noun
        q = end + 1
        while q < hi and view[q] not in _CLOSE_Q and view[q] not in _CLAUSE:
            q += 1
        if q >= hi or view[q] not in _CLOSE_Q or q == end + 1:
            return None
        tail = _forward(view, q + 1, unit_event, w) if q + 1 < len(view) and _is_cjk(view[q + 1]) else None
        return (end, tail[1]) if tail is not None and tail[0] == q + 1 else (end + 1, q)
    r_end = _cjk_end(view, end, hi, spaces=True)  # CJK characters (and spaces after the first)
    if r_end == end:
        return None
    if person and (d := view.find("的", end + 2, r_end)) > 0 and _clause_start(view, end, d, w):
        y = _forward(view, d + 1, False, w)  # 12名有需要的干部, not 46名合同制护士的劳动合同
        if y is not None and y[0] == d + 1:
            for e in range(min(y[1], end + _MAX), d + 2, -1):  # 6名身体不适的老职工送药: up to the people
                if w.person_head.find(view, y[0], e) >= 0:
                    return end, e
    b = r_end
    m = w.fwd_stop.search(view, end, b)
    kf = -1  # where the first keep word starts (none before it to test), found when first needed
    while m is not None:
        ms, me = m.span()
        if ms > end and me < b and view[me - 1] in w.rank_last and m.group() in w.rank and view[ms - 1] not in _AGE:
            m = w.fwd_stop.search(view, me, b)  # 11名市级以上劳动模范: a rank, not a bound
            continue
        if (ms == end or unit_event) and m.group() in w.fwd_heads:
            m = w.fwd_stop.search(view, me, b)  # 3场技能比武, 两场院级技能竞赛: the event itself, counted
            continue
        if kf < 0:
            kf = k.start() if (k := w.keep.search(view, end, r_end)) is not None else r_end
        if (ms >= kf and _kept(view, ms, end, b, w, me - ms)) or (view[ms] == "等" and view[ms - 1] in _NUMERALS):
            m = w.fwd_stop.search(view, ms + 1, b)
        else:
            break
    if m is not None:
        b = m.start()
        if b > end and (v := w.verbs.match(view, b - 1, r_end)) is not None and v.end() > b:
            b -= 1  # 两条涉及公司层面: the stop 及 is inside the verb 涉及
    v = w.verbs.search(view, end, b)
    if v is not None and kf < 0:
        kf = k.start() if (k := w.keep.search(view, end, r_end)) is not None else r_end
    while v is not None and ((v.start() >= kf and _kept(view, v.start(), end, b, w)) or (
            v.end() < b and (view[v.end()] in w.tail_first or view[v.end() - 1] in w.rank_last)
            and _noun_after(view, v, b, w))):
        v = w.verbs.search(view, v.start() + 1, b)
    if v is not None:
        if v.end() == b and unit_event and v.group() not in w.light and b - end <= _MAX \
                and w.doer.search(view, end, v.start()) is None:  # 进行了三轮检查, 两次专项审查: the event
            return end, b  # (两批一线职工疗休养: the people, below)
        b = v.start()
    a = end
    if a < b and (view[a].isspace() or view[b - 1].isspace()):
        a, b = _trim(view, a, b)
    return (a, b) if 1 <= b - a <= _MAX and not (view[a] in _NUMERALS and _count_only(view, a, b)) else None


def _object(view: str, a: int, b: int, w: _Words) -> bool:
    """True when ``[a, b)`` after an event verb is its object, a noun phrase (就业创业和社保政策, 党的二十大精神):
    verbs may qualify its nouns, but none ends it, none is light or a transfer, and no 并 joins a second verb."""
    for m in w.verbs.finditer(view, a, b):
        if _kept(view, m.start(), a, b, w):
            continue
        g = m.group()
        if m.end() == b or g in w.light or g in w.transfer or g in "并並":
            return False
    return True


def _name_head(view: str, a: int, b: int, unit: str, w: _Words) -> bool:
    """True when ``[a, b)``, right after a quoted name, is a noun it names (活动, 招聘会, 建设达标率, 结对):
    no verb, or one verb at its start that is neither light nor a transfer and ends a noun, or the phrase
    when the figure does not count people (“老带新”结对88对, but “两癌”筛查96人 names nothing)."""
    ms = [m for m in w.verbs.finditer(view, a, b) if not _kept(view, m.start(), a, b, w)]
    if not ms:
        return True
    m = ms[0]
    if len(ms) > 1 or m.start() != a or m.group() in w.light or m.group() in w.transfer:
        return False
    return (m.end() == b and unit not in w.person_units) or view[b - 1] in _EVENT_HEADS or any(
        w.noun_tail.fullmatch(view, i, b) is not None for i in range(max(m.end(), b - 3), b))


def _clause_start(view: str, a: int, d: int, w: _Words) -> bool:
    """True when ``[a, d)`` (before a 的) may be a clause about people still to be named: it names no people
    itself (32名职工组成的) and starts with no verb other than taking part (7人组成的; 2名考上大学的 is one)."""
    if any(w.person_head.find(view, a, e) >= 0 for e in range(a + 1, d + 1)):
        return False
    v = w.verbs.match(view, a, d)
    return v is None or v.group() in w.participation


def _rank(view: str, m: "re.Match[str]", w: _Words) -> bool:
    """True when a verb match is a rank inside a noun (市级以上劳动模范, 高级工以上技能人才), not a bound;
    after an age or time it is one (45岁以上职工)."""
    return m.group() in w.rank and m.end() < len(view) and _is_cjk(view[m.end()]) and m.start() > 0 \
        and _is_cjk(view[m.start() - 1]) and view[m.start() - 1] not in _AGE


def _noun_after(view: str, m: "re.Match[str]", limit: int, w: _Words) -> bool:
    """True when a verb match is the start of a noun (救助金, 参保率, 培训班); never for a verb of relation
    (涉及金额, 折合金额)."""
    g = m.group()
    if m.end() >= limit or g in w.relation:
        return False
    if g in w.rank and _rank(view, m, w):
        return True
    t = w.noun_tail.match(view, m.end(), limit)
    if t is not None and t.end() == limit:
        return True
    return False


def _in_word(view: str, k: int, a: int, b: int, w: _Words) -> bool:
    """True when the character at ``k`` is inside a listed word (参与, 及时, 平等): no conjunction."""
    for i in (k - 1, k):
        if i < a:
            continue
        for rx in (w.verbs, w.keep):
            m = rx.match(view, i, b)
            if m is not None and m.end() - m.start() >= 2 and m.start() <= k < m.end():
                return True
    return False


def _row_head(view: str, bar: int, unit: str, w: _Words) -> Optional[tuple[int, int]]:
    """The first cell of a table row when the figure is in its second cell (``劳动竞赛 | 14项 |``)."""
    ls = view.rfind("\n", max(0, bar - _BACK * 2), bar) + 1
    if ls == 0 and bar >= _BACK * 2:
        return None
    a = ls
    while a < bar and (view[a].isspace() or view[a] in _BAR):
        a += 1
    if any(view[i] in _BAR for i in range(a, bar)):
        return None
    a, b = _trim(view, a, bar)
    if not 1 <= b - a <= _MAX or not any(_is_cjk(view[i]) for i in range(a, b)):
        return None
    if view[a - 1] in _CLAUSE:  # 走访慰问困难职工 | 83户 -> 困难职工; 困难职工帮扶 | 41户: the cell as it is
        got = _back(view, b, unit, w)
        if got is not None and got[0] >= a:
            return got
    return a, b


def _strip_end(view: str, a: int, b: int, w: _Words) -> int:
    """The end of the phrase without copulas, 的/了, rates (每月, 人均) and comparisons (较上年)."""
    if b - a >= 3 and (c := w.comparison.search(view, a, b)) is not None:
        b = c.start()
    last = w.end_last  # the last characters of all of them: most phrases end in none
    while b > a and view[b - 1] in last:
        k = w.copula.find(view, a, b)
        if k >= 0 and not _kept(view, k, a, b, w):
            b = k
        elif view[b - 1] in "的了":
            b -= 1
        elif (k := w.per_end.find(view, a, b)) >= 0:
            b = k
        else:
            break
    return b


def _back(view: str, start: int, unit: str, w: _Words, money: bool = False,
          percent: bool = False) -> Optional[tuple[int, int]]:
    """The phrase before the figure (see the module docstring); None when there is none."""
    unit_event = unit in w.event_units
    lo = start - _BACK if start > _BACK else 0
    b = start
    while b > lo and view[b - 1].isspace():
        b -= 1
    if b > lo and view[b - 1] == "各":  # “最美医师”“最美护士”各10名
        b -= 1
    c = view[b - 1] if b > lo else ""
    if c and c in _BAR:  # 劳动竞赛 | 14项 |: the row's name
        return _row_head(view, b - 1, unit, w)
    if c and c in _CLOSE_NAME:  # 新命名“园区工匠”10名, 编印《服务手册》500册: the name
        q = b - 1
        opening = "《" if view[q] == "》" else _OPEN_Q
        a = q
        while a > lo and view[a - 1] not in opening and view[a - 1] not in _CLAUSE:
            a -= 1
        if a > lo and view[a - 1] in opening and a < q:
            return a, q
        return None
    m = _LAST_STOP.match(view, lo, b)  # the phrase goes back to the last clause mark, quote or digit
    a = m.end() if m is not None else lo
    if a > lo and a < b and view[a - 1].isdigit():
        if view[a] in "xX" and a + 1 < b and view[a + 1] in "xX" and a + 2 < b and view[a + 2] in _DATE_UNITS:
            a += 3  # 20xx年较上年: a template's year
        elif view[a] in _UNIT_CHARS or view[a] in _DATE_UNITS:
            a += 1  # 8个社团全年活动140余次: 个 is the unit of the 8; 到2028年集团...: 年 ends a date
        elif "0" <= view[a - 1] <= "9" and view[a].isascii() and view[a].isalpha() and view[a] not in "xX":
            while a > lo and "0" <= view[a - 1] <= "9":
                a -= 1  # 5G套餐渗透率: a digit with a Latin letter is part of a word
    if unit_event:  # 宣讲就业和社保政策210场 -> 宣讲: the event, not its object
        ev = None
        for ev in w.event_verb_any.finditer(view, a, b):
            pass
        if ev is not None and b - ev.end() >= 2 and w.noun_tail.match(view, ev.end(), b) is None \
                and view[b - 1] not in _EVENT_HEADS and _object(view, ev.end(), b, w):
            return ev.start(), ev.end()
    # the nearest conjunct: after the last 和 / 及 / 与 that is not part of a word
    for cm in (reversed(list(_CONJ_RX.finditer(view, a, b))) if _CONJ_RX.search(view, a, b) else ()):
        k = cm.start()
        if not _in_word(view, k, a, b, w) and not (view[k] == "等" and k > a and view[k - 1] in _NUMERALS):
            a = k + 1
            break
    if a > lo and a < b and view[a - 1] in _CLOSE_Q and view[a] not in _CONJ:  # “送清凉”活动: the quoted name is part of it
        q = a - 1
        while q > lo and view[q - 1] not in _OPEN_Q and view[q - 1] not in _CLAUSE:
            q -= 1
        if q > lo and view[q - 1] in _OPEN_Q and q < a - 1:
            e = _strip_end(view, a, b, w)
            if e > a and _name_head(view, a, e, unit, w):  # “春风行动”招聘会, “职工小家”建设达标率
                return _trim(view, q - 1, e) if e - q + 1 <= _MAX else None
            a = q - 1
    if percent and b - a > 2 and view[b - 1] == "的":  # 参与教职工达到全员的95% -> 全员: the whole the share is of
        cp = None
        for cp in w.copula_any.finditer(view, a, b - 1):
            pass
        if cp is not None and b - 1 - cp.end() >= 2:
            a = cp.end()
    if view[b - 1] in "到至" and (view.find("由", a, b) >= 0 or view.find("从", a, b) >= 0):
        return None  # 由两个月缩短到40天: the second figure of a change; the first has the subject
    # copulas, rates and comparisons at the end: 达到, 共计, 每月, 较上年 (建会单位达到412家 -> 建会单位)
    b = _strip_end(view, a, b, w)
    if b <= a or (view[b - 1] in w.no_subject_before.last and w.no_subject_before.find(view, a, b) >= 0):
        return None  # 每人200元, 为期一周, 连续三年, 今后五年: a rate or a span of time
    pm = w.inside.search(view, a, b) if b - a >= 4 else None
    while pm is not None and (qm := w.inside.search(view, pm.end(), b)) is not None:
        pm = qm
    if pm is not None and b - pm.end() >= 2:  # 哺乳期每天哺乳时间 -> 哺乳时间; 用工高峰时一线从业人员: a time, not the subject
        a = pm.end()
    if unit in w.person_units and view.find("的", a + 2, b - 2) >= 0 and (got := _clause_de(view, a, b, w)) is not None:
        return got  # 一线坚守岗位的职工共386人: a clause with 的 and its people
    # the last verb: the subject starts after it, unless it is the event of a count of events
    verbs: list[re.Match[str]] = []
    pos = a
    kf = -1  # where the first keep word starts (none before it to test), found at the first verb
    rank_last, tail_first = w.rank_last, w.tail_first
    while pos < b:
        skipped = None
        for m in w.verbs.finditer(view, pos, b):
            ms, me = m.span()
            if kf < 0:
                kf = km.start() if (km := w.keep.search(view, a - _KEEP_BACK if a > _KEEP_BACK else 0, b)) else b
            if ms >= kf and _kept(view, ms, a, b, w):
                skipped = m  # 内刊发表: 刊发 is kept, 发表 is still a verb
                break
            if view[me - 1] in rank_last and _rank(view, m, w):
                continue
            if me < b and view[me] in tail_first and _noun_after(view, m, b, w):
                break  # 参与面, 救助金: a noun to the end of the phrase, no verb in it
            verbs.append(m)
        if skipped is None:
            break
        pos = skipped.start() + 1
    if verbs:
        last = verbs[-1]
        prev = verbs[-2] if len(verbs) > 1 else None
        if last.end() == b:
            if unit_event:  # 开展专项检查两次 -> 专项检查; 分别到厂走访3次 -> 走访 (the event, never the doer)
                if last.group() in w.light:
                    return None  # 每季度召开一次: no event named
                if prev is not None:
                    a = prev.end()
                    if prev.group() in w.object_marks:  # 对食堂账目审查3次 -> 审查: what is examined is no part
                        k = w.event_verb.find(view, a, b)  # 对群监员集中轮训一次 -> 集中轮训
                        a = k if k >= 0 else last.start()
            elif prev is not None and prev.group() in w.transfer:
                a = prev.end()  # 发放补助12.4万元, 申请大病救助8000元: the object, a noun
            elif last.group() in w.participation:  # 员工参与210余人次: the doer
                b = last.start()
                if prev is not None:
                    a = prev.end()
            elif prev is not None and prev.group() in w.light and prev.end() < last.start():
                a = prev.end()  # 组织职工健康体检300人: the event organised
            elif money and prev is None and last.group() in w.expense and _noun_before(view, a, last.start(), w):
                pass  # 道具购置650元, 经费支出3万元: an item of expense
            elif w.patient.find(view, prev.end() if prev is not None else a, last.start()) >= 0:
                b = last.start()  # 代表提案立案27件: the proposals filed
                if prev is not None:
                    a = prev.end()
            else:
                return None  # 立案34件, 投保412人: what is counted is not named
        else:
            a = last.end()
    # modifiers at the start: 全年, 辖区, 其中 ... (not the 现 of 现场)
    while a < b and view[a] in w.modifier_first and (m := w.modifier.match(view, a, b)) is not None:
        km = w.keep.match(view, a, b)
        if km is not None and km.end() > m.end():
            break
        a = m.end()
    if unit_event:  # 工会干部学习8次 -> 学习: the doer is not the event
        a = _after_doer(view, a, b, w)
    if a < b and (view[a].isspace() or view[b - 1].isspace()):
        a, b = _trim(view, a, b)
    if b - a < 1 or b - a > _MAX:
        return None
    if b - a == 1 or (b - a == 2 and view[a:b] in w.bare):
        return None  # one character is no noun phrase (分四批); 累计服务1.2万人次 names nothing
    if view[a] in _NUMERALS and _count_only(view, a, b):
        return None  # 两人一组, 一支8人的: a count, no noun
    if unit in w.distance_units:
        f = w.distance.search(view, a, b)
        while f is not None and _kept(view, f.start(), a, b, w, f.end() - f.start()):
            f = w.distance.search(view, f.end(), b)
        if f is not None:
            return None  # 离县城40多公里, 宿舍距厂区3公里: a distance from a place counts nothing
    return a, b


def _count_only(view: str, a: int, b: int) -> bool:
    """True when ``[a, b)`` is only a numeral and a measure word (两人, 一支, 十二个)."""
    return view[a] in _NUMERALS and (b - a == 2 or (b - a == 3 and view[a + 1] in _NUMERALS)) \
        and view[b - 1] in _UNIT_CHARS


def _clause_de(view: str, a: int, b: int, w: _Words) -> Optional[tuple[int, int]]:
    """``[a, b)`` when it is a clause, 的 and a noun of people (家庭困难的会员, 一线坚守岗位的职工): a clause
    with no verb, or with one verb after its first word that is not taking part (参加测评的中层干部: the doers)."""
    d = view.rfind("的", a + 2, b - 2)
    if d < 0 or w.person_head.find(view, d + 1, b) < 0 or w.person_head.find(view, a, d) >= 0:
        return None
    verbs = [m for m in w.verbs.finditer(view, a, d) if not _kept(view, m.start(), a, d, w)]
    if verbs and verbs[0].start() == a and verbs[0].group() not in w.participation:
        a = verbs.pop(0).end()  # 慰问家庭困难的退休职工: the clause after the verb
    if len(verbs) > 1 or (verbs and (verbs[0].start() == a or verbs[0].group() in w.participation)):
        return None
    if w.verbs.search(view, d + 1, b) is not None:
        return None
    while a < d and (m := w.modifier.match(view, a, d)) is not None:
        a = m.end()
    a, b = _trim(view, a, b)
    return (a, b) if d - a >= 2 and b - a <= _MAX else None


def _noun_before(view: str, a: int, b: int, w: _Words) -> bool:
    """True when ``[a, b)`` holds at least two characters after its modifiers."""
    while a < b and (m := w.modifier.match(view, a, b)) is not None:
        a = m.end()
    return b - a >= 2


def _after_doer(view: str, a: int, b: int, w: _Words) -> int:
    """The start of the event when the phrase is a doer and an event verb (分会主席半年述职)."""
    best = a
    for d in w.doer.finditer(view, a, b):
        r = d.end()
        while r < b and (m := w.modifier.match(view, r, b)) is not None:
            r = m.end()
        if 2 <= b - r <= 6 and w.event_verb.find(view, r, b) >= 0:
            best = r
    return best


def _compact(view: str, lo: int, hi: int) -> tuple[str, list[int]]:
    """``view[lo:hi]`` without blanked pinyin (开(kāi)展 -> 开展) and the view offset of each character."""
    idx: list[int] = []
    prev = lo
    for g_start, g_end in _gaps(view, lo, hi):
        idx.extend(range(prev, g_start))
        prev = g_end
    idx.extend(range(prev, hi))
    return "".join(view[i] for i in idx), idx


def subject_span(view: str, start: int, end: int, kind: str, unit: str = "") -> Optional[tuple[int, int]]:
    """``[s, e)`` of the subject of the figure at ``[start, end)`` of ``view`` (``unit``: its unit),
    or ``None`` when it has none."""
    if kind == "date" or kind == "ordinal":
        return None
    lo = start - 2 * _BACK if start > 2 * _BACK else 0
    hi = end + 2 * _FWD
    if view.find(" ", lo, hi) >= 0 and (view.find("   ", lo, hi) >= 0 or _han_gap(view, lo, hi)):
        # pinyin left by a converter, or spaces inside words: the rules on the text without them, offsets mapped back
        hi = min(len(view), hi)
        small, idx = _compact(view, lo, hi)
        try:
            s, e = idx.index(start), idx.index(end - 1) + 1
        except ValueError:  # a figure starting or ending in a gap: no mapping, the plain rules
            return _span(view, start, end, kind, unit)
        got = _span(small, s, e, kind, unit)
        if got is None:
            return None
        b = idx[got[1] - 1] + 1
        g = _PINYIN.match(view, b, hi)
        if g is not None:  # 企業(yè): the pinyin of the last character goes with it
            b = g.end()
        return idx[got[0]], b
    return _span(view, start, end, kind, unit)


def _compared(view: str, k: int, w: _Words) -> bool:
    """True when a comparison ends at ``k`` (从原来的1间增加到3间: the 的 is the comparison's)."""
    c = None
    for c in w.comparison.finditer(view, k - 6 if k > 6 else 0, k):
        pass
    return c is not None and c.end() == k


def _together(view: str, start: int) -> bool:
    """True when 一起 at ``start`` means 'together': right after 到/在, or after 和/同/与/跟 and a noun."""
    if start > 0 and view[start - 1] in "到在":
        return True
    for i in range(start - 1, max(-1, start - 8), -1):
        if view[i] in _CLAUSE:
            return False
        if view[i] in _WITH:
            return True
    return False


_W: list[_Words] = []  # the tables, once loaded


def _loaded_words() -> _Words:
    """:func:`_words`, kept in :data:`_W` (a list lookup per figure is cheaper than the cache's call)."""
    _W.append(_words())
    return _W[0]


def _span(view: str, start: int, end: int, kind: str, unit: str) -> Optional[tuple[int, int]]:
    w = _W[0] if _W else _loaded_words()
    if end - start == 2 and view[start] == "一" and view[start + 1] == "起" and _together(view, start):
        return None  # 和大家一起, 凑到一起: 'together', no count
    split = start > 0 and view[start - 1] in w.split.last and unit in w.group_units \
        and (k := w.split.find(view, start - 3 if start > 3 else 0, start)) >= 0 \
        and not _kept(view, k, k - _KEEP_BACK if k > _KEEP_BACK else 0, start, w)
    if kind == "count":
        fwd = _forward(view, end, unit in w.event_units, w, unit in w.person_units)
        if fwd is not None and not (split and w.verbs.match(view, fwd[0]) is not None):
            return fwd  # 分为4个工会小组: the groups' noun; 分两期外出: not an event
        if start > 0 and view[start - 1] == "的" and not _compared(view, start - 1, w):
            return None  # 对查出问题的3人: the people are the clause, not a noun (母婴室从原来的1间: compared)
        if view.startswith("组成", end) and start > 0 and view[start - 1] == "由":
            return None  # 委员会由5人组成: the members, not named
    if split:
        return None  # 分三批 (no noun after): the parts of a whole, nothing counted is named
    if unit in w.time_units:  # 每天1小时哺乳时间: the time noun after a duration
        hi = min(len(view), end + _FWD)
        b = _cjk_end(view, end, hi)
        if b - end <= 6 and w.time_noun.find(view, end, b) >= 0:
            return end, b
    back = _back(view, start, unit, w, kind == "money", kind == "percent")
    if back is not None and unit in w.time_units and w.time_noun.find(view, back[0], back[1]) < 0:
        return None  # 为期一周, 每周开放六天: a span of time counts nothing named
    if back is None and (kind == "money" or (kind == "other" and unit not in w.time_units)):
        # 奖励300元购物卡, 修复了400米厂区道路: the noun after (not after a span of time: 今后五年工作)
        return _forward(view, end, False, w)
    return back
