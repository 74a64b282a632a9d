"""Train a tagger: corpus + synthetic documents → a model folder.

``train`` reads the corpus, adds synthetic documents (gik_nlp.synth), splits them by
document, and trains either the character BERT (``kind: transformer``) or the CRF
baseline (``kind: crf``). The best model on the dev split (micro span F1) is written
to ``out_dir`` every time it improves, so an interrupted run leaves a usable model,
and ``init_from`` continues from it (on a grown corpus: the old model's scores are kept
under ``previous`` in meta.json, and its score on the new dev split is epoch 0 of
``history``, so a regression shows).
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import random
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from gik_nlp import __version__
from gik_nlp.corpus.format import AnnotatedDocument, corpus_fingerprint, load_corpus
from gik_nlp.schema import LABELS
from gik_nlp.tagging.config import TrainConfig
from gik_nlp.tagging.dataset import assign_splits, to_dataset, window_starts
from gik_nlp.types import Span, sha256_text

IGNORED = -100  # label of positions the loss skips ([CLS], [SEP], padding)


class TrainError(ValueError):
    """Training cannot start: the message says what is missing."""


@dataclass(frozen=True)
class TrainResult:
    """What a training run produced."""

    out_dir: Path
    name: str
    dev_scores: dict[str, dict[str, float]]
    best_epoch: int
    epochs_run: int
    seconds: float
    train_chars: int
    history: tuple[dict[str, Any], ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)


def model_name(config: TrainConfig, fingerprint: str) -> str:
    """``gik-<config name>-<version>+<corpus fingerprint>.<config hash>``: two models fitted on one
    corpus with different settings (crf.script, c1 …) have different names.

    >>> model_name(TrainConfig(name="crf", kind="crf"), "68b64f6b52f6a412").startswith("gik-crf-")
    True
    """
    settings = hashlib.sha256(json.dumps(config.to_dict(), sort_keys=True).encode("utf-8")).hexdigest()
    return f"gik-{config.name}-{__version__}+{fingerprint}.{settings[:8]}"


def span_scores(gold: Sequence[Iterable[Span]], predicted: Sequence[Iterable[Span]]) -> dict[str, dict[str, float]]:
    """Exact-match span precision/recall/F1 per label and ``micro`` over all labels.

    >>> g = [[Span(0, 2, "DATE", ""), Span(3, 5, "AGENCY", "")]]
    >>> p = [[Span(0, 2, "DATE", ""), Span(3, 4, "AGENCY", "")]]
    >>> span_scores(g, p)["micro"]
    {'precision': 0.5, 'recall': 0.5, 'f1': 0.5, 'support': 2}
    """
    counts = {label: [0, 0, 0] for label in LABELS + ("micro",)}  # tp, fp, fn
    for gold_spans, predicted_spans in zip(gold, predicted):
        gold_set = {(s.start, s.end, s.label) for s in gold_spans}
        predicted_set = {(s.start, s.end, s.label) for s in predicted_spans}
        for key in gold_set & predicted_set:
            counts[key[2]][0] += 1
        for key in predicted_set - gold_set:
            counts[key[2]][1] += 1
        for key in gold_set - predicted_set:
            counts[key[2]][2] += 1
    for label in LABELS:
        for i in range(3):
            counts["micro"][i] += counts[label][i]
    scores = {}
    for label, (tp, fp, fn) in counts.items():
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                         "support": tp + fn}
    return scores


def synthesize(config: TrainConfig) -> list[AnnotatedDocument]:
    """The config's synthetic documents (``data.synthetic_docs`` of them; [] for none)."""
    if config.data.synthetic_docs == 0:
        return []
    try:
        from gik_nlp.synth import generate
        from gik_nlp.synth.config import SynthConfig
    except ImportError as exc:
        raise TrainError(f"data.synthetic_docs is {config.data.synthetic_docs} but the generator "
                         f"cannot be imported ({exc}); set it to 0 to train on the corpus alone") from exc
    return list(generate(config.data.synthetic_docs, config.data.synthetic_seed,
                         config=SynthConfig.from_dict(config.synth)))


