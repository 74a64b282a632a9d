"""Tests of gik_nlp.synth.config: defaults documented in training/synth.yaml, strict keys."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gik_nlp.synth.config import SynthConfig, SynthConfigError

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", [REPO / "training" / "synth.yaml"])
def test_config_yaml_equals_defaults(path: Path) -> None:
    assert SynthConfig.from_file(path) == SynthConfig()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data == SynthConfig().to_dict()


@pytest.mark.parametrize("data,message", [
    ({"format": {}}, "synth: unknown key 'format'"),
    ({"noise": {"spam": 0.1}}, "synth.noise: unknown key 'spam'"),
    ({"formats": {"prose": "many"}}, "synth.formats.prose: expected a number"),
    ({"noise": {"traditional": 1.5}}, "synth.noise.traditional: 1.5 is out of range"),
    ({"files": {"text": 0, "html": 0, "docx": 0, "pdf": 0}}, "synth.files: all shares are zero"),
    ({"renderings": [1, 2]}, "synth.renderings: expected a mapping"),
    ({"files": {"pdf": True}}, "synth.files.pdf: expected a number"),
])
def test_config_rejects_bad_keys_and_values(data: dict, message: str) -> None:
    with pytest.raises(SynthConfigError) as info:
        SynthConfig.from_dict(data)
    assert message in str(info.value)


@pytest.mark.parametrize("data,section,key,value", [
    ({"formats": {"prose": 2}}, "formats", "prose", 2.0),
    ({"noise": {"spam_site": 0}}, "noise", "spam_site", 0.0),
    ({}, "files", "pdf", 0.015),
    (None, "renderings", "pipe_rows", 0.30),
])
def test_config_from_dict_keeps_defaults_elsewhere(data: dict | None, section: str, key: str, value: float) -> None:
    config = SynthConfig.from_dict(data)
    assert getattr(getattr(config, section), key) == value


@pytest.mark.parametrize("text", ["name: x\nsynth:\n  noise: {spam_site: 0.5}\n"])
def test_config_from_file_reads_training_config_block(tmp_path: Path, text: str) -> None:
    path = tmp_path / "train.yaml"
    path.write_text(text, encoding="utf-8")
    assert SynthConfig.from_file(path).noise.spam_site == 0.5
