"""Inputs and outputs that used to lose data or give tracebacks: each is one line on stderr, exit 1,
nothing half-written (run as people run it: the console script in a subprocess, with a shell)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zongjie.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample_summary.txt"
EXE = str(Path(sys.executable).with_name("zongjie"))
ENV = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
runner = CliRunner()


def _sh(cmd: str, env: dict | None = None, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=timeout, env=env or ENV,
                          cwd=ROOT, **kw)


def _one_error(res: subprocess.CompletedProcess) -> str:
    lines = res.stderr.strip().splitlines()
    assert res.returncode == 1 and len(lines) == 1 and "Traceback" not in res.stderr, res.stderr
    assert lines[0].startswith("error: "), lines
    return lines[0]


def test_cli_hostile_stdout_full():
    line = _one_error(_sh(f"{EXE} classify {SAMPLE} -f jsonl > /dev/full"))
    assert "<stdout>" in line and os.strerror(28) in line


@pytest.mark.parametrize("args", ["--help", "extract --help", "schema"])
def test_cli_hostile_help_and_schema_to_a_full_disk(args):
    """Text written by typer or rich (help) or at the end (the last buffered bytes) to a full disk: one line."""
    line = _one_error(_sh(f"{EXE} {args} > /dev/full"))
    assert "<stdout>" in line and os.strerror(28) in line


def test_cli_hostile_stdout_closed():
    assert "standard output is closed" in _one_error(_sh(f"{EXE} extract {SAMPLE} >&-"))


@pytest.mark.parametrize("args", ["classify -", "extract - --jsonl"])
def test_cli_hostile_stdin_closed(args):
    assert "standard input is closed" in _one_error(_sh(f"{EXE} {args} -f jsonl <&-"))


def test_cli_hostile_broken_pipe_is_quiet():
    res = _sh(f"{EXE} segment {SAMPLE} -f jsonl | head -c 10")
    assert res.stderr == "" and len(res.stdout) == 10


def test_cli_hostile_html_name_not_utf8(tmp_path):
    bad = os.fsencode(str(tmp_path)) + b"/\xff.html"
    res = subprocess.run([EXE, "classify", str(SAMPLE), "--html", bad], capture_output=True, text=True, env=ENV)
    assert "not valid UTF-8" in _one_error(res) and "\\xff.html" in res.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("where", ["--html", "-o"])
def test_cli_hostile_full_filesystem(tmp_path, where):
    """A real full file system: a 12 KB tmpfs in a private mount namespace (needs root and unshare)."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("mounting a small tmpfs needs root and unshare")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    cmd = (f"{EXE} classify {SAMPLE} --html {mnt}/page.html" if where == "--html"
           else f"{EXE} draft examples/facts.json -o {mnt}/draft.txt")
    fill = f"head -c 10240 /dev/zero > {mnt}/filler; " if where == "-o" else ""
    res = _sh(f"unshare -m sh -c 'mount -t tmpfs -o size=12k tmpfs {mnt} || exit 99; {fill}{cmd}; "
              f"echo rc=$? >&2; ls -A {mnt} >&2'")
    if "rc=" not in res.stderr:
        pytest.skip(f"cannot mount a tmpfs here: {res.stderr.strip()[:200]}")
    lines = res.stderr.strip().splitlines()
    assert lines[1] == "rc=1" and os.strerror(28) in lines[0] and lines[0].startswith("error: "), lines
    assert [x for x in lines[2:] if x != "filler"] == []  # no page, no temp file left


def test_cli_hostile_directory_not_writable(tmp_path):
    """A directory that cannot be written: mode 0555 for an ordinary user; root writes there anyway, so
    as root it is a read-only mount in a private mount namespace. One line, nothing written."""
    ro = tmp_path / "ro"
    ro.mkdir()
    if os.geteuid() != 0:
        os.chmod(ro, 0o555)
        try:
            res = _sh(f"{EXE} extract {SAMPLE} --html {ro}/p.html")
        finally:
            os.chmod(ro, 0o755)
        assert os.strerror(13) in _one_error(res)
    else:
        if not shutil.which("unshare"):
            pytest.skip("no unshare")
        res = _sh(f"unshare -m sh -c 'mount -t tmpfs -o ro,size=64k tmpfs {ro} || exit 99; "
                  f"{EXE} extract {SAMPLE} --html {ro}/p.html'")
        if res.returncode == 99:
            pytest.skip("cannot mount here")
        assert os.strerror(30) in _one_error(res)  # Read-only file system
    assert list(ro.iterdir()) == []