@dataclass(frozen=True)
class TrainingData:
    """Documents by split plus what meta.json records about them."""

    splits: dict[str, list[AnnotatedDocument]]
    fingerprint: str
    description: dict[str, Any]


def prepare_data(config: TrainConfig, corpus_dir: Path, exclude_ids: frozenset[str],
                 extra_docs: Sequence[AnnotatedDocument], texts: Any = None) -> TrainingData:
    """Corpus (minus ``exclude_ids``) + ``extra_docs`` + synthetic documents, split by document.

    texts: where by-reference corpus texts resolve (corpus.texts.TextRoots; None: defaults);
    documents whose text is missing are left out and listed under ``skipped_texts``.
    """
    from gik_nlp.corpus.texts import skipped_summary

    skipped: list[Any] = []
    corpus = load_corpus(corpus_dir, texts, skipped) if Path(corpus_dir).exists() else []
    # of the corpus documents this model learns from: a fold that leaves some out is another model
    fingerprint = corpus_fingerprint(d for d in corpus if d.id not in exclude_ids)
    docs = [d for d in list(corpus) + list(extra_docs) if d.id not in exclude_ids]
    synthetic = synthesize(config)
    clash = {d.id for d in docs} & {d.id for d in synthetic}
    if clash:
        raise TrainError(f"synthetic document ids clash with corpus ids: {sorted(clash)[:5]}")
    splits = assign_splits(docs + synthetic, config.data.dev_share, config.seed)
    if config.data.fit_dev:
        splits["train"] = splits["train"] + [replace(d, split="train") for d in splits["dev"]]
        splits["dev"] = []
    if not splits["train"]:
        raise TrainError(f"no training documents: {corpus_dir} has none with split 'train' "
                         f"and data.synthetic_docs is {config.data.synthetic_docs}"
                         + (f"; {skipped_summary(skipped)}" if skipped else ""))

    def ids(split: str, origin: str) -> list[str]:
        return sorted(d.id for d in splits[split] if d.origin == origin)

    description = {
        "corpus_dir": str(corpus_dir), "corpus_fingerprint": fingerprint,
        "excluded_ids": sorted(exclude_ids), "extra_docs": len(extra_docs),
        "synthetic_fingerprint": corpus_fingerprint(synthetic) if synthetic else "",
        "documents": {split: {"real": ids(split, "real"),
                              "synthetic": len([d for d in splits[split] if d.origin != "real"])}
                      for split in ("train", "dev")},
        "train_chars": sum(len(d.text) for d in splits["train"]),
        # what `gik evaluate` checks scored documents against (not held out when they match)
        "training_texts": sorted({sha256_text(d.text) for split in ("train", "dev") for d in splits[split]
                                  if d.origin != "synthetic"}),
        "skipped_texts": {"documents": sorted(s.doc_id for s in skipped), "summary": skipped_summary(skipped)},
    }
    return TrainingData(splits, fingerprint, description)


def data_summary(config: TrainConfig, data: TrainingData, corpus_dir: Path) -> str:
    """What a training run is about to fit, in a few lines: the config, the documents of each
    split by origin, the characters, and what ``dev`` scores will mean (none: no dev set)."""
    lines = [f"config: {config.name} (kind {config.kind}, seed {config.seed})"]
    for split in ("train", "dev"):
        docs = data.splits.get(split) or []
        real = sum(1 for d in docs if d.origin != "synthetic")
        lines.append(f"{split}: {len(docs)} documents ({real} annotated from {corpus_dir}, "
                     f"{len(docs) - real} synthetic), {sum(len(d.text) for d in docs):,} characters")
    if not data.splits.get("dev"):
        lines.append("dev: none, so the dev scores printed at the end are not measured (null)")
    skipped = (data.description.get("skipped_texts") or {}).get("summary")
    if skipped:
        lines.append(f"skipped: {skipped}")
    return "\n".join(lines)


