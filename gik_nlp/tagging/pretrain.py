"""Masked-language-model pretraining of the character encoder on unannotated report text.

``pretrain(config, out_dir)`` reads unannotated reports (``sources``; a split list keeps
dev/test texts out), the annotated corpus' training texts and synthetic reports, and
trains a character BERT to recover masked characters (15% of positions: 80% become
[MASK], 10% a random character, 10% stay). Training runs a fixed number of optimizer
steps, so a run is bounded and reproducible. The encoder folder holds:

    model.safetensors   the encoder weights (``bert.*``; the MLM head is not kept)
    config.json         the BertConfig (with ``gik_attention_bias``)
    vocab.json          the CharVocab
    meta.json           kind "encoder", the pretraining config, the texts read, the loss
                        history, versions, file hashes

``gik train --base-model DIR`` fine-tunes it (train._start_model via ``load_encoder``).
"""

from __future__ import annotations

import dataclasses
import math
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from gik_nlp.tagging.config import ConfigError, ModelConfig, build_config, model_problems, plain, read_mapping

ENCODER_KIND = "encoder"
ENCODER_FILES = ("model.safetensors", "config.json", "vocab.json")


@dataclass(frozen=True)
class PretrainConfig:
    """A pretraining run; every key is documented in training/pretrain.yaml."""

    name: str = "encoder"
    seed: int = 13
    threads: int = 2
    steps: int = 2000
    batch_size: int = 16
    window: int = 256
    learning_rate: float = 0.001
    weight_decay: float = 0.01
    warmup_share: float = 0.06
    grad_clip: float = 1.0
    mask_rate: float = 0.15
    model: ModelConfig = field(default_factory=ModelConfig)
    sources: tuple[str, ...] = ()
    exclude_split_file: str = ""
    exclude_splits: tuple[str, ...] = ("dev", "test")
    corpus_dir: str = "corpus"
    synthetic_docs: int = 100
    synthetic_seed: int = 7
    log_every: int = 100

    def __post_init__(self) -> None:
        problems = []
        if not 0 < self.mask_rate < 1:
            problems.append(f"mask_rate: {self.mask_rate} must be in (0, 1)")
        for key in ("steps", "batch_size", "window", "threads", "log_every"):
            if getattr(self, key) < 1:
                problems.append(f"{key}: {getattr(self, key)} must be at least 1")
        problems += model_problems(self.model, self.window, "window")
        if self.model.features or self.model.crf_layer:
            problems.append("model.features / model.crf_layer belong to the fine-tuning config, not pretraining")
        if self.synthetic_docs < 0:
            problems.append(f"synthetic_docs: {self.synthetic_docs} must be >= 0")
        if problems:
            raise ConfigError("; ".join(problems))

    @classmethod
    def from_file(cls, path: Path | str) -> PretrainConfig:
        """Read and validate a YAML pretraining config (unknown keys are errors naming the file)."""
        path = Path(path)
        return build_config(cls, read_mapping(path), str(path))

    def to_dict(self) -> dict[str, Any]:
        return plain(dataclasses.asdict(self))


@dataclass(frozen=True)
class PretrainResult:
    out_dir: Path
    steps: int
    seconds: float
    chars: int
    loss: float
    metadata: dict[str, Any]


def pretraining_texts(config: PretrainConfig, extra_sources: tuple[str, ...] = ()) -> tuple[list[str], dict[str, Any]]:
    """(texts, description): unannotated reports, the corpus' training texts, synthetic reports."""
    from gik_nlp.corpus.format import load_corpus
    from gik_nlp.tagging.unlabelled import unlabelled_texts

    sources = tuple(config.sources) + tuple(extra_sources)
    corpus = load_corpus(config.corpus_dir) if Path(config.corpus_dir).exists() else []
    corpus_train = [d for d in corpus if d.split == "train"]
    held_corpus = {d.text for d in corpus if d.split != "train"}
    unlabelled, left_out = unlabelled_texts(sources, config.exclude_split_file or None, config.exclude_splits,
                                            exclude_texts=held_corpus | {d.text for d in corpus_train})
    synthetic = []
    if config.synthetic_docs:
        from gik_nlp.synth import generate

        synthetic = [d.text for d in generate(config.synthetic_docs, config.synthetic_seed)]
    texts = [u.text for u in unlabelled] + [d.text for d in corpus_train] + synthetic
    description = {"sources": list(sources), "unlabelled_ids": [u.id for u in unlabelled],
                   "left_out": left_out, "corpus_train_docs": len(corpus_train),
                   "synthetic_docs": len(synthetic),
                   "chars": {"unlabelled": sum(len(u.text) for u in unlabelled),
                             "corpus": sum(len(d.text) for d in corpus_train),
                             "synthetic": sum(len(t) for t in synthetic)}}
    return texts, description


