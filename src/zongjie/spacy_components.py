"""spaCy components over :class:`zongjie.pipeline.Pipeline`: figures as spans, sections as spans and cats.

Registered by name (``@Language.factory``) and through the ``spacy_factories`` entry point, so
after ``pip install zongjie`` this works without importing zongjie::

    import spacy
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "zongjie.ChineseTokenizer.v1"}}})
    nlp.add_pipe("zongjie_figures")
    nlp.add_pipe("zongjie_sections")          # config={"model": "models/"} for another section model
    doc = nlp(text)

Both components read one :class:`~zongjie.pipeline.Analysis` of ``doc.text``: the first zongjie
component of the pipeline computes it (with the section model of the sections component, if the
pipeline has one) and leaves it in ``doc.user_data`` for the later one, which takes it out again.
Offsets are character offsets of ``doc.text``, turned into token spans with
``doc.char_span(start, end, alignment_mode="expand")``. Extension attributes are all ``zj_*``.

``zongjie_figures``
    ``doc.spans["figures"]``: one span per figure outside noise blocks, labelled by kind in upper
    case (``COUNT``, ``MONEY``, ``PERCENT``, ``DATE``, ``ORDINAL``, ``OTHER``), with ``span._.zj_value``
    (yuan for money, ISO-like strings for dates, None for a placeholder), ``zj_values`` (a range or
    list), ``zj_unit``, ``zj_kind``, ``zj_placeholder``, ``zj_approx``, ``zj_subject``.
``zongjie_sections``
    ``doc.spans["sections"]``: one span per heading or paragraph (noise blocks left out), labelled
    with its section id, with ``span._.zj_name`` (Chinese name), ``zj_confidence``, ``zj_scores``
    (every section, summing to 1), ``zj_role`` (title, body, chrome), ``zj_part`` (summary, plan),
    ``zj_topic`` (the topic of a plan item) and ``zj_doc`` (which document of the text).
    ``doc._.zj_structure``: one dict per document (genre, title, character offsets of its start,
    end, body and plan part). ``doc.cats``: the share of the text in each section, every block's
    section scores weighted by its length (summing to 1; all zeros for an empty text).
    The section model is saved with the pipeline (``nlp.to_disk``) and read back by ``spacy.load``.

With spaCy's jieba Chinese tokenizer, the components switch its segmenter to zongjie's own
``jieba.Tokenizer`` with the union dictionary (:func:`zongjie.lexicon.tokenizer`), so 职代会,
金秋助学 ... stay one token. The global ``jieba`` (``jieba.cut``) is never changed.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Optional, Union

import srsly
from spacy.lang.zh import ChineseTokenizer
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from .errors import ModelError, ZongjieError

if TYPE_CHECKING:  # pragma: no cover
    from .classify.model import SectionModel
    from .pipeline import Analysis, DocAnalysis

__all__ = ["FiguresComponent", "SectionsComponent", "UnionTokenizer", "load", "register_extensions",
           "use_union_lexicon"]

FIGURE_ATTRS = ("zj_value", "zj_values", "zj_unit", "zj_kind", "zj_placeholder", "zj_approx", "zj_subject")
SECTION_ATTRS = ("zj_name", "zj_confidence", "zj_scores", "zj_role", "zj_part", "zj_topic", "zj_doc")
DOC_ATTRS = ("zj_structure",)
HELD_KEY = "zongjie.analysis"  # doc.user_data key of the analysis between the first and last component


def register_extensions() -> None:
    """Register ``span._.zj_*`` and ``doc._.zj_structure`` as plain attributes (default None).

    A name already registered the same way is reused; one registered by other code with a default,
    getter, setter or method raises :class:`~zongjie.errors.ZongjieError` rather than being shared.
    """
    for cls, names in ((Span, FIGURE_ATTRS + SECTION_ATTRS), (Doc, DOC_ATTRS)):
        for name in names:
            if not cls.has_extension(name):
                cls.set_extension(name, default=None)
            elif any(part is not None for part in cls.get_extension(name)):
                raise ZongjieError(f"{cls.__name__.lower()}._.{name} is already registered by other code "
                                   f"with a default, getter or method; zongjie's spaCy components need it free")


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


class _Held(dict):
    """An analysis in ``doc.user_data``, with what it was computed for (the sections component, figures).

    It is an empty dict to msgpack, pickle and copy: a Doc serialised or copied while holding one
    (``doc.to_bytes()``, ``DocBin``, ``doc.copy()``) holds ``{}``, which no component takes for an
    analysis (and the pipeline the component belongs to is never copied along)."""

    __slots__ = ("analysis", "sections", "figures")

    def __init__(self, analysis: "Analysis", sections: Optional["SectionsComponent"], figures: bool) -> None:
        super().__init__()
        self.analysis, self.sections, self.figures = analysis, sections, figures

    def __reduce__(self) -> tuple[type, tuple[()]]:
        return dict, ()


class _Component:
    """What both components share: the pipeline they are part of and the one analysis per Doc."""

    def __init__(self, nlp: Language, name: str, spans_key: str, union_lexicon: bool) -> None:
        self.nlp = nlp  # read at call time: which zongjie components run after this one
        self.name = name
        self.spans_key = spans_key
        register_extensions()
        if union_lexicon:
            use_union_lexicon(nlp)

    def _serves(self, held: _Held) -> bool:
        raise NotImplementedError

    def _analysis(self, doc: Doc) -> "Analysis":
        """The analysis of ``doc.text``: the one an earlier component left, else a new one.

        It is left in ``doc.user_data`` only when a zongjie component runs later in ``self.nlp``."""
        procs = [proc for _, proc in self.nlp.pipeline]
        here = next((i for i, proc in enumerate(procs) if proc is self), len(procs))
        later = [proc for proc in procs[here + 1:] if isinstance(proc, _Component)]
        held = doc.user_data.pop(HELD_KEY, None)
        if not (isinstance(held, _Held) and held.analysis.text == doc.text and self._serves(held)):
            from .pipeline import Pipeline

            sections = self if isinstance(self, SectionsComponent) else next(
                (proc for proc in later if isinstance(proc, SectionsComponent)), None)
            figures = any(isinstance(proc, FiguresComponent) for proc in [self, *later])
            pipeline = Pipeline(sections.section_model if sections else None, sections=sections is not None,
                                figures=figures)
            held = _Held(pipeline.analyse(doc.text), sections, figures)
        if later:
            doc.user_data[HELD_KEY] = held
        return held.analysis


class FiguresComponent(_Component):
    """Figures of ``doc.text`` as ``doc.spans[spans_key]``, labelled by kind."""

    def __init__(self, nlp: Language, name: str = "zongjie_figures", spans_key: str = "figures",
                 union_lexicon: bool = True) -> None:
        super().__init__(nlp, name, spans_key, union_lexicon)

    def _serves(self, held: _Held) -> bool:
        return held.figures

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for f in self._analysis(doc).figures:
            span = doc.char_span(f.start, f.end, label=f.kind.upper(), alignment_mode="expand")
            if span is None:
                continue
            span._.zj_value = f.date or (f.value if f.known else None)  # ISO text for a date, None: no number
            span._.zj_values = f.date.split("/") if "/" in f.date else [v if v == v else None for v in f.values]
            span._.zj_unit = f.unit
            span._.zj_kind = f.kind
            span._.zj_placeholder = f.placeholder
            span._.zj_approx = f.approx
            span._.zj_subject = f.subject
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


class SectionsComponent(_Component):
    """Sections per heading/paragraph as ``doc.spans[spans_key]``, text shares in ``doc.cats``,
    document structure in ``doc._.zj_structure``.

    ``model`` is a path to a section model (file or directory), None for the shipped one; it is read
    on first use. ``to_disk``/``from_disk`` (and the bytes pair) carry the model with the pipeline.
    """

    def __init__(self, nlp: Language, name: str = "zongjie_sections", spans_key: str = "sections",
                 model: Optional[str] = None, union_lexicon: bool = True) -> None:
        super().__init__(nlp, name, spans_key, union_lexicon)
        self.model_path = model
        self._model: Optional["SectionModel"] = None

    @property
    def labels(self) -> tuple[str, ...]:
        from .lang import section_ids

        return tuple(section_ids())

    @property
    def section_model(self) -> "SectionModel":
        """The section model: the one loaded from disk or bytes, else the configured path's (read once).

        Not called ``model``: spaCy takes a component's ``model`` for a Thinc model and probes it."""
        if self._model is None:
            from .classify import load_model

            self._model = load_model(self.model_path)
        return self._model

    def _serves(self, held: _Held) -> bool:
        return held.sections is self

    def __call__(self, doc: Doc) -> Doc:
        analysis = self._analysis(doc)
        shares = dict.fromkeys(self.labels, 0.0)
        total = 0
        spans = []
        for da in analysis.documents:
            for lb in da.blocks:
                block = lb.block
                if block.kind == "noise":
                    continue
                weight = max(len(block.text), 1)
                total += weight
                scores = lb.scores or {lb.section: 1.0}
                norm = sum(scores.values()) or 1.0  # the classifier rounds its scores
                scores = {k: float(v) / norm for k, v in scores.items()}
                for sec, p in scores.items():
                    shares[sec] = shares.get(sec, 0.0) + weight * p
                span = doc.char_span(block.start, block.end, label=lb.section, alignment_mode="expand")
                if span is None:
                    continue
                span._.zj_name = lb.name
                span._.zj_confidence = float(lb.confidence)
                span._.zj_scores = scores
                span._.zj_role = lb.role
                span._.zj_part = lb.part
                span._.zj_topic = lb.topic
                span._.zj_doc = lb.doc
                spans.append(span)
        doc.cats = {k: (v / total if total else 0.0) for k, v in shares.items()}
        doc.spans[self.spans_key] = spans
        doc._.zj_structure = [_structure(da) for da in analysis.documents]
        return doc

    # -- serialisation: the model file travels with the pipeline (JSON lines, nothing executed) --

    def to_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = ()) -> None:
        """Write the section model into the component's directory ``path``."""
        if "model" not in exclude:
            self.section_model.save(path)

    def from_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = ()) -> "SectionsComponent":
        """Read the model ``to_disk`` wrote (a ModelError if it is missing or corrupt).

        A pipeline saved without this component's directory keeps the configured model."""
        from .classify import load_model

        if "model" not in exclude and Path(path).exists():
            self._model = load_model(path)
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """The model file's bytes, in a msgpack map (``{"model": bytes}``)."""
        msg: dict[str, bytes] = {}
        if "model" not in exclude:
            with tempfile.TemporaryDirectory() as tmp:
                msg["model"] = Path(self.section_model.save(tmp)).read_bytes()
        return srsly.msgpack_dumps(msg)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "SectionsComponent":
        """Read the model from ``to_bytes`` output (checked like a model file)."""
        from .classify.model import SectionModel

        msg = srsly.msgpack_loads(data)
        if "model" not in exclude and "model" in msg:
            with tempfile.TemporaryDirectory() as tmp:
                file = Path(tmp) / "model.jsonl"
                file.write_bytes(msg["model"])
                try:
                    self._model = SectionModel.load(file)
                except ModelError as err:  # name the bytes, not the temporary file
                    raise ModelError(str(err).replace(str(file), f"{self.name} bytes")) from None
        return self