def before_training(previous_meta: dict[str, Any], dev_docs: Sequence[AnnotatedDocument],
                    score: Callable[[], float]) -> dict[str, Any]:
    """The history entry of the model a ``--from`` run continues: its micro span F1 on the new dev
    split (``score()``), or None when its training split held some of those documents (a fit on
    train and dev, training/crf_release.yaml): its score there is no yardstick (``seen_dev`` says
    how many).

    >>> doc = AnnotatedDocument(id="d1", source="d1", text="x", spans=[], split="dev", origin="real")
    >>> before_training({"documents": {"train": {"real": ["d1"]}}}, [doc], lambda: 0.9)
    {'epoch': 0, 'dev_f1': None, 'note': 'before training', 'seen_dev': 1}
    >>> before_training({"documents": {"train": {"real": ["d2"]}}}, [doc], lambda: 0.9)["dev_f1"]
    0.9
    """
    # its training split's ids (its dev split, where it was only scored, is no training)
    trained = set(((previous_meta.get("documents") or {}).get("train") or {}).get("real") or ())
    seen = [d.id for d in dev_docs if d.id in trained]
    if seen:
        return {"epoch": 0, "dev_f1": None, "note": "before training", "seen_dev": len(seen)}
    return {"epoch": 0, "dev_f1": score(), "note": "before training"}


def dev_before_after(history: Sequence[dict[str, Any]]) -> tuple[float, float] | None:
    """(the previous model's micro span F1 on the new dev split, the new model's) from a ``--from``
    run's history; None when there is nothing to compare (no previous model, no dev split).

    The new model's figure is that of its best epoch (the one saved).

    >>> dev_before_after([{"epoch": 0, "dev_f1": 0.8, "note": "before training"},
    ...                   {"epoch": 1, "dev_f1": 0.7}, {"epoch": 2, "dev_f1": 0.75}])
    (0.8, 0.75)
    >>> dev_before_after([{"epoch": 1, "dev_f1": 0.7}]) is None
    True
    """
    if not history or history[0].get("note") != "before training" or history[0].get("dev_f1") is None:
        return None
    after = [h["dev_f1"] for h in history[1:] if h.get("dev_f1") is not None]
    return (float(history[0]["dev_f1"]), max(after)) if after else None


def seed_everything(seed: int) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def train(config: TrainConfig, out_dir: Path, corpus_dir: Path = Path("corpus"), init_from: Path | None = None,
          base_model: Path | None = None, exclude_ids: frozenset[str] = frozenset(),
          extra_docs: Sequence[AnnotatedDocument] = (), progress: bool = True, texts: Any = None,
          on_summary: Callable[[str], None] | None = None) -> TrainResult:
    """Train per ``config`` and write the model folder ``out_dir``.

    init_from: continue from this model folder (same kind); its vocabulary grows with
        the new corpus' characters.
    base_model: start the transformer from a local pretrained BERT checkpoint folder
        (config.json, weights, vocab.txt); nothing is downloaded.
    exclude_ids / extra_docs: leave corpus documents out, add documents (for
        leave-one-out evaluation and learning curves).
    texts: where by-reference corpus texts resolve (corpus.texts.TextRoots; None: defaults).
    on_summary: given ``data_summary(...)`` once the data is ready, before fitting starts.

    The model folder also gets the assembler's name → field classifier (``names.json``,
    ``names.safetensors``), fitted on the real documents of the training split.
    """
    if init_from is not None and base_model is not None:
        raise TrainError("give either init_from or base_model, not both")
    started = time.perf_counter()
    data = prepare_data(config, Path(corpus_dir), frozenset(exclude_ids), extra_docs, texts)
    if config.kind == "transformer" and config.distill.teacher:
        data = with_distilled(config, data)
    if on_summary is not None:
        on_summary(data_summary(config, data, Path(corpus_dir)))
    out_dir = Path(out_dir)
    from gik_nlp.assemble.fields import NAMES_JSON, NAMES_WEIGHTS

    for earlier in (NAMES_JSON, NAMES_WEIGHTS):
        # an earlier model's name classifier, refitted below: left in the folder, it would not be
        # in the new meta.json, and loading the new model to score dev would refuse the folder
        (out_dir / earlier).unlink(missing_ok=True)
    if config.kind == "crf":
        if base_model is not None:
            raise TrainError("base_model applies to the transformer, not to kind 'crf'")
        from gik_nlp.tagging.crf import train_crf

        result = train_crf(config, out_dir, data, init_from=init_from, started=started, progress=progress)
    else:
        result = _train_transformer(config, out_dir, data, init_from, base_model, progress, started)
    info = fit_names_into(out_dir, data.splits["train"])
    return replace(result, metadata=dict(result.metadata, names=info))


