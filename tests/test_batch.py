"""Corpus-scale runs: JSONL/directory input, ordered output, bad documents skipped and reported."""

from __future__ import annotations

import io
import json
import pickle
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zongjie import batch
from zongjie.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted((ROOT / "corpus" / "docs").glob("*.txt"))[:8]
runner = CliRunner()


def _jsonl(tmp_path: Path, bad: bool = True) -> Path:
    lines = [json.dumps({"id": p.stem, "text": p.read_text(encoding="utf-8")}, ensure_ascii=False) for p in DOCS]
    if bad:
        lines[3:3] = ['{"id": "broken", "text": "没有结束', '{"id": "number", "text": 42}', '{"id": "empty", "text": ""}']
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("line, reason", [
    ('{"id": 1, "text": "没有', "malformed JSON"),
    ('[1, 2]', "not a JSON object"),
    ('{"id": 1, "text": null}', "not a string"),
    ('{"id": 1, "text": "  \\n"}', "empty text"),
    ('{"id": 1}', "no \"text\""),
    (b'{"id": 1, "text": "\xff"}', "not UTF-8"),
])
def test_batch_parse_line_bad(line, reason):
    bad = batch.parse_line(line, "x.jsonl:7")
    assert isinstance(bad, batch.Bad) and reason in bad.reason and str(bad).startswith("x.jsonl:7")


def test_batch_parse_line_ok_and_default_id():
    rec = batch.parse_line('\ufeff{"text": "全年发展会员12人。"}', "x.jsonl:1")
    assert (rec.id, rec.text, rec.where) == ("x.jsonl:1", "全年发展会员12人。", "x.jsonl:1")
    assert batch.parse_line("   \n") is None


@pytest.mark.parametrize("command", ["extract", "classify"])
def test_batch_cli_bad_lines_reported_others_kept_exit_1(tmp_path, command):
    src = _jsonl(tmp_path)
    res = runner.invoke(app, [command, str(src), "--format", "jsonl"])
    assert res.exit_code == 1
    ids = {json.loads(line)["id"] for line in res.stdout.splitlines()}
    assert ids == {p.stem for p in DOCS}
    err = res.stderr
    assert f"{src}:4: malformed JSON" in err
    assert f'{src}:5 (id "number"): "text" is not a string' in err
    assert f'{src}:6 (id "empty"): empty text' in err
    assert "3 bad document(s) skipped; 8 done" in err


def test_batch_stdin_jsonl_flag(tmp_path):
    src = _jsonl(tmp_path, bad=False)
    res = runner.invoke(app, ["extract", "-", "--jsonl", "-f", "jsonl"], input=src.read_bytes())
    assert res.exit_code == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert rows and {r["id"] for r in rows} == {p.stem for p in DOCS}
    assert {"id", "doc", "block", "surface", "kind", "value", "unit"} <= set(rows[0])


def test_batch_jobs_2_same_output_as_jobs_1(tmp_path):
    src = _jsonl(tmp_path)
    outs = []
    for jobs in (1, 2):
        out = io.StringIO()
        stats = batch.run(src, out, "classify", jobs=jobs, chunksize=2)
        assert stats.done == len(DOCS) and stats.n_bad == 3
        outs.append(out.getvalue())
    assert outs[0] == outs[1] and outs[0].count("\n") > 50


def test_batch_jobs_0_is_one_worker_per_cpu(tmp_path, monkeypatch):
    """``jobs=0`` (``--jobs 0``) runs one worker per CPU this process may use; the output is unchanged.
    The CLI takes 0 and refuses a negative count with a usage error."""
    import os
    from concurrent.futures import ProcessPoolExecutor

    from zongjie.batch import runner as run_mod

    assert run_mod.available_cpus() == len(os.sched_getaffinity(0))
    pools = []
    real_pool = run_mod._run_pool
    monkeypatch.setattr(run_mod, "_run_pool", lambda job, chunks, jobs, emitter: (pools.append(jobs),
                                                                                   real_pool(job, chunks, jobs, emitter)))
    monkeypatch.setattr(run_mod, "available_cpus", lambda: 2)
    src = _jsonl(tmp_path)
    outs = [io.StringIO(), io.StringIO()]
    batch.run(src, outs[0], "extract", jobs=0)
    batch.run(src, outs[1], "extract", jobs=1)
    assert pools == [2] and outs[0].getvalue() == outs[1].getvalue() and outs[0].getvalue().count("\n") > 50
    workers = []
    real_executor = ProcessPoolExecutor
    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor",
                        lambda n, **kw: (workers.append(n), real_executor(n, **kw))[1])
    monkeypatch.setattr(run_mod, "available_cpus", lambda: 64)
    few = tmp_path / "few.jsonl"
    few.write_text('{"id": 1, "text": "会员12人。"}\n{"id": 2, "text": "慰问38户。"}\n', encoding="utf-8")
    out = io.StringIO()
    assert batch.run(few, out, "extract", jobs=0, chunksize=1).done == 2 and workers == [2]  # not 64
    res = runner.invoke(app, ["extract", str(src), "--jobs", "0", "-f", "jsonl"])
    assert res.stdout == outs[1].getvalue() and res.exit_code == 1  # exit 1: the bad lines of _jsonl
    res = runner.invoke(app, ["extract", str(src), "--jobs", "-1"])
    assert res.exit_code == 2 and "--jobs" in res.stderr


