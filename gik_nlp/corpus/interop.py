"""Move annotated documents to and from annotation tools: doccano and Label Studio.

Both exports carry every key of our format (id, source, origin, format, split, notes,
record, text_sha256) next to the text, so importing what a tool exported gives back
the same documents, with the spans as the annotator left them.

doccano (sequence labelling, JSON Lines): one object per line,
``{"text", "label": [[start, end, LABEL], …], "meta": {our keys}}``. doccano replaces
``id`` with its own number on export, which is why our keys travel under ``meta``.
Offsets are code points, as in our format.

Label Studio (JSON): a list of tasks ``{"data": {"text", our keys…}, "annotations":
[{"result": [...]}], "predictions": [...]}`` for the labelling config
``LABEL_STUDIO_CONFIG``. Label Studio counts offsets in UTF-16 code units (a JavaScript
string), so a character outside the Basic Multilingual Plane counts twice there; the
export converts and the import converts back, checked against each region's text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol
from xml.sax.saxutils import quoteattr

from gik_nlp.corpus.format import AnnotatedDocument, CorpusError, default_split
from gik_nlp.corpus.validate import FILLED_RECORD_NOTE
from gik_nlp.schema import FORMATS, LABELS
from gik_nlp.types import Document, ReportRecord, Span

#: Our document keys that travel with the text (doccano "meta", Label Studio "data").
META_KEYS = ("id", "source", "origin", "format", "split", "notes", "record", "text_sha256")

#: Names of the control and object tags in LABEL_STUDIO_CONFIG; results refer to them.
LS_FROM_NAME = "label"
LS_TO_NAME = "text"
#: The controls for the record: the report's format and the record as JSON.
LS_FORMAT_NAME = "format"
LS_RECORD_NAME = "record"

# One colour per label, in schema.LABELS order; cycled if labels are ever added.
_LABEL_COLOURS = ("#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#d62728", "#8c564b", "#e377c2")


def _label_studio_config(labels: Sequence[str]) -> str:
    lines = ["<View>", f'  <Labels name="{LS_FROM_NAME}" toName="{LS_TO_NAME}">']
    for i, label in enumerate(labels):
        colour = _LABEL_COLOURS[i % len(_LABEL_COLOURS)]
        lines.append(f"    <Label value={quoteattr(label)} background={quoteattr(colour)}/>")
    lines.append("  </Labels>")
    # granularity="symbol": Chinese has no spaces, so regions must snap to characters, not words.
    lines.append(f'  <Text name="{LS_TO_NAME}" value="$text" granularity="symbol"/>')
    # the record: its format to confirm, and the assembler's record as JSON to confirm or correct
    lines.append(f'  <Header value="Format (detected: $format)"/>')
    lines.append(f'  <Choices name="{LS_FORMAT_NAME}" toName="{LS_TO_NAME}" choice="single" showInline="true">')
    for fmt in FORMATS:
        lines.append(f"    <Choice value={quoteattr(fmt)}/>")
    lines.append("  </Choices>")
    lines.append('  <Header value="Record (JSON; correct it, or leave the assembler\'s)"/>')
    lines.append(f'  <TextArea name="{LS_RECORD_NAME}" toName="{LS_TO_NAME}" editable="true" rows="12" '
                 'maxSubmissions="1"/>')
    lines.append("</View>")
    return "\n".join(lines) + "\n"


#: The labelling config to paste into a Label Studio project (Settings → Labeling Interface → Code).
LABEL_STUDIO_CONFIG = _label_studio_config(LABELS)


class InteropError(CorpusError):
    """An exported file cannot be read back: the message names the file, task and reason."""


class SpanTagger(Protocol):
    """What preannotation needs of a tagger."""

    name: str

    def tag(self, doc: Document) -> list[Span]: ...


# --- shared helpers -------------------------------------------------------------------

def _meta(doc: AnnotatedDocument) -> dict[str, Any]:
    data = doc.to_dict()
    return {key: data[key] for key in META_KEYS}


def _sorted_spans(spans: Iterable[Span]) -> list[Span]:
    return sorted(spans, key=lambda s: (s.start, s.end, s.label))


def _document(text: str, meta: dict[str, Any], spans: list[Span], where: str) -> AnnotatedDocument:
    """Rebuild a document from a tool's text, our keys and the spans found there."""
    if not isinstance(meta, dict):
        raise InteropError(f"{where}: our keys must be an object, found {type(meta).__name__}")
    doc_id = meta.get("id")
    if not isinstance(doc_id, str) or not doc_id:
        raise InteropError(f"{where}: no document id (expected a string under \"id\")")
    data = {key: meta[key] for key in META_KEYS if key in meta and meta[key] is not None}
    data.update(id=doc_id, text=text, spans=[])
    data.setdefault("split", default_split(doc_id))
    doc = AnnotatedDocument.from_dict(data, where)  # marks a changed text with a "!text_sha256" note
    return replace(doc, spans=tuple(_sorted_spans(spans)))