def fit_names_into(model_dir: Path, train_docs: Sequence[AnnotatedDocument]) -> dict[str, Any]:
    """Fit the assembler's name → field classifier on the real training documents (plus the schema's
    names and the generator's phrase pools) and save it into the model folder; what meta.json records."""
    from gik_nlp.assemble.fields import NameClassifier, training_pairs
    from gik_nlp.tagging.model import save_names

    real = sorted((d for d in train_docs if d.origin == "real"), key=lambda d: d.id)
    pairs = training_pairs(real)  # once: fields.fit_names would gather them again for the count below
    names = NameClassifier.fit(pairs)
    info = {"pairs": len(pairs), "labels": len(names.labels), "features": len(names.idf),
            "real_documents": len(real), "sources": "fields.yaml names, synth phrase pools, the training split's "
                                                   "real documents (assemble.fields.document_pairs)"}
    save_names(Path(model_dir), names, info)
    return info


def with_distilled(config: TrainConfig, data: TrainingData) -> TrainingData:
    """``data`` plus the teacher's documents (distill.py) in the training split only."""
    from gik_nlp.tagging.distill import distilled_documents

    known = [d.text for docs in data.splits.values() for d in docs]
    distilled, info = distilled_documents(config.distill, known)
    splits = dict(data.splits, train=list(data.splits["train"]) + distilled)
    return TrainingData(splits, data.fingerprint, dict(data.description, distilled=info))


def _previous_runs(metadata: dict[str, Any]) -> list[dict[str, Any]]:
    here = {key: metadata.get(key) for key in ("name", "corpus_fingerprint", "dev_scores", "best_epoch")}
    return [here] + list(metadata.get("previous") or [])


