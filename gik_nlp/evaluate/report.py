"""Scores as tables: plain text for the terminal, Markdown for docs and the README.

Nothing here computes a score; it lays out ``Evaluation``s, comparisons and
cross-validation summaries. ``replace_section`` writes a block of Markdown between two
marker comments in a file (the README's results section), leaving the rest untouched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any
from pathlib import Path

from gik_nlp.evaluate.errors import FieldError
from gik_nlp.evaluate.metrics import PRF, RecordScores, Scores
from gik_nlp.evaluate.score import Evaluation

__all__ = ["table", "f1_cell", "evaluation_tables", "errors_text", "replace_section", "ReportError",
           "README_START", "README_END", "headline_fields", "scores_test_split"]

README_START = "<!-- results:start -->"
README_END = "<!-- results:end -->"


class ReportError(ValueError):
    """A file cannot take the section: the message names the file and the reason."""


def _width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], markdown: bool = False) -> str:
    """A table; the first column left-aligned, the others right-aligned.

    >>> print(table(["label", "F1"], [["DATE", "0.912"]]))
    label     F1
    DATE   0.912
    >>> print(table(["label", "F1"], [["DATE", "0.912"]], markdown=True))
    | label | F1 |
    |---|---:|
    | DATE | 0.912 |
    """
    body = [[str(c) for c in row] for row in rows]
    if markdown:
        lines = ["| " + " | ".join(headers) + " |", "|---|" + "---:|" * (len(headers) - 1)]
        lines += ["| " + " | ".join(row) + " |" for row in body]
        return "\n".join(lines)
    widths = [max(_width(str(r[i])) for r in [list(headers), *body]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        out = [cells[0] + " " * (widths[0] - _width(cells[0]))]
        out += [" " * (w - _width(c)) + c for c, w in zip(cells[1:], widths[1:])]
        return "  ".join(out).rstrip()

    return "\n".join([line(list(headers)), *(line(r) for r in body)])


def f1_cell(prf: PRF | None) -> str:
    """F1 with three decimals, "—" when there was nothing to score."""
    return "—" if prf is None or prf.empty else f"{prf.f1:.3f}"


def _prf_row(name: str, prf: PRF) -> list[object]:
    if prf.empty:
        return [name, "—", "—", "—", 0, 0]
    return [name, f"{prf.precision:.3f}", f"{prf.recall:.3f}", f"{prf.f1:.3f}", prf.support, prf.tp + prf.fp]


def _macro_row(name: str, macro: dict[str, float]) -> list[object]:
    if not macro["n"]:
        return [name, "—", "—", "—", "", ""]
    return [name, f"{macro['precision']:.3f}", f"{macro['recall']:.3f}", f"{macro['f1']:.3f}",
            f"{int(macro['n'])} keys", ""]


PRF_HEADERS = ("P", "R", "F1", "gold", "pred")


def _scores_table(title: str, scores: Scores, markdown: bool, keys: Iterable[str] | None = None,
                  skip_empty: bool = False) -> str:
    keys = list(scores.per_key) if keys is None else [k for k in keys if k in scores.per_key]
    rows = [_prf_row(k, scores.per_key[k]) for k in keys if not (skip_empty and scores.per_key[k].empty)]
    rows.append(_prf_row("micro", scores.micro))
    rows.append(_macro_row("macro", scores.macro))
    return table([title, *PRF_HEADERS], rows, markdown)


def headline_fields() -> list[str]:
    """The headline statistic ids (fields.yaml ``headline``), comparable across formats."""
    from gik_nlp.schema import HEADLINE

    return list(HEADLINE)


def _heading(text: str, markdown: bool) -> str:
    return f"#### {text}" if markdown else text


def evaluation_tables(ev: Evaluation, markdown: bool = False, all_fields: bool = False) -> str:
    """Every table of one evaluation: spans per label, record fields, statistics, by format."""
    counts = ", ".join(f"{fmt} {len(ev.select(fmt))}" for fmt in ev.formats)
    parts = [_heading(f"{ev.name}: {len(ev.documents)} documents ({counts or 'none'})"
                      + (f", model {ev.model}" if ev.model else ""), markdown)]
    if not ev.documents:
        parts.append("nothing to score.")
    spans = ev.spans()
    if spans is not None:
        parts.append(_scores_table("span label (strict)", spans, markdown))
    records = ev.records()
    if ev.documents:
        parts.append(_scores_table("record field", records.fields, markdown))
        parts.append(_scores_table("statistics family", records.families, markdown))
        heads = [k for k in headline_fields() if not records.statistics.per_key.get(k, PRF()).empty]
        if heads:
            parts.append(_scores_table("headline statistic", Scores(
                {k: records.statistics.per_key[k] for k in heads}), markdown))
        if all_fields:
            parts.append(_scores_table("statistic field", records.statistics, markdown, skip_empty=True))
        parts.append(table(["all fields", *PRF_HEADERS],
                           [_prf_row("micro", records.micro), _macro_row("macro", records.macro)], markdown))
    if len(ev.formats) > 1:
        parts.append(by_format_table(ev, markdown))
    for kind in ("year band", "level"):
        if len(ev.group_values(kind)) > 1:
            parts.append(by_group_table(ev, kind, markdown))
    notes = []
    if ev.missing:
        notes.append(f"no prediction for {len(ev.missing)} document(s), scored as empty: "
                     + ", ".join(ev.missing))
    if ev.unmatched:
        notes.append(f"{len(ev.unmatched)} prediction(s) match no gold document: " + ", ".join(ev.unmatched))
    notes += skipped_notes(ev)
    notes += list(ev.notes)
    if notes:
        parts.append("\n".join(("- " if markdown else "") + n for n in notes))
    return "\n\n".join(parts)


def skipped_notes(ev: Evaluation) -> list[str]:
    """What was skipped: documents whose text is missing in one line (with where it was looked for), the rest one each."""
    missing = [s for s in ev.skipped if s.kind == "text_missing"]
    notes = [f"skipped {s.id}: {s.reason}" for s in ev.skipped if s not in missing]
    if missing:
        looked = sorted({", ".join(s.looked) or "any folder" for s in missing})
        notes.insert(0, f"skipped {len(missing)} document(s) whose text is missing (looked in {'; '.join(looked)}; "
                        "give --texts ROOT=DIR or $GIK_TEXTS): " + ", ".join(s.id for s in missing[:10])
                     + (", …" if len(missing) > 10 else ""))
    return notes


#: The columns of ``by_format_table`` and ``by_group_table`` after the first (the format or group value).
_F1_COLUMNS = ["docs", "span F1", "record fields F1", "statistics F1", "all fields F1"]


def _f1_row(name: str, docs: int, spans: Scores | None, records: RecordScores) -> list[Any]:
    """A row of ``_F1_COLUMNS``: micro F1 of spans, record fields, statistics and all fields."""
    return [name, docs, f1_cell(spans.micro if spans else None), f1_cell(records.fields.micro),
            f1_cell(records.statistics.micro), f1_cell(records.micro)]


def by_group_table(ev: Evaluation, kind: str, markdown: bool = False) -> str:
    """Micro F1 per value of a grouping ("year band", "level"), like ``by_format_table``."""
    subsets = [(value, ev.subset(kind, value)) for value in ev.group_values(kind)]
    rows = [_f1_row(value, len(sub.documents), sub.spans(), sub.records()) for value, sub in subsets]
    return table([kind, *_F1_COLUMNS], rows, markdown)


def by_format_table(ev: Evaluation, markdown: bool = False) -> str:
    """Micro F1 per report format: spans, record fields, statistics, all fields."""
    rows = [_f1_row(fmt or "all", len(ev.select(fmt)), ev.spans(fmt), ev.records(fmt))
            for fmt in [*ev.formats, None]]
    return table(["format", *_F1_COLUMNS], rows, markdown)


def _short(value: object, limit: int = 40) -> str:
    text = "—" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def errors_text(errors: Sequence[FieldError], limit: int | None = 50) -> str:
    """The error listing, one block per field: kind, gold vs predicted, and the text around each."""
    if not errors:
        return "no errors."
    shown = errors if limit is None else errors[:limit]
    lines = []
    for e in shown:
        name = f" ({e.name})" if e.name else ""
        lines.append(f"{e.document}  {e.field}{name}  {e.kind}: gold {_short(e.gold)} | predicted {_short(e.predicted)}")
        if e.gold_evidence:
            lines.append(f"    gold:      {e.gold_evidence}")
        if e.predicted_evidence:
            lines.append(f"    predicted: {e.predicted_evidence}")
    if limit is not None and len(errors) > limit:
        lines.append(f"… {len(errors) - limit} more (all of them are in the JSON output, under 'errors')")
    return "\n".join(lines)


def replace_section(path: Path, content: str, start: str = README_START, end: str = README_END) -> None:
    """Put ``content`` between the ``start`` and ``end`` markers of ``path`` (markers kept)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"{path}: cannot read ({exc})") from exc
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise ReportError(f"{path}: no results section; add the lines {start} and {end} where the table goes")
    path.write_text(pattern.sub(lambda _: f"{start}\n{content.strip()}\n{end}", text, count=1), encoding="utf-8")


