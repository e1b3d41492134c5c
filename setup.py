"""Build: the package is pure Python; the hot modules of ``zongjie extract`` are also compiled with mypyc.

The modules in :data:`COMPILED` (the segmenter and the figure finder, typed so that mypy accepts them) are
turned into C extensions by mypyc when it and a C compiler are there: an extension module is imported in
place of the ``.py`` beside it and runs the same code faster (``benchmarks/compiled_speed.py`` measures
it; ``tests/test_build.py`` checks that both give the same blocks and figures). When the compiler fails,
the build warns and the pure-Python modules are used (:class:`AllOrNone`).

``ZONGJIE_PURE_PYTHON=1`` builds without extensions (for debugging, or to compare the two).
All other metadata is in ``pyproject.toml``.
"""

from __future__ import annotations

import os
import runpy
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))
#: the modules compiled: the one list is zongjie/_build.py's (read as a file: zongjie is not importable here)
COMPILED = runpy.run_path(os.path.join(HERE, "src", "zongjie", "_build.py"))["COMPILED"]


#: the setup.py commands that build extensions (pip's metadata steps, egg_info and dist_info, do not: mypyc's
#: type check and C generation take most of a minute and would run once per step)
BUILDS = {"build", "build_ext", "bdist_wheel", "editable_wheel", "develop", "install"}


def _extensions() -> list:
    if os.environ.get("ZONGJIE_PURE_PYTHON", "") not in ("", "0") or not BUILDS & set(sys.argv[1:]):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:  # no mypy in this build environment: pure Python
        return []
    cwd = os.getcwd()
    os.chdir(os.path.join(HERE, "src"))  # module names come from paths relative to the source root
    try:
        build = os.path.join(HERE, "build", "mypyc")
        paths = [name.replace(".", "/") + ".py" for name in COMPILED]
        exts = mypycify(["--ignore-missing-imports", "--follow-imports=silent", "--cache-dir", os.path.join(build, "cache"),
                         *paths], group_name="zongjie_native", target_dir=build)
    finally:
        os.chdir(cwd)
    for ext in exts:
        ext.sources = [s if os.path.isabs(s) else os.path.join("src", s) for s in ext.sources]
    return exts


class AllOrNone(build_ext):
    """The compiled modules are built all or none: they share one library, and a module whose library
    failed would fail to import. A failed compile (no C compiler, no Python headers) warns, removes what
    was built, and leaves the pure-Python modules in use."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # CompileError, DistutilsExecError, ... : whatever the compiler step raises
            inplace = self.inplace
            for flag in (0, 1):
                self.inplace = flag
                for ext in self.extensions:
                    path = self.get_ext_fullpath(ext.name)
                    if os.path.exists(path):
                        os.remove(path)
            self.inplace = inplace
            self.warn(f"zongjie: the compiled modules could not be built ({type(exc).__name__}: {str(exc)[-160:]}); "
                      "the pure-Python ones are used")


setup(ext_modules=_extensions(), cmdclass={"build_ext": AllOrNone})
