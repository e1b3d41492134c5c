"""spaCy components: figures as spans, sections as categories and spans.

Registered by name (``@Language.factory``) and through the ``spacy_factories`` entry point, so
after ``pip install zongjie`` this works without importing zongjie::

    import spacy
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "zongjie.ChineseTokenizer.v1"}}})
    nlp.add_pipe("zongjie_figures")
    nlp.add_pipe("zongjie_sections")
    doc = nlp(text)

What the components set (all offsets are the character offsets of ``doc.text``, turned into token
spans with ``doc.char_span(start, end, alignment_mode="expand")``):

``zongjie_figures``
    ``doc.spans["figures"]``: one span per figure outside noise blocks (page numbers, navigation),
    labelled by kind in upper case (``COUNT``, ``MONEY``, ``PERCENT``, ``DATE``, ``ORDINAL``,
    ``OTHER``); ``span._.value`` (yuan for money, ISO-like strings for dates, ``None`` for a
    placeholder), ``._.values`` (a range or list), ``._.unit``, ``._.placeholder``, ``._.approx``,
    ``._.subject``, ``._.kind``.
``zongjie_sections``
    ``doc.spans["sections"]``: one span per heading or paragraph, labelled with its section id
    (``welfare`` ...), with ``span._.section_scores`` (all sections), ``._.confidence`` and
    ``._.topic`` (plan topic, for plan items). ``doc.cats``: the share of the document's
    paragraph text in each section -- every block's section probabilities weighted by its length
    in characters, summing to 1 (an empty document has all zeros). This keeps the cats a
    property of the whole text and consistent with the per-paragraph spans, where scoring the
    whole text as one paragraph would hide a document's mix of sections.

Both components set the tokenizer up on first use: when the pipeline's tokenizer is spaCy's
Chinese tokenizer with the ``jieba`` segmenter, its segmenter is replaced by zongjie's own
``jieba.Tokenizer`` with the union dictionary (:func:`zongjie.lexicon.tokenizer`), so
职代会, 金秋助学 ... stay one token. The global ``jieba`` (``jieba.cut``) is never changed.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any, Optional

from spacy.lang.zh import ChineseTokenizer
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

if TYPE_CHECKING:  # pragma: no cover
    from .records import Segmentation

__all__ = ["FiguresComponent", "SectionsComponent", "UnionTokenizer", "load", "use_union_lexicon"]

FIGURE_ATTRS = ("value", "values", "unit", "placeholder", "approx", "subject", "kind")
SECTION_ATTRS = ("section_scores", "confidence", "topic")


def _register_extensions() -> None:
    for name in FIGURE_ATTRS + SECTION_ATTRS:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


@lru_cache(maxsize=8)
def _segment(text: str) -> "Segmentation":
    """One segmentation per text, shared by both components of a pipeline."""
    from .segment import segment

    return segment(text)


def use_union_lexicon(nlp: Language) -> bool:
    """Make ``nlp``'s jieba-based Chinese tokenizer use zongjie's private jieba Tokenizer.

    Returns True when the tokenizer was (or already is) switched. Other tokenizers (the ``char``
    or ``pkuseg`` segmenter, a custom tokenizer) are left alone. The global jieba is untouched.
    """
    from .lexicon import tokenizer

    tok = nlp.tokenizer
    if isinstance(tok, UnionTokenizer):
        return True
    if getattr(tok, "segmenter", None) != "jieba" or not hasattr(tok, "jieba_seg"):
        return False
    ours = tokenizer()
    if tok.jieba_seg is not ours:
        tok.jieba_seg = ours
    return True


class UnionTokenizer(ChineseTokenizer):
    """spaCy's Chinese jieba tokenizer over zongjie's private jieba Tokenizer (union terms whole).

    Registered as ``zongjie.ChineseTokenizer.v1`` in spaCy's tokenizers registry (and entry point),
    so a pipeline saved with it loads again by name. The global jieba is never initialised or changed.
    """

    def __init__(self, vocab: Any) -> None:  # no super().__init__: it would initialise the global jieba
        self.vocab = vocab
        self.segmenter = "jieba"
        self.pkuseg_seg = None

    @property
    def jieba_seg(self) -> Any:  # type: ignore[override]
        from .lexicon import tokenizer

        return tokenizer()


@registry.tokenizers("zongjie.ChineseTokenizer.v1")
def create_union_tokenizer() -> Any:
    def make(nlp: Language) -> UnionTokenizer:
        return UnionTokenizer(nlp.vocab)

    return make


class FiguresComponent:
    """Figures of ``doc.text`` as ``doc.spans[spans_key]``, labelled by kind."""

    def __init__(self, nlp: Language, name: str = "zongjie_figures", spans_key: str = "figures",
                 union_lexicon: bool = True) -> None:
        self.name = name
        self.spans_key = spans_key
        _register_extensions()
        if union_lexicon:
            use_union_lexicon(nlp)

    def __call__(self, doc: Doc) -> Doc:
        from .pipeline import figures_by_block

        spans = []
        for bf in figures_by_block(_segment(doc.text)):
            f = bf.figure
            span = doc.char_span(f.start, f.end, label=f.kind.upper(), alignment_mode="expand")
            if span is None:
                continue
            span._.value = f.value
            span._.values = list(f.values)
            span._.unit = f.unit
            span._.placeholder = f.placeholder
            span._.approx = f.approx
            span._.subject = f.subject
            span._.kind = f.kind
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


class SectionsComponent:
    """Sections per heading/paragraph as ``doc.spans[spans_key]``; text shares in ``doc.cats``."""

    def __init__(self, nlp: Language, name: str = "zongjie_sections", spans_key: str = "sections",
                 model: Optional[str] = None, union_lexicon: bool = True) -> None:
        from .sections import section_ids

        self.name = name
        self.spans_key = spans_key
        self.model = model
        self.labels = section_ids()
        _register_extensions()
        if union_lexicon:
            use_union_lexicon(nlp)

    def __call__(self, doc: Doc) -> Doc:
        from .batch import classify_segmentation

        labelled = classify_segmentation(_segment(doc.text), self.model)
        shares = dict.fromkeys(self.labels, 0.0)
        total = 0
        spans = []
        for lab in labelled:
            block = lab.block
            weight = max(len(block.text), 1)
            total += weight
            scores = lab.scores or {lab.section: 1.0}
            norm = sum(scores.values()) or 1.0  # the classifier rounds its scores
            for sec, p in scores.items():
                shares[sec] = shares.get(sec, 0.0) + weight * float(p) / norm
            span = doc.char_span(block.start, block.end, label=lab.section, alignment_mode="expand")
            if span is None:
                continue
            span._.section_scores = {k: float(v) for k, v in scores.items()}
            span._.confidence = float(lab.confidence)
            span._.topic = lab.topic
            spans.append(span)
        doc.cats = {k: (v / total if total else 0.0) for k, v in shares.items()}
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory(
    "zongjie_figures",
    default_config={"spans_key": "figures", "union_lexicon": True},
    assigns=["doc.spans"],
)
def make_figures(nlp: Language, name: str, spans_key: str, union_lexicon: bool) -> FiguresComponent:
    return FiguresComponent(nlp, name, spans_key=spans_key, union_lexicon=union_lexicon)


@Language.factory(
    "zongjie_sections",
    default_config={"spans_key": "sections", "model": None, "union_lexicon": True},
    assigns=["doc.spans", "doc.cats"],
)
def make_sections(nlp: Language, name: str, spans_key: str, model: Optional[str],
                  union_lexicon: bool) -> SectionsComponent:
    return SectionsComponent(nlp, name, spans_key=spans_key, model=model, union_lexicon=union_lexicon)


_PIPELINE: Optional[Language] = None


def load(sections: bool = True) -> Language:
    """A ready-made pipeline: Chinese with zongjie's jieba lexicon, figures and sections.

    Built once per process and reused (``zongjie.load() is zongjie.load()`` for the default);
    ``sections=False`` builds a new figures-only pipeline that needs no section model.
    """
    global _PIPELINE
    if sections and _PIPELINE is not None:
        return _PIPELINE
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "zongjie.ChineseTokenizer.v1"}}})
    nlp.add_pipe("zongjie_figures")
    if sections:
        nlp.add_pipe("zongjie_sections")
        _PIPELINE = nlp
    return nlp

