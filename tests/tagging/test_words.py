"""tagging/words.py: jieba's words over the memory-mapped dictionary are jieba's own words."""

from __future__ import annotations

import jieba
import pytest

from gik_nlp.tagging import words

#: Runs of hanzi as reports print them: row headers, prose, names, traditional copies, unknown words
#: (jieba's HMM), one character, a run longer than any dictionary word.
RUNS = [
    "政府信息公开工作年度报告", "本年新收政府信息公开申请数量", "其中主动公开规范性文件", "予以公开",
    "凉州区张义镇人民政府", "阿拉山口市人民政府办公室", "政府信息公開工作年度報告", "岳西县五河镇",
    "通过政府门户网站主动公开政府信息", "截至目前共收到咨询投诉件", "申", "平潭综合实验区管委会",
    "因他人隐私不予公开" * 8,
]


@pytest.fixture(scope="module")
def reference() -> jieba.Tokenizer:
    """jieba's own tokenizer, its dictionary loaded the usual way."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


@pytest.mark.parametrize("run", RUNS)
def test_mapped_words_are_jiebas_words(reference, run):
    assert words.cut(run) == tuple(reference.cut(run, HMM=True))


def test_the_mapped_dictionary_holds_jiebas_counts(reference):
    tokenizer = words.tokenizer()
    assert isinstance(tokenizer, words.MappedTokenizer)
    assert tokenizer.total == reference.total
    # a word, a bare prefix of words (0 in jieba's dict: absent here) and no word at all
    assert [tokenizer.FREQ.get(w) or 0 for w in ("政府", "年度报", "公开x")] == \
        [reference.FREQ.get(w) or 0 for w in ("政府", "年度报", "公开x")]


def test_a_damaged_dictionary_file_falls_back_to_jiebas_own(tmp_path, monkeypatch, capsys, reference):
    monkeypatch.setattr(words, "CACHE_DIR", tmp_path)
    monkeypatch.setattr(jieba.dt, "tmp_dir", jieba.dt.tmp_dir)  # the fallback points jieba's cache there
    words_path, counts_path = words._files()
    words_path.write_bytes(b"not a trie")
    counts_path.write_bytes(b"\0\0\0\0")
    tokenizer = words.tokenizer.__wrapped__()
    assert not isinstance(tokenizer, words.MappedTokenizer)
    assert "loaded whole" in capsys.readouterr().err
    assert tuple(tokenizer.cut(RUNS[0])) == tuple(reference.cut(RUNS[0]))


def test_missing_files_are_built_once_and_read_back(tmp_path, monkeypatch, reference):
    monkeypatch.setattr(words, "CACHE_DIR", tmp_path)
    built = words.tokenizer.__wrapped__()
    assert isinstance(built, words.MappedTokenizer)
    files = sorted(p for p in tmp_path.iterdir() if p.name.startswith(("words-", "counts-")))
    assert [p.suffix for p in files] == [".u32", ".marisa"]
    written = [p.stat().st_mtime_ns for p in files]
    again = words.tokenizer.__wrapped__()
    assert [p.stat().st_mtime_ns for p in files] == written  # read back, not built again
    assert [tuple(t.cut(run)) for t in (built, again) for run in RUNS[:3]] == \
        [tuple(reference.cut(run)) for _ in range(2) for run in RUNS[:3]]


def test_an_unwritable_cache_folder_falls_back_to_jiebas_own(tmp_path, monkeypatch, capsys, reference):
    # a folder that cannot be made (its parent is a file: refused even to root)
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setattr(words, "CACHE_DIR", blocker / "gik_nlp_jieba")
    monkeypatch.setattr(jieba.dt, "tmp_dir", jieba.dt.tmp_dir)
    tokenizer = words.tokenizer.__wrapped__()
    assert not isinstance(tokenizer, words.MappedTokenizer)
    assert "loaded whole" in capsys.readouterr().err
    assert tuple(tokenizer.cut(RUNS[1])) == tuple(reference.cut(RUNS[1]))
