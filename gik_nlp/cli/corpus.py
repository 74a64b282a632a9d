"""`gik corpus`: check, count, export and import the annotated corpus.

    gik corpus check [PATH ...]                       problems, one per line; exit 1 if any
    gik corpus stats [PATH]                           documents, characters, spans, statistics
    gik corpus export --to doccano|label-studio -o FILE [PATH]
    gik corpus import FILE --from doccano|label-studio [-o corpus/real] [--fill-records] [--split train]
    gik corpus build DRAFT_DIR OUT_DIR [--split-file corpus/splits/openings.tsv]

Documents whose text lives outside the repository (``text_ref``) read it from ``--texts
ROOT=DIR`` (repeatable), $GIK_TEXTS, or ../shared/real/<root>; those whose text is missing
are skipped and counted (gik_nlp/corpus/texts.py).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from gik_nlp.cli.conventions import EXIT_FAILED, error, fail

DEFAULT_CORPUS = Path("corpus")
DEFAULT_IMPORT_DIR = DEFAULT_CORPUS / "real"
TOOLS = ("doccano", "label-studio")
DEFAULT_SPLIT_FILE = DEFAULT_CORPUS / "splits" / "openings.tsv"


def add_texts_option(parser: argparse.ArgumentParser) -> None:
    """``--texts ROOT=DIR`` (repeatable): where by-reference corpus texts are read from."""
    parser.add_argument("--texts", action="append", default=[], metavar="ROOT=DIR",
                        help="folder of a by-reference text root (repeatable; DIR alone: a folder holding "
                             "root folders); then $GIK_TEXTS, then (in a checkout) ../shared/real/<root>")


def text_roots(args: argparse.Namespace):  # -> corpus.texts.TextRoots
    """The TextRoots of a command's ``--texts`` flags, $GIK_TEXTS and the defaults."""
    from gik_nlp.corpus.texts import TextRoots

    return TextRoots.default(getattr(args, "texts", None) or ())


def report_skipped(skipped: list, stream=None) -> None:
    """Print how many documents were skipped for a missing text, and where they were looked for."""
    from gik_nlp.corpus.texts import skipped_summary

    line = skipped_summary(skipped)
    if line:
        print(line, file=stream or sys.stdout)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "corpus", help="check, count, export and import the annotated corpus",
        description="Check, count, export and import the annotated corpus (docs/corpus.md).")
    actions = parser.add_subparsers(dest="corpus_command", metavar="ACTION")

    check = actions.add_parser("check", help="list every problem of the corpus; exit 1 if there is one")
    check.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_CORPUS],
                       help="corpus folders or files (default: corpus/)")
    add_texts_option(check)

    stats = actions.add_parser("stats", help="count documents, characters, spans and statistics")
    stats.add_argument("path", nargs="?", type=Path, default=DEFAULT_CORPUS,
                       help="corpus folder or file (default: corpus/)")
    stats.add_argument("--documents", action="store_true", help="also list every document")
    add_texts_option(stats)

    export = actions.add_parser("export", help="write the corpus for doccano or Label Studio")
    export.add_argument("path", nargs="?", type=Path, default=DEFAULT_CORPUS,
                        help="corpus folder or file (default: corpus/)")
    export.add_argument("--to", required=True, choices=TOOLS, help="the annotation tool")
    export.add_argument("-o", "--output", required=True, type=Path, help="file to write")
    export.add_argument("--as-predictions", action="store_true",
                        help="label-studio: spans as predictions to correct, not as finished annotations")
    add_texts_option(export)

    imp = actions.add_parser("import", help="read a doccano or Label Studio export into corpus files")
    imp.add_argument("file", type=Path, help="the tool's export")
    imp.add_argument("--from", choices=TOOLS, dest="tool", help="which tool wrote it (required)")
    imp.add_argument("--format", choices=TOOLS, dest="tool", help=argparse.SUPPRESS)  # the old spelling
    imp.add_argument("-o", "--output", dest="out", type=Path, default=DEFAULT_IMPORT_DIR,
                     help="folder for the documents, one <id>.json each (default: corpus/real)")
    imp.add_argument("--out", dest="out", type=Path, help=argparse.SUPPRESS)  # the old spelling
    imp.add_argument("--fill-records", action="store_true",
                     help="give documents without a record the assembler's record, marked for checking")
    imp.add_argument("--split", choices=("train", "dev", "test"), default=None,
                     help="put every imported document in this split (default: the export's split, else one "
                          "from a hash of the id)")

    approve = actions.add_parser(
        "approve", help="mark records the assembler filled as checked (after reading them against the text)",
        description="Remove the note 'record filled by the assembler: check it' from these documents once a "
                    "person has checked their record (the alternative to confirming it in Label Studio).")
    approve.add_argument("files", nargs="+", type=Path, help="corpus document files (.json)")

    build = actions.add_parser(
        "build", help="annotation drafts of texts kept outside the repository → by-reference documents",
        description="Turn annotation drafts (scripts/annot.py's format: spans as [label, string, n]) into "
                    "corpus documents that reference their text (text_ref) instead of holding it.")
    build.add_argument("draft_dir", type=Path, help="folder of draft JSON files")
    build.add_argument("out_dir", type=Path, help="folder for the documents, <root>-<id>.json each")
    build.add_argument("--split-file", type=Path, default=DEFAULT_SPLIT_FILE,
                       help=f"the fixed split (id<TAB>split lines; default {DEFAULT_SPLIT_FILE}); "
                            "ids absent from it keep the draft's split or none")
    add_texts_option(build)


