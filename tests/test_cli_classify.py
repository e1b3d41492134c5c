"""One output model: the same rows for a directory, the directory with --jobs 2 and a JSONL stream, in
every format; an id column first for multi-document inputs; every block, noise included."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zongjie.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample_summary.txt"
DOCS = sorted((ROOT / "corpus" / "docs").glob("*.txt"))[:4]
runner = CliRunner()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """A directory of four corpus documents and a JSONL of the same texts under other ids."""
    base = tmp_path_factory.mktemp("same")
    d = base / "docs"
    d.mkdir()
    for p in DOCS:
        (d / p.name).write_bytes(p.read_bytes())
    jsonl = base / "docs.jsonl"
    jsonl.write_text("".join(json.dumps({"id": f"j-{k}", "text": p.read_text(encoding="utf-8")}, ensure_ascii=False)
                             + "\n" for k, p in enumerate(DOCS)), encoding="utf-8")
    return d, jsonl


def _without_id(fmt: str, out: str) -> list:
    """The rows of ``out`` with the id column taken away (and the ids, to check them)."""
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.splitlines()]
    elif fmt == "json":
        rows = json.loads(out)
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
    else:  # table: cells split on the column rule, the first (id) dropped
        rows = []
        for line in out.splitlines():
            sep = "┼" if "┼" in line else "│"
            if sep in line:
                cells = line.split(sep)
                rows.append({"id": cells[0].strip(), "rest": sep.join(cells[1:])})
    assert rows and all(list(r)[0] == "id" for r in rows)
    return [{k: v for k, v in r.items() if k != "id"} for r in rows]


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_cli_classify_dir_jobs_and_jsonl_same_rows(inputs, fmt):
    d, jsonl = inputs
    runs = [runner.invoke(app, ["classify", str(d), "--format", fmt]),
            runner.invoke(app, ["classify", str(d), "--format", fmt, "--jobs", "2"]),
            runner.invoke(app, ["classify", str(jsonl), "--format", fmt])]
    for res in runs:
        assert res.exit_code == 0, res.stderr
    assert runs[0].stdout == runs[1].stdout  # --jobs changes no byte
    assert _without_id(fmt, runs[0].stdout) == _without_id(fmt, runs[2].stdout)
    assert len(_without_id(fmt, runs[0].stdout)) > 40


def test_cli_classify_ids_are_paths_and_jsonl_ids(inputs):
    d, jsonl = inputs
    ids = [json.loads(line)["id"] for line in runner.invoke(app, ["classify", str(d), "-f", "jsonl"]).stdout.splitlines()]
    assert list(dict.fromkeys(ids)) == [str(d / p.name) for p in DOCS]
    ids = [json.loads(line)["id"] for line in runner.invoke(app, ["classify", str(jsonl), "-f", "jsonl"]).stdout.splitlines()]
    assert list(dict.fromkeys(ids)) == [f"j-{k}" for k in range(len(DOCS))]


def test_cli_classify_several_files_get_ids_single_file_none(tmp_path):
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("gbk", errors="replace"))
    res = runner.invoke(app, ["classify", str(SAMPLE), str(gbk), "--format", "jsonl"])
    assert res.exit_code == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert list(dict.fromkeys(r["id"] for r in rows)) == [str(SAMPLE), str(gbk)]
    single = [json.loads(line) for line in runner.invoke(app, ["classify", str(gbk), "-f", "jsonl"]).stdout.splitlines()]
    assert single and all("id" not in r for r in single)
    assert [{k: v for k, v in r.items() if k != "id"} for r in rows if r["id"] == str(gbk)] == single


def test_cli_classify_stdin_rows_and_keys():
    res = runner.invoke(app, ["classify", "-", "--format", "jsonl"], input=SAMPLE.read_text(encoding="utf-8"))
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    keys = ["doc", "block", "kind", "start", "end", "text", "section", "name", "confidence", "role", "part", "topic",
            "figures"]
    assert rows and all(list(r) == keys for r in rows)
    assert sum(len(r["figures"]) for r in rows) >= 25


def test_cli_classify_every_block_noise_included():
    text = "一、帮扶工作\n全年走访慰问困难职工56人次。\n- 2 -\n二、文体活动\n举办篮球赛3场。\n"
    seg = [json.loads(x) for x in runner.invoke(app, ["segment", "-", "-f", "jsonl"], input=text).stdout.splitlines()]
    res = runner.invoke(app, ["classify", "-", "-f", "jsonl"], input=text)
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert [(r["doc"], r["block"], r["start"], r["end"]) for r in rows] == [
        (s["doc"], s["block"], s["start"], s["end"]) for s in seg]
    noise = [r for r in rows if r["kind"] == "noise"]
    assert noise and all(r["section"] == "other" and r["role"] == "noise" for r in noise)
    assert text[noise[0]["start"]:noise[0]["end"]].strip() == "- 2 -"


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_cli_classify_formats(fmt):
    res = runner.invoke(app, ["classify", str(SAMPLE), "--format", fmt])
    assert res.exit_code == 0, res.output
    out = res.stdout
    if fmt == "json":
        assert json.loads(out)[0]["section"]
    elif fmt == "jsonl":
        assert all(json.loads(line)["section"] for line in out.splitlines())
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows and rows[0]["section"] and rows[0]["figures"].isdigit()
    else:
        assert "section" in out.splitlines()[0] and "组织建设" in out


@pytest.mark.parametrize("command", ["segment", "extract"])
def test_cli_segment_extract_dir_and_jsonl_same_rows(inputs, command):
    d, jsonl = inputs
    a = runner.invoke(app, [command, str(d), "--format", "csv", "--jobs", "2"])
    b = runner.invoke(app, [command, str(jsonl), "--format", "csv"])
    assert a.exit_code == b.exit_code == 0
    assert _without_id("csv", a.stdout) == _without_id("csv", b.stdout)


def test_cli_table_cells_are_plain_text():
    """Markup and control characters in a text are shown, never interpreted by the terminal."""
    text = "一、组织建设\n[bold red]全年[/]发展会员12人\x1b[31m。\n"
    res = runner.invoke(app, ["classify", "-"], input=text)
    assert res.exit_code == 0
    assert "[bold red]全年[/]" in res.stdout and "\x1b" not in res.stdout and "\\x1b" in res.stdout
