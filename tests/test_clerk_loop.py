"""The clerk's loop: last year's summary in (``zongjie facts``), this year's draft out (``zongjie draft``).

On each document of the seed, cut into its own file as the segmenter finds it (see conftest and
test_segment), on a few corpus documents and on small hostile cases:

- ``facts`` gives the organisation the text names and the year where the text gives one (else null and
  a ``no_year`` warning), and validates;
- ``draft`` of those facts succeeds; no item is a fragment (under 8 characters or not ending a sentence),
  no item carries a numbering token inside it, no list is numbered twice (``6.一是``), every Arabic number
  of the draft is a number of the facts (or the period's years and the signature date), and every
  placeholder left in the text is listed in the draft's ``placeholders`` (stderr and --format json).

The seed tests skip when ../shared is absent.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zongjie.cli import app
from zongjie.draft import build_draft, parse_facts, render, validate_facts
from zongjie.draft.facts_schema import iter_item_paths
from zongjie.draft.figure_text import figure_text
from zongjie.draft.reverse import facts_from_text, numbering_tokens

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "corpus" / "docs"
runner = CliRunner()

# what each seed document names (organisation) and says of its year; by the order the segmenter
# finds them in the seed file (test_segment checks there are seven)
SEED_EXPECT = [
    ("公司工会", None), ("xxx工会", None), ("黄磷厂工会", None), ("xx工会", None),
    ("宁波xx工会", None), ("xxx工会", None), ("上饶市环卫处工会", 2011),
]
CORPUS_DOCS = ["w1-01-steel-annual", "w3-01-primary-annual", "w3-06-county-hospital-annual",
               "w4-01-tax-bureau-annual", "w2-02-power-halfyear-web"]

# independent of the code under test: what a clerk would see as "still to fill in"
_HOLE = re.compile(r"【待补充|＿|(?<![A-Za-z])[xX×]{1,4}(?![A-Za-z])")
_ARABIC = re.compile(r"\d+(?:\.\d+)?")


@pytest.fixture(scope="module")
def seed_docs(seed_text, seed_seg) -> list[str]:
    return [seed_text[d.start:d.end] for d in seed_seg.documents]


def _facts_numbers(facts: dict) -> set[str]:
    """Every Arabic number the facts give: in their strings, their figures as written, the period."""
    out: set[str] = set()

    def walk(v):
        if isinstance(v, dict):
            if "value" in v and "unit" in v and isinstance(v["value"], (int, float)) and not isinstance(v["value"], bool):
                out.update(_ARABIC.findall(figure_text(v["value"], v["unit"], v.get("approx"))))
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, str):
            out.update(_ARABIC.findall(v))
    walk({k: v for k, v in facts.items() if k != "warnings"})
    year = facts["period"].get("year")
    if year:
        out.update({str(year), str(year + 1)})
    date = facts.get("signature", {}).get("date")
    if date:
        y, m, d = date.split("-")
        out.update({y, str(int(m)), str(int(d))})
    return out


def check_draft(facts: dict) -> dict:
    """The draft of ``facts`` as JSON, after every check of the module docstring."""
    assert validate_facts(facts) == [], validate_facts(facts)
    d = json.loads(render(facts, "json"))
    numbers = _facts_numbers(facts)
    listed = {}
    for p in d["placeholders"]:
        listed.setdefault(p["block"], []).append(p["text"])
    for i, b in enumerate(d["blocks"]):
        text = b["text"]
        if b["kind"] == "paragraph":
            assert len(text) >= 8, f"fragment: {b['line']!r}"
            assert text.rstrip("”’」』）)").endswith(tuple("。！？；…!?")), f"no sentence end: {b['line']!r}"
            assert numbering_tokens(text) == [], f"numbering inside: {b['line']!r}"
            if b["numbering"]:
                assert not re.match(r"[一二三四五六七八九十]+是", text), f"numbered twice: {b['line']!r}"
        if b["kind"] in ("paragraph", "heading", "title"):
            for n in _ARABIC.findall(text):
                assert n in numbers, f"{n} is not in the facts: {b['line']!r}"
        holes = _HOLE.findall(text)
        if holes:
            assert listed.get(i), f"placeholder not listed: {b['line']!r}"
    return d


def _problems_are_problems(facts: dict) -> None:
    for p in facts.get("problems", []):
        text = p if isinstance(p, str) else p["text"]
        assert not re.search(r"取得了.{0,6}成绩|虽然做了", text), text


# --- the seed ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_facts(seed_docs) -> list[dict]:
    assert len(seed_docs) == len(SEED_EXPECT)
    return [facts_from_text(t) for t in seed_docs]


@pytest.mark.parametrize("k", range(len(SEED_EXPECT)))
def test_clerk_seed_facts_name_the_organisation_and_year(seed_docs, seed_facts, k):
    org, year = SEED_EXPECT[k]
    facts = seed_facts[k]
    assert facts["organization"] == org
    assert facts["organization"] in seed_docs[k] or facts["organization"][:-2] in seed_docs[k]
    assert not re.match(r"^(?:\d+|[xX]+)年", facts["organization"])
    assert facts["period"]["year"] == year
    whats = {w["path"]: w for w in facts.get("warnings", [])}
    assert ("period.year" in whats) == (year is None)


@pytest.mark.parametrize("k", range(len(SEED_EXPECT)))
def test_clerk_seed_draft_is_clean(seed_facts, k):
    facts = seed_facts[k]
    check_draft(facts)
    _problems_are_problems(facts)
    warned = {w["path"] for w in facts.get("warnings", []) if w["what"] == "placeholder"}
    for path, item in iter_item_paths(facts):
        text = item if isinstance(item, str) else item.get("text") or item.get("heading", "")
        if _HOLE.search(text):
            assert path in warned, f"placeholder kept without a warning: {path}: {text[:40]}"
    for path, item in iter_item_paths(facts):
        for f in (item.get("figures", []) if isinstance(item, dict) else []):
            assert not re.match(r"^(?:分别|并|要求|根据)", f.get("what", "")), (path, f)


def test_clerk_seed_hp_factory_keeps_its_structure(seed_facts):
    """黄磷厂: its own headings in order, 女职工工作 as a section of its own with its sub-headings,
    the line broken after 按照 joined, （3） inside a paragraph split off, 两次 written as 两次."""
    facts = seed_facts[2]
    d = check_draft(facts)
    heads = [b["text"] for b in d["blocks"] if b["kind"] == "heading" and b["level"] == 2 and b["part"] == "summary"]
    assert heads[0].startswith("组织开展“云岭职工跨越发展先锋”")
    assert "女职工工作情况" in heads and heads.index("女职工工作情况") == len(heads) - 1
    assert heads.index("加强工会财务管理") < heads.index("民主管理工作进一步提高")
    own = [e for e in facts["outline"] if isinstance(e, dict) and e["title"] == "女职工工作情况"][0]
    assert {"heading": "推进工会女职工组织建设工程情况"} in own["items"]
    lines = [b["text"] for b in d["blocks"]]
    assert any("按照国家有关规定" in t for t in lines) and not any(t.endswith("按照。") for t in lines)
    assert any(t.startswith("女职工组织作用发挥良好") for t in lines)
    assert any("每年召开两次例会" in t for t in lines)
    plan_heads = [b["text"] for b in d["blocks"] if b["kind"] == "heading" and b["part"] == "plan" and b["level"] == 2]
    assert plan_heads[0].startswith("进一步加强工会自身建设") and len(plan_heads) == 8
    intro = [b for b in d["blocks"] if b["source"] == "plans.intro"]
    assert intro and "十八大精神为指导" in intro[0]["text"]


def test_clerk_seed_year_prompt_and_year_option(seed_facts, tmp_path):
    facts = seed_facts[2]
    d = build_draft(facts)
    assert "【待补充：年份】" in d.title and "下一年度工作计划" in d.title
    path = tmp_path / "f.json"
    path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    res = runner.invoke(app, ["draft", str(path), "--year", "2013"])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0] == "黄磷厂工会2013年工作总结及2014年工作计划"
    assert "placeholder(s) left to fill in" in res.stderr and "xx年" in res.stderr
    bad = runner.invoke(app, ["draft", str(path), "--year", "13"])
    assert bad.exit_code == 2 and "--year" in bad.stderr


def test_clerk_seed_problems_only_problems(seed_facts):
    probs = seed_facts[6]["problems"]
    assert len(probs) == 3 and probs[0].startswith("工会干部换届后")
    assert not any("请各位谅解" in p or "在今后的工作中" in p for p in probs)
    street = seed_facts[3]
    assert street["problems"] == ["还存在一些不足，与上级要求还有一定的距离"]
    assert street["plans"]["intro"].startswith("在xx年的工作中")


def test_clerk_seed_plan_lead_in_is_not_item_one(seed_facts):
    for k in (1, 5):
        plans = seed_facts[k]["plans"]
        assert plans["intro"].startswith("工会工作虽然取得了一定成绩")
        first = [i for _, i in iter_item_paths({"period": {}, "plans": plans}) if True][0]
        assert "工会工作虽然取得了一定成绩" not in json.dumps(first, ensure_ascii=False)


def test_clerk_cli_facts_then_draft(seed_docs, tmp_path):
    src = tmp_path / "last-year.txt"
    src.write_text(seed_docs[6], encoding="utf-8")
    res = runner.invoke(app, ["facts", str(src), "-o", str(tmp_path / "facts.json")])
    assert res.exit_code == 0, res.output
    facts = json.loads((tmp_path / "facts.json").read_text(encoding="utf-8"))
    assert facts["organization"] == "上饶市环卫处工会" and facts["signature"]["date"] == "2011-11-02"
    res = runner.invoke(app, ["draft", str(tmp_path / "facts.json"), "--format", "json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["title"] == "上饶市环卫处工会2011年工作总结及2012年工作计划"
    assert all(p["text"] in res.stderr or p["context"] in res.stderr for p in d["placeholders"])


# --- our own corpus -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", CORPUS_DOCS)
def test_clerk_corpus_loop(name):
    path = DOCS / f"{name}.txt"
    if not path.exists():
        pytest.skip(f"{path} is not present")
    from zongjie.read import read_text

    text = read_text(path).text
    facts = facts_from_text(text)
    assert not facts["organization"].startswith("【") and facts["organization"][:-2] in text
    check_draft(facts)
    _problems_are_problems(facts)


# --- hostile cases ------------------------------------------------------------------------------------

HOSTILE = {
    "broken-lines": "黄磷厂工会2010年工作总结\n一、加强组织建设\n全年新发展会员12人，按照\n上级要求完成了会员登记。\n"
                    "二、开展劳动竞赛\n组织技能比武两次，参赛职工56人次。\n",
    "no-year": "xx年工会工作总结\nxx年，红星机械厂工会在厂党委的领导下，围绕生产经营开展工作。\n"
               "一、维权帮扶\n走访慰问困难职工8户。\n",
    "numbers-inside": "2012年鑫源公司工会工作总结\n一、组织建设\n做了三件事：（1）发展会员；（2）培训骨干。（3）建设职工之家，共建成3个。\n"
                      "二、存在的问题\n虽然取得了一定成绩，但还存在不足：一是活动形式单一；二是工会经费使用不够规范。今后我们将认真改进。\n",
    "only-plan": "城南小学工会2015年工作计划\n一、指导思想\n认真贯彻上级工会精神，围绕学校中心工作。\n二、主要工作\n1、开好教代会。\n2、组织教职工体检。\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_clerk_hostile_cases(name):
    facts = facts_from_text(HOSTILE[name])
    assert validate_facts(facts) == []
    check_draft(facts)
    if name == "broken-lines":
        assert facts["organization"] == "黄磷厂工会" and facts["period"]["year"] == 2010
        items = [i for _, i in iter_item_paths(facts)]
        assert any("按照上级要求完成了会员登记" in json.dumps(i, ensure_ascii=False) for i in items)
        assert "组织技能比武两次" in render(facts, "txt")
    if name == "no-year":
        assert facts["organization"] == "红星机械厂工会" and facts["period"]["year"] is None
        assert "【待补充：年份】" in render(facts, "txt")
    if name == "numbers-inside":
        assert facts["organization"] == "鑫源公司工会" and facts["problems"] == ["活动形式单一", "工会经费使用不够规范"]
    if name == "only-plan":
        assert facts["organization"] == "城南小学工会" and facts["period"]["year"] == 2015


def test_clerk_written_figures_round_trip_and_yield_to_changes():
    facts = parse_facts(json.dumps({"organization": "红星机械厂工会", "period": {"year": 2025}, "sections": {
        "competitions": {"items": [{"text": "组织技能比武{1}", "figures": [{"value": 2, "unit": "次", "written": "两次"}]}]}}},
        ensure_ascii=False))
    assert "组织技能比武两次。" in render(facts, "txt")
    facts["sections"]["competitions"]["items"][0]["figures"][0]["value"] = 3
    out = render(facts, "txt")
    assert "组织技能比武3次。" in out and "两次" not in out


def test_clerk_outline_validation_paths():
    base = {"organization": "红星机械厂工会", "period": {"year": 2025}}
    assert validate_facts({**base, "outline": ["welfare", "welfare"]}) == ['outline[1]: section id "welfare" listed twice']
    assert validate_facts({**base, "outline": [{"items": ["x"]}]}) == ["outline[0].title: missing (required)"]
    assert validate_facts({**base, "outline": ["wel"]})[0].startswith("outline[0]: expected one of")
    assert validate_facts({**base, "plans": {"outline": [{"title": "安全生产", "topic": "safety"}]}})[0].startswith(
        "plans.outline[0].topic: expected one of")
    facts = {**base, "outline": [{"title": "女职工工作", "items": ["组织女职工开展“三八”节系列活动。"]}, "welfare"]}
    d = check_draft(facts)
    heads = [b["text"] for b in d["blocks"] if b["kind"] == "heading" and b["level"] == 2]
    assert heads[:2] == ["女职工工作", "做好维权帮扶，职工合法权益得到维护"] and len(heads) == 2


def test_clerk_suggestions_fit_the_organisation():
    from zongjie.draft.phrases import blank_slots, org_kind, suggestions

    assert org_kind("黄磷厂工会") == "enterprise" and org_kind("港湘实验小学工会") == "school"
    assert org_kind("县人民医院工会委员会") == "hospital" and org_kind("xx街道工会") == "community"
    assert org_kind("上饶市环卫处工会") == "office" and org_kind("xxx工会") is None
    assert blank_slots("获团体总分{ordinal:名}") == "获团体总分第＿＿名"
    assert blank_slots("获团体总分第{ordinal:名}") == "获团体总分第＿＿名"
    assert blank_slots("{date:年}工作总结", 2025) == "2025年工作总结"
    for sid in ("democracy", "welfare", "culture"):
        factory = suggestions(sid, kind="enterprise")
        assert factory and not any(w in s for s in factory for w in ("院务公开", "教职工", "患者", "我校"))
    d = build_draft({"organization": "黄磷厂工会", "period": {"year": 2025}})
    prompts = [b.text for b in d.blocks if b.kind == "prompt"]
    sugg = [s for p in prompts if "：" in p for s in p.split("：", 2)[-1].rstrip("。】").split("；")]
    assert len(sugg) == len(set(sugg))


# --- the same facts from .txt, .docx and .html ----------------------------------------------------------

def _as_docx(text: str, path: Path) -> Path:
    docx = pytest.importorskip("docx")  # python-docx builds the Word file a clerk would have
    doc = docx.Document()
    for line in text.splitlines():
        doc.add_paragraph(line)
    doc.save(str(path))
    return path


def _as_html(text: str, path: Path) -> Path:
    """A saved web page: the lines as paragraphs of an article, with a site's chrome around it."""
    import html

    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines())
    path.write_text("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>工作总结</title></head><body>"
                    "<nav><a href=\"/\">首页</a> &gt; <a href=\"/zj\">工作总结</a></nav>"
                    f"<article>{body}</article><footer>版权所有</footer></body></html>", encoding="utf-8")
    return path


