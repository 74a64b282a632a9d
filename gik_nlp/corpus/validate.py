"""Check annotated documents against the corpus format and the annotation rules.

``validate(doc)`` lists what is wrong with one document; ``check_corpus(root)`` reads a
corpus folder (or file) and checks every document in it, reporting unreadable files and
duplicate ids as problems instead of stopping. ``corpus_stats(docs)`` counts what a
corpus holds. Each problem has a ``kind`` from ``KINDS`` so tests and scripts can tell
them apart; the message says what was found and where.
"""

from __future__ import annotations

import datetime
import functools
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gik_nlp.corpus.format import (
    ORIGINS,
    SPLITS,
    AnnotatedDocument,
    CorpusError,
    corpus_files,
    documents_of,
    load_file,
)
from gik_nlp.types import RECORD_KEYS, Span

#: Every problem kind, with what it means (docs/corpus.md lists them for annotators).
KINDS: dict[str, str] = {
    "unreadable": "the file cannot be read or parsed",
    "duplicate_id": "another document already has this id",
    "id": "the document id is empty",
    "text_sha256": "the text was changed after it was annotated",
    "origin": "origin is not one of format.ORIGINS",
    "format": "format is not one of schema.FORMATS, or the record's format differs",
    "split": "split is not one of format.SPLITS",
    "notes": "notes is not a list of strings",
    "offset": "a span's offsets are out of range or not start < end",
    "span_text": "a span's text is not text[start:end]",
    "overlap": "two spans overlap",
    "line_break": "a span crosses a line break",
    "whitespace": "a span starts or ends with whitespace",
    "label": "a span's label is not in schema.LABELS",
    "record_key": "a record key is not one of types.RECORD_KEYS",
    "record_value": "a record value has the wrong type (year, title, agency, warnings …)",
    "field_id": "a statistics key is not a field id of schema.FIELDS",
    "statistic": "a statistic is malformed (value not a number, unit not a string …)",
    "evidence": "evidence is malformed or its offsets are out of range",
    "evidence_label": "an evidence span is not a tagged span of the right label",
    "value_mismatch": "the evidence value span does not state the statistic's value",
    "value_not_in_text": "a statistic without value evidence has a value the text never prints",
    "doc_number": "a doc_number / cited_documents entry is malformed or not in the text",
    "date": "a date is not an ISO YYYY-MM-DD date, or a period ends before it starts",
    "unchecked_record": "the record was filled by the assembler and nobody has checked it yet",
}

#: The note `gik corpus import --fill-records` adds; an annotator deletes it after checking.
FILLED_RECORD_NOTE = "record filled by the assembler: check it"

