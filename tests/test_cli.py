"""The CLI's own behaviour: formats, exit codes, stdin, bad input (typer's CliRunner)."""

from __future__ import annotations

import json

import pytest

from typer.testing import CliRunner

from zongjie.cli import app

runner = CliRunner()
SAMPLE = "examples/sample_summary.txt"


def test_cli_segment_json_shape():
    """``--format json`` is the array of the rows ``--format jsonl`` prints, one per block."""
    res = runner.invoke(app, ["segment", SAMPLE, "--format", "json"])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    lines = [json.loads(line) for line in runner.invoke(app, ["segment", SAMPLE, "-f", "jsonl"]).stdout.splitlines()]
    assert data == lines and data
    assert {"doc", "block", "title", "kind", "level", "start", "end", "part", "pieces", "sentences"} <= set(data[0])
    kinds = {b["kind"] for b in data}
    assert kinds <= {"heading", "paragraph", "noise"} and "heading" in kinds
    for b in data:
        assert b["part"] in ("summary", "plan") and b["start"] < b["end"]
    text = open(SAMPLE, encoding="utf-8").read()
    covered = sorted(tuple(p) for b in data for p in b["pieces"])
    assert covered[0][0] == 0 and covered[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(covered, covered[1:]))  # the pieces tile the text


def test_cli_segment_stdin_gbk():
    text = "一、组织建设\n全年发展会员12人。\n"
    res = runner.invoke(app, ["segment", "-", "--format", "jsonl"], input=text.encode("gbk"))
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert rows[0]["text"] == "一、组织建设" and rows[0]["level"] == 1


def test_cli_segment_binary_exit_1(tmp_path):
    png = tmp_path / "pic.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    res = runner.invoke(app, ["segment", str(png)])
    assert res.exit_code == 1
    assert str(png) in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_cli_segment_empty_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    res = runner.invoke(app, ["segment", str(empty), "--format", "json"])
    assert res.exit_code == 0 and json.loads(res.stdout) == [] and res.stderr == ""


def test_cli_usage_error_exit_2():
    assert runner.invoke(app, ["segment", SAMPLE, "--format", "xml"]).exit_code == 2


def test_cli_extract_jsonl_fields_and_indices():
    res = runner.invoke(app, ["extract", SAMPLE, "--format", "jsonl"])
    assert res.exit_code == 0
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    text = open(SAMPLE, encoding="utf-8").read()
    assert rows
    for r in rows:
        assert {"doc", "block", "surface", "start", "end", "value", "unit", "kind", "placeholder", "approx", "subject"} <= set(r)
        assert text[r["start"]:r["end"]] == r["surface"]
    money = [r for r in rows if r["kind"] == "money"]
    assert any(r["surface"] == "xx万余元" and r["value"] is None and r["placeholder"] and r["approx"] for r in money)


def test_cli_extract_skips_page_numbers():
    text = "一、帮扶工作\n全年走访慰问困难职工并送去慰问 3\n金和慰问品，共计56人次。\n- 2 -\n"
    res = runner.invoke(app, ["extract", "-", "--format", "json"], input=text)
    rows = json.loads(res.stdout)
    assert [r["surface"] for r in rows] == ["56人次"]


def test_cli_extract_csv_and_table():
    for fmt in ("csv", "table"):
        res = runner.invoke(app, ["extract", SAMPLE, "--format", fmt])
        assert res.exit_code == 0 and "surface" in res.stdout.splitlines()[0]


def test_cli_train_and_evaluate_missing_corpus_exit_1(tmp_path):
    for cmd in (["train", "--corpus", str(tmp_path / "none"), "--out", str(tmp_path / "m")],
                ["evaluate", "--corpus", str(tmp_path / "none")]):
        res = runner.invoke(app, cmd)
        assert res.exit_code == 1
        assert "none" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "m").exists()


def test_cli_extract_binary_exit_1(tmp_path):
    png = tmp_path / "pic.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    res = runner.invoke(app, ["extract", str(png)])
    assert res.exit_code == 1 and str(png) in res.stderr


def test_progress_bar_starts_no_thread():
    """The bar is redrawn as work advances, not by a thread: ``--jobs`` workers can then be forked."""
    import threading

    from zongjie.cli.progress import Reporter

    before = threading.active_count()
    with Reporter("extract", 10, bar=True) as rep:
        rep.advance(5)
        assert threading.active_count() == before and rep._progress is not None


_MAIN = r"""
import atexit, sys, threading, time
atexit.register(lambda: print("atexit ran", file=sys.stderr))
if "--with-thread" in sys.argv:
    sys.argv.remove("--with-thread")
    threading.Thread(target=lambda: (time.sleep(0.3), print("thread done", file=sys.stderr))).start()
from zongjie.cli import main
sys.argv = ["zongjie", *sys.argv[1:]]
main()
print("not reached", file=sys.stderr)
"""


def _main(*args):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-c", _MAIN, *args], capture_output=True, text=True, timeout=120)


def test_cli_main_ends_with_the_status_and_output_of_a_normal_exit(tmp_path):
    """``main`` skips the interpreter's teardown, not what a normal exit does: every row is written,
    atexit handlers run, the exit status is the command's, and a live thread is waited for."""
    done = _main("extract", SAMPLE, "--format", "jsonl")
    want = runner.invoke(app, ["extract", SAMPLE, "--format", "jsonl"]).stdout
    assert done.returncode == 0 and done.stdout == want and want.count("\n") > 10
    assert done.stderr == "atexit ran\n"
    bad = _main("extract", str(tmp_path / "missing.txt"))
    assert bad.returncode == 1 and bad.stderr.endswith("atexit ran\n") and bad.stdout == ""
    assert _main("extract", "--no-such-option").returncode == 2
    waited = _main("--with-thread", "extract", SAMPLE, "--format", "csv")
    assert waited.returncode == 0 and "thread done" in waited.stderr and "atexit ran" in waited.stderr
    assert "not reached" not in done.stderr + bad.stderr + waited.stderr


def test_cli_main_turns_an_uncaught_os_error_into_one_line(monkeypatch, capsys):
    """An OSError that no command turned into its line: a file's names the file, a stream's is a write
    failure of stdout; one line each, status 1, and ``main`` ends through the same exit."""
    import errno
    import os

    import zongjie.cli as cli

    class Ended(Exception):
        pass

    def ended(code):
        raise Ended(code)

    import atexit
    import threading

    monkeypatch.setattr(os, "_exit", ended)
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # the suite's own threads aside
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: None)  # pytest's handlers are not ours to run
    for err, want in ((OSError(errno.EACCES, "Permission denied", "out/x.txt"), "out/x.txt: Permission denied"),
                      (OSError(errno.ENOSPC, "No space left on device"), "<stdout>: cannot write: No space left")):
        def app(err=err):
            raise err

        monkeypatch.setattr(cli, "app", app)
        with pytest.raises(Ended) as stop:
            cli.main()
        assert stop.value.args == (1,)
        lines = capsys.readouterr().err.strip().splitlines()
        assert len(lines) == 1 and want in lines[0], lines
