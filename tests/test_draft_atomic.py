"""draft/atomic.py: atomic writes keep permissions and fail with one line, leaving nothing behind."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zongjie.cli import app
from zongjie.atomic import write_atomic
from zongjie.errors import OutputExistsError, ZongjieError

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
posix_modes = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def _mode(p: Path) -> int:
    return stat.S_IMODE(os.stat(p).st_mode)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


@posix_modes
@pytest.mark.parametrize("mode", [0o600, 0o640, 0o444, 0o755])
def test_atomic_force_keeps_the_mode_of_the_replaced_file(tmp_path, mode):
    p = tmp_path / "draft.txt"
    p.write_text("old", encoding="utf-8")
    os.chmod(p, mode)
    write_atomic(p, "new", force=True)
    assert p.read_text(encoding="utf-8") == "new"
    assert _mode(p) == mode
    assert list(tmp_path.iterdir()) == [p]


@posix_modes
@pytest.mark.parametrize("umask,expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_atomic_new_file_gets_the_umask_mode(tmp_path, umask, expected):
    old = os.umask(umask)
    try:
        a = write_atomic(tmp_path / "a.txt", "x")
        b = write_atomic(tmp_path / "b.txt", b"y", force=True)
    finally:
        os.umask(old)
    assert _mode(a) == expected and _mode(b) == expected


@posix_modes
def test_atomic_cli_force_keeps_a_private_draft_private(tmp_path, umask_022):
    out = tmp_path / "draft.txt"
    out.write_text("private", encoding="utf-8")
    os.chmod(out, 0o600)
    res = runner.invoke(app, ["draft", str(ROOT / "examples" / "facts.json"), "-o", str(out), "--force"])
    assert res.exit_code == 0, res.output
    assert _mode(out) == 0o600 and out.read_text(encoding="utf-8").startswith("鑫钢集团炼钢厂工会")


def test_atomic_refuses_existing_without_force(tmp_path):
    p = tmp_path / "x.txt"
    p.write_text("keep", encoding="utf-8")
    with pytest.raises(OutputExistsError):
        write_atomic(p, "new")
    assert p.read_text(encoding="utf-8") == "keep" and list(tmp_path.iterdir()) == [p]


def _one_line_error(func, *args, **kwargs) -> str:
    with pytest.raises(ZongjieError) as info:
        func(*args, **kwargs)
    msg = str(info.value)
    assert "\n" not in msg
    return msg


def test_atomic_missing_parent_is_one_line(tmp_path):
    target = tmp_path / "no" / "such" / "draft.txt"
    msg = _one_line_error(write_atomic, target, "x")
    assert str(target) in msg and "does not exist" in msg
    assert list(tmp_path.iterdir()) == []


def test_atomic_directory_target_is_one_line(tmp_path):
    assert "is a directory" in _one_line_error(write_atomic, tmp_path, "x", force=True)


@pytest.mark.parametrize("force", [False, True])
def test_atomic_disk_full_is_one_line_and_leaves_nothing(tmp_path, monkeypatch, force):
    p = tmp_path / "draft.docx"
    if force:
        p.write_bytes(b"old")

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    msg = _one_line_error(write_atomic, p, b"x" * 1000, force=force)
    assert str(p) in msg and os.strerror(errno.ENOSPC) in msg
    assert sorted(x.name for x in tmp_path.iterdir()) == (["draft.docx"] if force else [])
    if force:
        assert p.read_bytes() == b"old"


def test_atomic_no_permission_is_one_line(tmp_path, monkeypatch):
    """Simulated (the tests may run as root, who may write anywhere)."""
    real_open = os.open

    def denied(path, flags, mode=0o777, *args, **kwargs):
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, mode, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    msg = _one_line_error(write_atomic, tmp_path / "d.txt", "x")
    assert "d.txt" in msg and os.strerror(errno.EACCES) in msg
    assert list(tmp_path.iterdir()) == []


@posix_modes
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write to a read-only directory")
def test_atomic_read_only_directory_is_one_line(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    os.chmod(ro, 0o555)
    try:
        msg = _one_line_error(write_atomic, ro / "d.txt", "x")
    finally:
        os.chmod(ro, 0o755)
    assert "Permission denied" in msg and list(ro.iterdir()) == []


def test_atomic_cli_missing_directory_exit_1(tmp_path):
    out = tmp_path / "missing" / "d.docx"
    res = runner.invoke(app, ["draft", str(ROOT / "examples" / "facts.json"), "-f", "docx", "-o", str(out)])
    assert res.exit_code == 1 and "Traceback" not in res.output
    lines = [l for l in res.output.splitlines() if l.strip()]
    assert len(lines) == 1 and "does not exist" in lines[0]
