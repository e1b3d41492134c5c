"""The CLI's messages and --help follow the locale through the shipped gettext catalog
(src/zongjie/locale/zh_CN/LC_MESSAGES/zongjie.po, compiled to zongjie.mo)."""

from __future__ import annotations

import gettext
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zongjie.cli import app
from zongjie.cli.messages import LOCALE_DIR, MESSAGES, language, msg

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "LC_ALL": "", "LC_MESSAGES": ""}
runner = CliRunner()


def zongjie() -> list[str]:
    z = Path(sys.executable).with_name("zongjie")
    return [str(z)] if z.exists() else [sys.executable, "-m", "zongjie"]


def test_cli_locale_draft_missing_file_one_line_in_chinese(tmp_path):
    zh = subprocess.run(zongjie() + ["draft", "missing.json"], capture_output=True, text=True, cwd=tmp_path,
                        env={**ENV, "LANG": "zh_CN.UTF-8"}, timeout=120)
    assert zh.returncode == 1 and zh.stdout == ""
    assert zh.stderr.splitlines() == ["错误：missing.json: 无法读取：没有这个文件"]
    en = subprocess.run(zongjie() + ["draft", "missing.json"], capture_output=True, text=True, cwd=tmp_path,
                        env={**ENV, "LANG": "en_US.UTF-8"}, timeout=120)
    assert en.returncode == 1 and en.stderr.splitlines() == ["error: missing.json: cannot read: No such file or directory"]


def test_cli_locale_is_read_on_every_call(monkeypatch):
    monkeypatch.setenv("LC_ALL", "")
    monkeypatch.setenv("LC_MESSAGES", "")
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    assert language() == "zh" and msg("wrote", path="a") == "已写入 a"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert language() == "en" and msg("wrote", path="a") == "wrote a"
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")                   # LC_ALL wins over LANG
    assert msg("exists", path="x.docx") == "x.docx：已存在；要覆盖请加 --force"
    assert language({"LC_MESSAGES": "en_GB", "LANG": "zh_CN"}) == "en"


def test_cli_locale_help_follows_the_locale_per_call():
    zh = runner.invoke(app, ["draft", "--help"], env={"LANG": "zh_CN.UTF-8", "LC_ALL": "", "COLUMNS": "200"})
    assert zh.exit_code == 0 and "根据 facts.json 起草总结和计划" in zh.stdout and "覆盖已有的输出文件" in zh.stdout
    en = runner.invoke(app, ["draft", "--help"], env={"LANG": "C.UTF-8", "LC_ALL": "", "COLUMNS": "200"})
    assert en.exit_code == 0 and "Draft a summary and plan from a facts.json" in en.stdout
    assert "根据" not in en.stdout
    assert "显示本帮助并退出" in zh.stdout and "选项" in zh.stdout and "[默认：txt]" in zh.stdout
    assert "Show this message and exit." in en.stdout and "Options" in en.stdout and "选项" not in en.stdout
    group = runner.invoke(app, ["corpus", "--help"], env={"LANG": "zh_CN.UTF-8", "LC_ALL": "", "COLUMNS": "200"})
    assert "统计和挖掘标注语料" in group.stdout and "Check, count" not in group.stdout
    top = runner.invoke(app, ["--help"], env={"LANG": "zh_CN.UTF-8", "LC_ALL": "", "COLUMNS": "200"})
    assert "启动本机网页" in top.stdout                                       # the commands' short help too


def test_cli_locale_long_chinese_help_wraps_instead_of_being_cut():
    from zongjie.cli.messages import breakable

    assert breakable("输出格式。") == "输出格式。"
    long = "（原子地）写到这里，而不是标准输出；docx 格式必须指定。"
    assert breakable(long).replace(" ", "") == long.replace(" ", "")
    zh = runner.invoke(app, ["draft", "--help"], env={"LANG": "zh_CN.UTF-8", "LC_ALL": "", "COLUMNS": "80"})
    assert "…" not in zh.stdout and "而不是标准输出" in zh.stdout


def test_cli_locale_every_message_and_help_text_is_translated():
    """Every msgid the CLI uses has a Chinese translation in the shipped .mo (a new command or
    message without one fails here: run scripts/compile_locale.py --update, translate, compile)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import compile_locale
    finally:
        sys.path.pop(0)
    zh = gettext.translation("zongjie", str(LOCALE_DIR), languages=["zh_CN"])
    missing = [m for m in compile_locale.cli_msgids() if zh.gettext(m) == m]
    assert missing == []
    for key, text in MESSAGES.items():                         # placeholders survive translation
        assert sorted(_fields(zh.gettext(text))) == sorted(_fields(text)), key


def _fields(text: str) -> list:
    import string

    return [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]


def test_cli_locale_mo_is_up_to_date_with_po():
    pytest.importorskip("babel")
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import compile_locale
    finally:
        sys.path.pop(0)
    assert compile_locale.mo_pairs() == compile_locale.po_pairs()
    assert compile_locale.problems() == []
