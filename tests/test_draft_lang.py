"""The drafter reads the language layer: approximate markers and section ids come from
``zongjie.lang`` (one copy of each fact), numerals from cn2an."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zongjie import lang
from zongjie.cli import app
from zongjie.draft import FactsError, parse_facts, render, schema_text

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def _approx_enums(node, out):
    if isinstance(node, dict):
        if "approx" in node.get("properties", {}):
            out.append(node["properties"]["approx"]["enum"])
        for v in node.values():
            _approx_enums(v, out)
    elif isinstance(node, list):
        for v in node:
            _approx_enums(v, out)
    return out


def test_lang_schema_approx_enum_is_the_language_table():
    enums = _approx_enums(json.loads(schema_text()), [])
    assert len(enums) == 2 and all(e == list(lang.approx_markers().all) for e in enums)
    assert "来" in enums[0]


def test_lang_schema_section_keys_are_the_topical_sections():
    schema = json.loads(schema_text())
    assert tuple(schema["properties"]["sections"]["properties"]) == lang.topical_sections()
    assert tuple(schema["properties"]["plans"]["properties"]["sections"]["properties"]) == lang.topical_sections()


def test_lang_shipped_schema_file_has_no_copy_of_the_tables():
    raw = json.loads((ROOT / "src" / "zongjie" / "draft" / "facts.schema.json").read_text(encoding="utf-8"))
    figure = raw["$defs"]["figure"]["properties"]["approx"]
    assert "enum" not in figure and figure["x-from-lang"] == "approx_markers"
    assert "properties" not in raw["properties"]["sections"]
    assert "properties" not in raw["properties"]["plans"]["properties"]["sections"]


def test_lang_schema_is_a_valid_2020_12_schema():
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(json.loads(schema_text()))


def test_lang_unknown_section_lists_the_table_ids():
    with pytest.raises(FactsError) as info:
        parse_facts('{"organization": "x", "period": {"year": 2025}, "sections": {"sport": {}}}', "f.json")
    msg = str(info.value)
    assert msg.startswith("f.json: sections.sport: unknown section id \"sport\"; valid: ")
    assert msg.endswith(", ".join(lang.topical_sections()))


@pytest.mark.parametrize("marker", list(lang.approx_markers().all))
def test_lang_every_marker_is_accepted_and_written(marker):
    facts = parse_facts(json.dumps({"organization": "x工会", "period": {"year": 2025}, "sections": {
        "welfare": {"items": [{"what": "参加", "value": 30, "unit": "人", "approx": marker}]}}}, ensure_ascii=False))
    m = lang.approx_markers()
    want = (marker + "30人" if marker in m.prefix else "30" + marker + "人" if marker in m.infix else "30人" + marker)
    assert f"共参加{want}。" in render(facts, "txt")


def test_lang_lai_is_an_infix_marker():
    from zongjie.draft.figure_text import figure_text

    assert figure_text(30, "人", "来") == "30来人"
    assert figure_text(300000, "元", "来") == "30万来元"
    assert figure_text(30, "人", "多") == "30多人"  # listed as infix first, so written as infix


def test_lang_unknown_marker_is_a_schema_error():
    with pytest.raises(FactsError, match=r"sections\.welfare\.items\[0\]\.approx: expected one of"):
        parse_facts(json.dumps({"organization": "x", "period": {"year": 2025}, "sections": {"welfare": {"items": [
            {"what": "参加", "value": 30, "unit": "人", "approx": "大概"}]}}}, ensure_ascii=False))


def test_lang_numbering_and_dates_from_cn2an():
    from zongjie.draft.figure_text import cn_number, date_text
    from zongjie.draft.model import numbering

    assert [cn_number(n) for n in (1, 10, 11, 20, 31, 100, 101, 110)] == [
        "一", "十", "十一", "二十", "三十一", "一百", "一百零一", "一百一十"]
    assert numbering(1, 12) == "十二、" and numbering(2, 3) == "（三）" and numbering(3, 7) == "7."
    assert date_text(dt.date(2025, 12, 20), "chinese") == "二〇二五年十二月二十日"
    assert date_text(dt.date(2000, 10, 1), "chinese") == "二〇〇〇年十月一日"
    assert date_text(dt.date(2030, 1, 31), "chinese") == "二〇三〇年一月三十一日"


def test_lang_lai_round_trips_through_facts_and_draft(tmp_path):
    """30来人 in a summary: `zongjie facts` keeps the marker, `zongjie draft` writes 30来人 again."""
    summary = tmp_path / "summary.txt"
    summary.write_text("某公司工会2025年工作总结\n2025年，公司工会在公司党委的领导下开展工作。\n一、文体活动\n"
                       "全年组织职工读书分享会，每次参加职工30来人，举办篮球赛2场。\n", encoding="utf-8")
    facts = tmp_path / "facts.json"
    res = runner.invoke(app, ["facts", str(summary), "-o", str(facts)])
    assert res.exit_code == 0, res.output
    data = json.loads(facts.read_text(encoding="utf-8"))
    figures = [f for sec in data["sections"].values() for it in sec.get("items", []) if isinstance(it, dict)
               for f in it.get("figures", [])]
    assert {"value": 30, "unit": "人", "approx": "来"}.items() <= next(f for f in figures if f["value"] == 30).items()
    res = runner.invoke(app, ["draft", str(facts)])
    assert res.exit_code == 0, res.output
    assert "30来人" in res.stdout and "2场" in res.stdout
