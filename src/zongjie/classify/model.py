"""The section model: learned arrays in a JSON-lines file, loaded by plain arithmetic.

File format (``classifier.jsonl``, UTF-8, two lines):

1. a header object ``{"format": "zongjie-section-model", "version": 1, "sha256": ..., ...}``;
2. the payload object: labels, vocabulary, idf, weights of the two passes and of the plan-topic
   model, all floats rounded so that the same corpus gives byte-identical files.

``sha256`` is the hex digest of the payload line's bytes. Nothing in the file is executed:
loading is ``json.loads`` plus numpy arrays, and any mismatch is a :class:`ModelError`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional, Union

import numpy as np

from ..errors import ModelError
from .features import CONTEXT_SLOTS, STRUCT_NAMES, CharNgrams, Prepared, context

FORMAT = "zongjie-section-model"
VERSION = 1
FILENAME = "classifier.jsonl"
RETRAIN = "retrain with `zongjie train --corpus corpus/ --out models/`"


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@dataclass
class Linear:
    """A multinomial linear layer over [text | struct | context | heading text] features."""

    text: np.ndarray              # (vocab, k)
    struct: np.ndarray            # (len(STRUCT_NAMES), k)
    intercept: np.ndarray         # (k,)
    context: Optional[np.ndarray] = None  # (context width, k) for the second pass
    heading: Optional[np.ndarray] = None  # (vocab, k): weights of the enclosing heading's n-grams

    def to_json(self) -> dict[str, Any]:
        d = {"text": _round(self.text), "struct": _round(self.struct), "intercept": _round(self.intercept)}
        if self.context is not None:
            d["context"] = _round(self.context)
        if self.heading is not None:
            d["heading"] = _round(self.heading)
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Linear":
        ctx, head = d.get("context"), d.get("heading")
        return cls(_array(d["text"]), _array(d["struct"]), _array(d["intercept"]),
                   None if ctx is None else _array(ctx), None if head is None else _array(head))


def _round(a: np.ndarray) -> dict[str, Any]:
    """An array as ``{"shape", "scale", "int16"}``: int16 steps of ``scale``, little-endian, base64.

    Quantising makes the file small and byte-identical across runs (relative error <= 2e-5 of the
    array's largest weight, far below what changes a prediction)."""
    a = np.asarray(a, dtype=np.float64)
    peak = float(np.abs(a).max()) if a.size else 0.0
    scale = float(f"{peak / 32767:.6e}") if peak > 0 else 1.0
    q = np.clip(np.rint(a / scale), -32767, 32767).astype("<i2")
    return {"shape": list(a.shape), "scale": scale, "int16": base64.b64encode(q.tobytes()).decode("ascii")}


def _array(d: Any) -> np.ndarray:
    """Inverse of :func:`_round` (refuses anything that is not a well-formed quantised array)."""
    if not isinstance(d, dict) or not {"shape", "scale", "int16"} <= set(d):
        raise ValueError("array entry")
    shape = tuple(int(x) for x in d["shape"])
    raw = base64.b64decode(d["int16"].encode("ascii"), validate=True)
    q = np.frombuffer(raw, dtype="<i2")
    if q.size != int(np.prod(shape)):
        raise ValueError("array size")
    return q.astype(np.float64).reshape(shape) * float(d["scale"])


@dataclass
class SectionModel:
    """Two-pass section classifier plus a plan-topic classifier, over one vectoriser."""

    labels: list[str]
    vectorizer: CharNgrams
    first: Linear
    second: Linear
    topic_labels: list[str]
    topic: Linear
    meta: dict[str, Any]
    blend: float = 1.0            # final = blend * second pass + (1 - blend) * first pass

    # -- prediction ------------------------------------------------------------------------

    def _scores(self, prepared: Prepared, layers: list[Linear]) -> list[np.ndarray]:
        """Text (+ enclosing-heading text) scores of every block for each layer, one n-gram pass."""
        views = prepared.views()
        mats = [layer.text for layer in layers] + [layer.heading for layer in layers if layer.heading is not None]
        text = self.vectorizer.scores(views, np.hstack(mats))
        widths = [m.shape[1] for m in mats]
        cuts = np.concatenate([[0], np.cumsum(widths)])
        parts = [text[:, cuts[i]:cuts[i + 1]] for i in range(len(mats))]
        out = parts[:len(layers)]
        extra = iter(parts[len(layers):])
        hidx = prepared.heading_index()
        has = hidx >= 0
        for i, layer in enumerate(layers):
            if layer.heading is not None:
                h = next(extra)
                out[i] = out[i].copy()
                out[i][has] += h[hidx[has]]
        return out

    def predict(self, prepared: Prepared) -> tuple[np.ndarray, np.ndarray]:
        """Section probabilities (n, labels) and topic probabilities (n, topics) of every block."""
        views = prepared.views()
        k, t = len(self.labels), len(self.topic_labels)
        if not views:
            return np.zeros((0, k)), np.zeros((0, t))
        s1, s2, st = self._scores(prepared, [self.first, self.second, self.topic])
        struct = prepared.struct()
        p1 = _softmax(s1 + struct @ self.first.struct + self.first.intercept)
        ctx = context(prepared, p1)
        p2 = _softmax(s2 + struct @ self.second.struct + ctx @ self.second.context + self.second.intercept)
        if self.blend != 1.0:
            p2 = self.blend * p2 + (1.0 - self.blend) * p1
        pos = 0
        for d in prepared.docs:  # a lone block has no neighbours: its context is out of distribution
            if len(d.blocks) == 1:
                p2[pos] = p1[pos]
            pos += len(d.blocks)
        pt = _softmax(st + struct @ self.topic.struct + self.topic.intercept) if t else np.zeros((len(views), 0))
        return p2, pt

    # -- files -----------------------------------------------------------------------------

    def payload(self) -> dict[str, Any]:
        return {
            "labels": self.labels,
            "struct_names": list(STRUCT_NAMES),
            "context_slots": list(CONTEXT_SLOTS),
            "vocabulary": self.vectorizer.vocabulary,
            "idf": [round(float(x), 6) for x in self.vectorizer.idf],
            "first": self.first.to_json(),
            "second": self.second.to_json(),
            "topic_labels": self.topic_labels,
            "topic": self.topic.to_json(),
            "blend": self.blend,
            "meta": self.meta,
        }

    def save(self, directory: Union[str, Path]) -> Path:
        """Write ``<directory>/classifier.jsonl``; the same model gives the same bytes."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        body = json.dumps(self.payload(), ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
        header = {"format": FORMAT, "version": VERSION, "sha256": hashlib.sha256(body).hexdigest(),
                  "labels": self.labels, "vocabulary_size": self.vectorizer.size}
        path = directory / FILENAME
        path.write_bytes(json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8") + b"\n" + body + b"\n")
        return path

    @classmethod
    def load(cls, path: Union[str, Path]) -> "SectionModel":
        """Load and verify a model file (or a directory holding ``classifier.jsonl``)."""
        path = Path(path)
        if path.is_dir():
            path = path / FILENAME
        try:
            raw = path.read_bytes()
        except OSError:
            raise ModelError(f"{path}: no model file; {RETRAIN}") from None
        head, _, rest = raw.partition(b"\n")
        body = rest.rstrip(b"\n")
        try:
            header = json.loads(head)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise ModelError(f"{path}: not a zongjie model (bad header); {RETRAIN}") from None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise ModelError(f"{path}: not a zongjie model; {RETRAIN}")
        if header.get("version") != VERSION:
            raise ModelError(f"{path}: model format version {header.get('version')} is not supported "
                             f"(this zongjie reads version {VERSION}); {RETRAIN}")
        if hashlib.sha256(body).hexdigest() != header.get("sha256"):
            raise ModelError(f"{path}: model file is corrupt (sha256 mismatch); {RETRAIN}")
        try:
            d = json.loads(body)
            model = cls(
                labels=list(d["labels"]),
                vectorizer=CharNgrams(d["vocabulary"], d["idf"]),
                first=Linear.from_json(d["first"]),
                second=Linear.from_json(d["second"]),
                topic_labels=list(d["topic_labels"]),
                topic=Linear.from_json(d["topic"]),
                meta=dict(d.get("meta", {})),
                blend=float(d.get("blend", 1.0)),
            )
            model.check(d)
        except ModelError:
            raise
        except (KeyError, TypeError, ValueError, binascii.Error) as err:
            raise ModelError(f"{path}: model file is corrupt ({type(err).__name__}); {RETRAIN}") from None
        return model

    def check(self, d: dict[str, Any]) -> None:
        v, k, t = self.vectorizer.size, len(self.labels), len(self.topic_labels)
        s, c = len(STRUCT_NAMES), len(CONTEXT_SLOTS) * (k + 1)
        if list(d.get("struct_names", [])) != list(STRUCT_NAMES) or list(d.get("context_slots", [])) != list(CONTEXT_SLOTS):
            raise ModelError(f"model features differ from this zongjie's; {RETRAIN}")
        expected = [
            (self.vectorizer.idf, (v,)), (self.first.text, (v, k)), (self.first.struct, (s, k)),
            (self.first.intercept, (k,)), (self.second.text, (v, k)), (self.second.struct, (s, k)),
            (self.second.intercept, (k,)), (self.second.context, (c, k)), (self.topic.text, (v, t)),
            (self.topic.struct, (s, t)), (self.topic.intercept, (t,)),
        ]
        for layer, width in ((self.first, k), (self.second, k), (self.topic, t)):
            if layer.heading is not None:
                expected.append((layer.heading, (v, width)))
        if not 0.0 <= self.blend <= 1.0:
            raise ModelError(f"model blend weight out of range; {RETRAIN}")
        for arr, shape in expected:
            if arr is None or arr.shape != shape:
                raise ModelError(f"model arrays have wrong shapes; {RETRAIN}")


def default_model_path() -> Path:
    """Where the model is found: ``$ZONGJIE_MODEL``, ``models/`` of a source checkout, the packaged copy."""
    env = os.environ.get("ZONGJIE_MODEL")
    if env:
        return Path(env)
    checkout = Path(__file__).resolve().parents[3] / "models" / FILENAME
    if checkout.is_file():
        return checkout
    return Path(__file__).resolve().parents[1] / "data" / "model" / FILENAME


@lru_cache(maxsize=4)
def _load_cached(path: str, mtime: float) -> SectionModel:
    return SectionModel.load(path)


def load_model(path: Union[str, Path, None] = None) -> SectionModel:
    """Load a model (cached per path and modification time)."""
    p = Path(path) if path is not None else default_model_path()
    if p.is_dir():
        p = p / FILENAME
    try:
        mtime = p.stat().st_mtime
    except OSError:
        raise ModelError(f"{p}: no model file; {RETRAIN}") from None
    return _load_cached(str(p), mtime)
