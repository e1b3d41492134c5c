"""Hostile facts.json: every bad input is one line on stderr naming the JSON path (or line and
column), exit 1, nothing written; inputs at the edges (100+ items, huge sums) are drafted exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zongjie import lang
from zongjie.cli import app
from zongjie.draft import FactsError, parse_facts, render
from zongjie.errors import ZongjieError

runner = CliRunner()
BASE = '{"organization": "x工会", "period": {"year": 2025}'


def _welfare(items_json: str) -> str:
    return BASE + ', "sections": {"welfare": {"items": [' + items_json + "]}}}"


def _fig(value_json: str) -> str:
    return '"甲", "乙", {"what": "走访", "value": ' + value_json + ', "unit": "人次"}'


def _err(text: str) -> str:
    with pytest.raises(FactsError) as info:
        parse_facts(text, "f.json")
    msg = str(info.value)
    assert "\n" not in msg and "\r" not in msg
    msg.encode("utf-8")  # printable: no lone surrogate in the message
    return msg


def _cli_fails(tmp_path: Path, text: str, *args: str) -> str:
    facts = tmp_path / "facts.json"
    facts.write_text(text, encoding="utf-8", errors="surrogatepass")
    out = tmp_path / "out.draft"
    res = runner.invoke(app, ["draft", str(facts), "-o", str(out), *args])
    assert res.exit_code == 1, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    assert "Traceback" not in res.output
    lines = [l for l in res.output.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.json"]
    return lines[0]


# --- non-finite and unrepresentable numbers ----------------------------------------------------

@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_hostile_non_finite_value_names_path(token):
    msg = _err(_welfare(_fig(token)))
    assert msg.startswith(f"f.json: sections.welfare.items[2].value: {token} ")
    assert "not a number" in msg


@pytest.mark.parametrize("token,needle", [
    ("1e400", "out of range"), ("-1e400", "out of range"), ("1e-400", "too small"),
    ("0.1000000000000000000001", "more significant digits"),
])
def test_hostile_unrepresentable_float_names_path(token, needle):
    msg = _err(_welfare(_fig(token)))
    assert msg.startswith("f.json: sections.welfare.items[2].value: ") and needle in msg


def test_hostile_non_finite_in_a_python_dict_is_refused():
    from zongjie.draft import validate_facts

    facts = json.loads(_welfare(_fig("1")))
    facts["sections"]["welfare"]["items"][2]["value"] = float("nan")
    problems = validate_facts(facts)
    assert problems and problems[0].startswith("sections.welfare.items[2].value: nan")


def test_hostile_integer_over_4300_digits_names_path():
    msg = _err(_welfare(_fig("9" * 5000)))
    assert msg.startswith("f.json: sections.welfare.items[2].value: ") and "5000 digits" in msg


def test_hostile_cli_nan_one_line_nothing_written(tmp_path):
    line = _cli_fails(tmp_path, _welfare(_fig("NaN")))
    assert "sections.welfare.items[2].value" in line


# --- text that is not text ---------------------------------------------------------------------

@pytest.mark.parametrize("ch", ["\x00", "\x07", "\x0b", "\x1b", "\x7f", "\x85", "\ufffe"])
@pytest.mark.parametrize("fmt", ["txt", "md", "docx", "json"])
def test_hostile_control_character_rejected_with_path(tmp_path, ch, fmt):
    text = _welfare(json.dumps("慰问" + ch + "职工", ensure_ascii=True))
    assert _err(text).startswith("f.json: sections.welfare.items[0]: has a control character")
    assert "sections.welfare.items[0]" in _cli_fails(tmp_path, text, "--format", fmt)


def test_hostile_tab_and_newline_are_text():
    facts = parse_facts(_welfare('"慰问\\t职工\\n共56人次"'))
    assert "慰问\t职工" in render(facts, "txt")


@pytest.mark.parametrize("where", ["organization", "key", "figure"])
def test_hostile_lone_surrogate_rejected_with_path(tmp_path, where):
    if where == "organization":
        text, path = '{"organization": "x\\ud800工会", "period": {"year": 2025}}', "organization"
    elif where == "key":
        text, path = BASE + ', "sections": {"a\\udfffb": {}}}', 'sections["a\\udfffb"]'
    else:
        text = _welfare('{"text": "发放{1}", "figures": [{"value": 1, "unit": "\\ud83d"}]}')
        path = "sections.welfare.items[0].figures[0].unit"
    msg = _err(text)
    assert msg.startswith(f"f.json: {path}: ") and "lone surrogate" in msg, msg
    _cli_fails(tmp_path, text, "--format", "docx")


# --- structure -----------------------------------------------------------------------------------

def test_hostile_deep_nesting_gives_line_and_column(tmp_path):
    text = BASE + ', "closing": ' + "[" * 100000 + "]" * 100000 + "}"
    msg = _err(text)
    assert msg.startswith("f.json:1:") and "nested deeper" in msg
    _cli_fails(tmp_path, text)


def test_hostile_moderate_nesting_names_path():
    text = BASE + ', "closing": ' + "[" * 40 + "]" * 40 + "}"
    msg = _err(text)
    assert msg.startswith("f.json: closing[0]") and "nested deeper than 32 levels" in msg


@pytest.mark.parametrize("digits", ["99999999999999999999", "9" * 5000])
def test_hostile_huge_slot_index(tmp_path, digits):
    text = _welfare('{"text": "发放{' + digits + '}", "figures": [{"value": 1, "unit": "元"}]}')
    msg = _err(text)
    assert msg.startswith("f.json: sections.welfare.items[0].text: slot {") and "but 1 figure(s) given" in msg
    assert len(msg) < 300
    _cli_fails(tmp_path, text)


def test_hostile_non_ascii_digit_slot_is_not_a_slot():
    msg = _err(_welfare('{"text": "发放{１}", "figures": [{"value": 1, "unit": "元"}]}'))
    assert "no slot {1} for figures[0]" in msg


# --- edges that are fine -------------------------------------------------------------------------

_CN = {98: "九十八", 99: "九十九", 100: "一百", 101: "一百零一", 110: "一百一十", 111: "一百一十一", 120: "一百二十"}


@pytest.mark.parametrize("n", [99, 100, 101, 120])
def test_hostile_many_problems_are_numbered(n):
    facts = parse_facts(BASE + ', "problems": ' + json.dumps([f"问题甲{i}" for i in range(n)], ensure_ascii=False) + "}")
    lines = render(facts, "txt").splitlines()
    for k in sorted(_CN):
        if k <= n:
            end = "。" if k == n else "；"
            assert f"{_CN[k]}是问题甲{k - 1}{end}" in lines, k


@pytest.mark.parametrize("fmt", ["txt", "md", "json", "docx"])
def test_hostile_many_items_in_a_section(fmt):
    items = json.dumps([f"事项{i}" for i in range(150)], ensure_ascii=False)
    facts = parse_facts(BASE + ', "sections": {"welfare": {"items": ' + items + "}}}")
    out = render(facts, fmt)
    if fmt != "docx":
        assert "150.事项149。" in out.replace("150\\.", "150.")


def test_hostile_huge_sums_are_written_exactly():
    """Money arithmetic is exact: a 37-digit sum is not rounded to 28 significant digits."""
    from zongjie.draft.figure_text import figure_text

    v = 1234567890123456789012345678901234567
    assert figure_text(v, "元") == f"{v}元"
    assert figure_text(v * 10000, "元") == f"{v}万元"
    assert figure_text(12345678901234567890123456789012345600000000, "元") == "123456789012345678901234567890123456亿元"
    assert figure_text(1e300, "人") == "1" + "0" * 300 + "人"
    assert figure_text(1e-7, "%") == "0.0000001%"
    assert figure_text(-0.0, "人") == "0人"


def test_hostile_errors_are_zongjie_errors():
    with pytest.raises(ZongjieError):
        parse_facts("[" * 5000, "f.json")


def test_hostile_paths_are_jsonschema_json_paths():
    """Paths in messages are jsonschema's ``error.json_path`` without ``$.``."""
    from zongjie.draft.facts_schema import _validator, describe

    facts = json.loads(_welfare('"a", "b", {"what": "走访", "value": "十二", "unit": "人次"}'))
    facts["problems"] = [{"what": "x", "value": 1, "unit": "人", "approx": "大概"}]
    errors = list(_validator().iter_errors(facts))
    assert len(errors) == 2
    for err in errors:
        leaf = err if err.validator != "anyOf" else max(err.context, key=lambda e: len(e.absolute_path))
        assert describe(err).startswith(leaf.json_path[2:] + ": "), (describe(err), leaf.json_path)
    assert {describe(e) for e in errors} == {
        'sections.welfare.items[2].value: expected a number, got "十二"',
        'problems[0].approx: expected one of ' + ", ".join(f'"{m}"' for m in lang.approx_markers().all)
        + ', got "大概"'}
