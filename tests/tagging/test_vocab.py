"""CharVocab: one id per character, whitespace tokens, JSON round trip, fast tokenizer."""

from __future__ import annotations

import pytest

from gik_nlp.tagging.vocab import NEWLINE, SPACE, TAB, UNK, CharVocab, VocabError


@pytest.mark.parametrize("text", ["易门县\n\t7254条 ㎡", "", "〔2017〕12号"])
def test_vocab_one_id_per_character(text):
    vocab = CharVocab.build(["易门县7254条〔〕2017号"], with_common_cjk=False)
    ids = vocab.encode(text)
    assert len(ids) == len(text)


@pytest.mark.parametrize("char,token", [("\n", NEWLINE), ("\t", TAB), (" ", SPACE), ("㎡", UNK)])
def test_vocab_whitespace_has_tokens(char, token):
    vocab = CharVocab.build(["年"], with_common_cjk=False)
    assert vocab.tokens[vocab.encode(char)[0]] == token


@pytest.mark.parametrize("common", [True, False])
def test_vocab_common_cjk(common):
    vocab = CharVocab.build(["x"], with_common_cjk=common)
    assert (vocab.coverage("政府信息公开") == 1.0) is common


@pytest.mark.parametrize("texts", [["年报", "条件"]])
def test_vocab_save_load_round_trip(tmp_path, texts):
    vocab = CharVocab.build(texts)
    vocab.save(tmp_path)
    assert CharVocab.load(tmp_path) == vocab


@pytest.mark.parametrize("new_text", ["年报㎡Ω"])
def test_vocab_extended_keeps_ids(new_text):
    vocab = CharVocab.build(["年报"], with_common_cjk=False)
    grown = vocab.extended([new_text])
    assert grown.tokens[:len(vocab)] == vocab.tokens
    assert grown.coverage(new_text) == 1.0 and len(grown) == len(vocab) + 2


@pytest.mark.parametrize("content", ['{"tokens": ["a", "a"]}', '{"tokens": ["a"]}', "not json"])
def test_vocab_bad_file_names_it(tmp_path, content):
    (tmp_path / "vocab.json").write_text(content, encoding="utf-8")
    with pytest.raises(VocabError, match="vocab.json"):
        CharVocab.load(tmp_path)


@pytest.mark.parametrize("text", ["易门县\n\t2023年 本机关受理12件"])
def test_vocab_fast_tokenizer_matches_encode(tmp_path, text):
    from transformers import AutoTokenizer

    vocab = CharVocab.build([text])
    tokenizer = vocab.to_fast_tokenizer()
    encoding = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    assert encoding["input_ids"] == vocab.encode(text).tolist()
    assert encoding["offset_mapping"] == [(i, i + 1) for i in range(len(text))]
    tokenizer.save_pretrained(str(tmp_path))
    reloaded = AutoTokenizer.from_pretrained(str(tmp_path))
    assert reloaded(text, add_special_tokens=False)["input_ids"] == encoding["input_ids"]


@pytest.mark.parametrize("lines", [["[PAD]", "[unused1]", "[unused2]", "[unused3]", "[UNK]", "[CLS]", "[SEP]", "年"]])
def test_vocab_from_bert_vocab_keeps_ids(tmp_path, lines):
    path = tmp_path / "vocab.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    vocab = CharVocab.from_bert_vocab(path)
    assert len(vocab) == len(lines)
    assert vocab.encode("\n\t 年").tolist() == [1, 2, 3, 7]
    assert (vocab.cls_id, vocab.sep_id) == (5, 6)
