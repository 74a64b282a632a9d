"""Texts by reference: corpus documents whose text stays outside the repository.

A document of real reports that may be read but not copied (``../shared/real``) carries
``text_ref`` instead of ``text``::

    "text_ref": {"root": "openings", "file": "a001.txt", "sha256": "<sha256 of the raw file>"}

and ``text_sha256``, the hash of the normalised text its offsets refer to. The text is the
raw file read as UTF-8 and normalised (``readers.normalize``), as the annotation tool
showed it. A root name resolves to a folder, first match wins:

1. ``--texts ROOT=DIR`` (repeatable; ``--texts DIR`` names a folder holding root folders);
2. the environment variable ``GIK_TEXTS``, entries of the same form separated by ``os.pathsep``;
3. ``../shared/real/<root>`` beside the repository — a fallback only when the package runs from
   a checkout (``resources.in_repository``); an installed package never looks there.

A file found in none of them skips the document (``TextMissing``; the commands say how many
and where they looked); a file whose sha256 differs is refused (``TextAltered``, naming it).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from gik_nlp.corpus.format import CorpusError
from gik_nlp.resources import REPO_ROOT, in_repository

#: The environment variable naming text roots (``ROOT=DIR`` or ``DIR`` entries, os.pathsep-separated).
ENV_VAR = "GIK_TEXTS"
#: Folders holding root folders by default: ../shared/real beside the repository, and only when the
#: package runs from a checkout (resources.in_repository); installed, texts come from flags or $GIK_TEXTS.
DEFAULT_PARENTS = (REPO_ROOT.parent / "shared" / "real",) if in_repository() else ()


class TextMissing(CorpusError):
    """A referenced text is not on this machine: the document is skipped, not refused."""

    def __init__(self, doc_id: str, where: str, ref: Mapping[str, Any], looked: tuple[Path, ...]):
        self.doc_id, self.where, self.ref, self.looked = doc_id, where, dict(ref), looked
        super().__init__(f"{where}: {doc_id}: text {ref.get('root')}/{ref.get('file')} not found "
                         f"(looked in {', '.join(str(p) for p in looked) or 'no folder'})")


class TextAltered(CorpusError):
    """A referenced text differs from the one that was annotated: an error naming the file."""


@dataclass(frozen=True)
class TextRoots:
    """Where root names resolve: explicit root folders, then folders holding root folders."""

    roots: Mapping[str, tuple[Path, ...]] = field(default_factory=dict)
    parents: tuple[Path, ...] = ()

    @classmethod
    def parse(cls, entries: list[str] | tuple[str, ...], where: str = "--texts") -> TextRoots:
        """Roots from ``ROOT=DIR`` / ``DIR`` entries.

        >>> TextRoots.parse(["openings=/data/o", "/data/real"]).folders("openings")
        (PosixPath('/data/o'), PosixPath('/data/real/openings'))
        """
        roots: dict[str, list[Path]] = {}
        parents: list[Path] = []
        for entry in entries:
            entry = entry.strip()
            if not entry:
                continue
            name, sep, folder = entry.partition("=")
            if sep:
                if not name or not folder:
                    raise ValueError(f"{where}: {entry!r}: expected ROOT=DIR or DIR")
                roots.setdefault(name, []).append(Path(folder).expanduser())
            else:
                parents.append(Path(entry).expanduser())
        return cls({k: tuple(v) for k, v in roots.items()}, tuple(parents))

    @classmethod
    def default(cls, flags: list[str] | tuple[str, ...] = (), environ: Mapping[str, str] | None = None,
                use_defaults: bool = True) -> TextRoots:
        """Flags first, then $GIK_TEXTS, then ../shared/real beside the repository (in a checkout only)."""
        environ = os.environ if environ is None else environ
        first = cls.parse(list(flags))
        env = cls.parse(environ.get(ENV_VAR, "").split(os.pathsep), ENV_VAR)
        roots: dict[str, tuple[Path, ...]] = dict(first.roots)
        for name, folders in env.roots.items():
            roots[name] = roots.get(name, ()) + folders
        parents = first.parents + env.parents + (DEFAULT_PARENTS if use_defaults else ())
        return cls(roots, tuple(dict.fromkeys(parents)))

    def folders(self, root: str) -> tuple[Path, ...]:
        """The folders a root name may be in, in the order they are tried."""
        return tuple(self.roots.get(root, ())) + tuple(parent / root for parent in self.parents)

    def find(self, root: str, file: str) -> tuple[Path | None, tuple[Path, ...]]:
        """(the file, or None; the folders looked in)."""
        if not root or not file or Path(file).is_absolute() or ".." in Path(file).parts:
            return None, ()
        looked = self.folders(root)
        for folder in looked:
            path = folder / file
            if path.is_file():
                return path, looked
        return None, looked


def resolve_text(data: Mapping[str, Any], texts: TextRoots, where: str = "") -> str:
    """The normalised text a by-reference document points to.

    RAISES: TextMissing when the file is nowhere; TextAltered when its sha256 (raw bytes) or
    the normalised text's sha256 differs from the stored one; CorpusError when text_ref is malformed.
    """
    from gik_nlp.readers.normalize import normalize
    from gik_nlp.types import sha256_text

    doc_id = str(data.get("id", "?"))
    where = where or doc_id
    ref = data.get("text_ref")
    if not isinstance(ref, Mapping) or not all(isinstance(ref.get(k), str) and ref.get(k)
                                               for k in ("root", "file", "sha256")):
        raise CorpusError(f"{where}: {doc_id}: text_ref must be {{root, file, sha256}} strings, found {ref!r}")
    path, looked = texts.find(ref["root"], ref["file"])
    if path is None:
        raise TextMissing(doc_id, where, ref, looked)
    raw = path.read_bytes()
    actual = hashlib.sha256(raw).hexdigest()
    if actual != ref["sha256"]:
        raise TextAltered(f"{where}: {doc_id}: {path} has changed since it was annotated "
                          f"(sha256 {actual[:12]}…, annotated {ref['sha256'][:12]}…)")
    try:
        text = normalize(raw.decode("utf-8"))[0]
    except UnicodeDecodeError as exc:
        raise TextAltered(f"{where}: {doc_id}: {path} is not UTF-8 ({exc})") from exc
    stored = data.get("text_sha256")
    if stored and sha256_text(text) != stored:
        raise TextAltered(f"{where}: {doc_id}: {path} normalises to a different text than was annotated "
                          f"(readers.normalize changed?): text_sha256 {sha256_text(text)[:12]}…, "
                          f"annotated {str(stored)[:12]}…")
    return text


@dataclass(frozen=True)
class SkippedText:
    """A document left out because its text is not on this machine."""

    doc_id: str
    where: str
    file: str
    looked: tuple[Path, ...]

    @classmethod
    def of(cls, exc: TextMissing) -> SkippedText:
        return cls(exc.doc_id, exc.where, f"{exc.ref.get('root')}/{exc.ref.get('file')}", exc.looked)


def skipped_summary(skipped: list[SkippedText] | tuple[SkippedText, ...]) -> str:
    """One line: how many documents were skipped for a missing text, and where the texts were looked for.

    >>> skipped_summary([])
    ''
    >>> skipped_summary([SkippedText("x", "c/x.json", "openings/x.txt", (Path("/t/openings"),))])
    'skipped 1 document whose text is missing (looked in /t/openings; give --texts ROOT=DIR or $GIK_TEXTS)'
    """
    if not skipped:
        return ""
    looked = list(dict.fromkeys(str(p) for s in skipped for p in s.looked))
    noun = "document whose text is" if len(skipped) == 1 else "documents whose texts are"
    return (f"skipped {len(skipped)} {noun} missing (looked in {', '.join(looked) or 'no folder'}; "
            f"give --texts ROOT=DIR or ${ENV_VAR})")


__all__ = ["ENV_VAR", "SkippedText", "TextAltered", "TextMissing", "TextRoots", "resolve_text", "skipped_summary"]
