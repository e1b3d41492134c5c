"""Validation problems of facts.json for the page: each one split into its JSON path and a
Chinese message, so that the page can put it next to the field the path names.

The problems themselves come from :func:`zongjie.draft.validate_facts` (``path: reason`` lines);
this module only words the reasons it knows in Chinese and keeps any other reason as written.
"""

from __future__ import annotations

import re
from typing import Callable, Union

_Rule = tuple["re.Pattern[str]", Union[str, Callable[["re.Match[str]"], str]]]

_RULES: list[_Rule] = [
    (re.compile(r"expected a non-empty string\Z"), "不能为空"),
    (re.compile(r"missing \(required\)\Z"), "必填"),
    (re.compile(r"expected an integer, got (.*)\Z"), r"应填整数，现在是 \1"),
    (re.compile(r"expected a number, got (.*)\Z"), r"应填数字（不知道就留空），现在是 \1"),
    (re.compile(r"expected a string, got (.*)\Z"), r"应填文字，现在是 \1"),
    (re.compile(r"expected a number >= (\S+), got (.*)\Z"), r"应不小于 \1，现在是 \2"),
    (re.compile(r"expected a number <= (\S+), got (.*)\Z"), r"应不大于 \1，现在是 \2"),
    (re.compile(r"expected one of (.*), got (.*)\Z"), r"应为 \1 之一，现在是 \2"),
    (re.compile(r"unknown section id (\S+?);.*\Z"), r"没有这个板块：\1"),
    (re.compile(r"unknown key (\S+).*\Z"), r"不认识的字段：\1"),
    (re.compile(r"slot \{(.*)\} but (\d+) figure\(s\) given\Z"), r"文中有 {\1}，但只给了 \2 个数字"),
    (re.compile(r"no slot \{(\d+)\} for figures\[\d+\].*\Z"), r"第 \1 个数字在文中没有位置（请在文中写上 {\1}）"),
    (re.compile(r".*has a control character .*\Z"), "含有控制字符，请删去"),
    (re.compile(r".*has a lone surrogate .*\Z"), "含有无效字符，请删去"),
    (re.compile(r"no such date (.*)\Z"), r"没有这个日期：\1"),
    (re.compile(r".*\bYYYY-MM-DD\b.*\Z"), "日期应写成 年-月-日，如 2025-12-20"),
]


def chinese(reason: str) -> str:
    """The Chinese wording of one validation reason (the reason as written when none fits)."""
    for pattern, words in _RULES:
        m = pattern.match(reason)
        if m:
            return m.expand(words) if isinstance(words, str) else words(m)
    return reason


def split(problem: str) -> dict[str, str]:
    """``{"path", "message", "reason"}`` of one ``path: reason`` problem line."""
    path, sep, reason = problem.partition(": ")
    if not sep:
        path, reason = "(root)", problem
    return {"path": path, "reason": reason, "message": chinese(reason)}


def problems_of(facts: object) -> list[dict[str, str]]:
    """Every validation problem of ``facts`` (a parsed facts.json), split for the page."""
    from ..draft import validate_facts

    return [split(p) for p in dict.fromkeys(validate_facts(facts))]
