"""A PNG of one page of a docx draft, as LibreOffice lays it out (to look at the GB/T 9704 layout).

    .venv/bin/python scripts/docx_preview.py [FACTS_OR_DOCX] [-o page1.png] [--page 1] [--dpi 80]

FACTS_OR_DOCX is a facts.json (drafted to docx first; default ``examples/facts.json``) or a .docx.
Needs LibreOffice (``soffice``) and poppler's ``pdftoppm``; a fresh LibreOffice profile in a temporary
directory keeps the user's own settings out of it. Prints the PNG's path, the conversion time and
what the PDF says: pages, the longest body line in characters, the embedded fonts and which CJK
face (SC, JP ...) their glyphs come from (with pdfminer.six and fonttools).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def to_pdf(docx: Path, outdir: Path, timeout: float = 180) -> tuple[Path, float]:
    """Convert with LibreOffice in a fresh profile; the PDF's path and the seconds it took."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("docx_preview: LibreOffice (soffice) is not installed (apt-get install libreoffice-writer-nogui)")
    profile = outdir / "lo-profile"
    start = time.perf_counter()
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(outdir), str(docx)], check=True, capture_output=True, timeout=timeout)
    pdf = outdir / (docx.stem + ".pdf")
    if not pdf.exists():
        raise SystemExit(f"docx_preview: LibreOffice wrote no PDF for {docx}")
    return pdf, time.perf_counter() - start


def cjk_face(pdf: Path) -> str:
    """Which installed Noto CJK face the embedded glyphs come from (SC, JP ...), by glyph ids.

    ``pdffonts`` names every face of a Noto CJK collection ``NotoSansCJKjp-...`` (the faces share
    one CFF), so the name does not tell SC from JP; the glyph chosen for 直, 说 ... does.
    """
    try:
        from fontTools.ttLib import TTFont
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfinterp import PDFResourceManager
        from pdfminer.pdfparser import PDFParser
        from pdfminer.pdftypes import resolve1
    except ImportError:
        return "(install pdfminer.six and fonttools to tell the face)"
    import re

    glyphs = {}
    with open(pdf, "rb") as fh:
        document, manager = PDFDocument(PDFParser(fh)), PDFResourceManager()
        for xref in document.xrefs:
            for oid in xref.get_objids():
                try:
                    obj = resolve1(document.getobj(oid))
                    desc = resolve1(obj["FontDescriptor"]) if isinstance(obj, dict) and "FontDescriptor" in obj else None
                    if not desc or "FontFile" not in desc:
                        continue
                    stream = resolve1(desc["FontFile"])
                    clear = stream.get_data()[: stream.attrs["Length1"]].decode("latin-1")
                    font = manager.get_font(None, obj)
                    for code, name in re.findall(r"dup (\d+) /(cid\d+) put", clear):
                        glyphs[font.to_unichr(int(code))] = name
                except Exception:  # noqa: BLE001 - objects that are not fonts, codes without Unicode
                    continue
    listing = subprocess.run(["fc-list", ":lang=zh", "file", "family", "index"], capture_output=True,
                             text=True).stdout if shutil.which("fc-list") else ""
    scores = {}
    for line in listing.splitlines():
        m = re.match(r"(.+?\.tt[cf]): ([^:,]+)[^:]*:index=(\d+)", line)
        if m and "CJK" in m.group(2) and "Mono" not in m.group(2) and m.group(2) not in scores:
            cmap = TTFont(m.group(1), fontNumber=int(m.group(3)), lazy=True).getBestCmap()
            scores[m.group(2)] = sum(1 for ch, g in glyphs.items() if len(ch) == 1 and cmap.get(ord(ch)) == g)
    if not glyphs or not scores:
        return "(no Noto CJK glyphs to compare)"
    face, hits = max(scores.items(), key=lambda kv: kv[1])
    return f"glyphs of {face} ({hits} of {len(glyphs)} characters)"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", nargs="?", default=str(ROOT / "examples" / "facts.json"))
    ap.add_argument("-o", "--output", default="docx-preview-page1.png")
    ap.add_argument("--page", type=int, default=1)
    ap.add_argument("--dpi", type=int, default=80)
    args = ap.parse_args(argv)
    if not shutil.which("pdftoppm"):
        raise SystemExit("docx_preview: pdftoppm is not installed (apt-get install poppler-utils)")
    src = Path(args.source)
    with tempfile.TemporaryDirectory(prefix="zongjie-preview-") as tmp:
        tmpdir = Path(tmp)
        if src.suffix.lower() == ".docx":
            docx = src
        else:
            sys.path.insert(0, str(ROOT / "src"))
            from zongjie.draft import load_facts, render

            docx = tmpdir / "draft.docx"
            docx.write_bytes(render(load_facts(src), "docx"))
        pdf, seconds = to_pdf(docx, tmpdir)
        stem = tmpdir / "page"
        subprocess.run(["pdftoppm", "-png", "-r", str(args.dpi), "-f", str(args.page), "-l", str(args.page),
                        "-singlefile", str(pdf), str(stem)], check=True, capture_output=True)
        out = Path(args.output)
        shutil.copyfile(stem.with_suffix(".png"), out)
        print(f"{out}  (LibreOffice conversion {seconds:.1f} s)")
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
            pages = text.split("\f")
            longest = max((len("".join(line.split())) for line in text.splitlines()), default=0)
            print(f"pages {len([p for p in pages if p.strip()])}, longest line {longest} characters")
        if shutil.which("pdffonts"):
            fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout.splitlines()[2:]
            print("fonts: " + ", ".join(sorted({f.split()[0].split("+", 1)[-1] for f in fonts if f.strip()})))
        print("CJK face: " + cjk_face(pdf))
    return 0


if __name__ == "__main__":
    sys.exit(main())