@pytest.mark.parametrize("k", [2, 6])
def test_clerk_same_draft_from_txt_docx_html(seed_docs, tmp_path, k):
    text = seed_docs[k]
    src = tmp_path / "last.txt"
    src.write_text(text, encoding="utf-8")
    drafts = {}
    for path in (src, _as_docx(text, tmp_path / "last.docx"), _as_html(text, tmp_path / "last.html")):
        out = tmp_path / f"{path.suffix[1:]}.json"
        res = runner.invoke(app, ["facts", str(path), "-o", str(out)])
        assert res.exit_code == 0, res.output
        res = runner.invoke(app, ["draft", str(out)])
        assert res.exit_code == 0, res.output
        drafts[path.suffix] = res.stdout
    assert drafts[".txt"] == drafts[".docx"] == drafts[".html"]
    assert drafts[".txt"].splitlines()[0].startswith(SEED_EXPECT[k][0])


# --- the walk-through of docs/clerk-loop.md --------------------------------------------------------------

CLERK = ROOT / "examples" / "clerk"


def test_clerk_walkthrough_files_are_what_the_commands_give(tmp_path):
    """examples/clerk: facts of last-year.docx == facts of last-year.txt == facts-2024.json; the edited
    facts-2025.json drafts clean, 两期 changed to 3 is 3期, and the doc shows that draft."""
    pytest.importorskip("docx")
    def no_what(v):  # a figure's `what` follows the figure extractor's subject table, which moves
        if isinstance(v, dict):
            return {k: no_what(x) for k, x in v.items() if k != "what"}
        return [no_what(x) for x in v] if isinstance(v, list) else v

    want = json.loads((CLERK / "facts-2024.json").read_text(encoding="utf-8"))
    got = {}
    for name in ("last-year.docx", "last-year.txt"):
        out = tmp_path / f"{name}.json"
        res = runner.invoke(app, ["facts", str(CLERK / name), "-o", str(out)])
        assert res.exit_code == 0, res.output
        got[name] = json.loads(out.read_text(encoding="utf-8"))
        assert no_what(got[name]) == no_what(want), name
    assert got["last-year.docx"] == got["last-year.txt"]
    facts = json.loads((CLERK / "facts-2025.json").read_text(encoding="utf-8"))
    d = check_draft(facts)
    text = render(facts, "txt")
    assert "举办基层工会干部培训班3期" in text and "组织技能比武不少于两次" in text
    assert [p["source"] for p in d["placeholders"]] == ["sections.democracy.items[0]", "date"]
    doc = (ROOT / "docs" / "clerk-loop.md").read_text(encoding="utf-8")
    assert text.strip() in doc
    empty = render({"organization": "黄磷厂工会", "period": {"year": 2025}}, "txt").splitlines()[5:9]
    assert "\n".join(empty) in doc  # the suggestions the walk-through shows


@pytest.mark.parametrize("org", ["红星化工厂工会", "城南小学工会", "县人民医院工会", "青石街道工会", "市税务局工会", "某某工会"])
@pytest.mark.parametrize("half", [None, "first", "second"])
def test_clerk_suggestions_of_every_kind_invent_no_number(org, half):
    """An empty facts file of each kind of organisation: its prompts' phrasings hold no number, not even
    a Chinese numeral such as 两节 or 三八 (the fuzz test's check of invented numbers)."""
    from test_draft_fuzz import invented

    facts = {"organization": org, "period": {"year": 2025, **({"half": half} if half else {})}}
    text = render(facts, "txt")
    assert invented(facts, text, len(build_draft(facts).blocks)) == []
