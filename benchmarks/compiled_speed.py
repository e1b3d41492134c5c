"""What the mypyc-compiled modules (setup.py, ``zongjie._build.COMPILED``) buy: ``zongjie extract`` as
installed against the same source run as plain Python, as whole processes on the same texts in one run.

The plain side is a copy of the installed package's source without its extension modules, put first on
``PYTHONPATH`` and byte-compiled (as an installed package is). Both sides run ``zongjie extract FILE
--format jsonl`` on one large text and on a JSONL stream of small documents (``--jobs 1``), interleaved,
best wall and CPU seconds of ``--repeat``; their outputs must be byte for byte the same.

Run from the repository root:  python benchmarks/compiled_speed.py [--mb 3] [--doc-kb 4] [--repeat 3]
"""

from __future__ import annotations

import compileall
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from extract_speed import big_text, compile_bytecode, corpus_texts, size_arguments, small_docs


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds, sha256 of the output) of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {proc.stderr.decode()[-300:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, hashlib.sha256(proc.stdout).hexdigest()


def which_build(env: dict[str, str]) -> list[str]:
    code = "import json, zongjie._build as b; print(json.dumps(b.compiled_modules()))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout)


def main() -> None:
    args = size_arguments(__doc__.splitlines()[0], repeat=3)
    print(compile_bytecode())
    exe = Path(sys.executable).with_name("zongjie")
    cli = [str(exe)] if exe.exists() else [sys.executable, "-m", "zongjie"]
    texts = corpus_texts()
    with tempfile.TemporaryDirectory(prefix="zongjie-plain-") as tmp:
        from zongjie import _build

        root = _build.plain_copy(tmp)
        compileall.compile_dir(Path(root) / "zongjie", quiet=1)  # as an installed package's modules are
        installed = dict(os.environ)
        plain = {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
        compiled = which_build(installed)
        if not compiled:
            sys.exit("this installation runs no compiled module (pip install -e . with mypy and a C compiler)")
        if which_build(plain):
            sys.exit("the plain copy imported compiled modules")
        big = Path(tmp) / "corpus.txt"
        big.write_text(big_text(texts, args.mb), encoding="utf-8")
        stream = Path(tmp) / "docs.jsonl"
        with open(stream, "w", encoding="utf-8") as fh:
            for i, d in enumerate(small_docs(texts, args.mb, args.doc_kb)):
                fh.write(json.dumps({"id": f"d{i}", "text": d}, ensure_ascii=False) + "\n")
        inputs = {"large file": [str(big)], "JSONL stream": [str(stream), "--jobs", "1"]}
        best: dict[tuple[str, str], tuple[float, float]] = {}
        digests: dict[tuple[str, str], set[str]] = {}
        for _ in range(args.repeat):
            for label, extra in inputs.items():
                for side, env in (("plain", plain), ("compiled", installed)):
                    wall, cpu, digest = run([*cli, "extract", *extra, "--format", "jsonl"], env)
                    w0, c0 = best.get((label, side), (float("inf"), float("inf")))
                    best[(label, side)] = (min(w0, wall), min(c0, cpu))
                    digests.setdefault((label, side), set()).add(digest)
    print(f"compiled here: {', '.join(compiled)}")
    print(f"zongjie extract --format jsonl, whole processes, best of {args.repeat}: plain Python -> compiled")
    for label in inputs:
        (pw, pc), (cw, cc) = best[(label, "plain")], best[(label, "compiled")]
        same = "same output" if digests[(label, "plain")] == digests[(label, "compiled")] and \
            len(digests[(label, "plain")]) == 1 else "OUTPUTS DIFFER"
        print(f"  {label:13s} {pw:6.2f} s -> {cw:6.2f} s wall ({pw / cw:.2f}x), "
              f"{pc:6.2f} s -> {cc:6.2f} s CPU ({pc / cc:.2f}x)  {same}")


if __name__ == "__main__":
    main()
