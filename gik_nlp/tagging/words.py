"""jieba's words of a run of hanzi, for the CRF's features, with jieba's dictionary memory-mapped.

jieba keeps its dictionary (349,045 words and every prefix of them, 498,113 keys) as a Python dict
that each process unmarshals from a 9 MB cache at its first cut: 1.2–1.5 s of a one-report run on
these machines, and about 100 MB in every worker. Here the words and their counts live in two files
built once from that dict (a marisa trie of the words, 1.3 MB; their counts, 1.4 MB) that every
later process maps in under a millisecond. The segmenter is jieba's own (``jieba.Tokenizer``: its
route through the word graph, its HMM for unknown words) reading the same counts, so the words are
jieba's, one for one (tests/tagging/test_words.py); only the word graph is built from the trie's
prefixes of each position instead of a walk over the prefix dict.

Where the files cannot be built or read (no writable temporary folder, a damaged file), jieba
loads its dictionary as it always does, and says so once on stderr.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import tempfile
import threading
from array import array
from math import log
from pathlib import Path

import jieba

#: Where the dictionary files are kept (jieba's own cache goes there too).
CACHE_DIR = Path(tempfile.gettempdir()) / "gik_nlp_jieba"
#: Runs of hanzi remembered with their words: reports repeat row headers and phrases.
REMEMBERED_RUNS = 1 << 16
#: The layout of the counts file (below, _build); in the files' names, so another layout is rebuilt.
FILE_LAYOUT = 2


class _Counts:
    """What jieba's Tokenizer reads its dictionary through (``in``, ``[]``, ``get``): a word's count;
    None from ``get`` for anything else, which jieba reads as its dict's 0 for a bare prefix."""

    __slots__ = ("words", "counts")

    def __init__(self, words, counts: array) -> None:  # words: marisa_trie.Trie
        self.words, self.counts = words, counts

    def get(self, word: str, default: int | None = None) -> int | None:
        key = self.words.get(word)
        return default if key is None else self.counts[key]

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def __getitem__(self, word: str) -> int:
        return self.counts[self.words[word]]


class _Graph(dict):
    """jieba's word graph (a start → the ends of the words there), with each word's count beside
    it for ``calc`` (one trie walk per start, not one more lookup per word)."""

    __slots__ = ("counts",)


class MappedTokenizer(jieba.Tokenizer):
    """jieba's Tokenizer over the mapped words (holds them, so a class)."""

    def __init__(self, words, counts: array, total: int, longest: int) -> None:  # words: marisa_trie.Trie
        super().__init__()
        self.FREQ = _Counts(words, counts)
        self.total = total  # jieba's: the counts of every line of its dictionary, repeated words too
        self.initialized = True
        self._counts = counts
        self._prefixes = words.iter_prefixes_with_ids
        self._longest = longest  # the longest word: how far a word can reach from a start

    def get_DAG(self, sentence: str) -> _Graph:  # noqa: N802 (jieba's name)
        # jieba walks its prefix dict while the fragment is a key; every prefix of a word is one,
        # so the walk meets exactly the words that start the rest of the sentence
        graph = _Graph()
        graph.counts = {}
        for k in range(len(sentence)):
            found = list(self._prefixes(sentence[k:k + self._longest]))
            if found:
                graph[k] = [k + len(word) - 1 for word, _ in found]
                graph.counts[k] = [self._counts[key] for _, key in found]
            else:
                graph[k], graph.counts[k] = [k], [1]  # no word: the character alone, count 1 (jieba's)
        return graph

    def calc(self, sentence: str, DAG: _Graph, route: dict) -> None:  # noqa: N803 (jieba's names)
        # jieba's calc, the counts read off the graph (jieba calls it only on get_DAG's graph)
        route[len(sentence)] = (0, 0)
        logtotal = log(self.total)
        for idx in range(len(sentence) - 1, -1, -1):
            route[idx] = max((log(count) - logtotal + route[end + 1][0], end)
                             for end, count in zip(DAG[idx], DAG.counts[idx]))


def _files() -> tuple[Path, Path]:
    """The words and counts files of the installed jieba's dictionary (named by its version, size
    and time, so an upgrade builds new ones)."""
    stat = (Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME).stat()
    name = f"{jieba.__version__}-{stat.st_size}-{stat.st_mtime_ns}-{FILE_LAYOUT}"
    return CACHE_DIR / f"words-{name}.marisa", CACHE_DIR / f"counts-{name}.u32"


def _build(words_path: Path, counts_path: Path) -> None:
    """Write the trie of jieba's words (count > 0) and their counts: jieba's total, the longest
    word's length, then each word's count at its trie key id + 2. Each file written whole, then
    renamed (workers may build side by side)."""
    import marisa_trie

    default = _default_tokenizer()
    frequencies = default.FREQ
    words = marisa_trie.Trie(word for word, count in frequencies.items() if count > 0)
    counts = array("I", bytes(4 * (len(words) + 2)))
    counts[0], counts[1] = default.total, max(map(len, words.iterkeys()))
    for word, key in words.iteritems():
        counts[key + 2] = frequencies[word]
    partial = f".{os.getpid()}-{threading.get_ident()}.partial"
    words.save(str(words_path) + partial)
    counts_path.with_name(counts_path.name + partial).write_bytes(counts.tobytes())
    os.replace(counts_path.with_name(counts_path.name + partial), counts_path)
    os.replace(str(words_path) + partial, words_path)


def _default_tokenizer() -> jieba.Tokenizer:
    """jieba's own tokenizer, its dictionary loaded (its cache in CACHE_DIR)."""
    jieba.dt.tmp_dir = str(CACHE_DIR)
    jieba.dt.initialize()
    return jieba.dt


def _mapped_tokenizer() -> MappedTokenizer:
    """A tokenizer over the mapped files, built first when missing; ValueError, OSError or marisa's
    RuntimeError when they cannot be had."""
    import marisa_trie

    words_path, counts_path = _files()
    if not (words_path.exists() and counts_path.exists()):
        _build(words_path, counts_path)
    words = marisa_trie.Trie()
    words.mmap(str(words_path))
    counts = array("I")
    counts.frombytes(counts_path.read_bytes())
    if len(counts) != len(words) + 2:
        raise ValueError(f"{counts_path}: {len(counts) - 2} counts for {len(words)} words")
    return MappedTokenizer(words, counts[2:], counts[0], counts[1])


@functools.cache
def tokenizer() -> jieba.Tokenizer:
    """The process's tokenizer: over the mapped words, else jieba's own. Quiet logs."""
    jieba.setLogLevel(logging.WARNING)
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        return _mapped_tokenizer()
    except (OSError, ValueError, RuntimeError) as exc:  # marisa raises RuntimeError on a bad file
        print(f"gik: jieba's dictionary is loaded whole ({exc})", file=sys.stderr)
        return _default_tokenizer()


@functools.lru_cache(maxsize=REMEMBERED_RUNS)
def cut(run: str) -> tuple[str, ...]:
    """jieba's words of a run of hanzi (HMM on, as ``jieba.cut``), remembered per process.

    >>> cut("政府信息公开工作年度报告")
    ('政府', '信息', '公开', '工作', '年度报告')
    """
    return tuple(tokenizer().cut(run, HMM=True))