# --- the results section: README and docs/results.md ------------------------------------

#: Row of a results table: (group, key); groups "span", "field", "family", "headline", "all".
Row = tuple[str, str]


def _row_name(row: Row) -> str:
    group, key = row
    return {"span": f"span {key}", "field": key, "family": f"{key}.*", "headline": key,
            "all": f"all fields {key}"}[group]


def _evaluation_prf(ev: Evaluation, fmt: str | None, row: Row) -> PRF | None:
    group, key = row
    if group == "span":
        spans = ev.spans(fmt)
        if spans is None:
            return None
        return spans.micro if key == "micro" else spans.per_key.get(key)
    records = ev.records(fmt)
    if group == "field":
        return records.fields.per_key.get(key)
    if group == "family":
        return records.families.per_key.get(key)
    if group == "headline":
        return records.statistics.per_key.get(key)
    return records.micro


def _cv_cell(summary: dict, row: Row) -> str:
    group, key = row
    if group == "span" and key == "micro":
        entry = summary["micro"]["spans"]
    elif group == "all":
        entry = summary["micro"]["records"]
    else:
        entry = summary.get({"span": "spans", "field": "fields", "family": "families",
                             "headline": "headline"}[group], {}).get(key)
    if not entry or not entry.get("n"):
        return "—"
    return f"{entry['mean']:.2f} ± {entry['std']:.2f}"


