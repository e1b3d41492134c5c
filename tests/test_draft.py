"""Drafting: facts.json validation, rendering, never inventing a number, templates, CLI, outputs."""

from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zongjie.cli import app
from zongjie.draft import FactsError, build_draft, load_facts, parse_facts, render, validate_facts
from zongjie.draft import figure_text as N
from zongjie.draft.phrases import blank_slots, load_bank, suggestions

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("facts*.json"))
FIXTURE_BANK = ROOT / "tests" / "data" / "draft" / "phrases_fixture.json"
runner = CliRunner()


@pytest.fixture(scope="module")
def full() -> dict:
    return load_facts(ROOT / "examples" / "facts.json")


def _err(text: str) -> str:
    with pytest.raises(FactsError) as info:
        parse_facts(text, "f.json")
    return str(info.value)


# --- numbers ---------------------------------------------------------------------

@pytest.mark.parametrize("value,unit,approx,expected", [
    (56, "人次", None, "56人次"), (125000, "元", None, "12.5万元"), (3000, "元", None, "3000元"),
    (30000, "元", None, "3万元"), (34500, "元", None, "3.45万元"), (12345, "元", None, "12345元"),
    (150000000, "元", None, "1.5亿元"), (98.5, "%", None, "98.5%"), (100.0, "%", None, "100%"),
    (85000, "元", "余", "8.5万余元"), (1900, "名", "余", "1900余名"), (5400000, "元", "约", "约540万元"),
    (90, "%", "以上", "90%以上"), (None, "人次", None, "＿＿人次"), (12.5, "万元", None, "12.5万元"),
])
def test_numbers_figure_text(value, unit, approx, expected):
    assert N.figure_text(value, unit, approx) == expected


def test_numbers_dates():
    import datetime as dt

    assert N.date_text(dt.date(2025, 12, 20)) == "2025年12月20日"
    assert N.date_text(dt.date(2025, 12, 20), "chinese") == "二〇二五年十二月二十日"
    assert N.date_text(dt.date(2030, 1, 31), "chinese") == "二〇三〇年一月三十一日"
    assert N.date_text(dt.date(2024, 10, 15), "chinese") == "二〇二四年十月十五日"


def test_numbers_money_round_trips_through_the_extractor():
    from zongjie.figures import extract_figures

    for v in (125000, 3000, 34500, 12345, 150000000, 468000, 5400000, 1234500, 64000):
        (f,) = extract_figures("发放" + N.figure_text(v, "元"))
        assert f.value == v and f.unit == "元"


# --- validation --------------------------------------------------------------------

def test_validate_examples_are_valid():
    assert EXAMPLES and len(EXAMPLES) >= 3
    for p in EXAMPLES:
        assert validate_facts(json.loads(p.read_text(encoding="utf-8"))) == [], p


def test_validate_wrong_type_names_path(full):
    bad = copy.deepcopy(full)
    bad["sections"]["welfare"]["items"][2] = {"what": "走访慰问困难职工", "value": "十二", "unit": "人次"}
    msg = _err(json.dumps(bad, ensure_ascii=False))
    assert 'sections.welfare.items[2].value: expected a number, got "十二"' in msg


def test_validate_unknown_section_lists_valid_ids():
    msg = _err('{"organization": "x工会", "period": {"year": 2025}, "sections": {"wellfare": {}}}')
    assert "sections.wellfare: unknown section id" in msg
    for sid in ("organization", "democracy", "competitions", "welfare", "culture"):
        assert sid in msg


def test_validate_malformed_json_has_line_and_column():
    msg = _err('{\n  "organization": "x工会",\n  "period": {"year": 2025,}\n}')
    assert msg.startswith("f.json:3:")
    assert "malformed JSON" in msg


@pytest.mark.parametrize("text", ["", "   \n", "\ufeff"])
def test_validate_empty_file(text):
    assert "empty file" in _err(text)