def _start_model(config: TrainConfig, data: TrainingData, init_from: Path | None, base_model: Path | None):
    """(model, vocab, previous runs, origin note, trained rows) for a fresh, continued or pretrained start.

    trained rows: per vocabulary id, whether its embedding row was trained before this run
    (a continued model's rows that are not copies of [UNK]; all rows of a checkpoint).
    """
    from gik_nlp.tagging.model import ModelError, bert_config, build_model, load_model
    from gik_nlp.tagging.pretrain import is_encoder, load_encoder
    from gik_nlp.tagging.tags import TAG_IDS, TAGS
    from gik_nlp.tagging.vocab import CharVocab

    train_texts = [d.text for d in data.splits["train"]]
    if init_from is not None:
        loaded = load_model(init_from)
        vocab = loaded.vocab.extended(train_texts)
        model = loaded.model
        embeddings = model.get_input_embeddings().weight.detach()
        trained = np.zeros(len(vocab), dtype=bool)
        trained[:len(loaded.vocab)] = (embeddings != embeddings[loaded.vocab.unk_id]).any(dim=1).numpy()
        if len(vocab) > len(loaded.vocab):
            model.resize_token_embeddings(len(vocab), mean_resizing=False)
        return model, vocab, _previous_runs(loaded.metadata), {"init_from": str(init_from)}, trained
    if base_model is not None and is_encoder(base_model):  # a `gik pretrain` encoder
        from gik_nlp.tagging.neural import CharTagger, feature_config

        bert_cfg, state, vocab, _ = load_encoder(base_model)
        bert_cfg.num_labels, bert_cfg.id2label = len(TAGS), dict(enumerate(TAGS))
        bert_cfg.label2id = dict(TAG_IDS)
        bert_cfg.hidden_dropout_prob = bert_cfg.attention_probs_dropout_prob = config.model.dropout
        model = CharTagger(feature_config(bert_cfg, config.model.features, config.model.crf_layer))
        try:
            model.bert.load_state_dict(state, strict=True)
        except RuntimeError as exc:
            raise ModelError(f"{base_model / 'model.safetensors'}: weights do not fit config.json ({exc})") from exc
        return model, vocab, [], {"base_model": str(base_model)}, np.ones(len(vocab), dtype=bool)
    if base_model is not None:
        from transformers import BertForTokenClassification

        base_model = Path(base_model)
        vocab_file = base_model / "vocab.txt"
        if not (base_model / "config.json").is_file() or not vocab_file.is_file():
            raise TrainError(f"{base_model}: a base model folder needs config.json, the weights and vocab.txt")
        vocab = CharVocab.from_bert_vocab(vocab_file)
        try:
            model = BertForTokenClassification.from_pretrained(
                str(base_model), num_labels=len(TAGS), id2label=dict(enumerate(TAGS)),
                label2id=dict(TAG_IDS), local_files_only=True)
        except (OSError, ValueError) as exc:
            raise TrainError(f"{base_model}: cannot load the checkpoint ({exc})") from exc
        if model.config.vocab_size < len(vocab):
            raise ModelError(f"{vocab_file}: {len(vocab)} tokens but the checkpoint has "
                             f"{model.config.vocab_size} embeddings")
        if model.config.vocab_size > len(vocab):  # ids past vocab.txt are unreachable; keep shapes equal
            model.resize_token_embeddings(len(vocab), mean_resizing=False)
        # The checkpoint learnt its attention without a locality bias; adding one would disturb it.
        model.config.gik_attention_bias = "none"
        return model, vocab, [], {"base_model": str(base_model)}, np.ones(len(vocab), dtype=bool)
    vocab = CharVocab.build(train_texts)
    if config.model.features or config.model.crf_layer:
        from gik_nlp.tagging.neural import CharTagger, feature_config

        bert_cfg = bert_config(config.model, len(vocab), config.window.length)
        model = CharTagger(feature_config(bert_cfg, config.model.features, config.model.crf_layer))
    else:
        model = build_model(config.model, len(vocab), config.window.length)
    return model, vocab, [], {}, np.zeros(len(vocab), dtype=bool)


