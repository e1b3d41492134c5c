"""Corpus runs that lose nothing and never hang: every bad-line kind among good lines, a bad model
with workers, a worker that cannot start, large items spooled by workers."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zongjie import batch
from zongjie.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted((ROOT / "corpus" / "docs").glob("*.txt"))[:6]
EXE = str(Path(sys.executable).with_name("zongjie"))
runner = CliRunner()

BAD_LINES = [  # (line, what its report says)
    ('{"id": "sur", "text": "会员\\ud800"}', '(id "sur"): "text" holds a lone surrogate at character 2'),
    ('{"id": "\\udfffx", "text": "会员12人。"}', '(id "\\udfffx"): "id" holds a lone surrogate'),
    ('{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}", ": malformed JSON (nested too deeply)"),
    ('{"id": "big", "n": ' + "9" * 5000 + ', "text": "会员12人。"}', "Exceeds the limit (4300 digits)"),
    ('{"id": "nan", "text": NaN}', '(id "nan"): "text" is not a string (number)'),
    ("[1, 2]", ": not a JSON object (list)"),
    ('{"id": 7, "text": "没有结束', ": malformed JSON (Unterminated string"),
]


def _hostile_jsonl(tmp_path: Path) -> tuple[Path, list[str], list[tuple[int, str]]]:
    """Good documents with a bad line after each: the file, good ids in order, (line number, report)."""
    lines, good, bad = [], [], []
    for k, p in enumerate(DOCS):
        good.append(f"good-{k}")
        lines.append(json.dumps({"id": good[-1], "text": p.read_text(encoding="utf-8")}, ensure_ascii=False))
        if k < len(BAD_LINES):
            lines.append(BAD_LINES[k][0])
            bad.append((len(lines), BAD_LINES[k][1]))
    lines.append('{"id": "last", "text": "一、帮扶\\n发放慰问金3万元。"}')
    good.append("last")
    src = tmp_path / "hostile.jsonl"
    src.write_bytes(("\n".join(lines) + "\n").encode("utf-8", "surrogatepass") + b'{"id": "bytes", "text": "\xff"}\n')
    bad.append((len(lines) + 1, ": not UTF-8 (byte 25)"))
    return src, good, bad


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_hostile_every_bad_line_kind(tmp_path, jobs):
    src, good, bad = _hostile_jsonl(tmp_path)
    res = subprocess.run([EXE, "classify", str(src), "-f", "jsonl", "--jobs", jobs], capture_output=True,
                         text=True, timeout=300, env={**os.environ, "LANG": "C.UTF-8", "LC_ALL": ""})
    assert res.returncode == 1 and "Traceback" not in res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert list(dict.fromkeys(r["id"] for r in rows)) == good  # every good document, in order
    expected = [json.loads(x) for x in runner.invoke(app, ["classify", str(DOCS[0]), "-f", "jsonl"]).stdout.splitlines()]
    assert [{k: v for k, v in r.items() if k != "id"} for r in rows if r["id"] == "good-0"] == expected
    err = res.stderr.splitlines()
    assert len(err) == len(bad) + 1 and err[-1] == f"{len(bad)} bad document(s) skipped; {len(good)} done"
    for line, (n, reason) in zip(err, bad):  # each once, in order, with its line number
        assert line.startswith(f"error: {src}:{n}") and reason in line, (line, reason)


def test_batch_hostile_missing_model_with_workers_exits_at_once(tmp_path):
    src = tmp_path / "d.jsonl"
    src.write_text('{"id": 1, "text": "会员12人。"}\n' * 50, encoding="utf-8")
    t0 = time.monotonic()
    res = subprocess.run([EXE, "classify", str(src), "--jobs", "2", "--model", "/nonexistent"], capture_output=True,
                         text=True, timeout=60)
    assert time.monotonic() - t0 < 30
    lines = res.stderr.strip().splitlines()
    assert res.returncode == 1 and len(lines) == 1 and "/nonexistent" in lines[0] and res.stdout == ""


def test_batch_hostile_corrupt_model_with_workers_one_line(tmp_path):
    bad = tmp_path / "classifier.jsonl"
    bad.write_text('{"format": "x"}\n{}\n', encoding="utf-8")
    res = runner.invoke(app, ["classify", str(ROOT / "corpus" / "docs"), "--jobs", "2", "--model", str(bad)])
    assert res.exit_code == 1 and len(res.stderr.strip().splitlines()) == 1 and res.stdout == ""


def test_batch_hostile_worker_that_cannot_start_ends_the_run(tmp_path, monkeypatch):
    """The model passes the parent's check, then is gone when the workers load it: one error, no hang."""
    from zongjie.batch import runner as run_mod

    model = tmp_path / "classifier.jsonl"
    from zongjie.classify import default_model_path

    shutil.copy(default_model_path(), model)
    real = run_mod._run_pool

    def pool_after_model_is_gone(*args, **kwargs):
        model.unlink()
        return real(*args, **kwargs)

    monkeypatch.setattr(run_mod, "_run_pool", pool_after_model_is_gone)
    src = tmp_path / "d.jsonl"
    src.write_text('{"id": 1, "text": "会员12人。"}\n' * 20, encoding="utf-8")
    with pytest.raises(batch.WorkerError, match="could not start.*no model file"):
        batch.run(src, io.StringIO(), "classify", jobs=2, model=str(model))