def _rows(evaluations: Sequence[Evaluation], crossvals: Sequence[dict], headline: bool) -> list[Row]:
    from gik_nlp.schema import LABELS

    from gik_nlp.evaluate.metrics import RECORD_FIELDS

    rows: list[Row] = [("span", label) for label in LABELS] + [("span", "micro")]
    rows += [("field", name) for name in RECORD_FIELDS]
    families: dict[str, None] = {}
    heads: dict[str, None] = {}
    for ev in evaluations:
        records = ev.records()
        families.update({k: None for k, v in records.families.per_key.items() if not v.empty})
        heads.update({k: None for k in headline_fields() if not records.statistics.per_key.get(k, PRF()).empty})
    for summary in crossvals:
        families.update({k: None for k in summary.get("families", {})})
        heads.update({k: None for k in summary.get("headline", {})})
    rows += [("family", k) for k in sorted(families)]
    if headline:
        rows += [("headline", k) for k in headline_fields() if k in heads]
    rows.append(("all", "micro"))
    return rows


def results_table(evaluations: Sequence[Evaluation], crossvals: Sequence[dict] = (), headline: bool = False) -> str:
    """F1 per span label, record field and statistics family (rows) per set and format (columns).

    crossvals: leave-one-out results (``{"config", "summary"}`` as ``gik evaluate
    --cross-validate`` writes them), shown first as mean ± std over their folds.
    """
    columns: list[tuple[str, Any]] = []
    # The held-out sets come first (the real test split, then the model it is compared with);
    # a set of several formats is one column here (its by-format tables are in results.md).
    for ev in evaluations:
        if len(ev.formats) > 1:
            columns.append((f"{ev.name} (n={len(ev.documents)})",
                            lambda row, ev=ev: f1_cell(_evaluation_prf(ev, None, row))))
            continue
        for fmt in ev.formats:
            def cell(row: Row, ev: Evaluation = ev, fmt: str = fmt) -> str:
                return f1_cell(_evaluation_prf(ev, fmt, row))
            columns.append((f"{ev.name}, {fmt} (n={len(ev.select(fmt))})", cell))
    for crossval in crossvals:
        summary = crossval["summary"]
        n = len(summary.get("folds", []))
        config = Path(str(crossval.get("config", ""))).stem
        formats = "/".join((crossval.get("pooled") or {}).get("by_format", {}))
        real = f"real {formats}" if formats else "real"
        columns.append((f"{real}, leave-one-out, {config} ({n} folds, mean ± std)",
                        lambda row, summary=summary: _cv_cell(summary, row)))
    summaries = [c["summary"] for c in crossvals]
    rows = [[_row_name(row), *(fn(row) for _, fn in columns)] for row in _rows(evaluations, summaries, headline)]
    return table(["F1", *(name for name, _ in columns)], rows, markdown=True)


