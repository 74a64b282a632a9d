"""The CRF and the transformer tagging together: their per-character tag probabilities mixed.

Each character gets ``weight · p_transformer + (1 - weight) · p_crf`` for every tag (``linear``;
the transformer's CRF-layer marginals, crfsuite's marginals), or ``p_transformer^weight ·
p_crf^(1 - weight)``, renormalised (``log``); the tags are then read off that mixture,
by ``argmax`` per character or by ``viterbi``: the valid BIO path with the highest sum of log
mixed probabilities. ``weight`` is chosen on the dev split (scripts/transformer_experiments.py
``ensemble``), never on test.

An ensemble folder holds the two model folders as they are, and its own meta.json:

    meta.json          kind "ensemble", name, weight, mix, decode, the transformer's inference options,
                       how the weight was chosen, and the sha256 of each member's meta.json
    crf/               a CRF model folder (tagging/crf.py)
    transformer/       a transformer model folder (tagging/model.py)

JSON and the members' own files only (safetensors, crfsuite's format), never pickle.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from gik_nlp.tagging.tags import TAGS, tag_ids_to_spans
from gik_nlp.types import Document, Span

#: The members' subfolders.
MEMBERS = ("crf", "transformer")
#: How tags are read off the mixed probabilities.
DECODINGS = ("argmax", "viterbi")
#: How the two models' probabilities are mixed.
MIXES = ("linear", "log")


def mix(p_crf: np.ndarray, p_transformer: np.ndarray, weight: float, how: str = "linear") -> np.ndarray:
    """``weight · p_transformer + (1 - weight) · p_crf`` (``linear``), or the weighted geometric
    mean ``p_transformer^weight · p_crf^(1 - weight)`` normalised over the tags (``log``).

    >>> mix(np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]]), 0.25).tolist()
    [[0.75, 0.25]]
    >>> mix(np.array([[0.8, 0.2]]), np.array([[0.2, 0.8]]), 0.5, "log").round(3).tolist()  # √.16 each
    [[0.5, 0.5]]
    >>> mix(np.array([[0.5, 0.5]]), np.array([[0.9, 0.1]]), 0.5, "log").round(3).tolist()  # 3:1
    [[0.75, 0.25]]
    """
    if how == "linear":
        return weight * p_transformer + (1.0 - weight) * p_crf
    if how != "log":
        raise ValueError(f"mix: {how!r} is not one of {list(MIXES)}")
    log_p = weight * np.log(np.clip(p_transformer, 1e-12, None)) + (1.0 - weight) * np.log(np.clip(p_crf, 1e-12, None))
    p = np.exp(log_p - log_p.max(axis=1, keepdims=True)) if len(log_p) else log_p
    return p / p.sum(axis=1, keepdims=True) if len(p) else p


def bio_viterbi(probs: np.ndarray) -> np.ndarray:
    """The valid BIO tag path [n] with the highest sum of log ``probs`` [n, len(TAGS)].

    A path may start with ``I-X`` (a text cut inside a span); ``O → I-X`` and ``B-X/I-X → I-Y``
    (Y ≠ X) never occur.

    >>> o, b, i = TAGS.index("O"), TAGS.index("B-DATE"), TAGS.index("I-DATE")
    >>> p = np.full((3, len(TAGS)), 0.01)
    >>> p[0, o], p[1, i], p[1, o], p[2, i], p[2, o] = 0.9, 0.6, 0.3, 0.9, 0.5  # argmax: O I-DATE I-DATE
    >>> [TAGS[t] for t in bio_viterbi(p)]
    ['O', 'O', 'O']
    >>> p[1, b] = 0.5                                          # now B-DATE I-DATE is worth it
    >>> [TAGS[t] for t in bio_viterbi(p)]
    ['O', 'B-DATE', 'I-DATE']
    """
    from gik_nlp.tagging.neural import allowed_transitions

    n = len(probs)
    if not n:
        return np.zeros(0, dtype=np.int64)
    penalty = np.where(allowed_transitions().numpy(), 0.0, -1e4)
    logp = np.log(np.clip(probs, 1e-12, None))
    score = logp[0].copy()
    back = np.zeros((n, len(TAGS)), dtype=np.int64)
    for t in range(1, n):
        candidates = score[:, None] + penalty  # [from, to]
        back[t] = candidates.argmax(axis=0)
        score = candidates[back[t], np.arange(len(TAGS))] + logp[t]
    path = np.zeros(n, dtype=np.int64)
    path[-1] = int(score.argmax())
    for t in range(n - 1, 0, -1):
        path[t - 1] = back[t, path[t]]
    return path


def spans_from_probs(text: str, probs: np.ndarray, decode: str = "argmax") -> list[Span]:
    """Spans of ``text`` from per-character tag probabilities [len(text), len(TAGS)]; each span's
    score is the mean probability of its characters' chosen tags."""
    if decode not in DECODINGS:
        raise ValueError(f"decode: {decode!r} is not one of {list(DECODINGS)}")
    ids = probs.argmax(axis=1) if decode == "argmax" else bio_viterbi(probs)
    scores = probs[np.arange(len(ids)), ids] if len(ids) else np.zeros(0)
    return tag_ids_to_spans(text, ids, np.clip(scores, 0.0, 1.0))