@pytest.mark.parametrize("facts,expected", [
    ({"period": {"year": 2025}}, "organization: missing (required)"),
    ({"organization": "x", "period": {"year": "2025"}}, 'period.year: expected an integer, got "2025"'),
    ({"organization": "x", "period": {"year": 2025, "half": "h1"}}, 'period.half: expected one of "first", "second", got "h1"'),
    ({"organization": "x", "period": {"year": 2025}, "signature": {"date": "2025/12/20"}}, "signature.date: expected a date YYYY-MM-DD"),
    ({"organization": "x", "period": {"year": 2025}, "signature": {"date": "2025-02-30"}}, "signature.date: no such date"),
    ({"organization": "x", "period": {"year": 2025}, "problems": [3]}, "problems[0]: expected"),
    ({"organization": "x", "period": {"year": 2025}, "colour": 1}, 'colour: unknown key "colour"'),
    ({"organization": "", "period": {"year": 2025}}, "organization: expected a non-empty string"),
    ({"organization": "x", "period": {"year": 2025}, "sections": {"welfare": {"items": [
        {"text": "慰问{1}，发放{3}", "figures": [{"value": 1, "unit": "人"}, {"value": 2, "unit": "元"}]}]}}},
     "sections.welfare.items[0].text: slot {3} but 2 figure(s) given"),
    ({"organization": "x", "period": {"year": 2025}, "sections": {"welfare": {"items": [
        {"what": "慰问", "value": 5, "unit": "人", "aprox": "约"}]}}}, 'sections.welfare.items[0].aprox: unknown key'),
    ([1, 2], "(root): expected an object, got an array"),
])
def test_validate_messages(facts, expected):
    assert expected in _err(json.dumps(facts, ensure_ascii=False))


def test_validate_duplicate_keys_rejected():
    assert "duplicate key" in _err('{"organization": "a", "organization": "b", "period": {"year": 2025}}')


# --- the draft -----------------------------------------------------------------------

def test_draft_title_forms():
    base = {"organization": "xx公司工会", "period": {"year": 2025}}
    assert build_draft(base).title == "xx公司工会2025年工作总结及2026年工作计划"
    first = dict(base, period={"year": 2025, "half": "first"})
    assert build_draft(first).title == "xx公司工会2025年上半年工作总结及下半年工作安排"
    second = dict(base, period={"year": 2025, "half": "second"})
    assert build_draft(second).title == "xx公司工会2025年下半年工作总结及2026年上半年工作安排"


def test_draft_structure_and_order(full):
    d = build_draft(full)
    heads = [(b.level, b.numbering, b.section) for b in d.blocks if b.kind == "heading"]
    assert [h for h in heads if h[0] == 1] == [(1, "一、", "overview"), (1, "二、", "problems"), (1, "三、", "plans")]
    level2 = [h[2] for h in heads if h[0] == 2 and h[2] != "plans"]
    assert level2 == ["organization", "democracy", "competitions", "welfare", "culture"]
    assert [b.numbering for b in d.blocks if b.section == "welfare" and b.kind == "paragraph"][:3] == ["1.", "2.", "3."]
    problems = [b.text for b in d.blocks if b.section == "problems" and b.kind == "paragraph"]
    assert problems[0].startswith("一是") and problems[0].endswith("；")
    assert problems[-1].startswith("三是") and problems[-1].endswith("。")
    assert d.blocks[-1].kind == "date" and d.blocks[-1].text == "2025年12月20日"
    assert d.blocks[-2].kind == "signature"
    opening = d.blocks[1].text
    assert opening.startswith("2025年，鑫钢集团炼钢厂工会在厂党委和集团公司工会的领导下")
    assert opening.endswith("现将一年来的工作情况总结如下。")


def test_draft_sentences_write_figures_like_summaries(full):
    text = render(full, "txt")
    for s in ("共走访慰问困难职工56人次。", "共发放慰问金12.5万元。", "发放助学金8.5万元", "职工健康体检率达到98.5%。",
              "参保1900余名", "创造效益约540万元", "共为一线职工发放防暑降温物品价值3000元。"):
        assert s in text


def test_draft_chinese_date_style(full):
    assert render(full, "txt", date_style="chinese").rstrip().endswith("二〇二五年十二月二十日")


def test_draft_empty_sections_keep_heading_and_prompt():
    facts = load_facts(ROOT / "examples" / "facts-minimal.json")
    bank = load_bank(FIXTURE_BANK)
    d = build_draft(facts, bank=bank)
    welfare = [b for b in d.blocks if b.section == "welfare"]
    assert [b.kind for b in welfare] == ["heading", "paragraph"]
    culture = [b for b in d.blocks if b.section == "culture"]
    assert [b.kind for b in culture] == ["heading", "prompt"]
    assert culture[1].text.startswith("【待补充：") and culture[1].text.endswith("】")
    assert "参考写法" in culture[1].text and "举办职工运动会，参与职工＿＿人次" in culture[1].text
    for sid in ("organization", "democracy", "competitions"):
        assert any(b.kind == "prompt" for b in d.blocks if b.section == sid)
    assert d.blocks[-1].text == N.BLANK_DATE