def curve_table(curve: dict) -> str:
    """The learning curve: per k, record F1 (and span F1 where spans are annotated) on each test set."""
    points = curve.get("points", [])
    if not points:
        return "no points."
    names = list(points[0]["sets"])
    rows = []
    for point in points:
        cells: list[object] = [point["k"]]
        for name in names:
            s = point["sets"].get(name, {})
            if not s.get("documents"):
                cells.append("—")
                continue
            span = f"spans {s['span_f1']:.2f} / " if s.get("span_f1") is not None else ""
            cells.append(f"{span}records {s['record_f1']:.2f}")
        rows.append(cells)
    headers = [f"k ({curve.get('held_out_format', '')} examples)"]
    headers += [f"{n} ({points[0]['sets'][n].get('documents', 0)} docs)" for n in names]
    return table(headers, rows, markdown=True)


def bench_lines(bench: dict, prefix: str = "") -> str:
    """Bench figures as a short list: whatever bench/run.py wrote, numbers and short strings,
    one level of nesting per benchmark (``tagging.chars_per_s``).

    >>> print(bench_lines({"machine": "x86_64", "tagging": {"chars_per_s": 71234, "rss_gb": 0.71}}))
    - machine: x86_64
    - tagging.chars_per_s: 71,234
    - tagging.rss_gb: 0.71
    """
    lines = []
    for key, value in bench.items():
        key = f"{prefix}{key}"
        if isinstance(value, dict) and not prefix:
            lines.append(bench_lines(value, f"{key}."))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            shown = f"{value:,}" if isinstance(value, int) else f"{value:,.2f}" if abs(value) < 10 else f"{value:,.1f}"
            lines.append(f"- {key}: {shown}")
        elif isinstance(value, str) and len(value) < 80:
            lines.append(f"- {key}: {value}")
    return "\n".join(line for line in lines if line)


def _budget_note(results: dict) -> str:
    """A reduced transformer config is far from converged: say so next to its figures."""
    config = results.get("config")
    try:
        from gik_nlp.tagging.config import TrainConfig

        train = TrainConfig.from_file(Path(str(config)))
    except Exception:  # noqa: BLE001 - a note, never a reason to fail the report
        return ""
    if train.kind != "transformer":
        return ""
    return (f" Its character BERT trains {train.epochs} epochs on {train.data.synthetic_docs} synthetic reports "
            "(a budget of minutes per fold): far from converged, a floor for the model family, not the figure "
            "of a fully trained model.")


