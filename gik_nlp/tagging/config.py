"""TrainConfig: what a training run is told, read once from a YAML file in training/.

Every key is documented in training/default.yaml. ``TrainConfig.from_file`` rejects
unknown keys and mistyped values, naming the file and the key, so a typo never falls
back to a default silently. The config travels into the model's meta.json
(``to_dict``) and comes back with ``from_dict``. A file may start from another beside it
(``extends: crf.yaml``) and give only the keys it changes: what meta.json holds is the merged config.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gik_nlp.corpus.noise import NOISES

KINDS = ("transformer", "crf")
#: "alibi": attention scores get -slope·|i-j| per head (locality, so a small model trained
#: from scratch learns in far fewer steps); "none": plain BERT attention.
ATTENTION_BIASES = ("alibi", "none")
#: Extra per-character inputs the transformer can embed (tagging/features.py): the jieba word
#: position B/I/E/S, the character class, the shape of the character's line.
FEATURES = ("word", "char_class", "line_shape")
#: inference.quantize values: float32 as trained, or dynamically quantised int8 linear layers (CPU)
QUANTIZE = ("none", "int8")


class ConfigError(ValueError):
    """A training config is malformed: the message names the file and the key."""


@dataclass(frozen=True)
class ModelConfig:
    """Size of the character BERT (ignored with ``base_model``: the checkpoint decides)."""

    hidden_size: int = 128
    num_layers: int = 2
    num_heads: int = 4
    intermediate_size: int = 512
    dropout: float = 0.1
    max_positions: int = 512
    attention_bias: str = "alibi"
    #: extra input embeddings, a subset of FEATURES (added to the character embedding)
    features: tuple[str, ...] = ()
    #: a linear-chain CRF output layer (torch) with BIO-invalid transitions forbidden
    crf_layer: bool = False


def model_problems(model: ModelConfig, window: int, window_key: str) -> list[str]:
    """What is wrong with ``model`` for windows of ``window`` characters (the config key
    ``window_key``): an unknown attention bias, a window longer than the positions, heads
    that do not divide the hidden size. Shared by the training and the pretraining config."""
    problems = []
    if model.attention_bias not in ATTENTION_BIASES:
        problems.append(f"model.attention_bias: {model.attention_bias!r} is not one of {list(ATTENTION_BIASES)}")
    if window + 2 > model.max_positions:
        problems.append(f"{window_key}: {window} + 2 framing tokens exceeds model.max_positions "
                        f"({model.max_positions})")
    if model.hidden_size % model.num_heads:
        problems.append(f"model.hidden_size: {model.hidden_size} is not divisible by model.num_heads "
                        f"({model.num_heads})")
    return problems


@dataclass(frozen=True)
class WindowConfig:
    """Windows over a document: ``length`` characters; tagging starts one every ``stride``
    (training tiles them without overlap, shifted by a random offset each epoch)."""

    length: int = 256
    stride: int = 192


@dataclass(frozen=True)
class OptimizerConfig:
    """AdamW with linear warm-up and decay."""

    learning_rate: float = 0.002
    weight_decay: float = 0.01
    warmup_share: float = 0.06
    batch_size: int = 16
    grad_clip: float = 1.0


@dataclass(frozen=True)
class EarlyStoppingConfig:
    """Stop when the dev micro F1 has not improved for ``patience`` epochs."""

    patience: int = 2
    min_delta: float = 0.0


@dataclass(frozen=True)
class DataConfig:
    """The mix of real and synthetic documents."""

    synthetic_docs: int = 300
    synthetic_seed: int = 1
    real_repeat: int = 4
    #: layout noises of scraped copies (corpus/noise.py NOISES): copies 2.. of each real training
    #: report are rewritten by them in turn, so the tagger meets the layouts real mirrors give a
    #: report (CRF only); () = identical copies
    real_noise: tuple[str, ...] = ()
    dev_share: float = 0.1
    unk_rate: float = 0.02
    #: the release fit: the dev documents train too (settings were chosen on dev before; the
    #: model then has no dev scores, and dev figures come from the model fitted without them)
    fit_dev: bool = False


@dataclass(frozen=True)
class DistillConfig:
    """A teacher model (the CRF) tags unannotated real text; its spans become extra, down-weighted
    training documents (origin ``distilled``). Off while ``teacher`` is empty."""

    teacher: str = ""
    #: folders (or files) of unannotated reports, read recursively
    sources: tuple[str, ...] = ()
    #: ids-only split list (``<root>-<stem><TAB>split``): texts of these splits are never used
    exclude_split_file: str = ""
    exclude_splits: tuple[str, ...] = ("dev", "test")
    #: loss weight of a distilled character (a labelled one weighs 1)
    weight: float = 0.3
    #: at most this many characters of distilled text (0: all)
    max_chars: int = 0


@dataclass(frozen=True)
class InferenceConfig:
    """How a saved model tags: windows per forward pass, and the arithmetic of its linear layers."""

    batch_size: int = 32
    #: "int8": the transformer's linear layers run as dynamically quantised int8 on a CPU (faster,
    #: the saved weights stay float32); "none": float32
    quantize: str = "none"


def parse_model_argument(argument: str) -> tuple[str, dict[str, Any]]:
    """Take a model argument of a bench or script, ``FOLDER[@OPTIONS]``; give the folder and the
    inference options after ``@`` as keyword arguments of ``tagging.infer.Tagger``. The options,
    comma-separated, override the saved model's: ``int8`` its ``inference.quantize``,
    ``stride=N`` its ``window.stride``, ``batch=N`` its ``inference.batch_size``. An unknown
    option raises ValueError naming it.

    >>> for argument in ("models/default", "runs/tf@int8", "runs/tf@stride=224", "runs/tf@batch=64",
    ...                  "runs/tf@int8,stride=224", "runs/tf@int8,batch=64", "runs/tf@"):
    ...     print(f"{argument:24} {parse_model_argument(argument)}")
    models/default           ('models/default', {})
    runs/tf@int8             ('runs/tf', {'quantize': 'int8'})
    runs/tf@stride=224       ('runs/tf', {'stride': 224})
    runs/tf@batch=64         ('runs/tf', {'batch_size': 64})
    runs/tf@int8,stride=224  ('runs/tf', {'quantize': 'int8', 'stride': 224})
    runs/tf@int8,batch=64    ('runs/tf', {'quantize': 'int8', 'batch_size': 64})
    runs/tf@                 ('runs/tf', {})
    >>> parse_model_argument("runs/tf@stride=wide")
    Traceback (most recent call last):
    ValueError: runs/tf@stride=wide: unknown option 'stride=wide' (int8, stride=N, batch=N)
    >>> parse_model_argument("runs/tf@batch=0")  # Tagger would read 0 as "the model's own": refused
    Traceback (most recent call last):
    ValueError: runs/tf@batch=0: unknown option 'batch=0' (int8, stride=N, batch=N)
    """
    folder, _, options = argument.partition("@")
    out: dict[str, Any] = {}
    for option in filter(None, options.split(",")):
        key, _, value = option.partition("=")
        if key == "int8" and not value:
            out["quantize"] = "int8"
        elif key in ("stride", "batch") and value.isdigit() and int(value) > 0:  # 0 would mean "the model's own"
            out["stride" if key == "stride" else "batch_size"] = int(value)
        else:
            raise ValueError(f"{argument}: unknown option {option!r} (int8, stride=N, batch=N)")
    return folder, out


#: The scripts a CRF reads its features in (CrfConfig.script).
CRF_SCRIPTS: tuple[str, ...] = ("printed", "simplified")
#: Feature groups a CRF may add to its character features (CrfConfig.cues; read by tagging/crf.py features).
CRF_CUES: tuple[str, ...] = ("number_distance", "neighbour_words")


@dataclass(frozen=True)
class CrfConfig:
    """The CRF baseline (sklearn-crfsuite / crfsuite L-BFGS)."""

    c1: float = 0.05
    c2: float = 0.01
    max_iterations: int = 150
    context: int = 2
    #: "simplified": features are read from the text in simplified characters, character for
    #: character (a scraped traditional copy looks like the simplified reports it learned from);
    #: "printed": from the text as printed (models from before this option)
    script: str = "printed"
    #: extra feature groups (CRF_CUES): "number_distance", how far the nearest digit is on the
    #: character's line each way (a figure's name runs up to its number); "neighbour_words", the
    #: jieba words before and after the character's own. () = the features of models before them.
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class TrainConfig:
    """A whole training run; sections mirror the YAML file."""

    name: str = "default"
    kind: str = "transformer"
    seed: int = 13
    threads: int = 2
    epochs: int = 10
    model: ModelConfig = field(default_factory=ModelConfig)
    window: WindowConfig = field(default_factory=WindowConfig)
    optimizer: OptimizerConfig = field(default_factory=OptimizerConfig)
    early_stopping: EarlyStoppingConfig = field(default_factory=EarlyStoppingConfig)
    data: DataConfig = field(default_factory=DataConfig)
    inference: InferenceConfig = field(default_factory=InferenceConfig)
    crf: CrfConfig = field(default_factory=CrfConfig)
    distill: DistillConfig = field(default_factory=DistillConfig)
    synth: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        problems = []
        if self.kind not in KINDS:
            problems.append(f"kind: {self.kind!r} is not one of {list(KINDS)}")
        problems += model_problems(self.model, self.window.length, "window.length")
        if not 0 < self.window.stride <= self.window.length:
            problems.append(f"window.stride: {self.window.stride} must be in 1..window.length "
                            f"({self.window.length})")
        if not 0 <= self.data.unk_rate < 1 or not 0 <= self.data.dev_share < 1:
            problems.append("data.unk_rate and data.dev_share must be in [0, 1)")
        for key, value in (("epochs", self.epochs), ("threads", self.threads),
                           ("optimizer.batch_size", self.optimizer.batch_size),
                           ("inference.batch_size", self.inference.batch_size),
                           ("data.real_repeat", self.data.real_repeat)):
            if value < 1:
                problems.append(f"{key}: {value} must be at least 1")
        if self.inference.quantize not in QUANTIZE:
            problems.append(f"inference.quantize: {self.inference.quantize!r} is not one of {list(QUANTIZE)}")
        unknown_noises = [n for n in self.data.real_noise if n not in NOISES]
        if unknown_noises:
            problems.append(f"data.real_noise: {unknown_noises} not in {list(NOISES)}")
        if self.data.real_noise and self.kind != "crf":
            problems.append("data.real_noise: only a crf config adds noisy copies; remove it or use kind: crf")
        unknown = [f for f in self.model.features if f not in FEATURES]
        if unknown:
            problems.append(f"model.features: {unknown} not in {list(FEATURES)}")
        if self.crf.script not in CRF_SCRIPTS:
            problems.append(f"crf.script: {self.crf.script!r} is not one of {list(CRF_SCRIPTS)}")
        unknown_cues = [c for c in self.crf.cues if c not in CRF_CUES]
        if unknown_cues:
            problems.append(f"crf.cues: {unknown_cues} not in {list(CRF_CUES)}")
        if not 0 <= self.distill.weight <= 1 or self.distill.max_chars < 0:
            problems.append("distill.weight must be in [0, 1] and distill.max_chars >= 0")
        if self.distill.teacher and not self.distill.sources:
            problems.append("distill.teacher is set but distill.sources is empty")
        if self.data.synthetic_docs < 0:
            problems.append(f"data.synthetic_docs: {self.data.synthetic_docs} must be >= 0")
        if problems:
            raise ConfigError("; ".join(problems))

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None, where: str = "config") -> TrainConfig:
        """Build from a nested dict; raise ConfigError naming ``where`` and the key at fault."""
        return build_config(cls, data, where)

    @classmethod
    def from_file(cls, path: Path | str) -> TrainConfig:
        """Read and validate a YAML training config (a shipped one by its name, resources.training_config)."""
        from gik_nlp.resources import training_config

        path = training_config(path)
        config = cls.from_dict(read_config_mapping(path), str(path))
        if config.synth:
            _check_synth(config.synth, str(path))
        return config

    def to_dict(self) -> dict[str, Any]:
        """A JSON-shaped dict (lists, not tuples): what meta.json holds and ``from_dict`` reads."""
        return plain(dataclasses.asdict(self))


#: The key naming the config a file starts from: its keys, with the file's own over them
#: (``extends: crf.yaml`` — a file beside it; training/crf_release.yaml is crf.yaml fitted on dev too).
EXTENDS = "extends"


def read_config_mapping(path: Path, extended_by: tuple[Path, ...] = ()) -> dict[str, Any]:
    """The mapping of the config file ``path``: read_mapping, on top of the file its ``extends``
    names (resolved beside ``path``), nested mappings merged key by key; ConfigError naming the
    file when the base cannot be read or extends back to it."""
    data = dict(read_mapping(path) or {})
    base = data.pop(EXTENDS, None)
    if base is None:
        return data
    if not isinstance(base, str) or not base:
        raise ConfigError(f"{path}: {EXTENDS}: expected the name of a config file beside it, got {base!r}")
    base_path = path.parent / base
    chain = (*extended_by, path.resolve())
    if base_path.resolve() in chain:
        raise ConfigError(f"{path}: {EXTENDS}: {base} extends back to {path.name}")
    if not base_path.is_file():
        raise ConfigError(f"{path}: {EXTENDS}: no config file {base_path}")
    return _merged(read_config_mapping(base_path, chain), data)


def _merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``over``'s keys over it; a mapping in both merged the same way.

    >>> _merged({"data": {"fit_dev": False, "seed": 1}, "name": "a"}, {"data": {"fit_dev": True}, "name": "b"})
    {'data': {'fit_dev': True, 'seed': 1}, 'name': 'b'}
    """
    out = dict(base)
    for key, value in over.items():
        out[key] = _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def read_mapping(path: Path) -> dict[str, Any] | None:
    """The YAML mapping in the file ``path`` (None when it is empty); ConfigError naming the file
    when it cannot be read or holds something else."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from exc
    if data is not None and not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of keys, got {type(data).__name__}")
    return data


def build_config(kind: type, data: dict[str, Any] | None, where: str) -> Any:
    """The config dataclass ``kind`` built from a nested dict (unknown keys and mistyped values
    refused); ConfigError naming ``where`` and the key at fault."""
    try:
        return _build(kind, data or {}, where, "")
    except ConfigError as exc:
        message = str(exc)
        raise ConfigError(message if message.startswith(where) else f"{where}: {message}") from None


def plain(value: Any) -> Any:
    """``value`` with every tuple turned into a list, recursively (the JSON shape).

    >>> plain({"a": (1, (2,)), "b": "x"})
    {'a': [1, [2]], 'b': 'x'}
    """
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def _check_synth(data: dict[str, Any], where: str) -> None:
    """Validate the ``synth:`` block with the generator's own config, when it is installed."""
    try:
        from gik_nlp.synth.config import SynthConfig
    except ImportError:  # the generator is optional for reading a config
        return
    try:
        SynthConfig.from_dict(data, f"{where}: synth")
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc


def _build(kind: type, data: Any, where: str, prefix: str) -> Any:
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: {prefix or 'config'}: expected a mapping, got {data!r}")
    hints = typing.get_type_hints(kind)
    known = {f.name: hints[f.name] for f in dataclasses.fields(kind)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ConfigError(f"{where}: unknown key {prefix + unknown[0]!r}; expected one of {sorted(known)}")
    values = {}
    for key, value in data.items():
        values[key] = _value(known[key], value, where, f"{prefix}{key}")
    try:
        return kind(**values)
    except TypeError as exc:
        raise ConfigError(f"{where}: {exc}") from exc


def _value(hint: Any, value: Any, where: str, key: str) -> Any:
    if dataclasses.is_dataclass(hint):
        return _build(hint, value if value is not None else {}, where, f"{key}.")
    origin = typing.get_origin(hint)
    if origin in (tuple, list):
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: {key}: expected a list of strings, got {value!r}")
        return tuple(value)
    if origin is dict or hint is dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: {key}: expected a mapping, got {value!r}")
        return value
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(hint, type) and not isinstance(value, hint) or isinstance(value, bool) and hint is not bool:
        raise ConfigError(f"{where}: {key}: expected {hint.__name__}, got {value!r}")
    return value
