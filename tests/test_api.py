"""The public API: lazy, small, typed; every ```python example of README.md runs."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def _python_blocks() -> list[tuple[int, str]]:
    text = README.read_text(encoding="utf-8")
    return [(text[:m.start()].count("\n") + 1, m.group(1))
            for m in re.finditer(r"^```python\n(.*?)^```", text, flags=re.S | re.M)]


def test_api_readme_has_python_examples():
    assert len(_python_blocks()) >= 4


@pytest.mark.parametrize("line, code", _python_blocks(), ids=lambda v: f"README.md:{v}" if isinstance(v, int) else "")
def test_api_readme_example_runs(line, code, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, f"README.md:{line}", "exec"), {"__name__": "__readme__"})
    assert out.getvalue().strip(), f"README.md:{line} printed nothing"


def test_api_import_is_lazy_and_light():
    code = ("import sys, zongjie; heavy = [m for m in ('spacy', 'jieba', 'sklearn', 'numpy', 'opencc') "
            "if m in sys.modules]; print(heavy, sorted(zongjie.__all__)[:3])")
    res = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True,
                         timeout=60, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("[]")
    total_us = sum(int(l.split("|")[1]) for l in res.stderr.splitlines() if "| zongjie" in l and l.count("|") == 2
                   and l.split("|")[2].strip() == "zongjie")
    assert total_us < 200_000  # import zongjie itself (cumulative) under 0.2 s


def test_api_names_resolve_and_are_documented():
    import zongjie

    for name in zongjie.__all__:
        obj = getattr(zongjie, name)
        assert obj is not None and (name == "__version__" or obj.__doc__), name
    assert (ROOT / "src" / "zongjie" / "py.typed").exists()
    with pytest.raises(AttributeError):
        zongjie.no_such_name  # noqa: B018


def test_api_models_load_once_per_process_pipelines_are_the_callers():
    """The heavy reads (section model, union lexicon) are shared; a pipeline belongs to its caller."""
    from zongjie.classify import load_model
    from zongjie.lexicon import tokenizer

    import zongjie

    assert load_model() is load_model() and tokenizer() is tokenizer()
    a, b = zongjie.load(), zongjie.load()
    assert a is not b
    a.remove_pipe("zongjie_figures")
    assert "zongjie_figures" in b.pipe_names


def test_api_figure_to_dict_has_every_field_in_order():
    from dataclasses import fields

    from zongjie.records import Figure

    f = Figure("约30人", 3, 7, 30, "人", "count", approx=True, values=(30, 40))
    d = f.to_dict()
    assert list(d) == [x.name for x in fields(Figure)] and d["values"] == [30, 40] and d["approx"] is True


def test_api_readme_first_example_passes_mypy_strict(tmp_path):
    """README's first Python example type-checks under ``mypy --strict`` (explicit re-exports, py.typed)."""
    pytest.importorskip("mypy")
    line, code = _python_blocks()[0]
    assert "import zongjie" in code
    example = tmp_path / "readme_example.py"
    example.write_text(code, encoding="utf-8")
    env = {**os.environ, "MYPYPATH": str(ROOT / "src")}
    res = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent",
                          "--cache-dir", str(tmp_path / "cache"), str(example)],
                         capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr


@pytest.mark.parametrize("name, attr", [("segment", "segment"), ("classify", "classify"), ("draft", "render"),
                                        ("figures", "extract_figures"), ("read", "read_text")])
def test_api_stage_names_are_modules(name, attr):
    import importlib
    import types

    module = importlib.import_module(f"zongjie.{name}")
    import zongjie

    assert isinstance(getattr(zongjie, name), types.ModuleType) and getattr(zongjie, name) is module
    assert callable(getattr(module, attr))


def test_api_no_module_shadows_the_standard_library():
    stdlib = set(sys.stdlib_module_names)
    ours = {p.stem for p in (ROOT / "src" / "zongjie").rglob("*.py") if p.stem != "__init__"}
    ours |= {p.name for p in (ROOT / "src" / "zongjie").rglob("*") if p.is_dir() and (p / "__init__.py").exists()}
    assert not (ours & stdlib), ours & stdlib
