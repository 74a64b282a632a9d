"""Text normalisation that keeps every offset recoverable.

Every reader ends here: the decoded text of a file becomes ``Document.text`` plus an
offset map back into the decoded text. Rules (docs/spec/annotation.md relies on them):

- full-width digits and Latin letters become ASCII (``７２５４`` → ``7254``), and the
  full-width ``％``/``．`` become ``%``/``.`` so numbers read as numbers;
- ``\\r\\n`` and lone ``\\r`` become ``\\n``; ideographic and no-break spaces become ``' '``;
- zero-width characters, BOMs, soft hyphens and other control characters (but ``\\n``
  and ``\\t``, which carry table structure) are dropped;
- pinyin glosses after characters, as in scraped traditional copies
  (``主動(dòng)公開(kāi)``), are dropped;
- Chinese punctuation, 〔〕 and everything else stay as they are.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence

# Characters mapped one to one. Built once: full-width ASCII block U+FF01..U+FF5E is
# U+0021..U+007E shifted by 0xFEE0, but only digits and letters are taken, because
# full-width （），：； are ordinary Chinese punctuation and must stay.
_CHAR_MAP: dict[str, str] = {}
for _code in range(0xFF10, 0xFF1A):
    _CHAR_MAP[chr(_code)] = chr(_code - 0xFEE0)
for _code in list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B)):
    _CHAR_MAP[chr(_code)] = chr(_code - 0xFEE0)
_CHAR_MAP.update({"％": "%", "．": ".", "\u3000": " ", "\xa0": " ", "\u202f": " ", "\u2007": " "})
for _code in range(0x2000, 0x200B):  # en/em/thin spaces
    _CHAR_MAP[chr(_code)] = " "

_DROP = frozenset("\ufeff\u200b\u200c\u200d\u2060\xad\ufffe")

# A pinyin gloss: brackets holding only Latin letters with at least one tone mark,
# directly after a CJK character. Requiring a tone mark keeps "(PDF)" or "(ABC)".
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_GLOSS = re.compile(
    rf"(?<=[\u4e00-\u9fff])[(（](?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,8}}[)）]"
)


def _is_dropped_control(ch: str) -> bool:
    code = ord(ch)
    return ch in _DROP or (code < 0x20 and ch not in "\n\t") or 0x7F <= code < 0xA0


#: str.translate table of the one-to-one replacements (lone \r becomes \n).
_TRANSLATE = str.maketrans({**_CHAR_MAP, "\r": "\n"})
#: What breaks the one-to-one walk: a pinyin gloss, \r\n (its \n is dropped), dropped characters.
_BREAKS = re.compile(
    rf"(?P<gloss>{_PINYIN_GLOSS.pattern})|(?P<crlf>\r\n)"
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u200b\u200c\u200d\u2060\xad\ufffe]+")


class OffsetMap(Sequence[int]):
    """``offset_map`` stored as runs: normalised character ``i`` of a run starting at
    ``norm`` comes from ``raw + (i - norm)``. Most text maps one to one, so a 20 MB report
    needs a few runs instead of a tuple of millions of ints; it reads (index, slice, len,
    iteration, ==) like the tuple it replaces.

    >>> m = OffsetMap([0, 2], [0, 3], 4)
    >>> list(m), m[-1], m[1:3], m == (0, 1, 3, 4)
    ([0, 1, 3, 4], 4, (1, 3), True)
    """

    __slots__ = ("_norm", "_raw", "_length")

    def __init__(self, norm_starts: list[int], raw_starts: list[int], length: int) -> None:
        self._norm = norm_starts
        self._raw = raw_starts
        self._length = length

    def __len__(self) -> int:
        return self._length

    def _at(self, i: int) -> int:
        run = bisect_right(self._norm, i) - 1
        return self._raw[run] + (i - self._norm[run])

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return tuple(self._at(i) for i in range(*index.indices(self._length)))
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("offset map index out of range")
        return self._at(index)

    def position(self, raw: int) -> int:
        """The first normalised offset whose original offset is at or after ``raw`` (what
        ``bisect_left(offset_map, raw)`` gives, found from the runs at once).

        >>> m = OffsetMap([0, 2], [0, 3], 4)   # raw 2 was dropped
        >>> [m.position(x) for x in range(5)]
        [0, 1, 2, 2, 3]
        """
        run = bisect_right(self._raw, raw) - 1
        if run < 0:
            return 0
        end = self._norm[run + 1] if run + 1 < len(self._norm) else self._length
        return min(self._norm[run] + raw - self._raw[run], end)

    def __iter__(self) -> Iterator[int]:
        bounds = self._norm[1:] + [self._length]
        for norm, raw, end in zip(self._norm, self._raw, bounds):
            yield from range(raw, raw + end - norm)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, OffsetMap):
            return (self._norm, self._raw, self._length) == (other._norm, other._raw, other._length)
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(other) == self._length and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"OffsetMap({tuple(self)!r})" if self._length <= 20 else f"OffsetMap(<{self._length} entries>)"


def normalize(raw: str) -> tuple[str, OffsetMap]:
    """Normalise decoded text; return ``(text, offset_map)``.

    ``offset_map`` has ``len(text) + 1`` entries: entry ``i`` is the offset in ``raw``
    of normalised character ``i``, the last entry is ``len(raw)``. Runs in time linear
    in ``len(raw)`` with memory a small multiple of it.

    >>> text, offsets = normalize("７２５４条")
    >>> text, tuple(offsets)
    ('7254条', (0, 1, 2, 3, 4, 5))
    >>> text, offsets = normalize("a\\r\\nb")
    >>> text, tuple(offsets)
    ('a\\nb', (0, 1, 3, 4))
    >>> normalize("主動(dòng)公開(kāi)")[0]
    '主動公開'
    >>> normalize("〔2017〕（一）")[0]
    '〔2017〕（一）'
    """
    pieces: list[str] = []
    norm_starts, raw_starts = [0], [0]
    produced = 0  # normalised characters so far

    def jump(raw_at: int) -> None:
        # from normalised offset `produced` on, characters come from raw_at onwards
        if norm_starts[-1] == produced:
            raw_starts[-1] = raw_at
        else:
            norm_starts.append(produced)
            raw_starts.append(raw_at)

    cursor = 0
    for match in _BREAKS.finditer(raw):
        piece = raw[cursor:match.start()]
        pieces.append(piece)
        produced += len(piece)
        if match.group("crlf"):
            pieces.append("\r")  # one line break, mapped to the \r (translated below)
            produced += 1
        jump(match.end())
        cursor = match.end()
    piece = raw[cursor:]
    pieces.append(piece)
    produced += len(piece)
    text = "".join(pieces).translate(_TRANSLATE)
    # the final entry is len(raw) even when dropped characters end the text
    if raw_starts[-1] + (produced - norm_starts[-1]) != len(raw):
        jump(len(raw))
    return text, OffsetMap(norm_starts, raw_starts, produced + 1)
