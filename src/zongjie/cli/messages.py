"""The messages the command line writes for a person, in English and Chinese.

The language follows the locale, as gettext does: the first of ``LC_ALL``, ``LC_MESSAGES`` and
``LANG`` that is set decides; ``zh_*`` (``zh_CN.UTF-8``, ``zh_TW`` ...) gives Chinese, anything
else English. The locale is read each time (no state kept), so a test or a caller can change it.
Library error texts (file names, line numbers, reasons) stay as they are; only the words the
CLI adds around them are translated. Section names keep their Chinese names in both languages.
"""

from __future__ import annotations

import os
from typing import Any, Mapping, Optional

MESSAGES: Mapping[str, Mapping[str, str]] = {
    "error": {"en": "error: {}", "zh": "错误：{}"},
    "warning": {"en": "warning: {}", "zh": "警告：{}"},
    "summary": {"en": "{bad} bad document(s) skipped; {done} done",
                "zh": "跳过有问题的文档 {bad} 个；完成 {done} 个"},
    "wrote": {"en": "wrote {path}", "zh": "已写入 {path}"},
    "wrote_bank": {"en": "wrote {path} (headings/patterns: {counts})", "zh": "已写入 {path}（标题/句式：{counts}）"},
    "html_one_file": {"en": "--html works with one text file (not a directory, a JSONL stream or several files)",
                      "zh": "--html 只能用于一个文本文件（不能用于目录、JSONL 或多个文件）"},
    "stdout_closed": {"en": "<stdout>: standard output is closed", "zh": "<stdout>：标准输出已关闭"},
    "stdout_failed": {"en": "<stdout>: cannot write: {reason}", "zh": "<stdout>：无法写入：{reason}"},
    "name_not_utf8": {"en": "{path}: the file name is not valid UTF-8; nothing written",
                      "zh": "{path}：文件名不是有效的 UTF-8；未写入任何内容"},
    "exists": {"en": "{path}: exists; use --force to overwrite", "zh": "{path}：已存在；要覆盖请加 --force"},
    "interrupted": {"en": "interrupted", "zh": "已中断"},
    "corpus_ok": {"en": "corpus ok", "zh": "语料无误"},
    "problems": {"en": "{n} problem(s)", "zh": "{n} 个问题"},
    "fold": {"en": "fold {k}/{n}", "zh": "第 {k}/{n} 折"},
    "docx_needs_output": {"en": "--format docx needs -o PATH", "zh": "--format docx 需要 -o 路径"},
    "template_formats": {"en": "--template works with --format txt or md",
                         "zh": "--template 只能与 --format txt 或 md 一起使用"},
}


def language(environ: Optional[Mapping[str, str]] = None) -> str:
    """``zh`` or ``en`` from the locale variables of ``environ`` (default: the process's)."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def msg(key: str, *args: Any, **kwargs: Any) -> str:
    """The message ``key`` in the locale's language, filled in."""
    return MESSAGES[key][language()].format(*args, **kwargs)
