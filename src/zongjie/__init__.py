"""zongjie (总结): read, segment, classify, extract figures from and draft Chinese trade-union work summaries.

The public API is small and loads lazily, so ``import zongjie`` does no I/O and imports
no heavy module::

    import zongjie
    read = zongjie.read_text("summary.txt")          # text + encoding
    seg = zongjie.segment(read.text)                 # documents -> blocks -> sentences
    figures = zongjie.extract_figures(read.text)     # counts, money, percents, dates
    labels = zongjie.classify(seg)                   # a section for every paragraph

Offsets everywhere are half-open ``[start, end)`` character offsets into the text as read.
"""

from __future__ import annotations

import sys
import types
from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> (module, attribute); resolved on first use (PEP 562)
_LAZY = {
    "read_text": ("zongjie.read", "read_text"),
    "decode_bytes": ("zongjie.read", "decode_bytes"),
    "segment": ("zongjie.segment", "segment"),
    "extract_figures": ("zongjie.figures", "extract_figures"),
    "classify": ("zongjie.classify", "classify"),
    "draft": ("zongjie.draft", "build_draft"),
    "load_facts": ("zongjie.draft", "load_facts"),
    "load": ("zongjie.spacy_components", "load"),
    "section_ids": ("zongjie.sections", "section_ids"),
    "section_name": ("zongjie.sections", "section_name"),
    "Block": ("zongjie.records", "Block"),
    "Document": ("zongjie.records", "Document"),
    "Segmentation": ("zongjie.records", "Segmentation"),
    "Sentence": ("zongjie.records", "Sentence"),
    "Figure": ("zongjie.records", "Figure"),
    "LabelledBlock": ("zongjie.records", "LabelledBlock"),
    "DocStructure": ("zongjie.records", "DocStructure"),
    "Analysis": ("zongjie.pipeline", "Analysis"),
    "DocAnalysis": ("zongjie.pipeline", "DocAnalysis"),
    "Pipeline": ("zongjie.pipeline", "Pipeline"),
    "analyse": ("zongjie.pipeline", "analyse"),
    "ReadResult": ("zongjie.records", "ReadResult"),
    "ZongjieError": ("zongjie.errors", "ZongjieError"),
    "InputError": ("zongjie.errors", "InputError"),
    "ModelError": ("zongjie.errors", "ModelError"),
}

__all__ = sorted(_LAZY) + ["__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from .classify import classify
    from .draft import build_draft as draft, load_facts
    from .errors import InputError, ModelError, ZongjieError
    from .figures import extract_figures
    from .spacy_components import load
    from .read import decode_bytes, read_text
    from .segment import segment
    from .sections import section_ids, section_name
    from .records import Block, Document, Figure, LabelledBlock, DocStructure, ReadResult, Segmentation, Sentence


# Functions named like their subpackage (zongjie.segment, .classify, .draft): importing the subpackage
# makes Python bind the module on the package, which would hide the function. The package keeps
# the function; the modules stay importable as usual (``from zongjie.segment import segment``).
_SHADOWED = frozenset(name for name, (module, _attr) in _LAZY.items() if module == f"zongjie.{name}")


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'zongjie' has no attribute {name!r}") from None
    value = getattr(import_module(module), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