def readme_section(evaluations: Sequence[Evaluation], command: str, crossvals: Sequence[dict] = (),
                   curves: Sequence[dict] = (), bench: dict | None = None, details: str = "docs/results.md") -> str:
    """The README's results section: the command, one F1 table, the learning curve, the bench figures."""
    models = sorted({ev.model for ev in evaluations if ev.model})
    parts = [f"Reproduce with `make eval` (`{command}`); every table, the per-field scores and the error "
             f"listings (all but the test split's, which is scored to report, not to tune on) are in "
             f"[{details}]({details}), the rules in [docs/evaluation.md](docs/evaluation.md)."]
    if models:
        parts.append("Model: " + ", ".join(f"`{m}`" for m in models) + ". F1 of strict spans, record fields "
                     "and statistics (a statistic is right when its value is); — = nothing to score.")
    parts.append(results_table(evaluations, crossvals))
    notes = []
    for ev in evaluations:
        if ev.name.startswith("real test split") and "previous model" not in ev.name and ev.documents:
            notes.append(f"{ev.name}: {len(ev.documents)} real reports held out by the fixed split of "
                         "docs/evaluation.md (stratified by format and year band, decided before annotation); "
                         "rules and models were tuned on train and dev only. By format, year band and level: "
                         "docs/results.md.")
        elif "previous model" in ev.name:
            notes.append(f"{ev.name}: the model shipped before the real openings were annotated (trained on the "
                         "5 seeds and synthetic reports), scored on the same documents with the same assembler.")
    for crossval in crossvals:
        notes.append(f"Leave-one-out, `{crossval.get('config')}`: one model per real annotated (pre-2019) report, "
                     "trained with that reduced config on synthetic reports plus the other real ones, scored on "
                     "the report left out; mean ± sample std over the folds that had the item. The assembler's "
                     "rules were written while reading these reports: their record figures are optimistic."
                     + _budget_note(crossval))
    if any(ev.documents and all(d.spans is None for d in ev.documents) for ev in evaluations):
        notes.append("Gold record files (eval/gold) describe real reports whose text stays outside the repository: "
                     "never trained on, scored on their records only (no span annotation); the assembler's "
                     "authors could read them, so they are not blind to its rules.")
    if any(ev.documents and all(d.origin == "synthetic" for d in ev.documents) for ev in evaluations):
        notes.append("Synthetic reports are generated with a seed no training run uses (`gik_nlp.synth`): held out, "
                     "but drawn from the distribution the model was trained on.")
    for ev in evaluations:
        notes += [f"{ev.name}: {n}" for n in skipped_notes(ev)]
        if not ev.documents:
            notes.append(f"{ev.name}: no documents." + "".join(f" {n}" for n in ev.notes))
    if notes:
        parts.append("\n".join(f"- {n}" for n in notes))
    for curve in curves:
        parts.append(f"Learning curve ({_held_out_words(curve)}, then k synthetic "
                     f"{curve.get('held_out_format')} examples added; `{curve.get('command', '')}`):")
        parts.append(curve_table(curve))
    if bench:
        parts.append("Speed and memory (`make bench`):\n\n" + bench_lines(bench))
    return "\n\n".join(parts)


def scores_test_split(ev: Evaluation) -> bool:
    """Whether ``ev`` scores any document of a corpus's test split (a whole split, a ``--docs``
    choice or a noisy copy of one): its errors are then kept out of published files."""
    return any(d.split == "test" for d in ev.documents)


