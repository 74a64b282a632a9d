"""`gik extract` never loses an input: odd file names, FIFOs, devices and symlink loops end as
named errors; a `--workers 2` run killed with SIGKILL at random points and resumed gives exactly
the records of an uninterrupted run, and leaves no process behind."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gik_nlp.corpus.format import load_corpus

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="FIFOs, /proc and kill -9: Linux")


@pytest.fixture(scope="module")
def texts(corpus_dir: Path) -> dict[str, str]:
    return {d.id: d.text for d in load_corpus(corpus_dir / "real")}


def _gik(repo_root: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(repo_root))
    return subprocess.run([sys.executable, "-m", "gik_nlp.cli", *args], capture_output=True, env=env,
                          timeout=timeout, cwd=repo_root)


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_bytes().splitlines()]


def test_extract_batch_names_every_odd_input(tmp_path, repo_root, model_dir, texts) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    first = sorted(texts)[0]
    (folder / "good.txt").write_text(texts[first], encoding="utf-8")
    gbk_name = os.path.join(os.fsencode(folder), "报告".encode("gbk") + b".txt")  # not UTF-8
    with open(gbk_name, "wb") as handle:
        handle.write(texts[first].encode("utf-8"))
    os.mkfifo(folder / "pipe.txt")
    os.symlink("loop.txt", folder / "loop.txt")
    os.symlink("/dev/null", folder / "device.txt")
    lone_fifo = tmp_path / "lone.txt"
    os.mkfifo(lone_fifo)
    out = tmp_path / "out.jsonl"
    done = _gik(repo_root, "extract", str(folder), str(lone_fifo), "-o", str(out), "--model", str(model_dir),
                "--no-progress", timeout=120)
    assert done.returncode == 1, done.stderr
    records = _lines(out)
    assert sorted(Path(r["source"]).name for r in records) == [r"\xb1\xa8\xb8\xe6.txt", "good.txt"]
    errors = {Path(e["file"]).name: (e["kind"], e["message"]) for e in _lines(tmp_path / "out.jsonl.errors.jsonl")}
    assert set(errors) == {"pipe.txt", "loop.txt", "device.txt", "lone.txt"}
    assert errors["pipe.txt"][0] == errors["lone.txt"][0] == errors["loop.txt"][0] == "not_a_file"
    assert "FIFO" in errors["pipe.txt"][1] and "FIFO" in errors["lone.txt"][1]
    assert "symlink loop" in errors["loop.txt"][1]
    assert "character device" in errors["device.txt"][1]
    assert "6 inputs: 2 succeeded, 4 failed, 0 skipped" in done.stderr.decode()


def _group_members(pgid: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rfind(")") + 2:].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                members.append(int(entry.name))
    return members


def _inputs(folder: Path, texts: dict[str, str]) -> None:
    """Seed reports, three of them under a second name with the same text."""
    folder.mkdir()
    for i, doc_id in enumerate(sorted(texts)):
        (folder / f"r{i}.txt").write_text(texts[doc_id], encoding="utf-8")
        if i < 3:
            (folder / f"r{i}-copy.txt").write_text(texts[doc_id], encoding="utf-8")


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory, repo_root, model_dir, texts) -> tuple[Path, bytes]:
    """(input folder, the output of an uninterrupted single-process run over it)."""
    root = tmp_path_factory.mktemp("batch")
    folder = root / "in"
    _inputs(folder, texts)
    out = root / "full.jsonl"
    done = _gik(repo_root, "extract", str(folder), "-o", str(out), "--model", str(model_dir), "--no-progress")
    assert done.returncode == 0, done.stderr
    return folder, out.read_bytes()


def test_extract_kill9_then_resume_gives_the_uninterrupted_records(tmp_path, repo_root, model_dir,
                                                                   uninterrupted) -> None:
    folder, full = uninterrupted
    common = ["--model", str(model_dir), "--no-progress", "--workers", "2"]
    want = sorted(full.splitlines())
    assert len(want) == 8

    env = dict(os.environ, PYTHONPATH=str(repo_root))
    rng = random.Random(13)
    for attempt in range(2):
        out = tmp_path / f"killed{attempt}.jsonl"
        process = subprocess.Popen([sys.executable, "-m", "gik_nlp.cli", "extract", str(folder), "-o", str(out),
                                    *common], env=env, cwd=repo_root, start_new_session=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Kill once the workers are up and some records may be half written.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(_group_members(process.pid)) < 3:
            time.sleep(0.05)
        time.sleep(rng.uniform(0.2, 2.5))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and _group_members(process.pid):
            time.sleep(0.1)
        assert _group_members(process.pid) == [], "worker processes outlived their parent"
        resumed = _gik(repo_root, "extract", str(folder), "-o", str(out), *common, "--resume")
        assert resumed.returncode == 0, resumed.stderr
        assert sorted(out.read_bytes().splitlines()) == want


@pytest.mark.parametrize("cut", ["inside_a_character", "before_the_last_newline", "after_the_first_byte"])
def test_extract_resume_repairs_the_torn_end(tmp_path, repo_root, model_dir, uninterrupted, cut) -> None:
    folder, full = uninterrupted
    common = ["--model", str(model_dir), "--no-progress"]
    out = tmp_path / "out.jsonl"
    last_start = full[:-1].rfind(b"\n") + 1
    if cut == "inside_a_character":
        at = next(i for i in range(last_start, len(full)) if full[i] >= 0xE0) + 1  # 1 byte of a 3-byte hanzi
    elif cut == "before_the_last_newline":
        at = len(full) - 1
    else:
        at = last_start + 1
    out.write_bytes(full[:at])
    resumed = _gik(repo_root, "extract", str(folder), "-o", str(out), *common, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert out.read_bytes() == full
    summary = resumed.stderr.decode()
    if cut == "before_the_last_newline":
        assert "0 succeeded, 0 failed, 8 skipped" in summary  # the whole last record was kept
    else:
        assert "1 succeeded, 0 failed, 7 skipped" in summary


def test_extract_over_max_size_is_a_named_error(tmp_path, model_dir, texts) -> None:
    from gik_nlp.cli import main

    first = sorted(texts)[0]
    small = tmp_path / "small.txt"
    small.write_text("某县人民政府2017年政府信息公开工作年度报告\n主动公开政府信息12条。\n", encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text(texts[first] * 3, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(small), str(big), "-o", str(out), "--model", str(model_dir), "--no-progress",
                 "--max-size", "0.01"]) == 1
    assert [Path(r["source"]).name for r in _lines(out)] == ["small.txt"]
    [error] = _lines(tmp_path / "out.jsonl.errors.jsonl")
    assert (Path(error["file"]).name, error["kind"]) == ("big.txt", "too_large")
    assert "10485 bytes" in error["message"]


def test_extract_reader_warning_leads_the_record_warnings(tmp_path, model_dir) -> None:
    from gik_nlp.cli import main

    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 3000 + "<p>某县人民政府2017年政府信息公开工作年度报告</p>"
                    "<p>主动公开政府信息12条。</p></body></html>", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(page), "-o", str(out), "--model", str(model_dir), "--no-progress"]) == 0
    [record] = _lines(out)
    assert record["warnings"][0]["kind"] == "reader" and "plain text" in record["warnings"][0]["message"]


def test_extract_two_parquet_batches_read_as_one_table(tmp_path, model_dir, texts) -> None:
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    from gik_nlp.cli import main

    ids = sorted(texts)
    outputs = []
    for n, batch in enumerate((ids[:2], ids[2:4])):
        folder = tmp_path / f"in{n}"
        folder.mkdir()
        for doc_id in batch:
            (folder / f"{doc_id}.txt").write_text(texts[doc_id], encoding="utf-8")
        out = tmp_path / f"batch{n}.parquet"
        assert main(["extract", str(folder), "-o", str(out), "--model", str(model_dir), "--no-progress"]) == 0
        outputs.append(out)
    assert pq.read_schema(outputs[0]) == pq.read_schema(outputs[1])
    table = ds.dataset([str(p) for p in outputs], format="parquet").to_table()
    assert sorted(Path(s).stem for s in table.column("source").to_pylist()) == ids[:4]


def _image_only_pdf() -> bytes:
    import io

    from PIL import Image, ImageDraw

    page = Image.new("L", (600, 800), 255)
    ImageDraw.Draw(page).rectangle((50, 50, 300, 120), fill=0)  # a scan: pixels, no text layer
    buffer = io.BytesIO()
    page.save(buffer, format="PDF")
    return buffer.getvalue()


def _encrypted_pdf() -> bytes:
    import io

    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    drawing.drawString(72, 700, "2023 report")
    drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def test_extract_batch_lists_every_unread_file_with_its_reason(tmp_path, repo_root, model_dir, texts) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(texts[sorted(texts)[0]], encoding="utf-8")
    (folder / "table.xls").write_bytes(b"\xd0\xcf\x11\xe0 an old workbook")
    (folder / "NOTES").write_text("no extension", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.pdf").write_bytes(_image_only_pdf())
    (folder / "locked.pdf").write_bytes(_encrypted_pdf())
    out = tmp_path / "out.jsonl"
    done = _gik(repo_root, "extract", str(folder), "-o", str(out), "--model", str(model_dir), "--no-progress",
                "--ocr", "never")
    assert done.returncode == 1, done.stderr.decode()
    assert [Path(r["source"]).name for r in _lines(out)] == ["good.txt"]
    errors = {Path(e["file"]).name: (e["kind"], e["message"]) for e in _lines(tmp_path / "out.jsonl.errors.jsonl")}
    assert sorted(errors) == ["NOTES", "empty.txt", "locked.pdf", "scan.pdf", "table.xls"]
    assert errors["locked.pdf"][0] == "corrupt" and "the PDF is encrypted" in errors["locked.pdf"][1]
    assert errors["table.xls"][0] == "unsupported" and "save the workbook as .xlsx" in errors["table.xls"][1]
    assert errors["NOTES"][0] == "unsupported" and "a name without an extension" in errors["NOTES"][1]
    assert errors["empty.txt"][0] == "empty"
    assert errors["scan.pdf"] == ("no_text_layer", f"{folder / 'scan.pdf'}: the PDF has no text layer "
                                                   "(a scanned document?) (--ocr never)")
    assert "6 inputs: 1 succeeded, 5 failed, 0 skipped" in done.stderr.decode()


def test_extract_help_lists_the_readable_types(repo_root) -> None:
    done = _gik(repo_root, "extract", "--help")
    text = " ".join(done.stdout.decode().split())
    for extension in (".txt", ".md", ".html", ".docx", ".pdf", ".doc", ".xlsx", ".png", ".tif"):
        assert extension in text
    assert "--ocr {auto,always,never}" in text
