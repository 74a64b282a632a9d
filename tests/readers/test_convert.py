"""Legacy Word through LibreOffice: a .doc gives the same record as the .docx it was saved from."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest

from gik_nlp.readers import ReadError, read, read_bytes
from gik_nlp.readers.convert import soffice

needs_soffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed "
                                                             "(make setup installs libreoffice-writer-nogui)")


def _save_as(docx: bytes, extension: str, tmp_path: Path) -> Path:
    source = tmp_path / "report.docx"
    source.write_bytes(docx)
    subprocess.run([soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", extension, "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    return tmp_path / f"report.{extension}"


@needs_soffice
@pytest.mark.slow
def test_convert_doc_gives_the_docx_record(tmp_path: Path) -> None:
    from gik_nlp.pipeline import default_model_dir, extract
    from gik_nlp.synth.config import SynthConfig
    from gik_nlp.synth.files import render_docx
    from gik_nlp.synth.generate import build
    from gik_nlp.tagging import load_tagger

    rng = random.Random("gik-doc-test")
    config = SynthConfig.from_dict({"formats": {"pre2019_table": 0, "short_annex": 0, "prose": 0,
                                                "national_2019": 0, "national_2021": 1}})
    _, blocks = build(rng, config)
    docx_path = tmp_path / "report.docx"
    docx_path.write_bytes(render_docx(blocks, rng))
    (tmp_path / "out").mkdir()
    doc_path = _save_as(docx_path.read_bytes(), "doc", tmp_path / "out")
    assert doc_path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE2 (Word 97-2003) file
    tagger = load_tagger(default_model_dir())
    from_docx = extract(docx_path, tagger).to_dict()
    from_doc = extract(doc_path, tagger).to_dict()
    assert read(doc_path).metadata["reader"] == "office"
    assert len(from_docx["statistics"]) >= 50  # a 2021 report with its tables
    for key in ("title", "agency", "year", "format", "doc_number", "published", "period", "cited_documents",
                "statistics", "other_statistics", "warnings"):
        assert from_doc[key] == from_docx[key], key


def test_convert_without_libreoffice_names_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIK_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(ReadError) as caught:
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "old.doc")
    assert caught.value.kind == "unsupported"
    assert str(caught.value) == ("old.doc: a .doc file needs a converter: install LibreOffice "
                                 "(Debian: apt-get install libreoffice-writer-nogui) to read it")


@needs_soffice
def test_convert_damaged_doc_is_named() -> None:
    with pytest.raises(ReadError) as caught:
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4, "broken.doc")
    assert caught.value.kind == "corrupt"
    assert str(caught.value).startswith("broken.doc: ")
