"""zongjie past one machine: map the pipeline over a Dask bag of JSONL files.

    pip install 'zongjie[dask]'
    python examples/dask_bag.py 'corpus-*.jsonl' out/ --task extract --workers 2
    # or against a running cluster: --scheduler tcp://host:8786

Each input line is a ``{"id": ..., "text": ...}`` document. ``zongjie.batch.process_line`` is a
pure, picklable function (a line in, its JSONL rows or a ``Bad`` report out), so Dask can ship it
to worker processes on any machine; every worker loads the section model once and reuses it.
The output files ``out/0.jsonl, out/1.jsonl ...`` (one per input file, in order) hold exactly
the rows ``zongjie extract --format jsonl --jobs 1`` writes for the same files; bad lines are reported by file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional


def _rows(result) -> list[str]:
    from zongjie.batch import Bad
    from zongjie.output import dumps

    if isinstance(result, Bad):
        return []
    return [dumps(row) for row in result]


def _bad(pair) -> list[str]:
    from zongjie.batch import Bad

    result, path = pair
    return [f"{path}: {result}"] if isinstance(result, Bad) else []


def run(pattern: str, out_dir: str, task: str = "extract", workers: int = 2,
        scheduler: Optional[str] = None) -> list[str]:
    """Process every line of the files matching ``pattern``; return the bad-line reports."""
    import dask
    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    from zongjie.batch import process_line

    Path(out_dir).mkdir(parents=True, exist_ok=True)
    if scheduler:
        client, cluster = Client(scheduler), None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        # one partition per file keeps the output order and ties every line to its file
        lines = db.read_text(pattern, blocksize=None, include_path=True)
        lines = lines.filter(lambda pair: pair[0].strip() != "")
        results = lines.map(lambda pair: (process_line(pair[0], task, where=pair[1]), pair[1]))
        rows = results.map(lambda pair: _rows(pair[0])).flatten()
        writes = rows.to_textfiles(str(Path(out_dir) / "*.jsonl"), compute=False)
        bad = results.map(_bad).flatten()
        _, reports = dask.compute(writes, bad)
        return list(reports)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pattern", help="JSONL files, e.g. 'data/*.jsonl'")
    ap.add_argument("out_dir")
    ap.add_argument("--task", choices=("extract", "classify"), default="extract")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--scheduler", help="address of a running Dask scheduler")
    args = ap.parse_args(argv)
    reports = run(args.pattern, args.out_dir, args.task, args.workers, args.scheduler)
    for r in reports:
        print(f"error: {r}", file=sys.stderr)
    return 1 if reports else 0


if __name__ == "__main__":
    sys.exit(main())