def test_phrases_suggestions_blank_slots_and_never_numbers():
    bank = load_bank(FIXTURE_BANK)
    s = suggestions("welfare", bank)
    assert len(s) == 3
    assert "共走访慰问困难职工＿＿人次，发放慰问金＿＿元" in s
    assert all(not re.search(r"\d", x) for x in s)
    assert "全年慰问困难职工56人" not in s
    assert blank_slots("体检率{percent:%}") == "体检率＿＿%"
    assert suggestions("democracy", bank) == []


def test_phrases_shipped_bank_suggestions_have_no_numbers():
    from zongjie.figures import extract_figures

    bank = load_bank()
    for sid in ("organization", "democracy", "competitions", "welfare", "culture", "problems", "plans"):
        for s in suggestions(sid, bank):
            assert not re.search(r"[0-9０-９]", s)
            assert all(f.value is None or f.placeholder for f in extract_figures(s)), s


# --- never invent a number -------------------------------------------------------------

_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.|[一二三四五六七八九十]+是)", re.M)


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


def _figures(obj):
    if isinstance(obj, dict):
        if "value" in obj and "unit" in obj:
            yield obj
        for v in obj.values():
            yield from _figures(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _figures(v)


def allowed_digit_runs(facts: dict) -> set[str]:
    """Every Arabic number the draft may contain: written figures, numbers in the facts' own text, the period."""
    allowed = set()
    for f in _figures(facts):
        if f["value"] is not None:
            allowed.update(re.findall(r"\d+(?:\.\d+)?", N.figure_text(f["value"], f["unit"])))
    for s in _strings(facts):
        allowed.update(re.findall(r"\d+(?:\.\d+)?", s))
    year = facts["period"]["year"]
    allowed.update({str(year), str(year + 1)})
    date = facts.get("signature", {}).get("date")
    if date:
        y, m, d = date.split("-")
        allowed.update({y, str(int(m)), str(int(d))})
    return allowed


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_draft_never_invents_a_number(path, fmt):
    facts = load_facts(path)
    text = _NUMBERING.sub("", render(facts, fmt).replace("## ", "").replace("# ", ""))
    allowed = allowed_digit_runs(facts)
    found = re.findall(r"\d+(?:\.\d+)?", text)
    assert found and set(found) <= allowed, set(found) - allowed


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_draft_chinese_numerals_only_in_numbering_and_date(path):
    from zongjie.figures import extract_figures

    facts = load_facts(path)
    text = _NUMBERING.sub("", render(facts, "txt", date_style="chinese"))
    for f in extract_figures(text):
        if f.placeholder:  # blanks of prompts and an absent date
            continue
        if not re.search(r"\d", f.surface):  # a Chinese numeral: the user's own words, or the date line
            in_facts = any(f.surface in s for s in _strings(facts))
            assert in_facts or (f.kind == "date" and f.surface in text.splitlines()[-1]), f.surface


# --- templates ---------------------------------------------------------------------------

def test_template_like_text_in_values_is_literal(full):
    facts = copy.deepcopy(full)
    facts["organization"] = "{{ 7*7 }}工会"
    facts["sections"]["welfare"]["items"].append("{% for x in range(3) %}循环{% endfor %}{# 注释 #}")
    facts["problems"].append("{{ ''.__class__.__mro__ }}")
    facts["sections"]["culture"]["items"].append({"text": "参加{{ 1+1 }}活动{1}", "figures": [{"value": 3, "unit": "次"}]})
    for fmt in ("txt", "md", "json"):
        out = render(facts, fmt)
        if fmt == "json":
            out = "\n".join(b["text"] for b in json.loads(out)["blocks"])
        if fmt == "md":  # Markdown escapes (\*, &lt;) undone: the text as it renders
            import html

            out = html.unescape(re.sub(r"\\(.)", r"\1", out))
        for literal in ("{{ 7*7 }}工会", "{% for x in range(3) %}循环{% endfor %}{# 注释 #}",
                        "{{ ''.__class__.__mro__ }}", "参加{{ 1+1 }}活动3次"):
            assert literal in out, (fmt, literal)
        assert "49工会" not in out and "循环循环" not in out


def test_template_user_template_renders(full, tmp_path):
    t = tmp_path / "mine.j2"
    t.write_text("{{ title }}|{% for b in blocks if b.section == 'welfare' %}{{ b.line }}/{% endfor %}", encoding="utf-8")
    out = render(full, "txt", template=str(t))
    assert out.startswith("鑫钢集团炼钢厂工会2025年工作总结及2026年工作计划|")
    assert "1.共走访慰问困难职工56人次。/" in out


@pytest.mark.parametrize("source", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ title.__class__ }}",
    "{{ blocks.__class__.__base__.__subclasses__() }}",
    "{{ facts.__init__.__globals__ }}",
    "{% set x = blocks.append(1) %}{{ x }}",
    "{{ facts.update({'a': 1}) }}",
])
def test_template_sandbox_blocks_escapes(full, tmp_path, source):
    from zongjie.draft.layout import DraftTemplateError

    t = tmp_path / "evil.j2"
    t.write_text(source, encoding="utf-8")
    with pytest.raises(DraftTemplateError) as info:
        render(full, "txt", template=str(t))
    assert "\n" not in str(info.value)


