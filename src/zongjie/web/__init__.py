"""``zongjie serve``: a local web page that walks a union clerk through last year's summary in,
facts checked, this year's draft out (an optional extra: ``pip install 'zongjie[web]'``).

``create_app()`` gives the Starlette application; the page, its routes and templates live in
:mod:`zongjie.web.app`, the read-back view in :mod:`zongjie.web.view`, validation messages for the
page in :mod:`zongjie.web.problems`. Starlette is imported only when the app is created.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app", "is_loopback", "missing_dependencies"]

REQUIRED = ("starlette", "uvicorn")


def missing_dependencies() -> list[str]:
    """The packages of the ``web`` extra that are not installed."""
    import importlib.util

    return [name for name in REQUIRED if importlib.util.find_spec(name) is None]


def create_app(*args: Any, **kwargs: Any) -> Any:
    """The Starlette app of ``zongjie serve`` (see :func:`zongjie.web.app.create_app`)."""
    from .app import create_app as make

    return make(*args, **kwargs)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost (only this computer can connect)."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