_DOC_NUMBER_KEYS = ("text", "normalized", "issuer", "year", "serial")
_EVIDENCE_SPAN_KEYS = ("name", "value", "sentence")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ARABIC_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_CHINESE_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                   "七": 7, "八": 8, "九": 9}
# Small units multiply within a section; 万/亿 close a section (一万二千 = 1*10000 + 2000).
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a corpus.

    where: the file (and line, for JSON Lines) it was found in.
    doc_id: the document's id ("" when the file could not be read).
    kind: one of ``KINDS``.
    message: what was found, with offsets or values.
    """

    where: str
    doc_id: str
    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.doc_id}: {self.kind}: {self.message}"


def parse_chinese_number(text: str) -> int | None:
    """The value of a Chinese numeral, or None if ``text`` is not one.

    >>> parse_chinese_number("三千二百")
    3200
    >>> parse_chinese_number("十二")
    12
    >>> parse_chinese_number("一万二千")
    12000
    >>> parse_chinese_number("二〇一〇")
    2010
    >>> parse_chinese_number("万") is None
    True
    """
    if not text or any(ch not in _CHINESE_DIGITS and ch not in _SMALL_UNITS and ch not in _LARGE_UNITS
                       for ch in text):
        return None
    if all(ch in _CHINESE_DIGITS for ch in text):  # digit by digit: 二〇一〇
        return int("".join(str(_CHINESE_DIGITS[ch]) for ch in text))
    total, section, digit, seen_digit = 0, 0, None, False
    for ch in text:
        if ch in _CHINESE_DIGITS:
            digit = _CHINESE_DIGITS[ch]
            seen_digit = True
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]  # 十二: a bare 十 is 10
            digit = None
        else:
            section += digit or 0
            if section == 0 and not seen_digit:
                return None
            total += section * _LARGE_UNITS[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


def numbers_in(text: str) -> list[float]:
    """Every number written in ``text``: Arabic (thousands separators, decimals) and Chinese.

    >>> numbers_in("200余条")
    [200.0]
    >>> numbers_in("1,036.5万元，三千二百件")
    [1036.5, 3200.0]
    """
    found: list[tuple[int, float]] = []
    for match in _ARABIC_NUMBER.finditer(text):
        found.append((match.start(), float(match.group().replace(",", ""))))
    for match in _CHINESE_NUMBER.finditer(text):
        value = parse_chinese_number(match.group())
        if value is not None:
            found.append((match.start(), float(value)))
    return [value for _, value in sorted(found)]


@functools.cache
def _parse_quantity() -> Callable[[str], Any] | None:
    # The assembler's number parser, when it is installed; the local helper covers the rest.
    try:
        from gik_nlp.assemble.numbers import parse_quantity
    except ImportError:
        return None
    return parse_quantity


def states_value(span_text: str, value: float) -> bool:
    """Whether the text of a value span states ``value`` (compared as numbers).

    >>> states_value("7,254条", 7254)
    True
    >>> states_value("200余条", 2000)
    False
    """
    parse = _parse_quantity()
    if parse is not None:
        try:
            quantity = parse(span_text)
        except Exception:  # noqa: BLE001 - a parser bug must not hide the local check
            quantity = None
        if quantity is not None and _same_number(getattr(quantity, "value", None), value):
            return True
    return any(_same_number(number, value) for number in numbers_in(span_text))


def _same_number(a: Any, b: Any) -> bool:
    return _is_number(a) and _is_number(b) and math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _is_iso_date(value: Any) -> bool:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


class _Checker:
    """Collects the problems of one document (holds the doc, its spans by offsets, the output)."""

    def __init__(self, doc: AnnotatedDocument, where: str) -> None:
        self.doc = doc
        self.where = where
        self.problems: list[Problem] = []
        self.spans_at: dict[tuple[int, int], set[str]] = {}
        for span in doc.spans:
            self.spans_at.setdefault((span.start, span.end), set()).add(span.label)
        self.text_numbers = {float(m.group().replace(",", "")) for m in _ARABIC_NUMBER.finditer(doc.text)}

    def add(self, kind: str, message: str) -> None:
        self.problems.append(Problem(self.where, self.doc.id, kind, message))

    # --- document -------------------------------------------------------------------

    def check_document(self) -> None:
        from gik_nlp.schema import FORMATS

        doc = self.doc
        if not doc.id.strip():
            self.add("id", "empty id")
        if doc.origin not in ORIGINS:
            self.add("origin", f"{doc.origin!r} is not one of {list(ORIGINS)}")
        if doc.format not in FORMATS:
            self.add("format", f"{doc.format!r} is not one of {list(FORMATS)}")
        if doc.split not in SPLITS:
            self.add("split", f"{doc.split!r} is not one of {list(SPLITS)}")
        for note in doc.notes:
            if not isinstance(note, str):
                self.add("notes", f"note {note!r} is not a string")
            elif note.startswith("!text_sha256"):
                self.add("text_sha256", f"{note[1:]}; the text changed after annotation: re-check every "
                                        "offset, then save the document again")
            elif note == FILLED_RECORD_NOTE:
                self.add("unchecked_record", "check the record against the text, then delete the note "
                                             f"{FILLED_RECORD_NOTE!r}")

    # --- spans ----------------------------------------------------------------------

    def check_spans(self) -> None:
        from gik_nlp.schema import LABELS

        text = self.doc.text
        in_range: list[Span] = []
        for span in self.doc.spans:
            at = f"span [{span.start}, {span.end}) {span.label} {span.text!r}"
            if span.label not in LABELS:
                self.add("label", f"{at}: label {span.label!r} is not one of {list(LABELS)}")
            if not (0 <= span.start < span.end <= len(text)):
                self.add("offset", f"{at}: offsets outside [0, {len(text)}] or start >= end")
                continue
            in_range.append(span)
            actual = text[span.start:span.end]
            if span.text != actual:
                self.add("span_text", f"{at}: text[{span.start}:{span.end}] is {actual!r}")
            if "\n" in actual:
                self.add("line_break", f"{at}: crosses a line break")
            if actual != actual.strip():
                self.add("whitespace", f"{at}: leading or trailing whitespace")
        ordered = sorted(in_range, key=lambda s: (s.start, s.end))
        for previous, span in zip(ordered, ordered[1:]):
            if span.start < previous.end:
                self.add("overlap", f"span [{span.start}, {span.end}) {span.label} {span.text!r} overlaps "
                                    f"[{previous.start}, {previous.end}) {previous.label} {previous.text!r}")

    # --- record ---------------------------------------------------------------------

    def check_record(self) -> None:
        from gik_nlp.schema import FORMATS

        record = self.doc.record
        for key in record:
            if key not in RECORD_KEYS:
                self.add("record_key", f"record key {key!r} is not one of {list(RECORD_KEYS)}")
        if "format" in record and record["format"] != self.doc.format:
            if record["format"] not in FORMATS:
                self.add("format", f"record format {record['format']!r} is not one of {list(FORMATS)}")
            else:
                self.add("format", f"record format {record['format']!r} differs from the document's "
                                   f"{self.doc.format!r}")
        year = record.get("year")
        if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
            self.add("record_value", f"year {year!r} is not an integer")
        for key in ("title", "agency", "source", "model", "text_sha256"):
            if record.get(key) is not None and not isinstance(record[key], str):
                self.add("record_value", f"{key} {record[key]!r} is not a string")
        for key in ("warnings", "cited_documents", "other_statistics", "spans"):
            if key in record and not isinstance(record[key], list):
                self.add("record_value", f"{key} is not a list")
        if not all(isinstance(w, str) or (isinstance(w, dict) and isinstance(w.get("message"), str))
                   for w in record.get("warnings") or []):
            self.add("record_value", "warnings holds an entry that is neither a string nor {kind, fields, message}")
        self.check_dates(record)
        if record.get("doc_number") is not None:
            self.check_doc_number(record["doc_number"], "doc_number")
        cited = record.get("cited_documents")
        for i, entry in enumerate(cited if isinstance(cited, list) else []):
            self.check_doc_number(entry, f"cited_documents[{i}]")
        statistics = record.get("statistics")
        if statistics is not None and not isinstance(statistics, dict):
            self.add("record_value", "statistics is not an object keyed by field id")
        elif statistics:
            self.check_statistics(statistics)
        others = record.get("other_statistics")
        for i, entry in enumerate(others if isinstance(others, list) else []):
            where = f"other_statistics[{i}]"
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                self.add("statistic", f"{where}: expected an object with a string name")
                continue
            self.check_statistic(entry, f"{where} {entry['name']!r}", statistics or {})

    def check_dates(self, record: dict[str, Any]) -> None:
        published = record.get("published")
        if published is not None and not _is_iso_date(published):
            self.add("date", f"published {published!r} is not a YYYY-MM-DD date")
        period = record.get("period")
        if period is None:
            return
        if not isinstance(period, dict) or set(period) != {"start", "end"}:
            self.add("date", f"period {period!r} is not {{\"start\", \"end\"}}")
            return
        bad = [k for k in ("start", "end") if not _is_iso_date(period[k])]
        for key in bad:
            self.add("date", f"period {key} {period[key]!r} is not a YYYY-MM-DD date")
        if not bad and period["end"] < period["start"]:
            self.add("date", f"period ends ({period['end']}) before it starts ({period['start']})")

    def check_doc_number(self, entry: Any, where: str) -> None:
        if not isinstance(entry, dict):
            self.add("doc_number", f"{where}: {entry!r} is not an object")
            return
        missing = [k for k in _DOC_NUMBER_KEYS if k not in entry]
        extra = [k for k in entry if k not in _DOC_NUMBER_KEYS]
        if missing or extra:
            self.add("doc_number", f"{where}: keys must be {list(_DOC_NUMBER_KEYS)}"
                                   + (f"; missing {missing}" if missing else "")
                                   + (f"; unknown {extra}" if extra else ""))
        for key in ("text", "normalized", "issuer"):
            if key in entry and not isinstance(entry[key], str):
                self.add("doc_number", f"{where}: {key} {entry[key]!r} is not a string")
        for key in ("year", "serial"):
            value = entry.get(key)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                self.add("doc_number", f"{where}: {key} {value!r} is not an integer or null")
        text = entry.get("text")
        if isinstance(text, str) and (not text or text not in self.doc.text):
            self.add("doc_number", f"{where}: text {text!r} does not appear in the document")

    def check_statistics(self, statistics: dict[str, Any]) -> None:
        from gik_nlp.schema import FIELDS

        for field_id, stat in statistics.items():
            if field_id not in FIELDS:
                self.add("field_id", f"statistics key {field_id!r} is not a field id (schema.FIELDS)")
            if not isinstance(stat, dict):
                self.add("statistic", f"{field_id}: {stat!r} is not an object")
                continue
            self.check_statistic(stat, field_id, statistics)

    def check_statistic(self, stat: dict[str, Any], where: str, statistics: dict[str, Any]) -> None:
        from gik_nlp.schema import FIELDS

        value = stat.get("value")
        if not _is_number(value):
            self.add("statistic", f"{where}: value {value!r} is not a number")
            return
        if "unit" in stat and not isinstance(stat["unit"], str):
            self.add("statistic", f"{where}: unit {stat['unit']!r} is not a string")
        for key in ("approximate", "derived"):
            if key in stat and not isinstance(stat[key], bool):
                self.add("statistic", f"{where}: {key} {stat[key]!r} is not true/false")
        if "confidence" in stat and not _is_number(stat["confidence"]):
            self.add("statistic", f"{where}: confidence {stat['confidence']!r} is not a number")
        evidence = stat.get("evidence") or {}
        if not isinstance(evidence, dict):
            self.add("evidence", f"{where}: evidence {evidence!r} is not an object")
            return
        for key in evidence:
            # text / source_span: what a run adds for a reader's convenience (assemble/evidence.py)
            if key not in (*_EVIDENCE_SPAN_KEYS, "cells", "tagged", "text", "source_span"):
                self.add("evidence", f"{where}: unknown evidence key {key!r}")
        printed = stat.get("printed")
        if printed is not None:
            if not isinstance(printed, dict) or not _is_number(printed.get("value")) \
                    or not isinstance(printed.get("unit"), str):
                self.add("statistic", f"{where}: printed {printed!r} is not {{value: number, unit: str}}")
            else:
                value = printed["value"]  # the evidence states the value as printed (300元 for 0.03 万元)
        good = {key: self.evidence_offsets(evidence[key], f"{where}: evidence {key}")
                for key in _EVIDENCE_SPAN_KEYS if key in evidence}
        if good.get("name"):
            self.expect_span(good["name"], "STAT_NAME", f"{where}: evidence name")
        if good.get("value"):
            if self.expect_span(good["value"], "STAT_VALUE", f"{where}: evidence value"):
                start, end = good["value"]
                if not states_value(self.doc.text[start:end], value):
                    self.add("value_mismatch", f"{where}: value {value!r} but its evidence "
                                               f"[{start}, {end}) reads {self.doc.text[start:end]!r}")
            return
        if "value" in evidence:  # present but malformed: already reported
            return
        if "cells" in evidence:
            self.check_cells(evidence["cells"], value, where, statistics, FIELDS)
            return
        if value == 0 and "sentence" in evidence:
            return
        if float(value) not in self.text_numbers:
            self.add("value_not_in_text", f"{where}: value {value!r} has no value evidence and the text "
                                          "never prints it (a zero by negation needs a \"sentence\" evidence)")

    def check_cells(self, cells: Any, value: float, where: str, statistics: dict[str, Any],
                    fields: dict[str, Any]) -> None:
        if not isinstance(cells, list) or not all(isinstance(c, str) for c in cells) or not cells:
            self.add("evidence", f"{where}: evidence cells {cells!r} is not a list of field ids")
            return
        unknown = [c for c in cells if c not in fields]
        if unknown:
            self.add("evidence", f"{where}: evidence cells {unknown} are not field ids")
            return
        values = [(statistics.get(c) or {}).get("value") for c in cells]
        if all(_is_number(v) for v in values) and not _same_number(sum(values), value):
            self.add("value_mismatch", f"{where}: value {value!r} but its cells {cells} sum to {sum(values)}")

    def evidence_offsets(self, offsets: Any, where: str) -> tuple[int, int] | None:
        if (not isinstance(offsets, (list, tuple)) or len(offsets) != 2
                or not all(isinstance(o, int) and not isinstance(o, bool) for o in offsets)):
            self.add("evidence", f"{where}: {offsets!r} is not [start, end]")
            return None
        start, end = offsets
        if not 0 <= start < end <= len(self.doc.text):
            self.add("evidence", f"{where}: [{start}, {end}) is outside [0, {len(self.doc.text)}] "
                                 "or start >= end")
            return None
        return start, end

    def expect_span(self, offsets: tuple[int, int], label: str, where: str) -> bool:
        labels = self.spans_at.get(offsets, set())
        if label in labels:
            return True
        start, end = offsets
        found = f"a {sorted(labels)[0]} span" if labels else "no span"
        self.add("evidence_label", f"{where}: [{start}, {end}) {self.doc.text[start:end]!r} is {found}, "
                                   f"expected a {label} span")
        return False


def validate(doc: AnnotatedDocument, where: str = "") -> list[Problem]:
    """Every problem of one document (``where`` names its file in the problems)."""
    checker = _Checker(doc, where or doc.id)
    checker.check_document()
    checker.check_spans()
    checker.check_record()
    return checker.problems


def _text_problem(exc: CorpusError, where: str) -> Problem:
    """An altered by-reference text is a text_sha256 problem naming the file; anything else is unreadable."""
    from gik_nlp.corpus.texts import TextAltered

    if isinstance(exc, TextAltered):
        message = _strip_where(str(exc), where)
        doc_id, _, rest = message.partition(": ")
        return Problem(where, doc_id, "text_sha256", rest or message)
    return Problem(where, "", "unreadable", _strip_where(str(exc), where))


def _read_file(path: Path, texts: Any = None, skipped: list[Any] | None = None,
               ) -> tuple[list[tuple[str, AnnotatedDocument]], list[Problem]]:
    """Documents of one corpus file with where they were found; a bad line of a JSON Lines
    file is one problem, the other lines are still read. By-reference documents whose text
    is missing go to ``skipped`` (corpus.texts.SkippedText)."""
    skipped = [] if skipped is None else skipped
    if path.suffix != ".jsonl":
        try:
            return [(str(path), doc) for doc in load_file(path, texts, skipped)], []
        except CorpusError as exc:
            return [], [_text_problem(exc, str(path))]
    try:
        # split("\n"), not splitlines(): JSON leaves U+2028/U+2029 unescaped inside strings.
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(str(path), "", "unreadable", f"cannot read ({exc})")]
    docs: list[tuple[str, AnnotatedDocument]] = []
    problems: list[Problem] = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            docs.extend((where, doc) for doc in documents_of(json.loads(line), where, texts, skipped))
        except json.JSONDecodeError as exc:
            problems.append(Problem(where, "", "unreadable", f"invalid JSON ({exc.msg})"))
        except CorpusError as exc:
            problems.append(_text_problem(exc, where))
    return docs, problems


def _strip_where(message: str, where: str) -> str:
    prefix = f"{where}: "
    return message[len(prefix):] if message.startswith(prefix) else message


def check_corpus(root: Path | str, texts: Any = None, skipped: list[Any] | None = None,
                 ) -> tuple[list[AnnotatedDocument], list[Problem]]:
    """Read and check every document under ``root`` (a folder or one file).

    texts: where by-reference texts resolve (corpus.texts.TextRoots; None: the defaults).
    skipped: by-reference documents whose text is missing are appended here (SkippedText),
        not counted as problems; an altered text is a ``text_sha256`` problem naming the file.
    RETURNS: the documents that could be read, and all problems (unreadable files,
    duplicate ids, and each document's ``validate`` problems), in file order.
    """
    root = Path(root)
    try:
        paths = corpus_files(root)
    except CorpusError as exc:
        return [], [Problem(str(root), "", "unreadable", _strip_where(str(exc), str(root)))]
    docs: list[AnnotatedDocument] = []
    problems: list[Problem] = []
    first_seen: dict[str, str] = {}
    for path in paths:
        found, file_problems = _read_file(path, texts, skipped)
        problems.extend(file_problems)
        for where, doc in found:
            if doc.id in first_seen:
                problems.append(Problem(where, doc.id, "duplicate_id", f"id also used in {first_seen[doc.id]}"))
            else:
                first_seen[doc.id] = where
            problems.extend(validate(doc, where))
            docs.append(doc)
    return docs, problems


@dataclass(frozen=True)
class CorpusStats:
    """What a corpus holds (``gik corpus stats``).

    documents: number of documents; by_origin / by_format / by_split: documents per value.
    characters: total characters of text; spans: spans per label (every label, 0 included).
    statistics: per document id, the number of statistics in its gold record.
    unused_values: STAT_VALUE spans that no statistic's evidence points to.
    """

    documents: int
    by_origin: dict[str, int]
    by_format: dict[str, int]
    by_split: dict[str, int]
    characters: int
    spans: dict[str, int]
    statistics: dict[str, int] = field(default_factory=dict)
    unused_values: int = 0

    def spans_per_1000_chars(self) -> dict[str, float]:
        return {label: (1000 * n / self.characters if self.characters else 0.0)
                for label, n in self.spans.items()}


def _evidence_values(record: dict[str, Any]) -> set[tuple[int, int]]:
    stats = list((record.get("statistics") or {}).values()) + list(record.get("other_statistics") or [])
    used: set[tuple[int, int]] = set()
    for stat in stats:
        evidence = stat.get("evidence") if isinstance(stat, dict) else None
        value = evidence.get("value") if isinstance(evidence, dict) else None
        if isinstance(value, (list, tuple)) and len(value) == 2:
            used.add((value[0], value[1]))
    return used


def corpus_stats(docs: Iterable[AnnotatedDocument]) -> CorpusStats:
    """Count documents, characters, spans and statistics of a corpus."""
    from gik_nlp.schema import LABELS

    docs = list(docs)
    spans: Counter[str] = Counter({label: 0 for label in LABELS})
    unused = 0
    for doc in docs:
        spans.update(span.label for span in doc.spans)
        used = _evidence_values(doc.record)
        unused += sum(1 for s in doc.spans if s.label == "STAT_VALUE" and (s.start, s.end) not in used)
    return CorpusStats(
        documents=len(docs),
        by_origin=dict(sorted(Counter(d.origin for d in docs).items())),
        by_format=dict(sorted(Counter(d.format for d in docs).items())),
        by_split=dict(sorted(Counter(d.split for d in docs).items())),
        characters=sum(len(d.text) for d in docs),
        spans=dict(spans),
        statistics={d.id: len(d.record.get("statistics") or {}) for d in docs},
        unused_values=unused,
    )