def run(args: argparse.Namespace) -> int:
    command = getattr(args, "corpus_command", None)
    if command == "check":
        return _check(args.paths, text_roots(args))
    if command == "stats":
        return _stats(args.path, args.documents, text_roots(args))
    if command == "export":
        return _export(args.path, args.to, args.output, args.as_predictions, text_roots(args))
    if command == "build":
        return _build(args.draft_dir, args.out_dir, args.split_file, text_roots(args))
    if command == "approve":
        return _approve(args.files)
    if command == "import":
        if args.tool is None:
            return fail("corpus import", f"say which tool wrote it: --from {'|'.join(TOOLS)}", args.file)
        return _import(args.file, args.tool, args.out, args.fill_records, args.split)
    return fail("corpus", "name an action: check, stats, export, import, approve or build (see gik corpus --help)")


def _approve(files: list[Path]) -> int:
    """Drop FILLED_RECORD_NOTE from each document file; the file is otherwise left as written."""
    import json

    from gik_nlp.corpus.validate import FILLED_RECORD_NOTE

    failed = 0
    for path in files:
        try:
            original = path.read_text(encoding="utf-8")
            data = json.loads(original)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            failed += 1
            fail("corpus approve", f"cannot read ({exc})", path, EXIT_FAILED)
            continue
        if not isinstance(data, dict) or not isinstance(data.get("notes", []), list):
            failed += 1
            fail("corpus approve", "not a corpus document (one JSON object with notes)", path, EXIT_FAILED)
            continue
        if FILLED_RECORD_NOTE not in data.get("notes", []):
            print(f"{path}: nothing to approve")
            continue
        notes = [n for n in data["notes"] if n != FILLED_RECORD_NOTE]
        # rewrite the notes line only, so the file keeps format.dumps's layout (small diffs)
        lines = original.splitlines(keepends=True)
        at = [i for i, line in enumerate(lines) if line.lstrip().startswith('"notes":')]
        if len(at) == 1:
            line = lines[at[0]]
            indent = line[:len(line) - len(line.lstrip())]
            comma = "," if line.rstrip().endswith(",") else ""
            lines[at[0]] = f'{indent}"notes": {json.dumps(notes, ensure_ascii=False)}{comma}\n'
            text = "".join(lines)
        else:
            text = json.dumps(dict(data, notes=notes), ensure_ascii=False, indent=1) + "\n"
        path.write_text(text, encoding="utf-8")
        print(f"{path}: record approved")
    return EXIT_FAILED if failed else 0


