"""Breaking a long 公文 title into centred lines (GB/T 9704-2012 7.3.1).

The standard asks for a title that, when it runs over one line, is broken "词意完整，排列对称，长短
适宜" and laid out as a trapezoid (梯形) or diamond (菱形). :func:`title_lines` chooses the break
points among places where a phrase ends (after the organisation's name, before 及/暨, before a
year, before 工作总结/工作计划 ...), never inside a number or a Latin word, never before closing or
after opening punctuation, never leaving one or two characters alone on a line, and prefers
lines whose lengths make a trapezoid or diamond.
"""

from __future__ import annotations

import re
from typing import Optional, Sequence

# widths in em: CJK characters and full-width punctuation 1, ASCII (digits, Latin) about half
_ATOM = re.compile(r"[\x21-\x7e]+|\s+|.", re.S)
_NO_LINE_START = set("，。、；：！？）》」』”’…—·%％")
_NO_LINE_END = set("（《「『“‘")
_GENRE = ("工作总结", "工作计划", "工作要点", "工作安排", "工作报告", "工作思路", "述职报告", "总结", "计划")
_ORG_END = ("工会委员会", "委员会", "工会", "联合会", "公司", "集团", "学校", "医院", "分会", "支部")
_CONJ = ("及", "暨", "和", "与")
_YEAR = re.compile(r"(?:19|20)\d{2}(?:年|—|-|～)")

# cost of a break at each kind of place (lower is better); a line break anywhere else costs most
_COST_ORG, _COST_ORG_YEAR, _COST_CONJ, _COST_YEAR, _COST_GENRE, _COST_ORG_WORD, _COST_ANY = 0, 1, 2, 3, 4, 3, 12


def em_width(text: str) -> float:
    """The width of ``text`` in em of the title font: ASCII half, everything else one."""
    return sum(0.5 if " " <= ch <= "~" else 1.0 for ch in text)


def _atoms(title: str) -> list[str]:
    """Unbreakable pieces: one CJK character, a run of ASCII (a number, a Latin word) or of spaces."""
    return _ATOM.findall(title) or [title]


def _break_costs(atoms: Sequence[str], org: Optional[str]) -> dict[int, float]:
    """Cost of breaking before atom ``i`` (1 <= i < len(atoms)); absent where a break is not allowed."""
    text = "".join(atoms)
    starts, pos = [], 0
    for a in atoms:
        starts.append(pos)
        pos += len(a)
    costs: dict[int, float] = {}
    for i in range(1, len(atoms)):
        prev, nxt = atoms[i - 1], atoms[i]
        if nxt[0] in _NO_LINE_START or prev[-1] in _NO_LINE_END or nxt.isspace():
            continue  # a space stays at the end of the line before, never starts one
        at = starts[i]
        head, tail = text[:at], text[at:]
        cost = _COST_ANY
        if org and head == org:
            cost = _COST_ORG
        elif head.endswith(_ORG_END) and _YEAR.match(tail):
            cost = _COST_ORG_YEAR
        elif tail.startswith(_CONJ) and len(tail) > 1:
            cost = _COST_CONJ
        elif _YEAR.match(tail):
            cost = _COST_YEAR
        elif tail.startswith(_GENRE):
            cost = _COST_GENRE
        elif head.endswith(_ORG_END):
            cost = _COST_ORG_WORD
        costs[i] = cost
    return costs


def _shape_penalty(widths: Sequence[float]) -> float:
    """Lines should make a trapezoid (monotone lengths) or a diamond (longest in the middle)."""
    n = len(widths)
    if n == 1:
        return 0.0
    spread = max(widths) - min(widths)
    penalty = 0.0
    if n == 2:
        # 长短适宜: neither line under half the other, nor (nearly) equal
        if min(widths) < max(widths) / 2:
            penalty += (max(widths) / 2 - min(widths)) * 2
        return penalty + spread * 0.5
    inc = all(a <= b for a, b in zip(widths, widths[1:]))
    dec = all(a >= b for a, b in zip(widths, widths[1:]))
    top = widths.index(max(widths))
    diamond = all(a <= b for a, b in zip(widths[:top + 1], widths[1:top + 1])) and \
        all(a >= b for a, b in zip(widths[top:], widths[top + 1:]))
    if not (inc or dec or diamond):
        penalty += 20  # 沙漏形 and zigzags are what the standard rules out
    return penalty + spread * 0.3


def title_lines(title: str, org: Optional[str] = None, max_em: float = 19.0) -> list[str]:
    """The title as one or more lines, each at most ``max_em`` wide, broken at sensible places.

    ``org`` (the organisation's name, as signed) is the preferred break when the title starts
    with it. Every line keeps at least three characters unless the whole title is shorter. A line
    break the title already has is kept (and nothing else of the text is changed: the lines joined
    give the title back without its line breaks and the spaces around them).
    """
    parts = [p.strip() for p in re.split(r"\r\n|\r|\n|\u2028|\u2029", title)]
    parts = [p for p in parts if p] or [title.strip()]
    if len(parts) > 1:
        return [line for p in parts for line in title_lines(p, org if p == parts[0] else None, max_em)]
    title = parts[0]
    if em_width(title) <= max_em:
        return [title]
    atoms = _atoms(title)
    costs = _break_costs(atoms, org)
    n = len(atoms)
    widths = [em_width(a) for a in atoms]
    prefix = [0.0]
    for w in widths:
        prefix.append(prefix[-1] + w)

    def line_ok(i: int, j: int) -> bool:
        return prefix[j] - prefix[i] <= max_em and len("".join(atoms[i:j])) >= 3

    best: Optional[tuple[float, list[int]]] = None
    min_lines = int(prefix[-1] // max_em) + 1
    # a title of more than four lines is not a title the standard has in mind: cut it evenly below
    for lines in range(max(2, min_lines), max(2, min_lines) + 2) if min_lines <= 4 else ():
        # dynamic programme over break positions: state (atom index, lines used) -> (cost, breaks)
        table: dict[tuple[int, int], tuple[float, list[int]]] = {(0, 0): (0.0, [])}
        for k in range(1, lines + 1):
            for (i, used), (cost, brk) in list(table.items()):
                if used != k - 1:
                    continue
                ends = [n] if k == lines else [j for j in costs if j > i]
                for j in ends:
                    if not line_ok(i, j):
                        continue
                    c = cost + (0 if j == n else costs[j] * 10)
                    key = (j, k)
                    if key not in table or c < table[key][0]:
                        table[key] = (c, brk + [j])
        if (n, lines) in table:
            cost, brk = table[(n, lines)]
            bounds = [0] + brk
            ws = [prefix[b] - prefix[a] for a, b in zip(bounds, bounds[1:])]
            total = cost + _shape_penalty(ws) + (lines - 2) * 15
            if best is None or total < best[0]:
                best = (total, brk)
    if best is None:  # no allowed break keeps every line within the width: cut evenly by width
        out, line = [], ""
        for a in atoms:
            if line and em_width(line + a) > max_em:
                out.append(line)
                line = ""
            line += a
        out.append(line)
        if len(out) > 1 and len(out[-1]) < 3:  # never one or two characters alone on the last line
            take = 3 - len(out[-1])
            out[-2], out[-1] = out[-2][:-take], out[-2][-take:] + out[-1]
        return out
    bounds = [0] + best[1]
    return ["".join(atoms[a:b]) for a, b in zip(bounds, bounds[1:])]
