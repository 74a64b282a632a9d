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


def normalize(raw: str) -> tuple[str, tuple[int, ...]]:
    """Normalise decoded text; return ``(text, offset_map)``.

    ``offset_map`` has ``len(text) + 1`` entries: entry ``i`` is the offset in ``raw``
    of normalised character ``i``, the last entry is ``len(raw)``.

    >>> normalize("７２５４条")
    ('7254条', (0, 1, 2, 3, 4, 5))
    >>> normalize("a\\r\\nb")
    ('a\\nb', (0, 1, 3, 4))
    >>> normalize("主動(dòng)公開(kāi)")[0]
    '主動公開'
    >>> normalize("〔2017〕（一）")[0]
    '〔2017〕（一）'
    """
    gloss_at = {m.start(): m.end() for m in _PINYIN_GLOSS.finditer(raw)}
    chars: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(raw)
    while i < n:
        if i in gloss_at:
            i = gloss_at[i]
            continue
        ch = raw[i]
        if ch == "\r":
            # \r\n is one line break, mapped to the \r: a span ending before the break
            # then maps to raw text without a stray \r, and the break to exactly "\r\n".
            chars.append("\n")
            offsets.append(i)
            i += 2 if i + 1 < n and raw[i + 1] == "\n" else 1
            continue
        elif _is_dropped_control(ch):
            i += 1
            continue
        chars.append(_CHAR_MAP.get(ch, ch))
        offsets.append(i)
        i += 1
    offsets.append(n)
    return "".join(chars), tuple(offsets)
