"""Unannotated report text: what pretraining and distillation read.

``unlabelled_texts(sources, ...)`` reads every report file under the given folders
(txt, html, pdf, docx: gik_nlp.readers), in sorted path order, and leaves out the files a
split list holds out. A split list is the ids-only file of ``gik corpus`` splits
(``corpus/splits/openings.tsv``: ``<root>-<stem><TAB><split>`` lines); the file
``openings/a001.txt`` has the id ``openings-a001``. Texts of the dev and test splits are
left out by default, so that an encoder or a distilled set never saw the reports a
model is chosen or scored on, not even unlabelled.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

#: File types read as reports (others, e.g. README.md or manifest.jsonl, are skipped).
SUFFIXES = (".txt", ".html", ".htm", ".shtml", ".pdf", ".docx")


class SourceError(ValueError):
    """An unlabelled source cannot be used: the message names the path and the reason."""


@dataclass(frozen=True)
class UnlabelledText:
    """One report's normalised text and where it came from."""

    id: str
    path: str
    text: str


def text_id(path: Path) -> str:
    """The corpus id a report file would have: ``<folder>-<stem>``.

    >>> text_id(Path("../shared/real/openings/a001.txt"))
    'openings-a001'
    """
    return f"{path.parent.name}-{path.stem}"


def report_files(sources: Iterable[Path | str]) -> list[Path]:
    """Report files under ``sources`` (folders searched recursively, files taken as they are)."""
    files: list[Path] = []
    for source in sources:
        source = Path(source)
        if source.is_file():
            files.append(source)
        elif source.is_dir():
            files.extend(p for p in sorted(source.rglob("*")) if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            raise SourceError(f"{source}: no such file or folder of unannotated reports")
    return files


def unlabelled_texts(sources: Sequence[Path | str], split_file: Path | str | None = None,
                     exclude_splits: Sequence[str] = ("dev", "test"),
                     exclude_texts: Iterable[str] = ()) -> tuple[list[UnlabelledText], list[str]]:
    """(texts, ids left out): every readable report under ``sources`` but those whose id the
    split list puts in ``exclude_splits`` and those whose text is one of ``exclude_texts``
    (annotated documents, which a model sees with their labels anyway). Unreadable files
    are left out too, with the reason.
    """
    from gik_nlp.readers import read

    from gik_nlp.corpus.format import CorpusError
    from gik_nlp.corpus.split import read_split_file

    held = set()
    if split_file:
        try:
            held = {i for i, split in read_split_file(Path(split_file)).items() if split in exclude_splits}
        except CorpusError as exc:  # the file and line named by the split module
            raise SourceError(str(exc)) from exc
    known = set(exclude_texts)
    texts, left_out = [], []
    for path in report_files(sources):
        doc_id = text_id(path)
        if doc_id in held:
            left_out.append(f"{doc_id} (held-out split)")
            continue
        try:
            text = read(path).text
        except Exception as exc:  # a reader's own error, whatever its type: skip the file, say why
            left_out.append(f"{doc_id} (unreadable: {exc})")
            continue
        if text in known or not text.strip():
            left_out.append(f"{doc_id} ({'annotated' if text in known else 'empty'})")
            continue
        texts.append(UnlabelledText(doc_id, str(path), text))
    return texts, left_out
