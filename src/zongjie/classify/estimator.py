"""The section classifier as a scikit-learn style estimator: section = role x part x topic.

A block's section is not one decision but three, each made where the evidence is:

1. **role** (chrome / title / body), from structure features (:mod:`zongjie.structure.features`),
   decoded over the document with learned transitions (Viterbi);
2. **part** (summary / plan), a property of the document: a tense model (character n-grams plus
   structure) scores every body block, a genre model (summary, plan, or mixed) reads those scores with
   the title and cue words, and the plan part is the contiguous tail the genre implies
   (:mod:`zongjie.structure.decode`);
3. **topic** (overview, organization ... problems), from the n-grams of the block and its enclosing
   heading; one topic model is trained on summary and plan paragraphs alike, since plan paragraphs carry
   a topic too. Topics of the summary part are decoded with learned transitions.

Then chrome is ``other``, a title ``overview``, a plan-part block ``plans`` (its topic kept as the plan
topic), and any other block its topic. Hyper-parameters are constructor arguments validated in one place
(``_parameter_constraints``); what is learned exists only after :meth:`fit` and ends in ``_``.
"""

from __future__ import annotations

import inspect
from numbers import Integral, Real
from typing import Any, NamedTuple, Optional, Sequence

import numpy as np

from ..lang import section_ids, topical_sections
from ..structure import decode
from ..structure import features as sf
from . import linear
from .features import CharNgrams, DocInput, SparseRows

from .decisions import ROLES, TOPICS, Decision, genre_of, gold_states, heads_plan_part, plan_cue, transitions


class TextScores(NamedTuple):
    """The n-gram parts of one document's tense and topic logits (``None`` where a layer has no text part)."""

    tense: Optional[np.ndarray]
    topic: Optional[np.ndarray]


LONG_BODY = 400  # characters: page chrome is short; a block this long is text of the document


