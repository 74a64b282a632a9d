"""Legacy office files (.doc, .rtf, .odt) through LibreOffice, then the .docx reader.

Many older reports are attached as Word 97–2003 ``.doc``. No well-kept Python library
reads them with their tables, so the file is converted by LibreOffice headless
(Debian: ``apt-get install libreoffice-writer-nogui``; ``make setup-system`` installs it)
and read by ``read_docx``: paragraphs, tables as tab-separated rows, as for a ``.docx``.
Without LibreOffice the file fails with ReadError kind "unsupported" naming what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from gik_nlp.readers.docx import read_docx
from gik_nlp.readers.text import ReadError, gb_common_share

#: Seconds one conversion may take before it is abandoned (a damaged file can hang the converter).
CONVERT_TIMEOUT_S = 120

#: LibreOffice imports any bytes as text; converted text whose non-ASCII characters are mostly
#: outside common GB2312 (a damaged Word file read as UTF-16) is garbage, not a report.
MIN_COMMON_SHARE = 0.5

INSTALL_HINT = "install LibreOffice (Debian: apt-get install libreoffice-writer-nogui) to read it"

#: Extensions converted this way.
CONVERTED = (".doc", ".rtf", ".odt")


def soffice() -> str | None:
    """The LibreOffice binary, or None when it is not installed ($GIK_SOFFICE names another one)."""
    named = os.environ.get("GIK_SOFFICE")
    if named:
        return shutil.which(named)
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, name: str) -> bytes:
    """Convert a legacy office file's bytes to .docx bytes with LibreOffice headless.

    Raises ReadError: "unsupported" without LibreOffice, "corrupt" when it cannot convert the file.
    """
    binary = soffice()
    if binary is None:
        raise ReadError(name, "unsupported", f"a {Path(name).suffix.lower() or 'legacy'} file needs a converter: "
                                             f"{INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="gik-convert-") as tmp:
        source = Path(tmp) / ("input" + (Path(name).suffix.lower() or ".doc"))
        source.write_bytes(data)
        # A profile of its own: two conversions at once must not share LibreOffice's lock.
        profile = Path(tmp, "profile").as_uri()
        command = [binary, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, str(source)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ReadError(name, "corrupt", f"LibreOffice did not convert it within {CONVERT_TIMEOUT_S} s") from exc
        target = Path(tmp) / "input.docx"
        if done.returncode != 0 or not target.exists():
            said = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            raise ReadError(name, "corrupt", "LibreOffice could not convert the file"
                                             + (f" ({said[-1]})" if said else ""))
        return target.read_bytes()


def read_legacy_office(data: bytes, name: str) -> tuple[str, dict[str, Any]]:
    """A .doc/.rtf/.odt file's bytes → (text, metadata) as ``read_docx`` gives for its conversion."""
    text, metadata = read_docx(to_docx(data, name), name)
    if gb_common_share(text) < MIN_COMMON_SHARE:
        raise ReadError(name, "corrupt", "LibreOffice read the file, but as garbage: it is damaged or not a "
                                         "document")
    return text, {**metadata, "converted_by": "libreoffice"}