def _check(paths: list[Path], texts=None) -> int:
    from gik_nlp.corpus.validate import check_corpus
    from gik_nlp.schema import LABELS

    docs, problems, skipped = [], [], []
    for path in paths:
        found, found_problems = check_corpus(path, texts, skipped)
        docs.extend(found)
        problems.extend(found_problems)
    problems.extend(_split_problems(docs, DEFAULT_SPLIT_FILE))
    for problem in problems:
        print(problem)
    spans = Counter({label: 0 for label in LABELS})
    for doc in docs:
        spans.update(span.label for span in doc.spans)
    print(f"{len(docs)} documents; spans: " + ", ".join(f"{label} {n}" for label, n in spans.items())
          + f"; {len(problems)} problems"
          + (" (" + ", ".join(f"{kind} {n}" for kind, n in sorted(Counter(p.kind for p in problems).items()))
             + ")" if problems else ""))
    report_skipped(skipped)
    return 1 if problems else 0


def _split_problems(docs: list, split_file: Path) -> list:
    """A document listed in the fixed split file (docs/evaluation.md) must carry the split it fixes."""
    from gik_nlp.corpus.format import CorpusError
    from gik_nlp.corpus.split import read_split_file
    from gik_nlp.corpus.validate import Problem

    if not split_file.is_file():
        return []
    try:
        fixed = read_split_file(split_file)
    except CorpusError as exc:
        return [Problem(str(split_file), "", "split", str(exc))]
    return [Problem(doc.source or doc.id, doc.id, "split", f"split is {doc.split!r} but {split_file} fixes "
                                                           f"{fixed[doc.id]!r}")
            for doc in docs if doc.id in fixed and doc.split != fixed[doc.id]]


def _stats(path: Path, per_document: bool, texts=None) -> int:
    from gik_nlp.corpus.validate import check_corpus, corpus_stats

    skipped: list = []
    docs, problems = check_corpus(path, texts, skipped)
    unreadable = [p for p in problems if p.kind == "unreadable"]
    for problem in unreadable:
        print(problem, file=sys.stderr)
    stats = corpus_stats(docs)
    per_1000 = stats.spans_per_1000_chars()
    counts = sorted(stats.statistics.values())
    print(f"documents: {stats.documents}")
    for name, table in (("origin", stats.by_origin), ("format", stats.by_format), ("split", stats.by_split)):
        print(f"  by {name}: " + (", ".join(f"{k} {v}" for k, v in table.items()) or "-"))
    print(f"characters: {stats.characters}")
    print("spans (per 1,000 characters):")
    for label, n in stats.spans.items():
        print(f"  {label:<11} {n:>7} ({per_1000[label]:.2f})")
    print(f"  {'total':<11} {sum(stats.spans.values()):>7}")
    if counts:
        mean = sum(counts) / len(counts)
        print(f"statistics per document: mean {mean:.1f}, min {counts[0]}, max {counts[-1]}, "
              f"total {sum(counts)}")
    print(f"STAT_VALUE spans no statistic points to: {stats.unused_values}")
    report_skipped(skipped)
    if per_document:
        print("documents (id, origin, format, split, characters, spans, statistics):")
        for doc in docs:
            print(f"  {doc.id}\t{doc.origin}\t{doc.format}\t{doc.split}\t{len(doc.text)}\t{len(doc.spans)}\t"
                  f"{stats.statistics.get(doc.id, 0)}")
    return 1 if unreadable else 0


