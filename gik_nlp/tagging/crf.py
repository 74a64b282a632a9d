"""The CRF baseline: a linear-chain CRF over characters, behind the Tagger interface.

Features per character: the character and its neighbours (``crf.context`` each side),
character bigrams, character classes (digit, hanzi, Latin, punctuation, space,
newline), the character's position in its jieba word (B/I/E/S) and the word itself,
and the shape of its line and of the lines around it (tables put a name on one line
and its number on the next). jieba (tagging/words.py, its dictionary memory-mapped) only
segments runs of hanzi: on mixed text it splits numbers from their units wrongly
(``2023年本机关`` → ``年本``), so digit and Latin runs are words of their own. With
``crf.script: simplified`` (training/crf.yaml) all of
this is read from the text in simplified characters, one for one (``assemble.fields.simplified``):
a scraped traditional copy (a quarter of the dev openings) then shows the characters and jieba
words the model learned from simplified reports; offsets are unchanged.

A model folder holds ``model.crfsuite`` (crfsuite's own binary format, not pickle),
``labels.json`` and ``meta.json`` (config, corpus fingerprint, dev scores, versions,
file hashes).
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from gik_nlp import limits
from gik_nlp.corpus.format import AnnotatedDocument
from gik_nlp.corpus.noise import training_copies
from gik_nlp.schema import LABELS
from gik_nlp.tagging.config import CRF_CUES, CRF_SCRIPTS, TrainConfig
from gik_nlp.tagging.tags import TAG_IDS, TAGS, marginals_in_windows, spans_to_tag_ids, tag_in_windows
from gik_nlp.types import Document, Span

MODEL_FILE = "model.crfsuite"
_HANZI_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")

#: Characters tagged per CRF window. Features cost about 4 KB per character, so a window
#: bounds the memory of tagging whatever the document's length; a report of up to
#: 1.5 windows (every real report seen so far) is tagged whole, as in training.
WINDOW_CHARS = 20_000
#: Characters of whole lines added on each side of a window, so the characters it keeps
#: see the same neighbours, words and line shapes as in the whole text.
WINDOW_MARGIN = 1_000


def char_class(char: str) -> str:
    """One letter per kind of character.

    >>> "".join(char_class(c) for c in "年7a，\\n\\t")
    'HDLPNS'
    """
    if char == "\n":
        return "N"
    if char in " \t":
        return "S"
    if char.isdigit():
        return "D"
    code = ord(char)
    if 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF:
        return "H"
    if char.isalpha():
        return "L"
    return "P"


def word_positions(text: str) -> tuple[list[str], list[str]]:
    """Per character: its B/I/E/S position in its word, and the word.

    >>> word_positions("收到2017件")[0]
    ['B', 'E', 'B', 'I', 'I', 'E', 'S']
    """
    from gik_nlp.tagging.words import cut

    positions = ["S"] * len(text)
    words = [""] * len(text)

    def mark(start: int, end: int) -> None:
        word = text[start:end]
        for i in range(start, end):
            words[i] = word
        if end - start == 1:
            return
        positions[start] = "B"
        positions[end - 1] = "E"
        for i in range(start + 1, end - 1):
            positions[i] = "I"

    cursor = 0
    for match in _HANZI_RUN.finditer(text):
        _mark_runs(text, cursor, match.start(), mark)
        at = match.start()
        for word in cut(match.group()):
            mark(at, at + len(word))
            at += len(word)
        cursor = match.end()
    _mark_runs(text, cursor, len(text), mark)
    return positions, words


def _mark_runs(text: str, start: int, end: int, mark) -> None:
    """Non-hanzi stretch: each run of one character class is a word."""
    i = start
    while i < end:
        kind = char_class(text[i])
        j = i + 1
        while j < end and char_class(text[j]) == kind and kind in "DL":
            j += 1
        mark(i, j)
        i = j


def _line_shape(line: str) -> str:
    stripped = line.strip(" \t|")
    if not stripped:
        return "empty"
    if re.fullmatch(r"[\d.,%+\-—/]+", stripped):
        return "number"
    if re.fullmatch(r"[\d.,%+\-—/]+\s*[\u4e00-\u9fff]{1,2}", stripped):
        return "number_unit"
    if "|" in line:
        return "pipes"
    return f"text{min(len(stripped) // 8, 4)}"


#: Buckets of the distance to the nearest digit on a character's line (number_distance): a
#: figure's name ends next to its number, its first words are a clause away.
DIGIT_DISTANCE_BUCKETS = (1, 2, 4, 8, 16)


def _bucket(distance: int | None) -> str:
    """A distance's bucket: its upper bound of DIGIT_DISTANCE_BUCKETS, "far" beyond, "none" if no digit.

    >>> [_bucket(d) for d in (0, 1, 3, 16, 17, None)]
    ['1', '1', '4', '16', 'far', 'none']
    """
    if distance is None:
        return "none"
    return next((str(b) for b in DIGIT_DISTANCE_BUCKETS if distance <= b), "far")


def digit_distances(text: str) -> tuple[list[int | None], list[int | None]]:
    """Per character: how many characters on to the next digit, and back to the previous one,
    on its own line (None: no digit that way); a digit's own distances are to the next digit
    beyond its number.

    >>> digit_distances("收到12件\\n无")
    ([2, 1, None, None, None, None, None], [None, None, None, None, 1, None, None])
    """
    n = len(text)
    after: list[int | None] = [None] * n
    before: list[int | None] = [None] * n
    nearest: int | None = None
    for i in range(n - 1, -1, -1):
        if text[i] == "\n":
            nearest = None
        after[i] = None if nearest is None else nearest - i
        if text[i].isdigit() and (i == 0 or not text[i - 1].isdigit()):
            nearest = i
    nearest = None
    for i in range(n):
        if text[i] == "\n":
            nearest = None
        before[i] = None if nearest is None else i - nearest
        if text[i].isdigit() and (i + 1 == n or not text[i + 1].isdigit()):
            nearest = i
    return after, before


def neighbour_words(text: str, words: Sequence[str], positions: Sequence[str]) -> tuple[list[str], list[str]]:
    """Per character: the word before its own and the word after it (word_positions' words; "^"
    and "$" at the text's ends).

    >>> positions, words = word_positions("收到申请共12件")
    >>> neighbour_words("收到申请共12件", words, positions)[0][:4]
    ['^', '^', '收到', '收到']
    """
    starts = [i for i in range(len(text)) if positions[i] in "BS"]
    previous, following = [""] * len(text), [""] * len(text)
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(text)
        before = words[starts[k - 1]] if k > 0 else "^"
        after = words[end] if end < len(text) else "$"
        for i in range(start, end):
            previous[i], following[i] = before, after
    return previous, following


def features(text: str, context: int = 2, script: str = "printed", cues: Sequence[str] = ()) -> list[list[str]]:
    """The feature strings of every character of ``text``, read in ``script`` (CRF_SCRIPTS), with
    the extra groups ``cues`` (CRF_CUES)."""
    if script == "simplified":
        from gik_nlp.assemble.fields import simplified

        text = simplified(text)
    n = len(text)
    chars = ["\\n" if c == "\n" else "\\t" if c == "\t" else "\\s" if c == " " else c for c in text]
    classes = [char_class(c) for c in text]
    positions, words = word_positions(text)
    # per character: shape of its line, of the previous and next non-empty lines, column
    line_shape = [""] * n
    prev_shape = [""] * n
    next_shape = [""] * n
    column = [0] * n
    lines = text.split("\n")
    shapes = [_line_shape(line) for line in lines]
    previous_of = {}
    following_of = {}
    last = None
    for i in range(len(lines)):
        previous_of[i] = last
        if shapes[i] != "empty":
            last = i
    last = None
    for i in reversed(range(len(lines))):
        following_of[i] = last
        if shapes[i] != "empty":
            last = i
    at = 0
    for index, line in enumerate(lines):
        before = previous_of[index]
        after = following_of[index]
        width = min(len(line) + 1, n - at)  # the line and its line break, if the text has one
        line_shape[at:at + width] = [shapes[index]] * width
        prev_shape[at:at + width] = [shapes[before] if before is not None else "none"] * width
        next_shape[at:at + width] = [shapes[after] if after is not None else "none"] * width
        column[at:at + width] = range(width)
        at += len(line) + 1
    distances, around = "number_distance" in cues, "neighbour_words" in cues
    if distances:
        after, before = digit_distances(text)
    if around:
        previous_word, next_word = neighbour_words(text, words, positions)
    pad = ["<s>"] * context
    padded = pad + chars + ["</s>"] * context
    padded_classes = ["^"] * context + classes + ["$"] * context
    # built feature by feature over the whole text, then zipped into rows: one pass per feature
    # rather than a dozen appends per character (the same strings, in the same order)
    spots = range(context, context + n)  # each character's place in the padded lists
    head = zip(["c=" + c for c in chars], ["k=" + k for k in classes], ["wp=" + w for w in positions],
               ["wpc=" + w + c for w, c in zip(positions, chars)], ["ls=" + s for s in line_shape],
               ["pls=" + s for s in prev_shape], ["nls=" + s for s in next_shape],
               ["col=" + str(min(k, 3)) for k in column],
               ["kk=" + "".join(padded_classes[p - context:p + context + 1]) for p in spots])
    rest = []
    for d in range(1, context + 1):
        rest.append([f"c-{d}=" + padded[p - d] for p in spots])
        rest.append([f"c+{d}=" + padded[p + d] for p in spots])
    rest.append(["b-1=" + padded[p - 1] + padded[p] for p in spots])
    rest.append(["b+1=" + padded[p] + padded[p + 1] for p in spots])
    rest.append(["t-1=" + padded[p - 1] + padded[p] + padded[p + 1] for p in spots])
    if distances:
        rest.append(["nd=" + _bucket(a) for a in after])
        rest.append(["pd=" + _bucket(b) for b in before])
    if around:
        rest.append(["w-1=" + w for w in previous_word])
        rest.append(["w+1=" + w for w in next_word])
    out: list[list[str]] = []
    for first, word, last in zip(head, words, zip(*rest)):
        row = ["bias", *first]
        if len(word) > 1:
            row.append("w=" + word)
        row.extend(last)
        out.append(row)
    return out


class CrfTagger:
    """A loaded CRF model (holds the crfsuite tagger, so a class)."""

    def __init__(self, model_dir: Path | str):
        import pycrfsuite

        from gik_nlp.tagging.model import ModelError, check_files, check_labels, load_names, read_metadata

        self.model_dir = Path(model_dir)
        self.metadata: dict[str, Any] = read_metadata(self.model_dir)
        if self.metadata["kind"] != "crf":
            raise ModelError(f"{self.model_dir / 'meta.json'}: kind is {self.metadata['kind']!r}, not 'crf'")
        check_labels(self.model_dir)
        check_files(self.model_dir, self.metadata, (MODEL_FILE, "labels.json"))
        self.name: str = str(self.metadata.get("name", self.model_dir.name))
        crf_config = self.metadata.get("config", {}).get("crf", {})
        self.context = int(crf_config.get("context", 2))
        self.script = str(crf_config.get("script", "printed"))  # models from before it read the printed text
        if self.script not in CRF_SCRIPTS:  # features() would read an unknown script as printed, silently
            raise ModelError(f"{self.model_dir / 'meta.json'}: crf.script {self.script!r} is not one of "
                             f"{list(CRF_SCRIPTS)}")
        self.cues = tuple(crf_config.get("cues", ()))  # models from before them have none
        unknown_cues = [c for c in self.cues if c not in CRF_CUES]
        if unknown_cues:  # features() would leave an unknown group out, silently
            raise ModelError(f"{self.model_dir / 'meta.json'}: crf.cues {unknown_cues} not in {list(CRF_CUES)}")
        #: the model's name → field classifier (assemble.fields), None for an older model folder
        self.names = load_names(self.model_dir, self.metadata)
        # A crfsuite tagger holds the sequence being tagged (set → tag → marginal), so one
        # object shared by threads mixes their documents: every thread opens its own.
        self._local = threading.local()
        unknown = set(self._crf().labels()) - set(TAGS)
        if unknown:
            raise ModelError(f"{self.model_dir / MODEL_FILE}: tags {sorted(unknown)} are not derived from "
                             f"{list(LABELS)}")

    def _crf(self):  # -> pycrfsuite.Tagger of this thread
        tagger = getattr(self._local, "tagger", None)
        if tagger is None:
            import pycrfsuite

            from gik_nlp.tagging.model import ModelError

            tagger = pycrfsuite.Tagger()
            try:
                tagger.open(str(self.model_dir / MODEL_FILE))
            except (OSError, ValueError) as exc:
                raise ModelError(f"{self.model_dir / MODEL_FILE}: not a crfsuite model ({exc})") from exc
            self._local.tagger = tagger
        return tagger

    def tag(self, doc: Document) -> list[Span]:
        """Spans of one document, sorted and non-overlapping, each with a score (tag marginals).

        Long documents go through ``tag_in_windows`` one window at a time (memory stays that
        of one window); ``limits.check()`` runs before each window, so a deadline stops it.
        """
        return tag_in_windows(doc.text, WINDOW_CHARS, WINDOW_MARGIN, self._tag_window)

    def _tag_window(self, window: str, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
        """Tag ids and scores (marginals of the chosen tags, 1.0 for ``O``) of ``window[first:last]``,
        tagged with the whole window as context."""
        limits.check()
        if not window:
            return np.zeros(0, dtype=np.int64), np.ones(0)
        crf = self._crf_on(window)
        predicted = crf.tag()
        if len(predicted) != len(window):
            raise RuntimeError(f"crfsuite gave {len(predicted)} tags for {len(window)} characters")
        ids = np.fromiter((TAG_IDS[t] for t in predicted[first:last]), dtype=np.int64, count=last - first)
        scores = np.ones(last - first)
        for i in np.flatnonzero(ids).tolist():
            scores[i] = crf.marginal(predicted[first + i], first + i)
        return ids, scores

    def tag_many(self, docs: Sequence[Document]) -> list[list[Span]]:
        """Spans of several documents (one after another: crfsuite has no batching)."""
        return [self.tag(doc) for doc in docs]

    def marginals(self, text: str) -> np.ndarray:
        """crfsuite's probability of every tag at every character of ``text``, float32
        [len(text), len(TAGS)] (0 for a tag the model never saw); a long text in the windows
        ``tag`` cuts (``marginals_in_windows``), the features read in the model's ``crf.script``."""
        return marginals_in_windows(text, WINDOW_CHARS, WINDOW_MARGIN, self._window_marginals)

    def _window_marginals(self, window: str, first: int, last: int) -> np.ndarray:
        """crfsuite's marginals [last - first, len(TAGS)] of ``window[first:last]``, with the whole
        window as context."""
        limits.check()
        out = np.zeros((last - first, len(TAGS)))
        if not window:
            return out
        crf = self._crf_on(window)
        for label in crf.labels():
            out[:, TAG_IDS[label]] = [crf.marginal(label, i) for i in range(first, last)]
        return out

    def _crf_on(self, window: str):  # -> pycrfsuite.Tagger
        """This thread's crfsuite tagger, set to the features of ``window`` (read in the model's script)."""
        crf = self._crf()
        crf.set(features(window, self.context, self.script, self.cues))
        return crf


def _progress_trainer(total: int, progress: bool) -> Any:
    """A crfsuite trainer that shows L-BFGS iterations (of at most ``total``) and the loss on a
    progress bar on stderr, instead of crfsuite's own log."""
    import pycrfsuite
    from tqdm import tqdm

    class Trainer(pycrfsuite.Trainer):
        bar = tqdm(total=total, unit="iteration", desc="CRF fit", disable=not progress, file=sys.stderr,
                   leave=False)

        def message(self, message: str) -> None:
            if self.logparser.feed(message) == "iteration":
                self.bar.update(1)
                self.bar.set_postfix(loss=f"{self.logparser.iterations[-1]['loss']:.1f}", refresh=False)

    return Trainer(verbose=True)  # verbose: crfsuite sends its log to message()


def train_crf(config: TrainConfig, out_dir: Path, data: Any, init_from: Path | None = None,
              started: float | None = None, progress: bool = False):  # -> train.TrainResult
    """Fit the CRF on ``data.splits['train']``, score it on dev, write the model folder.
    progress: show the fit's iterations on stderr."""
    import pycrfsuite

    from gik_nlp.tagging.model import file_sha256, library_versions, read_metadata, write_json
    from gik_nlp.tagging.train import TrainResult, _previous_runs, model_name, span_scores

    started = time.perf_counter() if started is None else started
    continued = read_metadata(Path(init_from)) if init_from is not None else None
    previous = _previous_runs(continued) if continued is not None else []
    dev_docs = data.splits["dev"]
    # crfsuite has no warm start: "continuing" refits from zero on the grown corpus. What --from
    # keeps is the comparison: the previous model's F1 on the *new* dev split, before the fit.
    history: list[dict[str, Any]] = []
    if continued is not None and dev_docs:
        from gik_nlp.tagging import load_tagger
        from gik_nlp.tagging.train import before_training

        def previous_f1() -> float:
            return span_scores([d.spans for d in dev_docs], load_tagger(Path(init_from)).tag_many(
                [Document(d.id, d.source or d.id, d.text) for d in dev_docs]))["micro"]["f1"]

        history.append(before_training(continued, dev_docs, previous_f1))
    trainer = _progress_trainer(config.crf.max_iterations, progress)
    train_docs: list[AnnotatedDocument] = data.splits["train"]
    for doc in train_docs:
        # a repeated sequence weighs as much in the likelihood as that many documents; copies
        # rewritten by data.real_noise teach the layouts of scraped copies as well
        copies = (training_copies(doc, config.data.real_repeat, config.data.real_noise, config.seed)
                  if doc.origin == "real" else [doc])
        encoded: dict[str, tuple[list, list]] = {}
        for copy in copies:
            if copy.text not in encoded:
                encoded[copy.text] = (features(copy.text, config.crf.context, config.crf.script,
                                               config.crf.cues),
                                      [TAGS[t] for t in spans_to_tag_ids(len(copy.text), copy.spans)])
            trainer.append(*encoded[copy.text])
    trainer.set_params({"c1": config.crf.c1, "c2": config.crf.c2, "max_iterations": config.crf.max_iterations,
                        "feature.possible_transitions": True})
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model_path = out_dir / MODEL_FILE
    # crfsuite writes the file itself; a temporary name keeps a half-written model out of the folder
    partial = out_dir / (MODEL_FILE + ".partial")
    trainer.train(str(partial))
    trainer.bar.close()
    os.replace(partial, model_path)
    write_json(out_dir / "labels.json", list(LABELS))
    meta = {
        "name": model_name(config, data.fingerprint), "kind": "crf", "config": config.to_dict(),
        "corpus_fingerprint": data.fingerprint, **data.description, "previous": previous,
        "versions": dict(library_versions(), crfsuite=pycrfsuite.__version__ if hasattr(pycrfsuite, "__version__")
                         else "unknown"),
        "files": {name: file_sha256(out_dir / name) for name in (MODEL_FILE, "labels.json")},
    }
    if init_from is not None:
        meta["init_from"] = str(init_from)
    write_json(out_dir / "meta.json", dict(meta, dev_scores={}, best_epoch=1))
    scores: dict[str, dict[str, float]] = {}
    if dev_docs:
        tagger = CrfTagger(out_dir)
        predicted = tagger.tag_many([Document(d.id, d.source or d.id, d.text) for d in dev_docs])
        scores = span_scores([d.spans for d in dev_docs], predicted)
    seconds = round(time.perf_counter() - started, 1)
    history.append({"epoch": 1, "dev_f1": scores["micro"]["f1"] if scores else None, "seconds": seconds})
    meta = dict(meta, dev_scores=scores, best_epoch=1, train_seconds=seconds, history=history)
    write_json(out_dir / "meta.json", meta)
    train_chars = sum(len(d.text) for d in train_docs)
    return TrainResult(out_dir, meta["name"], scores, 1, 1, seconds, train_chars, tuple(history), meta)
