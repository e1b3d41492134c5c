"""draft/sandbox.py: a user's --template is bounded in time, output and the size of its values.

The time bound is exercised with a small budget (``Budget(seconds=0.2)``) so the tests stay quick;
the CLI test runs the real bound once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from zongjie.cli import app
from zongjie.draft import build_draft, load_facts
from zongjie.draft.layout import DraftTemplateError, context
from zongjie.draft.sandbox import MAX_ITEMS, MAX_OUTPUT, Budget, render_user_template

ROOT = Path(__file__).resolve().parents[1]
FACTS = ROOT / "examples" / "facts.json"
runner = CliRunner()


@pytest.fixture(scope="module")
def ctx() -> dict:
    facts = load_facts(FACTS)
    return context(build_draft(facts), facts)


def _render(tmp_path: Path, ctx: dict, source: str, seconds: float = 0.2) -> str:
    t = tmp_path / "t.j2"
    t.write_text(source, encoding="utf-8")
    return render_user_template(t, ctx, Budget(seconds=seconds))


def _stopped(tmp_path: Path, ctx: dict, source: str, needle: str, seconds: float = 0.2) -> str:
    with pytest.raises(DraftTemplateError) as info:
        _render(tmp_path, ctx, source, seconds)
    msg = str(info.value)
    assert "\n" not in msg and needle in msg, msg
    return msg


@pytest.mark.parametrize("source", [
    "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}",
    "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    "{% set s = 'x' * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
    "{% for a in blocks %}{% for b in blocks %}{% for c in blocks %}{% for d in blocks %}{% for e in blocks %}"
    "{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}",
])
def test_sandbox_long_loops_stop_in_time(tmp_path, ctx, source):
    _stopped(tmp_path, ctx, source, "took longer than 0.2 s")


@pytest.mark.parametrize("source,needle", [
    ("{{ 2**(2**34) }}", "exceeds the template limit"),
    ("{{ 'x'*10**10 }}", "exceeds the template limit"),
    ("{{ [1]*10**9 }}", "exceeds the template limit"),
    ("{{ (10**3000) * (10**3000) }}", "exceeds the template limit"),
    ("{% set ns = namespace(s='x') %}{% for i in range(100) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
     "exceeds the template limit"),
    ("{% set ns = namespace(s='x') %}{% for i in range(100) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
     "exceeds the template limit"),
    ("{{ 'x'|center(9999999999) }}", "exceeds the template limit"),
    ("{{ 'x'.ljust(9999999999) }}", "exceeds the template limit"),
    ("{{ '{:>999999999}'.format(1) }}", "exceeds the template limit"),
    ("{{ '%0999999999d' % 1 }}", "exceeds the template limit"),
    ("{{ '%*d' % (999999999, 1) }}", "exceeds the template limit"),
    ("{{ '%0999999999d'|format(1) }}", "exceeds the template limit"),
    ("{{ ('x'*1000000).join(['a']*1000) }}", "exceeds the template limit"),
    ("{{ blocks|map(attribute='text')|join('-'*1000000) }}", "exceeds the template limit"),
    ("{{ ('x'*1000).join(range(100000)|map('string')) }}", "exceeds the template limit"),
    ("{{ ([10**2000]*1000000)|join }}", "exceeds the template limit"),
    ("{{ ('x'*1000)|replace('', 'y'*10000) }}", "exceeds the template limit"),
    ("{{ ('a\\n'*100000)|indent(100) }}", "exceeds the template limit"),
    ("{{ facts|tojson(100000) }}", "exceeds the template limit"),
])
def test_sandbox_huge_values_are_refused_before_they_are_made(tmp_path, ctx, source, needle):
    _stopped(tmp_path, ctx, source, needle, seconds=30)


def test_sandbox_output_is_bounded_including_captures(tmp_path, ctx):
    capture = ("{% set x %}{% for a in range(100000) %}{{ 'y' * 100000 }}{% endfor %}{% endset %}"
               "{{ x|length }}")
    _stopped(tmp_path, ctx, capture, f"more than {MAX_OUTPUT} characters", seconds=30)
    literal = "{% for a in range(100000) %}" + "z" * 100 + "{% endfor %}"
    _stopped(tmp_path, ctx, literal, f"more than {MAX_OUTPUT} characters", seconds=30)


def test_sandbox_recursion_and_lipsum(tmp_path, ctx):
    _stopped(tmp_path, ctx, "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(1) }}", "RecursionError", 30)
    _stopped(tmp_path, ctx, "{{ lipsum(100000) }}", "undefined")


def test_sandbox_ordinary_templates_still_work(tmp_path, ctx):
    source = ("{{ title }}|{% for b in blocks if b.section == 'welfare' %}{{ loop.index }}:{{ b.line[:6] }}"
              "{% if not loop.last %},{% endif %}{% endfor %}|{{ 'a' ~ 1 ~ '-' * 3 }}|{{ '%s=%d'|format('n', 3) }}"
              "|{{ '{}人'.format(56) }}|{{ blocks|map(attribute='kind')|unique|join(',') }}|{{ range(3)|list }}"
              "|{{ 2 ** 10 }}|{{ facts.organization|center(16) }}|{% for k, v in facts.period.items() %}{{ k }}{% endfor %}")
    out = _render(tmp_path, ctx, source, seconds=30)
    assert out.startswith("鑫钢集团炼钢厂工会2025年工作总结及2026年工作计划|1:（四）用心用,2:1.共走访慰,")
    for part in ("|a1---|", "|n=3|", "|56人|", "title,paragraph,heading", "|[0, 1, 2]|", "|1024|", "|year"):
        assert part in out, part
    assert len("x" * MAX_ITEMS) == MAX_ITEMS  # the bound itself is allowed
    assert len(_render(tmp_path, ctx, "{{ 'x' * %d }}" % MAX_ITEMS, seconds=30)) == MAX_ITEMS


def test_sandbox_cli_nested_range_one_line_exit_1(tmp_path):
    t = tmp_path / "slow.j2"
    t.write_text("{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}", encoding="utf-8")
    out = tmp_path / "d.txt"
    res = runner.invoke(app, ["draft", str(FACTS), "--template", str(t), "-o", str(out)])
    assert res.exit_code == 1 and "Traceback" not in res.output
    lines = [l for l in res.output.splitlines() if l.strip()]
    assert len(lines) == 1 and "template stopped" in lines[0] and "longer than" in lines[0]
    assert not out.exists()