def _read_json(path: Path) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InteropError(f"{path}: cannot read ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise InteropError(f"{path}: invalid JSON at line {exc.lineno} ({exc.msg})") from exc


def _write_text(path: Path, content: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


# --- doccano --------------------------------------------------------------------------

def to_doccano(doc: AnnotatedDocument) -> dict[str, Any]:
    """One doccano line (as a dict) for a document."""
    return {"text": doc.text,
            "label": [[s.start, s.end, s.label] for s in _sorted_spans(doc.spans)],
            "meta": _meta(doc)}


def export_doccano(docs: Iterable[AnnotatedDocument], path: Path) -> int:
    """Write documents as doccano JSON Lines; return how many were written."""
    lines = [json.dumps(to_doccano(doc), ensure_ascii=False) for doc in docs]
    _write_text(path, "".join(line + "\n" for line in lines))
    return len(lines)


def _doccano_spans(item: dict[str, Any], text: str, where: str) -> list[Span]:
    spans: list[Span] = []
    # doccano 1.x exports "label": [[s, e, L]]; the relation-aware export uses "entities".
    for entry in item.get("label") or []:
        if not (isinstance(entry, (list, tuple)) and len(entry) == 3):
            raise InteropError(f"{where}: label entry {entry!r} is not [start, end, label]")
        start, end, label = entry
        spans.append(_span(start, end, label, text, where))
    for entry in item.get("entities") or []:
        try:
            start, end, label = entry["start_offset"], entry["end_offset"], entry["label"]
        except (KeyError, TypeError) as exc:
            raise InteropError(f"{where}: entity {entry!r} lacks start_offset/end_offset/label") from exc
        spans.append(_span(start, end, label, text, where))
    return spans


def _span(start: Any, end: Any, label: Any, text: str, where: str, score: float = 1.0,
          span_text: str | None = None) -> Span:
    if not all(isinstance(o, int) and not isinstance(o, bool) for o in (start, end)):
        raise InteropError(f"{where}: span offsets {start!r}, {end!r} are not integers")
    return Span(start, end, str(label), text[start:end] if span_text is None else span_text, float(score))


def import_doccano(path: Path) -> list[AnnotatedDocument]:
    """Read a doccano JSON Lines export (ours or one doccano wrote) into documents.

    Our keys are read from ``meta`` or, as newer doccano versions flatten them, from the
    top level; a line without our id takes ``doc_id`` or doccano's ``id``.
    """
    try:
        # split("\n"), not splitlines(): JSON leaves U+2028/U+2029 unescaped inside strings.
        lines = Path(path).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise InteropError(f"{path}: cannot read ({exc})") from exc
    docs: list[AnnotatedDocument] = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InteropError(f"{where}: invalid JSON ({exc.msg})") from exc
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise InteropError(f"{where}: expected an object with a \"text\" string")
        meta = item.get("meta")
        if not isinstance(meta, dict) or "id" not in meta:
            meta = {key: item[key] for key in META_KEYS if key in item and key != "id"}
            fallback = item.get("doc_id", item.get("id"))
            meta["id"] = str(fallback) if fallback is not None else f"doccano-{lineno}"
        text = item["text"]
        docs.append(_document(text, meta, _doccano_spans(item, text, where), where))
    return docs


# --- Label Studio ---------------------------------------------------------------------

def _utf16_offsets(text: str) -> list[int]:
    """``result[i]`` is the UTF-16 offset of code point ``i`` (one entry past the end too)."""
    offsets = [0]
    for ch in text:
        offsets.append(offsets[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return offsets


def _result(span: Span, to_utf16: list[int], index: int, with_score: bool) -> dict[str, Any]:
    result: dict[str, Any] = {
        "id": f"r{index}", "from_name": LS_FROM_NAME, "to_name": LS_TO_NAME, "type": "labels",
        "value": {"start": to_utf16[span.start], "end": to_utf16[span.end], "text": span.text,
                  "labels": [span.label]},
    }
    if with_score or span.score != 1.0:
        result["score"] = round(span.score, 4)
    return result


def to_label_studio(doc: AnnotatedDocument, as_predictions: bool = False,
                    model_version: str = "") -> dict[str, Any]:
    """One Label Studio task for a document; spans as an annotation or as a prediction."""
    to_utf16 = _utf16_offsets(doc.text)
    spans = _sorted_spans(doc.spans)
    results = [_result(span, to_utf16, i, as_predictions) for i, span in enumerate(spans)]
    results += _record_results(doc)
    task: dict[str, Any] = {"data": {"text": doc.text, **_meta(doc)}}
    if as_predictions:
        score = sum(s.score for s in spans) / len(spans) if spans else 0.0
        task["annotations"] = []
        task["predictions"] = [{"model_version": model_version, "score": round(score, 4), "result": results}]
    else:
        task["annotations"] = [{"result": results}]
        task["predictions"] = []
    return task


def _record_results(doc: AnnotatedDocument) -> list[dict[str, Any]]:
    """The format choice and the record's JSON as results of the record controls (prefilled)."""
    out: list[dict[str, Any]] = [{"id": "format", "from_name": LS_FORMAT_NAME, "to_name": LS_TO_NAME,
                                  "type": "choices", "value": {"choices": [doc.format]}}]
    if doc.record:
        out.append({"id": "record", "from_name": LS_RECORD_NAME, "to_name": LS_TO_NAME, "type": "textarea",
                    "value": {"text": [json.dumps(doc.record, ensure_ascii=False, indent=1)]}})
    return out


def _record_from_results(results: list[Any], meta: dict[str, Any], where: str) -> None:
    """The format and record an annotator confirmed or corrected, into ``meta`` (in place)."""
    for result in results:
        if not isinstance(result, dict) or not isinstance(result.get("value"), dict):
            continue
        value = result["value"]
        if result.get("from_name") == LS_FORMAT_NAME and value.get("choices"):
            meta["format"] = str(value["choices"][0])
        elif result.get("from_name") == LS_RECORD_NAME and value.get("text"):
            text = value["text"][-1] if isinstance(value["text"], list) else value["text"]
            try:
                record = json.loads(text)
            except (TypeError, json.JSONDecodeError) as exc:
                raise InteropError(f"{where}: the record is not JSON ({exc})") from exc
            if not isinstance(record, dict):
                raise InteropError(f"{where}: the record must be a JSON object")
            meta["record"] = record


def export_label_studio(docs: Iterable[AnnotatedDocument], path: Path, as_predictions: bool = False,
                        model_version: str = "") -> int:
    """Write documents as a Label Studio task list (JSON); return how many were written.

    as_predictions: put the spans under "predictions" (pre-annotations a person corrects,
    scored, with ``model_version``) instead of as a finished annotation.
    """
    tasks = [to_label_studio(doc, as_predictions, model_version) for doc in docs]
    _write_text(path, json.dumps(tasks, ensure_ascii=False, indent=1) + "\n")
    return len(tasks)


def _latest(entries: list[Any]) -> dict[str, Any] | None:
    """The most recent usable annotation or prediction: by updated_at/created_at, then position."""
    usable = [(i, e) for i, e in enumerate(entries)
              if isinstance(e, dict) and not e.get("was_cancelled") and isinstance(e.get("result"), list)]
    if not usable:
        return None
    return max(usable, key=lambda pair: (str(pair[1].get("updated_at") or pair[1].get("created_at") or ""),
                                         pair[0]))[1]


def _from_utf16(text: str) -> dict[int, int]:
    return {u: i for i, u in enumerate(_utf16_offsets(text))}


def _label_studio_spans(results: list[Any], text: str, where: str) -> list[Span]:
    back = _from_utf16(text) if any(ord(ch) > 0xFFFF for ch in text) else None
    spans: list[Span] = []
    for result in results:
        if not isinstance(result, dict):
            raise InteropError(f"{where}: result {result!r} is not an object")
        value = result.get("value")
        if result.get("type") not in (None, "labels") or not isinstance(value, dict) or "labels" not in value:
            continue  # relations, text areas and other controls carry no span
        try:
            start, end, labels = value["start"], value["end"], value["labels"]
        except KeyError as exc:
            raise InteropError(f"{where}: region {result.get('id', '?')} has no {exc.args[0]}") from exc
        if not isinstance(labels, list) or len(labels) != 1:
            raise InteropError(f"{where}: region {result.get('id', '?')} must carry exactly one label, "
                               f"found {labels!r}")
        region_text = value.get("text")
        if back is not None and start in back and end in back:
            converted = back[start], back[end]
            # Prefer the reading whose slice is the region's own text (a tool may count code points).
            if region_text is None or text[converted[0]:converted[1]] == region_text \
                    or text[start:end] != region_text:
                start, end = converted
        score = result.get("score")
        if score is not None and not isinstance(score, (int, float)):
            raise InteropError(f"{where}: region {result.get('id', '?')} has a non-numeric score {score!r}")
        spans.append(_span(start, end, labels[0], text, where, 1.0 if score is None else float(score),
                           region_text if isinstance(region_text, str) else None))
    return spans


def import_label_studio(path: Path) -> list[AnnotatedDocument]:
    """Read a Label Studio JSON export (a task list) into documents.

    Each task's spans come from its latest annotation that was not cancelled; a task
    with none takes its latest prediction (scores kept). Our keys are read from
    ``data`` (``doc_id`` is accepted for ``id``; a task without either is named after
    Label Studio's task id).
    """
    tasks = _read_json(path)
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise InteropError(f"{path}: expected a list of tasks")
    docs: list[AnnotatedDocument] = []
    for n, task in enumerate(tasks, 1):
        where = f"{path}: task {n}"
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict) \
                or not isinstance(task["data"].get("text"), str):
            raise InteropError(f"{where}: expected {{\"data\": {{\"text\": ...}}}}")
        data = task["data"]
        meta = {key: data[key] for key in META_KEYS if key in data}
        if "id" not in meta:
            fallback = data.get("doc_id", task.get("id"))
            meta["id"] = str(fallback) if fallback is not None else f"label-studio-{n}"
        chosen = _latest(task.get("annotations") or []) or _latest(task.get("predictions") or [])
        results = chosen["result"] if chosen else []
        _record_from_results(results, meta, where)
        docs.append(_document(data["text"], meta, _label_studio_spans(results, data["text"], where), where))
    return docs


# --- pre-annotation and record filling ------------------------------------------------

def preannotate(docs: Iterable[Document], tagger: SpanTagger,
                build_record: Callable[..., ReportRecord] | None = None) -> list[AnnotatedDocument]:
    """Tag read documents with a model, ready for export as pre-annotations.

    Each result keeps the reader's id, source and text, the default split and a note naming
    the model. With ``build_record`` it also carries the record the assembler makes of the
    spans and the format it detected, marked ``FILLED_RECORD_NOTE`` for the annotator to confirm
    or correct; without, an empty record and format "unknown" (the annotator sets it).
    """
    out: list[AnnotatedDocument] = []
    for doc in docs:
        spans = _sorted_spans(tagger.tag(doc))
        annotated = AnnotatedDocument(
            id=doc.id, text=doc.text, spans=tuple(spans), record={}, source=doc.source, origin="real",
            format="unknown", split=default_split(doc.id), notes=(f"pre-annotated by {tagger.name}",))
        if build_record is not None:
            (annotated,), _ = fill_records([annotated], build_record)
        out.append(annotated)
    return out


#: Keys of an assembled record that a gold record does not keep (they belong to a model run).
_RUN_ONLY_KEYS = ("source", "spans", "text_sha256", "model")


def gold_record_from(record: ReportRecord) -> dict[str, Any]:
    """A gold record dict from an assembled record: no run-only keys, no confidences."""
    data = {k: v for k, v in record.to_dict().items() if k not in _RUN_ONLY_KEYS}
    for stat in data.get("statistics", {}).values():
        stat.pop("confidence", None)
        for key in ("text", "source_span"):  # a run's conveniences; gold evidence is offsets
            stat.get("evidence", {}).pop(key, None)
    for other in data.get("other_statistics", []):
        for key in ("text", "source_span"):
            other.get("evidence", {}).pop(key, None)
    return data


def fill_records(docs: Iterable[AnnotatedDocument],
                 build_record: Callable[..., ReportRecord]) -> tuple[list[AnnotatedDocument], int]:
    """Give every document whose record is empty the record the assembler builds from its spans.

    A filled document is marked with the note ``FILLED_RECORD_NOTE`` (a person checks it
    and deletes the note); a document that already has a record is left as it is.
    RETURNS: the documents, and how many were filled.
    """
    out: list[AnnotatedDocument] = []
    filled = 0
    for doc in docs:
        if doc.record:
            out.append(doc)
            continue
        plain = Document(id=doc.id, source=doc.source or doc.id, text=doc.text)
        record = gold_record_from(build_record(plain, list(doc.spans), model=""))
        if doc.format != "unknown":
            record["format"] = doc.format
        out.append(replace(doc, record=record, format=record.get("format") or doc.format,
                           notes=doc.notes + (FILLED_RECORD_NOTE,)))
        filled += 1
    return out, filled
