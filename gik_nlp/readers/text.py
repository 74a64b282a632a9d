"""Plain-text files: find the encoding, decode strictly, and hand the text on untouched.

A ``.txt`` report is passed through as decoded: navigation lines, scraper noise and
table renderings all stay (cleaning them is the assembler's job, and the offsets of
annotated corpora refer to exactly this text after ``normalize``).

Encodings are tried in this order, each decode strict, so a file is either read
correctly or rejected, never turned into mojibake:

1. a byte-order mark: UTF-8, UTF-32 LE/BE, UTF-16 LE/BE;
2. UTF-16 without a BOM, only when the NUL bytes fall on one parity and the result is text;
3. UTF-8;
4. GB18030 (a superset of GBK and GB2312), when most characters are common simplified
   ones; Big5 (cp950) bytes also decode as GB18030, so a file whose characters are
   mostly uncommon under GB18030 and that also decodes as Big5 is settled by
   charset-normalizer between the two;
5. charset-normalizer over everything, accepted only when its result reads as text.

This module also defines ``ReadError``, the one exception every reader raises.
"""

from __future__ import annotations

import codecs
from typing import Any

#: ``ReadError.kind`` values.
ERROR_KINDS = ("unsupported", "empty", "binary", "encoding", "no_text_layer", "corrupt", "not_a_file", "too_large", "io")

# Longer BOMs first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Share of non-ASCII characters that must be common GB2312 ones (punctuation row 1,
#: full-width row 3, hanzi rows 16-87) to accept a GB18030 decode without question.
#: Real simplified-Chinese reports score above 0.99; Big5 text decoded as GB18030 about 0.2.
GB_COMMON_SHARE = 0.9

#: Share of characters that must be printable (or \n \t \r \f) for a decode by
#: detection (BOM-less UTF-16, charset-normalizer) to count as text.
PRINTABLE_SHARE = 0.97

#: Highest charset-normalizer chaos (0 = clean, 1 = noise) accepted as text.
MAX_CHAOS = 0.2

#: Byte values besides NUL that never occur in text files (C0 controls but \t \n \v \f \r, ESC, SUB).
_BINARY_BYTES = bytes(sorted(frozenset(range(0x20)) - frozenset(b"\t\n\x0b\x0c\r\x1a\x1b")))

#: Share of C0 control bytes above which a NUL-free file is called binary.
MAX_CONTROL_SHARE = 0.01

#: Encodings a declared charset is read as: GB2312/GBK declarations are read as their
#: superset GB18030 because pages declaring gb2312 routinely contain GBK characters.
_DECLARED_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                     "big5": "cp950", "x-x-big5": "cp950", "iso-8859-1": "cp1252", "latin1": "cp1252",
                     "ascii": "utf-8", "us-ascii": "utf-8", "unicode": "utf-16", "utf8": "utf-8"}


class ReadError(Exception):
    """A file that cannot be read as a report.

    path (str): the file as the caller named it.
    kind (str): one of ``ERROR_KINDS``.
    reason (str): what is wrong, for a person; ``str(err)`` is ``f"{path}: {reason}"``.
    """

    def __init__(self, path: str, kind: str, reason: str) -> None:
        if kind not in ERROR_KINDS:
            raise ValueError(f"unknown ReadError kind {kind!r}")
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.kind = kind
        self.reason = reason

    def __reduce__(self) -> tuple[Any, ...]:  # picklable across worker processes
        return (type(self), (self.path, self.kind, self.reason))


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\n\t\r\f")
    return printable / len(text) >= PRINTABLE_SHARE


def gb_common_share(text: str) -> float:
    """Share of non-ASCII characters of ``text`` that are common GB2312 characters.

    >>> gb_common_share("统计时限为2023年。")
    1.0
    >>> gb_common_share("abc")
    1.0
    """
    total = common = 0
    for ch in text:
        if ord(ch) < 0x80:
            continue
        total += 1
        try:
            lead = ch.encode("gb2312")[0]
        except UnicodeEncodeError:
            continue
        if lead in (0xA1, 0xA3) or 0xB0 <= lead <= 0xF7:
            common += 1
    return common / total if total else 1.0


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """Decode UTF-16 without a BOM when its NUL bytes say so.

    ASCII characters put their NUL in the high byte (odd positions in LE), but so do
    CJK characters such as 一 (U+4E00) in the low byte: the byte order with more NULs in
    high-byte positions is tried first, and a decode counts when it reads as text.

    >>> _bomless_utf16("一、2023年\\n".encode("utf-16-le"))
    ('一、2023年\\n', 'utf-16-le')
    >>> _bomless_utf16("一、2023年\\n".encode("utf-16-be"))
    ('一、2023年\\n', 'utf-16-be')
    """
    if len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    order = ("utf-16-le", "utf-16-be") if odd_nuls >= even_nuls else ("utf-16-be", "utf-16-le")
    for encoding in order:
        text = _strict(data, encoding)
        if text is not None and _looks_like_text(text) and _mostly_chinese_or_ascii(text):
            return text, encoding
    return None


