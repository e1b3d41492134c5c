"""HTML pages: figures marked by kind, blocks coloured by section, atomic writes; seen in Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zongjie.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = str(ROOT / "examples" / "sample_summary.txt")
runner = CliRunner()


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("html") / "sample.html"
    res = runner.invoke(app, ["classify", SAMPLE, "--html", str(out)])
    assert res.exit_code == 0, res.stderr
    return out


def test_html_page_marks_figures_and_sections(page):
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and 'charset="utf-8"' in text
    kinds = re.findall(r'<mark class="zj-fig zj-fig-(\w+)" data-kind="\1"', text)
    assert len(kinds) >= 25 and {"count", "money", "percent", "date"} <= set(kinds)
    assert re.search(r'data-kind="count"[^>]*>86人<span class="zj-fig-label">count</span></mark>', text)
    sections = set(re.findall(r'data-section="(\w+)" style="--zj-colour', text))
    assert {"organization", "democracy", "competitions", "welfare", "culture", "problems", "plans"} <= sections
    legend = text[text.index('id="zj-legend"'):text.index("</div></div>")]
    assert "welfare 维权帮扶" in legend and "democracy 民主管理" in legend


def test_html_refuses_to_overwrite_without_force(page):
    before = page.read_bytes()
    res = runner.invoke(app, ["extract", SAMPLE, "--html", str(page)])
    assert res.exit_code == 1 and "--force" in res.stderr and page.read_bytes() == before
    res = runner.invoke(app, ["extract", SAMPLE, "--html", str(page), "--force"])
    assert res.exit_code == 0 and 'class="zj-fig' in page.read_text(encoding="utf-8")
    assert not [p for p in page.parent.iterdir() if p.name.endswith(".tmp")]


def test_html_escapes_text(tmp_path):
    from zongjie.page import page_for_text

    html = page_for_text("一、组织建设\n<script>alert(1)</script>全年发展会员12人。\n", sections=False)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_html_with_batch_input_is_usage_error(tmp_path):
    src = tmp_path / "d.jsonl"
    src.write_text('{"id": 1, "text": "会员12人。"}\n', encoding="utf-8")
    res = runner.invoke(app, ["extract", str(src), "--html", str(tmp_path / "x.html")])
    assert res.exit_code == 2


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.mark.skipif(CHROMIUM is None, reason="no headless Chromium on this system")
def test_html_in_headless_chromium(page, tmp_path):
    """Chromium renders the page: the marks and section colours are in the live DOM with their styles."""
    probe = tmp_path / "probe.html"
    script = """
<script>
window.addEventListener('load', () => {
  const marks = [...document.querySelectorAll('mark.zj-fig')];
  const blocks = [...document.querySelectorAll('.zj-block[data-section]')];
  const out = {
    marks: marks.length,
    markBg: [...new Set(marks.map(m => getComputedStyle(m).backgroundColor))].length,
    sectionBorders: [...new Set(blocks.map(b => getComputedStyle(b).borderLeftColor))].length,
    visible: marks.filter(m => m.getBoundingClientRect().width > 0).length,
  };
  document.body.setAttribute('data-probe', JSON.stringify(out));
});
</script>"""
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", script + "</body>"), encoding="utf-8")
    res = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                          probe.as_uri()], capture_output=True, text=True, timeout=60)
    m = re.search(r"data-probe=\"([^\"]+)\"", res.stdout)
    assert m, res.stderr[-500:]
    import html as _html
    import json

    probe_data = json.loads(_html.unescape(m.group(1)))
    assert probe_data["marks"] >= 25 and probe_data["visible"] == probe_data["marks"]
    assert probe_data["markBg"] >= 4          # figure kinds in different colours
    assert probe_data["sectionBorders"] >= 7  # paragraphs coloured by section


def test_page_text_is_data_never_template_source():
    from zongjie.page import page_for_text

    page = page_for_text("一、组织建设\n{{ 7*7 }}{% raw %}<img src=x onerror=alert(1)>会员12人。\n", sections=False)
    assert "{{ 7*7 }}{% raw %}" in page and "49" not in page
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_page_built_from_an_analysis_covers_every_character():
    """Every character of the text is on the page once (noise greyed out), figures marked where found."""
    import html as _html

    from zongjie.page import render_page
    from zongjie.pipeline import Pipeline

    text = open(SAMPLE, encoding="utf-8").read()
    analysis = Pipeline().analyse(text)
    page = render_page(analysis, "t")
    body = page[page.index('<section class="zj-doc"'):]
    shown = _html.unescape(re.sub(r'<h2>[^<]*</h2>|<span class="zj-(sec|fig-label)">[^<]*</span>|<[^>]+>|\n', "", body))
    assert shown == text.replace("\n", "")
    assert len(re.findall(r'<mark class="zj-fig', page)) == len(analysis.figures)
    assert page.count('class="zj-block zj-noise"') == sum(lb.block.kind == "noise" for lb in analysis.blocks)
