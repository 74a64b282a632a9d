"""The shipped model (models/default): small, trained on today's corpus, and right on text it never saw.

Generalisation is measured on documents outside its training data: synthetic reports generated with a
seed no training run used, and (with ../shared) real reports that are not in the corpus, where the spans
a careful annotator would mark are written out below by hand. Nothing here reads the model's scores or
compares its metadata with itself.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from gik_nlp.corpus.format import corpus_fingerprint, load_corpus
from gik_nlp.readers import read
from gik_nlp.schema import LABELS
from gik_nlp.synth import generate
from gik_nlp.tagging import load_tagger
from gik_nlp.types import Document

MAX_BYTES = 10 * 2**20

#: Synthetic reports for generalisation: no training config in training/ uses this seed.
HELD_OUT_SEED = 4242
HELD_OUT_DOCS = 30
#: Strict span F1 (same start, end and label) each label must reach on them. The shipped CRF measured
#: 0.99 (AGENCY) to 1.00 (DATE, DOCNO) on these 30 documents when this test was written.
MIN_HELD_OUT_F1 = 0.95

#: Real reports never trained on (not in corpus/), and spans of each one that a model must find:
#: (label, text as it appears in the read text). Chosen by reading the reports.
REAL_UNSEEN: dict[str, list[tuple[str, str]]] = {
    "shuyang-fgj-2023.html": [
        ("AGENCY", "沭阳县发展和改革局"), ("DATE", "2023年1月1日"), ("DATE", "2023年12月31日"),
        ("DATE", "2024年1月17日"), ("STAT_VALUE", "249条"), ("STAT_NAME", "本年新收政府信息公开申请数量"),
    ],
    "govnianbao-section3-raw.txt": [
        ("STAT_NAME", "行政处罚"), ("STAT_VALUE", "3985758"), ("STAT_NAME", "行政强制"), ("STAT_VALUE", "88283"),
        ("STAT_NAME", "行政事业性收费"), ("STAT_VALUE", "96171.6"),
    ],
    "huaian-2024.pdf": [
        ("AGENCY", "淮安市人民政府"), ("STAT_NAME", "行政处罚"), ("STAT_VALUE", "3985758"), ("STAT_VALUE", "88283"),
    ],
    "pingtan/pt-2016.txt": [
        ("DATE", "2016年1月1日"), ("DATE", "2016年12月31日"), ("DOCNO", "岚综管办〔2016〕127号"),
        ("STAT_VALUE", "1796条"),
    ],
    "pingtan/pt-2023.txt": [
        ("DATE", "2023年1月1日"), ("DATE", "2023年12月31日"), ("STAT_VALUE", "13561条"),
    ],
}

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def default_model(repo_root: Path) -> Path:
    path = repo_root / "models" / "default"
    assert (path / "meta.json").is_file(), "models/default is not trained (make model): the shipped model is missing"
    return path


@pytest.fixture(scope="module")
def tagger(default_model: Path):
    return load_tagger(default_model)


def _training_texts(corpus: Path) -> tuple[set[str], set[str]]:
    """text_sha256 and file names of every corpus document, read from the raw files (by-reference
    documents, whose text stays outside the repository, included)."""
    hashes, names = set(), set()
    for path in sorted(corpus.rglob("*.json*")):
        lines = path.read_text(encoding="utf-8").splitlines() if path.suffix == ".jsonl" else [path.read_text("utf-8")]
        for line in filter(str.strip, lines):
            data = json.loads(line)
            hashes.add(data.get("text_sha256"))
            names.update(str(data.get(key, "")).rsplit("/", 1)[-1] for key in ("file", "source"))
    return hashes, names


def _synthetic_seeds(metadata: dict) -> set[int]:
    """Synthetic seeds a model's training used, as its meta.json records them (this run and earlier ones)."""
    runs = [metadata, *metadata.get("previous", [])]
    return {run["config"]["data"]["synthetic_seed"] for run in runs
            if isinstance(run, dict) and "synthetic_seed" in run.get("config", {}).get("data", {})}


@pytest.mark.parametrize("limit", [MAX_BYTES])
def test_default_model_small(default_model, limit):
    assert sum(p.stat().st_size for p in default_model.iterdir()) <= limit


def test_default_model_trained_on_todays_corpus(default_model, tagger, corpus_dir):
    """A corpus change without `make model` fails here: the shipped model must be retrained and committed."""
    current = corpus_fingerprint(load_corpus(corpus_dir))
    meta = json.loads((default_model / "meta.json").read_text(encoding="utf-8"))
    assert meta["corpus_fingerprint"] == current, (
        f"models/default was trained on corpus {meta['corpus_fingerprint']}, corpus/ is now {current}: "
        "run `make model` (or gik train --from models/default) and commit models/default")
    assert f"+{current}." in tagger.name, f"{tagger.name} does not name corpus {current}"


def test_default_model_held_out_seed_is_unseen(default_model, repo_root):
    """The generalisation test below is only one if no training run used its seed."""
    meta = json.loads((default_model / "meta.json").read_text(encoding="utf-8"))
    seeds = _synthetic_seeds(meta)
    assert seeds, "meta.json does not say which synthetic seed the model trained on"
    assert HELD_OUT_SEED not in seeds
    for config in sorted((repo_root / "training").glob("*.yaml")):
        assert f"synthetic_seed: {HELD_OUT_SEED}" not in config.read_text(encoding="utf-8"), config.name


@pytest.fixture(scope="module")
def held_out_scores(tagger) -> dict[str, tuple[int, int, int]]:
    """(true positives, false positives, false negatives) of strict spans per label, held-out synthetic set."""
    docs = generate(HELD_OUT_DOCS, HELD_OUT_SEED)
    predicted = tagger.tag_many([Document(d.id, d.source, d.text) for d in docs])
    counts: dict[str, Counter] = {label: Counter() for label in LABELS}
    for doc, spans in zip(docs, predicted):
        got = {(s.start, s.end, s.label) for s in spans}
        want = {(s.start, s.end, s.label) for s in doc.spans}
        for span in got | want:
            counts[span[2]]["tp" if span in got and span in want else "fp" if span in got else "fn"] += 1
    return {label: (c["tp"], c["fp"], c["fn"]) for label, c in counts.items()}


@pytest.mark.parametrize("label", LABELS)
def test_default_model_tags_unseen_synthetic_reports(held_out_scores, label):
    tp, fp, fn = held_out_scores[label]
    assert tp + fn > 0, f"the held-out set has no {label} span to find"
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= MIN_HELD_OUT_F1, f"{label}: strict span F1 {f1:.3f} on {HELD_OUT_DOCS} unseen synthetic " \
                                  f"reports (seed {HELD_OUT_SEED}): {tp} right, {fp} spurious, {fn} missed"


@pytest.mark.parametrize("name", sorted(REAL_UNSEEN))
def test_default_model_tags_unseen_real_reports(shared_real, corpus_dir, tagger, name):
    doc = read(shared_real / name)
    hashes, names = _training_texts(corpus_dir)
    assert doc.text_sha256 not in hashes and Path(name).name not in names, (
        f"{name} is now in corpus/ (training data): choose another real report the model never saw")
    found = {(s.label, s.text) for s in tagger.tag(doc)}
    missing = [pair for pair in REAL_UNSEEN[name] if pair not in found]
    assert not missing, f"{name}: spans not found: {missing}"