class SectionClassifier:
    """Role x part x topic section classifier over :class:`~zongjie.classify.features.DocInput` documents."""

    def __init__(self, *, min_df: int = 3, max_features: Optional[int] = 60000, C_role: float = 30.0,
                 C_tense: float = 3.0, C_genre: float = 3.0, C_topic: float = 30.0, heading_weight: float = 1.0,
                 topic_struct_weight: float = 0.25, tense_struct_weight: float = 0.0,
                 role_transition_weight: float = 1.0, topic_transition_weight: float = 0.3,
                 smoothing: float = 0.5, split_bonus: float = 2.0, inner_folds: int = 5,
                 drop_features: tuple[str, ...] = ("rel_pos", "last", "last3", "doc_n_log"), slot_prior: bool = True,
                 uncued_split: float = 6.0, genre_class_weight: Optional[str] = "balanced",
                 split_weight: float = 1.0, heading_children_weight: float = 1.0) -> None:
        self.min_df = min_df
        self.max_features = max_features
        self.C_role = C_role
        self.C_tense = C_tense
        self.C_genre = C_genre
        self.C_topic = C_topic
        self.heading_weight = heading_weight
        self.topic_struct_weight = topic_struct_weight
        self.tense_struct_weight = tense_struct_weight
        self.role_transition_weight = role_transition_weight
        self.topic_transition_weight = topic_transition_weight
        self.smoothing = smoothing
        self.split_bonus = split_bonus
        self.inner_folds = inner_folds
        self.drop_features = drop_features
        self.slot_prior = slot_prior
        self.uncued_split = uncued_split
        self.genre_class_weight = genre_class_weight
        self.split_weight = split_weight
        self.heading_children_weight = heading_children_weight

    # -- parameters (the scikit-learn contract) -------------------------------------------------

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _PARAMS}

    def set_params(self, **params: Any) -> "SectionClassifier":
        for name, value in params.items():
            if name not in _PARAMS:
                raise ValueError(f"unknown parameter {name!r} of SectionClassifier")
            setattr(self, name, value)
        return self

    def _validate_params(self) -> None:
        from sklearn.utils._param_validation import Interval, StrOptions, validate_parameter_constraints

        positive = [Interval(Real, 0, None, closed="neither")]
        non_negative = [Interval(Real, 0, None, closed="left")]
        constraints = {
            "min_df": [Interval(Integral, 1, None, closed="left")],
            "max_features": [Interval(Integral, 1, None, closed="left"), None],
            "C_role": positive, "C_tense": positive, "C_genre": positive, "C_topic": positive,
            "heading_weight": non_negative, "topic_struct_weight": non_negative,
            "tense_struct_weight": non_negative, "role_transition_weight": non_negative,
            "topic_transition_weight": non_negative, "smoothing": positive, "split_bonus": non_negative,
            "inner_folds": [Interval(Integral, 2, None, closed="left")], "drop_features": [tuple],
            "slot_prior": ["boolean"], "uncued_split": non_negative,
            "genre_class_weight": [StrOptions({"balanced"}), None], "split_weight": non_negative,
            "heading_children_weight": non_negative,
        }
        validate_parameter_constraints(constraints, self.get_params(), caller_name=type(self).__name__)
        unknown = set(self.drop_features) - set(sf.NAMES)
        if unknown:
            raise ValueError(f"drop_features names unknown structure features: {sorted(unknown)}")

    def __repr__(self) -> str:
        changed = {k: v for k, v in self.get_params().items() if v != _DEFAULTS[k]}
        return f"SectionClassifier({', '.join(f'{k}={v!r}' for k, v in changed.items())})"

    # -- fitting --------------------------------------------------------------------------------

    def fit(self, docs: Sequence[DocInput], labels: Sequence[Sequence[str]],
            topics: Sequence[Sequence[Optional[str]]], groups: Optional[Sequence[Any]] = None) -> "SectionClassifier":
        """Learn from documents with a section label (and plan topic) per block. ``groups`` (one per
        document) keep related documents in one fold of the inner cross-validation that feeds the genre
        model with out-of-fold tense scores (default: each document its own group).

        BLAS and OpenMP run on one thread while fitting: OpenBLAS sums in an order that depends on its
        thread count, so otherwise the same corpus gives other weights on a 1-core and a 2-core machine
        (and one thread is the faster here: the matrices are small)."""
        import sklearn.linear_model  # noqa: F401  (loads scipy's own OpenBLAS first: limits cover loaded ones)
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1):
            return self._fit(docs, labels, topics, groups)

    def _fit(self, docs: Sequence[DocInput], labels: Sequence[Sequence[str]],
             topics: Sequence[Sequence[Optional[str]]], groups: Optional[Sequence[Any]]) -> "SectionClassifier":
        self._validate_params()
        states = [gold_states(d, y, t) for d, y, t in zip(docs, labels, topics)]
        self.feature_names_ = sf.NAMES
        self.keep_ = np.array([0.0 if n in self.drop_features else 1.0 for n in sf.NAMES])
        body_texts = [v for d, (r, _, _) in zip(docs, states) for v, role in zip(d.masked, r) if role == "body"]
        self.vectorizer_ = CharNgrams.fit(body_texts, min_df=self.min_df, max_features=self.max_features)
        self._fit_roles(docs, states)
        self.tense_ = self._fit_tense(docs, states)
        self._fit_genre(docs, states, groups)
        self._fit_topics(docs, states)
        return self

    def _dense(self, doc: DocInput) -> np.ndarray:
        return doc.struct * self.keep_

    def _fit_roles(self, docs: Sequence[DocInput], states: list) -> None:
        X = np.vstack([self._dense(d) for d in docs])
        y = [r for roles, _, _ in states for r in roles]
        self.roles_ = linear.fit(X, y, self.C_role, dense=X.shape[1])
        self.role_transitions_, self.role_starts_ = transitions([s[0] for s in states], ROLES, self.smoothing)

    def _tense_rows(self, docs: Sequence[DocInput], states: list):
        texts, dense, y = [], [], []
        for d, (roles, parts, _) in zip(docs, states):
            for j, role in enumerate(roles):
                if role == "body":
                    texts.append(d.masked[j]); dense.append(self._dense(d)[j]); y.append(parts[j])
        return texts, np.array(dense).reshape(len(dense), len(sf.NAMES)), y

    def _fit_tense(self, docs: Sequence[DocInput], states: list) -> linear.Linear:
        texts, dense, y = self._tense_rows(docs, states)
        X = linear.design(self.vectorizer_, dense * self.tense_struct_weight, texts)
        return linear.fit(X, y, self.C_tense, vocab=self.vectorizer_.size, dense=dense.shape[1])

    def _fit_genre(self, docs: Sequence[DocInput], states: list, groups: Optional[Sequence[Any]]) -> None:
        """The genre model, trained on out-of-fold tense scores (as they will be at prediction time)."""
        from sklearn.model_selection import GroupKFold

        groups = list(range(len(docs))) if groups is None else list(groups)
        folds = min(self.inner_folds, len(set(groups)))
        odds: list[Optional[np.ndarray]] = [None] * len(docs)
        if folds >= 2:
            for tr, te in GroupKFold(n_splits=folds).split(np.zeros(len(docs)), groups=groups):
                tense = self._fit_tense([docs[i] for i in tr], [states[i] for i in tr])
                for i in te:
                    odds[i] = self._log_odds(docs[i], tense)
        X, y = [], []
        for i, (d, (roles, parts, _)) in enumerate(zip(docs, states)):
            if "body" not in roles:
                continue
            lo = odds[i] if odds[i] is not None else self._log_odds(d, self.tense_)
            X.append(self._genre_features(d, lo, roles)); y.append(genre_of(roles, parts))
        X = np.array(X)
        self.genre_ = linear.fit(X, y, self.C_genre, dense=X.shape[1], class_weight=self.genre_class_weight)

    def _fit_topics(self, docs: Sequence[DocInput], states: list) -> None:
        texts, heads, dense, y, seqs = [], [], [], [], []
        for d, (roles, parts, tops) in zip(docs, states):
            hv = d.masked_headings()
            seq = []
            for j, (role, t) in enumerate(zip(roles, tops)):
                if role == "body" and t in TOPICS:
                    texts.append(d.masked[j]); heads.append(hv[j]); dense.append(self._dense(d)[j])
                    y.append(t)
                    if parts[j] == "summary":
                        seq.append(t)
            seqs.append(seq)
        dense_a = np.array(dense) * self.topic_struct_weight
        X = linear.design(self.vectorizer_, dense_a, texts, heads, self.heading_weight)
        self.topics_ = linear.fit(X, y, self.C_topic, vocab=self.vectorizer_.size,
                                  heading=self.heading_weight > 0, dense=dense_a.shape[1])
        self.topic_transitions_, _ = transitions(seqs, TOPICS, self.smoothing)

    # -- prediction -----------------------------------------------------------------------------

    def text_scores(self, docs: Sequence[DocInput]) -> list[TextScores]:
        """The n-gram parts of the tense and topic scores of every block of ``docs``, computed in one pass
        over all their texts (one tf-idf matrix, one product with the stacked weights), then cut per document.

        The heading term of a block is the heading's own text row times the heading weights, so it is
        looked up by the block's heading index instead of being transformed again."""
        self._check_fitted()
        texts = [t for d in docs for t in d.masked]
        tense, topics = self.tense_, self.topics_
        parts = [w for w in (tense.text, topics.text, topics.heading) if w is not None]
        if not texts or not parts:
            return [TextScores(None, None) for _ in docs]
        z = self.vectorizer_.matrix(texts).dot(np.hstack(parts))
        k_tense = tense.text.shape[1] if tense.text is not None else 0
        k_topic = topics.text.shape[1] if topics.text is not None else 0
        out, pos = [], 0
        for d in docs:
            zd = z[pos:pos + d.n]
            tz = zd[:, :k_tense] if tense.text is not None else None
            pz = zd[:, k_tense:k_tense + k_topic] if topics.text is not None else None
            if topics.heading is not None and self.heading_weight:
                hz = zd[:, k_tense + k_topic:]
                idx = np.asarray(d.heading_of, dtype=np.int64)
                head = np.where((idx >= 0)[:, None], hz[np.maximum(idx, 0)], 0.0) if d.n else hz
                pz = self.heading_weight * head if pz is None else pz + self.heading_weight * head
            out.append(TextScores(tz, pz))
            pos += d.n
        return out

    def _log_odds(self, doc: DocInput, tense: linear.Linear, text: Optional[SparseRows] = None,
                  scores: Optional[TextScores] = None) -> np.ndarray:
        if scores is not None and scores.tense is not None:
            p = tense.proba(self._dense(doc) * self.tense_struct_weight, extra=scores.tense)
            p_plan = np.clip(p[:, tense.classes.index("plan")] if "plan" in tense.classes else np.zeros(doc.n),
                             1e-6, 1 - 1e-6)
            return np.log(p_plan) - np.log1p(-p_plan)
        if text is None:
            text = self.vectorizer_.matrix(doc.masked)
        p = tense.proba(self._dense(doc) * self.tense_struct_weight, text)
        p_plan = np.clip(p[:, tense.classes.index("plan")] if "plan" in tense.classes else np.zeros(doc.n), 1e-6, 1 - 1e-6)
        return np.log(p_plan) - np.log1p(-p_plan)

    def _genre_features(self, doc: DocInput, log_odds: np.ndarray, roles: Sequence[str]) -> list[float]:
        c, X = sf.COL, doc.struct
        body = [j for j, r in enumerate(roles) if r == "body"] or list(range(doc.n))
        w = np.array([min(len(doc.views[j]), 300) for j in body], dtype=float) + 1.0
        lo = log_odds[body]
        first = body[:3]
        return [
            float((lo * w).sum() / w.sum()), float(np.median(lo)), float((lo > 0).mean()), float(lo[:3].mean()),
            float(lo[-3:].mean()), X[0, c["doc_title_plan"]], X[0, c["doc_title_summary"]],
            float(X[body, c["plan_heading"]].max()), float(X[body, c["plan_intro"]].max()),
            float(X[body, c["plan_section"]].max()), float(X[first, c["summary_opener"]].max()),
            float(X[first, c["plan_opener"]].max()), float(X[body, c["figures"]].mean()),
            float(X[body, c["past"]].mean()), float(X[body, c["future"]].mean()), 1.0,
        ]

    def decide_all(self, docs: Sequence[DocInput]) -> list[Decision]:
        """:meth:`decide` for every document of ``docs``, the n-gram scores computed for all at once."""
        return [self.decide(d, ts) for d, ts in zip(docs, self.text_scores(docs))]

    def decide(self, doc: DocInput, scores: Optional[TextScores] = None) -> Decision:
        """Roles, parts, topics and sections of one document's blocks (``scores``: its
        :meth:`text_scores`, computed here when not given)."""
        self._check_fitted()
        n = doc.n
        if n == 0:
            return Decision([], [], [], [], np.zeros((0, len(_SECTIONS))), "empty", None)
        role_p = self.roles_.proba(self._dense(doc))[:, [self.roles_.classes.index(r) for r in ROLES]]
        path = decode.viterbi(np.log(role_p + 1e-9), self.role_transition_weight * self.role_transitions_,
                              self.role_transition_weight * self.role_starts_)
        roles = [ROLES[k] for k in path]
        if self.slot_prior:
            roles = self._slot_rule(doc, roles)
        roles = ["body" if r == "chrome" and len(doc.views[j]) > LONG_BODY else r for j, r in enumerate(roles)]
        # nor is a block longer than any title a title (an unpunctuated first paragraph)
        roles = ["body" if r == "title" and doc.struct[j, sf.COL["len_gt80"]] else r for j, r in enumerate(roles)]
        if scores is None:
            scores = self.text_scores([doc])[0]
        genre, start, body = self._part(doc, roles, scores)
        parts = ["summary"] * n
        for k, j in enumerate(body):
            if k >= start:
                parts[j] = "plan"
        if genre == "mixed":  # the signature and date after a plan part close the whole document
            c = sf.COL
            tail = decode.closing_lines([bool(doc.struct[j, c["signature_line"]] or doc.struct[j, c["date_line"]])
                                         for j in range(n)])
            for j in range(n - tail, n):
                parts[j] = "summary"
        topic_p = self._topic_proba(doc, scores)
        if self.heading_children_weight > 0:
            topic_p = self._headings_agree(doc, topic_p, roles)
        topics = self._decode_topics(topic_p, roles, parts)
        return self._assemble(doc, roles, parts, topics, role_p, topic_p, genre, body[start] if start < len(body) else None)

    def _slot_rule(self, doc: DocInput, roles: list[str]) -> list[str]:
        c, X = sf.COL, doc.struct
        start = sf.body_start(X)
        out = list(roles)
        for j in range(min(start, doc.n)):
            if X[j, c["title_slot"]] or self._marked_title_over_slot(doc, j):
                out[j] = "title"
            elif out[j] == "title" and not (X[j, c["speech"]] or X[j, c["date_line"]] or X[j, c["title_genre"]]):
                out[j] = "chrome"
        return out

    @staticmethod
    def _marked_title_over_slot(doc: DocInput, j: int) -> bool:
        """A ``……篇三`` line right above the title slot that does not say the same title: both are titles."""
        c, X = sf.COL, doc.struct
        if j + 1 >= doc.n or not X[j + 1, c["title_slot"]] or not (X[j, c["marker"]] or X[j, c["marker_cue"]]):
            return False
        if X[j, c["title_listing"]] or X[j, c["len_gt80"]]:
            return False
        mine, nxt = sf.line_key(doc.views[j]), sf.line_key(doc.views[j + 1])
        return bool(nxt) and nxt[:8] not in mine

    def _part(self, doc: DocInput, roles: list[str], scores: TextScores) -> tuple[str, int, list[int]]:
        body = [j for j, r in enumerate(roles) if r == "body"]
        if not body:
            return "summary", 0, body
        lo = self._log_odds(doc, self.tense_, scores=scores)
        gp = self.genre_.proba(np.array([self._genre_features(doc, lo, roles)]))[0]
        genre = self.genre_.classes[int(gp.argmax())]
        c, X = sf.COL, doc.struct
        bonus = [self.split_bonus * (X[j, c["plan_heading"]] + X[j, c["plan_intro"]] + X[j, c["plan_start"]]
                                     + 0.5 * X[j, c["plan_turn"]]) for j in body]
        if self.split_weight > 0:
            logp = {g: float(np.log(p + 1e-9)) for g, p in zip(self.genre_.classes, gp)}
            if not plan_cue(X[body]):
                logp["plan"] = -np.inf
            genre, start = decode.genre_and_start(logp, lo[body], bonus, self.split_weight, self.uncued_split)
            return genre, start, body
        return genre, decode.plan_start(genre, lo[body], bonus, uncued=self.uncued_split), body

    def _topic_proba(self, doc: DocInput, scores: TextScores) -> np.ndarray:
        p = self.topics_.proba(self._dense(doc) * self.topic_struct_weight, extra=scores.topic)
        out = np.zeros((doc.n, len(TOPICS)))
        for k, t in enumerate(self.topics_.classes):
            out[:, TOPICS.index(t)] = p[:, k]
        return out

    def _headings_agree(self, doc: DocInput, topic_p: np.ndarray, roles: Sequence[str]) -> np.ndarray:
        """A heading takes the topic of what it heads: its topic scores mixed with the length-weighted mean
        of its children's (deepest headings first, so a sub-heading's own mix feeds its parent)."""
        out = topic_p.copy()
        children: dict[int, list[int]] = {}
        for j, h in enumerate(doc.heading_of):
            if h >= 0 and roles[j] == "body":
                children.setdefault(h, []).append(j)
        for h in sorted(children, reverse=True):
            if roles[h] != "body":
                continue
            kids = children[h]
            w = np.array([min(len(doc.views[j]), 300) + 1.0 for j in kids])
            mean = (out[kids] * w[:, None]).sum(axis=0) / w.sum()
            mixed = out[h] + self.heading_children_weight * mean
            out[h] = mixed / mixed.sum()
        return out

    def _decode_topics(self, topic_p: np.ndarray, roles: list[str], parts: list[str]) -> list[Optional[str]]:
        summary = [j for j, (r, p) in enumerate(zip(roles, parts)) if r == "body" and p == "summary"]
        out: list[Optional[str]] = [TOPICS[int(k)] for k in topic_p.argmax(axis=1)]
        if summary:
            path = decode.viterbi(np.log(topic_p[summary] + 1e-9),
                                  self.topic_transition_weight * self.topic_transitions_, np.zeros(len(TOPICS)))
            for j, k in zip(summary, path):
                out[j] = TOPICS[k]
        return out

    def _assemble(self, doc: DocInput, roles, parts, topics, role_p, topic_p, genre, plan_start) -> Decision:
        ci = {s: k for k, s in enumerate(_SECTIONS)}
        topical = topical_sections()
        scores = np.zeros((doc.n, len(_SECTIONS)))
        plan = np.array([p == "plan" for p in parts], dtype=bool)
        scores[:, ci["other"]] += role_p[:, 0]
        scores[:, ci["overview"]] += role_p[:, 1]
        scores[:, ci["plans"]] += np.where(plan, role_p[:, 2], 0.0)
        summary_body = np.where(plan, 0.0, role_p[:, 2])[:, None] * topic_p
        for k, t in enumerate(TOPICS):
            scores[:, ci[t]] += summary_body[:, k]
        sections, plan_topics = [], []
        for j in range(doc.n):
            if roles[j] == "chrome":
                sections.append("other"); plan_topics.append(None)
            elif roles[j] == "title":
                sections.append("overview"); plan_topics.append(None)
            elif parts[j] == "plan":
                sections.append("plans")
                plan_topics.append(None if heads_plan_part(doc.struct[j], doc.blocks[j]) else
                                   max(topical, key=lambda t: topic_p[j, TOPICS.index(t)]))
            else:
                sections.append(topics[j] or "overview"); plan_topics.append(None)
        return Decision(roles, parts, plan_topics, sections, scores, genre, plan_start)

    def predict(self, docs: Sequence[DocInput]) -> list[list[str]]:
        """Section ids of every block of every document."""
        return [self.decide(d).sections for d in docs]

    def _check_fitted(self) -> None:
        if not hasattr(self, "roles_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("this SectionClassifier is not fitted yet; call fit or load a model")


_SECTIONS = section_ids()
_DEFAULTS = {name: p.default for name, p in inspect.signature(SectionClassifier.__init__).parameters.items()
             if name != "self"}
_PARAMS = tuple(_DEFAULTS)
