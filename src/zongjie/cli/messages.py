"""The messages the command line writes for a person, translated through gettext.

The English text is the gettext msgid; the Chinese catalog ships in the package
(``zongjie/locale/zh_CN/LC_MESSAGES/zongjie.po`` and its compiled ``.mo``, rebuilt by
``scripts/compile_locale.py``). The language follows the locale, as gettext does: the first of
``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set decides; ``zh_*`` (``zh_CN.UTF-8``, ``zh_TW``
...) gives Chinese, anything else English. The locale is read on every call (no state kept but the
loaded catalogs), so a test or a caller can change it. Library error texts (file names, line
numbers, reasons) stay as they are, except for a few whole reasons the catalog knows (``no such
file``); only the words the CLI adds around them are translated. ``--help`` texts are translated
by :func:`localise_command` when a command line is parsed.
"""

from __future__ import annotations

import gettext
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Optional

DOMAIN = "zongjie"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
CATALOGS = {"zh": "zh_CN"}

MESSAGES: Mapping[str, str] = {
    "error": "error: {}",
    "warning": "warning: {}",
    "summary": "{bad} bad document(s) skipped; {done} done",
    "wrote": "wrote {path}",
    "wrote_bank": "wrote {path} (headings/patterns: {counts})",
    "html_one_file": "--html works with one text file (not a directory, a JSONL stream or several files)",
    "stdout_closed": "<stdout>: standard output is closed",
    "stdout_failed": "<stdout>: cannot write: {reason}",
    "name_not_utf8": "{path}: the file name is not valid UTF-8; nothing written",
    "exists": "{path}: exists; use --force to overwrite",
    "interrupted": "interrupted",
    "corpus_ok": "corpus ok",
    "problems": "{n} problem(s)",
    "fold": "fold {k}/{n}",
    "docx_needs_output": "--format docx needs -o PATH",
    "template_formats": "--template works with --format txt or md",
    "nothing_to_evaluate": "nothing to evaluate: give --realdev, --seed or --corpus",
    "serve_needs_web": "zongjie serve needs the web extra (missing: {missing}): pip install 'zongjie[web]'",
    "serve_bad_host": "--host {host}: not an address to listen on ({reason})",
    "serve_cannot_bind": "cannot listen on {host}:{port}: {reason}",
    "serve_listening": "zongjie serve: open {url} in a browser",
    "serve_local_only": "listening on this computer only (127.0.0.1): other computers cannot connect",
    "serve_network": "listening on {host}: other computers on the network can connect; anyone who reaches it can use it",
    "serve_stop": "press Ctrl+C to stop",
    "text_read": "{source}: read as {format} ({encoding})",
    "text_dropped": "; {n} line(s) of page chrome left out",
    "text_empty": "{source}: empty text",
    "draft_placeholders": "{n} placeholder(s) left to fill in:",
    "draft_placeholder": "  {where}: {text}",
    "draft_warnings": "{n} thing(s) to check in the facts:",
    "draft_no_year": ("  {path}: the text gives no year; fill it in (the draft writes 【待补充：年份】 until then, "
                      "or use zongjie draft --year)"),
    "draft_no_organization": "  {path}: the text names no organisation; fill it in",
    "draft_placeholder_kept": "  {path}: placeholder {text} kept from the source",
    "draft_low_confidence": "  {path}: unsure of the section ({section}, confidence {confidence}); check it",
    "draft_left_out": "  {path}: left out (not a problem): {text}",
    "draft_bad_year": "--year must be between 1949 and 2199, got {year}",
}

# Whole reasons of library errors (after ``name: ``) that the catalog translates.
REASONS = ("no such file", "cannot read: No such file or directory", "is a directory, not a regular file",
           "not a valid file name")


def language(environ: Optional[Mapping[str, str]] = None) -> str:
    """``zh`` or ``en`` from the locale variables of ``environ`` (default: the process's)."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


@lru_cache(maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    """The shipped catalog of ``lang`` (``zh``), or no translation (English)."""
    catalog = CATALOGS.get(lang)
    if catalog is None:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[catalog], fallback=True)


def _(text: str) -> str:
    """``text`` (an English msgid) in the locale's language."""
    return translations(language()).gettext(text) if text else text


def reason(text: str) -> str:
    """A library error line with its whole reason translated when the catalog knows it."""
    for r in REASONS:
        if text == r or text.endswith(": " + r):
            return text[: len(text) - len(r)] + _(r)
    return text


