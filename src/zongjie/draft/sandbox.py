"""A user's ``--template``, rendered in jinja2's ``ImmutableSandboxedEnvironment`` within bounds.

The sandbox keeps a template away from Python internals and from mutating the data; it does not
bound work. Here each render gets a :class:`Budget` and ends with a one-line
:class:`DraftTemplateError` when it is spent:

- time: :data:`MAX_SECONDS`, checked on every loop iteration (each ``{% for %}`` iterable is wrapped
  when the template is parsed), call, attribute or item lookup, operator and filter;
- output: :data:`MAX_OUTPUT` characters, counting everything the template writes (text kept by
  ``{% set %}`` blocks and macros included, so a capture cannot grow unseen);
- intermediate values: operators are intercepted (``intercepted_binops`` / ``call_binop``) and
  refused before they compute a string or list longer than :data:`MAX_ITEMS` or an integer of
  more than :data:`MAX_INT_BITS` bits (``{{ 'x'*10**10 }}``, ``{{ 2**(2**34) }}``); ``range`` is
  jinja's ``safe_range`` (at most ``MAX_RANGE`` = 100000 items); widths, padding and repeat counts
  given to str methods and sizing filters (``center``, ``indent``, ``format``, ``'{:>N}'.format``,
  ``'%Nd' % x``, ``join``, ``replace`` ...) are checked against the same bound; every other result
  is checked after it is made. ``lipsum`` is not offered.
"""

from __future__ import annotations

import functools
import re
import string
import time
from pathlib import Path
from typing import Any, Callable, Optional, Union

from ..errors import InputError

MAX_SECONDS = 3.0
MAX_OUTPUT = 4_000_000
MAX_ITEMS = 1_000_000
MAX_INT_BITS = 10_000  # about 3000 digits, under Python's 4300-digit limit for writing an int
_SIZED = (str, bytes, list, tuple, dict, set, frozenset)
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")
_SIZE_FILTERS = frozenset({"batch", "center", "format", "indent", "join", "replace", "slice", "tojson",
                           "truncate", "wordwrap"})
ITER_GUARD, OUT_GUARD, VALUE_GUARD = "_zongjie_iter", "_zongjie_out", "_zongjie_value"


class DraftTemplateError(InputError):
    """A user template that cannot be read, parsed or rendered, or that exceeds a bound (one line)."""


class TemplateLimitError(Exception):
    """A render that spent its budget (time, output or value size)."""


class Budget:
    """The bounds of one render: a deadline and the characters written so far."""

    def __init__(self, seconds: float = MAX_SECONDS, output: int = MAX_OUTPUT):
        self.seconds, self.output = seconds, output
        self.deadline = time.monotonic() + seconds
        self.written = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimitError(f"rendering took longer than {self.seconds:g} s")

    def write(self, value: Any) -> str:
        text = str(value)
        self.written += len(text)
        if self.written > self.output:
            raise TemplateLimitError(f"the template writes more than {self.output} characters")
        self.tick()
        return text


# --- size checks ---------------------------------------------------------------------------

def _too_big(what: str) -> TemplateLimitError:
    return TemplateLimitError(f"{what} exceeds the template limit ({MAX_ITEMS} items, {MAX_INT_BITS}-bit integers)")


def check_size(value: Any) -> Any:
    if isinstance(value, _SIZED) and len(value) > MAX_ITEMS:
        raise _too_big(f"a {type(value).__name__} of {len(value)} items")
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise _too_big("an integer")
    return value


def _count(n: Any, what: str) -> None:
    if isinstance(n, int) and n > MAX_ITEMS:
        raise _too_big(f"{what} {n}")