def test_template_sandbox_cli_one_line_exit_1(tmp_path):
    t = tmp_path / "evil.j2"
    t.write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8")
    res = runner.invoke(app, ["draft", str(ROOT / "examples" / "facts.json"), "--template", str(t)])
    assert res.exit_code == 1
    assert "sandbox" in res.output and "__subclasses__" not in res.stdout.split("error")[0]


def test_template_syntax_error_names_line(full, tmp_path):
    from zongjie.draft.layout import DraftTemplateError

    t = tmp_path / "broken.j2"
    t.write_text("ok\n{% for b in blocks %}\n", encoding="utf-8")
    with pytest.raises(DraftTemplateError, match=r"broken.j2:\d+: template syntax error"):
        render(full, "txt", template=str(t))


# --- CLI and outputs ---------------------------------------------------------------------

def test_cli_schema_prints_the_schema():
    res = runner.invoke(app, ["schema"])
    assert res.exit_code == 0
    schema = json.loads(res.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/") and "sections" in schema["properties"]


def test_cli_draft_stdout_formats():
    path = str(ROOT / "examples" / "facts.json")
    res = runner.invoke(app, ["draft", path])
    assert res.exit_code == 0 and res.stdout.startswith("鑫钢集团炼钢厂工会2025年工作总结")
    res = runner.invoke(app, ["draft", path, "--format", "md"])
    assert res.exit_code == 0 and res.stdout.startswith("# 鑫钢集团炼钢厂工会")
    res = runner.invoke(app, ["draft", path, "--format", "json"])
    data = json.loads(res.stdout)
    assert {b["kind"] for b in data["blocks"]} >= {"title", "heading", "paragraph", "signature", "date"}
    assert all({"section", "level", "text", "numbering"} <= set(b) for b in data["blocks"])


def test_cli_draft_docx_needs_output():
    res = runner.invoke(app, ["draft", str(ROOT / "examples" / "facts.json"), "--format", "docx"])
    assert res.exit_code == 2


@pytest.mark.parametrize("content,needle", [
    ("", "empty file"), ("{\n  \"organization\": ,\n}", ":2:"),
    ('{"organization": "x", "period": {"year": 2025}, "sections": {"sports": {}}}', "unknown section id"),
])
def test_cli_draft_bad_facts_exit_1_nothing_written(tmp_path, content, needle):
    facts = tmp_path / "facts.json"
    facts.write_text(content, encoding="utf-8")
    out = tmp_path / "draft.txt"
    res = runner.invoke(app, ["draft", str(facts), "-o", str(out)])
    assert res.exit_code == 1
    assert needle in res.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [facts]


@pytest.mark.parametrize("fmt", ["txt", "md", "json", "docx"])
def test_cli_draft_refuses_existing_output(tmp_path, fmt):
    out = tmp_path / f"draft.{fmt}"
    out.write_bytes(b"keep me")
    args = ["draft", str(ROOT / "examples" / "facts.json"), "--format", fmt, "-o", str(out)]
    res = runner.invoke(app, args)
    assert res.exit_code == 1 and "--force" in res.output
    assert out.read_bytes() == b"keep me"
    assert list(tmp_path.iterdir()) == [out]
    res = runner.invoke(app, args + ["--force"])
    assert res.exit_code == 0 and out.read_bytes() != b"keep me"
    assert list(tmp_path.iterdir()) == [out]


def test_cli_draft_writes_new_file(tmp_path):
    out = tmp_path / "d.txt"
    res = runner.invoke(app, ["draft", str(ROOT / "examples" / "facts-halfyear.json"), "-o", str(out),
                              "--date-style", "chinese"])
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("红星重型机械厂工会2025年上半年工作总结及下半年工作安排")
    assert text.rstrip().endswith("二〇二五年七月五日")


def test_cli_draft_template_with_docx_is_usage_error(tmp_path):
    t = tmp_path / "t.j2"
    t.write_text("{{ title }}", encoding="utf-8")
    res = runner.invoke(app, ["draft", str(ROOT / "examples" / "facts.json"), "-f", "docx", "-o",
                              str(tmp_path / "x.docx"), "--template", str(t)])
    assert res.exit_code == 2


def test_import_is_light():
    import subprocess
    import sys

    code = ("import sys, zongjie.draft; "
            "print(any(m in sys.modules for m in ('jinja2', 'docx', 'zongjie.classify')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# --- properties ----------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_units = st.sampled_from(["人", "人次", "户", "件", "条", "元", "%", "名", "次", "家"])
_values = st.one_of(st.integers(min_value=0, max_value=10**9),
                    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False).map(float))
_figure = st.fixed_dictionaries({"what": st.sampled_from(["走访慰问困难职工", "发放慰问金", "入会率", "合理化建议"]),
                                 "value": _values, "unit": _units})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(figs=st.lists(_figure, min_size=1, max_size=6), year=st.integers(min_value=2000, max_value=2099),
       half=st.sampled_from([None, "first", "second"]))
def test_draft_property_figures_come_back_and_nothing_else(figs, year, half):
    from collections import Counter

    from zongjie.figures import extract_figures

    period = {"year": year} if half is None else {"year": year, "half": half}
    facts = {"organization": "xx公司工会", "period": period, "sections": {"welfare": {"items": figs}}}
    assert validate_facts(facts) == []
    text = render(facts, "txt", bank={})
    body = "\n".join(l for l in text.splitlines() if l.startswith(tuple("123456789")) and "." in l[:4])
    got = Counter((Decimal(str(f.date or f.value)).normalize(), f.unit) for f in extract_figures(body) if not f.placeholder)
    want = Counter((Decimal(str(f["value"])).normalize(), f["unit"]) for f in figs)
    assert got == want, (body, got, want)
    assert set(re.findall(r"\d+(?:\.\d+)?", _NUMBERING.sub("", text))) <= allowed_digit_runs(facts)


def test_draft_md_escapes_markdown_in_user_text():
    from zongjie.draft.layout import md_escape

    assert md_escape("# 不是标题") == "\\# 不是标题"
    assert md_escape("> 不是引用") == "&gt; 不是引用"
    assert md_escape("1. 不是列表") == "1\\. 不是列表"
    assert md_escape("1.继续开展劳动竞赛") == "1.继续开展劳动竞赛"
    assert md_escape("全年走访56人次") == "全年走访56人次"


def test_draft_schema_approx_markers_match_the_renderer():
    import json as _json

    from zongjie.draft import schema_text
    from zongjie.lang import approx_markers

    schema = _json.loads(schema_text())
    enums = []

    def walk(node):
        if isinstance(node, dict):
            if "approx" in node.get("properties", {}):
                enums.append(node["properties"]["approx"]["enum"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(schema)
    assert enums and all(e == list(approx_markers().all) for e in enums)


def test_draft_at_least_marker_survives_facts_and_draft(tmp_path):
    """不少于500人 read by `zongjie facts` is drafted as 不少于500人, not as a bare 500人."""
    from zongjie.draft import facts_from_text, load_facts, render

    text = ("某公司工会2025年工作总结\n2025年，公司工会在公司党委的领导下开展工作。\n一、建功立业\n"
            "全年培训职工不少于500人，技能比赛参赛突破300人次。\n")
    facts = facts_from_text(text, "utf-8")
    figs = facts["sections"]["competitions"]["items"][0]["figures"]
    assert [f.get("approx") for f in figs] == ["不少于", "突破"]
    import json as _json

    path = tmp_path / "facts.json"
    path.write_text(_json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    draft = render(load_facts(path), "txt")
    assert "不少于500人" in draft and "突破300人次" in draft
