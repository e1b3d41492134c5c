"""Gold figures and scoring: load hand-annotated cases and score an extractor on them.

Three sources, all reduced to :class:`GoldDoc` (text + figure dicts with half-open offsets):
our own sentences (``tests/data/figures/*.jsonl``, authored in a small markup),
the seed file's figures (offsets + a hash of each surface, never the text), and the
corpus annotations (``corpus/docs/*.ann.jsonl``). Scores are span+kind P/R/F1 per kind
and overall, value accuracy and flag accuracy on span+kind matches.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

from .. import lang

KINDS = lang.figure_kinds()
_FIG = re.compile(r"\[\[(.*?)\]\]")


@dataclass
class GoldDoc:
    """One annotated text: ``figures`` are dicts with start, end, kind, value, unit, flags."""

    id: str
    text: str
    figures: list[dict[str, Any]] = field(default_factory=list)


def _value(raw: str, kind: str) -> tuple[Any, list[Any]]:
    vals: list[Any] = []
    for p in raw.split(";"):
        p = p.strip()
        if p in ("null", ""):
            vals.append(None)
            continue
        if kind == "date":
            vals.append(p)
            continue
        try:
            vals.append(int(p))
        except ValueError:
            try:
                vals.append(float(p))
            except ValueError:
                vals.append(p)
    return vals[0], (vals if len(vals) > 1 else [])


def parse_markup(line: str) -> tuple[str, list[dict[str, Any]]]:
    """``…[[56人次|count|56|人次]]…`` -> (plain text, figure dicts with offsets)."""
    out, figs, pos, last = [], [], 0, 0
    for m in _FIG.finditer(line):
        out.append(line[last:m.start()])
        pos += m.start() - last
        surface, kind, value, unit, *rest = m.group(1).split("|")
        flags = set(rest[0].split(",")) if rest and rest[0] else set()
        if kind not in KINDS:
            raise ValueError(f"bad kind {kind!r} in {line!r}")
        v, vs = _value(value, kind)
        figs.append(
            {"start": pos, "end": pos + len(surface), "surface": surface, "kind": kind, "value": v,
             "values": vs, "unit": unit, "placeholder": "ph" in flags, "approx": "approx" in flags}
        )
        out.append(surface)
        pos += len(surface)
        last = m.end()
    out.append(line[last:])
    return "".join(out), figs


def markup_to_cases(markup: str, prefix: str) -> list[dict[str, Any]]:
    """All non-comment lines of a ``.zjf`` markup file as ``{id, text, figures}`` cases."""
    cases = []
    for i, line in enumerate(markup.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        text, figs = parse_markup(line)
        cases.append({"id": f"{prefix}:{i}", "text": text, "figures": figs})
    return cases


def load_cases(path: Path) -> list[GoldDoc]:
    """A JSONL file of ``{id, text, figures}`` cases."""
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            docs.append(GoldDoc(d["id"], d["text"], d["figures"]))
    return docs


def surface_hash(surface: str) -> str:
    """Short hash that checks a stored offset still points at the same surface."""
    return hashlib.sha1(surface.encode("utf-8")).hexdigest()[:10]


def load_seed(gold_path: Path, seed_path: Path) -> Optional[GoldDoc]:
    """The seed's figures (stored as offsets + surface hashes) joined with the seed text;
    None when the seed is absent. Raises if a hash no longer matches (text changed)."""
    if not seed_path.exists():
        return None
    text = seed_path.read_text(encoding="utf-8")
    figs = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        f = json.loads(line)
        surface = text[f["start"]:f["end"]]
        if surface_hash(surface) != f["sha1"]:
            raise ValueError(f"seed gold at {f['start']} no longer matches the seed text")
        figs.append({**{k: v for k, v in f.items() if k != "sha1"}, "surface": surface})
    return GoldDoc(seed_path.stem, text, figs)


def load_corpus(docs_dir: Path) -> list[GoldDoc]:
    """Figure records of ``corpus/docs/*.ann.jsonl`` with their ``.txt`` (whatever is there)."""
    out = []
    for ann in sorted(docs_dir.glob("*.ann.jsonl")):
        txt = ann.with_name(ann.name[: -len(".ann.jsonl")] + ".txt")
        if not txt.exists():
            continue
        try:
            recs = [json.loads(x) for x in ann.read_text(encoding="utf-8").splitlines() if x.strip()]
        except json.JSONDecodeError:
            continue  # a file being written right now
        text = txt.read_text(encoding="utf-8")
        figs = [r for r in recs if r.get("type") == "figure" and text[r["start"]:r["end"]] == r.get("surface")]
        out.append(GoldDoc(txt.stem, text, figs))
    return out


def same_value(a: Any, b: Any) -> bool:
    """Values equal, numbers within 1e-6 relative (1/3 stored as 0.333333)."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b)) or round(a, 4) == round(b, 4)
    return a == b


@dataclass
class Scores:
    """Counts behind the scores; ``misses``/``extras`` keep examples for reports."""

    tp: dict[str, int] = field(default_factory=lambda: {k: 0 for k in KINDS})
    n_gold: dict[str, int] = field(default_factory=lambda: {k: 0 for k in KINDS})
    n_pred: dict[str, int] = field(default_factory=lambda: {k: 0 for k in KINDS})
    value_ok: int = 0
    placeholder_ok: int = 0
    approx_ok: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    extras: list[tuple[str, str, str]] = field(default_factory=list)
    wrong_values: list[tuple[str, Any, Any]] = field(default_factory=list)
    ph_gold: int = 0
    ph_hit: int = 0
    approx_gold: int = 0
    approx_hit: int = 0
    seconds: float = 0.0
    chars: int = 0

    def prf(self, kind: Optional[str] = None) -> tuple[float, float, float]:
        ks = [kind] if kind else list(KINDS)
        tp = sum(self.tp[k] for k in ks)
        g = sum(self.n_gold[k] for k in ks)
        p = sum(self.n_pred[k] for k in ks)
        prec = tp / p if p else 1.0
        rec = tp / g if g else 1.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        return prec, rec, f1

    @property
    def matched(self) -> int:
        return sum(self.tp.values())

    def value_accuracy(self) -> float:
        return self.value_ok / self.matched if self.matched else 1.0

    def flag_accuracy(self) -> tuple[float, float]:
        m = self.matched or 1
        return self.placeholder_ok / m, self.approx_ok / m


def score(docs: Iterable[GoldDoc], predict: Callable[[str], list[dict[str, Any]]],
          kinds: Iterable[str] = KINDS) -> Scores:
    """Run ``predict(text)`` (dicts with start, end, kind, value, placeholder, approx)
    over the docs and count span+kind matches, value and flag agreement."""
    import time

    kinds = set(kinds)
    s = Scores()
    for doc in docs:
        t0 = time.perf_counter()
        preds = [p for p in predict(doc.text) if p["kind"] in kinds]
        s.seconds += time.perf_counter() - t0
        s.chars += len(doc.text)
        gold = {(g["start"], g["end"], g["kind"]): g for g in doc.figures if g["kind"] in kinds}
        for g in gold.values():
            s.n_gold[g["kind"]] += 1
            s.ph_gold += bool(g["placeholder"])
            s.approx_gold += bool(g["approx"])
        seen = set()
        for p in preds:
            key = (p["start"], p["end"], p["kind"])
            s.n_pred[p["kind"]] += 1
            if key in gold and key not in seen:
                seen.add(key)
                g = gold[key]
                s.tp[p["kind"]] += 1
                if same_value(p.get("value"), g["value"]):
                    s.value_ok += 1
                else:
                    s.wrong_values.append((doc.text[p["start"]:p["end"]], g["value"], p.get("value")))
                s.placeholder_ok += bool(p.get("placeholder")) == bool(g["placeholder"])
                s.ph_hit += bool(g["placeholder"]) and bool(p.get("placeholder"))
                s.approx_hit += bool(g["approx"]) and bool(p.get("approx"))
                s.approx_ok += bool(p.get("approx")) == bool(g["approx"])
            else:
                s.extras.append((doc.id, doc.text[p["start"]:p["end"]] + "/" + p["kind"], _ctx(doc.text, p["start"], p["end"])))
        for key, g in gold.items():
            if key not in seen:
                s.misses.append((doc.id, g["surface"] + "/" + g["kind"], _ctx(doc.text, g["start"], g["end"])))
    return s


def _ctx(text: str, start: int, end: int) -> str:
    return (text[max(0, start - 10):start] + "[" + text[start:end] + "]" + text[end:end + 6]).replace("\n", "/")


def predict_ours(text: str) -> list[dict[str, Any]]:
    """Our extractor as a ``predict`` function for :func:`score`."""
    from . import extract_figures

    return [_gold_shape(f.to_dict()) for f in extract_figures(text, with_subject=False)]


def _gold_shape(d: dict[str, Any]) -> dict[str, Any]:
    """A figure dict in the gold format, where a date's ISO-like text is its value (a range's
    parts are its values)."""
    if d["kind"] == "date":
        parts = d["date"].split("/") if d["date"] else [None]
        d["value"], d["values"] = parts[0], (parts if len(parts) > 1 else [])
    return d


def split_of(doc_id: str) -> str:
    """``"dev"`` or ``"eval"`` for a corpus document, fixed by a hash of its id, so that
    rules tuned on the dev half are measured on documents they were not tuned on."""
    return "dev" if int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "eval"


# --- subjects -------------------------------------------------------------------------------

@dataclass
class SubjectScores:
    """Exact and partial agreement of predicted subjects with gold ones (one entry per gold figure).

    ``partial``: both empty, or both non-empty and one holds the other (``困难职工`` / ``困难职工家庭``).
    A gold figure the extractor did not find counts as wrong in both."""

    n: int = 0
    exact: int = 0
    partial: int = 0
    wrong: list[tuple[str, str, str, str]] = field(default_factory=list)
    inexact: list[tuple[str, int, int, str, str]] = field(default_factory=list)  # doc, start, end, gold, ours

    def rates(self) -> tuple[float, float]:
        return (self.exact / self.n, self.partial / self.n) if self.n else (1.0, 1.0)


def load_subjects(path: Path, docs_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """Gold subjects (``tests/data/figures/subjects.jsonl``: doc, start, end, surface, subject) by
    document id; a record whose surface no longer matches the document's text raises ValueError."""
    out: dict[str, list[dict[str, Any]]] = {}
    texts: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        r = json.loads(line)
        doc = r["doc"]
        if doc not in texts:
            texts[doc] = (docs_dir / f"{doc}.txt").read_text(encoding="utf-8")
        if texts[doc][r["start"]:r["end"]] != r["surface"]:
            raise ValueError(f"{path.name}:{n}: {r['surface']!r} is no longer at {r['start']} of {doc}")
        out.setdefault(doc, []).append(r)
    return out


def score_subjects(gold: dict[str, list[dict[str, Any]]], docs_dir: Path) -> SubjectScores:
    """Our subjects of each gold figure (the whole document extracted, figures matched by span)."""
    from . import extract_figures

    s = SubjectScores()
    for doc, recs in gold.items():
        text = (docs_dir / f"{doc}.txt").read_text(encoding="utf-8")
        found = {(f.start, f.end): f.subject for f in extract_figures(text)}
        for r in recs:
            s.n += 1
            want, got = r["subject"], found.get((r["start"], r["end"]))
            if got is not None and got == want:
                s.exact += 1
            else:
                s.inexact.append((doc, r["start"], r["end"], want, "<not found>" if got is None else got))
            if got is not None and (got == want or (got and want and (got in want or want in got))):
                s.partial += 1
            elif got != want:
                s.wrong.append((doc, r["surface"], want, "<not found>" if got is None else got))
    return s