def test_cli_hostile_fifo_in_directory_skipped(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "a.txt").write_text("一、组织建设\n全年发展会员12人。\n", encoding="utf-8")
    os.mkfifo(d / "b.txt")
    res = subprocess.run([EXE, "extract", str(d), "-f", "jsonl", "--jobs", "2"], capture_output=True, text=True,
                         env=ENV, timeout=120)
    err = res.stderr.strip().splitlines()
    assert res.returncode == 1 and len(err) == 2 and "Traceback" not in res.stderr
    assert err[0] == f"error: {d / 'b.txt'}: skipped: is a FIFO, not a regular file"
    assert err[1] == "1 bad document(s) skipped; 1 done"
    assert [json.loads(x)["id"] for x in res.stdout.splitlines()] == [str(d / "a.txt")]


def test_cli_hostile_non_finite_ids_are_strings(tmp_path):
    src = tmp_path / "ids.jsonl"
    src.write_text('{"id": NaN, "text": "会员12人。"}\n{"id": 1e400, "text": "会员13人。"}\n'
                   '{"id": -Infinity, "text": "会员14人。"}\n', encoding="utf-8")
    for fmt in ("jsonl", "json"):
        res = runner.invoke(app, ["extract", str(src), "-f", fmt])
        assert res.exit_code == 0, res.stderr
        text = res.stdout
        rows = json.loads(text) if fmt == "json" else [json.loads(x) for x in text.splitlines()]
        assert [r["id"] for r in rows] == ["NaN", "1e400", "-Infinity"]
        json.loads(text if fmt == "json" else text.splitlines()[0],
                   parse_constant=lambda c: pytest.fail(f"invalid JSON constant {c}"))


def test_cli_hostile_train_refuses_existing_model(tmp_path):
    out = tmp_path / "m"
    out.mkdir()
    (out / "classifier.jsonl").write_text("keep", encoding="utf-8")
    res = runner.invoke(app, ["train", "--corpus", str(ROOT / "corpus"), "--out", str(out)])
    assert res.exit_code == 1 and "--force" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert (out / "classifier.jsonl").read_text(encoding="utf-8") == "keep"


def test_cli_hostile_replaced_bytes_warning_one_line(tmp_path):
    good = "".join(f"全年发展会员{k}人，组织职工参加培训活动。\n" for k in range(30)).encode("utf-8")
    f = tmp_path / "w.txt"
    f.write_bytes(good + "全年发放慰问金".encode("utf-8") + b"\xff\xfe" + "3万元。\n".encode("utf-8"))
    for args in ([str(f)], [str(f), str(SAMPLE)], [str(tmp_path), "--jobs", "2"]):
        res = subprocess.run([EXE, "extract", *args, "-f", "jsonl"], capture_output=True, text=True, env=ENV,
                             timeout=120)
        lines = res.stderr.strip().splitlines()
        assert res.returncode == 0 and len(lines) == 1, res.stderr
        assert lines[0].startswith(f"warning: {f}: line 31 ") and "U+FFFD" in lines[0]
        assert "30000" in res.stdout


def test_cli_hostile_messages_follow_the_locale(tmp_path):
    src = tmp_path / "d.jsonl"
    src.write_text('{"id": "a", "text": "会员12人。"}\n{"id": "b", "text": ""}\n', encoding="utf-8")
    zh = subprocess.run([EXE, "extract", str(src), "-f", "jsonl"], capture_output=True, text=True, timeout=120,
                        env={**ENV, "LANG": "zh_CN.UTF-8"})
    assert zh.returncode == 1
    assert zh.stderr.splitlines() == [f'错误：{src}:2 (id "b"): empty text', "跳过有问题的文档 1 个；完成 1 个"]
    en = subprocess.run([EXE, "extract", str(src), "-f", "jsonl"], capture_output=True, text=True, timeout=120,
                        env={**ENV, "LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"})
    assert en.stderr.splitlines() == [f'error: {src}:2 (id "b"): empty text', "1 bad document(s) skipped; 1 done"]
    assert zh.stdout == en.stdout != ""
