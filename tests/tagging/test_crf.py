"""The CRF baseline: features, the same tagger interface, its own model file (no pickle)."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from gik_nlp.assemble.fields import simplified as simplified_view
from gik_nlp.schema import LABELS
from gik_nlp.tagging import load_tagger
from gik_nlp.tagging.crf import CrfTagger, features, word_positions
from gik_nlp.tagging.model import ModelError
from gik_nlp.tagging.tags import TAGS, line_windows
from gik_nlp.types import Document


@pytest.mark.parametrize("text", ["易门县\n\t7254条", "", "2023年本机关受理12件"])
def test_crf_one_feature_row_per_character(text):
    rows = features(text)
    assert len(rows) == len(text)
    assert all(row[0] == "bias" for row in rows)


@pytest.mark.parametrize("printed,simplified", [
    ("主動公開政府信息數", "主动公开政府信息数"),  # a scraped traditional copy
    ("某鎮人民政府\n2019年度報告", "某镇人民政府\n2019年度报告"),
    ("收到申请12件", "收到申请12件"),  # already simplified: unchanged
])
def test_crf_simplified_script_reads_traditional_text_as_simplified(printed: str, simplified: str) -> None:
    assert simplified_view(printed) == simplified
    assert features(printed, script="simplified") == features(simplified)
    assert features(printed) != features(simplified) or printed == simplified


@pytest.mark.parametrize("text,number", [
    ("2023年本机关", "2023"), ("受理12件", "12"), ("共7254条。", "7254"),
])
def test_crf_numbers_are_words_of_their_own(text, number):
    """jieba only sees hanzi runs, so a number never shares a word with its unit."""
    positions, words = word_positions(text)
    start = text.index(number)
    assert words[start] == number
    assert positions[start] in "BS" and positions[start + len(number) - 1] in "ES"


@pytest.mark.parametrize("text,at,after,before", [
    ("收到申请12件", 0, "4", "none"),   # 收: four characters on to 12
    ("收到申请12件", 6, "none", "1"),   # 件: right after the number
    ("共计\n15条", 1, "none", "none"),  # the number is on the next line
    ("本年度新增公开信息数量为1条", 0, "16", "none"),
    ("一二三四五六七八九十一二三四五六七12", 0, "far", "none"),
])
def test_crf_number_distance_cue(text, at, after, before):
    row = features(text, cues=("number_distance",))[at]
    assert f"nd={after}" in row and f"pd={before}" in row


@pytest.mark.parametrize("text,at,previous,following", [
    ("收到申请共12件", 2, "收到", "共"),      # 申请
    ("收到申请共12件", 0, "^", "申请"),
    ("收到申请共12件", 7, "12", "$"),
])
def test_crf_neighbour_words_cue(text, at, previous, following):
    row = features(text, cues=("neighbour_words",))[at]
    assert f"w-1={previous}" in row and f"w+1={following}" in row


def test_crf_cues_only_add_features():
    text = "收到申请共12件\n无"
    plain, cued = features(text), features(text, cues=("number_distance", "neighbour_words"))
    assert all(row == extended[:len(row)] and len(extended) == len(row) + 4 for row, extended in zip(plain, cued))



@pytest.mark.parametrize("loader", [CrfTagger, load_tagger])
def test_crf_reload_identical_predictions(tiny_crf_model, tiny_docs, loader):
    docs = [Document(d.id, d.id, d.text) for d in tiny_docs]
    first = loader(tiny_crf_model).tag_many(docs)
    assert first == loader(tiny_crf_model).tag_many(docs)
    assert isinstance(loader(tiny_crf_model), CrfTagger)
    gold = {(s.start, s.end, s.label) for s in tiny_docs[0].spans}
    found = {(s.start, s.end, s.label) for s in first[0]}
    assert len(gold & found) >= len(gold) // 2  # it learnt its own training document
    for doc, spans in zip(docs, first):
        assert all(s.text == doc.text[s.start:s.end] and 0 < s.score <= 1 for s in spans)


@pytest.mark.parametrize("expected", [{"model.crfsuite", "labels.json", "meta.json", "names.json",
                                       "names.safetensors"}])
def test_crf_model_folder(tiny_crf_model, expected):
    assert {p.name for p in tiny_crf_model.iterdir()} == expected
    meta = json.loads((tiny_crf_model / "meta.json").read_text(encoding="utf-8"))
    assert meta["kind"] == "crf" and meta["name"].startswith("gik-tiny-crf-")
    assert not (tiny_crf_model / "model.crfsuite").read_bytes().startswith(b"\x80")


@pytest.mark.parametrize("labels", [["AGENCY"]])
def test_crf_labels_mismatch(tmp_path, tiny_crf_model, labels):
    folder = tmp_path / "crf"
    shutil.copytree(tiny_crf_model, folder)
    (folder / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
    with pytest.raises(ModelError, match="AGENCY") as info:
        load_tagger(folder)
    assert str(list(LABELS)) in str(info.value)


@pytest.mark.parametrize("payload", [b"not a model"])
def test_crf_model_file_must_belong(tmp_path, tiny_crf_model, payload):
    folder = tmp_path / "crf"
    shutil.copytree(tiny_crf_model, folder)
    (folder / "model.crfsuite").write_bytes(payload)
    with pytest.raises(ModelError, match="model.crfsuite"):
        CrfTagger(folder)


@pytest.mark.parametrize("name, target", [("主动公开政府信息数", "proactive.total")])
def test_crf_model_carries_name_classifier(tiny_crf_model, name, target):
    """gik train fits the name → field classifier and the tagger loads it: no fitting at first use."""
    from gik_nlp.assemble import fields

    tagger = load_tagger(tiny_crf_model)
    assert isinstance(tagger.names, fields.NameClassifier)
    meta = json.loads((tiny_crf_model / "meta.json").read_text(encoding="utf-8"))
    assert {"names.json", "names.safetensors"} <= set(meta["files"]) and meta["names"]["real_documents"] >= 1
    with fields.using(tagger.names):
        assert fields.classifier() is tagger.names
        scores = fields.classifier().scores(name)
    assert max(scores, key=scores.get) == target
    assert fields.classifier() is not tagger.names


def test_crf_model_names_altered_refused(tiny_crf_model, tmp_path):
    import shutil

    from gik_nlp.tagging.model import ModelError

    copy = tmp_path / "m"
    shutil.copytree(tiny_crf_model, copy)
    (copy / "names.json").write_text((copy / "names.json").read_text(encoding="utf-8").replace("[1, 3]", "[1, 2]"),
                                     encoding="utf-8")
    with pytest.raises(ModelError, match="names.json"):
        load_tagger(copy)


def test_crf_windows_keep_a_span_across_their_edge(tiny_crf_model, monkeypatch):
    # One long line (no line break to cut at), 24 characters a sentence: with 101-character windows the
    # first edge falls at 101, inside the fifth sentence's agency (96-106). It comes back whole, and the
    # windowed spans are the spans of the text tagged in one piece.
    from gik_nlp.tagging import crf

    text = "易门县人民政府办公室主动公开政府信息7254条。" * 30
    tagger = CrfTagger(tiny_crf_model)
    whole = tagger.tag(Document(id="long", source="long", text=text))
    monkeypatch.setattr(crf, "WINDOW_CHARS", 101)
    monkeypatch.setattr(crf, "WINDOW_MARGIN", 30)
    windowed = tagger.tag(Document(id="long", source="long", text=text))
    assert (96, 106, "AGENCY", "易门县人民政府办公室") in [(s.start, s.end, s.label, s.text) for s in windowed]
    assert [(s.start, s.end, s.label) for s in windowed] == [(s.start, s.end, s.label) for s in whole]
    assert [s.score for s in windowed] == pytest.approx([s.score for s in whole], abs=1e-6)


def test_crf_marginals_are_probabilities(tiny_crf_model, tiny_docs):
    crf = load_tagger(tiny_crf_model)
    probs = crf.marginals(tiny_docs[0].text)
    assert probs.shape == (len(tiny_docs[0].text), len(TAGS)) and probs.dtype == np.float32
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-4)
    assert crf.marginals("").shape == (0, len(TAGS))


def test_crf_marginals_read_the_model_script(tiny_crf_model):
    # the tiny model reads simplified characters (training/tiny.yaml): a traditional copy gets the same marginals
    printed, simplified = "易門縣人民政府辦公室主動公開政府信息7254條。", "易门县人民政府办公室主动公开政府信息7254条。"
    crf = CrfTagger(tiny_crf_model)
    assert crf.script == "simplified"
    assert np.array_equal(crf.marginals(printed), crf.marginals(simplified))


def test_crf_marginals_in_windows_are_those_of_the_whole_text(tiny_crf_model, monkeypatch):
    # the text and windows of test_crf_windows_keep_a_span_across_their_edge: 30 characters of context
    # each side leave every character's marginals as in the text tagged in one piece
    from gik_nlp.tagging import crf

    text = "易门县人民政府办公室主动公开政府信息7254条。" * 30
    tagger = CrfTagger(tiny_crf_model)
    whole = tagger.marginals(text)
    monkeypatch.setattr(crf, "WINDOW_CHARS", 101)
    monkeypatch.setattr(crf, "WINDOW_MARGIN", 30)
    windowed = tagger.marginals(text)
    assert len(line_windows(text, crf.WINDOW_CHARS, crf.WINDOW_MARGIN)) == 7
    assert np.allclose(windowed, whole, atol=1e-6)


@pytest.mark.parametrize("key, value, message", [
    ("script", "traditional", "crf.script 'traditional'"),
    ("cues", ["word_shape"], r"crf.cues \['word_shape'\]"),
    ("cues", ["number_distance", "digits"], r"crf.cues \['digits'\]"),
])
def test_crf_model_with_an_unknown_script_or_cue_is_refused(tmp_path, tiny_crf_model, key, value, message):
    """features() would read an unknown script as printed and leave an unknown cue out, silently."""
    folder = tmp_path / "crf"
    shutil.copytree(tiny_crf_model, folder)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta["config"]["crf"][key] = value
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ModelError, match=message):
        CrfTagger(folder)


def test_crf_real_noise_fits_rewritten_copies_of_real_reports(tmp_path, tiny_config, tiny_docs, monkeypatch):
    """data.real_noise: copies 2.. of a real training report are fitted as their noises rewrote them."""
    from dataclasses import replace

    import gik_nlp.tagging.crf as crf
    from gik_nlp.tagging.train import train

    fitted: list[int] = []
    make_trainer = crf._progress_trainer

    def spying_trainer(total, progress):
        trainer = make_trainer(total, progress)
        append = trainer.append
        trainer.append = lambda xseq, tags: (fitted.append(len(xseq)), append(xseq, tags))
        return trainer

    monkeypatch.setattr(crf, "_progress_trainer", spying_trainer)
    config = replace(tiny_config, kind="crf", name="tiny-crf",
                     data=replace(tiny_config.data, real_repeat=3, real_noise=("stray_mark", "title_split")))
    empty = tmp_path / "empty"
    empty.mkdir()
    train(config, tmp_path / "model", corpus_dir=empty, extra_docs=tiny_docs, progress=False)
    real_train = [d for d in tiny_docs if d.split == "train" and d.origin == "real"]
    assert real_train and len(fitted) == 3 * len(real_train)
    for doc in real_train:
        # the report as it is, once with a stray mark before it, once with its title broken
        assert len(doc.text) in fitted and any(n > len(doc.text) for n in fitted)
    assert len(set(fitted)) > len(real_train)


def test_crf_cues_trained_are_the_cues_tagged(tmp_path, tiny_config, tiny_docs, monkeypatch):
    """A model trained with crf.cues reads the same feature groups when it tags (from its meta.json)."""
    from dataclasses import replace

    import gik_nlp.tagging.crf as crf
    from gik_nlp.tagging.train import train

    config = replace(tiny_config, kind="crf", name="tiny-crf",
                     crf=replace(tiny_config.crf, cues=("number_distance",)))
    empty = tmp_path / "empty"
    empty.mkdir()
    train(config, tmp_path / "model", corpus_dir=empty, extra_docs=tiny_docs, progress=False)
    read: list[tuple[str, ...]] = []
    real_features = crf.features
    monkeypatch.setattr(crf, "features", lambda text, context, script, cues: (read.append(tuple(cues)),
                                                                             real_features(text, context, script,
                                                                                           cues))[1])
    CrfTagger(tmp_path / "model").tag(Document("x", "x", tiny_docs[0].text))
    assert read and set(read) == {("number_distance",)}