def _export(path: Path, tool: str, output: Path, as_predictions: bool, texts=None) -> int:
    from gik_nlp.corpus.interop import export_doccano, export_label_studio
    from gik_nlp.corpus.validate import check_corpus

    skipped: list = []
    docs, problems = check_corpus(path, texts, skipped)
    report_skipped(skipped, sys.stderr)
    unreadable = [p for p in problems if p.kind == "unreadable"]
    for problem in unreadable:
        print(f"skipped: {problem}", file=sys.stderr)
    if tool == "doccano":
        if as_predictions:
            return fail("corpus export", "--as-predictions applies to label-studio only")
        written = export_doccano(docs, output)
    else:
        written = export_label_studio(docs, output, as_predictions=as_predictions)
    print(f"wrote {written} documents to {output}")
    return 1 if unreadable else 0


def _load_build_record():  # -> Callable[..., ReportRecord]; a seam the tests replace
    from gik_nlp.assemble import build_record

    return build_record


def _file_name(doc_id: str) -> str:
    # An id is a file stem in practice; anything that could leave the folder is replaced.
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in doc_id).lstrip(".")
    return (safe or "document") + ".json"


def _import(file: Path, tool: str, out: Path, fill: bool, split: str | None = None) -> int:
    from dataclasses import replace

    from gik_nlp.corpus.format import save_document
    from gik_nlp.corpus.interop import InteropError, fill_records, import_doccano, import_label_studio
    from gik_nlp.corpus.validate import validate

    try:
        docs = import_doccano(file) if tool == "doccano" else import_label_studio(file)
    except InteropError as exc:  # its message names the file
        return fail("corpus import", str(exc))
    if split is not None:
        docs = [replace(doc, split=split) for doc in docs]
    if fill:
        try:
            build_record = _load_build_record()
        except ImportError as exc:
            return fail("corpus import", "--fill-records needs the record assembler (gik_nlp.assemble.build_record), "
                                         f"which cannot be imported here ({exc}); import without --fill-records "
                                         "and write the records by hand")
        docs, filled = fill_records(docs, build_record)
        print(f"filled the record of {filled} documents (each marked with a note to check it)")
    names: dict[str, str] = {}
    problems = []
    for doc in docs:
        name = _file_name(doc.id)
        if name in names:
            print(error("corpus import", f"documents {names[name]!r} and {doc.id!r} would both be written to "
                                         f"{out / name}; the second is skipped", file), file=sys.stderr)
            continue
        names[name] = doc.id
        path = out / name
        save_document(doc, path)
        problems.extend(validate(doc, str(path)))
    for problem in problems:
        print(problem)
    real = [p for p in problems if p.kind != "unchecked_record"]
    print(f"wrote {len(names)} documents to {out}; {len(problems)} problems"
          + (f" ({len(problems) - len(real)} records to check)" if len(real) != len(problems) else ""))
    return 1 if real else 0


def _build(draft_dir: Path, out_dir: Path, split_file: Path, texts=None) -> int:
    from gik_nlp.corpus.drafts import DraftError, build_drafts
    from gik_nlp.corpus.format import CorpusError
    from gik_nlp.corpus.split import read_split_file

    try:  # a malformed line is refused, naming the file and the line
        splits = read_split_file(split_file) if split_file and split_file.is_file() else {}
    except CorpusError as exc:
        return fail("corpus build", str(exc))
    if not splits:
        print(error("corpus build", "no split file here: documents keep the draft's split or none", split_file),
              file=sys.stderr)
    try:
        result = build_drafts(draft_dir, out_dir, splits, texts)
    except DraftError as exc:  # its message names the file
        return fail("corpus build", str(exc))
    for where, problems in result.refused:
        print(f"{where}: not built: " + "; ".join(problems[:5]))
    report_skipped(result.skipped)
    print(f"built {len(result.written)} documents into {out_dir}; {len(result.refused)} drafts refused; "
          f"splits: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(result.splits.values()).items())))
    return 1 if result.refused else 0