def _structure(da: "DocAnalysis") -> dict[str, Any]:
    """A document's structure as plain data: genre, title and character offsets (None when absent)."""
    s = da.structure

    def start(index: Optional[int]) -> Optional[int]:
        return None if index is None else da.blocks[index].block.start

    return {"genre": s.genre, "title": da.title, "start": da.document.start, "end": da.document.end,
            "title_start": start(s.title), "body_start": start(s.body_start), "plan_start": start(s.plan_start)}


@Language.factory(
    "zongjie_figures",
    default_config={"spans_key": "figures", "union_lexicon": True},
    assigns=["doc.spans"] + [f"span._.{a}" for a in FIGURE_ATTRS],
)
def make_figures(nlp: Language, name: str, spans_key: str, union_lexicon: bool) -> FiguresComponent:
    return FiguresComponent(nlp, name, spans_key=spans_key, union_lexicon=union_lexicon)


@Language.factory(
    "zongjie_sections",
    default_config={"spans_key": "sections", "model": None, "union_lexicon": True},
    assigns=["doc.spans", "doc.cats", "doc._.zj_structure"] + [f"span._.{a}" for a in SECTION_ATTRS],
)
def make_sections(nlp: Language, name: str, spans_key: str, model: Optional[str],
                  union_lexicon: bool) -> SectionsComponent:
    return SectionsComponent(nlp, name, spans_key=spans_key, model=model, union_lexicon=union_lexicon)


def load(sections: bool = True, *, model: Union[str, Path, None] = None) -> Language:
    """A new pipeline, the caller's own: Chinese with zongjie's jieba lexicon, figures and sections.

    Every call builds a new ``Language`` (``load() is not load()``); the section model behind it is
    read once per process and shared read-only. ``sections=False`` leaves the sections component
    out (no section model is read); ``model`` is a path to another section model.
    """
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "zongjie.ChineseTokenizer.v1"}}})
    nlp.add_pipe("zongjie_figures")
    if sections:
        nlp.add_pipe("zongjie_sections", config={"model": None if model is None else str(model)})
    return nlp
