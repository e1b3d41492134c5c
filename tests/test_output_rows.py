"""The rows of ``zongjie extract``: built field by field for speed, they must equal the figure's own
``to_dict`` in the documented column order, and ``dumps`` must equal compact ``json.dumps``."""

from __future__ import annotations

import json
import math

import pytest

from zongjie.output import FIELDS, NO_ID, dumps, rows
from zongjie.pipeline import Pipeline

TEXT = ("2024年，工会发放慰问金约1.15万元，覆盖困难职工38户，入会率达到98.6%。\n"
        "下半年计划开展培训2至3次，预计参与xx人，20xx年完成第三届职代会换届。\n")


def test_extract_rows_match_figure_to_dict_in_column_order():
    analysis = Pipeline(sections=False).analyse(TEXT)
    got = [r for da in analysis.documents for r in rows("extract", da, NO_ID)]
    want = [{"doc": da.doc, "block": lb.index, **{k: f.to_dict()[k] for k in FIELDS["extract"][2:]}}
            for da in analysis.documents for lb in da.blocks for f in lb.figures]
    assert len(got) >= 8 and got == want
    assert all(tuple(r) == FIELDS["extract"] for r in got)
    assert any(r["value"] is None for r in got) and any(r["values"] for r in got)  # placeholder, range


@pytest.mark.parametrize("obj", [{"a": "中文\"\n", "b": 1.5, "c": [None, 2], "d": True}, [1, "x"], "文"])
def test_dumps_is_json_dumps(obj):
    assert dumps(obj) == json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def test_dumps_refuses_nan():
    for obj in ({"v": math.nan}, {"values": [1.0, -math.inf]}, [{"v": None, "w": math.inf}]):
        with pytest.raises(ValueError):
            dumps(obj)


@pytest.mark.parametrize("obj", [{"v": 2 ** 70}, {"id": "\udc80"}, {1: "a"}])
def test_dumps_writes_what_orjson_cannot_as_json_does(obj):
    assert dumps(obj) == json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _sink_output(out, fmt):
    from zongjie.output import Sink, render

    sink = Sink(out, fmt, "extract", True)
    analysis = Pipeline(sections=False).analyse(TEXT)
    sink.begin()
    for da in analysis.documents:
        sink.write(render(fmt, "extract", rows("extract", da, "d1"), True).encode("utf-8"))
    sink.write(b"")
    sink.end()


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "table"])
def test_sink_writes_the_same_text_to_a_utf8_stream_a_string_and_a_gbk_stream(fmt):
    """UTF-8 bytes go straight to a UTF-8 stream's buffer; a StringIO or a GBK stream gets them decoded:
    every stream ends with the same text, in its own encoding."""
    import io

    text = io.StringIO()
    _sink_output(text, fmt)
    utf8_raw, gbk_raw = io.BytesIO(), io.BytesIO()
    utf8, gbk = io.TextIOWrapper(utf8_raw, encoding="utf-8"), io.TextIOWrapper(gbk_raw, encoding="gbk")
    _sink_output(utf8, fmt)
    _sink_output(gbk, fmt)
    assert "慰问金" in text.getvalue()
    assert utf8_raw.getvalue().decode("utf-8") == text.getvalue()
    assert gbk_raw.getvalue().decode("gbk") == text.getvalue()


def test_sink_flushes_each_chunk_of_a_line_buffered_stream():
    """A terminal's stdout is line-buffered: each document's rows show when written, not at the end."""
    import io

    from zongjie.output import Sink

    raw = io.BytesIO()
    out = io.TextIOWrapper(io.BufferedWriter(raw, buffer_size=1 << 16), encoding="utf-8", line_buffering=True)
    sink = Sink(out, "jsonl", "extract", True)
    sink.begin()
    sink.write('{"surface":"3次"}\n'.encode("utf-8"))
    assert raw.getvalue() == '{"surface":"3次"}\n'.encode("utf-8")


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json", "table"])
def test_sink_copy_joins_adjacent_pieces_only_where_nothing_goes_between(tmp_path, monkeypatch, fmt):
    """A worker's spool holds documents back to back: for jsonl and csv the sink copies each run of
    adjacent pieces in one ``sendfile``, for json and table it writes a separator between pieces;
    the text is the same as writing each piece on its own, a gap or an empty piece included."""
    import os

    from zongjie.output import Sink

    docs = [b'{"a":1}\n', b'{"b":2}\n', b"", b'{"c":3}\n', b'{"d":4}\n']
    spool = tmp_path / "x.spool"
    spool.write_bytes(b"".join(docs[:3]) + b"GAP" + b"".join(docs[3:]))
    offsets = [0, 8, 16, 19, 27]
    pieces = [(o, len(d)) for o, d in zip(offsets, docs)]
    calls = []
    real = os.sendfile

    def counted(*args):
        calls.append(args[2:])
        return real(*args)

    monkeypatch.setattr(os, "sendfile", counted)

    def written(path, as_copy):
        with open(path, "w", encoding="utf-8") as out:
            sink = Sink(out, fmt, "extract", True)
            sink.begin()
            if as_copy:
                with open(spool, "rb", buffering=0) as fh:
                    sink.copy(fh.fileno(), pieces)
            else:
                for d in docs:
                    sink.write(d)
            sink.end()
            assert sink.chunks == 4
        return path.read_bytes()

    assert written(tmp_path / "copied", True) == written(tmp_path / "written", False)
    assert b"GAP" not in (tmp_path / "copied").read_bytes()
    assert calls == ([(0, 16), (19, 16)] if fmt in ("jsonl", "csv") else [(0, 8), (8, 8), (19, 8), (27, 8)])
