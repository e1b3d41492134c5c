"""Property tests: arbitrary text never raises and every span is exact."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from zongjie.figures import extract_figures

ALPHABET = st.sampled_from(
    list("0123456789０１２３４５６７８９xX×_＿.,%％、至-~一二两三四五六七八九十百千万亿〇零壹叁第约近余多左右以上年月日号人次元个名成百分之点")
    + list("，。；：（）“” \n工会职工活动")
)
MIXED = st.one_of(st.text(ALPHABET, max_size=60), st.text(max_size=40))


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_figures_never_raise_and_spans_exact(text):
    last = 0
    for f in extract_figures(text):
        assert 0 <= f.start < f.end <= len(text)
        assert f.start >= last
        assert text[f.start:f.end] == f.surface
        assert f.kind in ("count", "money", "percent", "date", "ordinal", "other")
        assert isinstance(f.value, (int, float)) and not isinstance(f.value, bool)
        assert (not f.known) or not f.placeholder
        assert (f.kind == "date") == bool(f.date) or f.placeholder
        assert bool(f.approx_marker) == f.approx
        last = f.end