def check_binop(op: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would be too big, before computing it."""
    ints = isinstance(left, int) and isinstance(right, int)
    if op == "**" and ints and right > 0 and abs(left) > 1:
        if left.bit_length() * right > MAX_INT_BITS:
            raise _too_big(f"{left} ** {right}")
    elif op == "*":
        if ints and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise _too_big("an integer product")
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, _SIZED) and isinstance(n, int) and n > 0 and len(seq) * n > MAX_ITEMS:
                raise _too_big(f"{len(seq)} items repeated {n} times")
    elif op == "+" and isinstance(left, _SIZED) and isinstance(right, _SIZED):
        if len(left) + len(right) > MAX_ITEMS:
            raise _too_big("a concatenation")
    elif op == "%" and isinstance(left, str):
        check_percent_format(left, right)


def check_percent_format(fmt: str, args: Any) -> None:
    """``'%999999999d' % 1`` and ``'%*d' % (10**9, 1)`` are refused."""
    for m in _PERCENT_SPEC.finditer(fmt):
        for g in m.groups():
            if g and g != "*":
                _count(int(g), "a width of")
            elif g == "*":
                for a in (args if isinstance(args, tuple) else (args,)):
                    _count(a, "a width of")


def check_str_format(fmt: str) -> None:
    """``'{:>999999999}'.format(x)``: widths and precisions in the format spec are bounded."""
    try:
        fields = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # str.format will raise the same error itself
    for _, _, spec, _ in fields:
        for digits in re.findall(r"\d+", spec or ""):
            _count(int(digits), "a width of")


def _text_len(x: Any) -> int:
    """About how long ``str(x)`` is, without making it (an int of 10000 bits has about 3011 digits)."""
    if isinstance(x, str):
        return len(x)
    if isinstance(x, int):
        return x.bit_length() * 30103 // 100000 + 2
    return len(x) * 8 if isinstance(x, _SIZED) else 24


def _join_size(sep: str, items: Any) -> None:
    if isinstance(items, _SIZED):
        n = len(items)
        total = len(sep) * max(n - 1, 0)
        if total > MAX_ITEMS or n > MAX_ITEMS:
            raise _too_big("a join")
        total += sum(_text_len(x) for x in items)
        if total > MAX_ITEMS:
            raise _too_big("a join")


def _replace_size(s: Any, old: Any, new: Any) -> None:
    if isinstance(s, str) and isinstance(old, str) and isinstance(new, str):
        hits = len(s) + 1 if old == "" else s.count(old)
        if len(s) + hits * (len(new) - len(old)) > MAX_ITEMS:
            raise _too_big("a replace")


def check_str_method(obj: Any, args: tuple, kwargs: dict) -> tuple:
    """Bounds for the str methods that can make a long string from a short one; the arguments to
    call with (a generator given to ``join`` is made a list first, so that it can be measured)."""
    owner = getattr(obj, "__self__", None)
    if not isinstance(owner, str):
        return args
    for a in list(args) + list(kwargs.values()):
        _count(a, "an argument of")
    name = getattr(obj, "__name__", "")
    if name == "join" and args:
        if not isinstance(args[0], _SIZED):
            args = (list(args[0]),) + args[1:]
        _join_size(owner, args[0])
    elif name == "replace" and len(args) >= 2:
        _replace_size(owner, args[0], args[1])
    elif name == "expandtabs":
        size = (args[0] if args else kwargs.get("tabsize", 8))
        if isinstance(size, int) and owner.count("\t") * size > MAX_ITEMS:
            raise _too_big("expandtabs")
    return args


def check_filter(name: str, value: Any, params: tuple, kwargs: dict) -> None:
    """Bounds for the filters whose parameters size their result."""
    for a in list(params) + list(kwargs.values()):
        _count(a, f"the {name} filter's argument")
    if name == "join":
        sep = params[0] if params else kwargs.get("d", "")
        _join_size(sep if isinstance(sep, str) else "", value)
    elif name == "replace" and len(params) >= 2:
        _replace_size(value, params[0], params[1])
    elif name == "indent" and isinstance(value, str):
        width = params[0] if params else kwargs.get("width", 4)
        if isinstance(width, int) and len(value) + width * (value.count("\n") + 1) > MAX_ITEMS:
            raise _too_big("an indent")
    elif name == "format" and isinstance(value, str):
        check_percent_format(value, tuple(params))
    elif name == "tojson":
        indent = params[0] if params else kwargs.get("indent")
        if isinstance(indent, int) and indent > 16:
            raise _too_big(f"a tojson indent of {indent}")


# --- the environment -----------------------------------------------------------------------

def _guarded_iter(budget: Budget, iterable: Any):
    for item in iterable:
        budget.tick()
        yield item


def _guard_filter(budget: Budget, name: str, func: Callable) -> Callable:
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0  # context / environment first

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        budget.tick()
        if name == "join" and len(args) > skip and not isinstance(args[skip], _SIZED):
            args = args[:skip] + (list(args[skip]),) + args[skip + 1:]  # a generator: count it first
        if name in _SIZE_FILTERS and len(args) > skip:
            check_filter(name, args[skip], args[skip + 1:], kwargs)
        return check_size(func(*args, **kwargs))

    return run


def limited_env(budget: Budget):
    """An ``ImmutableSandboxedEnvironment`` whose work is bounded by ``budget``."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range

    class LimitedSandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})

        def call_binop(self, context, operator, left, right):
            budget.tick()
            check_binop(operator, left, right)
            return check_size(super().call_binop(context, operator, left, right))

        def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - jinja's own signature
            budget.tick()
            if any(__obj is g for g in guards):
                return super().call(__context, __obj, *args, **kwargs)
            args = check_str_method(__obj, args, kwargs)
            return check_size(super().call(__context, __obj, *args, **kwargs))

        def getattr(self, obj, attribute):
            budget.tick()
            return super().getattr(obj, attribute)

        def getitem(self, obj, argument):
            budget.tick()
            return super().getitem(obj, argument)

        def wrap_str_format(self, value):
            fmt = super().wrap_str_format(value)
            if fmt is None:
                return None
            check_str_format(value.__self__)
            return fmt

    env = LimitedSandbox(autoescape=False, undefined=StrictUndefined, trim_blocks=True,
                         lstrip_blocks=True, keep_trailing_newline=True)
    env.globals.pop("lipsum", None)
    env.globals["range"] = safe_range
    guards = (functools.partial(_guarded_iter, budget), budget.write, check_size)
    env.globals.update(zip((ITER_GUARD, OUT_GUARD, VALUE_GUARD), guards))
    env.filters = {name: _guard_filter(budget, name, f) for name, f in env.filters.items()}
    env.tests = {name: _guard_filter(budget, name, f) for name, f in env.tests.items()}
    return env