def test_batch_directory_input(tmp_path):
    for p in DOCS[:3]:
        (tmp_path / p.name).write_bytes(p.read_bytes())
    (tmp_path / "gbk.txt").write_bytes("一、组织建设\n全年发展会员12人。\n".encode("gbk"))
    (tmp_path / "blank.txt").write_text("\n\n", encoding="utf-8")
    out = io.StringIO()
    bad: list = []
    stats = batch.run(tmp_path, out, "extract", on_bad=bad.append)
    ids = {json.loads(line)["id"] for line in out.getvalue().splitlines()}
    assert str(tmp_path / "gbk.txt") in ids and len(ids) == 4
    assert stats.done == 4 and [b.reason for b in bad] == ["empty text"]


def test_batch_work_is_picklable(tmp_path):
    """What worker processes get (the job, the chunk function, its results) survives pickling; the rows
    are pieces of the chunk's spool file."""
    from zongjie.batch import work

    job = pickle.loads(pickle.dumps(batch.Job("extract", "jsonl", spool_dir=str(tmp_path))))
    chunk = pickle.loads(pickle.dumps(work._work_chunk))
    results = pickle.loads(pickle.dumps(chunk(job, [("line", '{"id": "a", "text": "发放慰问金3万元。"}'.encode(), "s:1")])))
    data = Path(results[0].spool).read_bytes()
    rows = [json.loads(line) for r in results for off, n in r.pieces for line in data[off:off + n].splitlines()]
    assert results[0].rows == len(rows) == 1 and results[0].bad is None and not results[0].chunks
    assert rows[0]["id"] == "a" and rows[0]["value"] == 30000
    assert pickle.loads(pickle.dumps(batch.process_line)) is batch.process_line


def test_batch_missing_source_exit_1(tmp_path):
    res = runner.invoke(app, ["extract", str(tmp_path / "none.jsonl")])
    assert res.exit_code == 1 and "none.jsonl" in res.stderr


def test_batch_keeps_in_flight_bounded():
    """The reader is never more than jobs * chunksize * 4 items ahead of the writer."""
    read = []

    def items():
        for i in range(400):
            read.append(i)
            yield ("line", json.dumps({"id": i, "text": "会员12人。"}).encode(), f"s:{i}")

    ahead = []

    class Out(io.StringIO):
        def write(self, s):
            ahead.append(len(read) - int(json.loads(s.splitlines()[0])["id"]))
            return super().write(s)

    from zongjie.batch import runner

    orig = runner.iter_items
    runner.iter_items = lambda *a, **k: items()
    try:
        stats = batch.run("ignored", Out(), "extract", jobs=2, chunksize=4)
    finally:
        runner.iter_items = orig
    assert stats.done == 400 and max(ahead) <= 2 * 4 * 4 + 1


def test_batch_dask_bag_same_as_jobs_1(tmp_path):
    """examples/dask_bag.py on a local cluster (2 worker processes) == ``zongjie extract --jobs 1``."""
    pytest.importorskip("dask.bag")
    pytest.importorskip("dask.distributed")
    import importlib.util

    spec = importlib.util.spec_from_file_location("dask_bag", ROOT / "examples" / "dask_bag.py")
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)

    src = _jsonl(tmp_path)
    second = tmp_path / "more.jsonl"
    second.write_text("\n".join(json.dumps({"id": f"more-{p.stem}", "text": p.read_text(encoding="utf-8")},
                                           ensure_ascii=False) for p in DOCS[:3]) + "\n", encoding="utf-8")
    reports = example.run(str(tmp_path / "*.jsonl"), str(tmp_path / "out"), "extract", workers=2)
    got = [line for i in range(2) for line in (tmp_path / "out" / f"{i}.jsonl").read_text(encoding="utf-8").splitlines()]

    expected = []
    for f in sorted([src, second]):
        expected += runner.invoke(app, ["extract", str(f), "--jobs", "1", "-f", "jsonl"]).stdout.splitlines()
    assert got == expected and len(got) > 100
    assert len(reports) == 3 and all("docs.jsonl" in r for r in reports)


def test_workers_fork_only_from_a_process_without_threads():
    """Forking a process with threads can deadlock the child: then a fork server starts the workers."""
    import multiprocessing as mp
    import sys
    import threading

    from zongjie.batch.runner import _context

    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert _context(mp, None).get_start_method() != "fork"
    finally:
        stop.set()
        t.join()
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        assert _context(mp, None).get_start_method() == "fork"
