"""README's Quick start commands are exactly the ones CI runs."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def _quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", section, re.S)]


def test_readme_quick_start_has_two_commands():
    cmds = _quick_start_commands()
    assert len(cmds) == 2
    assert "pip install" in cmds[0] and "zongjie classify" in cmds[0]
    assert "pytest" in cmds[1]


def test_ci_runs_readme_commands_verbatim():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for cmd in _quick_start_commands():
        assert cmd in ci, cmd