class _MaskedLm:  # a plain holder: the encoder plus a small MLM head tied to the input embeddings
    def __init__(self, bert_config: Any):
        import torch
        from transformers import BertModel

        self.bert = BertModel(bert_config, add_pooling_layer=False)
        hidden = bert_config.hidden_size
        self.transform = torch.nn.Sequential(torch.nn.Linear(hidden, hidden), torch.nn.GELU(),
                                             torch.nn.LayerNorm(hidden, eps=bert_config.layer_norm_eps))
        self.bias = torch.nn.Parameter(torch.zeros(bert_config.vocab_size))

    def parameters(self) -> list[Any]:
        return list(self.bert.parameters()) + list(self.transform.parameters()) + [self.bias]

    def named_parameters(self) -> list[tuple[str, Any]]:
        return ([(f"bert.{n}", p) for n, p in self.bert.named_parameters()]
                + [(f"transform.{n}", p) for n, p in self.transform.named_parameters()] + [("bias", self.bias)])

    def loss(self, input_ids: Any, attention_mask: Any, positions: Any, targets: Any) -> Any:
        import torch

        hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        # the vocabulary-sized output only at masked positions: most of an MLM step's cost otherwise
        picked = self.transform(hidden[positions])
        logits = picked @ self.bert.embeddings.word_embeddings.weight.T + self.bias
        return torch.nn.functional.cross_entropy(logits, targets)