def test_batch_hostile_worker_rows_spooled_and_copied(tmp_path, monkeypatch):
    """A worker writes its rows to the chunk's spool file; the parent copies them (by sendfile to a
    file, through memory to a StringIO or when sendfile is refused) and removes the file: the same
    text as rows rendered in the parent."""
    import errno
    import os

    from zongjie.batch import runner as run_mod, work
    from zongjie.output import Sink

    text = "\n".join(p.read_text(encoding="utf-8") for p in DOCS)
    job = batch.Job("classify", "jsonl", spool_dir=str(tmp_path))
    kept = work._render_item(job, job.pipeline(), batch.Record("big", text, "x"))
    assert kept.chunks and not kept.pieces and kept.spool is None
    want = b"".join(kept.chunks).decode("utf-8")

    def emitted(out):
        results = work._work_chunk(job, [batch.Record("big", text, "x"), batch.Record("small", "会员12人。", "y")])
        spool = results[0].spool
        assert spool and all(d.spool == spool for d in results) and len(results[0].pieces) > 1
        run_mod._Emitter(Sink(out, "jsonl", "classify", True), batch.Stats(), None, None, None).emit_chunk(results)
        assert not Path(spool).exists()
        return out

    assert emitted(io.StringIO()).getvalue().startswith(want) and list(tmp_path.iterdir()) == []
    with open(tmp_path / "out.jsonl", "w", encoding="utf-8") as fh:
        emitted(fh)
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").startswith(want)

    def refused(*args):
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(os, "sendfile", refused)
    with open(tmp_path / "copied.jsonl", "w", encoding="utf-8") as fh:
        emitted(fh)
    assert (tmp_path / "copied.jsonl").read_bytes() == (tmp_path / "out.jsonl").read_bytes()
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").count("\n") > 50


def test_batch_hostile_full_spool_disk_stops_the_run(tmp_path, monkeypatch):
    """A worker that cannot write its spool file (a full disk) stops the run with one line naming the
    directory, instead of reporting every document bad."""
    import errno

    from zongjie.batch import work

    class Full(io.BytesIO):
        name = str(tmp_path / "full.spool")

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(work, "_spool_file", lambda directory: Full())
    job = batch.Job("extract", "jsonl", spool_dir=str(tmp_path))
    items = [("line", '{"id": 1, "text": "会员12人。"}'.encode(), f"d:{i}") for i in range(3)]
    with pytest.raises(batch.WorkerError, match=f"could not write its temporary file in {tmp_path}: No space left"):
        work._work_chunk(job, items)  # a WorkerError from a worker ends the run (see the "could not start" test)


def test_batch_sized_chunks_shrink_and_keep_every_item():
    """Chunks sized by input bytes: large while much is left, never under CHUNK_MIN or over CHUNK_MAX
    (but for the last), every item once and in order; a stream of unknown size gets CHUNK_STREAM."""
    from zongjie.batch import runner as run_mod

    items = [("line", b"x" * 4000, f"s:{i}") for i in range(3000)]
    total = sum(len(i[1]) for i in items)
    chunks = list(run_mod._sized_chunks(iter(items), 2, total))
    assert [i for c in chunks for i in c] == items
    sizes = [sum(len(i[1]) for i in c) for c in chunks]
    assert run_mod.CHUNK_MAX <= sizes[0] < run_mod.CHUNK_MAX + 4000
    assert all(a >= b for a, b in zip(sizes, sizes[1:-1]))  # shrinking
    assert min(sizes[:-1]) >= run_mod.CHUNK_MIN and sizes[-2] < run_mod.CHUNK_MIN + 4000
    assert 20 < len(chunks) < 3000 // 8
    stream = [sum(len(i[1]) for i in c) for c in run_mod._sized_chunks(iter(items), 2, None)]
    assert all(run_mod.CHUNK_STREAM <= n < run_mod.CHUNK_STREAM + 4000 for n in stream[:-1])
    tiny = list(run_mod._sized_chunks(iter([("line", b"{}", "s")] * 2500), 2, 5000))
    assert [len(c) for c in tiny] == [run_mod.CHUNK_ITEMS, run_mod.CHUNK_ITEMS, 500]