def results_document(evaluations: Sequence[Evaluation], command: str, crossvals: Sequence[dict] = (),
                     curves: Sequence[dict] = (), errors: int = 40) -> str:
    """docs/results.md: every table of every set, the cross-validation in full, the learning curve."""
    parts = ["# Results", f"Made by `{command}` (`make eval`); the scoring rules are in "
             "[evaluation.md](evaluation.md). This file is rewritten by every run."]
    parts.append("## Summary\n\n" + results_table(evaluations, crossvals, headline=True))
    for ev in evaluations:
        parts.append(f"## {ev.name}\n\n" + evaluation_tables(ev, markdown=True))
        shareable = ev.shareable_errors()  # no text of reports that may not enter the repository
        if shareable and scores_test_split(ev):
            parts.append(f"Errors: {len(shareable)}, not listed in this file: the test split is scored to "
                         "report, not to tune on (`gik evaluate` prints them where they are needed).")
        elif shareable:
            parts.append(f"Errors (first {min(errors, len(shareable))} of {len(shareable)}):\n\n```\n"
                         + errors_text(shareable, limit=errors) + "\n```")
    parts += [crossval_markdown(crossval) for crossval in crossvals]
    parts += ["## Learning curve: " + _held_out_words(curve) + "\n\n" + curve_markdown(curve) for curve in curves]
    return "\n\n".join(parts) + "\n"


def crossval_markdown(crossval: dict) -> str:
    """The cross-validation section: how it was run, per-fold figures, mean ± std and pooled F1."""
    summary = crossval["summary"]
    protocol = crossval.get("protocol") or {"kind": "leave-one-out"}
    if protocol["kind"] == "k-fold":
        title = f"Cross-fitting (the {protocol['split']} split in {protocol['folds']} folds)"
        how = (f"Each fold's model trains on the synthetic reports of the config, the seeds and the other folds "
               f"of the {protocol['split']} split, and scores the fold it did not see.")
    else:
        title = "Cross-validation (leave one real report out)"
        how = ("Each fold trains on the synthetic reports of the config plus every other real report, and is "
               "scored on the one left out.")
    parts = [f"## {title}, {crossval.get('config')}",
             f"Command: `{crossval.get('command', '')}`; config `{crossval.get('config')}`; "
             f"run {crossval.get('created', '')}. {how} mean ± std: over the folds "
             "in which the item had a gold or predicted value (n); pooled: the folds' counts summed."]
    parts.append(table(["held out", "train s", "span F1", "record F1"],
                       [[f["held_out"], f["train_seconds"], f"{f['span_f1']:.3f}", f"{f['record_f1']:.3f}"]
                        for f in summary["folds"]], markdown=True))
    for title, key in (("span label", "spans"), ("record field", "fields"), ("statistics family", "families"),
                       ("headline statistic", "headline")):
        entries = summary.get(key, {})
        if not entries:
            continue
        rows = [[k, f"{e['mean']:.3f} ± {e['std']:.3f}", e["n"], f"{e['pooled']['f1']:.3f}",
                 e["pooled"]["tp"] + e["pooled"]["fn"]] for k, e in entries.items()]
        parts.append(table([title, "F1 mean ± std", "n", "pooled F1", "gold"], rows, markdown=True))
    micro = summary["micro"]
    parts.append(table(["micro", "F1 mean ± std", "n", "pooled F1"],
                       [[k, f"{v['mean']:.3f} ± {v['std']:.3f}", v["n"], f"{v['pooled']['f1']:.3f}"]
                        for k, v in micro.items()], markdown=True))
    return "\n\n".join(parts)


def _held_out_words(curve: dict) -> str:
    formats = [curve.get("held_out_format"), *curve.get("also_held_out", [])]
    config = Path(str(curve.get("config", ""))).stem
    return (" and ".join(f"{f} format" for f in formats) + " held out of training"
            + (f", {config}" if config else ""))


def curve_markdown(curve: dict) -> str:
    formats = [curve.get("held_out_format"), *curve.get("also_held_out", [])]
    return (f"Command: `{curve.get('command', '')}`; config `{curve.get('config')}`; run {curve.get('created', '')}. "
            f"Training: the config's synthetic reports with every {'/'.join(map(str, formats))}-format report "
            "removed (tables and prose), the real corpus, and k synthetic examples of the "
            f"{curve.get('held_out_format')} format standing in "
            "for annotated ones (real texts of the format may not enter the repository). "
            "\"real seeds\" were in every training set: that column only shows nothing got worse.\n\n"
            + curve_table(curve))
