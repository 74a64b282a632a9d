"""Grid: the cells a row prints after its label, as tokens with offsets.

A row's value stretch runs from the end of its label to the start of the next row's
label. Its leading numeric part is the row's cells: tabs and pipes separate cells and
keep blank ones (two separators with nothing between); spaces separate cells without
keeping blanks; and where a page was scraped, numbers run together with nothing between
them (one token then holds several cells: the fill step enumerates its readings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Cells that say "nothing here": not applicable, never zero (record.md).
PLACEHOLDER_TOKENS = ("不适用", "——", "—", "－", "-", "/", "／", "\\", "无")

_SPACE = " \u3000\xa0\r\n"
_UNIT_WORDS = ("万元", "人次", "元", "件", "条", "次", "个", "人", "篇", "项", "%")
_NUMERIC = re.compile(
    r"(?:[0-9.,，+＋\-－—／/ \u3000\xa0\t|\r\n]|万元|人次|元|件|条|次|个|人|篇|项|%|不适用)*")
_PAGE_MARKER = re.compile(r"(?<![\d—－-])[-—－]\s*\d{1,3}\s*[-—－](?=\s|$)|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?")


@dataclass(frozen=True)
class Token:
    """A piece of a row's cells: ``text`` at ``[start, end)``.

    kind: "number" (digits, perhaps several cells run together), "blank" (an empty cell
    kept by a separator) or "placeholder" (—, /, 不适用 …).
    explicit: its bounds are separators that keep cells (tabs, pipes): it is one cell.
    """

    start: int
    end: int
    text: str
    kind: str
    explicit: bool = False


def numeric_part(text: str, start: int, end: int, next_enum: str = "") -> tuple[int, int]:
    """The leading stretch of ``text[start:end]`` that holds the row's cells.

    A row label's enumerator glued to the last cell ("00000002.其他…", with ``next_enum``
    "2") is cut off; page markers ("- 3 -") inside a table are kept for ``tokens`` to skip.

    >>> t = "0000000 2.其他法律"
    >>> s, e = numeric_part(t, 0, len(t), "2"); t[s:e]
    '0000000 '
    """
    match = _NUMERIC.match(text, start, end)
    stop = match.end() if match else start
    # a page marker in the middle of a table: the row's cells may continue after it
    while stop < end:
        marker = _PAGE_MARKER.match(text, stop)
        if not marker:
            break
        again = _NUMERIC.match(text, marker.end(), end)
        stop = again.end() if again else marker.end()
    piece = text[start:stop]
    if next_enum:
        # "…0 0 2、政府公报…": the 、 stops the part; "…00000002.其他…": the . is inside it
        after = text[stop:stop + 1]
        glued = (re.search(rf"{re.escape(next_enum)}\s*[.．]\s*$", piece)
                 or (after in "、.．" and after and re.search(rf"{re.escape(next_enum)}\s*$", piece)))
        if glued:
            stop = start + glued.start()
    tail = re.search(r"\n[ \t\u3000\xa0|]*$", text[start:stop])
    if tail:
        # the next line's leading pipe or indent belongs to the next row
        stop = start + tail.start()
    return start, stop


def tokens(text: str, start: int, end: int) -> list[Token]:
    """The tokens of a numeric part (see ``numeric_part``).

    >>> [(t.text, t.kind) for t in tokens("| 3 |  | — |", 0, 12)]
    [('3', 'number'), ('', 'blank'), ('—', 'placeholder')]
    >>> [t.text for t in tokens("150 000015", 0, 10)]
    ['150', '000015']
    """
    piece = _PAGE_MARKER.sub(lambda m: " " * len(m.group()), text[start:end])
    out: list[Token] = []
    if "\t" in piece or "|" in piece:
        cells = re.split(r"[\t|]", piece)
        cursor = start
        if piece.strip(_SPACE)[:1] in ("|", "\t") or piece.lstrip(_SPACE)[:1] == "\t":
            # the separator that ends the label's own cell
            lead = len(cells[0]) + 1
            cells, cursor = cells[1:], start + lead
        if piece.strip(_SPACE).endswith("|"):
            cells = cells[:-1]
        if cells and not cells[-1].strip(_SPACE) and piece.rstrip(" \u3000\xa0").endswith("\t"):
            cells = cells[:-1]
        for cell in cells:
            stripped = cell.strip(_SPACE)
            at = cursor + (cell.index(stripped) if stripped else 0)
            if not stripped:
                out.append(Token(at, at, "", "blank", True))
            else:
                for token in _soft(stripped, at):
                    out.append(Token(token.start, token.end, token.text, token.kind, True))
            cursor += len(cell) + 1
        return out
    return _soft(piece, start)


def _soft(piece: str, offset: int) -> list[Token]:
    out = []
    for match in re.finditer(r"[^ \u3000\xa0\r\n]+", piece):
        word = match.group()
        bare = word
        for unit in _UNIT_WORDS:
            if bare.endswith(unit) and len(bare) > len(unit):
                bare = bare[:-len(unit)]
                break
        s = offset + match.start()
        if word in PLACEHOLDER_TOKENS or re.fullmatch(r"[—\-－/／]+", word):
            out.append(Token(s, s + len(word), word, "placeholder"))
        elif word in _UNIT_WORDS:
            continue
        else:
            out.append(Token(s, s + len(bare), bare.replace(",", "").replace("，", ""), "number"))
    return out


__all__ = ["PLACEHOLDER_TOKENS", "Token", "numeric_part", "tokens"]
