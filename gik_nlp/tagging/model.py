"""Build, save and load the character BERT token classifier.

A model folder holds (safetensors and JSON only, never pickle):

    model.safetensors   the weights
    config.json         the transformers BertConfig (with id2label/label2id)
    vocab.json          the CharVocab (tagging/vocab.py)
    labels.json         the span labels the tags were derived from (must equal schema.LABELS)
    meta.json           kind, name, training config, corpus fingerprint, dev scores,
                        library versions, and the sha256 of the four files above
    tokenizer.json …    a PreTrainedTokenizerFast with the same ids, for other tools

``load_model`` refuses a folder whose files do not belong together (a hash differs,
the vocabulary size disagrees with the weights, the labels differ from schema.LABELS)
and says which file and why.
"""

from __future__ import annotations

import functools
import hashlib
import json
import platform
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gik_nlp import __version__
from gik_nlp.schema import LABELS
from gik_nlp.tagging.config import ModelConfig
from gik_nlp.tagging.tags import TAG_IDS, TAGS
from gik_nlp.tagging.vocab import FILE_NAME as VOCAB_FILE
from gik_nlp.tagging.vocab import CharVocab, VocabError

WEIGHTS_FILE = "model.safetensors"
CONFIG_FILE = "config.json"
LABELS_FILE = "labels.json"
META_FILE = "meta.json"
#: Files whose hashes meta.json records: they must all come from the same training run.
CHECKED_FILES = (WEIGHTS_FILE, CONFIG_FILE, VOCAB_FILE, LABELS_FILE)


class ModelError(ValueError):
    """A model folder cannot be used: the message names the folder, the file and the reason."""


@dataclass
class LoadedModel:
    """A transformer model with everything needed to run it."""

    model: Any  # transformers.BertForTokenClassification
    vocab: CharVocab
    metadata: dict[str, Any]


def library_versions() -> dict[str, str]:
    """Versions of the libraries that shape a model's numbers."""
    import numpy
    import safetensors
    import tokenizers
    import torch
    import transformers

    return {"gik_nlp": __version__, "python": platform.python_version(), "torch": torch.__version__,
            "transformers": transformers.__version__, "tokenizers": tokenizers.__version__,
            "safetensors": safetensors.__version__, "numpy": numpy.__version__}


def bert_config(model: ModelConfig, vocab_size: int, window_length: int):  # -> BertConfig
    """The BertConfig for a character model of the given size."""
    from transformers import BertConfig

    return BertConfig(
        vocab_size=vocab_size, hidden_size=model.hidden_size, num_hidden_layers=model.num_layers,
        num_attention_heads=model.num_heads, intermediate_size=model.intermediate_size,
        hidden_dropout_prob=model.dropout, attention_probs_dropout_prob=model.dropout,
        max_position_embeddings=max(model.max_positions, window_length + 2), type_vocab_size=1,
        pad_token_id=0, num_labels=len(TAGS), id2label=dict(enumerate(TAGS)),
        label2id=dict(TAG_IDS), gik_attention_bias=model.attention_bias)


@functools.lru_cache(maxsize=16)
def _alibi(heads: int, width: int, device: str):  # -> torch.Tensor [heads, width, width]
    import torch

    # The ALiBi slopes (Press et al. 2022): a geometric sequence, one per head, so some
    # heads look near and others far; symmetric here because tagging reads both ways.
    slopes = torch.tensor([2.0 ** (-8.0 / heads * (h + 1)) for h in range(heads)], device=device)
    positions = torch.arange(width, device=device)
    distance = (positions[None, :, None] - positions[None, None, :]).abs()
    return -(slopes[:, None, None] * distance)


def attention_mask_for(model: Any, mask: Any) -> Any:
    """The ``attention_mask`` to pass for a batch whose padding mask is ``mask`` ([batch, width], 1 = token).

    With ``gik_attention_bias == "alibi"`` in the model's config it is a 4-D additive bias
    [batch, heads, width, width]: padding plus -slope·|i-j|. Otherwise ``mask`` itself.
    """
    import torch

    if getattr(model.config, "gik_attention_bias", "none") != "alibi":
        return mask
    bias = _alibi(model.config.num_attention_heads, mask.shape[1], str(mask.device))
    if not torch.is_grad_enabled() and bool(mask.all()):
        # tagging a batch of full windows: the cached bias as a view, not a new [B, H, W, W] tensor
        # each batch (the same scores; ~4% of tagging time)
        return bias[None].expand(mask.shape[0], -1, -1, -1)
    padding = (1.0 - mask[:, None, None, :].to(bias.dtype)) * torch.finfo(bias.dtype).min
    return bias[None] + padding


def build_model(model: ModelConfig, vocab_size: int, window_length: int):
    """A freshly initialised BertForTokenClassification (seed torch before calling)."""
    from transformers import BertForTokenClassification

    return BertForTokenClassification(bert_config(model, vocab_size, window_length))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")


