"""Corpus statistics: documents, paragraphs, characters, figures, counts per label, figure kind, org and genre.

Paragraphs are the non-noise blocks of each document's segmentation with their gold label
(see :meth:`AnnotatedDoc.labelled_blocks`), so the counts are what a classifier trains on.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

from ..lang import section_ids
from .loader import AnnotatedDoc

FIGURE_KINDS = ("count", "money", "percent", "date", "ordinal", "other")

ISSUE_BAR = {"documents": 60, "paragraphs": 1200, "figures": 600, "label": 60, "label_other": 30}
"""The corpus size asked for in issue 5: every label at least ``label`` paragraphs (``other`` at least ``label_other``)."""


@dataclass
class CorpusStats:
    """Counts over a corpus; ``labels`` and ``figure_kinds`` list every id, zero included."""

    documents: int = 0
    paragraphs: int = 0
    headings: int = 0
    characters: int = 0
    figures: int = 0
    labels: dict[str, int] = field(default_factory=dict)
    plan_topics: dict[str, int] = field(default_factory=dict)
    figure_kinds: dict[str, int] = field(default_factory=dict)
    orgs: dict[str, int] = field(default_factory=dict)
    genres: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents, "paragraphs": self.paragraphs, "headings": self.headings,
            "characters": self.characters, "figures": self.figures, "labels": dict(self.labels),
            "plan_topics": dict(self.plan_topics), "figure_kinds": dict(self.figure_kinds),
            "orgs": dict(self.orgs), "genres": dict(self.genres),
        }

    def shortfalls(self, bar: Optional[dict[str, int]] = None) -> list[str]:
        """What misses the issue's bar (empty when the corpus is large enough)."""
        bar = bar or ISSUE_BAR
        out = [f"{k}: {getattr(self, k)} < {bar[k]}" for k in ("documents", "paragraphs", "figures")
               if getattr(self, k) < bar[k]]
        for label, n in self.labels.items():
            need = bar["label_other"] if label == "other" else bar["label"]
            if n < need:
                out.append(f"label {label}: {n} < {need}")
        return out


def _sorted_counts(counter: Counter) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def corpus_stats(docs: Iterable[AnnotatedDoc], progress: Optional[Callable[[AnnotatedDoc], None]] = None) -> CorpusStats:
    """Count ``docs``; ``progress`` (if given) is called after each document."""
    labels: Counter = Counter({s: 0 for s in section_ids()})
    topics: Counter = Counter()
    kinds: Counter = Counter({k: 0 for k in FIGURE_KINDS})
    orgs: Counter = Counter()
    genres: Counter = Counter()
    st = CorpusStats()
    for doc in docs:
        st.documents += 1
        st.characters += len(doc.text)
        st.figures += len(doc.figures)
        kinds.update(str(f.get("kind")) for f in doc.figures)
        orgs[str(doc.meta.get("org") or "unknown")] += 1
        genres[str(doc.meta.get("genre") or "unknown")] += 1
        for lb in doc.labelled_blocks():
            st.paragraphs += 1
            st.headings += lb.block.kind == "heading"
            labels[lb.label] += 1
            if lb.label == "plans":
                topics[lb.topic or "none"] += 1
        if progress is not None:
            progress(doc)
    order = {s: i for i, s in enumerate(section_ids())}
    st.labels = dict(sorted(labels.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))
    st.plan_topics = _sorted_counts(topics)
    st.figure_kinds = {k: kinds[k] for k in FIGURE_KINDS} | {k: v for k, v in sorted(kinds.items()) if k not in FIGURE_KINDS}
    st.orgs = _sorted_counts(orgs)
    st.genres = _sorted_counts(genres)
    return st


def stats_table(st: CorpusStats) -> str:
    """The statistics as plain aligned text tables."""
    from ..output import table
    from ..lang import section_name

    parts = [table([("documents", st.documents), ("paragraphs", st.paragraphs), ("headings", st.headings),
                    ("characters", st.characters), ("figures", st.figures)], ("corpus", "count"))]

    def name(label: str) -> str:
        try:
            return section_name(label)
        except KeyError:
            return ""

    parts.append(table([(k, name(k), v) for k, v in st.labels.items()], ("label", "中文", "paragraphs")))
    parts.append(table(list(st.figure_kinds.items()), ("figure kind", "count")))
    parts.append(table(list(st.orgs.items()), ("org", "documents")))
    parts.append(table(list(st.genres.items()), ("genre", "documents")))
    short = st.shortfalls()
    parts.append("issue bar: met" if not short else "issue bar: missed (" + "; ".join(short) + ")")
    return "\n\n".join(parts)
