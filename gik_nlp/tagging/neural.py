"""The character tagger network: a BERT encoder, optional feature embeddings, optional CRF.

``CharTagger`` is used instead of transformers' ``BertForTokenClassification`` when a
config asks for input features or a CRF layer, or when training starts from a
``gik pretrain`` encoder. Its weights and its ``BertConfig`` (with ``gik_head``,
``gik_features`` and ``gik_crf`` added) are saved like any model folder (model.py).

The CRF (``LinearChainCrf``) is the usual linear chain with learnt start, end and
transition scores; transitions that BIO forbids (``O → I-X``, ``B-X/I-X → I-Y`` with
Y ≠ X) are fixed at -10000, so Viterbi decoding always yields valid BIO within a window. A
window may start inside a span, so ``I-X`` stays allowed at the start (tags.tag_ids_to_spans
repairs a document that would begin with one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from gik_nlp.tagging.tags import TAGS

#: The ``gik_head`` value in config.json that marks a CharTagger folder.
HEAD = "char_tagger"
_FORBIDDEN = -10000.0


def allowed_transitions(tags: tuple[str, ...] = TAGS) -> torch.Tensor:
    """allowed[from, to] as a bool tensor under BIO.

    >>> allowed = allowed_transitions(("O", "B-A", "I-A", "B-B", "I-B"))
    >>> allowed[0].tolist(), allowed[1].tolist(), allowed[4].tolist()
    ([True, True, False, True, False], [True, True, True, True, False], [True, True, False, True, True])
    """
    n = len(tags)
    allowed = torch.ones(n, n, dtype=torch.bool)
    for j, to in enumerate(tags):
        if not to.startswith("I-"):
            continue
        for i, frm in enumerate(tags):
            allowed[i, j] = frm[2:] == to[2:] and frm != "O"
    return allowed


class LinearChainCrf(nn.Module):
    """A linear-chain CRF over ``num_tags`` tags with BIO constraints."""

    def __init__(self, num_tags: int = len(TAGS)):
        super().__init__()
        self.transitions = nn.Parameter(torch.zeros(num_tags, num_tags))
        self.start = nn.Parameter(torch.zeros(num_tags))
        self.end = nn.Parameter(torch.zeros(num_tags))
        self.register_buffer("penalty", torch.where(allowed_transitions(), 0.0, _FORBIDDEN), persistent=False)

    def _scores(self) -> tuple[torch.Tensor, torch.Tensor]:
        return self.transitions + self.penalty, self.start

    def neg_log_likelihood(self, emissions: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Per sequence -log p(tags | emissions): emissions [B, T, K], tags [B, T], mask [B, T] bool.

        Masked positions must form a prefix-free run from position 0 (left-aligned sequences).
        """
        trans, start = self._scores()
        batch, length, _ = emissions.shape
        tags = tags.clamp(min=0)
        maskf = mask.to(emissions.dtype)
        # score of the given path
        score = start[tags[:, 0]] + emissions[:, 0].gather(1, tags[:, :1]).squeeze(1)
        for t in range(1, length):
            step = trans[tags[:, t - 1], tags[:, t]] + emissions[:, t].gather(1, tags[:, t:t + 1]).squeeze(1)
            score = score + step * maskf[:, t]
        last = tags.gather(1, (mask.sum(1) - 1).clamp(min=0)[:, None]).squeeze(1)
        score = score + self.end[last]
        # log partition function
        alpha = start[None] + emissions[:, 0]
        for t in range(1, length):
            nxt = torch.logsumexp(alpha[:, :, None] + trans[None] + emissions[:, t, None, :], dim=1)
            alpha = torch.where(mask[:, t, None], nxt, alpha)
        log_z = torch.logsumexp(alpha + self.end[None], dim=1)
        return log_z - score

    def marginals(self, emissions: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """p(tag at t | emissions) [B, T, K] by forward-backward; rows outside ``mask`` are 0.

        emissions [B, T, K]; mask [B, T] bool, a run from position 0 (as in neg_log_likelihood).
        """
        trans, start = self._scores()
        batch, length, num_tags = emissions.shape
        alphas = [start[None] + emissions[:, 0]]
        for t in range(1, length):
            nxt = torch.logsumexp(alphas[-1][:, :, None] + trans[None] + emissions[:, t, None, :], dim=1)
            alphas.append(torch.where(mask[:, t, None], nxt, alphas[-1]))
        # past the last character the backward score stays the end score
        betas = [self.end[None].expand(batch, num_tags)]
        for t in range(length - 2, -1, -1):
            after = emissions[:, t + 1] + betas[-1]
            nxt = torch.logsumexp(trans[None] + after[:, None, :], dim=2)
            betas.append(torch.where(mask[:, t + 1, None], nxt, betas[-1]))
        betas.reverse()
        alpha, beta = torch.stack(alphas, dim=1), torch.stack(betas, dim=1)
        log_z = torch.logsumexp(alphas[-1] + self.end[None], dim=1)
        return torch.exp(alpha + beta - log_z[:, None, None]) * mask[:, :, None]

    def decode(self, emissions: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """The best valid tag path [B, T] (positions outside ``mask`` get tag 0)."""
        trans, start = self._scores()
        batch, length, num_tags = emissions.shape
        score = start[None] + emissions[:, 0]
        history = []
        for t in range(1, length):
            best, index = (score[:, :, None] + trans[None]).max(dim=1)
            nxt = best + emissions[:, t]
            keep = mask[:, t, None]
            score = torch.where(keep, nxt, score)
            # a masked step points every tag back to itself, so the path stays put
            history.append(torch.where(keep, index, torch.arange(num_tags, device=index.device)[None]))
        score = score + self.end[None]
        out = torch.zeros(batch, length, dtype=torch.long, device=emissions.device)
        current = score.argmax(dim=1)
        out[:, length - 1] = current
        for t in range(length - 2, -1, -1):
            current = history[t].gather(1, current[:, None]).squeeze(1)
            out[:, t] = current
        return out * mask.long()


def weighted_token_loss(logits: torch.Tensor, labels: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    """Cross-entropy of each labelled character times its sequence's weight, summed and divided by
    the number of labelled characters: logits [B, T, K], labels [B, T] (-100: ignored), weights [B].

    >>> logits = torch.log(torch.tensor([[[0.5, 0.5], [0.25, 0.75]], [[0.5, 0.5], [0.5, 0.5]]]))
    >>> labels, weights = torch.tensor([[0, 1], [1, -100]]), torch.tensor([1.0, 0.5])
    >>> round(weighted_token_loss(logits, labels, weights).item(), 4)  # (ln 2 + ln 4/3 + 0.5 ln 2) / 3
    0.4425
    """
    valid = labels != -100
    per_token = nn.functional.cross_entropy(logits.transpose(1, 2), labels.clamp(min=0), reduction="none")
    return (per_token * valid * weights[:, None]).sum() / valid.sum().clamp(min=1)


@dataclass
class TaggerOutput:
    """What ``CharTagger.forward`` gives: ``loss`` (None without labels) and ``logits`` [B, T, K]."""

    loss: torch.Tensor | None
    logits: torch.Tensor


class CharTagger(nn.Module):
    """BertModel + feature embeddings + a linear layer (+ a CRF) over the tags."""

    def __init__(self, config: Any):
        from transformers import BertModel

        super().__init__()
        self.config = config
        config.gik_head = HEAD
        self.bert = BertModel(config, add_pooling_layer=False)
        self.features = list(getattr(config, "gik_features", []) or [])
        sizes = list(getattr(config, "gik_feature_sizes", []) or [])
        self.feature_embeddings = nn.ModuleList(nn.Embedding(n, config.hidden_size) for n in sizes)
        for embedding in self.feature_embeddings:
            # zero at the start: a pretrained encoder first sees exactly its own inputs
            nn.init.zeros_(embedding.weight)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)
        self.classifier = nn.Linear(config.hidden_size, config.num_labels)
        self.crf = LinearChainCrf(config.num_labels) if getattr(config, "gik_crf", False) else None

    def get_input_embeddings(self) -> nn.Embedding:
        return self.bert.embeddings.word_embeddings

    def resize_token_embeddings(self, size: int, mean_resizing: bool = False) -> None:
        self.bert.resize_token_embeddings(size, mean_resizing=mean_resizing)
        self.config.vocab_size = size

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, feature_ids: torch.Tensor | None = None,
                labels: torch.Tensor | None = None, weights: torch.Tensor | None = None) -> TaggerOutput:
        """input_ids [B, T]; attention_mask as model.attention_mask_for gives; feature_ids [B, T, F];
        labels [B, T] (-100: ignored); weights [B] (loss weight per sequence, default 1)."""
        embeds = self.bert.embeddings.word_embeddings(input_ids)
        if self.feature_embeddings and feature_ids is not None:
            for column, embedding in enumerate(self.feature_embeddings):
                embeds = embeds + embedding(feature_ids[:, :, column])
        hidden = self.bert(inputs_embeds=embeds, attention_mask=attention_mask).last_hidden_state
        logits = self.classifier(self.dropout(hidden))
        loss = None
        if labels is not None:
            weights = weights if weights is not None else torch.ones(len(labels), device=logits.device)
            if self.crf is not None:
                # the CRF runs over the characters only ([CLS] at 0 and [SEP]/padding are ignored)
                valid = labels != -100
                per_sequence = self.crf.neg_log_likelihood(logits[:, 1:], labels[:, 1:], valid[:, 1:])
                loss = (per_sequence * weights).sum() / valid.sum().clamp(min=1)
            else:
                loss = weighted_token_loss(logits, labels, weights)
        return TaggerOutput(loss, logits)

    def decode(self, logits: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Tag ids [B, T] for the positions where ``mask`` (bool [B, T]) is set: Viterbi with the
        CRF (over positions 1.. — position 0 is [CLS]), argmax without."""
        if self.crf is None:
            return logits.argmax(dim=-1)
        tags = torch.zeros(mask.shape, dtype=torch.long, device=logits.device)
        tags[:, 1:] = self.crf.decode(logits[:, 1:], mask[:, 1:])
        return tags


def feature_config(config: Any, names: tuple[str, ...] | list[str], crf: bool) -> Any:
    """Record the head's options in a BertConfig (they are saved with it in config.json)."""
    from gik_nlp.tagging.features import vocabulary_sizes

    config.gik_head = HEAD
    config.gik_features = list(names)
    config.gik_feature_sizes = vocabulary_sizes(names)
    config.gik_crf = bool(crf)
    return config