def _mostly_chinese_or_ascii(text: str) -> bool:
    """Whether nine in ten characters are ASCII, CJK or CJK punctuation (a wrong byte order
    of UTF-16 gives characters from all over Unicode)."""
    usual = sum(1 for ch in text if ord(ch) < 0x80 or 0x3000 <= ord(ch) <= 0x9FFF or 0xFF00 <= ord(ch) <= 0xFFEF)
    return usual >= 0.9 * len(text)


def _charset_normalizer(data: bytes, encodings: list[str] | None = None) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=encodings).best()
    if best is None or best.chaos > MAX_CHAOS:
        return None
    text = str(best)
    if not _looks_like_text(text):
        return None
    return text, best.encoding


def _canonical(encoding: str) -> str | None:
    name = encoding.strip().strip("\"'").lower()
    name = _DECLARED_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes, name: str, declared: str | None = None) -> tuple[str, str]:
    """Decode the bytes of a text-like file; return ``(text, encoding)``.

    name: the file, for error messages.
    declared: an encoding the file states for itself (an HTML ``<meta charset>``);
        tried strictly right after a BOM, ignored when it does not decode.
    Raises ReadError "binary" for NUL bytes or control bytes that no text encoding
    explains, "encoding" when nothing decodes the bytes.

    >>> decode("年度报告".encode("gbk"), "a.txt")
    ('年度报告', 'gb18030')
    >>> decode(codecs.BOM_UTF16_LE + "年度报告".encode("utf-16-le"), "a.txt")
    ('年度报告', 'utf-16-le')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data, encoding)
            if text is None:
                raise ReadError(name, "encoding", f"the file starts with a {encoding} byte-order mark "
                                                  "but does not decode as that encoding")
            return text, "utf-8-sig" if encoding == "utf-8-sig" else _bom_name(bom)
    if b"\x00" in data:
        found = _bomless_utf16(data)
        if found is not None:
            return found
        raise ReadError(name, "binary", "the file holds NUL bytes: it is binary, not text")
    controls = len(data) - len(data.translate(None, _BINARY_BYTES))
    if controls > MAX_CONTROL_SHARE * len(data):
        raise ReadError(name, "binary", f"{controls} control bytes in {len(data)}: the file is binary, not text")
    if declared:
        encoding = _canonical(declared)
        if encoding is not None:
            text = _strict(data, encoding)
            if text is not None:
                return text, encoding
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    text = _strict(data, "gb18030")
    if text is not None:
        if gb_common_share(text) >= GB_COMMON_SHARE or _strict(data, "cp950") is None:
            return text, "gb18030"
        found = _charset_normalizer(data, ["gb18030", "cp950"])
        return found if found is not None else (text, "gb18030")
    text = _strict(data, "cp950")
    if text is not None:
        return text, "cp950"
    found = _charset_normalizer(data)
    if found is not None:
        return found
    raise ReadError(name, "encoding", "the text is in no encoding that could be recognised "
                                      "(tried UTF-8, UTF-16, GB18030, Big5 and detection); "
                                      "save it as UTF-8")


def _bom_name(bom: bytes) -> str:
    """The encoding a BOM names, with its byte order (for metadata)."""
    return {codecs.BOM_UTF32_LE: "utf-32-le", codecs.BOM_UTF32_BE: "utf-32-be",
            codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}[bom]


def read_txt(data: bytes, name: str) -> tuple[str, dict[str, Any]]:
    """A ``.txt`` (or ``.md``) file's bytes → its decoded text and ``{"encoding": …}``, plus
    ``"tables"`` when it holds markdown pipe tables (readers.tables; the text is unchanged) and
    ``"warnings"`` when some of them are past the cell budget (readers.tables.MAX_CELLS)."""
    from gik_nlp.readers.tables import pipe_tables

    text, encoding = decode(data, name)
    metadata: dict[str, Any] = {"encoding": encoding}
    if "|" in text:
        tables, warnings = pipe_tables(text)
        if warnings:
            metadata["warnings"] = warnings
        if tables:
            metadata["tables"] = tables
    return text, metadata