def pretrain(config: PretrainConfig, out_dir: Path | str, extra_sources: tuple[str, ...] = (),
             progress: bool = True) -> PretrainResult:
    """Pretrain per ``config`` and write the encoder folder ``out_dir``."""
    import torch

    from gik_nlp.tagging.dataset import window_starts
    from gik_nlp.tagging.model import attention_mask_for, bert_config, library_versions
    from gik_nlp.tagging.train import seed_everything
    from gik_nlp.tagging.vocab import CharVocab

    started = time.perf_counter()
    torch.set_num_threads(config.threads)
    seed_everything(config.seed)
    texts, description = pretraining_texts(config, extra_sources)
    if not texts:
        raise ConfigError("no pretraining text: give sources, a corpus or synthetic_docs")
    vocab = CharVocab.build(texts)
    encoded = [vocab.encode(t) for t in texts if t]
    chars = sum(len(e) for e in encoded)
    cfg = bert_config(config.model, len(vocab), config.window)
    mlm = _MaskedLm(cfg)
    rng = np.random.default_rng(config.seed)
    special = np.array([vocab.pad_id, vocab.unk_id, vocab.cls_id, vocab.sep_id], dtype=np.int64)
    mask_id = vocab.ids["[MASK]"]

    def windows() -> list[tuple[int, int]]:
        out = []
        for index, ids in enumerate(encoded):
            offset = int(rng.integers(config.window))
            out.extend((index, s) for s in window_starts(len(ids), config.window, config.window, offset))
        return [out[i] for i in rng.permutation(len(out))]

    no_decay = ("bias", "LayerNorm", "transform.2")
    named = mlm.named_parameters()
    optimizer = torch.optim.AdamW(
        [{"params": [p for n, p in named if not any(k in n for k in no_decay)], "weight_decay": config.weight_decay},
         {"params": [p for n, p in named if any(k in n for k in no_decay)], "weight_decay": 0.0}],
        lr=config.learning_rate)
    warmup = max(1, int(config.warmup_share * config.steps))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (config.steps - s) / max(1, config.steps - warmup))))
    mlm.bert.train()
    mlm.transform.train()
    history, losses, queue, step = [], [], [], 0
    while step < config.steps:
        if not queue:
            queue = windows()
        batch, queue = queue[:config.batch_size], queue[config.batch_size:]
        lengths = [min(config.window, len(encoded[i]) - s) for i, s in batch]
        width = max(lengths) + 2
        ids = np.full((len(batch), width), vocab.pad_id, dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, ((index, start), length) in enumerate(zip(batch, lengths)):
            ids[row, 0], ids[row, length + 1] = vocab.cls_id, vocab.sep_id
            ids[row, 1:length + 1] = encoded[index][start:start + length]
            mask[row, :length + 2] = 1
        candidates = (mask == 1) & ~np.isin(ids, special)
        chosen = candidates & (rng.random(ids.shape) < config.mask_rate)
        if not chosen.any():
            continue
        targets = ids[chosen].copy()
        roll = rng.random(ids.shape)
        corrupted = ids.copy()
        corrupted[chosen & (roll < 0.8)] = mask_id
        randomised = chosen & (roll >= 0.8) & (roll < 0.9)
        corrupted[randomised] = rng.integers(len(special) + 4, len(vocab), size=int(randomised.sum()))
        mask_t = torch.from_numpy(mask)
        loss = mlm.loss(torch.from_numpy(corrupted), attention_mask_for(mlm.bert, mask_t),
                        torch.from_numpy(chosen), torch.from_numpy(targets))
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(mlm.parameters(), config.grad_clip)
        optimizer.step()
        scheduler.step()
        losses.append(loss.item())
        step += 1
        if step % config.log_every == 0 or step == config.steps:
            entry = {"step": step, "loss": round(float(np.mean(losses[-config.log_every:])), 4),
                     "seconds": round(time.perf_counter() - started, 1)}
            history.append(entry)
            if progress:
                print(f"pretrain step {step}/{config.steps}: loss {entry['loss']} ({entry['seconds']} s)",
                      file=sys.stderr)
    # Rows of characters no pretraining text contains were never trained as inputs:
    # copies of [UNK] instead (as the fine-tuning trainer does), so they read as unknown.
    seen = np.zeros(len(vocab), dtype=bool)
    for e in encoded:
        seen[e] = True
    seen[special] = True
    seen[mask_id] = True
    embeddings = mlm.bert.embeddings.word_embeddings.weight
    with torch.no_grad():
        embeddings[torch.from_numpy(np.flatnonzero(~seen))] = embeddings[vocab.unk_id].clone()
    seconds = round(time.perf_counter() - started, 1)
    meta = {"kind": ENCODER_KIND, "name": config.name, "config": config.to_dict(), "texts": description,
            "chars": chars, "steps": step, "history": history, "final_loss": history[-1]["loss"] if history else None,
            "seconds": seconds, "versions": library_versions(),
            "parameters": sum(p.numel() for p in mlm.bert.parameters())}
    out_dir = save_encoder(Path(out_dir), mlm.bert, vocab, meta)
    return PretrainResult(out_dir, step, seconds, chars, meta["final_loss"] or float("nan"), meta)


def save_encoder(out_dir: Path, bert: Any, vocab: Any, meta: dict[str, Any]) -> Path:
    """Write an encoder folder (weights with ``bert.`` keys, config, vocabulary, meta with hashes)."""
    from safetensors.torch import save_file

    from gik_nlp.tagging.model import file_sha256, write_json

    out_dir.mkdir(parents=True, exist_ok=True)
    state = {f"bert.{k}": v.detach().cpu().contiguous() for k, v in bert.state_dict().items()}
    save_file(state, str(out_dir / "model.safetensors"), metadata={"format": "pt"})
    bert.config.to_json_file(str(out_dir / "config.json"))
    vocab.save(out_dir)
    write_json(out_dir / "meta.json", dict(meta, files={n: file_sha256(out_dir / n) for n in ENCODER_FILES}))
    return out_dir


def is_encoder(folder: Path | str) -> bool:
    """Whether ``folder`` holds a ``gik pretrain`` encoder (meta.json kind "encoder")."""
    import json

    path = Path(folder) / "meta.json"
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("kind") == ENCODER_KIND
    except (OSError, ValueError, AttributeError):
        return False


def load_encoder(folder: Path | str) -> tuple[Any, dict[str, Any], Any, dict[str, Any]]:
    """(BertConfig, encoder state dict without the ``bert.`` prefix, CharVocab, meta) of an encoder
    folder; raises ModelError naming the file when something does not belong together."""
    from safetensors.torch import load_file
    from transformers import BertConfig

    from gik_nlp.tagging.model import ModelError, check_files, read_metadata
    from gik_nlp.tagging.vocab import CharVocab, VocabError

    folder = Path(folder)
    meta = read_metadata(folder)
    if meta.get("kind") != ENCODER_KIND:
        raise ModelError(f"{folder / 'meta.json'}: kind is {meta.get('kind')!r}, not {ENCODER_KIND!r}")
    check_files(folder, meta, ENCODER_FILES)
    try:
        vocab = CharVocab.load(folder)
    except VocabError as exc:
        raise ModelError(str(exc)) from exc
    config = BertConfig.from_json_file(str(folder / "config.json"))
    if config.vocab_size != len(vocab):
        raise ModelError(f"{folder / 'config.json'}: vocab_size {config.vocab_size} but vocab.json has "
                         f"{len(vocab)} tokens")
    state = {k[len("bert."):]: v for k, v in load_file(str(folder / "model.safetensors")).items()
             if k.startswith("bert.")}
    return config, state, vocab, meta


def steps_for(chars: int, epochs: float, batch_size: int, window: int) -> int:
    """Optimizer steps for ``epochs`` passes over ``chars`` characters.

    >>> steps_for(1_000_000, 2, 16, 256)
    489
    """
    return max(1, math.ceil(epochs * chars / (batch_size * window)))
