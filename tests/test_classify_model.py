"""The section classifier: the estimator contract, deterministic training, safe model files."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from zongjie.errors import ModelError

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "docs"
SUBSET = ("w1-01-steel-annual", "w1-04-machinery-halfyear", "w1-10-farm-machinery-plan",
          "w2-06-water-plan", "w1-05-textile-web-listing", "w2-01-coalmine-annual",
          "w13-02-street-plan-listing", "w15-04-machinery-congress-news")
RETRAIN = "zongjie train --corpus corpus/ --out DIR"


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


def _rewrite(path: Path, out: Path, edit) -> Path:
    """A copy of the model file with its payload edited and its header made consistent again."""
    head, body = path.read_bytes().split(b"\n", 1)
    payload = json.loads(body)
    edit(payload)
    raw = json.dumps(payload, separators=(",", ":")).encode("utf-8")
    header = json.loads(head)
    header.update(sha256=hashlib.sha256(raw).hexdigest(), payload_bytes=len(raw))
    out.write_bytes(json.dumps(header).encode() + b"\n" + raw + b"\n")
    return out


def _one_line(err: pytest.ExceptionInfo, path: Path) -> str:
    msg = str(err.value)
    assert "\n" not in msg and str(path) in msg and RETRAIN in msg
    return msg


def test_classify_model_training_is_deterministic(small_corpus, trained, tmp_path):
    from zongjie.classify.train import train

    assert train(small_corpus, tmp_path).read_bytes() == trained.read_bytes()


def test_classify_model_train_refuses_to_overwrite(small_corpus, trained):
    from zongjie.classify.train import train
    from zongjie.errors import OutputExistsError

    before = trained.read_bytes()
    with pytest.raises(OutputExistsError):
        train(small_corpus, trained.parent)
    assert trained.read_bytes() == before


def test_classify_model_roundtrip_predicts(trained):
    from zongjie.classify import classify
    from zongjie.classify.model import SectionModel

    model = SectionModel.load(trained)
    out = classify("某某公司工会2024年工作总结\n\n全年新发展会员86人，入会率98%。\n", model)
    assert out and all(lb.section in model.labels for lb in out)
    assert all(abs(sum(lb.scores.values()) - 1.0) < 1e-3 for lb in out)
    assert all(lb.role in ("chrome", "title", "body") and lb.part in ("summary", "plan") for lb in out)


def test_classify_model_estimator_contract():
    from sklearn.exceptions import NotFittedError
    from sklearn.utils._param_validation import InvalidParameterError

    from zongjie.classify.estimator import SectionClassifier

    clf = SectionClassifier(C_topic=5.0)
    assert clf.get_params()["C_topic"] == 5.0 and "C_topic=5.0" in repr(clf)
    assert clf.set_params(C_role=2.0) is clf and clf.C_role == 2.0
    assert not [a for a in vars(clf) if a.endswith("_")]  # nothing learned before fit
    with pytest.raises(NotFittedError):
        clf.decide(None)
    for bad in ({"C_topic": -1.0}, {"min_df": 0}, {"inner_folds": 1}, {"drop_features": ("no_such",)}):
        with pytest.raises((InvalidParameterError, ValueError)):
            SectionClassifier(**bad).fit([], [], [])
    with pytest.raises(ValueError):
        clf.set_params(no_such_param=1)


def test_classify_model_learned_state_ends_in_underscore(trained):
    from zongjie.classify.model import SectionModel

    clf = SectionModel.load(trained).classifier
    learned = {a for a in vars(clf) if a.endswith("_")}
    assert {"vectorizer_", "roles_", "tense_", "genre_", "topics_", "role_transitions_"} <= learned


def test_classify_model_tampered_is_refused(trained, tmp_path):
    bad = tmp_path / "classifier.jsonl"
    raw = bytearray(trained.read_bytes())
    raw[-10] = ord("A") if raw[-10] != ord("A") else ord("B")
    bad.write_bytes(bytes(raw))
    from zongjie.classify.model import SectionModel

    with pytest.raises(ModelError) as err:
        SectionModel.load(bad)
    assert "sha256" in _one_line(err, bad)


@pytest.mark.parametrize("header", [b"not json", b'{"format": "something-else", "version": 2}', b"[1, 2]"])
def test_classify_model_bad_header_is_refused(trained, tmp_path, header):
    from zongjie.classify.model import SectionModel

    bad = tmp_path / "classifier.jsonl"
    bad.write_bytes(header + b"\n" + trained.read_bytes().split(b"\n", 1)[1])
    with pytest.raises(ModelError) as err:
        SectionModel.load(bad)
    _one_line(err, bad)


def test_classify_model_wrong_version_is_refused(trained, tmp_path):
    from zongjie.classify.model import SectionModel

    head, body = trained.read_bytes().split(b"\n", 1)
    h = json.loads(head)
    h["version"] = 1
    bad = tmp_path / "classifier.jsonl"
    bad.write_bytes(json.dumps(h).encode() + b"\n" + body)
    with pytest.raises(ModelError) as err:
        SectionModel.load(bad)
    assert "version 1" in _one_line(err, bad)


def test_classify_model_size_is_checked_before_reading(trained, tmp_path):
    from zongjie.classify.model import SectionModel

    padded = tmp_path / "classifier.jsonl"
    padded.write_bytes(trained.read_bytes() + b" " * 100_000)
    with pytest.raises(ModelError) as err:
        SectionModel.load(padded)
    assert "bytes after its header" in _one_line(err, padded)


@pytest.mark.parametrize("edit, words", [
    (lambda p: p["roles"]["dense"].update(shape=[3, 3]), "array"),
    (lambda p: p["topics"].update(classes=["overview", "nonsense"]), "unexpected classes"),
    (lambda p: p.update(labels=["a", "b"]), "labels"),
    (lambda p: p["genre"]["intercept"].update(scale=float("nan")), "corrupt"),
    (lambda p: p.update(idf=[float("inf")] * len(p["idf"])), "corrupt"),
    (lambda p: p.pop("tense"), "corrupt"),
])
def test_classify_model_bad_payload_is_refused(trained, tmp_path, edit, words):
    from zongjie.classify.model import SectionModel

    bad = _rewrite(trained, tmp_path / "classifier.jsonl", edit)
    with pytest.raises(ModelError) as err:
        SectionModel.load(bad)
    assert words in _one_line(err, bad)


def test_classify_model_missing_file(tmp_path):
    from zongjie.classify import load_model

    with pytest.raises(ModelError) as err:
        load_model(tmp_path / "nope")
    assert "no model file" in str(err.value) and "\n" not in str(err.value)


def test_classify_model_loader_runs_no_code():
    src = (ROOT / "src" / "zongjie" / "classify" / "model.py").read_text(encoding="utf-8")
    assert "pickle" not in src and "eval(" not in src and "exec(" not in src


def test_classify_model_one_copy_found_by_the_package():
    from zongjie.classify import default_model_path, load_model

    copies = sorted(p.relative_to(ROOT) for p in ROOT.rglob("classifier.jsonl") if ".venv" not in p.parts)
    assert copies == [Path("src/zongjie/data/model/classifier.jsonl")]
    assert default_model_path().is_file() and load_model().meta["documents"] >= 100


def test_classify_metrics_use_sklearn_and_count_unknown_as_wrong():
    from zongjie.classify.evaluate import metrics

    m = metrics(["plans", "plans", "welfare", "other"], ["plans", "welfare", "welfare", "?"])
    assert m["n"] == 4 and m["accuracy"] == 0.5
    assert m["per_label"]["plans"]["recall"] == 0.5 and m["per_label"]["welfare"]["precision"] == 0.5
    assert m["per_label"]["other"]["f1"] == 0.0
    assert abs(m["macro_f1"] - (2 / 3 + 2 / 3 + 0) / 3) < 1e-3


def test_classify_writer_groups():
    from zongjie.classify.train import writer_of

    assert writer_of("w3-07-x") == "w3" and writer_of("w12-01-y") == "w12"


def test_classify_cross_validation_holds_writers_out(small_corpus):
    from zongjie.classify.evaluate import cross_validate
    from zongjie.classify.train import load_corpus_inputs

    corpus = load_corpus_inputs(small_corpus)
    r = cross_validate(corpus, 2, "writer")
    assert r["folds"] == len(set(corpus.writers)) and r["n"] == sum(len(y) for y in corpus.labels)
    assert 0.3 <= r["accuracy"] <= 1.0


@pytest.mark.parametrize("command", ["train", "evaluate"])
def test_classify_cli_empty_or_missing_corpus_one_line(tmp_path, command):
    from typer.testing import CliRunner

    from zongjie.cli import app

    runner = CliRunner()
    extra = ["--out", str(tmp_path / "m")] if command == "train" else []
    for corpus, words in ((tmp_path, "no annotated documents"), (tmp_path / "nope", "not a corpus directory")):
        res = runner.invoke(app, [command, "--corpus", str(corpus), *extra])
        assert res.exit_code == 1 and words in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "m").exists()


def test_classify_cli_evaluate_needs_something_to_evaluate():
    from typer.testing import CliRunner

    from zongjie.cli import app

    res = CliRunner().invoke(app, ["evaluate"])
    assert res.exit_code == 2 and "nothing to evaluate" in res.stderr


def test_classify_cli_evaluate_real_pages_format(tmp_path):
    """``zongjie evaluate --realdev DIR`` on a small labelled page set of our own."""
    from typer.testing import CliRunner

    from zongjie.cli import app

    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p1.txt").write_text(
        "当前位置:首页>工作总结\n某公司工会2024年工作总结\n2024年,公司工会在党委领导下开展了各项工作。\n"
        "一、加强组织建设\n全年发展会员86人,入会率98%。\n", encoding="utf-8")
    labels = ["other", "overview", "overview", "organization", "organization"]
    (tmp_path / "sections.jsonl").write_text("".join(
        json.dumps({"page": "p1", "para": i, "label": lab}) + "\n" for i, lab in enumerate(labels)), encoding="utf-8")
    res = CliRunner().invoke(app, ["evaluate", "--realdev", str(tmp_path), "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)["realdev"]
    assert out["n"] == 5 and out["pages"] == 1 and 0.0 <= out["accuracy"] <= 1.0
    assert set(out["structure"]) == {"genre", "plan_start", "title"}


def test_classify_cli_select_prints_a_table_per_setting(small_corpus, tmp_path):
    """``zongjie select GRID --realdev DIR``: one fitted model per setting, scored on labelled pages."""
    from typer.testing import CliRunner

    from zongjie.cli import app

    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p1.txt").write_text("某公司工会2024年工作总结\n一、加强组织建设\n全年发展会员86人,入会率98%。\n",
                                               encoding="utf-8")
    (tmp_path / "sections.jsonl").write_text("".join(json.dumps({"page": "p1", "para": i, "label": lab}) + "\n"
                                                     for i, lab in enumerate(["overview", "organization", "organization"])),
                                             encoding="utf-8")
    grid = tmp_path / "grid.json"
    grid.write_text('[{}, {"C_topic": 1.0}]', encoding="utf-8")
    res = CliRunner().invoke(app, ["select", str(grid), "--realdev", str(tmp_path), "--corpus", str(small_corpus)])
    assert res.exit_code == 0, res.output
    lines = res.stdout.strip().splitlines()
    assert lines[0].startswith("| setting") and len(lines) == 4 and any("C_topic=1.0" in l for l in lines)
    bad = tmp_path / "bad.json"
    bad.write_text('{"C_topic": 1}', encoding="utf-8")
    res = CliRunner().invoke(app, ["select", str(bad), "--realdev", str(tmp_path), "--corpus", str(small_corpus)])
    assert res.exit_code == 1 and "list" in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_realdev_gold_title_is_no_numbered_heading_nor_lead_in():
    """The gold title of a page is title-shaped: not ``一、主要工作`` nor ``……以下几点：``; compared by text,
    so a title printed twice matches either copy."""
    from zongjie.classify.realdev import structure_of

    texts = ["工作总结", "工作总结", "回顾一年来的工作，我们主要抓了以下几点：", "一、主要工作内容", "全年发展会员86人。"]
    st = structure_of(["other", "overview", "overview", "overview", "organization"], texts)
    assert st["title"] == "工作总结"
    assert structure_of(["other", "other", "overview", "overview", "organization"], texts)["title"] is None
    pred = structure_of(["overview", "other", "overview", "overview", "organization"], texts,
                        ["title", "chrome", "body", "body", "body"])
    assert pred["title"] == st["title"]


def test_a_block_longer_than_any_title_is_not_a_title():
    """An unpunctuated first paragraph of a plan-only page (no title in view) is body, not the title."""
    from zongjie.pipeline import Pipeline

    first = ("随着企业改革的深入推进工会作为职工合法权益的代表者和维护者承担着促进企业发展保障职工权益的重要职责"
             "新的一年企业工会将紧紧围绕企业中心工作积极履行各项职能努力构建和谐劳动关系推动企业和职工共同发展")
    text = first + "\n一、加强工会组织建设\n1、完善基层工会组织体系，确保每个车间都有工会小组。\n"
    blocks = list(Pipeline(figures=False).analyse(text).blocks)
    assert len(first) > 80 and blocks[0].role != "title"


def test_ngram_key_table_finds_what_a_binary_search_finds():
    """The hash table of the vocabulary's n-gram keys answers like a search of the sorted keys: the
    column of every key present, -1 for every other (random keys, colliding homes, repeats)."""
    import numpy as np

    from zongjie.classify.features import _KeyTable

    rng = np.random.default_rng(7)
    keys = [int(k) for k in rng.integers(1, 2**63, 5000, dtype=np.uint64)]
    keys += [k + 1 for k in keys[:50]] + keys[:3]  # neighbours and repeats (a repeat keeps its first column)
    table = _KeyTable(keys)
    first = {}
    for col, k in enumerate(keys):
        first.setdefault(k, col)
    queries = np.array(keys + [int(k) for k in rng.integers(1, 2**63, 20000, dtype=np.uint64)], dtype=np.uint64)
    want = np.array([first.get(int(q), -1) for q in queries])
    assert np.array_equal(table.columns(queries), want)
    assert len(table.columns(np.zeros(0, dtype=np.uint64))) == 0
    assert np.array_equal(_KeyTable([]).columns(queries[:10]), np.full(10, -1))


def test_line_key_of_a_long_line_is_that_of_the_whole_line():
    """line_key reads only a long line's head when that yields 80 kept characters: the same key."""
    import random

    from zongjie.structure.features import _KEY_DROP, line_key

    rnd = random.Random(3)
    alphabet = "工会职工 0123456789xX×*#>·•-–—_\t篇一"
    for _ in range(2000):
        view = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 400)))
        assert line_key(view) == _KEY_DROP.sub("", view)[:80]


def test_shipped_model_is_what_train_makes_of_the_corpus(tmp_path):
    """``zongjie train --corpus corpus/`` rebuilds the shipped model byte for byte: a change to segmentation
    or features that alters the training data cannot leave a stale model (and stale numbers) behind. The
    caller's BLAS runs two threads here and the bytes are the same: fitting does not depend on them."""
    import sklearn.linear_model  # noqa: F401  (its OpenBLAS loaded, so the limit below reaches it)
    from threadpoolctl import threadpool_limits

    from zongjie.classify import model as model_mod
    from zongjie.classify.train import train

    shipped = Path(model_mod.__file__).resolve().parent.parent / "data" / "model" / "classifier.jsonl"
    corpus = Path(__file__).resolve().parents[1] / "corpus"
    out = tmp_path / "model"
    with threadpool_limits(limits=2):
        train(corpus, out)
    assert (out / "classifier.jsonl").read_bytes() == shipped.read_bytes()