def msg(key: str, *args: Any, **kwargs: Any) -> str:
    """The message ``key`` in the locale's language, filled in."""
    if key == "error":
        args = tuple(reason(str(a)) for a in args)
    return _(MESSAGES[key]).format(*args, **kwargs)


def help_texts(command: Any) -> list[str]:
    """Every help text of a click command tree (its msgids, as written in the code)."""
    out: list[str] = []
    _walk(command, lambda obj, attr, original: out.append(original))
    return list(dict.fromkeys(out))


HELP_OPTION = "Show this message and exit."
# Typer's own words in --help (module constants of typer.rich_utils, read when help is printed).
TYPER_WORDS = {"ARGUMENTS_PANEL_TITLE": "Arguments", "OPTIONS_PANEL_TITLE": "Options",
               "COMMANDS_PANEL_TITLE": "Commands", "DEFAULT_STRING": "[default: {}]",
               "REQUIRED_LONG_STRING": "[required]"}
_PUNCT = "，；：、。）"
BREAK_WIDTH = 30  # terminal cells: the help column of an 80-column terminal is about 36 wide


def _cells(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def breakable(text: str) -> str:
    """Chinese help text with a space after inner punctuation wherever a run of characters without
    spaces is wider than ``BREAK_WIDTH`` cells: the terminal's help tables wrap lines only at
    spaces and cut a longer run short. Runs that fit are left as written."""
    out = []
    for token in re.split(r"(\s+)", text):
        while _cells(token) > BREAK_WIDTH:
            cut = None
            for i, ch in enumerate(token[:-1]):
                if ch in _PUNCT and token[i + 1] not in _PUNCT:
                    if _cells(token[: i + 1]) > BREAK_WIDTH and cut is not None:
                        break
                    cut = i + 1
            if cut is None:
                break
            out.append(token[:cut] + " ")
            token = token[cut:]
        out.append(token)
    return "".join(out)


def localise_command(command: Any) -> None:
    """Translate the help texts of a click command tree into the locale's language, in place
    (the English originals are kept on the objects, so this can run again for another locale)."""
    zh = language() == "zh"

    def tr(text: str) -> str:
        out = _(text)
        return breakable(out) if zh and out != text else out

    _walk(command, lambda obj, attr, original: setattr(obj, attr, tr(original)))
    _localise_typer_words()


def _localise_typer_words() -> None:
    """Typer's panel titles and ``[default: …]`` in the locale's language (set on every call)."""
    import sys

    rich_utils = sys.modules.get("typer.rich_utils")
    if rich_utils is None:
        if language() != "zh":
            return  # not loaded yet: it starts in English
        import typer.rich_utils as rich_utils
    for name, english in TYPER_WORDS.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, _(english))


def _walk(command: Any, visit: Any) -> None:
    seen: set[int] = set()
    stack = [command]
    while stack:
        cmd = stack.pop()
        if id(cmd) in seen:
            continue
        seen.add(id(cmd))
        for obj in [cmd, *getattr(cmd, "params", []), *_help_option(cmd)]:
            for attr in ("help", "short_help"):
                key = "_zj_" + attr
                if key not in obj.__dict__:
                    obj.__dict__[key] = getattr(obj, attr, None)
                original = obj.__dict__[key]
                if isinstance(original, str) and original:
                    visit(obj, attr, original)
        stack.extend(getattr(cmd, "commands", {}).values())


def _help_option(cmd: Any) -> list:
    """The command's --help option (click makes it once per command and keeps it). The context is the
    command's own class: typer carries its own copy of click, and importing click as well costs start-up."""
    try:
        opt = cmd.get_help_option(cmd.context_class(cmd))
    except Exception:  # noqa: BLE001 - a command click cannot make one for keeps its English help
        return []
    return [opt] if opt is not None else []


def localised_group() -> type:
    """The Typer group class of the ``zongjie`` app: it translates the help texts of the whole
    command tree for the locale of each command line it parses."""
    from typer.core import TyperGroup

    class LocalisedGroup(TyperGroup):
        def make_context(self, info_name: Any, args: Any, parent: Any = None, **extra: Any) -> Any:
            localise_command(self)
            return super().make_context(info_name, args, parent=parent, **extra)

    return LocalisedGroup
