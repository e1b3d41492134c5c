#!/usr/bin/env python3
"""Compile, check and update the CLI's gettext catalog (src/zongjie/locale/zh_CN/LC_MESSAGES/zongjie.po).

  python scripts/compile_locale.py           compile zongjie.po into zongjie.mo
  python scripts/compile_locale.py --check   exit 1 when zongjie.mo differs from zongjie.po, or a
                                             message or --help text of the CLI has no translation
  python scripts/compile_locale.py --update  add the CLI's untranslated texts to zongjie.po (empty msgstr)

Needs Babel (in the ``test`` extra). Python's ``gettext`` reads the compiled .mo at run time.
"""

from __future__ import annotations

import argparse
import gettext
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LC = ROOT / "src" / "zongjie" / "locale" / "zh_CN" / "LC_MESSAGES"
PO, MO = LC / "zongjie.po", LC / "zongjie.mo"


def cli_msgids() -> list[str]:
    """Every text the CLI translates: its messages, the library reasons it knows, every --help text."""
    import typer.main

    from zongjie.cli import app
    from zongjie.cli.messages import MESSAGES, REASONS, TYPER_WORDS, help_texts

    ids = (list(MESSAGES.values()) + list(REASONS) + list(TYPER_WORDS.values())
           + help_texts(typer.main.get_command(app)))
    return list(dict.fromkeys(ids))


def read_po(path: Path = PO):
    from babel.messages.pofile import read_po as read

    with open(path, "rb") as f:
        return read(f, locale="zh_CN", domain="zongjie")


def po_pairs(path: Path = PO) -> dict[str, str]:
    """msgid -> msgstr of the .po (translated entries only)."""
    return {m.id: m.string for m in read_po(path) if m.id and m.string and not m.fuzzy}


def mo_pairs(path: Path = MO) -> dict[str, str]:
    """msgid -> msgstr of the compiled .mo, as Python's gettext reads it."""
    with open(path, "rb") as f:
        catalog = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
    return {k: v for k, v in catalog.items() if k}


def compile_mo(po: Path = PO, mo: Path = MO) -> None:
    from babel.messages.mofile import write_mo

    catalog = read_po(po)
    tmp = mo.with_suffix(".mo.tmp")
    with open(tmp, "wb") as f:
        write_mo(f, catalog)
    tmp.replace(mo)


def problems() -> list[str]:
    """Why the catalog is not up to date (empty when it is)."""
    out = []
    po = po_pairs()
    if not MO.exists():
        return [f"{MO.relative_to(ROOT)}: missing; run python scripts/compile_locale.py"]
    if mo_pairs() != po:
        out.append(f"{MO.relative_to(ROOT)}: out of date with {PO.name}; run python scripts/compile_locale.py")
    for msgid in cli_msgids():
        if msgid not in po:
            out.append(f"{PO.relative_to(ROOT)}: no translation of {msgid!r}")
    return out


def update() -> int:
    from babel.messages.pofile import write_po

    catalog = read_po()
    added = 0
    for msgid in cli_msgids():
        if msgid not in catalog:
            catalog.add(msgid, "")
            added += 1
    with open(PO, "wb") as f:
        write_po(f, catalog, width=0, omit_header=False)
    return added


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--update", action="store_true")
    args = ap.parse_args()
    if args.update:
        print(f"{update()} text(s) added to {PO.relative_to(ROOT)}")
        return 0
    if args.check:
        found = problems()
        for p in found:
            print(p, file=sys.stderr)
        print("catalog up to date" if not found else f"{len(found)} problem(s)")
        return 1 if found else 0
    compile_mo()
    print(f"wrote {MO.relative_to(ROOT)} ({len(po_pairs())} messages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