class EnsembleTagger:
    """A loaded ensemble folder: the CRF and the transformer, mixed (holds both models, so a class)."""

    def __init__(self, model_dir: Path | str):
        from gik_nlp.tagging.crf import CrfTagger
        from gik_nlp.tagging.infer import Tagger
        from gik_nlp.tagging.model import ModelError, file_sha256, read_metadata

        self.model_dir = Path(model_dir)
        self.metadata: dict[str, Any] = read_metadata(self.model_dir)
        meta_path = self.model_dir / "meta.json"
        if self.metadata["kind"] != "ensemble":
            raise ModelError(f"{meta_path}: kind is {self.metadata['kind']!r}, not 'ensemble'")
        try:
            self.weight = float(self.metadata["weight"])
            self.decode = str(self.metadata.get("decode", "argmax"))
            self.mix = str(self.metadata.get("mix", "linear"))
            options = dict(self.metadata.get("transformer_options") or {})
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{meta_path}: no usable 'weight' ({exc})") from None
        if not 0.0 <= self.weight <= 1.0 or self.decode not in DECODINGS or self.mix not in MIXES:
            raise ModelError(f"{meta_path}: weight must be in [0, 1], decode one of {list(DECODINGS)} "
                             f"and mix one of {list(MIXES)}")
        for member in MEMBERS:
            recorded = (self.metadata.get("members") or {}).get(member)
            path = self.model_dir / member / "meta.json"
            if not path.is_file():
                raise ModelError(f"{self.model_dir / member}: missing; an ensemble folder holds {list(MEMBERS)}")
            if recorded != file_sha256(path):
                raise ModelError(f"{path}: does not belong to this ensemble (its sha256 differs from the "
                                 f"one {meta_path} recorded)")
        self.crf = CrfTagger(self.model_dir / "crf")
        self.transformer = Tagger(self.model_dir / "transformer", quantize=options.get("quantize"),
                                  stride=options.get("stride"))
        self.name: str = str(self.metadata.get("name", self.model_dir.name))
        #: the CRF's name → field classifier: the records are assembled as the default model's are
        self.names = self.crf.names

    def probabilities(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(p_crf, p_transformer) of ``text``, each [len(text), len(TAGS)]."""
        return self.crf.marginals(text), self.transformer.marginals(text)

    def tag(self, doc: Document) -> list[Span]:
        """Spans of one document, sorted and non-overlapping, each with a score."""
        p_crf, p_transformer = self.probabilities(doc.text)
        return spans_from_probs(doc.text, mix(p_crf, p_transformer, self.weight, self.mix), self.decode)

    def tag_many(self, docs: Sequence[Document]) -> list[list[Span]]:
        """Spans of several documents (the transformer's windows of all of them batched together)."""
        texts = [doc.text for doc in docs]
        return [spans_from_probs(text, mix(self.crf.marginals(text), p_transformer, self.weight, self.mix),
                                 self.decode)
                for text, p_transformer in zip(texts, self.transformer.marginals_many(texts))]


def save_ensemble(out_dir: Path | str, crf_dir: Path | str, transformer_dir: Path | str, weight: float,
                  decode: str = "argmax", transformer_options: dict[str, Any] | None = None, how: str = "linear",
                  info: dict[str, Any] | None = None) -> Path:
    """Write an ensemble folder: copies of the two model folders and meta.json (``info`` added:
    how the weight was chosen). Refuses a folder that exists and is not empty."""
    from gik_nlp.tagging.model import file_sha256, read_metadata, write_json

    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(f"{out_dir}: exists and is not empty")
    if not 0.0 <= weight <= 1.0 or decode not in DECODINGS or how not in MIXES:
        raise ValueError(f"weight {weight} must be in [0, 1], decode one of {list(DECODINGS)} and mix one of "
                         f"{list(MIXES)}")
    kinds = {"crf": read_metadata(Path(crf_dir))["kind"], "transformer": read_metadata(Path(transformer_dir))["kind"]}
    for member, kind in kinds.items():
        if kind != member:
            raise ValueError(f"{crf_dir if member == 'crf' else transformer_dir}: kind {kind!r}, expected {member!r}")
    out_dir.mkdir(parents=True, exist_ok=True)
    for member, source in (("crf", crf_dir), ("transformer", transformer_dir)):
        shutil.copytree(source, out_dir / member, ignore=shutil.ignore_patterns("checkpoints", "done.json"))
    names = {member: str(read_metadata(out_dir / member).get("name", member)) for member in MEMBERS}
    meta = {"kind": "ensemble",
            "name": f"gik-ensemble-{how}-w{weight:g}-{decode}+{names['transformer']}+{names['crf']}",
            "weight": weight, "mix": how, "decode": decode, "transformer_options": dict(transformer_options or {}),
            "members": {member: file_sha256(out_dir / member / "meta.json") for member in MEMBERS},
            **(info or {})}
    write_json(out_dir / "meta.json", meta)
    return out_dir