def save_model(out_dir: Path, model: Any, vocab: CharVocab, metadata: dict[str, Any]) -> Path:
    """Write a model folder; ``metadata`` goes into meta.json with the file hashes added."""
    from safetensors.torch import save_file

    out_dir.mkdir(parents=True, exist_ok=True)
    state = {name: tensor.detach().cpu().contiguous() for name, tensor in model.state_dict().items()}
    save_file(state, str(out_dir / WEIGHTS_FILE), metadata={"format": "pt"})
    model.config.to_json_file(str(out_dir / CONFIG_FILE))
    vocab.save(out_dir)
    write_json(out_dir / LABELS_FILE, list(LABELS))
    vocab.to_fast_tokenizer().save_pretrained(str(out_dir))
    meta = dict(metadata, kind="transformer",
                files={name: file_sha256(out_dir / name) for name in CHECKED_FILES})
    write_json(out_dir / META_FILE, meta)
    return out_dir


def read_metadata(model_dir: Path) -> dict[str, Any]:
    """meta.json of a model folder (any kind)."""
    path = Path(model_dir) / META_FILE
    if not Path(model_dir).is_dir():
        raise ModelError(f"{model_dir}: no such model folder")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{path}: missing; is {model_dir} a model folder written by `gik train`?") from None
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path}: cannot read ({exc})") from exc
    if not isinstance(meta, dict) or "kind" not in meta:
        raise ModelError(f"{path}: no 'kind' key; not a gik_nlp model")
    return meta


def check_labels(model_dir: Path) -> None:
    """Raise ModelError unless labels.json equals schema.LABELS (naming both sets)."""
    path = Path(model_dir) / LABELS_FILE
    try:
        labels = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path}: cannot read ({exc})") from exc
    if labels != list(LABELS):
        raise ModelError(f"{path}: the model was trained for labels {labels}, but this version of "
                         f"gik_nlp uses {list(LABELS)}; retrain the model (gik train)")


def check_files(model_dir: Path, meta: dict[str, Any], names: tuple[str, ...]) -> None:
    """Raise ModelError if a file is missing or its hash differs from the one meta.json recorded."""
    recorded = meta.get("files") or {}
    for name in names:
        path = Path(model_dir) / name
        if not path.is_file():
            raise ModelError(f"{path}: missing from the model folder")
        if name not in recorded:
            raise ModelError(f"{model_dir / META_FILE}: records no hash for {name}")
        if file_sha256(path) != recorded[name]:
            raise ModelError(f"{path}: does not belong to this model (its sha256 differs from the one "
                             f"{META_FILE} recorded); copy the whole folder from one training run")


def load_names(model_dir: Path, meta: dict[str, Any]) -> Any:
    """The model's name → field classifier (assemble.fields.NameClassifier), or None for a model
    folder trained before it was part of the model (the assembler then fits its fallback)."""
    from gik_nlp.assemble.fields import NAMES_JSON, NAMES_WEIGHTS, NameClassifier

    model_dir = Path(model_dir)
    if not (model_dir / NAMES_JSON).is_file() and NAMES_JSON not in (meta.get("files") or {}):
        return None
    check_files(model_dir, meta, (NAMES_JSON, NAMES_WEIGHTS))
    try:
        return NameClassifier.load(model_dir)
    except ValueError as exc:
        raise ModelError(str(exc)) from exc


def save_names(model_dir: Path, names: Any, info: dict[str, Any]) -> None:
    """Write the name classifier into a model folder and record it (hashes, ``info``) in meta.json."""
    model_dir = Path(model_dir)
    files = names.save(model_dir, info)
    meta = read_metadata(model_dir)
    meta["files"] = dict(meta.get("files") or {}, **{name: file_sha256(model_dir / name) for name in files})
    meta["names"] = info
    write_json(model_dir / META_FILE, meta)


def load_model(model_dir: Path | str) -> LoadedModel:
    """Load a transformer model folder, checking that its files belong together."""
    from safetensors.torch import load_file
    from transformers import BertConfig, BertForTokenClassification

    model_dir = Path(model_dir)
    meta = read_metadata(model_dir)
    if meta["kind"] != "transformer":
        raise ModelError(f"{model_dir / META_FILE}: kind is {meta['kind']!r}, not 'transformer'")
    check_labels(model_dir)
    check_files(model_dir, meta, CHECKED_FILES)
    try:
        vocab = CharVocab.load(model_dir)
    except VocabError as exc:
        raise ModelError(str(exc)) from exc
    config = BertConfig.from_json_file(str(model_dir / CONFIG_FILE))
    if config.vocab_size != len(vocab):
        raise ModelError(f"{model_dir / CONFIG_FILE}: vocab_size {config.vocab_size} but "
                         f"{VOCAB_FILE} has {len(vocab)} tokens")
    if config.num_labels != len(TAGS):
        raise ModelError(f"{model_dir / CONFIG_FILE}: {config.num_labels} output tags, expected {len(TAGS)}")
    if getattr(config, "gik_head", None) == "char_tagger":  # features / CRF layer (tagging/neural.py)
        from gik_nlp.tagging.neural import CharTagger

        model = CharTagger(config)
    else:
        model = BertForTokenClassification(config)
    state = load_file(str(model_dir / WEIGHTS_FILE))
    try:
        model.load_state_dict(state, strict=True)
    except RuntimeError as exc:
        raise ModelError(f"{model_dir / WEIGHTS_FILE}: weights do not fit {CONFIG_FILE} ({exc})") from exc
    model.eval()
    return LoadedModel(model, vocab, meta)
