"""read_text on awkward sources: empty and blank files, directories, FIFOs, missing and unreadable files,
empty and closed standard input, file names that are not UTF-8. Each failure is one InputError line."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading

import pytest

from zongjie.errors import InputError
from zongjie.read import read_text

LINE = "一、组织建设工作稳步推进。\n"


def _one_line_error(source, *words: str) -> str:
    with pytest.raises(InputError) as info:
        read_text(source)
    msg = str(info.value)
    assert "\n" not in msg and msg.isprintable()
    msg.encode("utf-8")  # printable on a UTF-8 stderr (no lone surrogates)
    for w in words:
        assert w in msg
    return msg


def test_read_source_empty_file_is_empty_text(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = read_text(path)
    assert result.text == "" and result.source == str(path)


def test_read_source_blank_file_is_its_text(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_bytes(b" \r\n\t\n\xe3\x80\x80\n")  # spaces, CRLF, a tab, an ideographic space
    assert read_text(path).text == " \n\t\n\u3000\n"


def test_read_source_directory(tmp_path):
    _one_line_error(tmp_path, str(tmp_path), "is a directory")


def test_read_source_fifo_refused_without_hanging(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    outcome: list = []

    def attempt() -> None:
        try:
            read_text(fifo)
        except InputError as err:
            outcome.append(str(err))

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():  # unblock the reader so the test run can end, then fail
        with open(fifo, "wb"):
            pass
        pytest.fail("read_text blocked on a FIFO")
    assert outcome == [f"{fifo}: is a FIFO, not a regular file"]


def test_read_source_character_device_refused():
    _one_line_error("/dev/null", "/dev/null", "character device")


def test_read_source_missing_file(tmp_path):
    _one_line_error(tmp_path / "nope.txt", "nope.txt", "no such file")


def test_read_source_missing_directory_part(tmp_path):
    _one_line_error(tmp_path / "a.txt" / "b.txt", "b.txt")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads every file")
def test_read_source_permission_denied(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(LINE, encoding="utf-8")
    path.chmod(0)
    try:
        _one_line_error(path, str(path), "Permission denied")
    finally:
        path.chmod(0o600)


def test_read_source_permission_error_mapped(tmp_path, monkeypatch):
    """The same path as root: an open refused by the system is one InputError line."""
    import zongjie.read.source as source

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(source.os, "open", refuse)
    _one_line_error(tmp_path / "secret.txt", "secret.txt: cannot read (Permission denied)")


def test_read_source_nul_in_name():
    _one_line_error("a\x00b.txt", "not a valid file name")


def test_read_source_newline_in_name_escaped(tmp_path):
    msg = _one_line_error(tmp_path / "two\nlines.txt", "two\\nlines.txt", "no such file")
    assert msg.startswith(str(tmp_path))


def test_read_source_name_not_utf8_is_read(tmp_path):
    name = os.path.join(os.fsencode(tmp_path), b"gb-\xb9\xa4\xbb\xe1.txt")  # 工会 in GBK bytes
    with open(name, "wb") as f:
        f.write(LINE.encode("gbk"))
    result = read_text(os.fsdecode(name))
    assert result.text == LINE
    assert result.source.endswith("gb-\\xb9\\xa4\\xbb\\xe1.txt")
    result.source.encode("utf-8")


def test_read_source_name_not_utf8_missing(tmp_path):
    missing = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"\xff\xfe.txt"))
    _one_line_error(missing, "\\xff\\xfe.txt", "no such file")


def test_read_source_empty_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    result = read_text("-")
    assert result.text == "" and result.source == "<stdin>"


def test_read_source_stdin_gbk(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(LINE.encode("gbk"))))
    assert read_text("-").text == LINE


def test_read_source_stdin_none(monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    _one_line_error("-", "<stdin>", "closed")


def test_read_source_stdin_closed_file(monkeypatch):
    stream = io.TextIOWrapper(io.BytesIO(b"x"))
    stream.buffer.close()
    monkeypatch.setattr(sys, "stdin", stream)
    _one_line_error("-", "<stdin>")


_SCRIPT = ("import sys\nfrom zongjie.errors import InputError\nfrom zongjie.read import read_text\n"
           "try:\n    r = read_text('-')\n    print('read', len(r.text))\nexcept InputError as e:\n"
           "    print('error', e, file=sys.stderr)\n    sys.exit(1)\n")


def test_read_source_closed_stdin_in_a_process():
    res = subprocess.run(["bash", "-c", f'"{sys.executable}" -c "$0" <&-', _SCRIPT],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 1, res.stderr
    assert res.stderr.strip() == "error <stdin>: standard input is closed"


def test_read_source_zero_byte_stdin_in_a_process():
    res = subprocess.run([sys.executable, "-c", _SCRIPT], stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0 and res.stdout.strip() == "read 0"
