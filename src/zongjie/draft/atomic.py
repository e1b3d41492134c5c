"""Writing outputs atomically, never clobbering an existing file unless asked."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Union

from ..errors import InputError, OutputExistsError


def write_atomic(path: Union[str, Path], data: Union[str, bytes], force: bool = False) -> Path:
    """Write ``data`` to ``path`` via a temp file in the same directory and ``os.replace``.

    Without ``force`` an existing file is refused (:class:`OutputExistsError`, file untouched);
    the final step is then a hard link, which itself fails if the file appeared meanwhile.
    """
    p = Path(path)
    if p.exists() and not force:
        raise OutputExistsError(f"{p}: exists; use --force to overwrite")
    if p.is_dir():
        raise InputError(f"{p}: is a directory")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"{p}: directory {parent} does not exist")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        if force:
            os.replace(tmp, p)
        else:
            try:
                os.link(tmp, p)
            except FileExistsError:
                raise OutputExistsError(f"{p}: exists; use --force to overwrite") from None
            except OSError:  # no hard links on this file system
                os.replace(tmp, p)
            else:
                os.unlink(tmp)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return p
