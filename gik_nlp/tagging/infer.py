"""Tag whole reports with a saved transformer model.

A report of any length is cut into overlapping windows (``window.length`` characters,
one every ``window.stride``), the windows of all documents go through the model in
batches, and each character takes its tag from the window in which it sits most
centrally (the one with most context on both sides). BIO is repaired and each span
scored in ``tags.tag_ids_to_spans``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from gik_nlp import limits
from gik_nlp.tagging.config import QUANTIZE
from gik_nlp.tagging.dataset import owned_ranges, window_starts
from gik_nlp.tagging.model import attention_mask_for, load_model, load_names
from gik_nlp.tagging.tags import TAGS, line_windows, marginals_in_windows, tag_ids_to_spans, tag_in_windows
from gik_nlp.tagging.vocab import CharVocab
from gik_nlp.types import Document, Span


#: Characters of a long document tagged at a time (Tagger.tag).
CHUNK_CHARS = 50_000


def default_device() -> str:
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def _window_outputs(model: Any, vocab: CharVocab, texts: Sequence[str], window: int, stride: int,
                    batch_size: int, device: str = "cpu") -> Iterator[tuple[list[tuple[int, int, int, int, int]],
                                                                           Any, Any]]:
    """The model run over every window of ``texts``, a batch at a time.

    Yields (pieces, logits [B, W, K], chars [B, W] bool: the positions that are characters, not
    [CLS]/[SEP]/padding); a piece is (text index, window start, window end, owned start, owned end),
    and position p of a row is character ``window start + p - 1`` of its text.
    """
    import torch

    encoded = [vocab.encode(text) for text in texts]
    # a CharTagger (tagging/neural.py) may read per-character features and decode with a CRF
    feature_names = list(getattr(model.config, "gik_features", []) or [])
    if feature_names:
        from gik_nlp.tagging.features import feature_ids

        features = [feature_ids(text, feature_names) for text in texts]
    pieces: list[tuple[int, int, int, int, int]] = []
    for index, ids in enumerate(encoded):
        if not len(ids):
            continue
        starts = window_starts(len(ids), window, stride)
        for start, (own_start, own_end) in zip(starts, owned_ranges(starts, window, len(ids))):
            pieces.append((index, start, min(start + window, len(ids)), own_start, own_end))
    # Longest first, so a batch pads little; sorted stably so results do not depend on order.
    pieces.sort(key=lambda p: p[1] - p[2])
    # Only a model left in training mode is switched (and switched back): toggling a shared
    # model that is already in eval mode would put another thread's batches in training mode.
    was_training = model.training
    if was_training:
        model.eval()
    try:
        with torch.inference_mode():
            for first in range(0, len(pieces), batch_size):
                limits.check()
                batch = pieces[first:first + batch_size]
                width = max(end - start for _, start, end, _, _ in batch) + 2
                input_ids = np.full((len(batch), width), vocab.pad_id, dtype=np.int64)
                mask = np.zeros((len(batch), width), dtype=np.int64)
                feats = np.zeros((len(batch), width, len(feature_names)), dtype=np.int64)
                for row, (index, start, end, _, _) in enumerate(batch):
                    if feature_names:
                        feats[row, 1:end - start + 1] = features[index][start:end]
                    input_ids[row, 0] = vocab.cls_id
                    input_ids[row, 1:end - start + 1] = encoded[index][start:end]
                    input_ids[row, end - start + 1] = vocab.sep_id
                    mask[row, :end - start + 2] = 1
                attention = attention_mask_for(model, torch.from_numpy(mask).to(device))
                # characters only: [CLS] (position 0) and [SEP] stay out of a CRF's path
                chars = torch.from_numpy(mask.astype(bool)).to(device)
                chars[:, 0] = False
                chars[torch.arange(len(batch)), torch.from_numpy(mask.sum(1) - 1).to(device)] = False
                if hasattr(model, "crf"):
                    logits = model(input_ids=torch.from_numpy(input_ids).to(device), attention_mask=attention,
                                   feature_ids=torch.from_numpy(feats).to(device)).logits
                else:
                    logits = model(input_ids=torch.from_numpy(input_ids).to(device), attention_mask=attention).logits
                yield batch, logits, chars
    finally:
        if was_training:
            model.train(True)


def predict_tag_ids(model: Any, vocab: CharVocab, texts: Sequence[str], window: int, stride: int,
                    batch_size: int, device: str = "cpu") -> list[tuple[np.ndarray, np.ndarray]]:
    """Per text: the tag id of every character and the probability of that tag."""
    import torch

    results = [(np.zeros(len(text), dtype=np.int64), np.zeros(len(text), dtype=np.float32)) for text in texts]
    for batch, logits, chars in _window_outputs(model, vocab, texts, window, stride, batch_size, device):
        if hasattr(model, "crf"):
            tags = model.decode(logits, chars)
            probs = torch.softmax(logits.float(), dim=-1).gather(2, tags[:, :, None]).squeeze(2)
        else:
            probs, tags = torch.softmax(logits.float(), dim=-1).max(dim=-1)
        probs, tags = probs.cpu().numpy(), tags.cpu().numpy()
        for row, (index, start, _, own_start, own_end) in enumerate(batch):
            # +1: position 0 of a window is [CLS]
            chosen = slice(own_start - start + 1, own_end - start + 1)
            results[index][0][own_start:own_end] = tags[row, chosen]
            results[index][1][own_start:own_end] = probs[row, chosen]
    return results


def predict_marginals(model: Any, vocab: CharVocab, texts: Sequence[str], window: int, stride: int,
                      batch_size: int, device: str = "cpu") -> list[np.ndarray]:
    """Per text: a float32 array [characters, tags], each character's probability of every tag
    (the CRF layer's forward-backward marginals, or the softmax for a model without one), taken
    from the window in which the character sits most centrally."""
    import torch

    results = [np.zeros((len(text), len(TAGS)), dtype=np.float32) for text in texts]
    for batch, logits, chars in _window_outputs(model, vocab, texts, window, stride, batch_size, device):
        if getattr(model, "crf", None) is not None:
            probs = torch.zeros(logits.shape, dtype=torch.float32, device=logits.device)
            probs[:, 1:] = model.crf.marginals(logits[:, 1:].float(), chars[:, 1:])
        else:
            probs = torch.softmax(logits.float(), dim=-1)
        probs = probs.cpu().numpy()
        for row, (index, start, _, own_start, own_end) in enumerate(batch):
            results[index][own_start:own_end] = probs[row, own_start - start + 1:own_end - start + 1]
    return results


def quantized(model: Any, mode: str, device: str = "cpu") -> Any:
    """``model`` with its linear layers dynamically quantised to int8 (``mode`` "int8", on a CPU),
    or ``model`` itself ("none", or another device: quantised kernels are CPU ones)."""
    if mode not in QUANTIZE:
        raise ValueError(f"quantize: {mode!r} is not 'none' or 'int8'")
    if mode == "none" or device != "cpu":
        return model
    import warnings

    import torch

    with warnings.catch_warnings():
        # torch 2.13 marks eager-mode quantisation deprecated (in favour of the torchao package, not a
        # dependency here); it works, and the notice would print on every model load of `gik extract`
        warnings.filterwarnings("ignore", message=r"torch\.ao\.quantization is deprecated", category=DeprecationWarning)
        warnings.filterwarnings("ignore", message=r".*quantize_per_tensor.*deprecated", category=UserWarning)
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


class Tagger:
    """A loaded transformer model that tags documents (holds the weights, so a class)."""

    def __init__(self, model_dir: Path | str, device: str | None = None, batch_size: int | None = None,
                 quantize: str | None = None, stride: int | None = None):
        """``quantize`` ("none" or "int8") and ``stride`` override the model's ``inference.quantize``
        and ``window.stride``."""
        loaded = load_model(model_dir)
        self.model_dir = Path(model_dir)
        self.metadata: dict[str, Any] = loaded.metadata
        self.name: str = str(self.metadata.get("name", self.model_dir.name))
        self.vocab = loaded.vocab
        self.device = device or default_device()
        config = self.metadata.get("config", {})
        self.window = int(config.get("window", {}).get("length", 256))
        self.stride = stride or int(config.get("window", {}).get("stride", self.window * 3 // 4))
        if not 0 < self.stride <= self.window:
            raise ValueError(f"stride {self.stride} must be in 1..{self.window} (the window length)")
        self.batch_size = batch_size or int(config.get("inference", {}).get("batch_size", 32))
        self.quantize = quantize or str(config.get("inference", {}).get("quantize", "none"))
        self.model = quantized(loaded.model.to(self.device).eval(), self.quantize, self.device)
        #: the model's name → field classifier (assemble.fields), None for an older model folder
        self.names = load_names(self.model_dir, self.metadata)

    def tag(self, doc: Document) -> list[Span]:
        """Spans of one document, sorted and non-overlapping, each with a score.

        A document longer than 1.5 ``CHUNK_CHARS`` goes through in chunks cut at line
        breaks (``line_windows``, one model window of context each side), so memory stays
        that of one chunk whatever the document's length.
        """
        text = doc.text
        chunks = line_windows(text, CHUNK_CHARS, self.window)
        if len(chunks) == 1:
            return self.tag_many([doc])[0]

        def tag_chunk(chunk: str, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
            ids, scores = predict_tag_ids(self.model, self.vocab, [chunk], self.window, self.stride,
                                          self.batch_size, self.device)[0]
            return ids[first:last], scores[first:last]

        return tag_in_windows(text, CHUNK_CHARS, self.window, tag_chunk)

    def tag_many(self, docs: Sequence[Document]) -> list[list[Span]]:
        """Spans of several documents, batched together."""
        texts = [doc.text for doc in docs]
        predicted = predict_tag_ids(self.model, self.vocab, texts, self.window, self.stride,
                                    self.batch_size, self.device)
        return [tag_ids_to_spans(text, ids, scores) for text, (ids, scores) in zip(texts, predicted)]

    def marginals_many(self, texts: Sequence[str]) -> list[np.ndarray]:
        """``marginals`` of several texts, the windows of those that need no chunking batched together."""
        out: list[np.ndarray | None] = [None] * len(texts)
        whole = [i for i, text in enumerate(texts) if len(line_windows(text, CHUNK_CHARS, self.window)) == 1]
        batched = predict_marginals(self.model, self.vocab, [texts[i] for i in whole], self.window, self.stride,
                                    self.batch_size, self.device)
        for i, probs in zip(whole, batched):
            out[i] = probs
        return [probs if probs is not None else self.marginals(text) for text, probs in zip(texts, out)]

    def marginals(self, text: str) -> np.ndarray:
        """Every character's probability of every tag, float32 [len(text), len(TAGS)]
        (``predict_marginals``; a long text in chunks, as ``tag`` cuts it: ``marginals_in_windows``)."""

        def chunk_marginals(chunk: str, first: int, last: int) -> np.ndarray:
            return predict_marginals(self.model, self.vocab, [chunk], self.window, self.stride, self.batch_size,
                                     self.device)[0][first:last]

        return marginals_in_windows(text, CHUNK_CHARS, self.window, chunk_marginals)
