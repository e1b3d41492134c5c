"""One exception type per user-facing failure; messages are one line."""

from __future__ import annotations


class ZongjieError(Exception):
    """Base class: ``str(err)`` is a one-line message fit for stderr."""

    exit_code = 1


class InputError(ZongjieError):
    """Unreadable or invalid input (file, encoding, JSON)."""


class DecodeError(InputError):
    """Bytes that are not text in a supported encoding."""


class CorpusError(InputError):
    """An annotated corpus file that breaks the corpus format."""


class ModelError(ZongjieError):
    """A missing, corrupt or incompatible model file."""


class OutputExistsError(ZongjieError):
    """Refusing to overwrite an existing output without ``force``."""


class OutputError(ZongjieError):
    """An output that cannot be written (no such directory, no permission, disk full); nothing is left behind."""
