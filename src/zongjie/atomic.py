"""Writing outputs atomically, never clobbering an existing file unless asked.

The data goes to a temp file in the target's directory, is flushed and fsynced, and only then
takes the target's name (``os.replace``, or a hard link when an existing file must not be
replaced), so a reader sees the old file or the new one, never half of one. The new file gets the
permissions of the file it replaces (a private 0600 file stays private), or, for a new file, the
ones the umask gives (the temp file is created with mode 0666 and the umask applied by the system,
not with ``mkstemp``'s 0600). Failures are one-line errors naming the path; nothing is left behind.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path
from typing import Optional, Union

from .errors import OutputError, OutputExistsError


def _exists_msg(p: Path) -> str:
    return f"{p}: exists; use --force to overwrite"


def _existing_mode(p: Path) -> Optional[int]:
    """The permission bits of the file at ``p``, or None when there is none."""
    try:
        return stat.S_IMODE(os.stat(p).st_mode)
    except FileNotFoundError:
        return None


def _create_temp(parent: Path, name: str) -> tuple[int, Path]:
    """A new temp file next to the target, mode 0666 minus the umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = parent / f".{name[:40]}.{secrets.token_hex(6)}.tmp"  # short: 40 CJK characters are 120 bytes
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temp file name", str(parent))


def _fsync_dir(parent: Path) -> None:
    """Make the rename durable where the system allows opening a directory (not on Windows)."""
    try:
        fd = os.open(parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _commit(tmp: Path, p: Path, force: bool) -> None:
    if force:
        os.replace(tmp, p)
        return
    try:
        os.link(tmp, p)  # fails if the target appeared meanwhile
    except FileExistsError:
        raise OutputExistsError(_exists_msg(p)) from None
    except OSError as err:
        if err.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        if os.path.lexists(p):  # no hard links on this file system: check, then rename
            raise OutputExistsError(_exists_msg(p)) from None
        os.replace(tmp, p)


def write_atomic(path: Union[str, Path], data: Union[str, bytes], force: bool = False) -> Path:
    """Write ``data`` (text as UTF-8) to ``path`` atomically.

    Without ``force`` an existing file is refused (:class:`OutputExistsError`, file untouched).
    A directory that does not exist or cannot be written, a full disk and the like raise
    :class:`OutputError`; the target is then untouched and no temp file remains.
    """
    p = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    tmp: Optional[Path] = None
    try:
        if p.is_dir():
            raise OutputError(f"{p}: is a directory")
        if os.path.lexists(p) and not force:
            raise OutputExistsError(_exists_msg(p))
        parent = p.parent if str(p.parent) else Path(".")
        if not parent.is_dir():
            raise OutputError(f"{p}: directory {parent} does not exist")
        mode = _existing_mode(p)
        fd, tmp = _create_temp(parent, p.name)
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        _commit(tmp, p, force)
        _fsync_dir(parent)
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise OutputError(f"{p}: cannot write: {reason}") from None
    finally:
        if tmp is not None and os.path.lexists(tmp):
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return p
