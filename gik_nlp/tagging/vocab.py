"""CharVocab: one character ↔ one token id, saved as JSON.

One token per character keeps offsets exact (no tokenizer can merge ``2023`` or
split ``㎡``). Whitespace carries table structure in these reports (a tab starts a
cell, a newline ends a row), so ``\\n``, ``\\t`` and spaces get tokens of their own
(``[NL]``, ``[TAB]``, ``[SP]``) instead of being dropped.

The vocabulary is built from the training texts plus the 6,763 hanzi of GB2312 (the
common CJK range), so a character that only appears at inference time still has a
row of its own after ``gik train --from`` has seen it once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np

PAD, UNK, CLS, SEP, MASK = "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"
NEWLINE, TAB, SPACE = "[NL]", "[TAB]", "[SP]"
#: Special tokens, in id order (ids 0..7 in every vocabulary this module builds).
SPECIAL_TOKENS: tuple[str, ...] = (PAD, UNK, CLS, SEP, MASK, NEWLINE, TAB, SPACE)
#: Whitespace characters and the token each one becomes.
WHITESPACE_TOKENS: dict[str, str] = {"\n": NEWLINE, "\t": TAB, " ": SPACE}

FILE_NAME = "vocab.json"


class VocabError(ValueError):
    """A vocabulary file is malformed: the message names the file and the problem."""


def common_cjk() -> list[str]:
    """The hanzi of GB2312 (6,763), in code point order."""
    out = []
    for code in range(0x4E00, 0xA000):
        char = chr(code)
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            continue
        out.append(char)
    return out


class CharVocab:
    """Maps characters to token ids and back; holds the table, so it is a class."""

    def __init__(self, tokens: Iterable[str]):
        self.tokens: list[str] = list(tokens)
        self.ids: dict[str, int] = {}
        for i, token in enumerate(self.tokens):
            if token in self.ids:
                raise VocabError(f"token {token!r} appears twice (ids {self.ids[token]} and {i})")
            self.ids[token] = i
        missing = [t for t in (PAD, UNK) if t not in self.ids]
        if missing:
            raise VocabError(f"vocabulary lacks the special token(s) {missing}")
        self.pad_id = self.ids[PAD]
        self.unk_id = self.ids[UNK]
        # CLS/SEP frame each window; a vocabulary without them (a foreign vocab.txt) uses PAD-free framing.
        self.cls_id = self.ids.get(CLS, self.unk_id)
        self.sep_id = self.ids.get(SEP, self.unk_id)
        self._char_ids: dict[str, int] = {t: i for t, i in self.ids.items() if len(t) == 1}
        for char, token in WHITESPACE_TOKENS.items():
            self._char_ids[char] = self.ids.get(token, self.unk_id)

    def __len__(self) -> int:
        return len(self.tokens)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CharVocab) and self.tokens == other.tokens

    def encode(self, text: str) -> np.ndarray:
        """Token ids (int64), exactly one per character of ``text``.

        >>> vocab = CharVocab.build(["年报"], with_common_cjk=False)
        >>> [vocab.tokens[i] for i in vocab.encode("年\\n报x")]
        ['年', '[NL]', '报', '[UNK]']
        """
        get, unk = self._char_ids.get, self.unk_id
        return np.fromiter((get(c, unk) for c in text), dtype=np.int64, count=len(text))

    def coverage(self, text: str) -> float:
        """Share of the characters of ``text`` that have a token of their own (1.0 for "")."""
        if not text:
            return 1.0
        return float((self.encode(text) != self.unk_id).mean())

    def extended(self, texts: Iterable[str]) -> CharVocab:
        """A copy with the new characters of ``texts`` appended (existing ids unchanged)."""
        new = sorted({c for text in texts for c in text} - set(self._char_ids))
        return CharVocab(self.tokens + new)

    @classmethod
    def build(cls, texts: Iterable[str], with_common_cjk: bool = True) -> CharVocab:
        """Special tokens, then every character of ``texts`` and the common hanzi, sorted."""
        chars = {c for text in texts for c in text} - set(WHITESPACE_TOKENS)
        if with_common_cjk:
            chars.update(common_cjk())
        return cls(list(SPECIAL_TOKENS) + sorted(chars - set(SPECIAL_TOKENS)))

    @classmethod
    def from_bert_vocab(cls, path: Path) -> CharVocab:
        """Read a pretrained checkpoint's ``vocab.txt`` (one token per line, id = line number).

        Whitespace maps to the first ``[unusedN]`` tokens when the file has them (as
        bert-base-chinese does), so the checkpoint's ids stay valid.
        """
        try:
            tokens = path.read_text(encoding="utf-8").split("\n")
        except (OSError, UnicodeDecodeError) as exc:
            raise VocabError(f"{path}: cannot read ({exc})") from exc
        if tokens and tokens[-1] == "":
            tokens.pop()
        unused = [t for t in tokens if t.startswith("[unused")]
        for token, free in zip(WHITESPACE_TOKENS.values(), unused):
            tokens[tokens.index(free)] = token
        # A repeated line in a vocab.txt is legal for BERT (last wins); keep ids, blank the copy.
        seen: set[str] = set()
        for i, token in enumerate(tokens):
            if token in seen:
                tokens[i] = f"[dup{i}]"
            seen.add(tokens[i])
        try:
            return cls(tokens)
        except VocabError as exc:
            raise VocabError(f"{path}: {exc}") from exc

    def save(self, directory: Path) -> Path:
        path = directory / FILE_NAME
        path.write_text(json.dumps({"tokens": self.tokens}, ensure_ascii=False, indent=0) + "\n",
                        encoding="utf-8")
        return path

    @classmethod
    def load(cls, directory: Path) -> CharVocab:
        path = directory / FILE_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            tokens = data["tokens"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise VocabError(f"{path}: cannot read a vocabulary ({exc!r})") from exc
        try:
            return cls(tokens)
        except VocabError as exc:
            raise VocabError(f"{path}: {exc}") from exc

    def to_fast_tokenizer(self):  # -> transformers.PreTrainedTokenizerFast
        """A PreTrainedTokenizerFast with the same ids, one token per character.

        For interoperability only (the tagger feeds ``encode`` directly); it gives the
        same ids as ``encode`` and offsets of one character each (except for a literal
        ``[NL]``/``[TAB]``/``[SP]`` printed in a text, which it reads as one token).
        """
        from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers
        from transformers import PreTrainedTokenizerFast

        tokenizer = Tokenizer(models.WordLevel(vocab=dict(self.ids), unk_token=UNK))
        # Whitespace becomes its token's spelling (offsets still point at the one character),
        # then every token spelling or single character is one piece.
        tokenizer.normalizer = normalizers.Sequence(
            [normalizers.Replace(char, token) for char, token in WHITESPACE_TOKENS.items()])
        specials = "|".join(re.escape(token) for token in WHITESPACE_TOKENS.values())
        tokenizer.pre_tokenizer = pre_tokenizers.Split(Regex(rf"{specials}|[\s\S]"), behavior="isolated")
        return PreTrainedTokenizerFast(
            tokenizer_object=tokenizer, unk_token=UNK, pad_token=PAD,
            cls_token=self.tokens[self.cls_id], sep_token=self.tokens[self.sep_id],
            mask_token=MASK if MASK in self.ids else None)