def _train_transformer(config: TrainConfig, out_dir: Path, data: TrainingData, init_from: Path | None,
                       base_model: Path | None, progress: bool, started: float) -> TrainResult:
    import torch
    from tqdm import tqdm

    from gik_nlp.tagging.infer import default_device, predict_tag_ids
    from gik_nlp.tagging.model import attention_mask_for, library_versions, read_metadata, save_model
    from gik_nlp.tagging.distill import ORIGIN
    from gik_nlp.tagging.features import feature_ids
    from gik_nlp.tagging.neural import weighted_token_loss
    from gik_nlp.tagging.tags import tag_ids_to_spans

    torch.set_num_threads(config.threads)
    seed_everything(config.seed)
    device = default_device()
    model, vocab, previous, start_note, trained_rows = _start_model(config, data, init_from, base_model)
    window, stride = config.window.length, config.window.stride
    if window + 2 > model.config.max_position_embeddings:
        raise TrainError(f"window.length {window} + 2 exceeds the model's {model.config.max_position_embeddings} "
                         f"positions")
    model.to(device)

    dataset = to_dataset(data.splits["train"] + data.splits["dev"], vocab, config.data.dev_share, config.seed)
    train_rows = dataset["train"].with_format("numpy")
    documents = [(np.asarray(row["input_ids"], dtype=np.int64), np.asarray(row["tag_ids"], dtype=np.int64),
                  row["origin"]) for row in train_rows]
    # per training document, in the same order: the input features (tagging/features.py) and
    # the loss weight of its characters (distilled text weighs distill.weight, labelled text 1)
    feature_names = list(getattr(model.config, "gik_features", []) or [])
    train_texts = {d.id: d.text for d in data.splits["train"]}
    doc_features = [feature_ids(train_texts[row_id], feature_names) for row_id in train_rows["id"]]
    doc_weights = [config.distill.weight if origin == ORIGIN else 1.0 for _, _, origin in documents]
    dev_docs = data.splits["dev"]

    # Rows of characters no training text contains were never trained; they would feed
    # the model random vectors. Saved as copies of [UNK] (which unk_rate trains) instead,
    # so an unseen character reads as unknown, and `--from` can still train its row later.
    seen = trained_rows.copy()
    for ids, _, _ in documents:
        seen[ids] = True
    seen[[vocab.pad_id, vocab.cls_id, vocab.sep_id]] = True
    unseen = torch.from_numpy(np.flatnonzero(~seen))

    def tie_unseen_to_unk() -> None:
        embeddings = model.get_input_embeddings().weight
        with torch.no_grad():
            embeddings[unseen.to(embeddings.device)] = embeddings[vocab.unk_id].clone()  # a view would alias the rows it writes

    def evaluate() -> dict[str, dict[str, float]]:
        tie_unseen_to_unk()
        predicted = predict_tag_ids(model, vocab, [d.text for d in dev_docs], window, stride,
                                    config.inference.batch_size, device)
        spans = [tag_ids_to_spans(d.text, ids, scores) for d, (ids, scores) in zip(dev_docs, predicted)]
        return span_scores([d.spans for d in dev_docs], spans)

    rng = np.random.default_rng(config.seed)

    def epoch_windows() -> list[tuple[int, int]]:
        windows = []
        for index, (ids, _, origin) in enumerate(documents):
            for _ in range(config.data.real_repeat if origin == "real" else 1):  # distilled: once
                # Training windows tile the document without overlap; a random shift per pass
                # varies where they cut, which overlap at inference time does not need to.
                offset = int(rng.integers(window))
                windows.extend((index, start) for start in window_starts(len(ids), window, window, offset))
        return [windows[i] for i in rng.permutation(len(windows))]

    batch_size = config.optimizer.batch_size
    first_windows = epoch_windows()
    steps_per_epoch = math.ceil(len(first_windows) / batch_size)
    total_steps = max(1, steps_per_epoch * config.epochs)
    warmup = int(config.optimizer.warmup_share * total_steps)
    no_decay = ("bias", "LayerNorm.weight", "LayerNorm.bias")
    groups = [{"params": [p for n, p in model.named_parameters() if not any(k in n for k in no_decay)],
               "weight_decay": config.optimizer.weight_decay},
              {"params": [p for n, p in model.named_parameters() if any(k in n for k in no_decay)],
               "weight_decay": 0.0}]
    optimizer = torch.optim.AdamW(groups, lr=config.optimizer.learning_rate)

    def lr_factor(step: int) -> float:  # linear warm-up, then linear decay to zero
        return min((step + 1) / max(1, warmup), max(0.0, (total_steps - step) / max(1, total_steps - warmup)))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_factor)

    history: list[dict[str, Any]] = []
    if previous and dev_docs and init_from is not None:
        history.append(dict(before_training(read_metadata(Path(init_from)), dev_docs,
                                            lambda: evaluate()["micro"]["f1"]), loss=None))
    best_f1, best_epoch, best_scores, best_state = -1.0, 0, {}, None
    stale = 0
    train_chars = sum(len(ids) for ids, _, _ in documents)
    base_meta = {
        "name": model_name(config, data.fingerprint), "config": config.to_dict(),
        "corpus_fingerprint": data.fingerprint, **data.description, **start_note,
        "previous": previous, "device": device, "versions": library_versions(),
        "architecture": {"hidden_size": model.config.hidden_size, "num_layers": model.config.num_hidden_layers,
                         "num_heads": model.config.num_attention_heads, "vocab_size": model.config.vocab_size,
                         "attention_bias": getattr(model.config, "gik_attention_bias", "none"),
                         "features": feature_names, "crf_layer": bool(getattr(model.config, "gik_crf", False)),
                         "parameters": sum(p.numel() for p in model.parameters())},
    }

    def save(epoch: int, scores: dict[str, Any]) -> None:
        tie_unseen_to_unk()
        meta = dict(base_meta, dev_scores=scores, best_epoch=epoch, history=history,
                    train_seconds=round(time.perf_counter() - started, 1))
        save_model(out_dir, model, vocab, meta)

    epochs_run = 0
    for epoch in range(1, config.epochs + 1):
        windows = first_windows if epoch == 1 else epoch_windows()
        model.train()
        losses = []
        bar = tqdm(total=len(windows), desc=f"epoch {epoch}/{config.epochs}", unit="win", file=sys.stderr,
                   disable=not progress, leave=False)
        for first in range(0, len(windows), batch_size):
            batch = windows[first:first + batch_size]
            lengths = [min(window, len(documents[i][0]) - s) for i, s in batch]
            width = max(lengths) + 2
            input_ids = np.full((len(batch), width), vocab.pad_id, dtype=np.int64)
            labels = np.full((len(batch), width), IGNORED, dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            feats = np.zeros((len(batch), width, len(feature_names)), dtype=np.int64)
            weights = np.array([doc_weights[index] for index, _ in batch], dtype=np.float32)
            for row, ((index, start), length) in enumerate(zip(batch, lengths)):
                ids, tags, _ = documents[index]
                feats[row, 1:length + 1] = doc_features[index][start:start + length]
                input_ids[row, 0] = vocab.cls_id
                input_ids[row, 1:length + 1] = ids[start:start + length]
                input_ids[row, length + 1] = vocab.sep_id
                labels[row, 1:length + 1] = tags[start:start + length]
                mask[row, :length + 2] = 1
            if config.data.unk_rate:  # teach the model to read characters it has no row for
                hide = (rng.random(input_ids.shape) < config.data.unk_rate) & (labels != IGNORED)
                input_ids[hide] = vocab.unk_id
            attention = attention_mask_for(model, torch.from_numpy(mask).to(device))
            if hasattr(model, "crf"):  # CharTagger (tagging/neural.py): features, weights, CRF
                loss = model(input_ids=torch.from_numpy(input_ids).to(device), attention_mask=attention,
                             feature_ids=torch.from_numpy(feats).to(device), labels=torch.from_numpy(labels).to(device),
                             weights=torch.from_numpy(weights).to(device)).loss
            elif (weights != 1).any():  # distilled windows weigh less: the CharTagger's weighted loss, not BERT's
                logits = model(input_ids=torch.from_numpy(input_ids).to(device), attention_mask=attention).logits
                loss = weighted_token_loss(logits, torch.from_numpy(labels).to(device),
                                           torch.from_numpy(weights).to(device))
            else:
                loss = model(input_ids=torch.from_numpy(input_ids).to(device), attention_mask=attention,
                             labels=torch.from_numpy(labels).to(device)).loss
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), config.optimizer.grad_clip)
            optimizer.step()
            scheduler.step()
            losses.append(loss.item())
            bar.update(len(batch))
            bar.set_postfix(loss=f"{np.mean(losses[-50:]):.4f}")
        bar.close()
        epochs_run = epoch
        scores = evaluate() if dev_docs else {}
        dev_f1 = scores["micro"]["f1"] if scores else float(epoch)  # no dev split: the last epoch wins
        history.append({"epoch": epoch, "loss": round(float(np.mean(losses)), 5) if losses else None,
                        "dev_f1": scores["micro"]["f1"] if scores else None,
                        "seconds": round(time.perf_counter() - started, 1)})
        if progress:
            print(f"epoch {epoch}: loss {history[-1]['loss']}, dev micro F1 {history[-1]['dev_f1']}",
                  file=sys.stderr)
        if dev_f1 > best_f1 + config.early_stopping.min_delta:
            best_f1, best_epoch, best_scores, stale = dev_f1, epoch, scores, 0
            best_state = copy.deepcopy(model.state_dict())
            save(best_epoch, best_scores)
        else:
            stale += 1
            if stale >= config.early_stopping.patience:
                break
    if best_state is not None:
        model.load_state_dict(best_state)
    save(best_epoch, best_scores)  # once more, with the full history
    meta = dict(base_meta, dev_scores=best_scores, best_epoch=best_epoch, history=history)
    return TrainResult(out_dir, base_meta["name"], best_scores, best_epoch, epochs_run,
                       round(time.perf_counter() - started, 1), train_chars, tuple(history), meta)
