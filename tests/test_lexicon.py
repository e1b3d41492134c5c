"""zongjie's own jieba lexicon: union terms kept whole, the global jieba untouched, jieba kept quiet."""

from __future__ import annotations

import logging

import pytest

jieba = pytest.importorskip("jieba")

from zongjie import lexicon  # noqa: E402


@pytest.fixture(scope="module")
def plain():
    """A plain jieba tokenizer of its own (the default dictionary only)."""
    log = logging.getLogger("jieba")
    old = log.level
    log.setLevel(logging.WARNING)
    try:
        tk = jieba.Tokenizer()
        tk.initialize()
    finally:
        log.setLevel(old)
    return tk


def test_lexicon_file_format_and_size():
    rows = lexicon.union_words()
    assert len(rows) >= 80
    words = [w for w, _, _ in rows]
    assert len(words) == len(set(words)), "duplicate words"
    for word, freq, tag in rows:
        assert word.strip() == word and " " not in word
        assert freq > 0 and tag.isalpha()
    for must in ("职代会", "教代会", "送温暖", "金秋助学", "工资集体协商", "厂务公开", "职工之家", "劳模创新工作室",
                 "困难职工", "医疗互助", "女职工委员会", "合理化建议", "技能比武", "岗位练兵", "会员代表大会",
                 "经审委员会", "工会经费", "入会率", "疗休养", "送清凉"):
        assert must in words


def test_lexicon_keeps_terms_whole_that_plain_jieba_splits(plain):
    tk = lexicon.tokenizer()
    rows = lexicon.union_words()
    split_by_plain = [w for w, _, _ in rows if plain.lcut(w) != [w]]
    kept_whole = [w for w in split_by_plain if tk.lcut(w) == [w]]
    assert len(split_by_plain) >= 80
    assert len(kept_whole) >= 50, kept_whole
    assert all(tk.lcut(w) == [w] for w, _, _ in rows)


def test_lexicon_in_context():
    words = lexicon.cut("厂工会召开职代会，开展金秋助学和夏送清凉活动，走访慰问困难职工。")
    for term in ("职代会", "金秋助学", "夏送清凉", "走访慰问", "困难职工"):
        assert term in words


def test_lexicon_tokenizer_is_cached_and_private():
    tk = lexicon.tokenizer()
    assert lexicon.tokenizer() is tk
    assert tk is not jieba.dt
    assert lexicon.pos_tokenizer().tokenizer is tk
    tags = {p.word: p.flag for p in lexicon.pos_tokenizer().cut("开展劳模创新工作室建设")}
    assert tags.get("劳模创新工作室") == "n"


def test_lexicon_leaves_global_jieba_untouched(plain):
    probe = ["职代会", "金秋助学", "劳模创新工作室", "工资集体协商", "夏送清凉"]
    before = [jieba.lcut(w) for w in probe]
    lexicon.tokenizer()
    after = [jieba.lcut(w) for w in probe]
    assert before == after
    assert after == [plain.lcut(w) for w in probe]
    assert "劳模创新工作室" not in jieba.dt.FREQ


def test_lexicon_restores_jieba_logger_level():
    log = logging.getLogger("jieba")
    old = log.level
    log.setLevel(logging.DEBUG)
    try:
        lexicon.tokenizer.cache_clear()
        lexicon.pos_tokenizer.cache_clear()
        with lexicon._quiet_jieba():
            assert log.level == logging.WARNING
        lexicon.tokenizer()
        assert log.level == logging.DEBUG
    finally:
        log.setLevel(old)


def test_lexicon_initialise_is_silent(capfd):
    lexicon.tokenizer.cache_clear()
    lexicon.pos_tokenizer.cache_clear()
    capfd.readouterr()
    lexicon.tokenizer()
    out, err = capfd.readouterr()
    assert "Prefix dict" not in err and "Loading model" not in err and out == ""


def test_lexicon_import_is_lazy():
    import subprocess
    import sys

    code = "import sys, zongjie, zongjie.lexicon, zongjie.corpus.phrases, zongjie.corpus.check; print('jieba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
