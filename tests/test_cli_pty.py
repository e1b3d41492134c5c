"""README's corpus commands typed in a terminal (a pseudo-terminal): every row lands in the redirected
file, the progress bar and the messages on the terminal, no row on the terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import termios
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "TERM": "xterm-256color",
       "COLUMNS": "", "LINES": ""}


def _readme_corpus_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Corpus-scale runs", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    return [line.split("  #")[0].strip() for line in block.splitlines() if line.strip() and not line.startswith("#")]


def _in_terminal(cmd: str, cwd: Path) -> tuple[int, str]:
    """Run ``cmd`` with stdin, stdout and stderr on a 120x40 pseudo-terminal; what the terminal shows."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    proc = subprocess.Popen(["bash", "-c", cmd], stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=ENV,
                            start_new_session=True)
    os.close(slave)
    seen = b""
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the other side is closed
            break
        if not data:
            break
        seen += data
    os.close(master)
    return proc.wait(timeout=300), seen.decode("utf-8", "replace")


@pytest.fixture()
def checkout(tmp_path: Path) -> Path:
    """A working directory where the README's relative paths resolve (outputs land here)."""
    for name in (".venv", "examples", "corpus"):
        (tmp_path / name).symlink_to(ROOT / name)
    return tmp_path


def test_cli_pty_readme_commands_has_three():
    cmds = _readme_corpus_commands()
    assert len(cmds) == 3 and all(">" in c for c in cmds), cmds


@pytest.mark.parametrize("k", range(3))
def test_cli_pty_readme_rows_in_file_bar_on_terminal(checkout, k):
    cmd = _readme_corpus_commands()[k]
    target = checkout / cmd.rsplit(">", 1)[1].split()[0]
    code, screen = _in_terminal(cmd, checkout)
    piped = subprocess.run(["bash", "-c", cmd.rsplit(">", 1)[0]], capture_output=True, text=True, cwd=checkout,
                           env=ENV, timeout=300)
    got = target.read_text(encoding="utf-8")
    assert got == piped.stdout and got.count("\n") >= 3      # every row in the file, the same as piped
    assert code == piped.returncode
    first_row = got.splitlines()[1 if cmd.endswith(".csv") else 0]
    assert first_row[:30] not in screen                      # no row on the terminal
    assert "━" in screen and re.search(r"(extract|classify)", screen)   # the bar was drawn there
    for line in piped.stderr.splitlines():                    # and the messages too
        assert line in screen.replace("\r", "")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_pty_rows_on_the_terminal_are_the_piped_rows(jobs):
    """Rows printed to a terminal (line buffered: each document as it is done, one copy per document)
    are the rows piped to a file, with --jobs 1 and --jobs 2, and the command ends with the same status."""
    cmd = f".venv/bin/zongjie extract examples/sample_docs.jsonl --format jsonl --jobs {jobs}"
    code, screen = _in_terminal(cmd, ROOT)
    piped = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, cwd=ROOT, env=ENV, timeout=300)
    assert code == piped.returncode and piped.stdout.count("\n") >= 3  # the sample holds one bad line: exit 1
    shown = [line for line in screen.replace("\r", "").splitlines() if line.startswith("{")]
    assert shown == piped.stdout.splitlines()
