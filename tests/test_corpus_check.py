"""`zongjie corpus check`: the real corpus is valid; each kind of breakage in a small corpus is reported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zongjie.cli import app
from zongjie.corpus.check import check_corpus, check_seed_labels, line_bounds
from zongjie.corpus.markup import convert

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"

MARKUP = """#meta {"id": "tiny-annual", "org": "factory", "genre": "annual", "noisy": false}
@overview 红旗厂工会[[2024年|date|2024|年]]工作总结

@organization 全年新发展会员[[36人|count|36|人]]，入会率达到[[98%|percent|98|%]]。
@welfare 走访慰问困难职工[[56人次|count|56|人次]]，发放慰问金[[3万元|money|30000|元]]。
@welfare [[3月8日|date|--03-08|日]]组织女职工体检[[x人|count|null|人|ph]]。[[~ 7]]
@noise 第2页
@plans/welfare 明年继续做好送温暖工作。
"""

OTHER = """#meta {"id": "tiny-plan", "org": "school", "genre": "plan", "noisy": false}
@overview 实验小学工会工作计划
@plans 坚持以教职工为中心，办好教代会。
@plans/culture 组织教职工读书分享会和健步走活动。
"""


def write_doc(directory: Path, markup: str) -> tuple[Path, Path]:
    text, records = convert(markup)
    doc_id = records[0]["id"]
    txt, ann = directory / f"{doc_id}.txt", directory / f"{doc_id}.ann.jsonl"
    txt.write_text(text, encoding="utf-8")
    ann.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return txt, ann


@pytest.fixture()
def tiny(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "corpus" / "docs"
    docs.mkdir(parents=True)
    write_doc(docs, MARKUP)
    write_doc(docs, OTHER)
    return docs


def records(ann: Path) -> list[dict]:
    return [json.loads(x) for x in ann.read_text(encoding="utf-8").splitlines()]


def save(ann: Path, recs: list[dict]) -> None:
    ann.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")


def edit(docs: Path, pred, change) -> int:
    """Apply ``change`` to the first record of tiny-annual matching ``pred``; return its 1-based line."""
    ann = docs / "tiny-annual.ann.jsonl"
    recs = records(ann)
    for i, r in enumerate(recs):
        if pred(r):
            change(r)
            save(ann, recs)
            return i + 1
    raise AssertionError("no such record")


def messages(directory: Path) -> list[str]:
    return [str(p) for p in check_corpus(directory.parent)]


def is_fig(kind):
    return lambda r: r["type"] == "figure" and r["kind"] == kind


def test_corpus_check_real_corpus_is_valid():
    problems = check_corpus(CORPUS)
    assert problems == [], "\n".join(map(str, problems[:20]))


def test_corpus_check_real_corpus_cli_exit_0():
    result = CliRunner().invoke(app, ["corpus", "check", str(CORPUS)])
    assert result.exit_code == 0, result.output
    assert "corpus ok" in result.stdout


def test_corpus_check_tiny_corpus_is_valid(tiny: Path):
    assert messages(tiny) == []


def test_corpus_check_line_bounds():
    assert line_bounds("ab\n\ncd\n") == [(0, 2), (3, 3), (4, 6)]
    assert line_bounds("ab") == [(0, 2)]


# (change to tiny-annual, expected fragment of the message); each builds one broken corpus
CASES = {
    "unknown label": (lambda r: r["type"] == "line", lambda r: r.update(label="benefits"), "unknown label 'benefits'"),
    "topic off plans": (lambda r: r["type"] == "line" and r["label"] == "welfare",
                        lambda r: r.update(topic="culture"), "topics go on plans lines only"),
    "bad topic": (lambda r: r.get("topic") == "welfare", lambda r: r.update(topic="sports"), "unknown topic 'sports'"),
    "surface": (is_fig("money"), lambda r: r.update(surface="4万元"), "surface '4万元' differs from the text '3万元'"),
    "shifted offsets": (is_fig("percent"), lambda r: r.update(start=r["start"] + 1, end=r["end"] + 1), "differs from the text"),
    "figure kind": (is_fig("money"), lambda r: r.update(kind="currency"), "figure kind 'currency'"),
    "numeric year": (lambda r: r["type"] == "figure" and r["value"] == "2024", lambda r: r.update(value=2024),
                     "date value 2024 must be a string"),
    "bad date string": (lambda r: r["type"] == "figure" and r["value"] == "--03-08", lambda r: r.update(value="3-8"),
                        "is not ISO-like"),
    "date in values": (lambda r: r["type"] == "figure" and r["value"] == "--03-08",
                       lambda r: r.update(values=["--03-08", 9]), "date value 9 must be a string"),
    "money unit": (is_fig("money"), lambda r: r.update(unit="万元"), "money unit '万元'"),
    "placeholder value": (lambda r: r["type"] == "figure" and r["placeholder"], lambda r: r.update(value=0),
                          "placeholder figure 'x人' has value 0"),
    "count as string": (lambda r: r["type"] == "figure" and r["value"] == 36, lambda r: r.update(value="36"),
                        "count value '36' must be a number"),
    "flag type": (is_fig("count"), lambda r: r.update(approx="no"), "'approx' must be true or false"),
    "line bounds": (lambda r: r["type"] == "line" and r["label"] == "organization",
                    lambda r: r.update(end=r["end"] - 1), "does not match the bounds of a text line"),
    "blank line": (lambda r: r["type"] == "line" and r["label"] == "organization",
                   lambda r: r.update(start=r["start"] - 1, end=r["start"] - 1), "is empty"),
    "outside": (is_fig("money"), lambda r: r.update(start=10_000, end=10_004), "outside the text"),
    "offsets not ints": (is_fig("money"), lambda r: r.update(start="3"), "needs integer start and end"),
    "noise surface": (lambda r: r["type"] == "noise", lambda r: r.update(surface=" 8"), "surface ' 8' differs"),
    "doc id": (lambda r: r["type"] == "doc", lambda r: r.update(id="other-name"), "differs from the file stem"),
    "noisy flag": (lambda r: r["type"] == "doc", lambda r: r.update(noisy="yes"), "boolean 'noisy'"),
    "record type": (is_fig("money"), lambda r: r.update(type="number"), "unknown record type 'number'"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_check_reports_each_error_with_file_and_line(tiny: Path, name: str):
    pred, change, fragment = CASES[name]
    lineno = edit(tiny, pred, change)
    msgs = messages(tiny)
    prefix = f"corpus/docs/tiny-annual.ann.jsonl:{lineno}: "
    assert any(m.startswith(prefix) and fragment in m for m in msgs), msgs


def test_corpus_check_unlabelled_line_names_the_text_line(tiny: Path):
    ann = tiny / "tiny-annual.ann.jsonl"
    recs = [r for r in records(ann) if not (r["type"] == "line" and r["label"] == "organization")]
    save(ann, recs)
    msgs = messages(tiny)
    assert any(m.startswith("corpus/docs/tiny-annual.txt:3: line [") and "not labelled" in m for m in msgs), msgs


def test_corpus_check_line_labelled_twice(tiny: Path):
    ann = tiny / "tiny-annual.ann.jsonl"
    recs = records(ann)
    dup = next(r for r in recs if r["type"] == "line" and r["label"] == "organization")
    save(ann, recs + [dict(dup, label="culture")])
    msgs = messages(tiny)
    assert any(f"tiny-annual.ann.jsonl:{len(recs) + 1}: " in m and "labelled twice" in m for m in msgs), msgs


def test_corpus_check_overlapping_figures(tiny: Path):
    ann = tiny / "tiny-annual.ann.jsonl"
    recs = records(ann)
    fig = next(r for r in recs if r["type"] == "figure" and r["kind"] == "money")
    save(ann, recs + [dict(fig, start=fig["start"] + 1, surface=fig["surface"][1:], kind="other", unit="")])
    msgs = messages(tiny)
    assert any(f"tiny-annual.ann.jsonl:{len(recs) + 1}: span [" in m and "overlaps" in m for m in msgs), msgs


def test_corpus_check_invalid_json_and_missing_doc(tiny: Path):
    ann = tiny / "tiny-annual.ann.jsonl"
    lines = ann.read_text(encoding="utf-8").splitlines()
    ann.write_text("\n".join(lines[1:3] + ["{not json"] + lines[3:]) + "\n", encoding="utf-8")
    msgs = messages(tiny)
    assert any(m.startswith("corpus/docs/tiny-annual.ann.jsonl:3: invalid JSON") for m in msgs), msgs
    assert "corpus/docs/tiny-annual.ann.jsonl: no doc record" in msgs


def test_corpus_check_unpaired_files(tiny: Path):
    (tiny / "tiny-plan.ann.jsonl").rename(tiny / "lonely.ann.jsonl")
    msgs = messages(tiny)
    assert "corpus/docs/tiny-plan.txt: no annotation file tiny-plan.ann.jsonl" in msgs
    assert "corpus/docs/lonely.ann.jsonl: no text file lonely.txt" in msgs


def test_corpus_check_duplicate_ids(tiny: Path):
    shutil.copy(tiny / "tiny-plan.txt", tiny / "tiny-plan2.txt")
    shutil.copy(tiny / "tiny-plan.ann.jsonl", tiny / "tiny-plan2.ann.jsonl")
    msgs = messages(tiny)
    assert any("tiny-plan2.ann.jsonl:1: doc id 'tiny-plan' differs" in m for m in msgs), msgs
    assert any("tiny-plan2.ann.jsonl:1: doc id 'tiny-plan' already used" in m for m in msgs), msgs


def test_corpus_check_duplicate_text_ignoring_whitespace(tiny: Path):
    text = (tiny / "tiny-plan.txt").read_text(encoding="utf-8")
    copy = text.replace("\n", "\n\n")  # same text, other spacing
    txt, ann = tiny / "tiny-copy.txt", tiny / "tiny-copy.ann.jsonl"
    txt.write_text(copy, encoding="utf-8")
    recs = [{"type": "doc", "id": "tiny-copy", "org": "school", "genre": "plan", "noisy": False}]
    recs += [{"type": "line", "start": a, "end": b, "label": "plans", "topic": None}
             for a, b in line_bounds(copy) if copy[a:b].strip()]
    save(ann, recs)
    msgs = messages(tiny)
    assert "corpus/docs/tiny-plan.txt: duplicate document: same text as tiny-copy" in msgs, msgs


def test_corpus_check_near_duplicate(tiny: Path):
    near = MARKUP.replace("tiny-annual", "tiny-near").replace("红旗厂工会", "东风厂工会")
    write_doc(tiny, near)
    msgs = messages(tiny)
    assert any(m.startswith("corpus/docs/tiny-near.txt: near-duplicate of tiny-annual") for m in msgs), msgs


def test_corpus_check_cli_exit_1_one_line_each(tiny: Path):
    edit(tiny, is_fig("money"), lambda r: r.update(unit="万元"))
    edit(tiny, lambda r: r["type"] == "line", lambda r: r.update(label="benefits"))
    result = CliRunner().invoke(app, ["corpus", "check", "corpus"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "2 problem(s)"
    assert all(ln.startswith("corpus/docs/tiny-annual.ann.jsonl:") for ln in lines[:-1]), lines


def test_corpus_check_not_a_directory(tmp_path: Path):
    problems = check_corpus(tmp_path / "missing")
    assert len(problems) == 1 and "not a corpus directory" in str(problems[0])


# --- the seed dev labels -------------------------------------------------------------------------

def _seed_setup(tmp_path: Path) -> tuple[Path, Path, str]:
    import hashlib

    seed_dir = tmp_path / "seed"
    seed_dir.mkdir()
    text = "工会工作总结\n\n一、组织建设\n发展会员10人。\n"
    (seed_dir / "s.txt").write_text(text, encoding="utf-8")
    rows = [{"type": "meta", "source": "seed/s.txt", "sha1": hashlib.sha1(text.encode()).hexdigest()}]
    for n, (a, b) in enumerate(line_bounds(text), 1):
        if text[a:b].strip():
            rows.append({"line": n, "start": a, "end": b, "sha1": hashlib.sha1(text[a:b].encode()).hexdigest()[:12],
                         "label": "overview" if n == 1 else "organization", "topic": None})
    labels = tmp_path / "seed.labels.jsonl"
    save(labels, rows)
    return labels, seed_dir, text


def test_corpus_check_seed_labels_valid_and_broken(tmp_path: Path):
    labels, seed_dir, _ = _seed_setup(tmp_path)
    assert check_seed_labels(labels, seed_dir) == []
    rows = records(labels)
    rows[2]["label"] = "unions"
    del rows[3]
    save(labels, rows)
    msgs = [str(p) for p in check_seed_labels(labels, seed_dir)]
    assert any(":3: unknown label 'unions'" in m for m in msgs), msgs
    assert any("seed line 4 is not labelled" in m for m in msgs), msgs


def test_corpus_check_seed_changed(tmp_path: Path):
    labels, seed_dir, text = _seed_setup(tmp_path)
    (seed_dir / "s.txt").write_text(text + "多一行\n", encoding="utf-8")
    msgs = [str(p) for p in check_seed_labels(labels, seed_dir)]
    assert len(msgs) == 1 and "sha1 differs" in msgs[0]


def test_corpus_check_real_seed_labels(seed_path: Path):
    assert check_seed_labels(CORPUS / "dev" / "seed.labels.jsonl", seed_path.parent) == []
