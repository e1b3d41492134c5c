"""The section model file: a fitted :class:`SectionClassifier` as JSON lines, loaded without running code.

File format (``classifier.jsonl``, UTF-8, two lines):

1. a header ``{"format": "zongjie-section-model", "version": 2, "sha256": ..., "payload_bytes": ...,
   "labels": [...]}``;
2. the payload: hyper-parameters, feature names, vocabulary and idf, and every learned array, quantised
   to int16 steps (``{"shape", "scale", "int16"}``) so the same corpus gives byte-identical files.

``sha256`` is the digest of the payload line. Loading reads the header line first and refuses a file
whose size disagrees with it before reading the rest; then ``json.loads`` and numpy arrays only. Any
mismatch (format, version, digest, shapes, non-finite numbers, unknown labels or features) is a
:class:`~zongjie.errors.ModelError` naming the file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import os
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Optional, Sequence, Union

import numpy as np

from ..errors import ModelError
from ..lang import section_ids
from ..structure import features as sf
from .estimator import ROLES, TOPICS, Decision, SectionClassifier, _PARAMS
from .features import CharNgrams, DocInput
from .linear import Linear

FORMAT = "zongjie-section-model"
VERSION = 2
FILENAME = "classifier.jsonl"
MAX_PAYLOAD = 200_000_000
RETRAIN = "retrain with `zongjie train --corpus corpus/ --out DIR --force`"
_LAYERS = ("roles_", "tense_", "genre_", "topics_")
_ARRAYS = ("keep_", "role_transitions_", "role_starts_", "topic_transitions_")


@dataclass
class SectionModel:
    """A fitted classifier with what is known of its training (``meta``: corpus size, scores)."""

    classifier: SectionClassifier
    meta: dict[str, Any] = field(default_factory=dict)
    path: Optional[Path] = None

    @property
    def labels(self) -> tuple[str, ...]:
        return section_ids()

    def decide(self, doc: DocInput) -> Decision:
        return self.classifier.decide(doc)

    def decide_all(self, docs: Sequence[DocInput]) -> list[Decision]:
        """The decisions of several documents, their n-gram scores computed in one pass."""
        return self.classifier.decide_all(docs)

    def payload(self) -> dict[str, Any]:
        c = self.classifier
        out: dict[str, Any] = {
            "params": {k: list(v) if isinstance(v, tuple) else v for k, v in c.get_params().items()},
            "feature_names": list(c.feature_names_), "labels": list(section_ids()),
            "vocabulary": c.vectorizer_.vocabulary, "idf": [round(float(x), 6) for x in c.vectorizer_.idf],
            "meta": self.meta,
        }
        for name in _LAYERS:
            out[name.rstrip("_")] = _layer_json(getattr(c, name))
        for name in _ARRAYS:
            out[name.rstrip("_")] = _quantise(getattr(c, name))
        return out

    def save(self, directory: Union[str, Path]) -> Path:
        """Write ``<directory>/classifier.jsonl`` atomically; the same model gives the same bytes."""
        from ..atomic import write_atomic

        body = json.dumps(self.payload(), ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                          allow_nan=False).encode("utf-8")
        header = {"format": FORMAT, "version": VERSION, "sha256": hashlib.sha256(body).hexdigest(),
                  "payload_bytes": len(body), "labels": list(section_ids())}
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / FILENAME
        write_atomic(path, json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8") + b"\n"
                     + body + b"\n", force=True)
        return path

    @classmethod
    def load(cls, path: Union[str, Path]) -> "SectionModel":
        """Load and verify a model file (or a directory holding ``classifier.jsonl``)."""
        path = Path(path)
        if path.is_dir():
            path = path / FILENAME
        body = _read_checked(path)
        try:
            d = json.loads(body, parse_constant=_no_constant)
            model = cls(_classifier(d), dict(d.get("meta") or {}), path)
        except ModelError as err:
            raise ModelError(f"{path}: {err}") from None
        except (KeyError, TypeError, ValueError, AttributeError, binascii.Error) as err:
            raise ModelError(f"{path}: model file is corrupt ({type(err).__name__}: {err}); {RETRAIN}") from None
        return model


def _no_constant(name: str) -> Any:
    raise ValueError(f"non-finite number {name}")


def _read_checked(path: Path) -> bytes:
    try:
        fh = open(path, "rb")
    except OSError as err:
        raise ModelError(f"{path}: no model file ({err.strerror or err}); {RETRAIN}") from None
    with fh:
        head = fh.readline(4096)
        try:
            header = json.loads(head)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise ModelError(f"{path}: not a zongjie model (bad header); {RETRAIN}") from None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise ModelError(f"{path}: not a zongjie model; {RETRAIN}")
        if header.get("version") != VERSION:
            raise ModelError(f"{path}: model format version {header.get('version')!r} is not supported "
                             f"(this zongjie reads version {VERSION}); {RETRAIN}")
        size = header.get("payload_bytes")
        if not isinstance(size, int) or not 0 < size <= MAX_PAYLOAD:
            raise ModelError(f"{path}: model header gives no valid payload size; {RETRAIN}")
        left = os.fstat(fh.fileno()).st_size - len(head)
        if left not in (size, size + 1):
            raise ModelError(f"{path}: model file is {left} bytes after its header, not {size} (truncated or "
                             f"padded); {RETRAIN}")
        body = fh.read(size)
    if hashlib.sha256(body).hexdigest() != header.get("sha256"):
        raise ModelError(f"{path}: model file is corrupt (sha256 mismatch); {RETRAIN}")
    return body


def _classifier(d: dict[str, Any]) -> SectionClassifier:
    if list(d["labels"]) != list(section_ids()):
        raise ModelError(f"model labels {d['labels']!r} are not this zongjie's sections; {RETRAIN}")
    if list(d["feature_names"]) != list(sf.NAMES):
        raise ModelError(f"model structure features differ from this zongjie's; {RETRAIN}")
    params = {k: tuple(v) if isinstance(v, list) else v for k, v in d["params"].items() if k in _PARAMS}
    c = SectionClassifier(**params)
    c.feature_names_ = sf.NAMES
    c.vectorizer_ = CharNgrams(list(d["vocabulary"]), [float(x) for x in d["idf"]])
    for name in _LAYERS:
        setattr(c, name, _layer(d[name.rstrip("_")]))
    for name in _ARRAYS:
        setattr(c, name, _dequantise(d[name.rstrip("_")]))
    _check_shapes(c)
    return c


def _check_shapes(c: SectionClassifier) -> None:
    v, f = c.vectorizer_.size, len(sf.NAMES)
    if not np.all(np.isfinite(c.vectorizer_.idf)) or len(c.vectorizer_.idf) != v:
        raise ModelError(f"idf is not {v} finite numbers; {RETRAIN}")
    wanted = {
        "roles_": (set(ROLES), f, False), "tense_": ({"summary", "plan"}, f, True),
        "genre_": ({"summary", "plan", "mixed"}, 16, False), "topics_": (set(TOPICS), f, True),
    }
    for name, (classes, dense, text) in wanted.items():
        layer: Linear = getattr(c, name)
        k = len(layer.classes)
        if not set(layer.classes) <= classes or k < 1 or layer.intercept.shape != (k,):
            raise ModelError(f"layer {name.rstrip('_')} has unexpected classes {layer.classes!r}; {RETRAIN}")
        if layer.dense is None or layer.dense.shape != (dense, k):
            raise ModelError(f"layer {name.rstrip('_')} has wrong shapes; {RETRAIN}")
        for arr in (layer.text, layer.heading):
            if arr is not None and arr.shape != (v, k):
                raise ModelError(f"layer {name.rstrip('_')} has wrong shapes; {RETRAIN}")
        if text and layer.text is None:
            raise ModelError(f"layer {name.rstrip('_')} has no text weights; {RETRAIN}")
    shapes = {"keep_": (f,), "role_transitions_": (3, 3), "role_starts_": (3,),
              "topic_transitions_": (len(TOPICS), len(TOPICS))}
    for name, shape in shapes.items():
        if getattr(c, name).shape != shape:
            raise ModelError(f"array {name.rstrip('_')} has shape {getattr(c, name).shape}, not {shape}; {RETRAIN}")


def _layer_json(layer: Linear) -> dict[str, Any]:
    return {"classes": list(layer.classes), "intercept": _quantise(layer.intercept),
            **{k: None if getattr(layer, k) is None else _quantise(getattr(layer, k))
               for k in ("dense", "text", "heading")}}


def _layer(d: dict[str, Any]) -> Linear:
    return Linear([str(x) for x in d["classes"]], _dequantise(d["intercept"]),
                  *(None if d.get(k) is None else _dequantise(d[k]) for k in ("dense", "text", "heading")))


def _quantise(a: np.ndarray) -> dict[str, Any]:
    """An array as int16 steps of ``scale`` (relative error <= 2e-5 of its largest entry), base64."""
    a = np.asarray(a, dtype=np.float64)
    peak = float(np.abs(a).max()) if a.size else 0.0
    scale = float(f"{peak / 32767:.6e}") if peak > 0 else 1.0
    q = np.clip(np.rint(a / scale), -32767, 32767).astype("<i2")
    return {"shape": list(a.shape), "scale": scale, "int16": base64.b64encode(q.tobytes()).decode("ascii")}


def _dequantise(d: Any) -> np.ndarray:
    if not isinstance(d, dict) or not {"shape", "scale", "int16"} <= set(d):
        raise ValueError("array entry")
    shape = tuple(int(x) for x in d["shape"])
    scale = float(d["scale"])
    if not math.isfinite(scale) or any(s < 0 for s in shape):
        raise ValueError("array scale or shape")
    raw = base64.b64decode(d["int16"].encode("ascii"), validate=True)
    q = np.frombuffer(raw, dtype="<i2")
    if q.size != int(np.prod(shape)):
        raise ValueError("array size")
    return q.astype(np.float64).reshape(shape) * scale


def default_model_path() -> Path:
    """Where the model is found: ``$ZONGJIE_MODEL``, else the copy shipped in the package."""
    env = os.environ.get("ZONGJIE_MODEL")
    if env:
        return Path(env)
    return Path(str(resources.files("zongjie").joinpath("data", "model", FILENAME)))


@lru_cache(maxsize=4)
def _load_cached(path: str, mtime_ns: int, size: int) -> SectionModel:
    return SectionModel.load(path)


def load_model(path: Union[str, Path, None] = None) -> SectionModel:
    """Load a model (cached per path, modification time and size: the read is shared, the model is
    read-only)."""
    p = Path(path) if path is not None else default_model_path()
    if p.is_dir():
        p = p / FILENAME
    try:
        st = p.stat()
    except OSError as err:
        raise ModelError(f"{p}: no model file ({err.strerror or err}); {RETRAIN}") from None
    return _load_cached(str(p), st.st_mtime_ns, st.st_size)
