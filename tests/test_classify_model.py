"""Section model files: deterministic training, safe loading, clear one-line errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from zongjie.errors import ModelError

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "docs"
SUBSET = ("w1-01-steel-annual", "w1-04-machinery-halfyear", "w1-10-farm-machinery-plan",
          "w2-06-water-plan", "w1-05-textile-web-listing", "w2-01-coalmine-annual")


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    for name in SUBSET:
        for ext in (".txt", ".ann.jsonl"):
            src = CORPUS / (name + ext)
            if not src.exists():
                pytest.skip(f"corpus file {src.name} missing")
            shutil.copy(src, d / src.name)
    return d


@pytest.fixture(scope="module")
def trained(small_corpus, tmp_path_factory) -> Path:
    from zongjie.classify.train import train

    return train(small_corpus, tmp_path_factory.mktemp("m1"))


def test_classify_training_is_deterministic(small_corpus, trained, tmp_path):
    from zongjie.classify.train import train

    again = train(small_corpus, tmp_path)
    assert trained.read_bytes() == again.read_bytes()


def test_classify_model_roundtrip_predicts(trained):
    from zongjie.classify import classify
    from zongjie.classify.model import SectionModel

    model = SectionModel.load(trained)
    out = classify("某某公司工会2024年工作总结\n\n全年新发展会员86人，入会率98%。\n", model)
    assert out and all(lb.section in model.labels for lb in out)
    assert abs(sum(out[0].scores.values()) - 1.0) < 1e-3


def _one_line(err: ModelError) -> str:
    msg = str(err)
    assert "\n" not in msg
    assert "zongjie train --corpus corpus/ --out models/" in msg
    return msg


def test_classify_model_tampered_is_refused(trained, tmp_path):
    from zongjie.classify.model import SectionModel

    raw = bytearray(trained.read_bytes())
    pos = raw.index(b'"labels"', raw.index(b"\n"))
    raw[pos + 12] ^= 1  # flip one bit inside the payload
    bad = tmp_path / "classifier.jsonl"
    bad.write_bytes(bytes(raw))
    with pytest.raises(ModelError) as exc:
        SectionModel.load(bad)
    assert "sha256" in _one_line(exc.value)


@pytest.mark.parametrize("header", [b"not json", b'{"format": "something-else", "version": 1}', b"[1, 2]"])
def test_classify_model_bad_header_is_refused(trained, tmp_path, header):
    from zongjie.classify.model import SectionModel

    body = trained.read_bytes().partition(b"\n")[2]
    bad = tmp_path / "classifier.jsonl"
    bad.write_bytes(header + b"\n" + body)
    with pytest.raises(ModelError) as exc:
        SectionModel.load(bad)
    _one_line(exc.value)


def _rewrite(path: Path, out: Path, edit_header=None, edit_payload=None) -> Path:
    import hashlib

    head, _, body = path.read_bytes().partition(b"\n")
    header, payload = json.loads(head), json.loads(body)
    if edit_payload:
        edit_payload(payload)
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    header["sha256"] = hashlib.sha256(body).hexdigest()
    if edit_header:
        edit_header(header)
    out.write_bytes(json.dumps(header).encode("utf-8") + b"\n" + body + b"\n")
    return out


def test_classify_model_wrong_version_is_refused(trained, tmp_path):
    from zongjie.classify.model import SectionModel

    bad = _rewrite(trained, tmp_path / "m.jsonl", edit_header=lambda h: h.update(version=99))
    with pytest.raises(ModelError) as exc:
        SectionModel.load(bad)
    assert "version" in _one_line(exc.value)


def test_classify_model_wrong_shapes_are_refused(trained, tmp_path):
    from zongjie.classify.model import SectionModel

    def drop_word(p):
        p["vocabulary"] = p["vocabulary"][:-1]

    bad = _rewrite(trained, tmp_path / "m.jsonl", edit_payload=drop_word)
    with pytest.raises(ModelError) as exc:
        SectionModel.load(bad)
    _one_line(exc.value)


def test_classify_model_missing_file(tmp_path):
    from zongjie.classify.model import SectionModel

    with pytest.raises(ModelError) as exc:
        SectionModel.load(tmp_path / "nothing.jsonl")
    _one_line(exc.value)


def test_classify_model_no_pickle_in_loader():
    src = (ROOT / "src" / "zongjie" / "classify" / "model.py").read_text(encoding="utf-8")
    assert "pickle" not in src.replace("allow_pickle", "") and "joblib" not in src


def test_classify_shipped_model_copies_match():
    a = ROOT / "models" / "classifier.jsonl"
    b = ROOT / "src" / "zongjie" / "data" / "model" / "classifier.jsonl"
    assert a.exists() and b.exists()
    assert a.read_bytes() == b.read_bytes(), "copy models/classifier.jsonl to src/zongjie/data/model/"
    assert a.stat().st_size < 5_000_000


def test_classify_evaluate_cli_small_corpus(small_corpus):
    from typer.testing import CliRunner

    from zongjie.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["evaluate", "--corpus", str(small_corpus), "--folds", "2", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    for system in ("keywords", "bow", "full"):
        m = data["cv"][system]
        assert 0 <= m["accuracy"] <= 1 and 0 <= m["macro_f1"] <= 1
        assert sum(map(sum, m["confusion"])) == m["n"] > 0
    res = runner.invoke(app, ["evaluate", "--corpus", str(small_corpus), "--folds", "2"])
    assert res.exit_code == 0 and "| full |" in res.stdout


def test_classify_metrics_by_hand():
    from zongjie.classify.evaluate import metrics

    m = metrics(["plans", "plans", "welfare", "other"], ["plans", "welfare", "welfare", "other"])
    assert m["accuracy"] == 0.75
    assert m["per_label"]["plans"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert m["macro_f1"] == round((0.6667 + 0.6667 + 1.0) / 3, 4) or abs(m["macro_f1"] - 0.7778) < 1e-3


def test_classify_writer_groups():
    from zongjie.classify.train import Data, Sample, groups_of, writer_of
    from zongjie.classify.features import Prepared

    assert writer_of("w3-07-bank-annual") == "w3"
    data = Data([Sample(i, Prepared(), [], []) for i in ("w2-01-a", "w1-01-b", "w2-02-c", "w1-03-d")])
    assert groups_of(data, "writer").tolist() == [1, 0, 1, 0]
    assert groups_of(data, "document").tolist() == [0, 1, 2, 3]
    with pytest.raises(ValueError):
        groups_of(data, "paragraph")


def test_classify_evaluate_reports_writer_cv(small_corpus):
    from zongjie.classify.evaluate import evaluate, report

    res = evaluate(small_corpus, folds=2, seed_path=small_corpus / "no-seed.txt")
    cw = res["cv_writer"]
    assert cw["group"] == "writer" and cw["folds"] == cw["groups"] == 2  # w1 and w2: leave one writer out
    assert cw["full"]["n"] == res["cv"]["full"]["n"] > 0
    text = report(res)
    assert "Leave-one-writer-out" in text and "by document" in text


def test_classify_model_heading_layer_roundtrip(small_corpus, tmp_path):
    """A model whose passes read the enclosing heading's n-grams saves, loads and predicts the same."""
    from zongjie.classify import train as T
    from zongjie.classify.features import prepare
    from zongjie.classify.model import SectionModel
    from zongjie.segment import segment

    saved = dict(T.PARAMS)
    try:
        T.PARAMS.update(heading_text=0.5, heading_passes=("first", "second"), blend=0.8)
        model = T.fit_model(T.load_data(small_corpus))
    finally:
        T.PARAMS.clear()
        T.PARAMS.update(saved)
    assert model.first.heading is not None and model.second.heading is not None
    path = model.save(tmp_path)
    again = SectionModel.load(path)
    assert again.blend == 0.8
    prep = prepare(segment("某某公司工会2024年工作总结\n\n一、职工之家建设\n\n全年新发展会员86人，入会率98%。\n\n二、下一步打算\n\n继续做好送温暖工作。\n"))
    p, _ = model.predict(prep)
    q, _ = again.predict(prep)
    assert abs(p - q).max() < 1e-3
    assert abs(p.sum(axis=1) - 1).max() < 1e-6
