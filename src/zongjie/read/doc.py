"""Text of an old Word ``.doc`` (or RTF) file, converted by ``antiword`` or LibreOffice.

Neither is a Python package: the one installed is run on a copy of the bytes in a private
temporary directory (LibreOffice with its own profile there, so it never meets a running
instance), with a time limit. Without either, the error says what to install.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

from ..errors import InputError

TIMEOUT = 120  # seconds for one conversion
# A converter draws Word's tab after a list number: "一、\t加强" -> "一、加强", "1.\t" -> "1. ".
_NUMBER_GAP = re.compile(r"^([ \t\u3000]*[（(]?[0-9一二三四五六七八九十百甲乙丙丁戊己庚辛壬癸a-zA-Z]{1,4}[、）)．.])[ \t\u3000]+",
                         re.M)
_INSTALL = "install antiword or LibreOffice (apt-get install antiword), or save the file as .docx"


def _antiword() -> Optional[str]:
    return shutil.which("antiword")


def _soffice() -> Optional[str]:
    return shutil.which("soffice") or shutil.which("libreoffice")


def is_encrypted_word(data: bytes) -> bool:
    """An OLE Word file whose FIB says it is encrypted (fEncrypted), or an encrypted OOXML package."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return True
    try:
        import olefile  # optional: only when installed
    except ImportError:
        return False
    try:
        with olefile.OleFileIO(data) as ole:
            if not ole.exists("WordDocument"):
                return False
            fib = ole.openstream("WordDocument").read(12)
            return len(fib) >= 12 and bool(fib[11] & 0x01)
    except Exception:  # a damaged container: the converter will say so
        return False


def doc_text(data: bytes, source: str, rtf: bool = False) -> str:
    """The text of a ``.doc`` (or ``rtf``) file, converted with antiword (``.doc`` only) or LibreOffice."""
    if is_encrypted_word(data):
        raise InputError(f"{source}: the Word file is password-protected; save a copy without a password")
    antiword = None if rtf else _antiword()
    soffice = _soffice()
    if antiword is None and soffice is None:
        raise InputError(f"{source}: reading a .doc file needs a converter: {_INSTALL}")
    with tempfile.TemporaryDirectory(prefix="zongjie-doc-") as tmp:
        path = Path(tmp) / ("input.rtf" if rtf else "input.doc")
        path.write_bytes(data)
        if antiword is not None:
            text = _run_antiword(antiword, path, source)
            if text is not None:
                return _tidy(_checked(text, source))
        if soffice is None:
            raise InputError(f"{source}: antiword cannot read it (a damaged or password-protected .doc?)")
        return _tidy(_checked(_run_soffice(soffice, path, Path(tmp), source), source))


def _checked(text: str, source: str) -> str:
    """The converter's text, unless it is mostly characters no document holds (a damaged file
    that a converter read as something else)."""
    from .decode import plausibility

    sample = text[:20000]
    wide = sum(1 for c in sample if c >= "\x80")
    if wide > len(sample) // 4 and plausibility(sample) < 0.6:
        raise InputError(f"{source}: not a readable Word .doc (damaged: the converter's text is not Chinese or Latin text)")
    return text


def _tidy(text: str) -> str:
    """The gap a converter leaves after a Chinese list number removed (a space after ``1.``)."""
    return _NUMBER_GAP.sub(lambda m: m.group(1) + ("" if m.group(1)[-1] in "、）)．" else " "), text)


def _run(cmd: list[str], source: str, tool: str, env: Optional[dict] = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=TIMEOUT, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise InputError(f"{source}: {tool} took more than {TIMEOUT} s to convert it") from None
    except OSError as err:
        raise InputError(f"{source}: cannot run {tool} ({err.strerror or err})") from None


def _run_antiword(antiword: str, path: Path, source: str) -> Optional[str]:
    done = _run([antiword, "-m", "UTF-8.txt", "-w", "0", str(path)], source, "antiword")
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", errors="replace")


def _run_soffice(soffice: str, path: Path, tmp: Path, source: str) -> str:
    out = tmp / "out"
    profile = (tmp / "profile").as_uri()
    env = dict(os.environ, HOME=str(tmp))
    _run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
          "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(out), str(path)], source, "LibreOffice", env)
    result = out / (path.stem + ".txt")
    if not result.is_file():
        raise InputError(f"{source}: LibreOffice cannot convert it (a damaged or password-protected Word file?)")
    return result.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff")
