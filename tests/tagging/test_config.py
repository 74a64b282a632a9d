"""TrainConfig: the YAML files read, unknown keys and bad values rejected with file and key named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from gik_nlp.tagging.config import ConfigError, TrainConfig

TRAINING = Path(__file__).resolve().parents[2] / "training"
CONFIG_FILES = sorted(TRAINING.glob("*.yaml"))
TRAIN_CONFIGS = [p for p in CONFIG_FILES if p.name in ("default.yaml", "tiny.yaml", "crf.yaml")]


@pytest.mark.parametrize("path", TRAIN_CONFIGS, ids=lambda p: p.name)
def test_config_files_load(path):
    config = TrainConfig.from_file(path)
    assert TrainConfig.from_dict(config.to_dict()) == config


@pytest.mark.parametrize("path", TRAIN_CONFIGS, ids=lambda p: p.name)
def test_config_every_key_commented(path):
    for line in path.read_text(encoding="utf-8").splitlines():
        if re.match(r"^\s*[a-z_0-9]+:", line):
            assert "#" in line, f"{path.name}: key without a comment: {line.strip()}"


@pytest.mark.parametrize("path", TRAIN_CONFIGS, ids=lambda p: p.name)
def test_config_files_spell_every_key(path):
    """The files document every key the dataclasses know (so none hides as a default)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    known = TrainConfig().to_dict()
    skipped = {"crf.yaml": {"model", "window", "optimizer", "early_stopping", "inference"}}.get(path.name, set())
    for key, value in known.items():
        if key in skipped:
            continue
        assert key in data, f"{path.name}: {key} missing"
        if isinstance(value, dict) and key != "synth":
            assert set(data[key]) == set(value), f"{path.name}: {key} keys differ"


@pytest.mark.parametrize("content,message", [
    ("lerning_rate: 0.1\n", "unknown key 'lerning_rate'"),
    ("model:\n  hiden_size: 8\n", "unknown key 'model.hiden_size'"),
    ("epochs: many\n", "epochs: expected int"),
    ("window:\n  length: 64\n  stride: 100\n", "window.stride"),
    ("model:\n  hidden_size: 30\n  num_heads: 4\n", "not divisible"),
    ("kind: lstm\n", "kind"),
    ("inference:\n  quantize: fp16\n", "inference.quantize: 'fp16' is not one of"),
    ("crf:\n  script: traditional\n", "crf.script: 'traditional' is not one of"),
    ("- a\n- b\n", "expected a mapping"),
    ("kind: crf\ndata:\n  real_noise: [blur]\n", "data.real_noise: ['blur'] not in"),
    ("kind: transformer\ndata:\n  real_noise: [stray_mark]\n", "only a crf config adds noisy copies"),
])
def test_config_rejects_with_file_and_key(tmp_path, content, message):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)) as info:
        TrainConfig.from_file(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("content", ["optimizer:\n  learning_rate: 1\n"])
def test_config_int_accepted_for_float(tmp_path, content):
    path = tmp_path / "ok.yaml"
    path.write_text(content, encoding="utf-8")
    assert TrainConfig.from_file(path).optimizer.learning_rate == 1.0


def test_the_release_fit_is_crf_yaml_fitted_on_dev_too():
    # what ships is what dev chose: every setting crf.yaml's but the name and data.fit_dev
    release = TrainConfig.from_file(TRAINING / "crf_release.yaml").to_dict()
    chosen = TrainConfig.from_file(TRAINING / "crf.yaml").to_dict()
    assert (release.pop("name"), chosen.pop("name")) == ("crf-release", "crf")
    assert (release["data"].pop("fit_dev"), chosen["data"].pop("fit_dev")) == (True, False)
    assert release == chosen


def test_extends_merges_nested_keys_over_the_base(tmp_path):
    (tmp_path / "base.yaml").write_text("kind: crf\nseed: 3\ndata:\n  synthetic_docs: 7\n  real_repeat: 2\n",
                                        encoding="utf-8")
    (tmp_path / "child.yaml").write_text("extends: base.yaml\nseed: 5\ndata:\n  real_repeat: 9\n", encoding="utf-8")
    config = TrainConfig.from_file(tmp_path / "child.yaml")
    assert (config.kind, config.seed, config.data.synthetic_docs, config.data.real_repeat) == ("crf", 5, 7, 9)


@pytest.mark.parametrize("files,message", [
    ({"child.yaml": "extends: none.yaml\n"}, "no config file"),
    ({"child.yaml": "extends: base.yaml\n", "base.yaml": "extends: child.yaml\n"}, "extends back to"),
    ({"child.yaml": "extends: [base.yaml]\n"}, "expected the name of a config file"),
    ({"child.yaml": "extends: base.yaml\n", "base.yaml": "lerning_rate: 1\n"}, "unknown key 'lerning_rate'"),
])
def test_extends_refused_with_the_file_named(tmp_path, files, message):
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as error:
        TrainConfig.from_file(tmp_path / "child.yaml")
    assert "child.yaml" in str(error.value)