def guard_tree(tree):
    """Rewrite a parsed template so that loops tick the budget, all writing is counted and every
    ``~`` concatenation is size-checked."""
    from jinja2 import nodes
    from jinja2.visitor import NodeTransformer

    def call(name: str, node):
        return nodes.Call(nodes.Name(name, "load"), [node], [], None, None, lineno=node.lineno)

    class Guard(NodeTransformer):
        def visit_For(self, node):
            node = self.generic_visit(node)
            node.iter = call(ITER_GUARD, node.iter)
            return node

        def visit_Output(self, node):
            node = self.generic_visit(node)
            node.nodes = [call(OUT_GUARD, n) for n in node.nodes]
            return node

        def visit_Concat(self, node):
            return call(VALUE_GUARD, self.generic_visit(node))

    return Guard().visit(tree)


def render_user_template(path: Union[str, Path], ctx: dict, budget: Optional[Budget] = None) -> str:
    """A user's template rendered with ``ctx``, sandboxed and bounded; one-line errors."""
    from jinja2 import TemplateError, TemplateSyntaxError
    from jinja2.exceptions import SecurityError, UndefinedError

    p = Path(path)
    try:
        source = p.read_text(encoding="utf-8")
    except OSError as err:
        raise DraftTemplateError(f"{p}: cannot read template: {err.strerror or err}") from None
    except UnicodeDecodeError:
        raise DraftTemplateError(f"{p}: template is not UTF-8 text") from None
    budget = budget or Budget()
    env = limited_env(budget)
    try:
        template = env.from_string(guard_tree(env.parse(source)))
        chunks = []
        for chunk in template.generate(**ctx):  # each chunk was counted when it was written
            budget.tick()
            chunks.append(chunk)
        out = "".join(chunks)
        if len(out) > budget.output:
            raise TemplateLimitError(f"the template writes more than {budget.output} characters")
    except TemplateSyntaxError as err:
        raise DraftTemplateError(f"{p}:{err.lineno}: template syntax error: {_one_line(err)}") from None
    except TemplateLimitError as err:
        raise DraftTemplateError(f"{p}: template stopped: {err}") from None
    except SecurityError as err:
        raise DraftTemplateError(f"{p}: template refused by the sandbox: {_one_line(err)}") from None
    except UndefinedError as err:
        raise DraftTemplateError(f"{p}: template uses an undefined value: {_one_line(err)}") from None
    except TemplateError as err:
        raise DraftTemplateError(f"{p}: template error: {_one_line(err)}") from None
    except MemoryError:
        raise DraftTemplateError(f"{p}: template stopped: out of memory") from None
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError,
            OverflowError, RecursionError) as err:
        raise DraftTemplateError(f"{p}: template failed: {type(err).__name__}: {_one_line(err)}") from None
    return out


def _one_line(err: BaseException) -> str:
    text = " ".join(str(getattr(err, "message", None) or err).split())
    return text if len(text) <= 200 else text[:200] + "…"
