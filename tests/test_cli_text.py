"""``zongjie text FILE`` and the other commands on Word, web page and PDF files (typer's CliRunner)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from test_read_formats import ARTICLE, CHROME, _fpdf_chinese, make_docx, numbering_xml, page
from zongjie.cli import app

runner = CliRunner()
REPORT = [("工会工作总结", "Title"), ("加强组织建设", 1, 0), "全年发展会员12人，会员总数达到1500人。",
          ("维护职工权益", 1, 0), "召开职工代表大会2次，审议通过集体合同。"]


@pytest.fixture
def files(tmp_path):
    docx = tmp_path / "report.docx"
    docx.write_bytes(make_docx(REPORT, numbering=numbering_xml()))
    html = tmp_path / "page.html"
    html.write_bytes(page(ARTICLE, charset="gbk").encode("gbk"))
    return docx, html


def test_cli_text_prints_the_text_read_and_a_note(files):
    docx, html = files
    res = runner.invoke(app, ["text", str(docx)], env={"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == ["工会工作总结", "一、加强组织建设", "全年发展会员12人，会员总数达到1500人。",
                                       "二、维护职工权益", "召开职工代表大会2次，审议通过集体合同。"]
    assert res.stderr.strip() == f"{docx}: read as docx (utf-8)"
    res = runner.invoke(app, ["text", str(html)], env={"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert res.exit_code == 0 and res.stdout.splitlines() == ARTICLE
    assert res.stderr.strip() == f"{html}: read as html (gb18030); {len(CHROME)} line(s) of page chrome left out"


def test_cli_text_note_follows_the_locale(files):
    res = runner.invoke(app, ["text", str(files[1])], env={"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert res.exit_code == 0 and "按 html 读取" in res.stderr


def test_cli_text_output_file_is_atomic_and_needs_force(files, tmp_path):
    out = tmp_path / "out.txt"
    res = runner.invoke(app, ["text", str(files[0]), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_bytes().decode("utf-8").splitlines()[1] == "一、加强组织建设" and res.stdout == ""
    out.write_text("keep", encoding="utf-8")
    res = runner.invoke(app, ["text", str(files[1]), "-o", str(out)])
    assert res.exit_code == 1 and "--force" in res.stderr and out.read_text(encoding="utf-8") == "keep"
    res = runner.invoke(app, ["text", str(files[1]), "-o", str(out), "--force"])
    assert res.exit_code == 0 and out.read_text(encoding="utf-8").splitlines() == ARTICLE
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".") or "tmp" in p.name] == []


@pytest.mark.parametrize("name, data", [
    ("bad.docx", b"PK\x03\x04 not really a zip"), ("empty.docx", b""), ("bad.pdf", b"%PDF-1.7\ngarbage"),
    ("empty.pdf", b""), ("empty.doc", b""), ("bad.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01" * 600),
    ("blank.html", b"<html><body> </body></html>"), ("empty.htm", b""), ("binary.html", b"\x00\x01\x02" * 100),
])
def test_cli_text_and_classify_broken_or_empty_files_exit_1_in_one_line(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    for command in ("text", "classify", "extract", "segment"):
        res = runner.invoke(app, [command, str(path)])
        assert res.exit_code == 1, (command, res.output)
        assert len(res.stderr.strip().splitlines()) == 1 and str(path) in res.stderr and res.stdout == ""


def test_cli_text_empty_docx_is_an_error(tmp_path):
    path = tmp_path / "nothing.docx"
    path.write_bytes(make_docx([]))
    res = runner.invoke(app, ["text", str(path)])
    assert res.exit_code == 1 and res.stderr.strip().endswith("nothing.docx: no text in the Word .docx")
    assert runner.invoke(app, ["classify", str(path)]).exit_code == 1


def test_cli_classify_docx_end_to_end(files):
    res = runner.invoke(app, ["classify", str(files[0]), "-f", "jsonl"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert [r["text"] for r in rows][:2] == ["工会工作总结", "一、加强组织建设"]
    assert rows[0]["role"] == "title" and rows[1]["kind"] == "heading"
    assert rows[2]["section"] == "organization" and [f["value"] for f in rows[2]["figures"]] == [12, 1500]
    text = runner.invoke(app, ["text", str(files[0])]).stdout
    assert all(text[r["start"]:r["end"]].strip() == r["text"] for r in rows)  # offsets into the text as read


def test_cli_extract_html_end_to_end(files):
    res = runner.invoke(app, ["extract", str(files[1]), "-f", "jsonl"])
    assert res.exit_code == 0, res.output
    figs = [json.loads(x) for x in res.stdout.splitlines()]
    assert {(f["surface"], f["value"]) for f in figs} >= {("120人", 120), ("1500人", 1500), ("2次", 2)}
    assert not any("12345678" in f["surface"] for f in figs)  # the footer's 备案号 is chrome, dropped
    text = runner.invoke(app, ["text", str(files[1])]).stdout
    assert all(text[f["start"]:f["end"]] == f["surface"] for f in figs)


def test_cli_segment_pdf_end_to_end(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(_fpdf_chinese())
    res = runner.invoke(app, ["segment", str(path), "-f", "jsonl"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert [r["level"] for r in rows if r["kind"] == "heading"] == [1, 1]
    assert sum(1 for r in rows if r["kind"] == "paragraph") == 1


def test_a_directory_gives_its_word_pages_and_text_files_and_skips_the_rest(files, tmp_path):
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    (tmp_path / "plain.txt").write_text("某厂工会2024年工作总结\n\n全年发展会员12人。\n", encoding="gbk")
    res = runner.invoke(app, ["segment", str(tmp_path), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    ids = {json.loads(line)["id"] for line in res.stdout.splitlines()}
    assert ids == {str(tmp_path / "page.html"), str(tmp_path / "plain.txt"), str(tmp_path / "report.docx")}
