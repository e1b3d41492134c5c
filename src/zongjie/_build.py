"""Which modules this installation runs compiled (mypyc, see setup.py) and which as plain Python.

``COMPILED`` is the one list of the modules setup.py compiles (the segmenter and the figure finder: most
of the time of ``zongjie extract``). A compiled module is an extension module beside its ``.py``, and
Python imports it in place of the ``.py``: so an edited ``.py`` of an editable install does nothing until
the package is built again (``pip install -e .``); :func:`stale_modules` names those.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

COMPILED = (
    "zongjie.segment.lines",
    "zongjie.segment.segmenter",
    "zongjie.figures.numerals",
    "zongjie.figures.dates",
    "zongjie.figures.subject",
    "zongjie.figures.extract",
)


def compiled_modules() -> list[str]:
    """The modules of :data:`COMPILED` that are imported compiled here (an empty list: pure Python)."""
    return [name for name in COMPILED if not (importlib.import_module(name).__file__ or "").endswith(".py")]


def source_path(module: ModuleType) -> str:
    """The ``.py`` of a zongjie module, beside it whether it is imported compiled or not."""
    built = module.__file__ or ""
    return os.path.join(os.path.dirname(built), module.__name__.rsplit(".", 1)[1] + ".py")


def plain_copy(dest: str) -> str:
    """Copy this installation's ``zongjie`` package into ``dest`` without its extension modules (nor
    bytecode) and return ``dest``: with ``dest`` first on ``PYTHONPATH``, the same source runs as plain
    Python (how tests and benchmarks compare the two builds)."""
    import shutil

    pkg = os.path.dirname(os.path.abspath(__file__))
    shutil.copytree(pkg, os.path.join(dest, "zongjie"), ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd"))
    return dest


def editable() -> bool:
    """True when zongjie is installed editable (``pip install -e``, PEP 610's ``direct_url.json``): its
    modules are the checkout's files, which can change after the build. A wheel's files are written
    together, in any order of time."""
    import json
    from importlib import metadata

    try:
        info = json.loads(metadata.distribution("zongjie").read_text("direct_url.json") or "{}")
    except (metadata.PackageNotFoundError, ValueError):
        return False
    return bool(info.get("dir_info", {}).get("editable"))


def stale_modules() -> list[str]:
    """Compiled modules of an editable install whose ``.py`` beside them was changed after they were built
    (none in an installed wheel, where the ``.py`` and the extension come from the same build)."""
    if not editable():
        return []
    out = []
    for name in compiled_modules():
        module = importlib.import_module(name)
        built, source = module.__file__ or "", source_path(module)
        if os.path.exists(source) and os.path.getmtime(source) > os.path.getmtime(built):
            out.append(name)
    return out
