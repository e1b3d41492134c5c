"""zongjie (总结): read, segment, classify, extract figures from and draft Chinese trade-union work summaries.

The public API is small and loads lazily, so ``import zongjie`` does no I/O and imports no heavy module::

    import zongjie
    result = zongjie.analyse(zongjie.read_text("summary.txt").text)   # read -> segment -> sections, figures
    for doc in result.documents:
        print(doc.structure.genre, [(lb.section, lb.name) for lb in doc.blocks][:3])

The stages are modules of their own (``zongjie.read``, ``zongjie.segment``, ``zongjie.classify``,
``zongjie.figures``, ``zongjie.draft``); :mod:`zongjie.pipeline` is the one place that joins them.
Offsets everywhere are half-open ``[start, end)`` character offsets into the text as read.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> (module, attribute); resolved on first use (PEP 562). No name here equals a subpackage's name,
# so ``import zongjie.segment as m`` always gives the module.
_LAZY = {
    "read_text": ("zongjie.read", "read_text"),
    "decode_bytes": ("zongjie.read", "decode_bytes"),
    "analyse": ("zongjie.pipeline", "analyse"),
    "Pipeline": ("zongjie.pipeline", "Pipeline"),
    "Analysis": ("zongjie.pipeline", "Analysis"),
    "DocAnalysis": ("zongjie.pipeline", "DocAnalysis"),
    "extract_figures": ("zongjie.figures", "extract_figures"),
    "build_draft": ("zongjie.draft", "build_draft"),
    "load_facts": ("zongjie.draft", "load_facts"),
    "load": ("zongjie.spacy_components", "load"),
    "section_ids": ("zongjie.lang", "section_ids"),
    "section_name": ("zongjie.lang", "section_name"),
    "Block": ("zongjie.records", "Block"),
    "Document": ("zongjie.records", "Document"),
    "Segmentation": ("zongjie.records", "Segmentation"),
    "Sentence": ("zongjie.records", "Sentence"),
    "Figure": ("zongjie.records", "Figure"),
    "LabelledBlock": ("zongjie.records", "LabelledBlock"),
    "DocStructure": ("zongjie.records", "DocStructure"),
    "ReadResult": ("zongjie.records", "ReadResult"),
    "ZongjieError": ("zongjie.errors", "ZongjieError"),
    "InputError": ("zongjie.errors", "InputError"),
    "ModelError": ("zongjie.errors", "ModelError"),
}

__all__ = sorted(_LAZY) + ["__version__"]

if TYPE_CHECKING:  # pragma: no cover  (explicit re-exports, for mypy --strict users)
    from .draft import build_draft as build_draft, load_facts as load_facts
    from .errors import InputError as InputError, ModelError as ModelError, ZongjieError as ZongjieError
    from .figures import extract_figures as extract_figures
    from .lang import section_ids as section_ids, section_name as section_name
    from .pipeline import Analysis as Analysis, DocAnalysis as DocAnalysis, Pipeline as Pipeline
    from .pipeline import analyse as analyse
    from .read import decode_bytes as decode_bytes, read_text as read_text
    from .records import Block as Block, DocStructure as DocStructure, Document as Document
    from .records import Figure as Figure, LabelledBlock as LabelledBlock, ReadResult as ReadResult
    from .records import Segmentation as Segmentation, Sentence as Sentence
    from .spacy_components import load as load


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
